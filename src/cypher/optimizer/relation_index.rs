//! Rule: a chain whose start node is neither bound nor sought starts from
//! the edges of the relation next to it (the graph keeps each relation's
//! edges), when those are fewer than the nodes it would scan.

use crate::cypher::optimizer::start_estimate;
use crate::cypher::plan::{PatternPlan, RelType};
use crate::graph::KnowledgeGraph;

pub fn apply(pattern: &mut PatternPlan, graph: &KnowledgeGraph) {
    for c in 0..pattern.chains.len() {
        let chain = &pattern.chains[c];
        if chain.shortest.is_some() {
            continue;
        }
        let anchor = chain.anchor;
        let scan = start_estimate(pattern, c, anchor, graph);
        if scan <= 1 {
            continue;
        }
        // The relationships on either side of the anchor.
        let sides = [
            anchor.checked_sub(1),
            (anchor < chain.rels.len()).then_some(anchor),
        ];
        let mut best: Option<(usize, usize)> = None;
        for r in sides.into_iter().flatten() {
            let rel = &chain.rels[r];
            if rel.types.is_empty() || rel.length.is_some_and(|(min, _)| min == 0) {
                continue;
            }
            let mut edges = 0;
            let mut indexed = true;
            for ty in &rel.types {
                match ty {
                    RelType::Relation { id, .. } => edges += graph.edges_with_relation(*id).len(),
                    RelType::Membership => indexed = false,
                }
            }
            if indexed && edges < scan && best.is_none_or(|(e, _)| edges < e) {
                best = Some((edges, r));
            }
        }
        pattern.chains[c].by_relation = best.map(|(_, r)| r);
    }
}

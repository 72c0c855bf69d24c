//! Rule: each chain starts from its most selective node: one already
//! bound, then one sought by id, name or value, then the one whose label
//! has the fewest nodes; ties go to the leftmost.

use crate::cypher::optimizer::start_estimate;
use crate::cypher::plan::PatternPlan;
use crate::graph::KnowledgeGraph;

pub fn apply(pattern: &mut PatternPlan, graph: &KnowledgeGraph) {
    for c in 0..pattern.chains.len() {
        if pattern.chains[c].shortest.is_some() {
            continue;
        }
        let best = (0..pattern.chains[c].nodes.len())
            .min_by_key(|i| (start_estimate(pattern, c, *i, graph), *i))
            .unwrap_or(0);
        pattern.chains[c].anchor = best;
    }
}

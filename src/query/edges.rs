//! Edge patterns: every relation edge with a given source, relation and
//! target, any of them left open.

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};

/// Which edges to find; `None` matches anything.
#[derive(Debug, Clone, Default)]
pub struct EdgePattern {
    pub source: Option<NodeRef>,
    /// Any of these relations.
    pub relations: Option<Vec<RelationId>>,
    pub target: Option<NodeRef>,
}

impl EdgePattern {
    fn matches(&self, source: NodeRef, relation: RelationId, target: NodeRef) -> bool {
        self.source.is_none_or(|s| s == source)
            && self.target.is_none_or(|t| t == target)
            && self
                .relations
                .as_ref()
                .is_none_or(|rs| rs.contains(&relation))
    }
}

/// Every relation edge matching `pattern`, in the order written. Starts from
/// the most selective index: a node's own edges, else the relation's.
pub fn matching_edges(graph: &KnowledgeGraph, pattern: &EdgePattern) -> Vec<EdgeRef> {
    let keep = |e: &crate::graph::Edge<'_>| match e.kind {
        EdgeKind::Relation(r) => pattern.matches(e.source, r, e.target),
        EdgeKind::Membership => false,
    };
    let mut found: Vec<EdgeRef> = if let Some(source) = pattern.source {
        graph
            .edges_at(source, true)
            .filter(keep)
            .map(|e| e.id)
            .collect()
    } else if let Some(target) = pattern.target {
        graph
            .edges_at(target, false)
            .filter(keep)
            .map(|e| e.id)
            .collect()
    } else if let Some(relations) = &pattern.relations {
        relations
            .iter()
            .flat_map(|r| graph.edges_with_relation(*r).iter().copied())
            .collect()
    } else {
        graph.edges().filter(keep).map(|e| e.id).collect()
    };
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Source, from_sources};

    #[test]
    fn what_integrates_with_synapse() {
        let bytes = std::fs::read("data/azure-services-map.md").unwrap();
        let s = from_sources(
            &[Source {
                path: "seed.md".into(),
                bytes,
            }],
            vec![],
        );
        let g = &s.graph;
        let synapse = g.by_name("Azure Synapse Analytics").unwrap();
        let integrates = g.relation_by_label("integrates with").unwrap();
        let pattern = EdgePattern {
            relations: Some(vec![integrates]),
            target: Some(synapse),
            ..Default::default()
        };
        let sources: Vec<_> = matching_edges(g, &pattern)
            .into_iter()
            .map(|e| g.node(g.edge(e).source).name.as_str())
            .collect();
        assert_eq!(sources, ["Data Lake Storage"]);
        let all = matching_edges(g, &EdgePattern::default());
        assert_eq!(all.len(), 49);
        let by_relation = matching_edges(
            g,
            &EdgePattern {
                relations: Some(vec![integrates]),
                ..Default::default()
            },
        );
        assert_eq!(by_relation.len(), 3);
    }
}

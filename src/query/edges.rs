//! Edge patterns: every relation edge with a given source, relation and
//! target, any of them left open. Inverse wordings swap the ends, symmetric
//! relations match both ways; edges keep their stored direction.

use crate::graph::{Edge, EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};

/// A relation as asked for: `used by` is `uses` asked from the other end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationTerm {
    pub relation: RelationId,
    /// The inverse wording was used: the pattern's source is the edge's target.
    pub inverse: bool,
}

/// Which edges to find; `None` matches anything.
#[derive(Debug, Clone, Default)]
pub struct EdgePattern {
    pub source: Option<NodeRef>,
    /// Any of these relations.
    pub relations: Option<Vec<RelationTerm>>,
    pub target: Option<NodeRef>,
}

impl EdgePattern {
    fn ends_match(&self, source: NodeRef, target: NodeRef) -> bool {
        self.source.is_none_or(|s| s == source) && self.target.is_none_or(|t| t == target)
    }

    fn matches(&self, graph: &KnowledgeGraph, edge: &Edge<'_>) -> bool {
        let EdgeKind::Relation(relation) = edge.kind else {
            return false;
        };
        let forward = self.ends_match(edge.source, edge.target);
        let backward = self.ends_match(edge.target, edge.source);
        let symmetric = graph.is_symmetric(relation);
        match &self.relations {
            None => forward || (symmetric && backward),
            Some(terms) => terms.iter().filter(|t| t.relation == relation).any(|t| {
                if symmetric {
                    forward || backward
                } else if t.inverse {
                    backward
                } else {
                    forward
                }
            }),
        }
    }
}

/// Every relation edge matching `pattern`, in the order written. Starts from
/// the most selective index: a node's own edges, else the relation's.
pub fn matching_edges(graph: &KnowledgeGraph, pattern: &EdgePattern) -> Vec<EdgeRef> {
    let keep = |e: &Edge<'_>| pattern.matches(graph, e);
    let at = |node: NodeRef| {
        graph
            .edges_at(node, true)
            .chain(graph.edges_at(node, false))
    };
    let mut found: Vec<EdgeRef> = if let Some(node) = pattern.source.or(pattern.target) {
        at(node).filter(keep).map(|e| e.id).collect()
    } else if let Some(terms) = &pattern.relations {
        terms
            .iter()
            .flat_map(|t| graph.edges_with_relation(t.relation).iter().copied())
            .filter(|e| keep(&graph.edge(*e)))
            .collect()
    } else {
        graph.edges().filter(keep).map(|e| e.id).collect()
    };
    found.sort();
    found.dedup();
    found
}

/// The relation ids a list of terms walks, for traversals that ignore
/// direction wording (neighbourhoods, paths).
pub fn relation_ids(terms: &[RelationTerm]) -> Vec<RelationId> {
    terms.iter().map(|t| t.relation).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Source, from_sources};

    fn seed() -> crate::snapshot::Snapshot {
        let bytes = std::fs::read("data/azure-services-map.md").unwrap();
        from_sources(&[Source::new("seed.md", bytes)], vec![])
    }

    fn term(g: &KnowledgeGraph, text: &str) -> RelationTerm {
        let (relation, inverse) = g.relation_term(text).unwrap();
        RelationTerm { relation, inverse }
    }

    fn triples(g: &KnowledgeGraph, edges: &[EdgeRef]) -> Vec<(String, String)> {
        edges
            .iter()
            .map(|e| g.edge(*e))
            .map(|e| (g.node(e.source).name.clone(), g.node(e.target).name.clone()))
            .collect()
    }

    #[test]
    fn what_integrates_with_synapse() {
        let s = seed();
        let g = &s.graph;
        let synapse = g.by_name("Azure Synapse Analytics").unwrap();
        let pattern = EdgePattern {
            relations: Some(vec![term(g, "integrates with")]),
            target: Some(synapse),
            ..Default::default()
        };
        assert_eq!(
            triples(g, &matching_edges(g, &pattern)),
            [("Data Lake Storage".into(), "Azure Synapse Analytics".into())]
        );
        assert_eq!(matching_edges(g, &EdgePattern::default()).len(), 49);
    }

    #[test]
    fn inverse_wordings_swap_the_ends() {
        let s = seed();
        let g = &s.graph;
        let blob = g.by_name("Blob Storage").unwrap();
        let passive = EdgePattern {
            source: Some(blob),
            relations: Some(vec![term(g, "used by")]),
            target: None,
        };
        let active = EdgePattern {
            source: None,
            relations: Some(vec![term(g, "uses")]),
            target: Some(blob),
        };
        assert_eq!(matching_edges(g, &passive), matching_edges(g, &active));
        assert_eq!(
            triples(g, &matching_edges(g, &passive)),
            [("Data Lake Storage Gen2".into(), "Blob Storage".into())]
        );
    }

    #[test]
    fn symmetric_relations_match_both_ways_and_keep_their_direction() {
        let s = seed();
        let g = &s.graph;
        let synapse = g.by_name("Azure Synapse Analytics").unwrap();
        let pattern = EdgePattern {
            source: Some(synapse),
            relations: Some(vec![term(g, "integrates with")]),
            target: None,
        };
        assert_eq!(
            triples(g, &matching_edges(g, &pattern)),
            [("Data Lake Storage".into(), "Azure Synapse Analytics".into())]
        );
    }
}

//! Centrality and connectivity over the relation edges, computed with
//! rustworkx-core's algorithms on an undirected view of the graph.

use petgraph::graph::UnGraph;

use super::{EdgeKind, KnowledgeGraph, NodeRef};

/// Betweenness is O(nodes x edges): past this many nodes it is refused.
pub const BETWEENNESS_MAX_NODES: usize = 20_000;

impl KnowledgeGraph {
    /// The relation edges as an undirected graph with the same node indices.
    fn relation_view(&self) -> UnGraph<(), ()> {
        let mut view = UnGraph::with_capacity(self.node_count(), self.relation_edge_count());
        for _ in 0..self.node_count() {
            view.add_node(());
        }
        for edge in self
            .edges()
            .filter(|e| matches!(e.kind, EdgeKind::Relation(_)))
        {
            view.add_edge(edge.source.0, edge.target.0, ());
        }
        view
    }

    /// Relation edges at each node: `(in, out)`, indexed by [`NodeRef::index`].
    pub fn degrees(&self) -> Vec<(usize, usize)> {
        let mut degrees = vec![(0, 0); self.node_count()];
        for edge in self
            .edges()
            .filter(|e| matches!(e.kind, EdgeKind::Relation(_)))
        {
            degrees[edge.target.index()].0 += 1;
            degrees[edge.source.index()].1 += 1;
        }
        degrees
    }

    /// Normalised betweenness centrality of every node over undirected
    /// relation edges, indexed by [`NodeRef::index`]; `None` past
    /// [`BETWEENNESS_MAX_NODES`].
    pub fn betweenness(&self) -> Option<Vec<f64>> {
        if self.node_count() > BETWEENNESS_MAX_NODES {
            return None;
        }
        let view = self.relation_view();
        let scores = rustworkx_core::centrality::betweenness_centrality(&view, false, true, 1_000);
        Some(scores.into_iter().map(|s| s.unwrap_or(0.0)).collect())
    }

    /// Connected components over undirected relation edges, largest first,
    /// each in node order.
    pub fn components(&self) -> Vec<Vec<NodeRef>> {
        let view = self.relation_view();
        let mut components: Vec<Vec<NodeRef>> =
            rustworkx_core::connectivity::connected_components(&view)
                .into_iter()
                .map(|set| {
                    let mut nodes: Vec<NodeRef> = set.into_iter().map(NodeRef).collect();
                    nodes.sort();
                    nodes
                })
                .collect();
        components.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        components
    }
}

#[cfg(test)]
mod tests {
    use crate::snapshot::{Source, from_sources};

    #[test]
    fn a_chain_has_its_middle_most_central() {
        let text =
            "```mermaid\nmindmap\n R\n  A\n   :: uses\n   B\n  B\n   :: uses\n   C\n  D\n```";
        let s = from_sources(&[Source::new("c.md", text)], vec![]);
        let g = &s.graph;
        let b = g.by_name("B").unwrap().index();
        let scores = g.betweenness().unwrap();
        assert!(scores[b] > 0.0);
        assert_eq!(scores.iter().filter(|s| **s > 0.0).count(), 1);
        assert_eq!(g.degrees()[b], (1, 1));
        let sizes: Vec<usize> = g.components().iter().map(Vec::len).collect();
        assert_eq!(
            sizes,
            [3, 1, 1],
            "A-B-C, then R and D on their own (memberships are not relations)"
        );
    }
}

//! Centrality and connectivity over the relation edges, on an undirected
//! view of the graph. Betweenness is Brandes' algorithm written here under
//! a [`Budget`] (one unit per node or edge examined), so that it stops when
//! its graph version is replaced or the server shuts down; components are
//! rustworkx-core's, linear in the graph.

use std::collections::VecDeque;

use petgraph::graph::UnGraph;

use super::{EdgeKind, KnowledgeGraph, NodeRef};
use crate::work::{Budget, Exhausted};

/// Betweenness costs about nodes x (nodes + 2 x edges) units of work: past
/// this many it is refused up front (about 20,000 nodes and 70,000 edges).
pub const BETWEENNESS_MAX_WORK: usize = 4_000_000_000;

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

    /// What [`Self::betweenness`] will cost, in units of work.
    pub fn betweenness_work(&self) -> usize {
        let n = self.node_count();
        n.saturating_mul(n.saturating_add(2 * self.relation_edge_count()))
    }

    /// Normalised betweenness centrality of every node over undirected
    /// relation edges (endpoints excluded), indexed by [`NodeRef::index`].
    ///
    /// # Complexity
    /// O(nodes x edges) time, O(nodes + edges) memory; one unit of
    /// `budget` per node and edge examined, checked once per source.
    pub fn betweenness(&self, budget: &mut Budget) -> Result<Vec<f64>, Exhausted> {
        let n = self.node_count();
        let mut adjacency = vec![Vec::new(); n];
        for edge in self
            .edges()
            .filter(|e| matches!(e.kind, EdgeKind::Relation(_)))
        {
            adjacency[edge.source.index()].push(edge.target.index() as u32);
            adjacency[edge.target.index()].push(edge.source.index() as u32);
        }
        let per_source = n + adjacency.iter().map(Vec::len).sum::<usize>();
        let mut scores = vec![0.0; n];
        let mut sigma = vec![0.0f64; n];
        let mut distance = vec![u32::MAX; n];
        let mut delta = vec![0.0f64; n];
        let mut predecessors: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut order = Vec::with_capacity(n);
        let mut queue = VecDeque::new();
        for source in 0..n {
            budget.spend(per_source)?;
            for v in order.drain(..) {
                let v: usize = v;
                sigma[v] = 0.0;
                distance[v] = u32::MAX;
                delta[v] = 0.0;
                predecessors[v].clear();
            }
            sigma[source] = 1.0;
            distance[source] = 0;
            queue.push_back(source);
            while let Some(v) = queue.pop_front() {
                order.push(v);
                for &w in &adjacency[v] {
                    let w = w as usize;
                    if distance[w] == u32::MAX {
                        distance[w] = distance[v] + 1;
                        queue.push_back(w);
                    }
                    if distance[w] == distance[v] + 1 {
                        sigma[w] += sigma[v];
                        predecessors[w].push(v as u32);
                    }
                }
            }
            for &w in order.iter().rev() {
                for &v in &predecessors[w] {
                    let v = v as usize;
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
                if w != source {
                    scores[w] += delta[w];
                }
            }
        }
        // Each pair was counted from both ends; normalising by the pairs
        // that do not include the node, (n - 1)(n - 2) / 2, cancels that.
        if n > 2 {
            let scale = 1.0 / ((n - 1) * (n - 2)) as f64;
            scores.iter_mut().for_each(|s| *s *= scale);
        } else {
            scores.iter_mut().for_each(|s| *s *= 0.5);
        }
        Ok(scores)
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
        let scores = g
            .betweenness(&mut crate::work::Budget::new(usize::MAX))
            .unwrap();
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

    #[test]
    fn betweenness_agrees_with_rustworkx_and_stops_when_cancelled() {
        let text = "```mermaid\nmindmap\n R\n  A\n   :: uses\n   B\n   :: uses\n   C\n  B\n   :: uses\n   D\n  C\n   :: uses\n   D\n  D\n   :: uses\n   E\n```";
        let s = from_sources(&[Source::new("c.md", text)], vec![]);
        let g = &s.graph;
        let ours = g
            .betweenness(&mut crate::work::Budget::new(usize::MAX))
            .unwrap();
        let theirs = rustworkx_core::centrality::betweenness_centrality(
            &g.relation_view(),
            false,
            true,
            1_000,
        );
        for (a, b) in ours.iter().zip(theirs) {
            assert!((a - b.unwrap_or(0.0)).abs() < 1e-9, "{ours:?}");
        }
        let cancel = crate::work::Cancel::new();
        cancel.cancel();
        let mut budget = crate::work::Budget::with_cancel(usize::MAX, cancel);
        assert_eq!(
            g.betweenness(&mut budget),
            Err(crate::work::Exhausted::Cancelled)
        );
        let mut small = crate::work::Budget::new(3);
        assert!(matches!(
            g.betweenness(&mut small),
            Err(crate::work::Exhausted::Spent { .. })
        ));
        assert!(g.betweenness_work() > 0);
    }
}

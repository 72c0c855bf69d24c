//! Analytics of one graph version, computed once in the background after
//! it is loaded and kept with it: a request never waits for them. A small
//! graph's are computed at the first request instead, when that costs less
//! than a thread hop.

use std::sync::OnceLock;

use crate::graph::{BETWEENNESS_MAX_WORK, KnowledgeGraph, NodeRef};
use crate::work::{Budget, Cancel};

/// Work (nodes and edges examined) below which a request may compute an
/// analytic itself rather than answer "being computed".
pub const INLINE_WORK: usize = 2_000_000;

/// Relation degrees, most connected first (then by name).
#[derive(Debug)]
pub struct Degrees {
    /// `(in, out)` by [`NodeRef::index`].
    pub by_node: Vec<(usize, usize)>,
    pub ranked: Vec<NodeRef>,
}

/// Betweenness scores, most central first (then by name).
#[derive(Debug)]
pub struct Centrality {
    /// By [`NodeRef::index`].
    pub scores: Vec<f64>,
    pub ranked: Vec<NodeRef>,
}

/// Why an analytic is not available.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// It is still being computed: ask again shortly.
    Computing,
    /// Its estimated work is past the bound; it is never computed.
    TooMuchWork { estimate: usize, limit: usize },
}

/// The analytics of one snapshot, each computed at most once.
#[derive(Debug, Default)]
pub struct Analytics {
    degrees: OnceLock<Degrees>,
    components: OnceLock<Vec<Vec<NodeRef>>>,
    centrality: OnceLock<Centrality>,
}

impl Analytics {
    /// Computes everything not computed yet, stopping early when `cancel`
    /// is set (the version was replaced, or the server is stopping).
    pub fn compute(&self, graph: &KnowledgeGraph, cancel: &Cancel) {
        self.degrees.get_or_init(|| degrees(graph));
        if cancel.is_cancelled() {
            return;
        }
        self.components.get_or_init(|| graph.components());
        if cancel.is_cancelled() || graph.betweenness_work() > BETWEENNESS_MAX_WORK {
            return;
        }
        let mut budget = Budget::with_cancel(BETWEENNESS_MAX_WORK, cancel.clone());
        if let Ok(scores) = graph.betweenness(&mut budget) {
            let _ = self.centrality.set(centrality(graph, scores));
        }
    }

    pub fn degrees(&self, graph: &KnowledgeGraph) -> Result<&Degrees, Pending> {
        ready_or_inline(&self.degrees, linear_work(graph), || degrees(graph))
    }

    pub fn components(&self, graph: &KnowledgeGraph) -> Result<&[Vec<NodeRef>], Pending> {
        ready_or_inline(&self.components, linear_work(graph), || graph.components())
            .map(Vec::as_slice)
    }

    pub fn centrality(&self, graph: &KnowledgeGraph) -> Result<&Centrality, Pending> {
        let estimate = graph.betweenness_work();
        if estimate > BETWEENNESS_MAX_WORK {
            return Err(Pending::TooMuchWork {
                estimate,
                limit: BETWEENNESS_MAX_WORK,
            });
        }
        ready_or_inline(&self.centrality, estimate, || {
            let scores = graph
                .betweenness(&mut Budget::with_cancel(usize::MAX, Cancel::new()))
                .expect("an unlimited, uncancelled budget");
            centrality(graph, scores)
        })
    }
}

fn linear_work(graph: &KnowledgeGraph) -> usize {
    graph.node_count() + graph.relation_edge_count()
}

fn ready_or_inline<T>(
    cell: &OnceLock<T>,
    work: usize,
    compute: impl FnOnce() -> T,
) -> Result<&T, Pending> {
    match cell.get() {
        Some(value) => Ok(value),
        None if work <= INLINE_WORK => Ok(cell.get_or_init(compute)),
        None => Err(Pending::Computing),
    }
}

fn degrees(graph: &KnowledgeGraph) -> Degrees {
    let by_node = graph.degrees();
    let total = |n: &NodeRef| by_node[n.index()].0 + by_node[n.index()].1;
    let mut ranked: Vec<NodeRef> = graph.nodes().map(|(n, _)| n).collect();
    ranked.sort_by(|a, b| {
        total(b)
            .cmp(&total(a))
            .then_with(|| graph.node(*a).name.cmp(&graph.node(*b).name))
    });
    Degrees { by_node, ranked }
}

fn centrality(graph: &KnowledgeGraph, scores: Vec<f64>) -> Centrality {
    let mut ranked: Vec<NodeRef> = graph.nodes().map(|(n, _)| n).collect();
    ranked.sort_by(|a, b| {
        scores[b.index()]
            .total_cmp(&scores[a.index()])
            .then_with(|| graph.node(*a).name.cmp(&graph.node(*b).name))
    });
    Centrality { scores, ranked }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Source, from_sources};

    #[test]
    fn computed_once_and_stopped_by_cancel() {
        let text = "```mermaid\nmindmap\n R\n  A\n   :: uses\n   B\n  B\n   :: uses\n   C\n```";
        let s = from_sources(&[Source::new("c.md", text)], vec![]);
        let cancelled = Cancel::new();
        cancelled.cancel();
        let analytics = Analytics::default();
        analytics.compute(&s.graph, &cancelled);
        assert!(
            analytics.centrality.get().is_none(),
            "stopped before betweenness"
        );
        analytics.compute(&s.graph, &Cancel::new());
        let b = s.graph.by_name("B").unwrap();
        assert_eq!(analytics.centrality(&s.graph).unwrap().ranked[0], b);
        assert_eq!(analytics.degrees(&s.graph).unwrap().ranked[0], b);
        assert_eq!(analytics.components(&s.graph).unwrap()[0].len(), 3);
    }
}

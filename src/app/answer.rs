//! What answering a reading gives: typed values over one snapshot's graph,
//! every fact an edge that carries its provenance.

use crate::graph::{EdgeRef, NodeRef};
use crate::query::path::Path;

pub use crate::nlq::Reading;

/// What answering a reading gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The edges matching a relation reading, and the nodes asked for
    /// (the ends the question did not name), each once, in order.
    Edges {
        edges: Vec<EdgeRef>,
        nodes: Vec<NodeRef>,
        /// The relation asked for was not found at the node: these are the
        /// relations it has at that end instead.
        fallback: bool,
    },
    /// A yes or no, and the edges that show it.
    Verdict { holds: bool, evidence: Vec<EdgeRef> },
    /// A node and every edge at it, memberships included.
    Node { node: NodeRef, edges: Vec<EdgeRef> },
    /// A category and its services.
    Members {
        category: NodeRef,
        services: Vec<NodeRef>,
        edges: Vec<EdgeRef>,
    },
    /// A listing of nodes.
    Nodes(Vec<NodeRef>),
    /// How many; with the answer counted, when it was a listing.
    Count {
        count: usize,
        counted: Option<Box<Answer>>,
    },
    /// Nodes with their counts, at the top first (ties included).
    Ranking(Vec<(NodeRef, usize)>),
    /// Paths, shortest first, never empty; `via_categories` when no path
    /// of relations exists and these go through category memberships.
    Paths {
        paths: Vec<Path>,
        via_categories: bool,
    },
    /// Nodes reached along dependencies, each with the edge that reached it.
    Reached {
        nodes: Vec<NodeRef>,
        edges: Vec<EdgeRef>,
    },
    /// Names with counts: relations and their edges, kinds and their nodes.
    Tally(Vec<(String, usize)>),
}

impl Answer {
    /// The edges that back the answer's facts, in order, each once.
    pub fn edges(&self) -> Vec<EdgeRef> {
        let mut out: Vec<EdgeRef> = match self {
            Answer::Edges { edges, .. }
            | Answer::Node { edges, .. }
            | Answer::Members { edges, .. }
            | Answer::Reached { edges, .. } => edges.clone(),
            Answer::Verdict { evidence, .. } => evidence.clone(),
            Answer::Count { counted, .. } => {
                counted.as_ref().map(|a| a.edges()).unwrap_or_default()
            }
            Answer::Paths { paths, .. } => paths.iter().flat_map(|p| p.edges.clone()).collect(),
            Answer::Nodes(_) | Answer::Ranking(_) | Answer::Tally(_) => Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        out.retain(|e| seen.insert(*e));
        out
    }
}

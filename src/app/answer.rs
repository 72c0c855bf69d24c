//! What a question reads as, once its names are resolved, and what
//! answering it gives: typed values over one snapshot's graph.

use crate::graph::{EdgeRef, NodeRef};
use crate::query::neighbors::Subgraph;
use crate::query::path::Path;

/// A question with its names resolved to nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// Who has `relation` (as typed, active or inverse) to `target`.
    Incoming { relation: String, target: NodeRef },
    /// What `source` has `relation` to.
    Outgoing { source: NodeRef, relation: String },
    /// The services of a category.
    Members { category: NodeRef },
    /// The categories of a node.
    Category { node: NodeRef },
    /// How two nodes are connected.
    Path { from: NodeRef, to: NodeRef },
    /// Every node one relation away.
    Related { node: NodeRef },
    /// Everything known about a node.
    Describe { node: NodeRef },
}

impl Reading {
    /// The intent's name, as answers report it.
    pub fn intent(&self) -> &'static str {
        match self {
            Reading::Incoming { .. } => "incoming",
            Reading::Outgoing { .. } => "outgoing",
            Reading::Members { .. } => "members",
            Reading::Category { .. } => "category",
            Reading::Path { .. } => "path",
            Reading::Related { .. } => "related",
            Reading::Describe { .. } => "describe",
        }
    }
}

/// What answering a reading gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Edges matching a pattern, in graph order.
    Edges(Vec<EdgeRef>),
    /// A category and its services.
    Members {
        category: NodeRef,
        services: Vec<NodeRef>,
    },
    /// A node, described in full (its categories, aliases and relations).
    Node(NodeRef),
    /// The nodes and edges around a start node (the first node).
    Neighbourhood(Subgraph),
    /// Paths, shortest first; never empty.
    Paths(Vec<Path>),
}

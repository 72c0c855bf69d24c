//! What tools answer with: owned, typed values with a JSON Schema each, in
//! the shapes the REST views use (`{id, name, kind}` nodes, edges with
//! `source`, `relation`, `target` and `provenance`), so that a client of
//! both reads one vocabulary. Every fact carries its document and line.

use schemars::JsonSchema;
use serde::Serialize;

use crate::graph::{EdgeRef, KnowledgeGraph, NodeRef, Provenance};

/// A node: `{"id", "name", "kind"}`; `kind` is category, service or concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct NodeView {
    /// The node's id (a slug, unique in the map): the surest way to name it.
    pub id: String,
    pub name: String,
    /// `category`, `service` or `concept`.
    pub kind: String,
}

impl NodeView {
    pub fn of(graph: &KnowledgeGraph, node: NodeRef) -> Self {
        let n = graph.node(node);
        Self {
            id: n.id.clone(),
            name: n.name.clone(),
            kind: n.kind.as_str().to_owned(),
        }
    }
}

/// Where a fact was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Source {
    /// The document's path, relative to its data folder.
    pub document: String,
    /// The 1-based line in that document.
    pub line: usize,
}

impl From<&Provenance> for Source {
    fn from(p: &Provenance) -> Self {
        Self {
            document: p.document.as_str().to_owned(),
            line: p.line,
        }
    }
}

/// An edge: `source -[relation]-> target`, as written at `provenance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EdgeView {
    pub source: NodeView,
    /// The relation as written, or `has service` for a category's member.
    pub relation: String,
    pub target: NodeView,
    pub provenance: Source,
}

impl EdgeView {
    pub fn of(graph: &KnowledgeGraph, edge: EdgeRef) -> Self {
        let e = graph.edge(edge);
        Self {
            source: NodeView::of(graph, e.source),
            relation: graph.edge_label(e.kind).to_owned(),
            target: NodeView::of(graph, e.target),
            provenance: e.provenance.into(),
        }
    }
}

/// One part of a bounded answer: the graph version it was answered from,
/// a head that is always whole, and as many items as fit the size budget.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Bounded<H, T> {
    /// The content version of the map this answer was read from; a cursor
    /// is only good for the version it was made in.
    pub version: String,
    #[serde(flatten)]
    pub head: H,
    /// How many items the whole answer has.
    pub total: usize,
    /// How many items this part holds (0 in summary-only mode).
    pub returned: usize,
    /// Position of this part's first item in the whole answer.
    pub offset: usize,
    pub items: Vec<T>,
    /// Pass it back as `cursor`, with the same arguments, for the next
    /// part; absent on the last part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// The size budget this part was cut to, in bytes of JSON.
    pub max_bytes: usize,
}

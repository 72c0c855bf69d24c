//! Response shapes, borrowed from the snapshot and serialised once.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::graph::{EdgeRef, KnowledgeGraph, NodeKind, NodeRef, Provenance};

/// `{"id","name","kind"}`.
#[derive(Debug, Serialize)]
pub struct NodeSummary<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: NodeKind,
}

pub fn summary(graph: &KnowledgeGraph, node: NodeRef) -> NodeSummary<'_> {
    let n = graph.node(node);
    NodeSummary {
        id: &n.id,
        name: &n.name,
        kind: n.kind,
    }
}

/// An edge with both ends and where it was written.
#[derive(Debug, Serialize)]
pub struct EdgeView<'a> {
    pub source: NodeSummary<'a>,
    pub relation: &'a str,
    pub target: NodeSummary<'a>,
    pub provenance: &'a Provenance,
}

pub fn edge_view(graph: &KnowledgeGraph, edge: EdgeRef) -> EdgeView<'_> {
    let e = graph.edge(edge);
    EdgeView {
        source: summary(graph, e.source),
        relation: graph.edge_label(e.kind),
        target: summary(graph, e.target),
        provenance: e.provenance,
    }
}

/// The one pagination shape.
#[derive(Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
}

impl<T> Page<T> {
    /// The `limit` items from `offset` of everything `all` yields.
    pub fn of(all: impl ExactSizeIterator<Item = T>, limit: usize, offset: usize) -> Self {
        let total = all.len();
        let items = all.skip(offset).take(limit).collect();
        Page {
            items,
            total,
            limit,
            offset,
        }
    }
}

/// A JSON body with status 200.
pub fn json<T: Serialize>(value: &T) -> Response {
    json_with_status(StatusCode::OK, value)
}

pub fn json_with_status<T: Serialize>(status: StatusCode, value: &T) -> Response {
    // Most answers fit in a kilobyte: one allocation instead of a string
    // of doublings.
    let mut body = Vec::with_capacity(1024);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => {
            let mut response = (status, body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        // Serialising plain data cannot fail; if it ever did, say little.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

//! The wire: every shape the API answers with, borrowed from the snapshot
//! and serialised once. Domain types are never serialised directly; each
//! has its view here (`From<&domain>`), so a change to the contract is a
//! change to this file.

use std::borrow::Cow;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::graph::{EdgeRef, KnowledgeGraph, NodeRef, Provenance};
use crate::live::{ReloadFailure, ReloadOutcome};
use crate::snapshot::DocumentInfo;

/// `{"id","name","kind"}`: the one node summary, in answers and problems
/// alike (problems own theirs, as they outlive the snapshot's borrow).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeSummary<'a> {
    pub id: Cow<'a, str>,
    pub name: Cow<'a, str>,
    /// `category`, `service` or `concept`.
    pub kind: &'static str,
}

impl NodeSummary<'_> {
    /// A summary that owns its text.
    pub fn owned(graph: &KnowledgeGraph, node: NodeRef) -> NodeSummary<'static> {
        let n = graph.node(node);
        NodeSummary {
            id: Cow::Owned(n.id.clone()),
            name: Cow::Owned(n.name.clone()),
            kind: n.kind.as_str(),
        }
    }
}

pub fn summary(graph: &KnowledgeGraph, node: NodeRef) -> NodeSummary<'_> {
    let n = graph.node(node);
    NodeSummary {
        id: Cow::Borrowed(&n.id),
        name: Cow::Borrowed(&n.name),
        kind: n.kind.as_str(),
    }
}

/// `{"document","line"}`: where a fact was written.
#[derive(Debug, Serialize)]
pub struct ProvenanceView<'a> {
    pub document: &'a str,
    pub line: usize,
}

impl<'a> From<&'a Provenance> for ProvenanceView<'a> {
    fn from(p: &'a Provenance) -> Self {
        Self {
            document: &p.document,
            line: p.line,
        }
    }
}

/// A diagnostic: `{"document","line","message"}`, `line` null for the
/// whole document.
#[derive(Debug, Serialize)]
pub struct DiagnosticView<'a> {
    pub document: &'a str,
    pub line: Option<usize>,
    pub message: &'a str,
}

impl<'a> From<&'a Diagnostic> for DiagnosticView<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        Self {
            document: &d.document,
            line: d.line,
            message: &d.message,
        }
    }
}

/// A check's finding: `{"document","line","message","rule","severity"}`.
#[derive(Debug, Serialize)]
pub struct FindingView<'a> {
    pub document: &'a str,
    pub line: Option<usize>,
    pub message: &'a str,
    pub rule: &'a str,
    pub severity: &'a str,
}

impl<'a> From<&'a crate::lint::Finding> for FindingView<'a> {
    fn from(f: &'a crate::lint::Finding) -> Self {
        Self {
            document: &f.document,
            line: f.line,
            message: &f.message,
            rule: f.rule.id,
            severity: f.severity.as_str(),
        }
    }
}

/// A document read: `{"path","title"?,"blocks"}`.
#[derive(Debug, Serialize)]
pub struct DocumentView<'a> {
    pub path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<&'a str>,
    pub blocks: usize,
}

impl<'a> From<&'a DocumentInfo> for DocumentView<'a> {
    fn from(d: &'a DocumentInfo) -> Self {
        Self {
            path: &d.path,
            title: d.title.as_deref(),
            blocks: d.blocks,
        }
    }
}

/// A reload's outcome: `{"outcome": "reloaded"|"unchanged", ...}`.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum ReloadView<'a> {
    Reloaded {
        version: &'a str,
        previous_version: Option<&'a str>,
    },
    Unchanged {
        version: &'a str,
    },
    Failed {
        reason: &'a str,
        version: Option<&'a str>,
    },
}

impl<'a> From<&'a ReloadOutcome> for ReloadView<'a> {
    fn from(outcome: &'a ReloadOutcome) -> Self {
        match outcome {
            ReloadOutcome::Reloaded {
                version,
                previous_version,
            } => ReloadView::Reloaded {
                version,
                previous_version: previous_version.as_deref(),
            },
            ReloadOutcome::Unchanged { version } => ReloadView::Unchanged { version },
            ReloadOutcome::Failed { reason, version } => ReloadView::Failed {
                reason,
                version: version.as_deref(),
            },
        }
    }
}

/// The last failed reload: `{"reason","at"}`.
#[derive(Debug, Serialize)]
pub struct FailureView<'a> {
    pub reason: &'a str,
    pub at: u64,
}

impl<'a> From<&'a ReloadFailure> for FailureView<'a> {
    fn from(f: &'a ReloadFailure) -> Self {
        Self {
            reason: &f.reason,
            at: f.at,
        }
    }
}

/// An edge with both ends and where it was written.
#[derive(Debug, Serialize)]
pub struct EdgeView<'a> {
    pub source: NodeSummary<'a>,
    pub relation: &'a str,
    pub target: NodeSummary<'a>,
    pub provenance: ProvenanceView<'a>,
}

pub fn edge_view(graph: &KnowledgeGraph, edge: EdgeRef) -> EdgeView<'_> {
    let e = graph.edge(edge);
    EdgeView {
        source: summary(graph, e.source),
        relation: graph.edge_label(e.kind),
        target: summary(graph, e.target),
        provenance: e.provenance.into(),
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

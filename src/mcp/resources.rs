//! Resources: the map summary, each document and each node, as JSON read
//! from one snapshot, each bounded by the default size budget.
//!
//! - `servicemap://map/summary`: what `map_summary` answers;
//! - `servicemap://document/{path}`: a document's title, blocks and
//!   diagnostics, and the facts written in it;
//! - `servicemap://node/{id}`: what `describe_node` answers.
//!
//! A resource's [`fingerprint`] is its content without the version, so a
//! reload that changes other parts of the map does not count as a change.

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use rmcp::model::{Resource, ResourceTemplate};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use super::budget::{Budget, Paging, Window};
use super::error::ToolError;
use super::inputs::{NodeInput, SummaryInput};
use super::views::EdgeView;
use super::{graph, nodes};
use crate::graph::NodeRef;
use crate::snapshot::Snapshot;

pub const SUMMARY_URI: &str = "servicemap://map/summary";
pub const DOCUMENT_PREFIX: &str = "servicemap://document/";
pub const NODE_PREFIX: &str = "servicemap://node/";
/// Resources per `resources/list` page.
pub const LIST_PAGE: usize = 100;
const JSON: &str = "application/json";

/// What a path keeps as is in a document URI (`/` stays a separator).
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

pub fn document_uri(path: &str) -> String {
    format!("{DOCUMENT_PREFIX}{}", utf8_percent_encode(path, PATH))
}

pub fn node_uri(id: &str) -> String {
    format!("{NODE_PREFIX}{}", utf8_percent_encode(id, PATH))
}

/// Why a resource cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// No resource has this URI (in this version of the map).
    Unknown(String),
    /// It exists but cannot be answered within the budget.
    Tool(ToolError),
}

/// The templates of the document and node resources.
pub fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{NODE_PREFIX}{{id}}"), "node")
            .with_title("A node of the map")
            .with_description("What describe_node answers for the node with this id.")
            .with_mime_type(JSON),
        ResourceTemplate::new(format!("{DOCUMENT_PREFIX}{{+path}}"), "document")
            .with_title("A document of the map")
            .with_description("A document's title, diagnostics and the facts written in it.")
            .with_mime_type(JSON),
    ]
}

/// Every resource, in order: the summary, the documents, the nodes.
pub fn count(s: &Snapshot) -> usize {
    1 + s.documents.len() + s.graph.node_count()
}

/// The resources `offset..offset + LIST_PAGE`.
pub fn list(s: &Snapshot, offset: usize) -> Vec<Resource> {
    let documents = s.documents.len();
    (offset..count(s).min(offset + LIST_PAGE))
        .map(|i| match i {
            0 => Resource::new(SUMMARY_URI, "map summary")
                .with_title("The map at a glance")
                .with_mime_type(JSON),
            i if i <= documents => {
                let d = &s.documents[i - 1];
                let mut r =
                    Resource::new(document_uri(&d.path), d.path.clone()).with_mime_type(JSON);
                if let Some(title) = &d.title {
                    r = r.with_title(title.clone());
                }
                r
            }
            i => {
                let n = s.graph.node(NodeRef::from_index(i - 1 - documents));
                Resource::new(node_uri(&n.id), n.id.clone())
                    .with_title(n.name.clone())
                    .with_description(format!("A {} of the map.", n.kind.as_str()))
                    .with_mime_type(JSON)
            }
        })
        .collect()
}

/// A document as its resource shows it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DocumentHead {
    pub path: String,
    pub title: Option<String>,
    /// Mindmap blocks read from it.
    pub blocks: usize,
    pub diagnostics: Vec<DiagnosticView>,
    /// Categories, services and concepts first written in it.
    pub nodes_written: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DiagnosticView {
    pub line: Option<usize>,
    pub message: String,
}

/// The content of the resource `uri` in `s`, as JSON.
pub fn read(s: &Snapshot, uri: &str, budget: Budget) -> Result<Value, ReadError> {
    let window = |tool| {
        Window::open(tool, &Map::new(), &Paging::default(), &s.version, budget)
            .map_err(ReadError::Tool)
    };
    if uri == SUMMARY_URI {
        let reply = graph::map_summary(
            s,
            &SummaryInput {
                paging: Paging::default(),
            },
            &window("map_summary")?,
        )
        .map_err(ReadError::Tool)?;
        return Ok(reply.structured);
    }
    if let Some(id) = uri.strip_prefix(NODE_PREFIX) {
        let id = decode(id);
        let Some(n) = s.graph.by_id(&id) else {
            return Err(ReadError::Unknown(uri.to_owned()));
        };
        let input = NodeInput {
            node: s.graph.node(n).id.clone(),
            paging: Paging::default(),
        };
        let reply =
            nodes::describe(s, &input, &window("describe_node")?).map_err(ReadError::Tool)?;
        return Ok(reply.structured);
    }
    if let Some(path) = uri.strip_prefix(DOCUMENT_PREFIX) {
        let path = decode(path);
        let Some(d) = s.documents.iter().find(|d| d.path == path) else {
            return Err(ReadError::Unknown(uri.to_owned()));
        };
        let g = &s.graph;
        let written_here = |p: &crate::graph::Provenance| p.document.as_str() == path;
        let facts: Vec<_> = g
            .edges()
            .filter(|e| written_here(e.provenance))
            .map(|e| e.id)
            .collect();
        let head = DocumentHead {
            path: d.path.clone(),
            title: d.title.clone(),
            blocks: d.blocks,
            diagnostics: s
                .diagnostics
                .iter()
                .filter(|x| x.document == path)
                .take(100)
                .map(|x| DiagnosticView {
                    line: x.line,
                    message: x.message.clone(),
                })
                .collect(),
            nodes_written: g
                .nodes()
                .filter(|(n, _)| g.sources(*n).first().is_some_and(written_here))
                .count(),
        };
        let part = window("document")?
            .cut(head, &facts, |e| EdgeView::of(g, *e))
            .map_err(ReadError::Tool)?;
        return Ok(serde_json::to_value(part).unwrap_or(Value::Null));
    }
    Err(ReadError::Unknown(uri.to_owned()))
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// What a subscription compares across reloads: the content without the
/// version and the cursor (which names the version), or a marker when the
/// resource is gone.
pub fn fingerprint(s: &Snapshot, uri: &str, budget: Budget) -> String {
    match read(s, uri, budget) {
        Ok(Value::Object(mut map)) => {
            map.remove("version");
            map.remove("next_cursor");
            serde_json::to_string(&map).unwrap_or_default()
        }
        Ok(other) => other.to_string(),
        Err(ReadError::Unknown(_)) => "gone".into(),
        Err(ReadError::Tool(e)) => e.to_string(),
    }
}

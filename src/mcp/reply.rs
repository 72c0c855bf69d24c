//! A tool's reply: the structured part (the typed answer, within its
//! budget) and a short text rendering of it for clients and models that
//! read text only, itself bounded by [`text_bytes`].

use serde::Serialize;
use serde_json::Value;

use super::budget::text_bytes;
use super::error::ToolError;
use super::views::{Bounded, EdgeView, NodeView};
use crate::graph::{KnowledgeGraph, NodeRef};
use crate::matcher::relation_suggestions;
use crate::query::bounds::Bound;
use crate::query::edges::RelationTerm;
use crate::snapshot::Snapshot;

/// What a tool call answers.
#[derive(Debug, Clone)]
pub struct Reply {
    pub structured: Value,
    pub text: String,
}

/// The reply for `part`: its JSON, and `first` followed by one `line` per
/// item while they fit, then where the rest is.
pub fn reply<H: Serialize, T: Serialize>(
    part: &Bounded<H, T>,
    first: String,
    mut line: impl FnMut(&T) -> String,
) -> Reply {
    let mut text = first;
    let budget = text_bytes(part.max_bytes);
    // Keep room for the closing line.
    let room = budget - 140;
    let mut shown = 0;
    for item in &part.items {
        let next = line(item);
        if text.len() + next.len() + 1 > room {
            break;
        }
        text.push('\n');
        text.push_str(&next);
        shown += 1;
    }
    if shown < part.total {
        text.push_str(&format!(
            "\n({shown} of {} here; {} from item {} in the structured part",
            part.total, part.returned, part.offset
        ));
        match &part.next_cursor {
            Some(cursor) => text.push_str(&format!("; next: cursor \"{cursor}\")")),
            None => text.push(')'),
        }
    }
    clip(&mut text, budget);
    Reply {
        structured: serde_json::to_value(part).unwrap_or(Value::Null),
        text,
    }
}

fn clip(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max - 3;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
}

/// `Name -relation-> Name (document:line)`.
pub fn edge_line(e: &EdgeView) -> String {
    format!(
        "{} -{}-> {} ({}:{})",
        e.source.name, e.relation, e.target.name, e.provenance.document, e.provenance.line
    )
}

pub fn node_line(n: &NodeView) -> String {
    format!("{} [{}, id {}]", n.name, n.kind, n.id)
}

/// The node `text` names, any kind, for argument `parameter`.
pub fn node(snapshot: &Snapshot, parameter: &str, text: &str) -> Result<NodeRef, ToolError> {
    if text.trim().is_empty() {
        return Err(ToolError::bad(parameter, "must not be empty"));
    }
    snapshot
        .resolver
        .resolve(&snapshot.graph, text, |_| true)
        .map_err(|e| ToolError::resolve(e, &snapshot.graph, parameter, "node"))
}

/// The relations `names` name, active or inverse wording; an unknown one
/// is a bad argument listing the closest labels.
pub fn relation_terms(
    graph: &KnowledgeGraph,
    parameter: &str,
    names: &[String],
) -> Result<Vec<RelationTerm>, ToolError> {
    names
        .iter()
        .map(|name| {
            graph
                .relation_term(name)
                .map(|(relation, inverse)| RelationTerm { relation, inverse })
                .ok_or_else(|| ToolError::BadParameter {
                    name: parameter.to_owned(),
                    reason: format!("no relation `{name}`; map_summary lists them"),
                    suggestions: relation_suggestions(graph, name),
                })
        })
        .collect()
}

/// `value` (or the default) within `bound`, else a bad argument.
pub fn bounded(bound: Bound, value: Option<usize>) -> Result<usize, ToolError> {
    let value = value.unwrap_or(bound.default);
    bound.check(value).ok_or_else(|| {
        ToolError::bad(
            bound.name,
            format!("must be from {} to {}", bound.min, bound.max),
        )
    })
}

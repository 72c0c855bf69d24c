//! Tool errors: what a call got wrong, as an MCP tool result with
//! `isError` set, carrying what the REST problems carry (the same `type`
//! URNs, `detail`, the `parameter`, suggestions on a miss, candidates on an
//! ambiguity, the supported forms of a question), so that a model can
//! correct its call from the answer alone.

use serde::Serialize;

use super::views::NodeView;
use crate::cypher::CypherError;
use crate::graph::{KnowledgeGraph, NodeRef};
use crate::matcher::ResolveError;
use crate::query::path::PathError;

/// Everything a tool call can get wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToolError {
    #[error("argument `{name}`: {reason}")]
    BadParameter {
        name: String,
        reason: String,
        suggestions: Vec<String>,
    },
    #[error("no {what} matches `{query}` (argument `{parameter}`)")]
    NotFound {
        what: &'static str,
        parameter: String,
        query: String,
        suggestions: Vec<NodeView>,
    },
    #[error("`{query}` (argument `{parameter}`) matches several nodes equally well; use an id")]
    Ambiguous {
        parameter: String,
        query: String,
        candidates: Vec<NodeView>,
    },
    #[error("{0}")]
    NoPath(String),
    #[error(
        "the path search needs more work than one call may do; narrow it with max_hops, relations, directed or a smaller k"
    )]
    TooExpensive,
    #[error("{0}")]
    TooLarge(String),
    #[error(
        "the question is in none of the supported forms; `forms` lists them with an example of each"
    )]
    Unreadable,
    #[error("bad cursor: {0}")]
    BadCursor(String),
    #[error(
        "the map changed since this cursor was made (now version {version}); call again without a cursor"
    )]
    StaleCursor { version: String },
    #[error("no graph is loaded yet")]
    NotReady,
    /// A Cypher query that cannot be answered: its text, or its cost.
    #[error(transparent)]
    Cypher(#[from] CypherError),
}

/// A tool error as the client sees it: an RFC 9457-shaped problem.
#[derive(Debug, Serialize)]
pub struct Problem<'a> {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidates: Option<&'a [NodeView]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forms: Option<Vec<FormView>>,
    /// Where in a query the problem is: line, column, and the line with a caret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<&'a str>,
    /// The writing clause a read-only query may not hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<&'a str>,
    /// The bound a query reached, and its limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// A supported form of question and an example of it.
#[derive(Debug, Serialize)]
pub struct FormView {
    pub form: &'static str,
    pub example: &'static str,
}

impl ToolError {
    pub fn bad(name: &str, reason: impl Into<String>) -> Self {
        ToolError::BadParameter {
            name: name.to_owned(),
            reason: reason.into(),
            suggestions: Vec::new(),
        }
    }

    /// A resolver miss or tie for the node named by argument `parameter`.
    pub fn resolve(
        error: ResolveError,
        graph: &KnowledgeGraph,
        parameter: &str,
        what: &'static str,
    ) -> Self {
        let views =
            |nodes: Vec<NodeRef>| nodes.into_iter().map(|n| NodeView::of(graph, n)).collect();
        match error {
            ResolveError::NotFound { query, suggestions } => ToolError::NotFound {
                what,
                parameter: parameter.to_owned(),
                query,
                suggestions: views(suggestions),
            },
            ResolveError::Ambiguous { query, candidates } => ToolError::Ambiguous {
                parameter: parameter.to_owned(),
                query,
                candidates: views(candidates),
            },
        }
    }

    /// `(type slug, title)`: the slugs are the REST problems' own.
    #[rustfmt::skip] // a table
    fn describe(&self) -> (&'static str, &'static str) {
        match self {
            ToolError::BadParameter { .. } => ("bad-parameter", "Bad parameter"),
            ToolError::NotFound { .. }     => ("not-found", "No such node"),
            ToolError::Ambiguous { .. }    => ("ambiguous", "Ambiguous reference"),
            ToolError::NoPath(_)           => ("no-path", "No path"),
            ToolError::TooExpensive        => ("too-expensive", "Query too expensive"),
            ToolError::TooLarge(_)         => ("too-large", "Answer larger than the budget"),
            ToolError::Unreadable          => ("unreadable-question", "Unreadable question"),
            ToolError::BadCursor(_)        => ("bad-cursor", "Bad cursor"),
            ToolError::StaleCursor { .. }  => ("stale-cursor", "Stale cursor"),
            ToolError::NotReady            => ("not-ready", "Not ready"),
            ToolError::Cypher(e) => match e {
                CypherError::Syntax { .. }       => ("query-syntax", "Query syntax error"),
                CypherError::ReadOnly { .. }     => ("read-only", "The graph is read-only"),
                CypherError::Semantic { .. }     => ("query-semantics", "Query cannot be answered"),
                CypherError::Type(_)             => ("query-type", "Query type error"),
                CypherError::TooExpensive { .. } => ("too-expensive", "Query too expensive"),
                CypherError::Cancelled           => ("timeout", "Request timed out"),
            },
        }
    }

    /// The problem this error is.
    pub fn problem(&self) -> Problem<'_> {
        let (slug, title) = self.describe();
        let (parameter, suggestions, candidates) = match self {
            ToolError::BadParameter {
                name, suggestions, ..
            } => (
                Some(name.as_str()),
                (!suggestions.is_empty()).then(|| serde_json::json!(suggestions)),
                None,
            ),
            ToolError::NotFound {
                parameter,
                suggestions,
                ..
            } => (
                Some(parameter.as_str()),
                Some(serde_json::json!(suggestions)),
                None,
            ),
            ToolError::Ambiguous {
                parameter,
                candidates,
                ..
            } => (Some(parameter.as_str()), None, Some(candidates.as_slice())),
            ToolError::Cypher(CypherError::Semantic { suggestions, .. })
                if !suggestions.is_empty() =>
            {
                (Some("query"), Some(serde_json::json!(suggestions)), None)
            }
            ToolError::Cypher(_) => (Some("query"), None, None),
            _ => (None, None, None),
        };
        let cypher = match self {
            ToolError::Cypher(e) => Some(e),
            _ => None,
        };
        let location = cypher.and_then(CypherError::location);
        Problem {
            kind: format!("urn:servicemap:problem:{slug}"),
            title,
            detail: self.to_string(),
            parameter,
            suggestions,
            candidates,
            forms: matches!(self, ToolError::Unreadable).then(|| {
                crate::nlq::forms::FAMILIES
                    .iter()
                    .map(|(form, example)| FormView { form, example })
                    .collect()
            }),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            excerpt: location.map(|l| l.excerpt.as_str()),
            clause: match cypher {
                Some(CypherError::ReadOnly { clause, .. }) => Some(clause.as_str()),
                _ => None,
            },
            bound: match cypher {
                Some(CypherError::TooExpensive { bound, .. }) => Some(bound.as_str()),
                _ => None,
            },
            limit: match cypher {
                Some(CypherError::TooExpensive { limit, .. }) => Some(*limit),
                _ => None,
            },
        }
    }
}

impl From<PathError> for ToolError {
    fn from(error: PathError) -> Self {
        match error {
            PathError::BudgetExceeded { .. } => ToolError::TooExpensive,
            // A search stopped because its call was: the same problem a
            // cancelled query is.
            PathError::Cancelled => ToolError::Cypher(CypherError::Cancelled),
        }
    }
}

//! Tool errors: what a call got wrong, as an MCP tool result with
//! `isError` set, carrying what the REST problems carry (the same `type`
//! URNs and Cypher fields, from [`crate::problem`], `detail`, the `parameter`, suggestions on a miss, candidates on an
//! ambiguity, the supported forms of a question), so that a model can
//! correct its call from the answer alone.

use serde::Serialize;

use super::views::NodeView;
use crate::cypher::CypherError;
use crate::graph::{KnowledgeGraph, NodeRef};
use crate::matcher::ResolveError;
use crate::problem::{CypherFields, Kind};
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
    /// Where in a query the problem is, the clause refused, the bound
    /// reached.
    #[serde(flatten)]
    pub cypher: CypherFields<'a>,
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

    /// The kind of problem: the REST problems' own where they share one.
    #[rustfmt::skip] // a table
    fn describe(&self) -> Kind {
        use crate::problem as p;
        let k = |slug, title| Kind { slug, title };
        match self {
            ToolError::BadParameter { .. } => p::BAD_PARAMETER,
            ToolError::NotFound { .. }     => p::NOT_FOUND,
            ToolError::Ambiguous { .. }    => p::AMBIGUOUS,
            ToolError::NoPath(_)           => p::NO_PATH,
            ToolError::TooExpensive        => p::TOO_EXPENSIVE,
            ToolError::TooLarge(_)         => k("too-large", "Answer larger than the budget"),
            ToolError::Unreadable          => p::UNREADABLE,
            ToolError::BadCursor(_)        => k("bad-cursor", "Bad cursor"),
            ToolError::StaleCursor { .. }  => k("stale-cursor", "Stale cursor"),
            ToolError::NotReady            => p::NOT_READY,
            ToolError::Cypher(e)           => p::cypher_kind(e),
        }
    }

    /// The problem this error is.
    pub fn problem(&self) -> Problem<'_> {
        let kind = self.describe();
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
        Problem {
            kind: kind.uri(),
            title: kind.title,
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
            cypher: CypherFields::of(match self {
                ToolError::Cypher(e) => Some(e),
                _ => None,
            }),
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

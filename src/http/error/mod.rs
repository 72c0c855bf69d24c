//! The one HTTP error type and its RFC 9457 problem details.
//!
//! Error policy: every failure a client can cause is a 4xx with a `type`
//! naming the problem, a human `title` and a `detail` saying what to change.
//! Misses carry `suggestions`, ambiguities `candidates`, bad parameters the
//! `parameter`. Overload and timeouts are 503 with `Retry-After`. No request
//! can produce a 500. Nothing here logs: the trace layer records every
//! response.
//!
//! This file holds the type and its mappings from the domain's errors;
//! [`response`] renders it as a problem (the status table and the body),
//! with the kinds and Cypher fields [`crate::problem`] shares with the MCP
//! tools.

mod response;

use crate::graph::{KnowledgeGraph, NodeRef};
use crate::http::views::NodeSummary;
use crate::matcher::ResolveError;
use crate::query::path::PathError;

/// Candidates a 409 lists; `total` says how many there are, and
/// `/api/v1/resolve` pages through them.
pub const MAX_CANDIDATES: usize = 20;
/// Characters of a ref echoed back in a problem's detail.
const MAX_ECHOED_CHARS: usize = 200;

/// Everything a request can get wrong, and the service's own refusals.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("parameter `{name}`: {reason}")]
    BadParameter {
        name: String,
        reason: String,
        suggestions: Vec<String>,
    },
    #[error("no {what} matches `{query}` (parameter `{parameter}`)")]
    NotFound {
        what: &'static str,
        parameter: String,
        query: String,
        suggestions: Vec<NodeSummary<'static>>,
    },
    #[error("`{query}` (parameter `{parameter}`) matches {total} nodes equally well; use an id{}", if *.total > .candidates.len() { " (the first are listed; GET /api/v1/resolve?name=... pages through them all)" } else { "" })]
    Ambiguous {
        parameter: String,
        query: String,
        /// The first [`MAX_CANDIDATES`] of them.
        candidates: Vec<NodeSummary<'static>>,
        total: usize,
    },
    #[error("{0}")]
    NoPath(String),
    #[error(
        "the path query needs more work than one request may do; narrow it with max_hops, relation, directed or a smaller k"
    )]
    TooExpensive,
    #[error("{0}")]
    TooLarge(String),
    /// A question in none of the forms `/ask` reads: the closest form and
    /// the question rewritten in it, when there is one, and every form.
    #[error("{}", unreadable_detail(.unknown, .closest.as_ref()))]
    Unreadable {
        forms: Vec<crate::nlq::Form>,
        closest: Option<crate::nlq::Closest>,
        unknown: Vec<String>,
    },
    /// A name in a question that matches several nodes about equally:
    /// the candidates, and the question rewritten with each.
    #[error("`{query}` in the question matches several nodes about equally well; pick one")]
    AmbiguousQuestion {
        query: String,
        candidates: Vec<NodeSummary<'static>>,
        rewritten: Vec<String>,
    },
    #[error("no route {0}")]
    UnknownRoute(String),
    #[error("method not allowed on this route")]
    MethodNotAllowed,
    #[error("the request target is longer than {0} bytes")]
    UriTooLong(usize),
    #[error("the request headers are larger than {0} bytes")]
    HeadersTooLarge(usize),
    #[error("admin endpoints are disabled: no admin token is configured")]
    AdminDisabled,
    #[error("a valid `Authorization: Bearer <token>` header is required")]
    Unauthorized,
    #[error("the reload loaded nothing usable ({reason}); still serving version {}", .version.as_deref().unwrap_or("none"))]
    ReloadFailed {
        reason: String,
        version: Option<String>,
    },
    #[error("no graph is loaded yet")]
    NotReady,
    #[error("the service is at its limit of concurrent requests; retry shortly")]
    Overloaded,
    #[error("the request took longer than the service allows")]
    Timeout,
    #[error("the analytics of this graph version are still being computed; retry shortly")]
    Computing,
    #[error("the service is shutting down")]
    Draining,
    #[error("a reload has been running for {0} s")]
    ReloadStuck(u64),
    /// A Cypher query that cannot be answered: its text, or its cost.
    #[error("{0}")]
    Cypher(#[from] crate::cypher::CypherError),
}

fn unreadable_detail(unknown: &[String], closest: Option<&crate::nlq::Closest>) -> String {
    let mut text = "the question is in none of the forms this service reads".to_owned();
    if !unknown.is_empty() {
        text.push_str(&format!(" (it does not know: {})", unknown.join(", ")));
    }
    match closest {
        Some(c) => text.push_str(&format!(
            "; the closest reading is `{}`: try \"{}\"",
            c.form, c.rewritten
        )),
        None => text.push_str("; `forms` lists them with an example of each"),
    }
    text
}

impl ApiError {
    /// A resolver miss or tie for the node named by `parameter`.
    pub fn resolve(
        error: ResolveError,
        graph: &KnowledgeGraph,
        parameter: &str,
        what: &'static str,
    ) -> Self {
        let owned = |nodes: Vec<NodeRef>| {
            nodes
                .into_iter()
                .map(|n| NodeSummary::owned(graph, n))
                .collect()
        };
        match error {
            ResolveError::NotFound { query, suggestions } => ApiError::NotFound {
                what,
                parameter: parameter.to_owned(),
                query: query.chars().take(MAX_ECHOED_CHARS).collect(),
                suggestions: owned(suggestions),
            },
            ResolveError::Ambiguous {
                query,
                mut candidates,
            } => {
                let total = candidates.len();
                candidates.truncate(MAX_CANDIDATES);
                ApiError::Ambiguous {
                    parameter: parameter.to_owned(),
                    query: query.chars().take(MAX_ECHOED_CHARS).collect(),
                    candidates: owned(candidates),
                    total,
                }
            }
        }
    }

    pub fn bad(name: &str, reason: impl Into<String>) -> Self {
        ApiError::BadParameter {
            name: name.to_owned(),
            reason: reason.into(),
            suggestions: Vec::new(),
        }
    }
}

impl From<PathError> for ApiError {
    fn from(error: PathError) -> Self {
        match error {
            PathError::BudgetExceeded { .. } => ApiError::TooExpensive,
            PathError::Cancelled => ApiError::Timeout,
        }
    }
}

//! The one HTTP error type and its RFC 9457 problem details.
//!
//! Error policy: every failure a client can cause is a 4xx with a `type`
//! naming the problem, a human `title` and a `detail` saying what to change.
//! Misses carry `suggestions`, ambiguities `candidates`, bad parameters the
//! `parameter`. Overload and timeouts are 503 with `Retry-After`. No request
//! can produce a 500. Nothing here logs: the trace layer records every
//! response.
//!
//! Longer than most files here by design: the one error type, its table of
//! statuses and the problem body it renders are kept in one place.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::cypher::CypherError;
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

/// A form of question `/ask` reads, with an example.
#[derive(Serialize)]
struct FormView<'a> {
    form: &'static str,
    example: &'a str,
}

/// The form nearest to an unreadable question, and the question in it.
#[derive(Serialize)]
struct ClosestView<'a> {
    form: &'static str,
    rewritten: &'a str,
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestions: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<serde_json::Value>,
    /// How many candidates there are, when not all are listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates_total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    forms: Option<Vec<FormView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closest: Option<ClosestView<'a>>,
    /// A 422: the question in its closest form (a 409's candidates carry
    /// their own).
    #[serde(skip_serializing_if = "Option::is_none")]
    rewritten: Option<&'a str>,
    /// Words of a question that are neither names nor question words.
    #[serde(skip_serializing_if = "Option::is_none")]
    unknown: Option<&'a [String]>,
    /// Where in a query the problem is.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<usize>,
    /// The line with a caret under the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    excerpt: Option<&'a str>,
    /// The writing clause refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    clause: Option<&'a str>,
    /// The bound a query reached, and its value.
    #[serde(skip_serializing_if = "Option::is_none")]
    bound: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<usize>,
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

    /// `(status, type slug, title)`.
    #[rustfmt::skip] // a table
    fn describe(&self) -> (StatusCode, &'static str, &'static str) {
        use StatusCode as S;
        match self {
            ApiError::BadParameter { .. } => (S::BAD_REQUEST, "bad-parameter", "Bad parameter"),
            ApiError::NotFound { .. }     => (S::NOT_FOUND, "not-found", "No such node"),
            ApiError::Ambiguous { .. }    => (S::CONFLICT, "ambiguous", "Ambiguous reference"),
            ApiError::NoPath(_)           => (S::NOT_FOUND, "no-path", "No path"),
            ApiError::TooExpensive        => (S::UNPROCESSABLE_ENTITY, "too-expensive", "Query too expensive"),
            ApiError::TooLarge(_)         => (S::UNPROCESSABLE_ENTITY, "too-expensive", "Query too expensive"),
            ApiError::Unreadable { .. }   => (S::UNPROCESSABLE_ENTITY, "unreadable-question", "Unreadable question"),
            ApiError::AmbiguousQuestion { .. } => (S::CONFLICT, "ambiguous", "Ambiguous reference"),
            ApiError::UnknownRoute(_)     => (S::NOT_FOUND, "unknown-route", "Unknown route"),
            ApiError::MethodNotAllowed    => (S::METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
            ApiError::UriTooLong(_)       => (S::URI_TOO_LONG, "uri-too-long", "Request target too long"),
            ApiError::HeadersTooLarge(_)  => (S::REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large", "Request headers too large"),
            ApiError::AdminDisabled       => (S::NOT_FOUND, "admin-disabled", "Admin endpoints disabled"),
            ApiError::Unauthorized        => (S::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            ApiError::ReloadFailed { .. } => (S::UNPROCESSABLE_ENTITY, "reload-failed", "Reload failed"),
            ApiError::NotReady            => (S::SERVICE_UNAVAILABLE, "not-ready", "Not ready"),
            ApiError::Overloaded          => (S::SERVICE_UNAVAILABLE, "overloaded", "Overloaded"),
            ApiError::Timeout             => (S::SERVICE_UNAVAILABLE, "timeout", "Request timed out"),
            ApiError::Computing           => (S::SERVICE_UNAVAILABLE, "computing", "Still computing"),
            ApiError::Draining            => (S::SERVICE_UNAVAILABLE, "draining", "Shutting down"),
            ApiError::ReloadStuck(_)      => (S::SERVICE_UNAVAILABLE, "reload-stuck", "Reload stuck"),
            ApiError::Cypher(e) => match e {
                CypherError::Syntax { .. }       => (S::BAD_REQUEST, "query-syntax", "Query syntax error"),
                CypherError::ReadOnly { .. }     => (S::BAD_REQUEST, "read-only", "The graph is read-only"),
                CypherError::Semantic { .. }     => (S::BAD_REQUEST, "query-semantics", "Query cannot be answered"),
                CypherError::Type(_)             => (S::BAD_REQUEST, "query-type", "Query type error"),
                CypherError::TooExpensive { .. } => (S::UNPROCESSABLE_ENTITY, "too-expensive", "Query too expensive"),
                CypherError::Cancelled           => (S::SERVICE_UNAVAILABLE, "timeout", "Request timed out"),
            },
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

/// The URI naming a problem type.
pub fn problem_type(slug: &str) -> String {
    format!("urn:servicemap:problem:{slug}")
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, slug, title) = self.describe();
        let (parameter, suggestions, candidates) = match &self {
            ApiError::BadParameter {
                name, suggestions, ..
            } => (
                Some(name.as_str()),
                (!suggestions.is_empty()).then(|| serde_json::json!(suggestions)),
                None,
            ),
            ApiError::NotFound {
                parameter,
                suggestions,
                ..
            } => (
                Some(parameter.as_str()),
                Some(serde_json::json!(suggestions)),
                None,
            ),
            ApiError::Ambiguous {
                parameter,
                candidates,
                ..
            } => (
                Some(parameter.as_str()),
                None,
                Some(serde_json::json!(candidates)),
            ),
            ApiError::AmbiguousQuestion {
                candidates,
                rewritten,
                ..
            } => {
                // Each candidate with the question asked of it.
                let listed: Vec<serde_json::Value> = candidates
                    .iter()
                    .zip(rewritten)
                    .map(|(c, q)| serde_json::json!({"id": c.id, "name": c.name, "kind": c.kind, "rewritten": q}))
                    .collect();
                (Some("q"), None, Some(serde_json::Value::Array(listed)))
            }
            ApiError::Cypher(CypherError::Semantic { suggestions, .. })
                if !suggestions.is_empty() =>
            {
                (None, Some(serde_json::json!(suggestions)), None)
            }
            _ => (None, None, None),
        };
        let (location, clause, bound, limit) = match &self {
            ApiError::Cypher(e) => (
                e.location(),
                match e {
                    CypherError::ReadOnly { clause, .. } => Some(clause.as_str()),
                    _ => None,
                },
                match e {
                    CypherError::TooExpensive { bound, .. } => Some(bound.as_str()),
                    _ => None,
                },
                match e {
                    CypherError::TooExpensive { limit, .. } => Some(*limit),
                    _ => None,
                },
            ),
            _ => (None, None, None, None),
        };
        let problem = Problem {
            kind: problem_type(slug),
            title,
            status: status.as_u16(),
            detail: self.to_string(),
            parameter,
            suggestions,
            candidates,
            forms: match &self {
                ApiError::Unreadable { forms, .. } => Some(
                    forms
                        .iter()
                        .map(|f| FormView {
                            form: f.form,
                            example: &f.example,
                        })
                        .collect(),
                ),
                _ => None,
            },
            closest: match &self {
                ApiError::Unreadable {
                    closest: Some(c), ..
                } => Some(ClosestView {
                    form: c.form,
                    rewritten: &c.rewritten,
                }),
                _ => None,
            },
            rewritten: match &self {
                ApiError::Unreadable {
                    closest: Some(c), ..
                } => Some(c.rewritten.as_str()),
                _ => None,
            },
            unknown: match &self {
                ApiError::Unreadable { unknown, .. } if !unknown.is_empty() => {
                    Some(unknown.as_slice())
                }
                _ => None,
            },
            candidates_total: match &self {
                ApiError::Ambiguous { total, .. } => Some(*total),
                _ => None,
            },
            truncated: match &self {
                ApiError::Ambiguous {
                    total, candidates, ..
                } => Some(*total > candidates.len()),
                _ => None,
            },
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            excerpt: location.map(|l| l.excerpt.as_str()),
            clause,
            bound,
            limit,
        };
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::SERVICE_UNAVAILABLE {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"servicemap\""),
            );
        }
        response
    }
}

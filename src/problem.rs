//! What went wrong, as a problem says it (RFC 9457): each kind of problem's
//! `type` URN and title, and the fields a Cypher error adds, written once.
//! The HTTP API ([`crate::http::error`]) and the MCP tools
//! ([`crate::mcp::error`]) both render from here, so a client reads the same
//! problem from either.

use serde::Serialize;

use crate::cypher::CypherError;

/// A kind of problem: the slug of its `type` URN and its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub slug: &'static str,
    pub title: &'static str,
}

impl Kind {
    /// The URN naming this kind of problem.
    pub fn uri(self) -> String {
        problem_type(self.slug)
    }
}

/// The URI naming a problem type.
pub fn problem_type(slug: &str) -> String {
    format!("urn:servicemap:problem:{slug}")
}

const fn kind(slug: &'static str, title: &'static str) -> Kind {
    Kind { slug, title }
}

pub const BAD_PARAMETER: Kind = kind("bad-parameter", "Bad parameter");
pub const NOT_FOUND: Kind = kind("not-found", "No such node");
pub const AMBIGUOUS: Kind = kind("ambiguous", "Ambiguous reference");
pub const NO_PATH: Kind = kind("no-path", "No path");
pub const TOO_EXPENSIVE: Kind = kind("too-expensive", "Query too expensive");
pub const UNREADABLE: Kind = kind("unreadable-question", "Unreadable question");
pub const NOT_READY: Kind = kind("not-ready", "Not ready");
pub const TIMEOUT: Kind = kind("timeout", "Request timed out");

/// The kind of problem a Cypher error is.
pub fn cypher_kind(error: &CypherError) -> Kind {
    match error {
        CypherError::Syntax { .. } => kind("query-syntax", "Query syntax error"),
        CypherError::ReadOnly { .. } => kind("read-only", "The graph is read-only"),
        CypherError::Semantic { .. } => kind("query-semantics", "Query cannot be answered"),
        CypherError::Type(_) => kind("query-type", "Query type error"),
        CypherError::TooExpensive { .. } => TOO_EXPENSIVE,
        CypherError::Cancelled => TIMEOUT,
    }
}

/// What a Cypher error adds to its problem: where in the query, the
/// writing clause refused, the bound reached. Flattened into a problem.
#[derive(Debug, Default, Serialize)]
pub struct CypherFields<'a> {
    /// Where in a query the problem is: line, column, and the line with a
    /// caret under the place.
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

impl<'a> CypherFields<'a> {
    /// The fields of `error`; none when there is no Cypher error.
    pub fn of(error: Option<&'a CypherError>) -> Self {
        let Some(error) = error else {
            return Self::default();
        };
        let location = error.location();
        let (bound, limit) = match error {
            CypherError::TooExpensive { bound, limit, .. } => (Some(bound.as_str()), Some(*limit)),
            _ => (None, None),
        };
        Self {
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            excerpt: location.map(|l| l.excerpt.as_str()),
            clause: match error {
                CypherError::ReadOnly { clause, .. } => Some(clause.as_str()),
                _ => None,
            },
            bound,
            limit,
        }
    }
}

//! An [`ApiError`] as a response: its status, and the RFC 9457 problem
//! body with the fields each error carries.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::ApiError;
use crate::cypher::CypherError;
use crate::problem::{CypherFields, Kind};

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
    /// Where in a query the problem is, the clause refused, the bound
    /// reached.
    #[serde(flatten)]
    cypher: CypherFields<'a>,
}

impl ApiError {
    /// The status and the kind of problem.
    #[rustfmt::skip] // a table
    fn describe(&self) -> (StatusCode, Kind) {
        use StatusCode as S;
        use crate::problem as p;
        let k = |slug, title| Kind { slug, title };
        match self {
            ApiError::BadParameter { .. } => (S::BAD_REQUEST, p::BAD_PARAMETER),
            ApiError::NotFound { .. }     => (S::NOT_FOUND, p::NOT_FOUND),
            ApiError::Ambiguous { .. }    => (S::CONFLICT, p::AMBIGUOUS),
            ApiError::NoPath(_)           => (S::NOT_FOUND, p::NO_PATH),
            ApiError::TooExpensive        => (S::UNPROCESSABLE_ENTITY, p::TOO_EXPENSIVE),
            ApiError::TooLarge(_)         => (S::UNPROCESSABLE_ENTITY, p::TOO_EXPENSIVE),
            ApiError::Unreadable { .. }   => (S::UNPROCESSABLE_ENTITY, p::UNREADABLE),
            ApiError::AmbiguousQuestion { .. } => (S::CONFLICT, p::AMBIGUOUS),
            ApiError::UnknownRoute(_)     => (S::NOT_FOUND, k("unknown-route", "Unknown route")),
            ApiError::MethodNotAllowed    => (S::METHOD_NOT_ALLOWED, k("method-not-allowed", "Method not allowed")),
            ApiError::UriTooLong(_)       => (S::URI_TOO_LONG, k("uri-too-long", "Request target too long")),
            ApiError::HeadersTooLarge(_)  => (S::REQUEST_HEADER_FIELDS_TOO_LARGE, k("headers-too-large", "Request headers too large")),
            ApiError::AdminDisabled       => (S::NOT_FOUND, k("admin-disabled", "Admin endpoints disabled")),
            ApiError::Unauthorized        => (S::UNAUTHORIZED, k("unauthorized", "Unauthorized")),
            ApiError::ReloadFailed { .. } => (S::UNPROCESSABLE_ENTITY, k("reload-failed", "Reload failed")),
            ApiError::NotReady            => (S::SERVICE_UNAVAILABLE, p::NOT_READY),
            ApiError::Overloaded          => (S::SERVICE_UNAVAILABLE, k("overloaded", "Overloaded")),
            ApiError::Timeout             => (S::SERVICE_UNAVAILABLE, p::TIMEOUT),
            ApiError::Computing           => (S::SERVICE_UNAVAILABLE, k("computing", "Still computing")),
            ApiError::Draining            => (S::SERVICE_UNAVAILABLE, k("draining", "Shutting down")),
            ApiError::ReloadStuck(_)      => (S::SERVICE_UNAVAILABLE, k("reload-stuck", "Reload stuck")),
            ApiError::Cypher(e) => {
                let kind = p::cypher_kind(e);
                let status = match e {
                    CypherError::Syntax { .. }
                    | CypherError::ReadOnly { .. }
                    | CypherError::Semantic { .. }
                    | CypherError::Type(_) => S::BAD_REQUEST,
                    CypherError::TooExpensive { .. } => S::UNPROCESSABLE_ENTITY,
                    CypherError::Cancelled => S::SERVICE_UNAVAILABLE,
                };
                (status, kind)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, kind) = self.describe();
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
        let problem = Problem {
            kind: kind.uri(),
            title: kind.title,
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
            cypher: CypherFields::of(match &self {
                ApiError::Cypher(e) => Some(e),
                _ => None,
            }),
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

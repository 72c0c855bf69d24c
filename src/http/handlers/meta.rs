//! Liveness, readiness, statistics, diagnostics and the spec.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::off_the_workers;
use crate::graph::NodeKind;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::state::AppState;
use crate::http::views::{DocumentView, FindingView, Page, json};

/// The OpenAPI document, served as written.
pub const OPENAPI: &str = include_str!("../../../openapi.yaml");

pub const NO_PARAMS: &[&str] = &[];
pub const PAGE_PARAMS: &[&str] = &["limit", "offset"];

pub async fn healthz() -> Response {
    json(&json!({"status": "ok"}))
}

pub async fn readyz(State(state): State<AppState>) -> Result<Response, ApiError> {
    let snapshot = state.snapshot()?;
    Ok(json(
        &json!({"status": "ready", "version": snapshot.version}),
    ))
}

#[derive(Serialize)]
struct Stats<'a> {
    nodes: NodeCounts,
    edges: EdgeCounts,
    relation_types: usize,
    documents: Vec<DocumentView<'a>>,
    version: &'a str,
}

#[derive(Serialize)]
struct NodeCounts {
    total: usize,
    category: usize,
    service: usize,
    concept: usize,
}

#[derive(Serialize)]
struct EdgeCounts {
    total: usize,
    relation: usize,
    membership: usize,
}

pub async fn stats(
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(query.as_deref(), NO_PARAMS)?;
    let g = &snapshot.graph;
    Ok(json(&Stats {
        nodes: NodeCounts {
            total: g.node_count(),
            category: g.count_kind(NodeKind::Category),
            service: g.count_kind(NodeKind::Service),
            concept: g.count_kind(NodeKind::Concept),
        },
        edges: EdgeCounts {
            total: g.relation_edge_count() + g.membership_count(),
            relation: g.relation_edge_count(),
            membership: g.membership_count(),
        },
        relation_types: g.relations().len(),
        documents: snapshot.documents.iter().map(DocumentView::from).collect(),
        version: &snapshot.version,
    }))
}

pub async fn diagnostics(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), PAGE_PARAMS)?;
    let (limit, offset) = params.page()?;
    // A failed reload is reported first, until a later one succeeds.
    let failure = state.live().last_failure().map(|f| {
        let paths: Vec<String> = state
            .live()
            .paths()
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        crate::diagnostic::Diagnostic::document(
            &paths.join(", "),
            format!(
                "reload failed: {}; still serving version {}",
                f.reason, snapshot.version
            ),
        )
    });
    // The checks' findings: each diagnostic under its rule, and what the
    // graph shows, computed once per version off the async workers.
    let history = state.history().clone();
    off_the_workers(move || {
        let findings = history.findings(&snapshot);
        let failed = failure.as_ref().map(|d| FindingView {
            document: &d.document,
            line: d.line,
            message: &d.message,
            rule: "reload-failed",
            severity: "error",
        });
        let all: Vec<FindingView> = failed
            .into_iter()
            .chain(findings.iter().map(FindingView::from))
            .collect();
        Ok(json(&Page::of(all.into_iter(), limit, offset)))
    })
    .await
}

/// Prometheus metrics in the OpenMetrics text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut response = state.metrics().render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    response
}

pub async fn openapi() -> Response {
    let mut response = OPENAPI.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/yaml"),
    );
    response
}

pub async fn unknown_route(uri: axum::http::Uri) -> ApiError {
    ApiError::UnknownRoute(uri.path().to_owned())
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

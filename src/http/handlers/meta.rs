//! Liveness, readiness, statistics, diagnostics and the spec.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;

use super::off_the_workers;
use crate::graph::NodeKind;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{NoParams, PageParams, Query};
use crate::http::state::AppState;
use crate::http::views::{DocumentView, FindingView, Page, json};

/// The OpenAPI document, served as written.
pub const OPENAPI: &str = include_str!("../../../openapi.yaml");

pub async fn healthz() -> Response {
    json(&json!({"status": "ok"}))
}

/// A reload running longer than this is reported stuck by `/readyz`.
pub const RELOAD_STUCK: std::time::Duration = std::time::Duration::from_secs(60);

pub async fn readyz(State(state): State<AppState>) -> Result<Response, ApiError> {
    if state.is_draining() {
        return Err(ApiError::Draining);
    }
    if let Some(running) = state.live().reload_running_for()
        && running > RELOAD_STUCK
    {
        return Err(ApiError::ReloadStuck(running.as_secs()));
    }
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
    Query(NoParams): Query<NoParams>,
) -> Result<Response, ApiError> {
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
    Query(PageParams(page)): Query<PageParams>,
) -> Result<Response, ApiError> {
    // A failed reload is reported first, until a later one succeeds.
    // Unauthenticated: data paths are named by their last component, not
    // where they are on the server's disk.
    let failure = state.live().last_failure().map(|f| {
        let mut reason = f.reason.clone();
        let mut names = Vec::new();
        for path in state.live().paths() {
            let name = path
                .file_name()
                .map_or_else(|| ".".into(), |n| n.to_string_lossy().into_owned());
            reason = reason.replace(&path.display().to_string(), &name);
            names.push(name);
        }
        crate::diagnostic::Diagnostic::document(
            &names.join(", "),
            format!(
                "reload failed: {reason}; still serving version {}",
                snapshot.version
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
        Ok(json(&Page::of(
            all.into_iter(),
            page.limit(),
            page.offset(),
        )))
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

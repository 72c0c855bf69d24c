//! Handlers: extract, call the query layer, map to a view. Each endpoint's
//! query parameters are one struct beside its handler
//! ([`crate::http::params::QueryParams`]), which the route table lists.

pub mod admin;
pub mod analytics;
pub mod ask;
pub mod changes;
pub mod dashboard;
pub mod export;
pub mod graph;
pub mod impact;
pub mod meta;
pub mod nodes;
pub mod query;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use super::error::ApiError;
use super::params::NodeName;
use crate::graph::{NodeKind, NodeRef};
use crate::snapshot::Snapshot;

/// The `{ref}` path segment, percent-decoded.
pub struct RefSegment(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RefSegment {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match Path::<String>::from_request_parts(parts, state).await {
            Ok(Path(text)) if !text.trim().is_empty() => Ok(RefSegment(text)),
            Ok(_) => Err(ApiError::bad("ref", "must not be empty")),
            Err(_) => Err(ApiError::bad(
                "ref",
                "not valid UTF-8 after percent-decoding",
            )),
        }
    }
}

/// Resolves a ref to a node of any kind.
pub fn resolve(snapshot: &Snapshot, parameter: &str, text: &str) -> Result<NodeRef, ApiError> {
    snapshot
        .resolver
        .resolve(&snapshot.graph, text, |_| true)
        .map_err(|e| ApiError::resolve(e, &snapshot.graph, parameter, "node"))
}

/// Resolves a ref among categories only.
pub fn resolve_category(
    snapshot: &Snapshot,
    parameter: &str,
    text: &str,
) -> Result<NodeRef, ApiError> {
    let graph = &snapshot.graph;
    snapshot
        .resolver
        .resolve(graph, text, |n| graph.node(n).kind == NodeKind::Category)
        .map_err(|e| ApiError::resolve(e, graph, parameter, "category"))
}

/// Resolves an optional node parameter.
pub fn resolve_param(
    snapshot: &Snapshot,
    parameter: &str,
    name: Option<&NodeName>,
) -> Result<Option<NodeRef>, ApiError> {
    name.map(|name| resolve(snapshot, parameter, name.as_str()))
        .transpose()
}

/// Runs CPU-heavy work (paths, exports) off the async workers. API
/// handlers already run on a work thread (see
/// [`crate::http::middleware`]): there it runs in place, under the
/// request's cancel flag; elsewhere (tests calling a handler directly) on
/// the blocking pool, under the caller's flag if it has one.
pub async fn off_the_workers<F>(work: F) -> Result<axum::response::Response, ApiError>
where
    F: FnOnce() -> Result<axum::response::Response, ApiError> + Send + 'static,
{
    if crate::work::current().is_some() {
        return work();
    }
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

//! Middleware of our own: one snapshot per request with its version, ETags
//! and 304s, size limits, load shedding, timeouts, request ids, metrics.

use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::request_id::{MakeRequestId, RequestId};

use super::error::ApiError;
use super::state::AppState;
use crate::load::Snapshot;
use crate::metrics::{RequestLabels, RouteLabels};

/// The header carrying the graph version a response was answered from.
pub const VERSION_HEADER: &str = "x-graph-version";
/// How long shared caches may reuse an answer before revalidating it.
pub const CACHE_CONTROL: &str = "public, max-age=5, must-revalidate";

/// The snapshot a request is answered from, taken once when it arrives.
pub struct Current(pub Arc<Snapshot>);

impl FromRequestParts<AppState> for Current {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match parts.extensions.get::<Arc<Snapshot>>() {
            Some(snapshot) => Ok(Current(snapshot.clone())),
            None => state.snapshot().map(Current),
        }
    }
}

/// Pins the request to the current snapshot, stamps its version on the
/// response, and answers `If-None-Match` with 304 before any work.
pub async fn versioned(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(snapshot) = state.live().current() else {
        return next.run(request).await;
    };
    let version = HeaderValue::from_str(&snapshot.version).ok();
    let cacheable = matches!(*request.method(), Method::GET | Method::HEAD)
        && request.uri().path().starts_with("/api/")
        && !request.uri().path().starts_with("/api/v1/admin/");
    let etag = cacheable.then(|| etag(&snapshot.version, request.uri()));
    if let Some(etag) = etag
        .as_ref()
        .filter(|e| if_none_match(request.headers(), e))
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        stamp(response.headers_mut(), version, Some(etag), true);
        return response;
    }
    request.extensions_mut().insert(snapshot);
    let mut response = next.run(request).await;
    let ok = response.status() == StatusCode::OK;
    stamp(
        response.headers_mut(),
        version,
        etag.as_ref().filter(|_| ok),
        cacheable && ok,
    );
    response
}

fn stamp(
    headers: &mut HeaderMap,
    version: Option<HeaderValue>,
    etag: Option<&HeaderValue>,
    cacheable: bool,
) {
    if let Some(version) = version {
        headers.insert(VERSION_HEADER, version);
    }
    if let Some(etag) = etag {
        headers.insert(header::ETAG, etag.clone());
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        let policy = if cacheable { CACHE_CONTROL } else { "no-cache" };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
}

/// A weak ETag from the graph version and the request target: the same
/// question to the same graph has the same answer.
fn etag(version: &str, uri: &axum::http::Uri) -> HeaderValue {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    uri.path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/")
        .hash(&mut hasher);
    let value = format!("W/\"{version}-{:016x}\"", hasher.finish());
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("W/\"0\""))
}

/// Whether `If-None-Match` lists `etag` (weak comparison) or `*`.
fn if_none_match(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|list| {
            list.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
        })
}

/// Refuses request targets and headers past their limits, before routing.
pub async fn limit_sizes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limits = state.limits();
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().len())
        .unwrap_or_default();
    if target > limits.max_uri_bytes {
        return ApiError::UriTooLong(limits.max_uri_bytes).into_response();
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len())
        .sum();
    if headers > limits.max_header_bytes {
        return ApiError::HeadersTooLarge(limits.max_header_bytes).into_response();
    }
    next.run(request).await
}

/// Sheds a request when every permit is taken (503 with `Retry-After`
/// rather than a queue), and bounds how long one may run.
pub async fn shed_and_time_out(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = state.in_flight().clone().try_acquire_owned() else {
        return ApiError::Overloaded.into_response();
    };
    match tokio::time::timeout(state.limits().request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// Counts every request by route template, method and status, and times it.
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let metrics = state.metrics();
    let status = response.status().as_u16();
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route: route.clone(),
            method,
            status,
        })
        .inc();
    metrics
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(started.elapsed().as_secs_f64());
    response
}

/// Request ids for requests that come without one: a per-process prefix
/// and a counter, unique enough to find a request's log lines.
#[derive(Clone, Copy, Default)]
pub struct Sequential;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl MakeRequestId for Sequential {
    fn make_request_id<B>(&mut self, _request: &axum::http::Request<B>) -> Option<RequestId> {
        let id = format!(
            "{:08x}-{:x}",
            std::process::id(),
            NEXT_ID.fetch_add(1, Ordering::Relaxed)
        );
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

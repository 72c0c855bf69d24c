//! Middleware of our own, in one layer: request ids, metrics, size limits,
//! load shedding, timeouts, and one snapshot per request with its version,
//! ETags and 304s.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::{FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use futures_util::future::{Either, Map};
use tower::{Layer, Service};
use tower_http::compression::{Compression, CompressionBody};
use tracing::Instrument;

use super::cache::Key;
use super::error::ApiError;
use super::state::{AppState, InFlight, Limits};
use crate::metrics::Route;
use crate::snapshot::Snapshot;
use crate::work::Cancel;

/// The header carrying the graph version a response was answered from.
pub const VERSION_HEADER: &str = "x-graph-version";
/// The header carrying a request's id, echoed or made.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
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

/// Everything the service does around a request, in one layer (a stack
/// of layers costs a boxed service and a boxed future each, per request):
/// a request id, metrics, size limits, load shedding, the timeout, and the
/// snapshot the request is answered from, with its version and ETag.
///
/// A span carries the request id, method and target at `debug` level;
/// server errors are logged with the request id, 503s at `warn` and the
/// others at `error`.
pub async fn around(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = request_id(request.headers_mut());
    let route = Route(request.extensions().get::<MatchedPath>().cloned());
    let method = request.method().clone();
    // The path only: a query string can carry what should not be logged.
    let span =
        tracing::debug_span!("request", id = ?id, method = %method, path = %request.uri().path());
    let mut response = guarded(&state, request, next).instrument(span).await;
    let status = response.status();
    if status.is_server_error() {
        let id = id.to_str().unwrap_or_default();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            tracing::warn!(request_id = id, %method, route = route.as_str(), status = status.as_u16(), "request not served");
        } else {
            tracing::error!(request_id = id, %method, route = route.as_str(), status = status.as_u16(), "request failed");
        }
    }
    state
        .metrics()
        .observe_request(route, method, status.as_u16(), started.elapsed());
    response.headers_mut().insert(REQUEST_ID, id);
    response
}

async fn guarded(state: &AppState, mut request: Request, next: Next) -> Response {
    if let Err(refused) = within_limits(state.limits(), &request) {
        return refused.into_response();
    }
    // Shed rather than queue when every slot is taken.
    let Some(slot) = state.admit() else {
        return ApiError::Overloaded.into_response();
    };
    let Some(snapshot) = state.live().current() else {
        return timed(state, run(state, slot, request, next)).await;
    };
    // Pin the request to this snapshot; answer If-None-Match before any work.
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
    // A GET asked before of this version is answered from the cache,
    // without a work thread; one that carries credentials is answered
    // afresh (its answer may depend on them).
    let keep = cacheable
        && state.answers().is_enabled()
        && request.method() == Method::GET
        && request.uri().path() != EVENTS_PATH
        && !request.headers().contains_key(header::AUTHORIZATION);
    // What the key borrows, owned here: the request goes to the handler.
    let asked = keep.then(|| {
        let target = request.uri().path_and_query().cloned();
        let encoding = request.headers().get(header::ACCEPT_ENCODING).cloned();
        (snapshot.clone(), target, encoding)
    });
    let key = asked.as_ref().map(|(pinned, target, encoding)| {
        let target = target.as_ref().map_or("/", |t| t.as_str());
        Key::new(&pinned.version, target, encoding.as_ref())
    });
    if let Some(key) = &key {
        let kept = state.answers().get(key);
        state.metrics().count_answer_lookup(kept.is_some());
        if let Some(kept) = kept {
            return kept;
        }
    }
    request.extensions_mut().insert(snapshot);
    let mut response = timed(state, run(state, slot, request, next)).await;
    let ok = response.status() == StatusCode::OK;
    stamp(
        response.headers_mut(),
        version,
        etag.as_ref().filter(|_| ok),
        cacheable && ok,
    );
    match key {
        Some(key) => state.answers().keep(key, response),
        None => response,
    }
}

/// The event stream: never kept, it does not end.
const EVENTS_PATH: &str = "/api/v1/events";

/// Runs the handler: the probes and static files on the async workers,
/// where they cannot wait behind anything, and every API request on a work
/// thread (see [`on_a_work_thread`]) unless it is sure to be quick (see
/// [`in_place`]).
async fn run(state: &AppState, slot: InFlight, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        if let Some(response) = in_place(state, &request, &next) {
            return response;
        }
        on_a_work_thread(state, slot, request, next).await
    } else {
        let response = next.run(request).await;
        drop(slot);
        response
    }
}

/// Graphs of at most this many nodes and edges answer small requests in
/// place (see [`in_place`]): so few that even an answer holding all of
/// them (a deep neighbourhood, a query's rows) is serialised within about
/// a slice, since serialising is work no flag can stop. On a generated map
/// of 2,100 nodes and 7,000 edges a depth-5 neighbourhood is 1.9 MB, and
/// answering it in place doubled the probes' median wait under load.
pub const IN_PLACE_MAX_ELEMENTS: usize = 1_000;
/// How long a request may run in place before it moves to a work thread.
pub const IN_PLACE_SLICE: Duration = Duration::from_micros(500);

/// Answers a request on the async worker when that is sure to be quick:
/// handing a request to a work thread and back costs two thread wake-ups,
/// more than a whole answer on a small graph. Only GETs of the routes whose
/// cost is bounded by the answer's size (not exports, analytics, diagnostics
/// or changes), on a graph of at most [`IN_PLACE_MAX_ELEMENTS`] nodes and
/// edges, and only
/// within one poll of the handler under a flag that cancels itself after
/// [`IN_PLACE_SLICE`]. A handler that waits for anything, or whose work
/// the slice stopped, is dropped and the request runs on a work thread
/// from the start; what it did in place is at most the slice.
fn in_place(state: &AppState, request: &Request, next: &Next) -> Option<Response> {
    const ELSEWHERE: &[&str] = &[
        "/api/v1/graph",
        "/api/v1/analytics",
        "/api/v1/diagnostics",
        "/api/v1/changes",
        EVENTS_PATH,
    ];
    if request.method() != Method::GET || ELSEWHERE.contains(&request.uri().path()) {
        return None;
    }
    let graph = &request.extensions().get::<Arc<Snapshot>>()?.graph;
    if graph.node_count() + graph.edge_count() > IN_PLACE_MAX_ELEMENTS {
        return None;
    }
    let mut copy = Request::new(axum::body::Body::empty());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.version_mut() = request.version();
    *copy.headers_mut() = request.headers().clone();
    *copy.extensions_mut() = request.extensions().clone();
    let slice = state.work_cancel_until(Instant::now() + IN_PLACE_SLICE);
    let response = crate::work::scoped(&slice, || next.clone().run(copy).now_or_never())?;
    if slice.ran_out() && response.status().is_server_error() {
        return None;
    }
    Some(response)
}

/// Runs the handler on a blocking thread at a lower priority, under one of
/// the few work permits, with a cancel flag of its own (a child of the
/// server's) current on that thread so that every [`crate::work::Budget`]
/// made there watches it. Whatever a handler computes, however it is
/// written, the async workers stay free for probes and new connections.
///
/// When this future is dropped (the request timed out, or the client went
/// away) the flag is cancelled and the work stops at its next check. The
/// request's slot and permit go with the work, and are freed only once it
/// has really stopped: a timeout cannot start more work than the limits
/// allow.
async fn on_a_work_thread(
    state: &AppState,
    slot: InFlight,
    request: Request,
    next: Next,
) -> Response {
    /// Cancels the work when the request is dropped before it ends.
    struct CancelOnDrop(Cancel);
    impl Drop for CancelOnDrop {
        fn drop(&mut self) {
            self.0.cancel();
        }
    }
    let Ok(permit) = state.work_permits().clone().acquire_owned().await else {
        return ApiError::Overloaded.into_response();
    };
    let cancel = state.work_cancel();
    let _cancel_on_drop = CancelOnDrop(cancel.clone());
    let runtime = tokio::runtime::Handle::current();
    let work = tokio::task::spawn_blocking(move || {
        crate::work::lower_this_threads_priority(WORK_NICE);
        let response = crate::work::scoped(&cancel, || runtime.block_on(next.run(request)));
        drop((permit, slot));
        response
    });
    match work.await {
        Ok(response) => response,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

/// The nice value of the work threads: below the async workers, above a
/// reload (19).
const WORK_NICE: i32 = 5;

/// Bounds how long a request may run.
async fn timed(state: &AppState, answer: impl Future<Output = Response>) -> Response {
    match tokio::time::timeout(state.limits().request_timeout, answer).await {
        Ok(response) => response,
        Err(_) => ApiError::Timeout.into_response(),
    }
}

/// Refuses request targets and headers past their limits.
fn within_limits(limits: Limits, request: &Request) -> Result<(), ApiError> {
    let target = request
        .uri()
        .path_and_query()
        .map(|p| p.as_str().len())
        .unwrap_or_default();
    if target > limits.max_uri_bytes {
        return Err(ApiError::UriTooLong(limits.max_uri_bytes));
    }
    let headers: usize = request
        .headers()
        .iter()
        .map(|(n, v)| n.as_str().len() + v.len())
        .sum();
    if headers > limits.max_header_bytes {
        return Err(ApiError::HeadersTooLarge(limits.max_header_bytes));
    }
    Ok(())
}

/// The request's `x-request-id`, or a new one (a per-process prefix and a
/// counter, unique enough to find a request's log lines), set on the
/// request for handlers to see.
fn request_id(headers: &mut HeaderMap) -> HeaderValue {
    if let Some(id) = headers.get(REQUEST_ID) {
        return id.clone();
    }
    static PROCESS: OnceLock<String> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let process = PROCESS.get_or_init(|| format!("{:08x}", std::process::id()));
    let id = format!("{process}-{:x}", NEXT.fetch_add(1, Ordering::Relaxed));
    let id = HeaderValue::from_str(&id).expect("hex digits and a hyphen");
    headers.insert(REQUEST_ID, id.clone());
    id
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

/// Compression (gzip or brotli, from `tower-http`) for the clients that ask
/// for it with `Accept-Encoding`; the others skip it, which is most of a
/// small answer's cost. Either way the answer varies by `Accept-Encoding`.
#[derive(Clone, Copy, Default)]
pub struct CompressWhenAsked;

impl<S: Clone> Layer<S> for CompressWhenAsked {
    type Service = CompressWhenAskedService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CompressWhenAskedService {
            compressed: Compression::new(inner.clone()),
            plain: inner,
        }
    }
}

#[derive(Clone)]
pub struct CompressWhenAskedService<S> {
    plain: S,
    compressed: Compression<S>,
}

impl<S> Service<Request> for CompressWhenAskedService<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<
        Map<
            <Compression<S> as Service<Request>>::Future,
            fn(Result<CompressedResponse, S::Error>) -> Result<Response, S::Error>,
        >,
        Map<S::Future, fn(Result<Response, S::Error>) -> Result<Response, S::Error>>,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Both wrap the same service, ready when it is.
        self.plain.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.headers().contains_key(header::ACCEPT_ENCODING) {
            Either::Left(
                self.compressed
                    .call(request)
                    .map(|result| result.map(|response| response.map(axum::body::Body::new))),
            )
        } else {
            Either::Right(self.plain.call(request).map(|result| {
                result.map(|mut response| {
                    response
                        .headers_mut()
                        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
                    response
                })
            }))
        }
    }
}

type CompressedResponse = axum::http::Response<CompressionBody<axum::body::Body>>;

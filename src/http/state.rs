//! What every handler shares: the live graph, the configuration and the
//! metrics. Cheap to clone: one `Arc`.

use std::sync::Arc;
use std::time::Duration;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use super::cache::AnswerCache;
use super::error::ApiError;
use crate::app::history::{History, Keep};
use crate::live::LiveGraph;
use crate::metrics::Metrics;
use crate::snapshot::Snapshot;
use crate::work::Cancel;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    live: Arc<LiveGraph>,
    config: Config,
    metrics: Arc<Metrics>,
    /// The snapshots served lately, for `/changes` and `/events`.
    history: Arc<History>,
    /// Requests in flight; at the limit, more are shed.
    in_flight: Arc<AtomicUsize>,
    /// Computations running at once on the work threads: a few per
    /// processor, so the threads that answer probes always get one.
    work_permits: Arc<Semaphore>,
    /// Cancels every computation still running: set at the shutdown
    /// deadline. Each request's own flag is a child of it.
    cancel: Cancel,
    /// Set on SIGTERM: `/readyz` answers 503 while in-flight requests finish.
    draining: AtomicBool,
    /// One large answer (an export of the whole of a big graph) at a time.
    large_answers: Arc<Semaphore>,
    /// Cypher plans by graph version and query, shared by every request.
    query_plans: Arc<crate::cypher::cache::PlanCache>,
    /// Answers by graph version and request target.
    answers: Arc<AnswerCache>,
}

/// One request in flight; dropping it frees the slot. Owned, so that it
/// can go with the request's work to the thread that does it, and is freed
/// only when that work has really stopped.
pub struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Release);
    }
}

/// How the HTTP layer behaves; every field has a documented default.
#[derive(Debug, Clone)]
pub struct Config {
    pub limits: Limits,
    /// Enables the admin endpoints; `None` answers them 404.
    pub admin_token: Option<AdminToken>,
    /// Origins allowed to call the API from a browser; empty means
    /// same-origin only, `*` any.
    pub cors_origins: Vec<String>,
    /// How many served snapshots to keep for `/changes` and `/events`.
    pub keep: Keep,
    /// How often `/api/v1/events` sends a heartbeat when nothing changes.
    pub event_heartbeat: Duration,
    /// How `/mcp` behaves: answer budgets, accepted hosts.
    pub mcp: crate::mcp::transport::McpHttpConfig,
    /// Bytes of answers kept for repeated GETs (see [`super::cache`]); 0
    /// keeps none.
    pub answer_cache_bytes: usize,
}

/// The default budget of the answer cache.
pub const ANSWER_CACHE_BYTES: usize = 16 * 1024 * 1024;
/// The largest answer the cache keeps, in bytes of body.
pub const ANSWER_CACHE_MAX_ENTRY: usize = 256 * 1024;

impl Default for Config {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            admin_token: None,
            cors_origins: Vec::new(),
            keep: Keep::default(),
            event_heartbeat: Duration::from_secs(15),
            mcp: Default::default(),
            answer_cache_bytes: ANSWER_CACHE_BYTES,
        }
    }
}

/// Bounds on what one request may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Edges one path query may examine; see [`crate::query::path::WORK_BUDGET`].
    pub path_work_budget: usize,
    /// Nodes plus edges one `/api/v1/graph` export may hold.
    pub export_max_elements: usize,
    /// Longest a request may take before a 503.
    pub request_timeout: Duration,
    /// Requests served at once; more are shed with a 503 and `Retry-After`.
    pub concurrency_limit: usize,
    /// Longest request target (path and query), in bytes.
    pub max_uri_bytes: usize,
    /// Most bytes of request headers, names and values together.
    pub max_header_bytes: usize,
    /// Work one Cypher query may do: nodes and edges examined, rows
    /// produced (the unit of the path budget).
    pub query_work_budget: usize,
    /// Rows one Cypher answer may hold; past it the answer is truncated.
    pub query_max_rows: usize,
    /// Bytes of Cypher query text.
    pub query_max_bytes: usize,
    /// Hops of a variable-length relationship (and what `*` means).
    pub query_max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            path_work_budget: crate::query::path::WORK_BUDGET,
            export_max_elements: 250_000,
            request_timeout: Duration::from_secs(10),
            concurrency_limit: 512,
            max_uri_bytes: 8 * 1024,
            max_header_bytes: 16 * 1024,
            query_work_budget: crate::cypher::Bounds::default().max_work,
            query_max_rows: crate::cypher::Bounds::default().max_rows,
            query_max_bytes: crate::cypher::Bounds::default().max_query_bytes,
            query_max_depth: crate::cypher::Bounds::default().max_depth,
        }
    }
}

/// The admin bearer token. Never printed: `Debug` shows a placeholder.
#[derive(Clone)]
pub struct AdminToken(String);

impl AdminToken {
    /// A token; `None` when it is empty after trimming.
    pub fn new(token: &str) -> Option<Self> {
        let token = token.trim();
        (!token.is_empty()).then(|| Self(token.to_owned()))
    }

    /// Compares in constant time.
    pub fn matches(&self, presented: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(presented.as_bytes()).into()
    }
}

impl std::fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AdminToken(<redacted>)")
    }
}

impl AppState {
    /// A state over `live`, configured by `config`.
    pub fn new(live: LiveGraph, config: Config) -> Self {
        let metrics = Metrics::new();
        if let Some(snapshot) = live.current() {
            metrics.observe_graph(&snapshot);
        }
        let history = Arc::new(History::new(config.keep));
        if let Some(snapshot) = live.current() {
            history.record(snapshot);
        }
        let recording = history.clone();
        live.on_reload(move |_, live| {
            if let Some(snapshot) = live.current() {
                recording.record(snapshot);
            }
        });
        let answers = Arc::new(answer_cache(&config));
        let forgetting = answers.clone();
        live.on_reload(move |_, _| forgetting.clear());
        let observing = metrics.clone();
        live.on_reload(move |outcome, live| {
            observing.count_reload(outcome.label());
            if let Some(snapshot) = live.current() {
                observing.observe_graph(&snapshot);
            }
        });
        Self(Arc::new(Shared {
            live: Arc::new(live),
            work_permits: Arc::new(Semaphore::new(work_threads())),
            config,
            metrics,
            history,
            query_plans: Arc::default(),
            in_flight: Arc::default(),
            cancel: Cancel::new(),
            draining: AtomicBool::new(false),
            large_answers: Arc::new(Semaphore::new(1)),
            answers,
        }))
    }

    /// A state with no graph yet: `/readyz` answers 503 until one is installed.
    pub fn empty() -> Self {
        Self::new(LiveGraph::default(), Config::default())
    }

    /// A state serving `snapshot`, with the default configuration.
    pub fn with_snapshot(snapshot: Snapshot) -> Self {
        let live = LiveGraph::default();
        live.install(snapshot);
        Self::new(live, Config::default())
    }

    /// The same graph with `limits`.
    pub fn with_limits(self, limits: Limits) -> Self {
        let config = Config {
            limits,
            ..self.0.config.clone()
        };
        self.with_config(config)
    }

    /// The same graph with `config`.
    pub fn with_config(self, config: Config) -> Self {
        Self(Arc::new(Shared {
            live: self.0.live.clone(),
            metrics: self.0.metrics.clone(),
            history: self.0.history.clone(),
            query_plans: self.0.query_plans.clone(),
            in_flight: Arc::default(),
            work_permits: Arc::new(Semaphore::new(work_threads())),
            cancel: Cancel::new(),
            draining: AtomicBool::new(false),
            large_answers: Arc::new(Semaphore::new(1)),
            answers: Arc::new(answer_cache(&config)),
            config,
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn limits(&self) -> Limits {
        self.0.config.limits
    }

    /// The Cypher plans kept for reuse.
    pub fn query_plans(&self) -> &crate::cypher::cache::PlanCache {
        &self.0.query_plans
    }

    /// The answers kept for repeated GETs.
    pub fn answers(&self) -> &Arc<AnswerCache> {
        &self.0.answers
    }

    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    pub fn history(&self) -> &Arc<History> {
        &self.0.history
    }

    pub fn live(&self) -> &Arc<LiveGraph> {
        &self.0.live
    }

    /// Counts a request in flight while the guard lives, or `None` when
    /// [`Limits::concurrency_limit`] are already in flight. A counter, not a
    /// semaphore: nothing waits for a slot, and releasing one takes no lock.
    pub fn admit(&self) -> Option<InFlight> {
        let limit = self.0.config.limits.concurrency_limit;
        self.0
            .in_flight
            .fetch_update(Ordering::Acquire, Ordering::Relaxed, |n| {
                (n < limit).then_some(n + 1)
            })
            .ok()
            .map(|_| InFlight(self.0.in_flight.clone()))
    }

    /// Requests in flight now, their work included.
    pub fn in_flight(&self) -> usize {
        self.0.in_flight.load(Ordering::Acquire)
    }

    /// The permits of the work threads (see [`crate::http::middleware`]).
    pub fn work_permits(&self) -> &Arc<Semaphore> {
        &self.0.work_permits
    }

    /// The permit to write a large answer, or `None` while another is.
    pub fn large_answer(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        self.0.large_answers.clone().try_acquire_owned().ok()
    }

    /// A flag for one request's work, cancelled with the server's.
    pub fn work_cancel(&self) -> Cancel {
        self.0.cancel.child()
    }

    /// A flag for one request's work, cancelled with the server's, and
    /// by itself at `deadline`.
    pub fn work_cancel_until(&self, deadline: std::time::Instant) -> Cancel {
        self.0.cancel.child_until(deadline)
    }

    /// Cancels every computation still running, and every later one.
    pub fn cancel_all_work(&self) {
        self.0.cancel.cancel();
    }

    /// From now on `/readyz` answers 503, so load balancers stop sending
    /// new requests while those in flight finish.
    pub fn start_draining(&self) {
        self.0.draining.store(true, Ordering::Release);
    }

    pub fn is_draining(&self) -> bool {
        self.0.draining.load(Ordering::Acquire)
    }

    /// The current snapshot, or `NotReady`.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        self.0.live.current().ok_or(ApiError::NotReady)
    }

    /// Makes `snapshot` the one every new request sees.
    pub fn install(&self, snapshot: Snapshot) {
        self.0.metrics.observe_graph(&snapshot);
        self.0.answers.clear();
        self.0.live.install(snapshot);
        if let Some(current) = self.0.live.current() {
            self.0.history.record(current);
        }
    }
}

fn answer_cache(config: &Config) -> AnswerCache {
    AnswerCache::new(config.answer_cache_bytes, ANSWER_CACHE_MAX_ENTRY)
}

/// Computations at once: four per processor, at least sixteen, so that a
/// page's burst of small requests does not queue behind one heavy one.
fn work_threads() -> usize {
    std::thread::available_parallelism().map_or(16, |n| (4 * n.get()).max(16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admission_is_bounded_and_freed_on_drop() {
        let state = AppState::empty().with_limits(Limits {
            concurrency_limit: 2,
            ..Limits::default()
        });
        let first = state.admit().expect("a slot");
        let second = state.admit().expect("a slot");
        assert!(state.admit().is_none());
        drop(first);
        let third = state.admit().expect("the freed slot");
        assert!(state.admit().is_none());
        drop((second, third));
        assert!(state.admit().is_some());
    }
}

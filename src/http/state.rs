//! What every handler shares: the live graph, the configuration and the
//! metrics. Cheap to clone: three `Arc`s.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use super::error::ApiError;
use crate::live::{LiveGraph, ReloadOutcome};
use crate::load::Snapshot;
use crate::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    live: Arc<LiveGraph>,
    config: Arc<Config>,
    metrics: Arc<Metrics>,
    /// Permits for requests in flight; none left means shed the request.
    in_flight: Arc<Semaphore>,
}

/// How the HTTP layer behaves; every field has a documented default.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    /// Enables the admin endpoints; `None` answers them 404.
    pub admin_token: Option<AdminToken>,
    /// Origins allowed to call the API from a browser; empty means
    /// same-origin only, `*` any.
    pub cors_origins: Vec<String>,
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
        let in_flight = Arc::new(Semaphore::new(config.limits.concurrency_limit));
        Self {
            live: Arc::new(live),
            config: Arc::new(config),
            metrics,
            in_flight,
        }
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
            ..(*self.config).clone()
        };
        self.with_config(config)
    }

    /// The same graph with `config`.
    pub fn with_config(self, config: Config) -> Self {
        let in_flight = Arc::new(Semaphore::new(config.limits.concurrency_limit));
        Self {
            config: Arc::new(config),
            in_flight,
            ..self
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn limits(&self) -> Limits {
        self.config.limits
    }

    pub fn metrics(&self) -> &Metrics {
        &self.metrics
    }

    pub fn live(&self) -> &Arc<LiveGraph> {
        &self.live
    }

    pub fn in_flight(&self) -> &Arc<Semaphore> {
        &self.in_flight
    }

    /// The current snapshot, or `NotReady`.
    pub fn snapshot(&self) -> Result<Arc<Snapshot>, ApiError> {
        self.live.current().ok_or(ApiError::NotReady)
    }

    /// Makes `snapshot` the one every new request sees.
    pub fn install(&self, snapshot: Snapshot) {
        self.metrics.observe_graph(&snapshot);
        self.live.install(snapshot);
    }

    /// Reloads the documents, updating the metrics.
    pub async fn reload(&self) -> ReloadOutcome {
        let outcome = self.live.reload().await;
        self.metrics.count_reload(outcome.label());
        if let Some(snapshot) = self.live.current() {
            self.metrics.observe_graph(&snapshot);
        }
        outcome
    }
}

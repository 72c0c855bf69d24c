//! Prometheus metrics, from the `prometheus-client` crate: requests by
//! route, method and status, latency by route, graph size, reloads by
//! outcome, and the served version.

use std::fmt::Write;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::Method;
use prometheus_client::encoding::{EncodeLabelSet, EncodeLabelValue, LabelValueEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::graph::NodeKind;
use crate::snapshot::Snapshot;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: Route,
    pub method: MethodLabel,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: Route,
}

/// A route template (`/api/v1/nodes/{ref}`), or `unmatched`: shared with
/// the router, so labelling a request copies nothing.
#[derive(Clone, Debug)]
pub struct Route(pub Option<MatchedPath>);

impl Route {
    pub fn as_str(&self) -> &str {
        self.0.as_ref().map_or("unmatched", MatchedPath::as_str)
    }
}

impl PartialEq for Route {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Route {}

impl Hash for Route {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl EncodeLabelValue for Route {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(self.as_str())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq)]
pub struct MethodLabel(pub Method);

impl EncodeLabelValue for MethodLabel {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> std::fmt::Result {
        encoder.write_str(self.0.as_str())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabels {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct VersionLabels {
    pub version: String,
}

/// Every metric, registered once.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    nodes: Family<KindLabels, Gauge>,
    edges: Family<KindLabels, Gauge>,
    pub reloads: Family<OutcomeLabels, Counter>,
    graph_info: Family<VersionLabels, Gauge>,
    answer_cache_hits: Counter,
    answer_cache_misses: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("servicemap");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.000_05, 2.0, 16))) as fn() -> Histogram,
        );
        let nodes = Family::<KindLabels, Gauge>::default();
        let edges = Family::<KindLabels, Gauge>::default();
        let reloads = Family::<OutcomeLabels, Counter>::default();
        let graph_info = Family::<VersionLabels, Gauge>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        registry.register(
            "graph_nodes",
            "Nodes in the served graph by kind",
            nodes.clone(),
        );
        registry.register(
            "graph_edges",
            "Edges in the served graph by kind (relation, membership)",
            edges.clone(),
        );
        registry.register(
            "reloads",
            "Reloads by outcome (reloaded, unchanged, failed)",
            reloads.clone(),
        );
        registry.register(
            "graph_info",
            "The served graph's content version (value 1)",
            graph_info.clone(),
        );
        let answer_cache_hits = Counter::default();
        let answer_cache_misses = Counter::default();
        registry.register(
            "answer_cache_hits",
            "GETs answered from the answer cache",
            answer_cache_hits.clone(),
        );
        registry.register(
            "answer_cache_misses",
            "GETs the answer cache could keep but did not hold",
            answer_cache_misses.clone(),
        );
        Metrics {
            registry,
            answer_cache_hits,
            answer_cache_misses,
            requests,
            latency,
            nodes,
            edges,
            reloads,
            graph_info,
        }
    }
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Sets the graph gauges from the served snapshot.
    pub fn observe_graph(&self, snapshot: &Snapshot) {
        let g = &snapshot.graph;
        for kind in NodeKind::ALL {
            self.nodes
                .get_or_create(&KindLabels {
                    kind: kind.as_str().into(),
                })
                .set(g.count_kind(kind) as i64);
        }
        self.edges
            .get_or_create(&KindLabels {
                kind: "relation".into(),
            })
            .set(g.relation_edge_count() as i64);
        self.edges
            .get_or_create(&KindLabels {
                kind: "membership".into(),
            })
            .set(g.membership_count() as i64);
        self.graph_info.clear();
        self.graph_info
            .get_or_create(&VersionLabels {
                version: snapshot.version.clone(),
            })
            .set(1);
    }

    /// Counts and times one answered request.
    pub fn observe_request(&self, route: Route, method: Method, status: u16, took: Duration) {
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(took.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method: MethodLabel(method),
                status,
            })
            .inc();
    }

    /// Counts a lookup in the answer cache.
    pub fn count_answer_lookup(&self, hit: bool) {
        if hit {
            self.answer_cache_hits.inc();
        } else {
            self.answer_cache_misses.inc();
        }
    }

    pub fn count_reload(&self, outcome: &str) {
        self.reloads
            .get_or_create(&OutcomeLabels {
                outcome: outcome.into(),
            })
            .inc();
    }

    /// The Prometheus text exposition (OpenMetrics).
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

//! Prometheus metrics, from the `prometheus-client` crate: requests by
//! route, method and status, latency by route, graph size, reloads by
//! outcome, and the served version.

use std::sync::Arc;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::graph::NodeKind;
use crate::load::Snapshot;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    pub route: String,
    pub method: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
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
    pub requests: Family<RequestLabels, Counter>,
    pub latency: Family<RouteLabels, Histogram>,
    nodes: Family<KindLabels, Gauge>,
    edges: Family<KindLabels, Gauge>,
    pub reloads: Family<OutcomeLabels, Counter>,
    graph_info: Family<VersionLabels, Gauge>,
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
        Metrics {
            registry,
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

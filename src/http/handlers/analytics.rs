//! `GET /api/v1/analytics`: the most central nodes, and the connected
//! components.

use axum::extract::RawQuery;
use axum::response::Response;
use serde::Serialize;

use crate::graph::{BETWEENNESS_MAX_NODES, NodeRef};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::views::{NodeSummary, Page, json, summary};

pub const ANALYTICS_PARAMS: &[&str] = &["metric", "limit", "offset"];
/// The most nodes listed in one component.
const COMPONENT_NODES: usize = 50;

#[derive(Serialize)]
struct Degree<'a> {
    node: NodeSummary<'a>,
    degree: usize,
    #[serde(rename = "in")]
    incoming: usize,
    out: usize,
}

#[derive(Serialize)]
struct Score<'a> {
    node: NodeSummary<'a>,
    score: f64,
}

#[derive(Serialize)]
struct Component<'a> {
    size: usize,
    /// The first nodes of the component, in document order.
    nodes: Vec<NodeSummary<'a>>,
}

pub async fn analytics(
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), ANALYTICS_PARAMS)?;
    let (limit, offset) = params.page()?;
    let metric = params.typed("metric")?.unwrap_or("degree");
    let g = &snapshot.graph;
    let by_name = |a: &NodeRef, b: &NodeRef| g.node(*a).name.cmp(&g.node(*b).name);
    match metric {
        "degree" => {
            let degrees = g.degrees();
            let mut nodes: Vec<NodeRef> = g.nodes().map(|(n, _)| n).collect();
            let total = |n: &NodeRef| degrees[n.index()].0 + degrees[n.index()].1;
            nodes.sort_by(|a, b| total(b).cmp(&total(a)).then(by_name(a, b)));
            let items = nodes.into_iter().map(|n| {
                let (incoming, out) = degrees[n.index()];
                Degree {
                    node: summary(g, n),
                    degree: incoming + out,
                    incoming,
                    out,
                }
            });
            Ok(json(&Page::of(items, limit, offset)))
        }
        "betweenness" => {
            let scores = snapshot
                .betweenness
                .get_or_init(|| g.betweenness())
                .as_ref()
                .ok_or_else(|| {
                    ApiError::TooLarge(format!(
                        "betweenness is computed for graphs of up to {BETWEENNESS_MAX_NODES} nodes"
                    ))
                })?;
            let mut nodes: Vec<NodeRef> = g.nodes().map(|(n, _)| n).collect();
            nodes.sort_by(|a, b| {
                scores[b.index()]
                    .total_cmp(&scores[a.index()])
                    .then(by_name(a, b))
            });
            let items = nodes.into_iter().map(|n| Score {
                node: summary(g, n),
                score: (scores[n.index()] * 1e6).round() / 1e6,
            });
            Ok(json(&Page::of(items, limit, offset)))
        }
        "components" => {
            let components = g.components();
            let items = components.iter().map(|c| Component {
                size: c.len(),
                nodes: c
                    .iter()
                    .take(COMPONENT_NODES)
                    .map(|n| summary(g, *n))
                    .collect(),
            });
            Ok(json(&Page::of(items, limit, offset)))
        }
        _ => Err(ApiError::bad(
            "metric",
            "must be degree, betweenness or components",
        )),
    }
}

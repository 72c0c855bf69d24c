//! `GET /api/v1/analytics`: the most central nodes, and the connected
//! components.

use axum::response::Response;
use serde::Serialize;

use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{Paging, Param, Params, Query, QueryParams};
use crate::http::views::{NodeSummary, Page, json, summary};
use crate::query::choice::Choice;
use crate::snapshot::analytics::Pending;

/// What `/api/v1/analytics` ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    Degree,
    Betweenness,
    Components,
}

impl Choice for Metric {
    const ALL: &'static [Self] = &[Metric::Degree, Metric::Betweenness, Metric::Components];
    const DEFAULT: Option<Self> = Some(Metric::Degree);

    fn word(self) -> &'static str {
        match self {
            Metric::Degree => "degree",
            Metric::Betweenness => "betweenness",
            Metric::Components => "components",
        }
    }
}

/// `GET /api/v1/analytics`.
pub struct AnalyticsParams {
    pub metric: Metric,
    pub page: Paging,
}

impl QueryParams for AnalyticsParams {
    const PARAMS: &'static [Param] = &[
        Param::word::<Metric>("metric"),
        Paging::PARAMS[0],
        Paging::PARAMS[1],
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let page = Paging::read(p)?;
        Ok(Self {
            metric: p.word_or_default("metric")?,
            page,
        })
    }
}
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

/// Answers from the analytics computed for this version (see
/// [`crate::snapshot::analytics`]); a 503 with `Retry-After` while they are
/// still being computed, a 422 when betweenness would cost too much.
pub async fn analytics(
    Current(snapshot): Current,
    Query(params): Query<AnalyticsParams>,
) -> Result<Response, ApiError> {
    let (limit, offset) = (params.page.limit(), params.page.offset());
    let g = &snapshot.graph;
    let analytics = &snapshot.analytics;
    match params.metric {
        Metric::Degree => {
            let degrees = analytics.degrees(g).map_err(pending)?;
            let items = degrees.ranked.iter().map(|&n| {
                let (incoming, out) = degrees.by_node[n.index()];
                Degree {
                    node: summary(g, n),
                    degree: incoming + out,
                    incoming,
                    out,
                }
            });
            Ok(json(&Page::of(items, limit, offset)))
        }
        Metric::Betweenness => {
            let centrality = analytics.centrality(g).map_err(pending)?;
            let items = centrality.ranked.iter().map(|&n| Score {
                node: summary(g, n),
                score: (centrality.scores[n.index()] * 1e6).round() / 1e6,
            });
            Ok(json(&Page::of(items, limit, offset)))
        }
        Metric::Components => {
            let components = analytics.components(g).map_err(pending)?;
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
    }
}

fn pending(pending: Pending) -> ApiError {
    match pending {
        Pending::Computing => ApiError::Computing,
        Pending::TooMuchWork { estimate, limit } => ApiError::TooLarge(format!(
            "betweenness on this graph would examine about {estimate} nodes and edges; the bound is {limit}"
        )),
    }
}

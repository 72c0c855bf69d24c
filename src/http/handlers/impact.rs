//! `GET /api/v1/nodes/{ref}/impact`: what depends on a node, transitively,
//! or what it depends on; each reached node with its distance and the path
//! that reaches it, and the same question as Cypher.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use super::{RefSegment, resolve};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{Param, Params, Query, QueryParams, RelationNames};
use crate::http::state::{AppState, Limits};
use crate::http::views::{EdgeView, NodeSummary, edge_view, json, summary};
use crate::query::bounds::{Bounded, ImpactDepth};
use crate::query::choice::Choice;
use crate::query::edges::relation_ids;
use crate::query::impact::{DependenceRelations, ImpactDirection, as_cypher, impact};
use crate::snapshot::Snapshot;

/// `GET /api/v1/nodes/{ref}/impact`.
pub struct ImpactParams {
    pub direction: ImpactDirection,
    pub relation: RelationNames,
    pub depth: ImpactDepth,
}

impl QueryParams for ImpactParams {
    const PARAMS: &'static [Param] = &[
        Param::word::<ImpactDirection>("direction"),
        Param::list("relation"),
        Param::int::<ImpactDepth>(),
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        Ok(Self {
            direction: p.word_or_default("direction")?,
            depth: p.int()?,
            relation: p.relations(),
        })
    }
}

#[derive(Serialize)]
struct ReachedView<'a> {
    node: NodeSummary<'a>,
    distance: usize,
    path: PathView<'a>,
}

#[derive(Serialize)]
struct PathView<'a> {
    nodes: Vec<NodeSummary<'a>>,
    edges: Vec<EdgeView<'a>>,
}

#[derive(Serialize)]
struct ImpactView<'a> {
    node: NodeSummary<'a>,
    direction: &'static str,
    /// The relations followed.
    relations: Vec<&'a str>,
    depth: usize,
    reached: Vec<ReachedView<'a>>,
    /// The same question for `POST /api/v1/query`.
    cypher: String,
}

pub async fn impact_of(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RefSegment(text): RefSegment,
    Query(params): Query<ImpactParams>,
) -> Result<Response, ApiError> {
    let limits = state.limits();
    super::off_the_workers(move || answer(&snapshot, &text, &params, limits)).await
}

fn answer(
    snapshot: &Snapshot,
    text: &str,
    params: &ImpactParams,
    limits: Limits,
) -> Result<Response, ApiError> {
    let (direction, depth) = (params.direction, params.depth.get());
    let node = resolve(snapshot, "ref", text)?;
    let g = &snapshot.graph;
    let relations = match super::graph::relations_param(snapshot, &params.relation)? {
        Some(terms) => DependenceRelations::chosen(g, &relation_ids(&terms)),
        None => DependenceRelations::declared(g),
    };
    let reached = impact(
        g,
        node,
        direction,
        &relations,
        depth,
        limits.path_work_budget,
    )?;
    Ok(json(&ImpactView {
        node: summary(g, node),
        direction: direction.word(),
        relations: relations
            .0
            .iter()
            .map(|(r, _)| g.relation(*r).label.as_str())
            .collect(),
        depth,
        reached: reached
            .iter()
            .map(|r| ReachedView {
                node: summary(g, r.node),
                distance: r.distance,
                path: PathView {
                    nodes: r.path.nodes.iter().map(|n| summary(g, *n)).collect(),
                    edges: r.path.edges.iter().map(|e| edge_view(g, *e)).collect(),
                },
            })
            .collect(),
        cypher: as_cypher(g, node, direction, &relations, depth),
    }))
}

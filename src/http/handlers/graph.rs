//! Relations, edge patterns and paths.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Serialize;

use super::{resolve, resolve_param};
use crate::graph::KnowledgeGraph;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::state::{AppState, Limits};
use crate::http::views::{EdgeView, NodeSummary, Page, edge_view, json, summary};
use crate::matcher::relation_suggestions;
use crate::query::bounds::{MAX_HOPS, PATHS};
use crate::query::edges::{EdgePattern, RelationTerm, matching_edges, relation_ids};
use crate::query::path::{Path, PathOptions, shortest_paths};
use crate::snapshot::Snapshot;

pub const RELATIONS_PARAMS: &[&str] = &["limit", "offset"];
pub const EDGES_PARAMS: &[&str] = &["source", "relation", "target", "limit", "offset"];
pub const PATH_PARAMS: &[&str] = &[
    "from",
    "to",
    "directed",
    "via_categories",
    "max_hops",
    "k",
    "relation",
    "avoid",
];

/// The relations named by every `relation` value, active or inverse
/// wording; an unknown one is a 400 listing the closest labels.
pub fn relations_param(
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Option<Vec<RelationTerm>>, ApiError> {
    let names = params.all("relation");
    if names.is_empty() {
        return Ok(None);
    }
    let g = &snapshot.graph;
    names
        .into_iter()
        .map(|name| {
            g.relation_term(name)
                .map(|(relation, inverse)| RelationTerm { relation, inverse })
                .ok_or_else(|| unknown_relation(snapshot, name))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn unknown_relation(snapshot: &Snapshot, name: &str) -> ApiError {
    ApiError::BadParameter {
        name: "relation".into(),
        reason: format!("no relation `{name}`; GET /api/v1/relations lists them"),
        suggestions: relation_suggestions(&snapshot.graph, name),
    }
}

#[derive(Serialize)]
struct RelationView<'a> {
    id: &'a str,
    label: &'a str,
    count: usize,
    /// How the relation reads from the target's side; `null` when symmetric
    /// or unknown.
    inverse: Option<&'a str>,
    symmetric: bool,
}

pub async fn relations(
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), RELATIONS_PARAMS)?;
    let (limit, offset) = params.page()?;
    let g = &snapshot.graph;
    let all = g.relations().map(|(id, r)| {
        let wording = g.vocabulary().wording(&r.label);
        RelationView {
            id: &r.id,
            label: &r.label,
            count: g.edges_with_relation(id).len(),
            inverse: wording.and_then(|w| w.inverse.as_deref()),
            symmetric: wording.is_some_and(|w| w.symmetric),
        }
    });
    Ok(json(&Page::of(all, limit, offset)))
}

pub async fn edges(
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), EDGES_PARAMS)?;
    Ok(json(&edges_answer(&snapshot, &params)?))
}

/// `GET /api/v1/edges`.
pub fn edges_answer<'s>(
    snapshot: &'s Snapshot,
    params: &Params,
) -> Result<Page<EdgeView<'s>>, ApiError> {
    let (limit, offset) = params.page()?;
    let pattern = EdgePattern {
        source: resolve_param(snapshot, params, "source")?,
        relations: relations_param(snapshot, params)?,
        target: resolve_param(snapshot, params, "target")?,
    };
    let g = &snapshot.graph;
    let found = matching_edges(g, &pattern);
    Ok(Page::of(
        found.iter().map(|e| edge_view(g, *e)),
        limit,
        offset,
    ))
}

#[derive(Serialize)]
pub struct PathView<'a> {
    hops: usize,
    nodes: Vec<NodeSummary<'a>>,
    edges: Vec<EdgeView<'a>>,
}

#[derive(Serialize)]
pub struct Paths<'a> {
    paths: Vec<PathView<'a>>,
}

pub async fn path(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), PATH_PARAMS)?;
    let limits = state.limits();
    // Most searches are small: try here, within a budget of a few tens of
    // microseconds, and hand the search to the blocking pool only when
    // that is not enough (handing over costs more than a small search).
    let quick = Limits {
        path_work_budget: limits.path_work_budget.min(INLINE_PATH_WORK),
        ..limits
    };
    match path_answer(&snapshot, &params, quick) {
        Err(ApiError::TooExpensive) if quick.path_work_budget < limits.path_work_budget => {}
        answer => return Ok(json(&answer?)),
    }
    super::off_the_workers(move || Ok(json(&path_answer(&snapshot, &params, limits)?))).await
}

/// Edges a path search may examine on an async worker before it moves to
/// the blocking pool.
pub const INLINE_PATH_WORK: usize = 20_000;

/// `GET /api/v1/path`.
pub fn path_answer<'s>(
    snapshot: &'s Snapshot,
    params: &Params,
    limits: Limits,
) -> Result<Paths<'s>, ApiError> {
    let directed = params.bool("directed", false)?;
    let via_categories = params.bool("via_categories", false)?;
    let max_hops = params.int(&MAX_HOPS)?;
    let k = params.int(&PATHS)?;
    let from = resolve(snapshot, "from", params.required("from")?)?;
    let to = resolve(snapshot, "to", params.required("to")?)?;
    let avoid = params
        .all("avoid")
        .into_iter()
        .map(|a| resolve(snapshot, "avoid", a))
        .collect::<Result<Vec<_>, _>>()?;
    if avoid.contains(&from) || avoid.contains(&to) {
        return Err(ApiError::bad("avoid", "cannot avoid the path's own ends"));
    }
    let relations = relations_param(snapshot, params)?.map(|terms| relation_ids(&terms));
    let budget = limits.path_work_budget;
    let options = PathOptions {
        directed,
        via_categories,
        max_hops,
        relations,
        avoid,
        k,
        budget,
    };
    let g = &snapshot.graph;
    let found = shortest_paths(g, from, to, &options)?;
    if found.is_empty() {
        return Err(ApiError::NoPath(format!(
            "no path from `{}` to `{}` within {max_hops} hops with these options",
            g.node(from).name,
            g.node(to).name
        )));
    }
    Ok(paths_view(g, &found))
}

/// Paths as `GET /api/v1/path` shows them.
pub fn paths_view<'g>(g: &'g KnowledgeGraph, paths: &[Path]) -> Paths<'g> {
    Paths {
        paths: paths
            .iter()
            .map(|p| PathView {
                hops: p.hops(),
                nodes: p.nodes.iter().map(|n| summary(g, *n)).collect(),
                edges: p.edges.iter().map(|e| edge_view(g, *e)).collect(),
            })
            .collect(),
    }
}

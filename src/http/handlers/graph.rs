//! Relations, edge patterns and paths.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use super::{resolve, resolve_param};
use crate::graph::KnowledgeGraph;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{
    NodeName, PageParams, Paging, Param, Params, Query, QueryParams, RelationNames,
};
use crate::http::state::{AppState, Limits};
use crate::http::views::{EdgeView, NodeSummary, Page, edge_view, json, summary};
use crate::matcher::relation_suggestions;
use crate::query::bounds::{Bounded, MaxHops, PathCount};
use crate::query::edges::{EdgePattern, RelationTerm, matching_edges, relation_ids};
use crate::query::path::{Path, PathOptions, shortest_paths};
use crate::snapshot::Snapshot;

/// The relations named by every `relation` value, active or inverse
/// wording; an unknown one is a 400 listing the closest labels.
pub fn relations_param(
    snapshot: &Snapshot,
    names: &RelationNames,
) -> Result<Option<Vec<RelationTerm>>, ApiError> {
    if names.0.is_empty() {
        return Ok(None);
    }
    let g = &snapshot.graph;
    names
        .0
        .iter()
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
    Query(PageParams(page)): Query<PageParams>,
) -> Result<Response, ApiError> {
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
    Ok(json(&Page::of(all, page.limit(), page.offset())))
}

/// `GET /api/v1/edges`.
pub struct EdgesParams {
    pub source: Option<NodeName>,
    pub relation: RelationNames,
    pub target: Option<NodeName>,
    pub page: Paging,
}

impl QueryParams for EdgesParams {
    const PARAMS: &'static [Param] = &[
        Param::text("source"),
        Param::list("relation"),
        Param::text("target"),
        Paging::PARAMS[0],
        Paging::PARAMS[1],
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let page = Paging::read(p)?;
        Ok(Self {
            source: p.node("source")?,
            relation: p.relations(),
            target: p.node("target")?,
            page,
        })
    }
}

pub async fn edges(
    Current(snapshot): Current,
    Query(params): Query<EdgesParams>,
) -> Result<Response, ApiError> {
    let pattern = EdgePattern {
        source: resolve_param(&snapshot, "source", params.source.as_ref())?,
        relations: relations_param(&snapshot, &params.relation)?,
        target: resolve_param(&snapshot, "target", params.target.as_ref())?,
    };
    let g = &snapshot.graph;
    let found = matching_edges(g, &pattern);
    let page = params.page;
    Ok(json(&Page::of(
        found.iter().map(|e| edge_view(g, *e)),
        page.limit(),
        page.offset(),
    )))
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

/// `GET /api/v1/path`.
pub struct PathParams {
    pub from: NodeName,
    pub to: NodeName,
    pub directed: bool,
    pub via_categories: bool,
    pub max_hops: MaxHops,
    pub k: PathCount,
    pub relation: RelationNames,
    pub avoid: Vec<NodeName>,
}

const DIRECTED: Param = Param::flag("directed", false);
const VIA_CATEGORIES: Param = Param::flag("via_categories", false);

impl QueryParams for PathParams {
    const PARAMS: &'static [Param] = &[
        Param::required("from"),
        Param::required("to"),
        DIRECTED,
        VIA_CATEGORIES,
        Param::int::<MaxHops>(),
        Param::int::<PathCount>(),
        Param::list("relation"),
        Param::list("avoid"),
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let directed = p.flag(&DIRECTED)?;
        let via_categories = p.flag(&VIA_CATEGORIES)?;
        let max_hops = p.int()?;
        let k = p.int()?;
        Ok(Self {
            from: p.required_node("from")?,
            to: p.required_node("to")?,
            directed,
            via_categories,
            max_hops,
            k,
            relation: p.relations(),
            avoid: p.nodes("avoid"),
        })
    }
}

pub async fn path(
    State(state): State<AppState>,
    Current(snapshot): Current,
    Query(params): Query<PathParams>,
) -> Result<Response, ApiError> {
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
    params: &PathParams,
    limits: Limits,
) -> Result<Paths<'s>, ApiError> {
    let from = resolve(snapshot, "from", params.from.as_str())?;
    let to = resolve(snapshot, "to", params.to.as_str())?;
    let avoid = params
        .avoid
        .iter()
        .map(|a| resolve(snapshot, "avoid", a.as_str()))
        .collect::<Result<Vec<_>, _>>()?;
    if avoid.contains(&from) || avoid.contains(&to) {
        return Err(ApiError::bad("avoid", "cannot avoid the path's own ends"));
    }
    let relations = relations_param(snapshot, &params.relation)?.map(|terms| relation_ids(&terms));
    let max_hops = params.max_hops.get();
    let options = PathOptions {
        directed: params.directed,
        via_categories: params.via_categories,
        max_hops,
        relations,
        avoid,
        k: params.k.get(),
        budget: limits.path_work_budget,
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

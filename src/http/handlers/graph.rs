//! Relations, edge patterns and paths.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use serde::Serialize;

use super::{resolve, resolve_param};
use crate::graph::RelationId;
use crate::graph::relation::{active_form, comparable};
use crate::http::error::ApiError;
use crate::http::params::Params;
use crate::http::state::AppState;
use crate::http::views::{EdgeView, NodeSummary, Page, edge_view, json, summary};
use crate::load::Snapshot;
use crate::query::edges::{EdgePattern, matching_edges};
use crate::query::path::{PathOptions, shortest_paths};

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

/// The relations named by every `relation` value; an unknown one is a 400
/// listing the closest labels.
pub fn relations_param(
    snapshot: &Snapshot,
    params: &Params,
) -> Result<Option<Vec<RelationId>>, ApiError> {
    let names = params.all("relation");
    if names.is_empty() {
        return Ok(None);
    }
    let g = &snapshot.graph;
    let mut ids = Vec::new();
    for name in names {
        let id = g
            .relation_by_label(name)
            .or_else(|| active_form(&comparable(name)).and_then(|a| g.relation_by_label(a)))
            .ok_or_else(|| unknown_relation(snapshot, name))?;
        ids.push(id);
    }
    Ok(Some(ids))
}

fn unknown_relation(snapshot: &Snapshot, name: &str) -> ApiError {
    let typed = comparable(name);
    let mut scored: Vec<_> = snapshot
        .graph
        .relations()
        .map(|(_, r)| (strsim::jaro_winkler(&typed, &r.label), r.label.clone()))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    ApiError::BadParameter {
        name: "relation".into(),
        reason: format!("no relation `{name}`; GET /api/v1/relations lists them"),
        suggestions: scored.into_iter().take(5).map(|(_, l)| l).collect(),
    }
}

#[derive(Serialize)]
struct RelationView<'a> {
    id: &'a str,
    label: &'a str,
    count: usize,
}

pub async fn relations(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), RELATIONS_PARAMS)?;
    let (limit, offset) = params.page()?;
    let snapshot = state.snapshot()?;
    let g = &snapshot.graph;
    let all = g.relations().map(|(id, r)| RelationView {
        id: &r.id,
        label: &r.label,
        count: g.edges_with_relation(id).len(),
    });
    Ok(json(&Page::of(all, limit, offset)))
}

pub async fn edges(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), EDGES_PARAMS)?;
    let (limit, offset) = params.page()?;
    let snapshot = state.snapshot()?;
    let mut pattern = EdgePattern {
        source: resolve_param(&snapshot, &params, "source")?,
        relations: relations_param(&snapshot, &params)?,
        target: resolve_param(&snapshot, &params, "target")?,
    };
    // A passive wording asks about the stored active edge the other way round.
    let passive = params
        .all("relation")
        .iter()
        .any(|r| active_form(&comparable(r)).is_some());
    if passive {
        std::mem::swap(&mut pattern.source, &mut pattern.target);
    }
    let g = &snapshot.graph;
    let found = matching_edges(g, &pattern);
    Ok(json(&Page::of(
        found.iter().map(|e| edge_view(g, *e)),
        limit,
        offset,
    )))
}

#[derive(Serialize)]
struct PathView<'a> {
    hops: usize,
    nodes: Vec<NodeSummary<'a>>,
    edges: Vec<EdgeView<'a>>,
}

#[derive(Serialize)]
struct Paths<'a> {
    paths: Vec<PathView<'a>>,
}

pub async fn path(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), PATH_PARAMS)?;
    let directed = params.bool("directed", false)?;
    let via_categories = params.bool("via_categories", false)?;
    let max_hops = params.int("max_hops", 16, 1..=32)?;
    let k = params.int("k", 1, 1..=10)?;
    let snapshot = state.snapshot()?;
    let from = resolve(&snapshot, "from", params.required("from")?)?;
    let to = resolve(&snapshot, "to", params.required("to")?)?;
    let avoid = params
        .all("avoid")
        .into_iter()
        .map(|a| resolve(&snapshot, "avoid", a))
        .collect::<Result<Vec<_>, _>>()?;
    if avoid.contains(&from) || avoid.contains(&to) {
        return Err(ApiError::bad("avoid", "cannot avoid the path's own ends"));
    }
    let relations = relations_param(&snapshot, &params)?;
    let options = PathOptions {
        directed,
        via_categories,
        max_hops,
        relations,
        avoid,
        k,
        budget: state.limits().path_work_budget,
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
    Ok(json(&Paths {
        paths: found
            .iter()
            .map(|p| PathView {
                hops: p.hops(),
                nodes: p.nodes.iter().map(|n| summary(g, *n)).collect(),
                edges: p.edges.iter().map(|e| edge_view(g, *e)).collect(),
            })
            .collect(),
    }))
}

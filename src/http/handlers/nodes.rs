//! Nodes, their neighbourhoods, and categories.

use std::collections::BTreeMap;

use axum::response::Response;
use serde::Serialize;

use super::{RefSegment, resolve, resolve_category};
use crate::graph::{EdgeKind, KnowledgeGraph, NodeKind, NodeRef};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{
    NoParams, NodeItems, NodeName, PageParams, Paging, Param, Params, Query, QueryParams,
    RelationNames, Text,
};
use crate::http::views::{EdgeView, NodeSummary, Page, ProvenanceView, edge_view, json, summary};
use crate::query::bounds::{Bounded, Depth};
use crate::query::edges::relation_ids;
use crate::query::neighbors::{Direction, Subgraph, neighbors as walk};

/// `GET /api/v1/nodes`.
pub struct ListParams {
    pub kind: Option<NodeKind>,
    pub category: Option<NodeName>,
    pub q: Option<Text>,
    pub page: Paging,
}

impl QueryParams for ListParams {
    const PARAMS: &'static [Param] = &[
        Param::word::<NodeKind>("kind"),
        Param::text("category"),
        Param::text("q"),
        Paging::PARAMS[0],
        Paging::PARAMS[1],
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let page = Paging::read(p)?;
        Ok(Self {
            kind: p.word("kind")?,
            category: p.node("category")?,
            q: p.text("q")?,
            page,
        })
    }
}

pub async fn list(
    Current(snapshot): Current,
    Query(params): Query<ListParams>,
) -> Result<Response, ApiError> {
    let kind = params.kind;
    let g = &snapshot.graph;
    let category = params
        .category
        .map(|c| resolve_category(&snapshot, "category", c.as_str()))
        .transpose()?;
    let accept = |node: NodeRef| {
        kind.is_none_or(|k| g.node(node).kind == k)
            && category.is_none_or(|c| g.categories_of(node).any(|x| x == c))
    };
    // A search goes through the one matcher, best match first; without
    // one, every node in graph order.
    let found: Vec<_> = match &params.q {
        Some(q) => snapshot
            .resolver
            .candidates(q.as_str(), accept)
            .into_iter()
            .map(|c| summary(g, c.node))
            .collect(),
        None => g
            .nodes()
            .filter(|(n, _)| accept(*n))
            .map(|(n, _)| summary(g, n))
            .collect(),
    };
    let page = params.page;
    Ok(json(&Page::of(
        found.into_iter(),
        page.limit(),
        page.offset(),
    )))
}

#[derive(Serialize)]
struct Outgoing<'a> {
    relation: &'a str,
    target: NodeSummary<'a>,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
struct Incoming<'a> {
    relation: &'a str,
    source: NodeSummary<'a>,
    provenance: ProvenanceView<'a>,
}

#[derive(Serialize)]
pub struct NodeDetail<'a> {
    #[serde(flatten)]
    node: NodeSummary<'a>,
    categories: Vec<NodeSummary<'a>>,
    services: Vec<NodeSummary<'a>>,
    services_total: usize,
    aliases: &'a [String],
    sources: Vec<ProvenanceView<'a>>,
    sources_total: usize,
    outgoing: Vec<Outgoing<'a>>,
    outgoing_total: usize,
    incoming: Vec<Incoming<'a>>,
    incoming_total: usize,
    /// Relation edges by relation label, each way: what the lists hold in
    /// full, however long they are.
    relation_counts: RelationCounts<'a>,
    /// Whether any list was cut at the cap (`/api/v1/edges?source=` or
    /// `?target=` pages through the rest).
    truncated: bool,
}

#[derive(Serialize, Default)]
struct RelationCounts<'a> {
    outgoing: BTreeMap<&'a str, usize>,
    incoming: BTreeMap<&'a str, usize>,
}

/// Everything known about a node, as `GET /api/v1/nodes/{ref}` shows it:
/// each list holds at most `cap` items, with its total beside it, so a hub's
/// answer stays small.
pub fn detail(g: &KnowledgeGraph, node: NodeRef, cap: usize) -> NodeDetail<'_> {
    let data = g.node(node);
    let mut counts = RelationCounts::default();
    let mut outgoing = Vec::new();
    let mut outgoing_total = 0;
    for e in g.outgoing(node) {
        let EdgeKind::Relation(r) = e.kind else {
            continue;
        };
        let relation = g.relation(r).label.as_str();
        *counts.outgoing.entry(relation).or_default() += 1;
        outgoing_total += 1;
        if outgoing.len() < cap {
            outgoing.push(Outgoing {
                relation,
                target: summary(g, e.target),
                provenance: e.provenance.into(),
            });
        }
    }
    let mut incoming = Vec::new();
    let mut incoming_total = 0;
    for e in g.incoming(node) {
        let EdgeKind::Relation(r) = e.kind else {
            continue;
        };
        let relation = g.relation(r).label.as_str();
        *counts.incoming.entry(relation).or_default() += 1;
        incoming_total += 1;
        if incoming.len() < cap {
            incoming.push(Incoming {
                relation,
                source: summary(g, e.source),
                provenance: e.provenance.into(),
            });
        }
    }
    let services_total = g.members_of(node).count();
    let sources = g.sources(node);
    NodeDetail {
        node: summary(g, node),
        categories: g.categories_of(node).map(|c| summary(g, c)).collect(),
        services: g
            .members_of(node)
            .take(cap)
            .map(|s| summary(g, s))
            .collect(),
        services_total,
        aliases: &data.aliases,
        sources: sources.iter().take(cap).map(ProvenanceView::from).collect(),
        sources_total: sources.len(),
        truncated: [
            outgoing_total,
            incoming_total,
            services_total,
            sources.len(),
        ]
        .iter()
        .any(|&total| total > cap),
        outgoing,
        outgoing_total,
        incoming,
        incoming_total,
        relation_counts: counts,
    }
}

/// `GET /api/v1/nodes/{ref}`.
pub struct ShowParams {
    pub items: NodeItems,
}

impl QueryParams for ShowParams {
    const PARAMS: &'static [Param] = &[Param::int::<NodeItems>()];
    fn read(p: &Params) -> Result<Self, ApiError> {
        Ok(Self { items: p.int()? })
    }
}

pub async fn show(
    Current(snapshot): Current,
    RefSegment(text): RefSegment,
    Query(params): Query<ShowParams>,
) -> Result<Response, ApiError> {
    let node = resolve(&snapshot, "ref", &text)?;
    Ok(json(&detail(&snapshot.graph, node, params.items.get())))
}

#[derive(Serialize)]
pub struct SubgraphView<'a> {
    nodes: Vec<NodeSummary<'a>>,
    edges: Vec<EdgeView<'a>>,
    /// Past [`crate::query::neighbors::MAX_ELEMENTS`] the nearest are
    /// listed: narrow with `depth`, `direction` or `relation` for the rest.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    truncated: bool,
}

/// `GET /api/v1/nodes/{ref}/neighbors`.
pub struct NeighborsParams {
    pub direction: Direction,
    pub relation: RelationNames,
    pub depth: Depth,
}

impl QueryParams for NeighborsParams {
    const PARAMS: &'static [Param] = &[
        Param::word::<Direction>("direction"),
        Param::list("relation"),
        Param::int::<Depth>(),
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        Ok(Self {
            direction: p.word_or_default("direction")?,
            depth: p.int()?,
            relation: p.relations(),
        })
    }
}

pub async fn neighbors(
    Current(snapshot): Current,
    RefSegment(text): RefSegment,
    Query(params): Query<NeighborsParams>,
) -> Result<Response, ApiError> {
    let node = resolve(&snapshot, "ref", &text)?;
    let relations = super::graph::relations_param(&snapshot, &params.relation)?
        .map(|terms| relation_ids(&terms));
    let g = &snapshot.graph;
    let sub = walk(
        g,
        node,
        params.direction,
        relations.as_deref(),
        params.depth.get(),
    );
    Ok(json(&subgraph_view(g, &sub)))
}

/// A neighbourhood as `GET /api/v1/nodes/{ref}/neighbors` shows it.
pub fn subgraph_view<'g>(g: &'g KnowledgeGraph, sub: &Subgraph) -> SubgraphView<'g> {
    SubgraphView {
        nodes: sub.nodes.iter().map(|n| summary(g, *n)).collect(),
        edges: sub.edges.iter().map(|e| edge_view(g, *e)).collect(),
        truncated: sub.truncated,
    }
}

#[derive(Serialize)]
pub struct CategoryView<'a> {
    #[serde(flatten)]
    node: NodeSummary<'a>,
    service_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    services: Option<Vec<NodeSummary<'a>>>,
}

pub async fn categories(
    Current(snapshot): Current,
    Query(PageParams(page)): Query<PageParams>,
) -> Result<Response, ApiError> {
    let g = &snapshot.graph;
    let all: Vec<_> = g
        .nodes()
        .filter(|(_, n)| n.kind == NodeKind::Category)
        .map(|(c, _)| CategoryView {
            node: summary(g, c),
            service_count: g.members_of(c).count(),
            services: None,
        })
        .collect();
    Ok(json(&Page::of(
        all.into_iter(),
        page.limit(),
        page.offset(),
    )))
}

/// `GET /api/v1/categories/{ref}`.
pub async fn category(
    Current(snapshot): Current,
    RefSegment(text): RefSegment,
    Query(NoParams): Query<NoParams>,
) -> Result<Response, ApiError> {
    let c = resolve_category(&snapshot, "ref", &text)?;
    Ok(json(&category_view(&snapshot.graph, c)))
}

/// A category and its services, as `GET /api/v1/categories/{ref}` shows it.
pub fn category_view(g: &KnowledgeGraph, c: NodeRef) -> CategoryView<'_> {
    let services: Vec<_> = g.members_of(c).map(|s| summary(g, s)).collect();
    CategoryView {
        node: summary(g, c),
        service_count: services.len(),
        services: Some(services),
    }
}

/// `GET /api/v1/resolve`.
pub struct ResolveParams {
    pub name: Text,
    pub page: Paging,
}

impl QueryParams for ResolveParams {
    const PARAMS: &'static [Param] = &[
        Param::required("name"),
        Paging::PARAMS[0],
        Paging::PARAMS[1],
    ];
    fn read(p: &Params) -> Result<Self, ApiError> {
        let page = Paging::read(p)?;
        Ok(Self {
            name: p.required("name")?,
            page,
        })
    }
}

#[derive(Serialize)]
struct CandidateView<'a> {
    node: NodeSummary<'a>,
    #[serde(rename = "match")]
    kind: &'static str,
    score: f64,
}

/// Ranked candidates for a typed name, with why each matched.
pub async fn resolve_candidates(
    Current(snapshot): Current,
    Query(params): Query<ResolveParams>,
) -> Result<Response, ApiError> {
    let g = &snapshot.graph;
    let candidates = snapshot.resolver.candidates(params.name.as_str(), |_| true);
    let views = candidates.iter().map(|c| CandidateView {
        node: summary(g, c.node),
        kind: c.kind.as_str(),
        score: (c.score * 1000.0).round() / 1000.0,
    });
    let page = params.page;
    Ok(json(&Page::of(views, page.limit(), page.offset())))
}

//! The node tools: `resolve`, `describe_node` and `neighbourhood`.

use schemars::JsonSchema;
use serde::Serialize;

use super::budget::Window;
use super::error::ToolError;
use super::inputs::{NeighbourhoodInput, NodeInput, ResolveInput};
use super::reply::{Reply, bounded, edge_line, node, node_line, relation_terms, reply};
use super::views::{Bounded, EdgeView, NodeView, Source};
use crate::graph::{EdgeRef, KnowledgeGraph, NodeKind, NodeRef};
use crate::matcher::Candidate;
use crate::query::bounds::DEPTH;
use crate::query::choice::Choice;
use crate::query::edges::relation_ids;
use crate::query::neighbors::{Direction, neighbors};
use crate::snapshot::Snapshot;

/// At most this many categories and sources in a node's head.
const HEAD_LIST: usize = 20;

#[derive(Debug, Serialize, JsonSchema)]
pub struct ResolveHead {
    /// The name as typed.
    pub query: String,
    /// When nothing matches: the closest names.
    pub suggestions: Vec<NodeView>,
}

/// A node the name may mean, and why.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CandidateView {
    pub node: NodeView,
    /// Why it matched, best first: id, name, alias, acronym, word, prefix,
    /// substring, fuzzy.
    #[serde(rename = "match")]
    pub matched: String,
    /// 0 to 1, higher is better.
    pub score: f64,
    /// Where the node is first written.
    pub source: Option<Source>,
}

pub type ResolveOutput = Bounded<ResolveHead, CandidateView>;

pub fn resolve(s: &Snapshot, input: &ResolveInput, w: &Window) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let kind = NodeKind::parse_or_default(input.kind.as_deref())
        .map_err(|reason| ToolError::bad("kind", reason))?;
    let accept = |n: NodeRef| kind.is_none_or(|k| g.node(n).kind == k);
    let found = s.resolver.candidates(&input.name, accept);
    let suggestions = if found.is_empty() {
        s.resolver.suggest(g, &input.name, accept)
    } else {
        Vec::new()
    };
    let head = ResolveHead {
        query: input.name.clone(),
        suggestions: suggestions.iter().map(|n| NodeView::of(g, *n)).collect(),
    };
    let part = w.cut(head, &found, |c: &Candidate| CandidateView {
        node: NodeView::of(g, c.node),
        matched: c.kind.as_str().to_owned(),
        score: (c.score * 1000.0).round() / 1000.0,
        source: g.sources(c.node).first().map(Source::from),
    })?;
    let first = match (part.total, part.head.suggestions.first()) {
        (0, Some(s)) => format!("Nothing matches `{}`; closest: {}.", input.name, s.name),
        (0, None) => format!("Nothing matches `{}`.", input.name),
        (n, _) => format!("{n} candidates for `{}`, best first:", input.name),
    };
    Ok(reply(&part, first, |c| {
        format!("{} ({}, {})", node_line(&c.node), c.matched, c.score)
    }))
}

/// A node, whole: what it is, where it is written, what it belongs to.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NodeDetail {
    #[serde(flatten)]
    pub node: NodeView,
    pub aliases: Vec<String>,
    /// The categories it is a member of (the first 20).
    pub categories: Vec<NodeView>,
    pub category_count: usize,
    /// Where it is written (the first 20).
    pub sources: Vec<Source>,
    pub source_count: usize,
    /// Edges leaving it (relations and, for a category, its services).
    pub outgoing: usize,
    /// Edges arriving at it (relations and memberships).
    pub incoming: usize,
    /// The node in one sentence.
    pub summary: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct DescribeHead {
    pub node: NodeDetail,
}

/// One relation of the node described, read from that node's side.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RelationItem {
    /// `out`: node -relation-> other; `in`: other -relation-> node.
    pub direction: String,
    /// The relation as written, or `has service` for a membership.
    pub relation: String,
    /// The node at the other end.
    pub other: NodeView,
    pub provenance: Source,
}

pub type DescribeOutput = Bounded<DescribeHead, RelationItem>;

pub fn detail(g: &KnowledgeGraph, n: NodeRef) -> NodeDetail {
    let data = g.node(n);
    let categories: Vec<NodeRef> = g.categories_of(n).collect();
    let sources = g.sources(n);
    let (outgoing, incoming) = (g.outgoing(n).count(), g.incoming(n).count());
    let names: Vec<&str> = categories
        .iter()
        .take(3)
        .map(|c| g.node(*c).name.as_str())
        .collect();
    let mut summary = format!("{} is a {}", data.name, data.kind.as_str());
    if !names.is_empty() {
        summary.push_str(&format!(" in {}", names.join(", ")));
        if categories.len() > names.len() {
            summary.push_str(&format!(" and {} more", categories.len() - names.len()));
        }
    }
    summary.push_str(&format!(
        "; {outgoing} edges leave it and {incoming} arrive"
    ));
    if let Some(first) = sources.first() {
        summary.push_str(&format!(
            "; first written at {}:{}",
            first.document, first.line
        ));
    }
    summary.push('.');
    NodeDetail {
        node: NodeView::of(g, n),
        aliases: data.aliases.clone(),
        category_count: categories.len(),
        categories: categories
            .iter()
            .take(HEAD_LIST)
            .map(|c| NodeView::of(g, *c))
            .collect(),
        source_count: sources.len(),
        sources: sources.iter().take(HEAD_LIST).map(Source::from).collect(),
        outgoing,
        incoming,
        summary,
    }
}

/// A node's edges, outgoing then incoming, each in document order.
pub fn incident(g: &KnowledgeGraph, n: NodeRef) -> Vec<(EdgeRef, bool)> {
    g.outgoing(n)
        .map(|e| (e.id, true))
        .chain(g.incoming(n).map(|e| (e.id, false)))
        .collect()
}

pub fn describe(s: &Snapshot, input: &NodeInput, w: &Window) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let n = node(s, "node", &input.node)?;
    let edges = incident(g, n);
    let head = DescribeHead { node: detail(g, n) };
    let part = w.cut(head, &edges, |(e, out)| relation_item(g, *e, *out))?;
    let first = part.head.node.summary.clone();
    Ok(reply(&part, first, |r| {
        let arrow = if r.direction == "out" { "->" } else { "<-" };
        format!(
            "{arrow} {} {} ({}:{})",
            r.relation, r.other.name, r.provenance.document, r.provenance.line
        )
    }))
}

pub fn relation_item(g: &KnowledgeGraph, edge: EdgeRef, out: bool) -> RelationItem {
    let e = g.edge(edge);
    RelationItem {
        direction: if out { "out" } else { "in" }.to_owned(),
        relation: g.edge_label(e.kind).to_owned(),
        other: NodeView::of(g, if out { e.target } else { e.source }),
        provenance: e.provenance.into(),
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct NeighbourhoodHead {
    pub centre: NodeView,
    pub depth: usize,
    pub direction: String,
    /// Nodes reached, the centre included; every one is an end of an item.
    pub node_count: usize,
}

pub type NeighbourhoodOutput = Bounded<NeighbourhoodHead, EdgeView>;

pub fn neighbourhood(
    s: &Snapshot,
    input: &NeighbourhoodInput,
    w: &Window,
) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let depth = bounded(DEPTH, input.depth)?;
    let direction = Direction::or_default(input.direction.as_deref())
        .map_err(|reason| ToolError::bad("direction", reason))?;
    let centre = node(s, "node", &input.node)?;
    let relations = if input.relations.is_empty() {
        None
    } else {
        Some(relation_ids(&relation_terms(
            g,
            "relations",
            &input.relations,
        )?))
    };
    let sub = neighbors(g, centre, direction, relations.as_deref(), depth);
    let head = NeighbourhoodHead {
        centre: NodeView::of(g, centre),
        depth,
        direction: input.direction.clone().unwrap_or_else(|| "both".into()),
        node_count: sub.nodes.len(),
    };
    let part = w.cut(head, &sub.edges, |e| EdgeView::of(g, *e))?;
    let first = format!(
        "{} nodes and {} relations within {depth} hops of {}:",
        part.head.node_count, part.total, part.head.centre.name
    );
    Ok(reply(&part, first, edge_line))
}

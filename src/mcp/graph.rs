//! The graph tools: `find_edges`, `find_paths`, `ask` and `map_summary`.

use schemars::JsonSchema;
use serde::Serialize;

use super::budget::Window;
use super::error::ToolError;
use super::inputs::{AskInput, EdgesInput, PathsInput, SummaryInput};
use super::reply::{Reply, bounded, edge_line, node, relation_terms, reply};
use super::views::{Bounded, EdgeView, NodeView};
use crate::app::{Answer, AskError, ask as answer_question};
use crate::graph::{EdgeRef, KnowledgeGraph, NodeKind};
use crate::query::bounds::{MAX_HOPS, PATHS};
use crate::query::edges::{EdgePattern, matching_edges, relation_ids};
use crate::query::path::{Path, PathOptions, shortest_paths};
use crate::snapshot::Snapshot;

/// The pattern as it was read, names resolved.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EdgesHead {
    pub source: Option<NodeView>,
    pub relation: Option<String>,
    pub target: Option<NodeView>,
}

pub type EdgesOutput = Bounded<EdgesHead, EdgeView>;

pub fn find_edges(s: &Snapshot, input: &EdgesInput, w: &Window) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let end = |parameter, text: &Option<String>| {
        text.as_deref().map(|t| node(s, parameter, t)).transpose()
    };
    let pattern = EdgePattern {
        source: end("source", &input.source)?,
        relations: input
            .relation
            .as_ref()
            .map(|r| relation_terms(g, "relation", std::slice::from_ref(r)))
            .transpose()?,
        target: end("target", &input.target)?,
    };
    let found = matching_edges(g, &pattern);
    let head = EdgesHead {
        source: pattern.source.map(|n| NodeView::of(g, n)),
        relation: input.relation.clone(),
        target: pattern.target.map(|n| NodeView::of(g, n)),
    };
    let part = w.cut(head, &found, |e| EdgeView::of(g, *e))?;
    let first = format!("{} edges match:", part.total);
    Ok(reply(&part, first, edge_line))
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PathsHead {
    pub from: NodeView,
    pub to: NodeView,
}

/// A path: `nodes[i]` and `nodes[i + 1]` are joined by `edges[i]`, which
/// keeps its written direction.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PathView {
    pub hops: usize,
    pub nodes: Vec<NodeView>,
    pub edges: Vec<EdgeView>,
}

pub type PathsOutput = Bounded<PathsHead, PathView>;

pub fn path_view(g: &KnowledgeGraph, p: &Path) -> PathView {
    PathView {
        hops: p.hops(),
        nodes: p.nodes.iter().map(|n| NodeView::of(g, *n)).collect(),
        edges: p.edges.iter().map(|e| EdgeView::of(g, *e)).collect(),
    }
}

pub fn find_paths(
    s: &Snapshot,
    input: &PathsInput,
    w: &Window,
    work_budget: usize,
) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let k = bounded(PATHS, input.k)?;
    let max_hops = bounded(MAX_HOPS, input.max_hops)?;
    let from = node(s, "from", &input.from)?;
    let to = node(s, "to", &input.to)?;
    let avoid = input
        .avoid
        .iter()
        .map(|a| node(s, "avoid", a))
        .collect::<Result<Vec<_>, _>>()?;
    if avoid.contains(&from) || avoid.contains(&to) {
        return Err(ToolError::bad("avoid", "cannot avoid the path's own ends"));
    }
    let relations = if input.relations.is_empty() {
        None
    } else {
        Some(relation_ids(&relation_terms(
            g,
            "relations",
            &input.relations,
        )?))
    };
    let options = PathOptions {
        directed: input.directed,
        via_categories: input.via_categories,
        max_hops,
        relations,
        avoid,
        k,
        budget: work_budget,
    };
    let found = shortest_paths(g, from, to, &options)?;
    if found.is_empty() {
        return Err(ToolError::NoPath(format!(
            "no path from `{}` to `{}` within {max_hops} hops with these options",
            g.node(from).name,
            g.node(to).name
        )));
    }
    let head = PathsHead {
        from: NodeView::of(g, from),
        to: NodeView::of(g, to),
    };
    let part = w.cut(head, &found, |p| path_view(g, p))?;
    let first = format!(
        "{} paths from {} to {}, shortest first:",
        part.total, part.head.from.name, part.head.to.name
    );
    Ok(reply(&part, first, |p| {
        p.edges.iter().map(edge_line).collect::<Vec<_>>().join("; ")
    }))
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AskHead {
    pub question: String,
    /// How the question was read: incoming, outgoing, members, category,
    /// path, related or describe.
    pub intent: String,
    /// The answer in one sentence.
    pub sentence: String,
}

/// A fact the answer rests on.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Fact {
    #[serde(flatten)]
    pub edge: EdgeView,
    /// For a path answer: which path (0 is the shortest) the edge is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<usize>,
}

pub type AskOutput = Bounded<AskHead, Fact>;

pub fn ask(
    s: &Snapshot,
    input: &AskInput,
    w: &Window,
    work_budget: usize,
) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let asked = answer_question(s, &input.question, work_budget).map_err(|e| ask_error(g, e))?;
    let facts = answer_edges(&asked.answer);
    let head = AskHead {
        question: input.question.clone(),
        intent: asked.intent.to_owned(),
        sentence: asked.text.clone(),
    };
    let part = w.cut(head, &facts, |(e, path)| Fact {
        edge: EdgeView::of(g, *e),
        path: *path,
    })?;
    Ok(reply(&part, asked.text.clone(), |f| edge_line(&f.edge)))
}

/// Every edge an answer rests on, with the path it is on for paths.
fn answer_edges(answer: &Answer) -> Vec<(EdgeRef, Option<usize>)> {
    match answer {
        Answer::Edges { edges, .. }
        | Answer::Reached { edges, .. }
        | Answer::Members { edges, .. }
        | Answer::Node { edges, .. } => edges.iter().map(|e| (*e, None)).collect(),
        Answer::Verdict { evidence, .. } => evidence.iter().map(|e| (*e, None)).collect(),
        Answer::Paths { paths, .. } => paths
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.edges.iter().map(move |e| (*e, Some(i))))
            .collect(),
        Answer::Count {
            counted: Some(counted),
            ..
        } => answer_edges(counted),
        _ => Vec::new(),
    }
}

fn ask_error(g: &KnowledgeGraph, error: AskError) -> ToolError {
    use crate::matcher::ResolveError;
    match error {
        AskError::TooLong => ToolError::bad(
            "question",
            format!("longer than {} characters", crate::app::ask::MAX_QUESTION),
        ),
        AskError::Unreadable { .. } => ToolError::Unreadable,
        AskError::NotFound { text, suggestions } => ToolError::resolve(
            ResolveError::NotFound {
                query: text,
                suggestions,
            },
            g,
            "question",
            "node",
        ),
        AskError::Ambiguous {
            text, candidates, ..
        } => ToolError::resolve(
            ResolveError::Ambiguous {
                query: text,
                candidates,
            },
            g,
            "question",
            "node",
        ),
        AskError::Query(error) => error.into(),
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Counts {
    pub nodes: usize,
    pub categories: usize,
    pub services: usize,
    pub concepts: usize,
    /// Relation edges and memberships together.
    pub edges: usize,
    pub relation_edges: usize,
    pub memberships: usize,
    pub relations: usize,
    pub documents: usize,
    pub diagnostics: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SummaryHead {
    pub counts: Counts,
}

/// The relation vocabulary first, then the categories.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(tag = "item", rename_all = "lowercase")]
pub enum SummaryItem {
    Relation {
        id: String,
        label: String,
        /// Edges with this relation.
        count: usize,
        /// How it reads from the target's side, when known.
        inverse: Option<String>,
        symmetric: bool,
    },
    Category {
        id: String,
        name: String,
        service_count: usize,
    },
}

pub type SummaryOutput = Bounded<SummaryHead, SummaryItem>;

pub fn counts(s: &Snapshot) -> Counts {
    let g = &s.graph;
    Counts {
        nodes: g.node_count(),
        categories: g.count_kind(NodeKind::Category),
        services: g.count_kind(NodeKind::Service),
        concepts: g.count_kind(NodeKind::Concept),
        edges: g.edge_count(),
        relation_edges: g.relation_edge_count(),
        memberships: g.membership_count(),
        relations: g.relations().len(),
        documents: s.documents.len(),
        diagnostics: s.diagnostics.len(),
    }
}

pub fn map_summary(s: &Snapshot, _input: &SummaryInput, w: &Window) -> Result<Reply, ToolError> {
    let g = &s.graph;
    // Handles first, views only for the part shown.
    enum Entry {
        Relation(crate::graph::RelationId),
        Category(crate::graph::NodeRef),
    }
    let entries: Vec<Entry> = g
        .relations()
        .map(|(id, _)| Entry::Relation(id))
        .chain(
            g.nodes()
                .filter(|(_, n)| n.kind == NodeKind::Category)
                .map(|(c, _)| Entry::Category(c)),
        )
        .collect();
    let head = SummaryHead { counts: counts(s) };
    let part = w.cut(head, &entries, |entry| match entry {
        Entry::Relation(id) => {
            let r = g.relation(*id);
            let wording = g.vocabulary().wording(&r.label);
            SummaryItem::Relation {
                id: r.id.clone(),
                label: r.label.clone(),
                count: g.edges_with_relation(*id).len(),
                inverse: wording.and_then(|w| w.inverse.clone()),
                symmetric: wording.is_some_and(|w| w.symmetric),
            }
        }
        Entry::Category(c) => SummaryItem::Category {
            id: g.node(*c).id.clone(),
            name: g.node(*c).name.clone(),
            service_count: g.members_of(*c).count(),
        },
    })?;
    let c = &part.head.counts;
    let first = format!(
        "Map version {}: {} nodes ({} categories, {} services, {} concepts), {} relation edges of {} relations, {} documents, {} diagnostics.",
        part.version,
        c.nodes,
        c.categories,
        c.services,
        c.concepts,
        c.relation_edges,
        c.relations,
        c.documents,
        c.diagnostics
    );
    Ok(reply(&part, first, |item| match item {
        SummaryItem::Relation { label, count, .. } => format!("relation `{label}`: {count}"),
        SummaryItem::Category {
            name,
            service_count,
            ..
        } => format!("category {name}: {service_count} services"),
    }))
}

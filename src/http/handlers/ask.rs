//! `GET /api/v1/ask`: a question in plain words, answered by the
//! application layer. The interpretation shows the Cypher query that
//! answered it (runnable as is on `/api/v1/query`) and the names it
//! resolved; the answer holds every edge a fact in the text rests on, with
//! its provenance.

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

use super::graph::{Paths, paths_view};
use super::nodes::{NodeDetail, detail};
use crate::app::{Answer, AskError, Asked, ask as answer_question};
use crate::graph::KnowledgeGraph;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{NODE_ITEMS, Param, Params, Query, QueryParams, Text};
use crate::http::state::AppState;
use crate::http::views::{EdgeView, NodeSummary, edge_view, json, summary};

/// `GET /api/v1/ask`.
pub struct AskParams {
    pub q: Text,
}

impl QueryParams for AskParams {
    const PARAMS: &'static [Param] = &[Param::required("q")];
    fn read(p: &Params) -> Result<Self, ApiError> {
        Ok(Self {
            q: p.required("q")?,
        })
    }
}

#[derive(Serialize)]
struct AskView<'q, 's> {
    question: &'q str,
    interpretation: Interpretation<'s>,
    answer: AnswerView<'s>,
    text: &'q str,
}

#[derive(Serialize)]
struct Interpretation<'s> {
    intent: &'static str,
    /// The query whose rows are the answer.
    cypher: &'s str,
    mentions: Vec<MentionView<'s>>,
}

#[derive(Serialize)]
struct MentionView<'s> {
    text: &'s str,
    node: NodeSummary<'s>,
    /// The resolver's tier: `name`, `alias`, `fuzzy`...
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    matched: Option<&'static str>,
}

/// An answer, tagged by `type`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum AnswerView<'s> {
    Edges {
        nodes: Vec<NodeSummary<'s>>,
        edges: Vec<EdgeView<'s>>,
        fallback: bool,
    },
    Verdict {
        holds: bool,
        evidence: Vec<EdgeView<'s>>,
    },
    Node {
        #[serde(flatten)]
        detail: NodeDetail<'s>,
    },
    Members {
        category: NodeSummary<'s>,
        service_count: usize,
        services: Vec<NodeSummary<'s>>,
        edges: Vec<EdgeView<'s>>,
    },
    Nodes {
        nodes: Vec<NodeSummary<'s>>,
    },
    Count {
        count: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        counted: Option<Box<AnswerView<'s>>>,
    },
    Ranking {
        items: Vec<Ranked<'s>>,
    },
    Paths {
        via_categories: bool,
        #[serde(flatten)]
        paths: Paths<'s>,
    },
    Reached {
        nodes: Vec<NodeSummary<'s>>,
        edges: Vec<EdgeView<'s>>,
    },
    Tally {
        items: Vec<Tallied<'s>>,
    },
}

#[derive(Serialize)]
struct Ranked<'s> {
    node: NodeSummary<'s>,
    count: usize,
}

#[derive(Serialize)]
struct Tallied<'s> {
    name: &'s str,
    count: usize,
}

pub async fn ask(
    State(state): State<AppState>,
    Current(snapshot): Current,
    Query(params): Query<AskParams>,
) -> Result<Response, ApiError> {
    let question = params.q.as_str();
    let g = &snapshot.graph;
    let asked = answer_question(&snapshot, question, state.limits().path_work_budget)
        .map_err(|e| ask_error(g, e))?;
    Ok(json(&view(g, question, &asked)))
}

/// The answer to `question` as `GET /api/v1/ask` gives it, as JSON text.
pub fn to_json(g: &KnowledgeGraph, question: &str, asked: &Asked) -> String {
    serde_json::to_string(&view(g, question, asked)).unwrap_or_default()
}

fn view<'q, 's>(g: &'s KnowledgeGraph, question: &'q str, asked: &'q Asked) -> AskView<'q, 's>
where
    'q: 's,
{
    AskView {
        question,
        interpretation: Interpretation {
            intent: asked.intent,
            cypher: &asked.cypher,
            mentions: asked
                .mentions
                .iter()
                .map(|m| MentionView {
                    text: &m.text,
                    node: summary(g, m.node),
                    matched: m.kind.map(|k| k.as_str()),
                })
                .collect(),
        },
        answer: answer_view(g, &asked.answer),
        text: &asked.text,
    }
}

/// The problem an unanswerable question is.
pub fn ask_error(g: &KnowledgeGraph, error: AskError) -> ApiError {
    match error {
        AskError::TooLong => ApiError::bad(
            "q",
            format!("longer than {} characters", crate::app::ask::MAX_QUESTION),
        ),
        AskError::Unreadable { unknown, closest } => ApiError::Unreadable {
            forms: crate::nlq::forms(g),
            closest,
            unknown,
        },
        AskError::NotFound { text, suggestions } => ApiError::resolve(
            crate::matcher::ResolveError::NotFound {
                query: text,
                suggestions,
            },
            g,
            "q",
            "node",
        ),
        AskError::Ambiguous {
            text,
            candidates,
            rewritten,
        } => ApiError::AmbiguousQuestion {
            query: text,
            candidates: candidates
                .into_iter()
                .map(|n| NodeSummary::owned(g, n))
                .collect(),
            rewritten,
        },
        AskError::Query(error) => error.into(),
    }
}

fn edges<'s>(g: &'s KnowledgeGraph, edges: &[crate::graph::EdgeRef]) -> Vec<EdgeView<'s>> {
    edges.iter().map(|e| edge_view(g, *e)).collect()
}

fn nodes<'s>(g: &'s KnowledgeGraph, nodes: &[crate::graph::NodeRef]) -> Vec<NodeSummary<'s>> {
    nodes.iter().map(|n| summary(g, *n)).collect()
}

fn answer_view<'s>(g: &'s KnowledgeGraph, answer: &'s Answer) -> AnswerView<'s> {
    match answer {
        Answer::Edges {
            edges: e,
            nodes: n,
            fallback,
        } => AnswerView::Edges {
            nodes: nodes(g, n),
            edges: edges(g, e),
            fallback: *fallback,
        },
        Answer::Verdict { holds, evidence } => AnswerView::Verdict {
            holds: *holds,
            evidence: edges(g, evidence),
        },
        Answer::Node { node, .. } => AnswerView::Node {
            detail: detail(g, *node, NODE_ITEMS.default),
        },
        Answer::Members {
            category,
            services,
            edges: e,
        } => AnswerView::Members {
            category: summary(g, *category),
            service_count: services.len(),
            services: nodes(g, services),
            edges: edges(g, e),
        },
        Answer::Nodes(n) => AnswerView::Nodes { nodes: nodes(g, n) },
        Answer::Count { count, counted } => AnswerView::Count {
            count: *count,
            counted: counted.as_ref().map(|c| Box::new(answer_view(g, c))),
        },
        Answer::Ranking(items) => AnswerView::Ranking {
            items: items
                .iter()
                .map(|(n, count)| Ranked {
                    node: summary(g, *n),
                    count: *count,
                })
                .collect(),
        },
        Answer::Paths {
            paths,
            via_categories,
        } => AnswerView::Paths {
            via_categories: *via_categories,
            paths: paths_view(g, paths),
        },
        Answer::Reached { nodes: n, edges: e } => AnswerView::Reached {
            nodes: nodes(g, n),
            edges: edges(g, e),
        },
        Answer::Tally(items) => AnswerView::Tally {
            items: items
                .iter()
                .map(|(name, count)| Tallied {
                    name,
                    count: *count,
                })
                .collect(),
        },
    }
}

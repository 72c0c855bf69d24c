//! `GET /api/v1/ask`: a question in plain words, answered by the
//! application layer; the answer is shown as the structured endpoint it
//! reads as would show it, with that endpoint and one sentence.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Map, Value};

use super::graph::{Paths, paths_view};
use super::nodes::{CategoryView, NodeDetail, SubgraphView, category_view, detail, subgraph_view};
use crate::app::{Answer, AskError, Asked, Mention, Reading, ask as answer_question};
use crate::graph::KnowledgeGraph;
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::{DEFAULT_LIMIT, NODE_ITEMS, Params};
use crate::http::state::AppState;
use crate::http::views::{EdgeView, Page, edge_view, json};

pub const ASK_PARAMS: &[&str] = &["q"];
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Serialize)]
struct AskView<'q, 's> {
    question: &'q str,
    interpretation: Interpretation,
    answer: AnswerView<'s>,
    text: String,
}

/// An answer as its structured endpoint shows it.
#[derive(Serialize)]
#[serde(untagged)]
enum AnswerView<'s> {
    Edges(Page<EdgeView<'s>>),
    Members(CategoryView<'s>),
    Node(NodeDetail<'s>),
    Neighbourhood(SubgraphView<'s>),
    Paths(Paths<'s>),
}

#[derive(Serialize)]
struct Interpretation {
    intent: &'static str,
    /// The structured endpoint's parameters, names resolved to ids.
    params: Map<String, Value>,
    /// The structured request that gives the same answer.
    endpoint: String,
}

pub async fn ask(
    State(state): State<AppState>,
    Current(snapshot): Current,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let params = Params::parse(query.as_deref(), ASK_PARAMS)?;
    let question = params.required("q")?;
    let g = &snapshot.graph;
    let asked = answer_question(&snapshot, question, state.limits().path_work_budget)
        .map_err(|e| ask_error(g, e))?;
    Ok(json(&view(g, question, &asked)))
}

/// The answer to `question` as `GET /api/v1/ask` gives it, as JSON text.
pub fn to_json(g: &KnowledgeGraph, question: &str, asked: &Asked) -> String {
    serde_json::to_string(&view(g, question, asked)).unwrap_or_default()
}

fn view<'q, 's>(g: &'s KnowledgeGraph, question: &'q str, asked: &Asked) -> AskView<'q, 's> {
    AskView {
        question,
        interpretation: interpretation(g, &asked.reading),
        answer: answer_view(g, &asked.answer),
        text: asked.text.clone(),
    }
}

/// The problem an unanswerable question is.
pub fn ask_error(g: &KnowledgeGraph, error: AskError) -> ApiError {
    match error {
        AskError::TooLong => ApiError::bad(
            "q",
            format!("longer than {} characters", crate::app::ask::MAX_QUESTION),
        ),
        AskError::Unreadable => ApiError::Unreadable,
        AskError::Name { mention, error } => {
            let what = match mention {
                Mention::Node => "node",
                Mention::Category => "category",
            };
            ApiError::resolve(error, g, "q", what)
        }
        AskError::NoPath { from, to, max_hops } => ApiError::NoPath(format!(
            "no path from `{}` to `{}` within {max_hops} hops with these options",
            g.node(from).name,
            g.node(to).name
        )),
        AskError::Path(error) => error.into(),
    }
}

fn answer_view<'s>(g: &'s KnowledgeGraph, answer: &Answer) -> AnswerView<'s> {
    match answer {
        Answer::Edges(edges) => AnswerView::Edges(Page::of(
            edges.iter().map(|e| edge_view(g, *e)),
            DEFAULT_LIMIT,
            0,
        )),
        Answer::Members { category, .. } => AnswerView::Members(category_view(g, *category)),
        Answer::Node(node) => AnswerView::Node(detail(g, *node, NODE_ITEMS.default)),
        Answer::Neighbourhood(sub) => AnswerView::Neighbourhood(subgraph_view(g, sub)),
        Answer::Paths(paths) => AnswerView::Paths(paths_view(g, paths)),
    }
}

/// The structured request a reading is, with its parameters.
fn interpretation(g: &KnowledgeGraph, reading: &Reading) -> Interpretation {
    let id = |n| g.node(n).id.clone();
    let (path, pairs): (String, Vec<(&str, String)>) = match reading {
        Reading::Incoming { relation, target } => (
            "/api/v1/edges".into(),
            vec![("relation", relation.clone()), ("target", id(*target))],
        ),
        Reading::Outgoing { source, relation } => (
            "/api/v1/edges".into(),
            vec![("source", id(*source)), ("relation", relation.clone())],
        ),
        Reading::Members { category } => (format!("/api/v1/categories/{}", id(*category)), vec![]),
        Reading::Category { node } | Reading::Describe { node } => {
            (format!("/api/v1/nodes/{}", id(*node)), vec![])
        }
        Reading::Related { node } => (format!("/api/v1/nodes/{}/neighbors", id(*node)), vec![]),
        Reading::Path { from, to } => (
            "/api/v1/path".into(),
            vec![("from", id(*from)), ("to", id(*to))],
        ),
    };
    let query: Vec<String> = pairs
        .iter()
        .map(|(n, v)| format!("{n}={}", utf8_percent_encode(v, QUERY_VALUE)))
        .collect();
    let endpoint = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    Interpretation {
        intent: reading.intent(),
        params: pairs
            .into_iter()
            .map(|(n, v)| (n.to_owned(), Value::String(v)))
            .collect(),
        endpoint,
    }
}

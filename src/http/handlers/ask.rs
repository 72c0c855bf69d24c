//! `GET /api/v1/ask`: a question in plain words, answered by the structured
//! endpoint it reads as, with that endpoint's own JSON and one sentence.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Map, Value};

use super::graph::{edges_answer, path_answer};
use super::nodes::{category_answer, neighbors_answer, show_answer};
use super::{resolve, resolve_category};
use crate::http::error::ApiError;
use crate::http::middleware::Current;
use crate::http::params::Params;
use crate::http::state::{AppState, Limits};
use crate::http::views::json;
use crate::query::ask::{Question, parse_question};
use crate::snapshot::Snapshot;

pub const ASK_PARAMS: &[&str] = &["q"];
/// The longest question read, in characters.
const MAX_QUESTION: usize = 300;
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Serialize)]
struct Answer<'q, 's> {
    question: &'q str,
    interpretation: Interpretation,
    answer: Body<'s>,
    text: String,
}

/// The structured endpoint's answer: edge lists stay typed (serialised
/// once, straight to the response), the rest as JSON values.
#[derive(Serialize)]
#[serde(untagged)]
enum Body<'s> {
    Edges(crate::http::views::Page<crate::http::views::EdgeView<'s>>),
    Other(Value),
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
    if question.chars().count() > MAX_QUESTION {
        return Err(ApiError::bad(
            "q",
            format!("longer than {MAX_QUESTION} characters"),
        ));
    }
    Ok(json(&answer(&snapshot, question, state.limits())?))
}

fn answer<'q, 's>(
    snapshot: &'s Snapshot,
    question: &'q str,
    limits: Limits,
) -> Result<Answer<'q, 's>, ApiError> {
    let g = &snapshot.graph;
    let resolves = |name: &str| snapshot.resolver.resolve(g, name, |_| true).is_ok();
    let read = parse_question(g, question, resolves).ok_or(ApiError::Unreadable)?;
    // People write "the Bot Service": an article that is not part of a name
    // is dropped.
    let node = |name: &str| match resolve(snapshot, "q", name) {
        Err(ApiError::NotFound { .. }) if has_article(name) => resolve(snapshot, "q", &name[4..]),
        other => other,
    };
    let id = |name: &str| node(name).map(|n| g.node(n).id.clone());
    // The node an edge question is about, resolved once.
    let focus = match &read {
        Question::Incoming { object: name, .. } | Question::Outgoing { subject: name, .. } => {
            Some(node(name)?)
        }
        _ => None,
    };
    let focus_id = || focus.map(|n| g.node(n).id.clone()).unwrap_or_default();
    let (path, pairs): (String, Vec<(&str, String)>) = match &read {
        Question::Incoming { relation, .. } => (
            "/api/v1/edges".into(),
            vec![("relation", relation.clone()), ("target", focus_id())],
        ),
        Question::Outgoing { relation, .. } => (
            "/api/v1/edges".into(),
            vec![("source", focus_id()), ("relation", relation.clone())],
        ),
        Question::Members { category } => {
            let c = match resolve_category(snapshot, "q", category) {
                Err(ApiError::NotFound { .. }) if has_article(category) => {
                    resolve_category(snapshot, "q", &category[4..])?
                }
                other => other?,
            };
            (format!("/api/v1/categories/{}", g.node(c).id), vec![])
        }
        Question::Category { subject } | Question::Describe { subject } => {
            (format!("/api/v1/nodes/{}", id(subject)?), vec![])
        }
        Question::Related { subject } => {
            (format!("/api/v1/nodes/{}/neighbors", id(subject)?), vec![])
        }
        Question::Path { from, to } => (
            "/api/v1/path".into(),
            vec![("from", id(from)?), ("to", id(to)?)],
        ),
    };
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let structured = Params::from_pairs(&borrowed);
    let segment = path
        .rsplit('/')
        .find(|s| !s.is_empty() && *s != "neighbors")
        .unwrap_or_default()
        .to_owned();
    let answer = match &read {
        Question::Incoming { .. } | Question::Outgoing { .. } => {
            Body::Edges(edges_answer(snapshot, &structured)?)
        }
        Question::Members { .. } => to_value(category_answer(snapshot, &segment, &structured)?),
        Question::Category { .. } | Question::Describe { .. } => {
            to_value(show_answer(snapshot, &segment, &structured)?)
        }
        Question::Related { .. } => to_value(neighbors_answer(snapshot, &segment, &structured)?),
        Question::Path { .. } => to_value(path_answer(snapshot, &structured, limits)?),
    };
    let focus = focus.map_or("", |n| g.node(n).name.as_str());
    let passive = match &read {
        Question::Incoming { relation, .. } => g
            .relation_term(relation)
            .is_some_and(|(_, inverse)| inverse),
        _ => false,
    };
    let text = sentence(&read, &answer, focus, passive);
    let query: Vec<String> = pairs
        .iter()
        .map(|(n, v)| format!("{n}={}", utf8_percent_encode(v, QUERY_VALUE)))
        .collect();
    let endpoint = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    let params = pairs
        .into_iter()
        .map(|(n, v)| (n.to_owned(), Value::String(v)))
        .collect();
    Ok(Answer {
        question,
        interpretation: Interpretation {
            intent: read.intent(),
            params,
            endpoint,
        },
        answer,
        text,
    })
}

/// Whether a name starts with the article "the ".
fn has_article(name: &str) -> bool {
    name.get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("the "))
}

fn to_value<'s>(view: impl Serialize) -> Body<'s> {
    Body::Other(serde_json::to_value(view).unwrap_or(Value::Null))
}

fn name(value: &Value) -> &str {
    value["name"].as_str().unwrap_or_default()
}

/// `a`, `a and b`, `a, b and c`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn items(value: &Value) -> &[Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// One plain sentence saying what the answer holds.
fn sentence(question: &Question, answer: &Body<'_>, focus: &str, passive: bool) -> String {
    let null = Value::Null;
    let (edges, answer) = match answer {
        Body::Edges(page) => (
            page.items
                .iter()
                .map(|e| (e.source.name, e.target.name))
                .collect(),
            &null,
        ),
        Body::Other(value) => (
            items(&value["items"])
                .iter()
                .map(|e| (name(&e["source"]), name(&e["target"])))
                .collect::<Vec<_>>(),
            value,
        ),
    };
    match question {
        Question::Incoming { relation, .. } | Question::Outgoing { relation, .. } => {
            if edges.is_empty() {
                return "No edge matches the question.".to_owned();
            }
            // The far end of each edge; a symmetric relation may be stored
            // either way round.
            let others = dedup(
                edges
                    .iter()
                    .map(|&(source, target)| if source == focus { target } else { source })
                    .collect(),
            );
            if matches!(question, Question::Incoming { .. }) {
                let verb = match (passive, others.len()) {
                    (false, _) => "",
                    (true, 1) => "is ",
                    (true, _) => "are ",
                };
                format!("{} {verb}{relation} {focus}.", list(&others))
            } else {
                format!("{focus} {relation} {}.", list(&others))
            }
        }
        Question::Members { .. } => {
            let services: Vec<&str> = items(&answer["services"]).iter().map(name).collect();
            format!(
                "{} has {} services: {}.",
                name(answer),
                services.len(),
                list(&services)
            )
        }
        Question::Category { .. } => {
            let categories: Vec<&str> = items(&answer["categories"]).iter().map(name).collect();
            match categories.as_slice() {
                [] => format!(
                    "{} is in no category; it is a {}.",
                    name(answer),
                    answer["kind"].as_str().unwrap_or("node")
                ),
                _ => format!("{} is in {}.", name(answer), list(&categories)),
            }
        }
        Question::Describe { .. } => {
            let categories: Vec<&str> = items(&answer["categories"]).iter().map(name).collect();
            let place = if categories.is_empty() {
                String::new()
            } else {
                format!(" in {}", list(&categories))
            };
            format!(
                "{} is a {}{place} with {} outgoing and {} incoming relations.",
                name(answer),
                answer["kind"].as_str().unwrap_or("node"),
                items(&answer["outgoing"]).len(),
                items(&answer["incoming"]).len()
            )
        }
        Question::Related { .. } => {
            let nodes = items(&answer["nodes"]);
            let others: Vec<&str> = nodes.iter().skip(1).map(name).collect();
            let start = nodes.first().map(name).unwrap_or_default();
            format!(
                "{start} is related to {} nodes: {}.",
                others.len(),
                list(&others)
            )
        }
        Question::Path { .. } => {
            let path = &answer["paths"][0];
            let steps: Vec<String> = items(&path["edges"])
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {}",
                        name(&e["source"]),
                        e["relation"].as_str().unwrap_or_default(),
                        name(&e["target"])
                    )
                })
                .collect();
            let hops = path["hops"].as_u64().unwrap_or_default();
            format!(
                "{} hop{}: {}.",
                hops,
                if hops == 1 { "" } else { "s" },
                steps.join("; ")
            )
        }
    }
}

fn dedup(mut names: Vec<&str>) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
}

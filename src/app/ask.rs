//! A question in plain words: read by the semantic parser of
//! [`nlq`](crate::nlq) into a reading and its Cypher query, answered by
//! the Cypher engine under one budget, and said in plain sentences.

use super::answer::{Answer, Reading};
use super::sentence::sentence;
use crate::cypher::value::Value;
use crate::cypher::{Bounds, CypherError};
use crate::graph::{EdgeRef, NodeRef};
use crate::nlq::{self, Closest, Mention, Unread, Wordings, cypher as plans};
use crate::query::path::Path;
use crate::snapshot::Snapshot;

/// The longest question read, in characters.
pub const MAX_QUESTION: usize = 300;

/// A question read, answered and said.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    /// What kind of question it was: the reading's intent, with a relation
    /// question named by the way its edges run (`incoming`: the answers
    /// are their sources).
    pub intent: &'static str,
    pub reading: Reading,
    pub answer: Answer,
    /// The answer in plain sentences.
    pub text: String,
    /// The Cypher query whose rows are the answer.
    pub cypher: String,
    /// The names the question mentions and the nodes they resolved to.
    pub mentions: Vec<Mention>,
}

/// Why a question has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AskError {
    #[error("the question is longer than {MAX_QUESTION} characters")]
    TooLong,
    #[error("{}", unreadable_text(.unknown, .closest.as_ref()))]
    Unreadable {
        /// Words neither a name nor a cue.
        unknown: Vec<String>,
        closest: Option<Closest>,
    },
    #[error("no node matches `{text}`")]
    NotFound {
        text: String,
        suggestions: Vec<NodeRef>,
    },
    #[error("`{text}` matches several nodes about equally well")]
    Ambiguous {
        text: String,
        candidates: Vec<NodeRef>,
        /// The question with each candidate in place of `text`.
        rewritten: Vec<String>,
    },
    /// The query the question reads as cannot run within its bounds.
    #[error(transparent)]
    Query(#[from] CypherError),
}

fn unreadable_text(unknown: &[String], closest: Option<&Closest>) -> String {
    let mut text = "the question fits none of the forms this service reads".to_owned();
    if !unknown.is_empty() {
        text.push_str(&format!(" (unknown words: {})", unknown.join(", ")));
    }
    if let Some(c) = closest {
        text.push_str(&format!(
            "; the closest is `{}`: try \"{}\"",
            c.form, c.rewritten
        ));
    }
    text
}

impl From<Unread> for AskError {
    fn from(unread: Unread) -> Self {
        match unread {
            Unread::Unreadable { unknown, closest } => AskError::Unreadable { unknown, closest },
            Unread::NotFound { text, suggestions } => AskError::NotFound { text, suggestions },
            Unread::Ambiguous {
                text,
                candidates,
                rewritten,
            } => AskError::Ambiguous {
                text,
                candidates,
                rewritten,
            },
        }
    }
}

/// Reads `question` and answers it from `snapshot`; the queries it runs
/// may do at most `budget` units of work.
///
/// ```
/// use servicemap::app::{ask, Answer};
/// use servicemap::snapshot::{Source, from_sources};
///
/// let map = "```mermaid\nmindmap\n  Compute\n    Web Apps\n      :: uses\n      Storage\n```";
/// let snapshot = from_sources(&[Source::new("map.md", map)], vec![]);
/// let asked = ask(&snapshot, "what does Web Apps use?", 1_000).unwrap();
/// assert!(matches!(asked.answer, Answer::Edges { ref edges, .. } if edges.len() == 1));
/// assert_eq!(asked.text, "Web Apps uses Storage.");
/// ```
pub fn ask(snapshot: &Snapshot, question: &str, budget: usize) -> Result<Asked, AskError> {
    if question.chars().count() > MAX_QUESTION {
        return Err(AskError::TooLong);
    }
    let g = &snapshot.graph;
    let wordings = snapshot.wordings.get_or_init(|| Wordings::new(g));
    let understood = nlq::interpret(g, &snapshot.resolver, wordings, question)?;
    let run = |text: &str| run(snapshot, text, budget);
    let mut cypher = understood.cypher.clone();
    let answer = answer(snapshot, &understood.reading, &mut cypher, &run)?;
    let text = sentence(g, &understood.reading, &answer);
    Ok(Asked {
        intent: intent(g, &understood.reading, &answer),
        reading: understood.reading,
        answer,
        text,
        cypher,
        mentions: understood.mentions,
    })
}

fn intent(g: &crate::graph::KnowledgeGraph, reading: &Reading, answer: &Answer) -> &'static str {
    let anchor = match reading {
        Reading::Incoming { target, .. } => *target,
        Reading::Outgoing { source, .. } => *source,
        _ => return reading.intent(),
    };
    match answer {
        Answer::Edges { edges, .. } => match edges.first().map(|e| g.edge(*e)) {
            // A symmetric relation reads the same either way it is stored.
            Some(e) if e.source == e.target || symmetric(g, e.kind) => reading.intent(),
            Some(e) if e.target == anchor => "incoming",
            Some(_) => "outgoing",
            None => reading.intent(),
        },
        _ => reading.intent(),
    }
}

fn symmetric(g: &crate::graph::KnowledgeGraph, kind: crate::graph::EdgeKind) -> bool {
    matches!(kind, crate::graph::EdgeKind::Relation(r) if g.is_symmetric(r))
}

/// Every row of a query, under the budget.
fn run(snapshot: &Snapshot, text: &str, budget: usize) -> Result<Vec<Vec<Value>>, AskError> {
    let bounds = Bounds {
        max_work: budget,
        ..Bounds::default()
    };
    let plan = snapshot.plans.plan(&snapshot.graph, text, &bounds)?;
    Ok(crate::cypher::run_plan(
        &snapshot.graph,
        &snapshot.resolver,
        &plan,
        &bounds,
    )?)
}

type Runner<'a> = dyn Fn(&str) -> Result<Vec<Vec<Value>>, AskError> + 'a;

fn answer(
    snapshot: &Snapshot,
    reading: &Reading,
    cypher: &mut String,
    run: &Runner,
) -> Result<Answer, AskError> {
    let g = &snapshot.graph;
    let rows = run(cypher)?;
    Ok(match reading {
        Reading::Incoming { .. } | Reading::Outgoing { .. } => {
            let (edges, nodes) = node_edge_rows(&rows);
            if edges.is_empty()
                && let Some(other) = plans::fallback(g, reading)
            {
                let rows = run(&other)?;
                let (edges, nodes) = node_edge_rows(&rows);
                if !edges.is_empty() {
                    *cypher = other;
                    return Ok(Answer::Edges {
                        edges,
                        nodes,
                        fallback: true,
                    });
                }
            }
            Answer::Edges {
                edges,
                nodes,
                fallback: false,
            }
        }
        Reading::Related { .. } | Reading::CategoryOf { .. } | Reading::Filter { .. } => {
            let (edges, nodes) = node_edge_rows(&rows);
            Answer::Edges {
                edges,
                nodes,
                fallback: false,
            }
        }
        Reading::IsKind { .. } => Answer::Verdict {
            holds: !rows.is_empty(),
            evidence: Vec::new(),
        },
        Reading::HasEdge { .. } | Reading::InCategory { .. } => {
            let evidence = edges_of(&rows);
            Answer::Verdict {
                holds: !evidence.is_empty(),
                evidence,
            }
        }
        Reading::Describe { node } => Answer::Node {
            node: *node,
            edges: node_edge_rows(&rows).0,
        },
        Reading::Members { category } => {
            let (edges, services) = node_edge_rows(&rows);
            Answer::Members {
                category: *category,
                services,
                edges,
            }
        }
        Reading::Categories => {
            Answer::Nodes(rows.iter().filter_map(|r| r.first()?.as_node()).collect())
        }
        Reading::CountKind { .. } => Answer::Count {
            count: rows.first().and_then(|r| int(r.first()?)).unwrap_or(0),
            counted: None,
        },
        Reading::Count(inner) => {
            let counted = answer(snapshot, inner, cypher, run)?;
            Answer::Count {
                count: listed(&counted),
                counted: Some(Box::new(counted)),
            }
        }
        Reading::Largest { .. } | Reading::MostConnected { .. } => {
            let ranked: Vec<(NodeRef, usize)> = rows
                .iter()
                .filter_map(|r| Some((r.first()?.as_node()?, int(r.get(1)?)?)))
                .collect();
            let top = ranked.first().map(|(_, n)| *n);
            Answer::Ranking(
                ranked
                    .into_iter()
                    .take_while(|(_, n)| Some(*n) == top)
                    .collect(),
            )
        }
        Reading::Path { from, to } => {
            let mut paths = paths_of(&rows);
            let mut via_categories = false;
            if paths.is_empty() {
                let other = plans::path(g, *from, *to, true);
                paths = paths_of(&run(&other)?);
                via_categories = true;
                *cypher = other;
            }
            Answer::Paths {
                paths,
                via_categories,
            }
        }
        Reading::Impact { .. } | Reading::Needs { .. } => {
            let (edges, nodes) = node_edge_rows(&rows);
            Answer::Reached { nodes, edges }
        }
        Reading::Relations | Reading::Kinds => Answer::Tally(
            rows.iter()
                .filter_map(|r| {
                    let Value::String(name) = r.first()? else {
                        return None;
                    };
                    Some((name.clone(), int(r.get(1)?)?))
                })
                .collect(),
        ),
    })
}

/// How many things a listing answer holds.
fn listed(answer: &Answer) -> usize {
    match answer {
        Answer::Edges { nodes, .. } | Answer::Reached { nodes, .. } | Answer::Nodes(nodes) => {
            nodes.len()
        }
        Answer::Members { services, .. } => services.len(),
        Answer::Count { count, .. } => *count,
        Answer::Ranking(r) => r.len(),
        Answer::Tally(t) => t.len(),
        Answer::Paths { paths, .. } => paths.len(),
        Answer::Node { .. } => 1,
        Answer::Verdict { holds, .. } => usize::from(*holds),
    }
}

fn int(v: &Value) -> Option<usize> {
    match v {
        Value::Int(i) => usize::try_from(*i).ok(),
        _ => None,
    }
}

/// Rows of `(node, edge)` (or of a node with its reaching edges): the
/// edges in graph order, each once, and the nodes in the order of their
/// first edge.
fn node_edge_rows(rows: &[Vec<Value>]) -> (Vec<EdgeRef>, Vec<NodeRef>) {
    let mut pairs: Vec<(EdgeRef, Option<NodeRef>)> = Vec::new();
    for row in rows {
        let node = row.iter().find_map(Value::as_node);
        for value in row {
            if let Value::Relationship(e) = value {
                pairs.push((*e, node));
            }
        }
    }
    pairs.sort();
    pairs.dedup();
    let edges: Vec<EdgeRef> = {
        let mut e: Vec<EdgeRef> = pairs.iter().map(|(e, _)| *e).collect();
        e.dedup();
        e
    };
    let mut nodes = Vec::new();
    for (_, n) in &pairs {
        if let Some(n) = n
            && !nodes.contains(n)
        {
            nodes.push(*n);
        }
    }
    (edges, nodes)
}

fn edges_of(rows: &[Vec<Value>]) -> Vec<EdgeRef> {
    node_edge_rows(rows).0
}

fn paths_of(rows: &[Vec<Value>]) -> Vec<Path> {
    rows.iter()
        .filter_map(|r| match r.first()? {
            Value::Path(p) => Some(Path {
                nodes: p.nodes.clone(),
                edges: p.relationships.clone(),
            }),
            _ => None,
        })
        .collect()
}

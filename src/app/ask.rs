//! A question in plain words, read by the grammar of
//! [`query::ask`](crate::query::ask), its names resolved by the one
//! resolver, answered by the query layer, and said in one sentence.

use super::answer::{Answer, Reading};
use super::sentence::sentence;
use crate::graph::{EdgeKind, NodeKind, NodeRef};
use crate::matcher::ResolveError;
use crate::query::ask::{Question, parse_question};
use crate::query::edges::{EdgePattern, RelationTerm, matching_edges};
use crate::query::neighbors::{Direction, neighbors};
use crate::query::path::{PathError, PathOptions, shortest_paths};
use crate::snapshot::Snapshot;

/// The longest question read, in characters.
pub const MAX_QUESTION: usize = 300;

/// A question read, answered and said.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    pub reading: Reading,
    pub answer: Answer,
    /// The answer in one plain sentence.
    pub text: String,
}

/// What a name in a question had to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mention {
    Node,
    Category,
}

/// Why a question has no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AskError {
    #[error("the question is longer than {MAX_QUESTION} characters")]
    TooLong,
    #[error("the question is in none of the supported forms")]
    Unreadable,
    #[error("{error}")]
    Name {
        mention: Mention,
        error: ResolveError,
    },
    #[error("no path from one to the other within {max_hops} hops")]
    NoPath {
        from: NodeRef,
        to: NodeRef,
        max_hops: usize,
    },
    #[error(transparent)]
    Path(#[from] PathError),
}

/// Reads `question` and answers it from `snapshot`; a path search may
/// examine at most `path_budget` edges.
///
/// ```
/// use servicemap::app::{ask, Answer};
/// use servicemap::snapshot::{Source, from_sources};
///
/// let map = "```mermaid\nmindmap\n  Compute\n    Web Apps\n      :: uses\n      Storage\n```";
/// let snapshot = from_sources(&[Source::new("map.md", map)], vec![]);
/// let asked = ask(&snapshot, "what does Web Apps use?", 1_000).unwrap();
/// assert!(matches!(asked.answer, Answer::Edges(ref edges) if edges.len() == 1));
/// assert_eq!(asked.text, "Web Apps uses Storage.");
/// ```
pub fn ask(snapshot: &Snapshot, question: &str, path_budget: usize) -> Result<Asked, AskError> {
    if question.chars().count() > MAX_QUESTION {
        return Err(AskError::TooLong);
    }
    let reading = read(snapshot, question)?;
    let answer = answer(snapshot, &reading, path_budget)?;
    let text = sentence(&snapshot.graph, &reading, &answer);
    Ok(Asked {
        reading,
        answer,
        text,
    })
}

/// The question's reading, its names resolved.
fn read(snapshot: &Snapshot, question: &str) -> Result<Reading, AskError> {
    let g = &snapshot.graph;
    let resolver = &snapshot.resolver;
    let resolves = |name: &str| resolver.resolve(g, name, |_| true).is_ok();
    let question = parse_question(g, question, resolves).ok_or(AskError::Unreadable)?;
    let node = |name: &str| {
        resolver
            .resolve_mention(g, name, |_| true)
            .map_err(|error| AskError::Name {
                mention: Mention::Node,
                error,
            })
    };
    Ok(match question {
        Question::Incoming { relation, object } => Reading::Incoming {
            target: node(&object)?,
            relation,
        },
        Question::Outgoing { subject, relation } => Reading::Outgoing {
            source: node(&subject)?,
            relation,
        },
        Question::Members { category } => Reading::Members {
            category: resolver
                .resolve_mention(g, &category, |n| g.node(n).kind == NodeKind::Category)
                .map_err(|error| AskError::Name {
                    mention: Mention::Category,
                    error,
                })?,
        },
        Question::Category { subject } => Reading::Category {
            node: node(&subject)?,
        },
        Question::Describe { subject } => Reading::Describe {
            node: node(&subject)?,
        },
        Question::Related { subject } => Reading::Related {
            node: node(&subject)?,
        },
        Question::Path { from, to } => Reading::Path {
            from: node(&from)?,
            to: node(&to)?,
        },
    })
}

fn answer(snapshot: &Snapshot, reading: &Reading, path_budget: usize) -> Result<Answer, AskError> {
    let g = &snapshot.graph;
    let term = |relation: &str| {
        g.relation_term(relation)
            .map(|(relation, inverse)| vec![RelationTerm { relation, inverse }])
            .ok_or(AskError::Unreadable)
    };
    Ok(match *reading {
        Reading::Incoming {
            ref relation,
            target,
        } => Answer::Edges(matching_edges(
            g,
            &EdgePattern {
                source: None,
                relations: Some(term(relation)?),
                target: Some(target),
            },
        )),
        Reading::Outgoing {
            source,
            ref relation,
        } => Answer::Edges(matching_edges(
            g,
            &EdgePattern {
                source: Some(source),
                relations: Some(term(relation)?),
                target: None,
            },
        )),
        Reading::Members { category } => Answer::Members {
            category,
            services: g.members_of(category).collect(),
        },
        Reading::Category { node } | Reading::Describe { node } => Answer::Node(node),
        Reading::Related { node } => {
            Answer::Neighbourhood(neighbors(g, node, Direction::Both, None, 1))
        }
        Reading::Path { from, to } => {
            let options = PathOptions {
                budget: path_budget,
                ..PathOptions::default()
            };
            let paths = shortest_paths(g, from, to, &options)?;
            if paths.is_empty() {
                return Err(AskError::NoPath {
                    from,
                    to,
                    max_hops: options.max_hops,
                });
            }
            Answer::Paths(paths)
        }
    })
}

/// Whether an edge is a relation (not a category membership).
pub(crate) fn is_relation(kind: EdgeKind) -> bool {
    matches!(kind, EdgeKind::Relation(_))
}

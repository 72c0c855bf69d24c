//! What a question asks, once its mentions are found: a typed reading
//! with its nodes resolved, or why there is none.

use super::wordings::Term;
use crate::graph::{NodeKind, NodeRef};

/// A question read, its names resolved to nodes.
///
/// Relations are [`Term`]s, read as written: `Incoming` is `? <terms>
/// target`, `Outgoing` is `source <terms> ?`, whatever way the edges are
/// stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    /// Who or what has the relation to `target`.
    Incoming {
        target: NodeRef,
        terms: Vec<Term>,
        wording: String,
    },
    /// What `source` has the relation to.
    Outgoing {
        source: NodeRef,
        terms: Vec<Term>,
        wording: String,
    },
    /// Whether `source <terms> target`.
    HasEdge {
        source: NodeRef,
        terms: Vec<Term>,
        wording: String,
        target: NodeRef,
    },
    /// The members of `category` with the relation (to `other`, if given).
    Filter {
        category: NodeRef,
        terms: Vec<Term>,
        wording: String,
        other: Option<NodeRef>,
    },
    /// What a node is and does, and where it sits.
    Describe { node: NodeRef },
    /// Every node one relation away.
    Related { node: NodeRef },
    /// The services of a category.
    Members { category: NodeRef },
    /// The categories a node is in.
    CategoryOf { node: NodeRef },
    /// Whether `node` is in `category`.
    InCategory { node: NodeRef, category: NodeRef },
    /// Whether `node` is of `kind`.
    IsKind { node: NodeRef, kind: NodeKind },
    /// Every category.
    Categories,
    /// How many nodes of a kind (any kind with `None`).
    CountKind { kind: Option<NodeKind> },
    /// How many answers another reading has.
    Count(Box<Reading>),
    /// The categories with the most (or fewest) services.
    Largest { fewest: bool },
    /// The nodes with the most relations.
    MostConnected { kind: Option<NodeKind> },
    /// How two nodes are connected.
    Path { from: NodeRef, to: NodeRef },
    /// What depends on a node, directly or not.
    Impact { node: NodeRef },
    /// What a node depends on, directly or not.
    Needs { node: NodeRef },
    /// The relations the map has.
    Relations,
    /// The kinds of node the map has.
    Kinds,
}

impl Reading {
    /// The intent's name, as answers report it.
    pub fn intent(&self) -> &'static str {
        match self {
            Reading::Incoming { terms, .. } => {
                if terms.first().is_some_and(|t| t.inverse) {
                    "outgoing"
                } else {
                    "incoming"
                }
            }
            Reading::Outgoing { terms, .. } => {
                if terms.first().is_some_and(|t| t.inverse) {
                    "incoming"
                } else {
                    "outgoing"
                }
            }
            Reading::HasEdge { .. } => "has-edge",
            Reading::Filter { .. } => "filter",
            Reading::Describe { .. } => "describe",
            Reading::Related { .. } => "related",
            Reading::Members { .. } => "members",
            Reading::CategoryOf { .. } => "category",
            Reading::InCategory { .. } => "in-category",
            Reading::IsKind { .. } => "is-kind",
            Reading::Categories => "categories",
            Reading::CountKind { .. } | Reading::Count(_) => "count",
            Reading::Largest { .. } | Reading::MostConnected { .. } => "rank",
            Reading::Path { .. } => "path",
            Reading::Impact { .. } => "impact",
            Reading::Needs { .. } => "needs",
            Reading::Relations => "relations",
            Reading::Kinds => "kinds",
        }
    }
}

/// Why a question has no reading.
#[derive(Debug, Clone, PartialEq)]
pub enum Unread {
    /// No reading fits; `closest` is the nearest that would, as a question.
    Unreadable {
        unknown: Vec<String>,
        closest: Option<Closest>,
    },
    /// A name in the question matches no node.
    NotFound {
        text: String,
        suggestions: Vec<NodeRef>,
    },
    /// A name matches several nodes, none clearly best.
    Ambiguous {
        text: String,
        candidates: Vec<NodeRef>,
        /// The question with each candidate's name in place of the text.
        rewritten: Vec<String>,
    },
}

/// The reading nearest to an unreadable question.
#[derive(Debug, Clone, PartialEq)]
pub struct Closest {
    /// The form, as [`super::forms::FORMS`] names it.
    pub form: &'static str,
    /// The question rewritten in that form, which is answered.
    pub rewritten: String,
}

//! Questions in plain words, read by a small semantic parser into a typed
//! [`Reading`] and the Cypher query that answers it.
//!
//! - [`mentions`]: the nodes, categories, relations and cue words a
//!   question mentions; names go through the one resolver;
//! - [`classify`]: the reading those mentions make;
//! - [`cypher`]: the reading as a query for the Cypher engine, which
//!   answers every question under its budget;
//! - [`forms`]: the families of question, and the nearest one to a
//!   question that fits none;
//! - [`lexicon`], [`wordings`]: the words questions are read with.
//!
//! It never guesses: a name that matches several nodes about equally is
//! an ambiguity, not a pick, and a word it does not know makes the
//! question unreadable rather than answered wrongly.

pub mod classify;
pub mod cypher;
pub mod forms;
pub mod lexicon;
pub mod mentions;
mod names;
pub mod reading;
pub mod wordings;

#[cfg(test)]
mod tests;

pub use forms::{Form, forms};
pub use reading::{Closest, Reading, Unread};
pub use wordings::{Term, Wordings};

use crate::graph::{KnowledgeGraph, NodeRef};
use crate::matcher::{MatchKind, Resolver};
use mentions::Found;

/// A question understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpretation {
    pub reading: Reading,
    /// The query that answers it.
    pub cypher: String,
    /// The names it mentions, as typed, and what they resolved to.
    pub mentions: Vec<Mention>,
}

/// A name in a question and the node it names.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub text: String,
    pub node: NodeRef,
    /// How the resolver matched it.
    pub kind: Option<MatchKind>,
}

/// Reads `question` over `g`.
pub fn interpret(
    g: &KnowledgeGraph,
    resolver: &Resolver,
    wordings: &Wordings,
    question: &str,
) -> Result<Interpretation, Unread> {
    let m = mentions::find(g, resolver, wordings, mentions::tokenize(question));
    match classify::classify(g, &m) {
        Ok(reading) => Ok(Interpretation {
            cypher: cypher::query(g, &reading),
            mentions: m
                .nodes
                .iter()
                .filter_map(|n| match n.found {
                    Found::Node(node) => Some(Mention {
                        text: n.text.clone(),
                        node,
                        kind: n.kind,
                    }),
                    _ => None,
                })
                .collect(),
            reading,
        }),
        Err(Unread::Unreadable { unknown, .. }) => {
            let closest = forms::nearest(g, wordings, &m).into_iter().find(|c| {
                let again = mentions::find(g, resolver, wordings, mentions::tokenize(&c.rewritten));
                classify::classify(g, &again).is_ok()
            });
            Err(Unread::Unreadable { unknown, closest })
        }
        Err(Unread::NotFound { text, .. }) => Err(Unread::NotFound {
            suggestions: resolver.suggest(g, &text, |_| true),
            text,
        }),
        Err(Unread::Ambiguous {
            text, candidates, ..
        }) => {
            let at = m.nodes.iter().find(|n| n.text == text);
            let rewritten = candidates
                .iter()
                .map(|c| match at {
                    Some(at) => {
                        let mut words: Vec<&str> = m.tokens.iter().map(String::as_str).collect();
                        let name = g.node(*c).name.as_str();
                        words.splice(at.start..at.end, [name]);
                        words.join(" ")
                    }
                    None => g.node(*c).name.clone(),
                })
                .collect();
            Err(Unread::Ambiguous {
                text,
                candidates,
                rewritten,
            })
        }
    }
}

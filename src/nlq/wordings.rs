//! Every way a question may name one of a graph's relations: its labels,
//! the vocabulary's inverse wordings of them, and the lexicon's synonyms,
//! each as the stems of its words, worked out once per graph.

use super::lexicon::{SYNONYMS, stem};
use crate::graph::{KnowledgeGraph, RelationId};

/// One relation as a wording means it: `inverse` when the wording reads it
/// from the target's side (`used by`), so `a <wording> b` is stored `b -> a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Term {
    pub relation: RelationId,
    pub inverse: bool,
}

/// A wording and the relations it means.
#[derive(Debug, Clone)]
pub struct Wording {
    pub stems: Vec<String>,
    /// As the lexicon or the graph writes it.
    pub text: String,
    pub terms: Vec<Term>,
}

/// The wordings of one graph, longest first.
#[derive(Debug, Clone, Default)]
pub struct Wordings {
    list: Vec<Wording>,
}

impl Wordings {
    /// Labels first, then inverse wordings, then synonyms: a wording the
    /// graph itself uses keeps the meaning the graph gives it.
    pub fn new(graph: &KnowledgeGraph) -> Self {
        let mut list: Vec<Wording> = Vec::new();
        let mut add = |text: &str, terms: Vec<Term>| {
            let stems: Vec<String> = text.split_whitespace().map(stem).collect();
            if terms.is_empty() || stems.is_empty() || list.iter().any(|w| w.stems == stems) {
                return;
            }
            list.push(Wording {
                stems,
                text: text.to_owned(),
                terms,
            });
        };
        for (relation, r) in graph.relations() {
            add(
                &r.label,
                vec![Term {
                    relation,
                    inverse: false,
                }],
            );
        }
        let mut inverse: Vec<(&str, &str)> = graph
            .vocabulary()
            .wordings()
            .filter(|(_, _, inverse)| *inverse)
            .map(|(wording, active, _)| (wording, active))
            .collect();
        inverse.sort_unstable();
        for (wording, active) in inverse {
            if let Some(relation) = graph.relation_by_label(active) {
                add(
                    wording,
                    vec![Term {
                        relation,
                        inverse: true,
                    }],
                );
            }
        }
        for (wording, meanings) in SYNONYMS {
            let terms = meanings
                .iter()
                .filter_map(|(label, inverse)| {
                    let relation = graph.relation_by_label(label)?;
                    // An inverse term is written in the inverse wording,
                    // which the vocabulary must have.
                    let writable = !inverse || inverse_wording(graph, relation).is_some();
                    writable.then_some(Term {
                        relation,
                        inverse: *inverse && !graph.is_symmetric(relation),
                    })
                })
                .collect();
            add(wording, terms);
        }
        list.sort_by_key(|w| std::cmp::Reverse(w.stems.len()));
        Wordings { list }
    }

    /// The longest wording whose stems start `stems`, and its length.
    pub fn longest_at(&self, stems: &[String]) -> Option<&Wording> {
        self.list
            .iter()
            .find(|w| w.stems.len() <= stems.len() && w.stems[..] == stems[..w.stems.len()])
    }

    /// Every wording, longest first.
    pub fn all(&self) -> &[Wording] {
        &self.list
    }
}

/// How a relation reads from its target's side, when the vocabulary says.
pub fn inverse_wording(graph: &KnowledgeGraph, relation: RelationId) -> Option<&str> {
    let label = &graph.relation(relation).label;
    graph
        .vocabulary()
        .wording(label)
        .and_then(|w| w.inverse.as_deref())
}

/// A term as a Cypher relationship type: the label, or the inverse wording.
pub fn type_name(graph: &KnowledgeGraph, term: Term) -> &str {
    if term.inverse
        && let Some(inverse) = inverse_wording(graph, term.relation)
    {
        return inverse;
    }
    &graph.relation(term.relation).label
}

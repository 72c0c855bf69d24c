//! Names in a question's words: which span names a node, how closely,
//! and whether one node is clearly the one meant.

use super::mentions::{Found, MAX_NAME_WORDS, NodeMention, mention};
use crate::graph::{KnowledgeGraph, NodeRef};
use crate::matcher::{Candidate, MatchKind, Resolver};
use crate::text::words;

/// How far ahead the best candidate must be to be clearly best.
const CLEAR_MARGIN: f64 = 0.05;
/// The least score of a typo-tolerant match of a mention (0.4 times the
/// typed words' mean similarity to the name's).
const FUZZY_MENTION: f64 = 0.36;
/// The same for two typed words run together, which must be closer.
pub(super) const FUZZY_JOINED: f64 = 0.38;
/// How far behind the best a candidate an ambiguity offers may be.
const CANDIDATE_MARGIN: f64 = 0.15;
/// How many of the best candidates are weighed.
const RANKED: usize = 64;
/// How many candidates an ambiguity lists.
const MAX_CANDIDATES: usize = 8;

/// A span that is a node's whole name, id, alias or acronym, or every
/// word of its name but the generic ones (words in many names, such as
/// `services`).
pub(super) fn whole_name(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    typed: &[String],
) -> Option<(Found, Vec<Candidate>)> {
    let text = typed.join(" ");
    let typed: Vec<String> = words(&text).collect();
    let exact = resolver.exact(&text);
    if let Some(best) = exact.iter().map(|(_, k)| *k).min() {
        let at_best: Vec<NodeRef> = exact
            .iter()
            .filter(|(_, k)| *k == best)
            .map(|(n, _)| *n)
            .collect();
        let cands = vec![Candidate {
            node: at_best[0],
            kind: best,
            score: 1.0,
        }];
        let found = if at_best.len() == 1 {
            Found::Node(at_best[0])
        } else {
            Found::Ambiguous(at_best)
        };
        return Some((found, cands));
    }
    let generic = (graph.node_count() / 20).max(3);
    let cands = resolver.candidates_up_to(&text, |_| true, MatchKind::Word);
    let mut full: Vec<(usize, Candidate)> = cands
        .iter()
        .take(RANKED)
        .filter_map(|c| {
            let words: Vec<String> = words(&graph.node(c.node).name).collect();
            let all_typed = typed.iter().all(|t| words.contains(t));
            let extra: Vec<&String> = words.iter().filter(|w| !typed.contains(w)).collect();
            let loose = extra.iter().all(|w| resolver.word_frequency(w) > generic);
            (all_typed && loose).then_some((extra.len(), *c))
        })
        .collect();
    full.sort_by_key(|(extra, _)| *extra);
    match full[..] {
        [(_, one)] => Some((Found::Node(one.node), vec![one])),
        [(a, one), (b, _), ..] if a < b => Some((Found::Node(one.node), vec![one])),
        _ => None,
    }
}

/// Names in a run of free words: the whole run, the run's words run
/// together (`expres route`), or else its longest parts; words left over
/// are unknown.
pub(super) fn loose_run(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    tokens: &[String],
    start: usize,
    end: usize,
    nodes: &mut Vec<NodeMention>,
    unknown: &mut Vec<String>,
) {
    let mut i = start;
    while i < end {
        let mut matched = false;
        for j in (i + 1..=end.min(i + MAX_NAME_WORDS)).rev() {
            let text = tokens[i..j].join(" ");
            let mut found = resolve_loose(graph, resolver, &text, &tokens[i..j]);
            if matches!(found.0, Found::Unknown) && j - i > 1 {
                let joined = tokens[i..j].concat();
                found = resolve_loose(graph, resolver, &joined, std::slice::from_ref(&joined));
            }
            if !matches!(found.0, Found::Unknown) {
                nodes.push(mention(i, j, text, found.0, &found.1));
                i = j;
                matched = true;
                break;
            }
        }
        if !matched {
            unknown.push(tokens[i].clone());
            // Unknown words in a row are one unknown name.
            match nodes.last_mut() {
                Some(last) if last.end == i && last.found == Found::Unknown => {
                    last.end = i + 1;
                    last.text = format!("{} {}", last.text, tokens[i]);
                }
                _ => nodes.push(NodeMention {
                    start: i,
                    end: i + 1,
                    text: tokens[i].clone(),
                    found: Found::Unknown,
                    kind: None,
                }),
            }
            i += 1;
        }
    }
}

pub(super) fn resolve_loose(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    typed: &[String],
) -> (Found, Vec<Candidate>) {
    let short = text.chars().count() < 4;
    let loosest = if short {
        MatchKind::Word
    } else {
        MatchKind::Fuzzy
    };
    let mut cands = resolver.candidates_up_to(text, |_| true, loosest);
    // A short word inside a name (`st` in `test`) is no mention of it.
    cands.retain(|c| c.kind != MatchKind::Substring || text.len() >= 5);
    // A typo must be close: the resolver's own bar suits a name typed
    // alone, not a word of a sentence (`meaning` is no `learning`).
    // A short word alone is too easily another word misspelt (`flies`).
    let long_enough = typed.len() > 1 || text.chars().count() >= 6;
    cands.retain(|c| c.kind != MatchKind::Fuzzy || (c.score >= FUZZY_MENTION && long_enough));
    (decide(graph, &cands, typed), cands)
}

/// The node candidates name when one is clearly best; several when none is.
pub fn decide(graph: &KnowledgeGraph, cands: &[Candidate], typed: &[String]) -> Found {
    // Typed words that are words of the name (not of an alias) count
    // towards how much of the name was written.
    let rank = |c: &Candidate| {
        let name: Vec<String> = words(&graph.node(c.node).name).collect();
        let covered = typed.iter().filter(|t| name.contains(t)).count();
        c.score + 0.1 * (covered as f64 / name.len().max(1) as f64).min(1.0)
    };
    // Candidates come best first: the few at the top decide.
    let mut ranked: Vec<(f64, &Candidate)> =
        cands.iter().take(RANKED).map(|c| (rank(c), c)).collect();
    ranked.sort_by(|a, b| a.1.kind.cmp(&b.1.kind).then(b.0.total_cmp(&a.0)));
    let Some(&(best, first)) = ranked.first() else {
        return Found::Unknown;
    };
    let within = |margin: f64| {
        ranked
            .iter()
            .take_while(|(score, c)| c.kind == first.kind && best - score < margin)
            .take(MAX_CANDIDATES)
            .map(|(_, c)| c.node)
            .collect::<Vec<NodeRef>>()
    };
    if within(CLEAR_MARGIN).len() == 1 {
        Found::Node(first.node)
    } else {
        // Not clearly one: offer every one it could well be.
        Found::Ambiguous(within(CANDIDATE_MARGIN))
    }
}

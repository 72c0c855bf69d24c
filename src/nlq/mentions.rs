//! Finding what a question mentions: names of nodes (the longest run of
//! words the resolver accepts, typos across words included), relation
//! wordings, and the cue words left over; every other word is unknown.
//!
//! Passes, each over the words the ones before left free: category
//! phrases (`the AI category`, `storage services`), whole names written
//! out, relation wordings, cue words, single-word names and aliases, and
//! last the loose tiers of the resolver over each remaining run of words.

use super::lexicon::{OUT_OF_SCOPE, is_cue, stem};
use super::wordings::{Term, Wordings};
use crate::graph::{KnowledgeGraph, NodeKind, NodeRef};
use crate::matcher::{Candidate, MatchKind, Resolver};
use crate::text::words;

/// The longest name tried, in words.
const MAX_NAME_WORDS: usize = 8;
/// How far ahead the best candidate must be to be clearly best.
const CLEAR_MARGIN: f64 = 0.05;
/// How many candidates an ambiguity lists.
const MAX_CANDIDATES: usize = 8;
/// Words that turn the name before them into a category's.
const CATEGORY_NOUNS: &[&str] = &["services", "service", "category", "categories"];

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Node(NodeRef),
    /// Several nodes, none clearly best, best first.
    Ambiguous(Vec<NodeRef>),
    Unknown,
}

/// A run of the question's words naming a node.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeMention {
    pub start: usize,
    pub end: usize,
    /// The words as typed (lower-case).
    pub text: String,
    pub found: Found,
    /// How the best candidate matched.
    pub kind: Option<MatchKind>,
}

/// A run of words naming relations.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationMention {
    pub start: usize,
    pub end: usize,
    pub wording: String,
    pub terms: Vec<Term>,
}

/// Everything a question mentions, in order.
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    pub tokens: Vec<String>,
    pub nodes: Vec<NodeMention>,
    pub relations: Vec<RelationMention>,
    /// Words that are neither cues nor part of a mention.
    pub unknown: Vec<String>,
    /// A word about prices, dates or the world outside the map.
    pub out_of_scope: bool,
}

impl Mentions {
    /// Whether the question has this cue word.
    pub fn has(&self, word: &str) -> bool {
        self.tokens.iter().any(|t| t == word)
    }

    pub fn has_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.has(w))
    }

    /// The position of a word, if present.
    pub fn position(&self, word: &str) -> Option<usize> {
        self.tokens.iter().position(|t| t == word)
    }
}

/// A question's words, lower-case, contractions spelt out and punctuation
/// around words dropped.
pub fn tokenize(text: &str) -> Vec<String> {
    let text = text.replace(['\u{2019}', '`'], "'").to_lowercase();
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '?' | '!')) {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() {
            continue;
        }
        let (word, is) = match word {
            "whats" | "what's" => ("what", true),
            "whos" | "who's" => ("who", true),
            "wheres" | "where's" => ("where", true),
            "hows" | "how's" => ("how", true),
            "that's" | "thats" => ("that", true),
            "it's" => ("it", true),
            other => (other.strip_suffix("'s").unwrap_or(other), false),
        };
        out.push(word.to_owned());
        if is {
            out.push("is".to_owned());
        }
    }
    out
}

/// Finds the mentions in `tokens`.
pub fn find(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    wordings: &Wordings,
    tokens: Vec<String>,
) -> Mentions {
    let n = tokens.len();
    let stems: Vec<String> = tokens.iter().map(|t| stem(t)).collect();
    let mut free = vec![true; n];
    let mut nodes: Vec<NodeMention> = Vec::new();
    let mut relations = Vec::new();
    let known: Vec<bool> = tokens.iter().map(|t| resolver.has_word(t)).collect();
    let is_category = |node: NodeRef| graph.node(node).kind == NodeKind::Category;
    let span = |a: usize, b: usize| tokens[a..b].join(" ");
    let take = |free: &mut Vec<bool>, a: usize, b: usize| free[a..b].iter_mut().for_each(|f| *f = false);

    // Category phrases: `storage services`, `the AI category`.
    for end in 1..n {
        if !CATEGORY_NOUNS.contains(&tokens[end].as_str()) {
            continue;
        }
        for start in end.saturating_sub(MAX_NAME_WORDS)..end {
            if !free[start..=end].iter().all(|f| *f) || is_cue(&tokens[start]) {
                continue;
            }
            let cands = resolver.candidates_up_to(&span(start, end), is_category, MatchKind::Prefix);
            if let Found::Node(node) = decide(graph, &cands, end - start) {
                nodes.push(mention(start, end + 1, span(start, end + 1), Found::Node(node), &cands));
                take(&mut free, start, end + 1);
                break;
            }
        }
    }
    // Whole names written out, longest first.
    for len in (2..=MAX_NAME_WORDS.min(n)).rev() {
        for start in 0..=n - len {
            let end = start + len;
            if !free[start..end].iter().all(|f| *f) || !known[start..end].iter().all(|k| *k) {
                continue;
            }
            if let Some((found, cands)) = whole_name(graph, resolver, &span(start, end), len) {
                nodes.push(mention(start, end, span(start, end), found, &cands));
                take(&mut free, start, end);
            }
        }
    }
    // Relation wordings.
    let mut i = 0;
    while i < n {
        if free[i]
            && let Some(w) = wordings.longest_at(&stems[i..])
            && free[i..i + w.stems.len()].iter().all(|f| *f)
        {
            let end = i + w.stems.len();
            relations.push(RelationMention {
                start: i,
                end,
                wording: w.text.clone(),
                terms: w.terms.clone(),
            });
            take(&mut free, i, end);
            i = end;
            continue;
        }
        i += 1;
    }
    // Cue words, and words outside the map's world.
    let mut out_of_scope = false;
    for i in 0..n {
        if free[i] && is_cue(&tokens[i]) {
            free[i] = false;
        } else if free[i] && OUT_OF_SCOPE.contains(&tokens[i].as_str()) {
            out_of_scope = true;
        }
    }
    // Single words naming a node exactly, then the loose tiers over runs.
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < n {
        if !free[i] {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < n && free[end] {
            end += 1;
        }
        loose_run(graph, resolver, &tokens, i, end, &mut nodes, &mut unknown);
        i = end;
    }
    nodes.sort_by_key(|m| m.start);
    nodes.dedup_by(|b, a| {
        let same = a.found == b.found && matches!(a.found, Found::Node(_)) && a.end == b.start;
        if same {
            a.end = b.end;
            a.text = format!("{} {}", a.text, b.text);
        }
        same
    });
    relations.sort_by_key(|r| r.start);
    Mentions {
        tokens,
        nodes,
        relations,
        unknown,
        out_of_scope,
    }
}

fn mention(start: usize, end: usize, text: String, found: Found, cands: &[Candidate]) -> NodeMention {
    NodeMention {
        start,
        end,
        text,
        found,
        kind: cands.first().map(|c| c.kind),
    }
}

/// A span that is a node's whole name, id, alias or acronym, or every
/// word of its name.
fn whole_name(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    len: usize,
) -> Option<(Found, Vec<Candidate>)> {
    let exact = resolver.exact(text);
    if let Some(best) = exact.iter().map(|(_, k)| *k).min() {
        let at_best: Vec<NodeRef> = exact.iter().filter(|(_, k)| *k == best).map(|(n, _)| *n).collect();
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
    let cands = resolver.candidates_up_to(text, |_| true, MatchKind::Word);
    let full: Vec<&Candidate> = cands
        .iter()
        .filter(|c| words(&graph.node(c.node).name).count() == len)
        .collect();
    match full[..] {
        [one] => Some((Found::Node(one.node), vec![*one])),
        _ => None,
    }
}

/// Names in a run of free words: the whole run, the run's words run
/// together (`expres route`), or else its longest parts; words left over
/// are unknown.
fn loose_run(
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
            let mut found = resolve_loose(graph, resolver, &text, j - i);
            if matches!(found.0, Found::Unknown) && j - i > 1 {
                found = resolve_loose(graph, resolver, &tokens[i..j].concat(), j - i);
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
            nodes.push(NodeMention {
                start: i,
                end: i + 1,
                text: tokens[i].clone(),
                found: Found::Unknown,
                kind: None,
            });
            i += 1;
        }
    }
}

fn resolve_loose(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    words_typed: usize,
) -> (Found, Vec<Candidate>) {
    let short = text.chars().count() < 4;
    let loosest = if short { MatchKind::Word } else { MatchKind::Fuzzy };
    let mut cands = resolver.candidates_up_to(text, |_| true, loosest);
    // A short word inside a name (`st` in `test`) is no mention of it.
    cands.retain(|c| c.kind != MatchKind::Substring || text.len() >= 5);
    (decide(graph, &cands, words_typed), cands)
}

/// The node candidates name when one is clearly best; several when none is.
pub fn decide(graph: &KnowledgeGraph, cands: &[Candidate], words_typed: usize) -> Found {
    let rank = |c: &Candidate| {
        let total = words(&graph.node(c.node).name).count().max(1) as f64;
        c.score + 0.1 * (words_typed as f64 / total).min(1.0)
    };
    let mut ranked: Vec<(f64, &Candidate)> = cands.iter().map(|c| (rank(c), c)).collect();
    ranked.sort_by(|a, b| a.1.kind.cmp(&b.1.kind).then(b.0.total_cmp(&a.0)));
    let Some(&(best, first)) = ranked.first() else {
        return Found::Unknown;
    };
    let close: Vec<NodeRef> = ranked
        .iter()
        .take_while(|(score, c)| c.kind == first.kind && best - score < CLEAR_MARGIN)
        .take(MAX_CANDIDATES)
        .map(|(_, c)| c.node)
        .collect();
    if close.len() == 1 {
        Found::Node(first.node)
    } else {
        Found::Ambiguous(close)
    }
}

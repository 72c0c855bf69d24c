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

use super::names::{FUZZY_JOINED, decide, loose_run, resolve_loose, whole_name};

/// The longest name tried, in words.
pub(super) const MAX_NAME_WORDS: usize = 8;
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
    /// Whether the question has this word outside the names it mentions.
    pub fn has(&self, word: &str) -> bool {
        self.tokens.iter().enumerate().any(|(i, t)| {
            t == word
                && !self
                    .nodes
                    .iter()
                    .any(|n| n.start <= i && i < n.end && !matches!(n.found, Found::Unknown))
        })
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
    let known: Vec<bool> = tokens
        .iter()
        .map(|t| words(t).all(|w| resolver.has_word(&w)))
        .collect();
    let is_category = |node: NodeRef| graph.node(node).kind == NodeKind::Category;
    let span = |a: usize, b: usize| tokens[a..b].join(" ");
    let take =
        |free: &mut Vec<bool>, a: usize, b: usize| free[a..b].iter_mut().for_each(|f| *f = false);

    // Category phrases: `storage services`, `the AI category`.
    for end in 1..n {
        if !CATEGORY_NOUNS.contains(&tokens[end].as_str()) {
            continue;
        }
        for start in end.saturating_sub(MAX_NAME_WORDS)..end {
            if !free[start..=end].iter().all(|f| *f) || is_cue(&tokens[start]) {
                continue;
            }
            // `queue storage service` is a service, not the storage category.
            let longer = start > 0
                && free[start - 1]
                && whole_name(graph, resolver, &tokens[start - 1..=end])
                    .or_else(|| whole_name(graph, resolver, &tokens[start - 1..end]))
                    .is_some();
            // `the machine learning service`: one service, not a category.
            let one_service = tokens[end] == "service"
                && whole_name(graph, resolver, &tokens[start..end])
                    .is_some_and(|(f, _)| matches!(f, Found::Node(n) if !is_category(n)));
            if longer || one_service {
                continue;
            }
            let cands =
                resolver.candidates_up_to(&span(start, end), is_category, MatchKind::Prefix);
            if let Found::Node(node) = decide(graph, &cands, &tokens[start..end]) {
                nodes.push(mention(
                    start,
                    end + 1,
                    span(start, end + 1),
                    Found::Node(node),
                    &cands,
                ));
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
            if let Some((found, cands)) = whole_name(graph, resolver, &tokens[start..end]) {
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
            // `give me`, `show us`: a request, not a relation.
            && !matches!(tokens.get(i + w.stems.len()).map(String::as_str), Some("me" | "us"))
            // `what is X used for`: what it is for, not what it uses.
            && !(tokens[i] == "used" && tokens.get(i + 1).is_some_and(|t| t == "for"))
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
    // A name typed as two words (`expres route`, `cycle cloud`).
    for i in 0..n.saturating_sub(1) {
        let typo = |t: &str| !resolver.has_word(t) && !is_cue(t) && !OUT_OF_SCOPE.contains(&t);
        if !(free[i] && free[i + 1]) || !(typo(&tokens[i]) || typo(&tokens[i + 1])) {
            continue;
        }
        let joined = tokens[i..i + 2].concat();
        let (found, cands) = resolve_loose(graph, resolver, &joined, std::slice::from_ref(&joined));
        let close = cands
            .first()
            .is_some_and(|c| c.kind != MatchKind::Fuzzy || c.score >= FUZZY_JOINED);
        if let Found::Node(_) = found
            && close
        {
            nodes.push(mention(i, i + 2, span(i, i + 2), found, &cands));
            take(&mut free, i, i + 2);
        }
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

pub(super) fn mention(
    start: usize,
    end: usize,
    text: String,
    found: Found,
    cands: &[Candidate],
) -> NodeMention {
    NodeMention {
        start,
        end,
        text,
        found,
        kind: cands.first().map(|c| c.kind),
    }
}

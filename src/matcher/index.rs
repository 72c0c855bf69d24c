//! Building the resolver's indexes: exact keys (ids, names, aliases,
//! acronyms), the word index with its postings, compact keys and character
//! classes.

use super::{MatchKind, Resolver, node_ref};
use crate::graph::{KnowledgeGraph, NodeRef, Runs};
use crate::text::name_key;

pub(super) type ExactMap = hashbrown::HashMap<String, Vec<(NodeRef, MatchKind)>>;

pub(super) fn add_exact(exact: &mut ExactMap, text: &str, node: NodeRef, kind: MatchKind) {
    let key = name_key(text);
    if key.is_empty() {
        return;
    }
    // A node's keys are added together, so a repeat is the last entry:
    // checking only that keeps many nodes with one key linear.
    let list = exact.entry(key).or_default();
    match list.last_mut().filter(|(n, _)| *n == node) {
        Some((_, existing)) => *existing = (*existing).min(kind),
        None => list.push((node, kind)),
    }
}

/// A node whose suggestion score is always computed in full.
pub(super) const EXACT_ONLY: u64 = 1 << 63;

/// The class of an ASCII byte, in `0..63`.
pub(super) fn class_of(byte: u8) -> u32 {
    match byte {
        b'a'..=b'z' => u32::from(byte - b'a'),
        b'0'..=b'9' => 26 + u32::from(byte - b'0'),
        _ => 36 + u32::from(byte) % 27,
    }
}

impl Resolver {
    /// Each node's distinct words (numbered in first-seen order), word
    /// counts, compact keys and character classes.
    pub(super) fn index_words(
        &mut self,
        graph: &KnowledgeGraph,
        node_words: &mut Vec<u32>,
        node_offsets: &mut Vec<u32>,
    ) {
        let resolver = self;
        let mut vocabulary: hashbrown::HashMap<Box<str>, u32> = hashbrown::HashMap::new();
        // Per word, 1 + the last node that listed it: a node's distinct
        // words in constant time each, however many words its name has.
        let mut listed_by: Vec<u32> = Vec::new();
        let mut word = String::new();
        for (node, data) in graph.nodes() {
            let mut count = 0;
            let texts = std::iter::once(&data.name).chain(&data.aliases);
            for (t, text) in texts.enumerate() {
                for raw in text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    // Coverage is of the name: aliases add words to match,
                    // not to cover.
                    if t == 0 {
                        count += 1;
                    }
                    word.clear();
                    if raw.is_ascii() {
                        word.extend(raw.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                    } else {
                        word.push_str(&raw.to_lowercase());
                    }
                    let id = match vocabulary.get(word.as_str()) {
                        Some(&id) => id,
                        None => {
                            let id = vocabulary.len() as u32;
                            vocabulary.insert(word.as_str().into(), id);
                            id
                        }
                    };
                    if listed_by.len() <= id as usize {
                        listed_by.resize(id as usize + 1, 0);
                    }
                    let mark = node.index() as u32 + 1;
                    if listed_by[id as usize] != mark {
                        listed_by[id as usize] = mark;
                        node_words.push(id);
                    }
                }
            }
            node_offsets.push(node_words.len() as u32);
            resolver.word_counts.push(count);
            let key = resolver.keys.key(node.index());
            let classes = if key.is_ascii() && data.aliases.is_empty() {
                key.bytes().fold(0u64, |m, b| m | 1 << class_of(b))
            } else {
                EXACT_ONLY
            };
            resolver.classes.push(classes);
            resolver
                .compact_lens
                .push(key.bytes().filter(|&b| b != b' ').count() as u32);
        }
        resolver.vocabulary = vocabulary;
    }

    /// Numbers the words in sorted order (so prefixes are ranges) and
    /// builds the postings.
    pub(super) fn finish_words(
        &mut self,
        n: usize,
        mut node_words: Vec<u32>,
        node_offsets: Vec<u32>,
    ) {
        let resolver = self;
        let vocabulary = std::mem::take(&mut resolver.vocabulary);
        // Number the words in sorted order, so prefixes are ranges.
        let mut sorted: Vec<(Box<str>, u32)> = vocabulary.into_iter().collect();
        sorted.sort();
        let mut renumber = vec![0u32; sorted.len()];
        for (new, (_, old)) in sorted.iter().enumerate() {
            renumber[*old as usize] = new as u32;
        }
        for w in &mut node_words {
            *w = renumber[*w as usize];
        }
        // Each node's words in word order, for one binary search a check.
        for node in 0..n {
            node_words[node_offsets[node] as usize..node_offsets[node + 1] as usize]
                .sort_unstable();
        }
        // The node each word occurrence belongs to, then the occurrences
        // grouped by word: each word's posting lists its nodes ascending.
        let mut owner = Vec::with_capacity(node_words.len());
        for node in 0..n {
            let count = node_offsets[node + 1] - node_offsets[node];
            owner.extend(std::iter::repeat_n(node as u32, count as usize));
        }
        // Occurrences in order of their names' word counts: each posting
        // then lists the fewest-worded names first, the word tier's order.
        let mut order: Vec<u32> = (0..node_words.len() as u32).collect();
        order.sort_by_key(|&i| {
            (
                resolver.word_counts[owner[i as usize] as usize],
                owner[i as usize],
            )
        });
        let runs = Runs::group(sorted.len(), order.len(), |i| node_words[order[i] as usize]);
        let postings = runs
            .items()
            .iter()
            .map(|&i| owner[order[i as usize] as usize])
            .collect();
        let (word_offsets, _) = runs.into_parts();
        resolver.words = sorted.into_iter().map(|(w, _)| w).collect();
        for word in &resolver.words {
            resolver.word_text.push_str(word);
            resolver.word_text.push('\n');
            resolver.word_ends.push(resolver.word_text.len() as u32);
        }
        resolver.grams = super::grams::Grams::new(&resolver.words);
        resolver.word_offsets = word_offsets;
        resolver.postings = postings;
        node_words.shrink_to_fit();
        resolver.node_words = node_words;
        resolver.node_offsets = node_offsets;
    }

    /// Every exact match of a key: id, name, alias, acronym; one entry per
    /// node with its best kind.
    pub(super) fn exact_matches(&self, key: &str) -> Vec<(NodeRef, MatchKind)> {
        if key.is_empty() {
            return Vec::new();
        }
        let mut list: Vec<(NodeRef, MatchKind)> = Vec::new();
        if let Some(i) = self.ids.get(key) {
            list.push((node_ref(i), MatchKind::Id));
        }
        if let Some(i) = self.keys.get(key) {
            list.push((node_ref(i), MatchKind::Name));
        }
        list.extend(self.exact.get(key).into_iter().flatten().copied());
        // One entry per node, with its best kind, in node order.
        list.sort_unstable();
        list.dedup_by_key(|(node, _)| *node);
        list
    }

    pub(super) fn posting(&self, word: usize) -> &[u32] {
        &self.postings[self.word_offsets[word] as usize..self.word_offsets[word + 1] as usize]
    }

    /// A node's distinct words.
    pub(super) fn words_of(&self, node: u32) -> &[u32] {
        let n = node as usize;
        &self.node_words[self.node_offsets[n] as usize..self.node_offsets[n + 1] as usize]
    }
}

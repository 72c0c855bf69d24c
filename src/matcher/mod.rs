//! The one resolver: how a name someone typed becomes a node, used by every
//! endpoint and the CLI alike.
//!
//! Tiers, best first: the node's id, its name, an alias, a computed acronym
//! (`Azure Kubernetes Service` -> `AKS`), every typed word a whole word of the
//! name, every typed word a prefix of one, the text inside the name, and at
//! last a typo-tolerant match of each typed word (Jaro-Winkler similarity
//! from `strsim`). A ref resolves to the single best candidate; a tie for the
//! best is ambiguous.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::graph::{KnowledgeGraph, NameIndex, NodeRef};
use crate::text::{name_key, name_key_into, words};

/// Why a candidate matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Id,
    Name,
    Alias,
    Acronym,
    Word,
    Prefix,
    Substring,
    Fuzzy,
}

/// A node a typed name may mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    pub node: NodeRef,
    pub kind: MatchKind,
    /// 0..=1, higher is better; ordered consistently with `kind`.
    pub score: f64,
}

/// A ref that names no single node.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error("no node matches `{query}`")]
    NotFound {
        query: String,
        suggestions: Vec<NodeRef>,
    },
    #[error("`{query}` matches several nodes equally well")]
    Ambiguous {
        query: String,
        candidates: Vec<NodeRef>,
    },
}

/// Words that carry no meaning in a name, skipped by acronyms.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "for", "in", "of", "on", "the", "to", "with",
];
/// Below this a typed word is no typo of a name's word.
const FUZZY_THRESHOLD: f64 = 0.86;
/// How many suggestions a miss carries.
const SUGGESTIONS: usize = 5;

/// Indexes built once per graph.
///
/// Ids and names are looked up in the graph's own tables (shared, not
/// copied). The loose tiers answer from a word index rather than a scan of
/// every node: each distinct word of a name or alias has the sorted list of
/// nodes using it, so `Word` is an intersection of lists, `Prefix` a union
/// over a range of the sorted words, and `Fuzzy` a scan of the distinct
/// words only. `Substring` searches one arena of every node's key.
#[derive(Debug, Default)]
pub struct Resolver {
    ids: Arc<NameIndex>,
    keys: Arc<NameIndex>,
    /// Aliases and acronyms: key -> nodes, each with its best kind.
    exact: ExactMap,
    /// Words while indexing (empty once built).
    vocabulary: hashbrown::HashMap<Box<str>, u32>,
    /// Distinct words, sorted.
    words: Vec<Box<str>>,
    /// `postings[word_offsets[w]..word_offsets[w + 1]]`: the nodes (by
    /// number, ascending) with word `w`.
    word_offsets: Vec<u32>,
    postings: Vec<u32>,
    /// `node_words[node_offsets[n]..node_offsets[n + 1]]`: node `n`'s
    /// distinct words.
    node_offsets: Vec<u32>,
    node_words: Vec<u32>,
    /// Words of each node's name and aliases, repeats counted.
    word_counts: Vec<u32>,
    /// Every node's key without spaces, each followed by `\n`.
    compact: String,
    compact_ends: Vec<u32>,
    /// Per node: which character classes its key holds ([`class_of`]), or
    /// [`EXACT_ONLY`] when it has aliases or non-ASCII text; lets a miss
    /// skip nodes that cannot be among the closest.
    classes: Vec<u64>,
}

type ExactMap = hashbrown::HashMap<String, Vec<(NodeRef, MatchKind)>>;

fn add_exact(exact: &mut ExactMap, text: &str, node: NodeRef, kind: MatchKind) {
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
const EXACT_ONLY: u64 = 1 << 63;

/// The class of an ASCII byte, in `0..63`.
fn class_of(byte: u8) -> u32 {
    match byte {
        b'a'..=b'z' => u32::from(byte - b'a'),
        b'0'..=b'9' => 26 + u32::from(byte - b'0'),
        _ => 36 + u32::from(byte) % 27,
    }
}

impl Resolver {
    /// Indexes every node's id, name, aliases and acronym.
    pub fn new(graph: &KnowledgeGraph) -> Self {
        let n = graph.node_count();
        let mut resolver = Resolver {
            ids: graph.ids().clone(),
            keys: graph.name_keys().clone(),
            word_counts: Vec::with_capacity(n),
            compact_ends: Vec::with_capacity(n),
            ..Resolver::default()
        };
        let mut node_words: Vec<u32> = Vec::with_capacity(n * 4);
        let mut node_offsets: Vec<u32> = Vec::with_capacity(n + 1);
        node_offsets.push(0);
        // Aliases and acronyms on another thread, words here.
        let exact = std::thread::scope(|scope| {
            let exact = scope.spawn(|| {
                let mut exact = ExactMap::new();
                for (node, data) in graph.nodes() {
                    for alias in &data.aliases {
                        add_exact(&mut exact, alias, node, MatchKind::Alias);
                    }
                    if let Some(acronym) = acronym(&data.name) {
                        add_exact(&mut exact, &acronym, node, MatchKind::Acronym);
                    }
                }
                exact
            });
            resolver.index_words(graph, &mut node_words, &mut node_offsets);
            exact.join().expect("indexing acronyms does not panic")
        });
        resolver.exact = exact;
        resolver.finish_words(n, node_words, node_offsets);
        resolver
    }

    /// Each node's distinct words (numbered in first-seen order), word
    /// counts, compact keys and character classes.
    fn index_words(
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
            for text in texts {
                for raw in text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    count += 1;
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
            resolver.compact.extend(key.chars().filter(|c| *c != ' '));
            resolver.compact.push('\n');
            resolver.compact_ends.push(resolver.compact.len() as u32);
        }
        resolver.vocabulary = vocabulary;
    }

    /// Numbers the words in sorted order (so prefixes are ranges) and
    /// builds the postings.
    fn finish_words(&mut self, n: usize, mut node_words: Vec<u32>, node_offsets: Vec<u32>) {
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
        let mut word_offsets = vec![0u32; sorted.len() + 1];
        for &w in &node_words {
            word_offsets[w as usize + 1] += 1;
        }
        for i in 0..sorted.len() {
            word_offsets[i + 1] += word_offsets[i];
        }
        let mut fill = word_offsets[..sorted.len()].to_vec();
        let mut postings = vec![0u32; node_words.len()];
        for node in 0..n {
            for &w in &node_words[node_offsets[node] as usize..node_offsets[node + 1] as usize] {
                postings[fill[w as usize] as usize] = node as u32;
                fill[w as usize] += 1;
            }
        }
        resolver.words = sorted.into_iter().map(|(w, _)| w).collect();
        resolver.word_offsets = word_offsets;
        resolver.postings = postings;
        node_words.shrink_to_fit();
        resolver.node_words = node_words;
        resolver.node_offsets = node_offsets;
        resolver.compact.shrink_to_fit();
    }

    /// Every exact match of a key: id, name, alias, acronym; one entry per
    /// node with its best kind.
    fn exact_matches(&self, key: &str) -> Vec<(NodeRef, MatchKind)> {
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

    fn posting(&self, word: usize) -> &[u32] {
        &self.postings[self.word_offsets[word] as usize..self.word_offsets[word + 1] as usize]
    }

    /// Nodes having every typed word as a whole word.
    fn word_tier(&self, typed: &[String]) -> Vec<u32> {
        let mut lists = Vec::with_capacity(typed.len());
        for t in typed {
            match self.words.binary_search_by(|w| (**w).cmp(t.as_str())) {
                Ok(w) => lists.push(self.posting(w).to_vec()),
                Err(_) => return Vec::new(),
            }
        }
        intersect_all(lists)
    }

    /// Nodes having, for every typed word, a word that starts with it.
    fn prefix_tier(&self, typed: &[String]) -> Vec<u32> {
        let mut lists = Vec::with_capacity(typed.len());
        for t in typed {
            let from = self.words.partition_point(|w| **w < *t.as_str());
            let mut union: Vec<u32> = Vec::new();
            for w in from..self.words.len() {
                if !self.words[w].starts_with(t.as_str()) {
                    break;
                }
                union.extend_from_slice(self.posting(w));
            }
            if union.is_empty() {
                return Vec::new();
            }
            union.sort_unstable();
            union.dedup();
            lists.push(union);
        }
        intersect_all(lists)
    }

    /// Nodes whose key contains `key`, or whose compact key contains
    /// `compact` (when at least three bytes long).
    fn substring_tier(&self, key: &str, compact: &str) -> Vec<u32> {
        let mut found = Vec::new();
        // Keys end with a newline, which no query holds: a hit is inside one.
        // A vectorised search, built once per query, over the whole arena.
        let text = self.keys.text().as_bytes();
        let finder = memchr::memmem::Finder::new(key.as_bytes());
        let mut from = 0;
        while let Some(at) = finder.find(&text[from..]).map(|i| i + from) {
            let node = self.keys.key_at_offset(at);
            found.push(node as u32);
            from = self.keys.end(node);
        }
        if compact.len() >= 3 {
            // Compact keys end with a newline, which no query holds.
            let compact_text = self.compact.as_bytes();
            let finder = memchr::memmem::Finder::new(compact.as_bytes());
            let mut from = 0;
            while let Some(at) = finder.find(&compact_text[from..]).map(|i| i + from) {
                let node = self.compact_ends.partition_point(|&e| e as usize <= at);
                found.push(node as u32);
                from = self.compact_ends[node] as usize;
            }
            found.sort_unstable();
            found.dedup();
        }
        found
    }

    /// For each typed word, the score of every word similar enough to it;
    /// `None` when some typed word has none (or is too short to try).
    fn fuzzy_words(&self, typed: &[String]) -> Option<Vec<HashMap<u32, f64>>> {
        if typed.is_empty() || typed.iter().any(|t| t.chars().count() < 3) {
            return None;
        }
        let mut all = Vec::with_capacity(typed.len());
        for t in typed {
            let close: HashMap<u32, f64> = self
                .words
                .iter()
                .enumerate()
                .filter_map(|(w, word)| {
                    let score = strsim::jaro_winkler(t, word);
                    (score >= FUZZY_THRESHOLD).then_some((w as u32, score))
                })
                .collect();
            if close.is_empty() {
                return None;
            }
            all.push(close);
        }
        Some(all)
    }

    /// Every candidate for `query` that `accept` lets through, best first.
    pub fn candidates(&self, query: &str, accept: impl Fn(NodeRef) -> bool) -> Vec<Candidate> {
        self.ranked(query, accept, false)
    }

    /// Candidates best first; with `best_only`, stops after the first tier
    /// that has any: the tiers' scores do not overlap, so the best and its
    /// ties all come from that tier.
    fn ranked(
        &self,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
        best_only: bool,
    ) -> Vec<Candidate> {
        let key = name_key(query);
        if key.is_empty() {
            return Vec::new();
        }
        let mut best: hashbrown::HashMap<NodeRef, Candidate> = hashbrown::HashMap::new();
        let offer = |best: &mut hashbrown::HashMap<NodeRef, Candidate>, candidate: Candidate| {
            if !accept(candidate.node) {
                return;
            }
            best.entry(candidate.node)
                .and_modify(|c| {
                    if candidate.score > c.score {
                        *c = candidate
                    }
                })
                .or_insert(candidate);
        };
        for (node, kind) in self.exact_matches(&key) {
            offer(
                &mut best,
                Candidate {
                    node,
                    kind,
                    score: exact_score(kind),
                },
            );
        }
        let typed: Vec<String> = words(&key).collect();
        let compact = key.replace(' ', "");
        // Each node takes the first loose tier it matches.
        let mut claimed: hashbrown::HashSet<u32> = hashbrown::HashSet::new();
        let done = |best: &hashbrown::HashMap<NodeRef, Candidate>| best_only && !best.is_empty();
        if !typed.is_empty() && !done(&best) {
            for node in self.word_tier(&typed) {
                claimed.insert(node);
                let total = self.word_counts[node as usize].max(1) as f64;
                let coverage = typed.len() as f64 / total;
                offer(
                    &mut best,
                    Candidate {
                        node: node_ref(node),
                        kind: MatchKind::Word,
                        score: 0.7 + 0.15 * coverage.min(1.0),
                    },
                );
            }
            let typed_len: usize = typed.iter().map(String::len).sum();
            let prefixed = if done(&best) {
                Vec::new()
            } else {
                self.prefix_tier(&typed)
            };
            for node in prefixed {
                if !claimed.insert(node) {
                    continue;
                }
                let coverage = typed_len as f64 / self.compact_len(node).max(1) as f64;
                offer(
                    &mut best,
                    Candidate {
                        node: node_ref(node),
                        kind: MatchKind::Prefix,
                        score: 0.55 + 0.1 * coverage.min(1.0),
                    },
                );
            }
        }
        let substrings = if done(&best) {
            Vec::new()
        } else {
            self.substring_tier(&key, &compact)
        };
        for node in substrings {
            if !claimed.insert(node) {
                continue;
            }
            let coverage = compact.len() as f64 / self.compact_len(node).max(1) as f64;
            offer(
                &mut best,
                Candidate {
                    node: node_ref(node),
                    kind: MatchKind::Substring,
                    score: 0.45 + 0.05 * coverage.min(1.0),
                },
            );
        }
        let close = if done(&best) {
            None
        } else {
            self.fuzzy_words(&typed)
        };
        if let Some(close) = close {
            let lists = close
                .iter()
                .map(|words| {
                    let mut union: Vec<u32> = words
                        .keys()
                        .flat_map(|&w| self.posting(w as usize).iter().copied())
                        .collect();
                    union.sort_unstable();
                    union.dedup();
                    union
                })
                .collect();
            for node in intersect_all(lists) {
                if claimed.contains(&node) {
                    continue;
                }
                let n = node as usize;
                let own = &self.node_words
                    [self.node_offsets[n] as usize..self.node_offsets[n + 1] as usize];
                let sum: f64 = close
                    .iter()
                    .map(|scores| {
                        own.iter()
                            .filter_map(|w| scores.get(w))
                            .fold(0.0, |a: f64, b| a.max(*b))
                    })
                    .sum();
                offer(
                    &mut best,
                    Candidate {
                        node: node_ref(node),
                        kind: MatchKind::Fuzzy,
                        score: 0.4 * sum / typed.len() as f64,
                    },
                );
            }
        }
        let mut list: Vec<Candidate> = best.into_values().collect();
        list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        list
    }

    /// Length of a node's key without spaces.
    fn compact_len(&self, node: u32) -> usize {
        let n = node as usize;
        let start = if n == 0 {
            0
        } else {
            self.compact_ends[n - 1] as usize
        };
        self.compact_ends[n] as usize - start - 1
    }

    /// The single node `query` names, among those `accept` lets through.
    pub fn resolve(
        &self,
        graph: &KnowledgeGraph,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Result<NodeRef, ResolveError> {
        // The common case, an exact id, name or alias, needs no scan.
        let mut buffer = String::new();
        let exact = self.exact_matches(name_key_into(query, &mut buffer));
        let accepted: Vec<_> = exact.iter().filter(|(n, _)| accept(*n)).collect();
        if let Some(top) = accepted.iter().map(|(_, k)| *k).min() {
            let mut at_top = accepted.iter().filter(|(_, k)| *k == top).map(|(n, _)| *n);
            if let (Some(only), None) = (at_top.next(), at_top.next()) {
                return Ok(only);
            }
        }
        let candidates = self.ranked(query, &accept, true);
        let Some(first) = candidates.first() else {
            return Err(ResolveError::NotFound {
                query: query.to_owned(),
                suggestions: self.suggest(graph, query, accept),
            });
        };
        let tied: Vec<NodeRef> = candidates
            .iter()
            .take_while(|c| c.kind == first.kind && (first.score - c.score).abs() < 1e-9)
            .map(|c| c.node)
            .collect();
        if tied.len() == 1 {
            Ok(first.node)
        } else {
            Err(ResolveError::Ambiguous {
                query: query.to_owned(),
                candidates: tied,
            })
        }
    }

    /// [`resolve`](Self::resolve) for a name inside a sentence: people
    /// write "the Bot Service", so a leading article that is not part of a
    /// name is dropped when the name as written matches nothing.
    pub fn resolve_mention(
        &self,
        graph: &KnowledgeGraph,
        mention: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Result<NodeRef, ResolveError> {
        match self.resolve(graph, mention, &accept) {
            Err(ResolveError::NotFound { .. }) if has_article(mention) => {
                self.resolve(graph, &mention[4..], accept)
            }
            other => other,
        }
    }

    /// The names closest to a miss, for a "did you mean".
    pub fn suggest(
        &self,
        graph: &KnowledgeGraph,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Vec<NodeRef> {
        let key = name_key(query);
        // An upper bound on a key's score, from the characters it shares
        // with the query: Jaro counts at most that many matches, with no
        // transpositions, and Winkler adds at most the common prefix.
        let mut counts = [0u32; 64];
        let mut query_classes = 0u64;
        for b in key.bytes() {
            counts[class_of(b) as usize] += 1;
            query_classes |= 1 << class_of(b);
        }
        let bound = |entry_key: &str, classes: u64| -> f64 {
            let mut shared = 0u32;
            let mut both = classes & query_classes;
            while both != 0 {
                shared += counts[both.trailing_zeros() as usize];
                both &= both - 1;
            }
            let (a, b) = (key.len(), entry_key.len());
            let m = (shared as usize).min(a).min(b);
            if m == 0 {
                return 0.0;
            }
            let m = m as f64;
            let jaro = (m / a as f64 + m / b as f64 + 1.0) / 3.0;
            if jaro > 0.7 {
                let prefix = key
                    .bytes()
                    .take(4)
                    .zip(entry_key.bytes())
                    .take_while(|(x, y)| x == y)
                    .count();
                jaro + 0.1 * prefix as f64 * (1.0 - jaro)
            } else {
                jaro
            }
        };
        let prune = key.is_ascii();
        // The best few so far, best first: (score, node).
        let mut top: Vec<(f64, NodeRef)> = Vec::with_capacity(SUGGESTIONS + 1);
        for (i, entry_key) in self.keys.keys().enumerate() {
            let node = node_ref(i as u32);
            if !accept(node) {
                continue;
            }
            let classes = self.classes[i];
            if prune
                && top.len() == SUGGESTIONS
                && classes & EXACT_ONLY == 0
                && bound(entry_key, classes) <= top[SUGGESTIONS - 1].0
            {
                continue;
            }
            let by_name = strsim::jaro_winkler(&key, entry_key);
            let by_alias = graph
                .node(node)
                .aliases
                .iter()
                .map(|a| strsim::jaro_winkler(&key, &a.to_lowercase()))
                .fold(0.0, f64::max);
            let score = by_name.max(by_alias);
            if top.len() == SUGGESTIONS && score <= top[SUGGESTIONS - 1].0 {
                continue;
            }
            let at = top.partition_point(|(s, n)| s.total_cmp(&score).then(node.cmp(n)).is_gt());
            top.insert(at, (score, node));
            top.truncate(SUGGESTIONS);
        }
        top.into_iter().map(|(_, n)| n).collect()
    }
}

/// Whether a name starts with the article "the ".
fn has_article(name: &str) -> bool {
    name.get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("the "))
}

fn node_ref(i: u32) -> NodeRef {
    NodeRef::from_index(i as usize)
}

/// The nodes in every list (each sorted, without repeats).
fn intersect_all(mut lists: Vec<Vec<u32>>) -> Vec<u32> {
    lists.sort_by_key(Vec::len);
    let mut lists = lists.into_iter();
    let Some(mut result) = lists.next() else {
        return Vec::new();
    };
    for list in lists {
        result.retain(|n| list.binary_search(n).is_ok());
        if result.is_empty() {
            break;
        }
    }
    result
}

fn exact_score(kind: MatchKind) -> f64 {
    match kind {
        MatchKind::Id => 1.0,
        MatchKind::Name => 0.99,
        MatchKind::Alias => 0.95,
        _ => 0.9,
    }
}

/// The initials of a name of two or more significant words, upper-case:
/// `Virtual Machine Scale Sets` -> `VMSS`. A trailing parenthesised acronym
/// is left out (it is an alias already).
pub fn acronym(name: &str) -> Option<String> {
    let base = match name.rfind(" (") {
        Some(i) if name.ends_with(')') => &name[..i],
        _ => name,
    };
    let initials: String = words(base)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect();
    (initials.chars().count() >= 2).then_some(initials)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Source, from_sources};

    fn seed() -> crate::snapshot::Snapshot {
        let bytes = std::fs::read("data/azure-services-map.md").unwrap();
        from_sources(&[Source::new("seed.md", bytes)], vec![])
    }

    fn name_of(snapshot: &crate::snapshot::Snapshot, query: &str) -> Result<String, ResolveError> {
        snapshot
            .resolver
            .resolve(&snapshot.graph, query, |_| true)
            .map(|n| snapshot.graph.node(n).name.clone())
    }

    #[test]
    fn acronyms_are_initials_of_significant_words() {
        assert_eq!(acronym("Azure Kubernetes Service").as_deref(), Some("AKS"));
        assert_eq!(
            acronym("Virtual Machine Scale Sets").as_deref(),
            Some("VMSS")
        );
        assert_eq!(acronym("Content Delivery Network").as_deref(), Some("CDN"));
        assert_eq!(
            acronym("Language Understanding (LUIS)").as_deref(),
            Some("LU")
        );
        assert_eq!(acronym("DNS"), None);
    }

    #[test]
    fn every_tier_resolves() {
        let s = seed();
        assert_eq!(
            name_of(&s, "azure-synapse-analytics").unwrap(),
            "Azure Synapse Analytics"
        );
        assert_eq!(
            name_of(&s, "azure  SYNAPSE analytics").unwrap(),
            "Azure Synapse Analytics"
        );
        assert_eq!(
            name_of(&s, "luis").unwrap(),
            "Language Understanding (LUIS)"
        );
        assert_eq!(name_of(&s, "AKS").unwrap(), "Azure Kubernetes Service");
        assert_eq!(name_of(&s, "VMSS").unwrap(), "Virtual Machine Scale Sets");
        assert_eq!(name_of(&s, "Synapse").unwrap(), "Azure Synapse Analytics");
        assert_eq!(name_of(&s, "cosmos db").unwrap(), "Azure Cosmos DB");
        assert_eq!(name_of(&s, "kubern").unwrap(), "Azure Kubernetes Service");
        assert_eq!(
            name_of(&s, "synaps analytcs").unwrap(),
            "Azure Synapse Analytics"
        );
    }

    #[test]
    fn a_tie_for_the_best_is_ambiguous() {
        let s = seed();
        match name_of(&s, "Storage") {
            Err(ResolveError::Ambiguous { candidates, .. }) => assert!(candidates.len() >= 3),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_miss_carries_suggestions() {
        let s = seed();
        match name_of(&s, "Kubernetis Enginexx qqq") {
            Err(ResolveError::NotFound { suggestions, .. }) => {
                assert_eq!(suggestions.len(), SUGGESTIONS)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn suggestions_match_a_full_scan() {
        let generated = crate::generate::generate(&crate::generate::Spec {
            categories: 6,
            services: 120,
            edges: 1_500,
            seed: 3,
        });
        let s = from_sources(&generated.sources(), vec![]);
        let g = &s.graph;
        for query in [
            "qqzx wvvy",
            "quantm ledgr",
            "nova",
            "x",
            "Ünïcode",
            "zephyr edge hub 9",
        ] {
            let key = name_key(query);
            let mut all: Vec<(f64, NodeRef)> = g
                .nodes()
                .map(|(n, data)| {
                    let by_name = strsim::jaro_winkler(&key, &name_key(&data.name));
                    let by_alias = data
                        .aliases
                        .iter()
                        .map(|a| strsim::jaro_winkler(&key, &a.to_lowercase()))
                        .fold(0.0, f64::max);
                    (by_name.max(by_alias), n)
                })
                .collect();
            all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            let expected: Vec<NodeRef> = all.iter().take(SUGGESTIONS).map(|(_, n)| *n).collect();
            assert_eq!(s.resolver.suggest(g, query, |_| true), expected, "{query}");
        }
    }

    #[test]
    fn a_filter_restricts_the_candidates() {
        let s = seed();
        let categories = |n: NodeRef| s.graph.node(n).kind == crate::graph::NodeKind::Category;
        let storage = s.resolver.resolve(&s.graph, "Storage", categories).unwrap();
        assert_eq!(s.graph.node(storage).name, "Storage Services");
    }

    #[test]
    fn candidates_are_ranked_with_their_reason() {
        let s = seed();
        let list = s.resolver.candidates("data lake", |_| true);
        assert_eq!(s.graph.node(list[0].node).name, "Data Lake Storage");
        assert_eq!(list[0].kind, MatchKind::Word);
        assert!(list.windows(2).all(|w| w[0].score >= w[1].score));
    }
}

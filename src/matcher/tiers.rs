//! The loose tiers of a match, each answered from the word index: whole
//! words, word prefixes, substrings, and typo-tolerant words; and the
//! ranking that merges them with the exact matches.

use std::collections::HashMap;

use super::{Candidate, FUZZY_THRESHOLD, MatchKind, Resolver, exact_score, node_ref};
use crate::graph::NodeRef;
use crate::text::{name_key, words};
use crate::work::Budget;

impl Resolver {
    /// Nodes having every typed word as a whole word.
    pub(super) fn word_tier(&self, typed: &[String]) -> Vec<u32> {
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
    pub(super) fn prefix_tier(&self, typed: &[String]) -> Vec<u32> {
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
    pub(super) fn substring_tier(&self, key: &str, compact: &str) -> Vec<u32> {
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
    /// `None` when some typed word has none, or past
    /// [`super::COMPARE_WORK`] bytes compared.
    pub(super) fn fuzzy_words(&self, typed: &[String]) -> Option<Vec<HashMap<u32, f64>>> {
        // At least one word long enough to have a typo in; shorter words
        // (`db` in `cosmso db`) must be a word, or begin one, as typed.
        if !typed.iter().any(|t| t.chars().count() >= 3) {
            return None;
        }
        let mut budget = Budget::new(super::COMPARE_WORK);
        let mut all = Vec::with_capacity(typed.len());
        for t in typed {
            if t.chars().count() < 3 {
                let from = self.words.partition_point(|w| **w < *t.as_str());
                let close: HashMap<u32, f64> = (from..self.words.len())
                    .take_while(|&w| self.words[w].starts_with(t.as_str()))
                    .map(|w| (w as u32, if *self.words[w] == **t { 1.0 } else { 0.9 }))
                    .collect();
                if close.is_empty() {
                    return None;
                }
                all.push(close);
                continue;
            }
            let mut close: HashMap<u32, f64> = HashMap::new();
            for (w, word) in self.words.iter().enumerate() {
                // Past its budget the fuzzy tier gives up: a bounded
                // answer (no fuzzy match) rather than unbounded work.
                budget.spend(t.len() + word.len()).ok()?;
                let score = strsim::jaro_winkler(t, word);
                if score >= FUZZY_THRESHOLD {
                    close.insert(w as u32, score);
                }
            }
            if close.is_empty() {
                return None;
            }
            all.push(close);
        }
        Some(all)
    }

    /// Candidates best first; with `best_only`, stops after the first tier
    /// that has any: the tiers' scores do not overlap, so the best and its
    /// ties all come from that tier.
    pub(super) fn ranked(
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
}

/// The nodes in every list (each sorted, without repeats).
pub(super) fn intersect_all(mut lists: Vec<Vec<u32>>) -> Vec<u32> {
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

//! "Did you mean": the names closest to a miss, however it is spelt.

use super::index::{EXACT_ONLY, class_of};
use super::{Resolver, SUGGESTIONS, node_ref};
use crate::graph::{KnowledgeGraph, NodeRef};
use crate::text::name_key;

/// Up to `limit` of `options` closest to `typed` (Jaro-Winkler, at least
/// `threshold`), best first, each once: for words that are not node names,
/// such as relation labels and parameter names.
pub fn closest_words<'o>(
    typed: &str,
    options: impl IntoIterator<Item = &'o str>,
    threshold: f64,
    limit: usize,
) -> Vec<&'o str> {
    let mut scored: Vec<(f64, &str)> = options
        .into_iter()
        .map(|option| (strsim::jaro_winkler(typed, option), option))
        .filter(|(score, _)| *score >= threshold)
        .collect();
    scored.sort_by(|a, b| a.1.cmp(b.1));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(limit).map(|(_, o)| o).collect()
}

/// The relation wordings (labels and the inverse wordings of relations the
/// graph has) closest to `typed`, for a relation the graph does not know.
pub fn relation_suggestions(graph: &KnowledgeGraph, typed: &str) -> Vec<String> {
    let typed = crate::text::comparable(typed);
    let wordings = graph
        .vocabulary()
        .wordings()
        .filter(|(_, active, _)| graph.relation_by_label(active).is_some())
        .map(|(wording, _, _)| wording)
        .chain(graph.relations().map(|(_, r)| r.label.as_str()));
    closest_words(&typed, wordings, 0.0, SUGGESTIONS)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The most characters of a miss compared for suggestions.
const MAX_QUERY_CHARS: usize = 64;
/// Up to this many bytes of names, a miss is compared with every name
/// (exact, and a fraction of a millisecond); past it, only with the names
/// that have a word close to one typed.
const FULL_SCAN_BYTES: usize = 64 * 1024;
/// Close words tried per typed word, and names compared in all, for a miss
/// on a large graph.
const CLOSE_WORDS: usize = 8;
const POOL: usize = 2000;
/// Below this a word is too far from a typed one to suggest its names.
const SUGGEST_THRESHOLD: f64 = 0.7;

impl Resolver {
    /// Suggestions from the names holding a word close to a typed one:
    /// bounded work on any graph (the trigram index finds the words, at most
    /// [`POOL`] names are compared in full).
    fn suggest_by_words(
        &self,
        graph: &KnowledgeGraph,
        key: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Vec<NodeRef> {
        let mut counts = vec![0u8; self.words.len()];
        let mut close: Vec<(f64, u32)> = Vec::new();
        for typed in crate::text::words(key).filter(|w| w.len() >= 3).take(8) {
            let mut mine: Vec<(f64, u32)> = self
                .grams
                .sharing(&typed, 1, &mut counts)
                .into_iter()
                .map(|w| (strsim::jaro_winkler(&typed, &self.words[w as usize]), w))
                .filter(|(score, _)| *score >= SUGGEST_THRESHOLD)
                .collect();
            mine.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            mine.truncate(CLOSE_WORDS);
            close.extend(mine);
        }
        close.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut seen = super::tiers::Seen::new(self.word_counts.len());
        let mut pool = Vec::new();
        'words: for (_, w) in close {
            for &node in self.posting(w as usize) {
                if pool.len() >= POOL {
                    break 'words;
                }
                if seen.insert(node) && accept(node_ref(node)) {
                    pool.push(node);
                }
            }
        }
        let mut scored: Vec<(f64, NodeRef)> = pool
            .into_iter()
            .map(|n| {
                let node = node_ref(n);
                (self.similarity(graph, key, node), node)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(SUGGESTIONS)
            .map(|(_, n)| n)
            .collect()
    }

    /// How close `key` is to a node's name or one of its aliases.
    fn similarity(&self, graph: &KnowledgeGraph, key: &str, node: NodeRef) -> f64 {
        let by_name = strsim::jaro_winkler(key, self.keys.key(node.index()));
        graph
            .node(node)
            .aliases
            .iter()
            .map(|a| strsim::jaro_winkler(key, &a.to_lowercase()))
            .fold(by_name, f64::max)
    }

    /// The names closest to a miss, for a "did you mean".
    pub fn suggest(
        &self,
        graph: &KnowledgeGraph,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Vec<NodeRef> {
        // Similarity costs the product of the lengths: a long miss is
        // compared by its start.
        let mut key = name_key(query);
        if let Some((cut, _)) = key.char_indices().nth(MAX_QUERY_CHARS) {
            key.truncate(cut);
        }
        if self.keys.text().len() > FULL_SCAN_BYTES {
            return self.suggest_by_words(graph, &key, accept);
        }
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
            let score = self.similarity(graph, &key, node);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_words_are_ranked_and_bounded() {
        let options = ["limit", "offset", "kind", "category"];
        assert_eq!(closest_words("limt", options, 0.8, 5), ["limit"]);
        assert_eq!(closest_words("zzz", options, 0.8, 5), Vec::<&str>::new());
        assert_eq!(closest_words("kinds", options, 0.0, 2).len(), 2);
    }
}

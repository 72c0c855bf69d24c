//! The loose tiers of a match, each answered from the word index: whole
//! words, word prefixes, substrings (of a word, or two words run together),
//! and typo-tolerant words; and the ranking that merges them with the exact
//! matches.
//!
//! Every tier walks the postings of one typed word only, the one with the
//! fewest (the driver), and checks the others against each candidate's own
//! few words, so a common word typed beside a rare one costs what the rare
//! one does. Each tier walks at most [`WALK_BUDGET`] postings.

use super::grams::min_shared;
use super::{Candidate, FUZZY_THRESHOLD, MatchKind, Resolver, exact_score, node_ref};
use crate::graph::NodeRef;
use crate::text::{name_key, words};

/// Postings one tier may walk for one query: a bound on its work however
/// common the typed words are (the best candidates come first where the
/// order allows).
pub const WALK_BUDGET: usize = 20_000;

/// The most words of a query the loose tiers read.
const MAX_TYPED_WORDS: usize = 16;

/// The most candidates a ranking returns.
pub const MAX_CANDIDATES: usize = 1000;

/// A set of node numbers, one bit each.
pub(super) struct Seen {
    bits: Vec<u64>,
}

impl Seen {
    pub(super) fn new(nodes: usize) -> Self {
        Self {
            bits: vec![0; nodes.div_ceil(64)],
        }
    }

    /// Adds `node`; false when it was there.
    pub(super) fn insert(&mut self, node: u32) -> bool {
        let (word, bit) = (node as usize / 64, 1u64 << (node % 64));
        let fresh = self.bits[word] & bit == 0;
        self.bits[word] |= bit;
        fresh
    }
}

/// Candidates of one tier, as (score, node), those `accept` lets through.
struct Tier<'a> {
    found: Vec<(f64, u32)>,
    accept: &'a dyn Fn(u32) -> bool,
}

impl Tier<'_> {
    fn offer(&mut self, score: f64, node: u32) {
        if (self.accept)(node) {
            self.found.push((score, node));
        }
    }

    /// The best first: all of them, at most [`MAX_CANDIDATES`], or with
    /// `best_only` the best and its ties.
    fn best(mut self, best_only: bool) -> Vec<(f64, u32)> {
        let order = |a: &(f64, u32), b: &(f64, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if best_only {
            let top = self.found.iter().map(|c| c.0).fold(f64::MIN, f64::max);
            self.found.retain(|c| (top - c.0).abs() < 1e-9);
        } else if self.found.len() > MAX_CANDIDATES {
            self.found.select_nth_unstable_by(MAX_CANDIDATES, order);
            self.found.truncate(MAX_CANDIDATES);
        }
        self.found.sort_by(order);
        self.found
    }
}

impl Resolver {
    fn word_id(&self, word: &str) -> Option<usize> {
        self.words.binary_search_by(|w| (**w).cmp(word)).ok()
    }

    /// The words that start with `prefix`: a range, as words are sorted.
    fn prefix_range(&self, prefix: &str) -> (usize, usize) {
        let from = self.words.partition_point(|w| **w < *prefix);
        let to = from + self.words[from..].partition_point(|w| w.starts_with(prefix));
        (from, to)
    }

    fn postings_in(&self, (from, to): (usize, usize)) -> usize {
        (self.word_offsets[to] - self.word_offsets[from]) as usize
    }

    /// Whether `node` has a word numbered in `from..to` (its words are
    /// sorted: one binary search).
    fn has_word_in(&self, node: u32, (from, to): (usize, usize)) -> bool {
        let own = self.words_of(node);
        let at = own.partition_point(|&w| (w as usize) < from);
        at < own.len() && (own[at] as usize) < to
    }

    /// Nodes having every typed word as a whole word, best first: postings
    /// are ordered by how few words a name has, which is the score's order.
    fn word_tier(&self, typed: &[String], best_only: bool, out: &mut Tier<'_>) {
        let Some(ids) = typed
            .iter()
            .map(|t| self.word_id(t))
            .collect::<Option<Vec<_>>>()
        else {
            return;
        };
        let Some(&driver) = ids.iter().min_by_key(|&&w| self.posting(w).len()) else {
            return;
        };
        for &node in self.posting(driver).iter().take(WALK_BUDGET) {
            if !ids
                .iter()
                .all(|&w| w == driver || self.has_word_in(node, (w, w + 1)))
            {
                continue;
            }
            let total = self.word_counts[node as usize].max(1) as f64;
            let score = 0.7 + 0.15 * (typed.len() as f64 / total).min(1.0);
            // Scores only fall from here: stop at what is wanted.
            let enough = if best_only { 1 } else { MAX_CANDIDATES };
            if out.found.len() >= enough && out.found.last().is_some_and(|(s, _)| score < *s) {
                break;
            }
            out.offer(score, node);
        }
    }

    /// Nodes having, for every typed word, a word that starts with it.
    fn prefix_tier(&self, typed: &[String], out: &mut Tier<'_>) {
        let ranges: Vec<(usize, usize)> = typed.iter().map(|t| self.prefix_range(t)).collect();
        if ranges.iter().any(|(from, to)| from == to) {
            return;
        }
        let typed_len: usize = typed.iter().map(String::len).sum();
        self.walk_ranges(
            &ranges,
            |resolver, node| {
                let coverage =
                    typed_len as f64 / resolver.compact_lens[node as usize].max(1) as f64;
                Some(0.55 + 0.1 * coverage.min(1.0))
            },
            out,
        );
    }

    /// Walks the postings of the driver's words, keeping each node once,
    /// whose every other range has a word of it, scored by `score`.
    fn walk_ranges(
        &self,
        ranges: &[(usize, usize)],
        score: impl Fn(&Self, u32) -> Option<f64>,
        out: &mut Tier<'_>,
    ) {
        let Some(&driver) = ranges.iter().min_by_key(|r| self.postings_in(**r)) else {
            return;
        };
        let mut seen = Seen::new(self.word_counts.len());
        let mut walked = 0;
        for w in driver.0..driver.1 {
            for &node in self.posting(w) {
                walked += 1;
                if walked > WALK_BUDGET {
                    return;
                }
                if !seen.insert(node) || !ranges.iter().all(|&r| self.has_word_in(node, r)) {
                    continue;
                }
                if let Some(s) = score(self, node) {
                    out.offer(s, node);
                }
            }
        }
    }

    /// Nodes with a word that holds the typed text (one word of at least
    /// three letters), or with two words that, run together, spell it
    /// (`cosmosdb`).
    fn substring_tier(&self, typed: &[String], out: &mut Tier<'_>) {
        let [token] = typed else { return };
        if token.len() < 3 {
            return;
        }
        let compact_len = token.len() as f64;
        let score = |resolver: &Self, node: u32| {
            let coverage = compact_len / resolver.compact_lens[node as usize].max(1) as f64;
            Some(0.45 + 0.05 * coverage.min(1.0))
        };
        // Words holding the text: one vectorised search of every word.
        let finder = memchr::memmem::Finder::new(token.as_bytes());
        let text = self.word_text.as_bytes();
        let mut from = 0;
        let mut holding = Vec::new();
        while let Some(at) = finder.find(&text[from..]).map(|i| i + from) {
            let w = self.word_ends.partition_point(|&end| end as usize <= at);
            holding.push(w);
            from = self.word_ends[w] as usize;
        }
        for w in holding {
            self.walk_ranges(&[(w, w + 1)], score, out);
        }
        // Two words run together: a whole word, then the start of one.
        for split in (1..token.len()).filter(|&i| token.is_char_boundary(i)) {
            let (head, tail) = token.split_at(split);
            if let Some(w) = self.word_id(head) {
                let tail_range = self.prefix_range(tail);
                if tail_range.0 < tail_range.1 {
                    self.walk_ranges(&[(w, w + 1), tail_range], score, out);
                }
            }
        }
    }

    /// For each typed word, the words close enough to be a typo of it,
    /// with their similarity; `None` when some typed word has none. Words
    /// of one or two letters must begin a word as typed.
    fn fuzzy_words(&self, typed: &[String], threshold: f64) -> Option<Vec<Vec<(u32, f64)>>> {
        if !typed.iter().any(|t| t.chars().count() >= 3) {
            return None;
        }
        let mut counts = vec![0u8; self.words.len()];
        let mut all = Vec::with_capacity(typed.len());
        for t in typed {
            let close: Vec<(u32, f64)> = if t.chars().count() < 3 {
                let (from, to) = self.prefix_range(t);
                (from..to)
                    .map(|w| (w as u32, if *self.words[w] == **t { 1.0 } else { 0.9 }))
                    .collect()
            } else {
                self.grams
                    .sharing(t, min_shared(t.len(), 2), &mut counts)
                    .into_iter()
                    .filter_map(|w| {
                        let score = strsim::jaro_winkler(t, &self.words[w as usize]);
                        (score >= threshold).then_some((w, score))
                    })
                    .collect()
            };
            if close.is_empty() {
                return None;
            }
            all.push(close);
        }
        Some(all)
    }

    /// Nodes with, for every typed word, a word close to it; scored by the
    /// mean similarity of the closest.
    fn fuzzy_tier(&self, typed: &[String], out: &mut Tier<'_>) {
        let Some(close) = self.fuzzy_words(typed, FUZZY_THRESHOLD) else {
            return;
        };
        // word -> its row of similarities, one per typed word.
        let n = typed.len();
        let mut row_of = vec![u32::MAX; self.words.len()];
        let mut rows: Vec<f64> = Vec::new();
        for (i, words) in close.iter().enumerate() {
            for &(w, score) in words {
                if row_of[w as usize] == u32::MAX {
                    row_of[w as usize] = (rows.len() / n) as u32;
                    rows.resize(rows.len() + n, 0.0);
                }
                let at = row_of[w as usize] as usize * n + i;
                rows[at] = rows[at].max(score);
            }
        }
        let Some(driver) = close.iter().min_by_key(|words| {
            words
                .iter()
                .map(|&(w, _)| self.posting(w as usize).len())
                .sum::<usize>()
        }) else {
            return;
        };
        let mut seen = Seen::new(self.word_counts.len());
        let mut best = vec![0.0f64; n];
        let mut walked = 0;
        for &(w, _) in driver {
            for &node in self.posting(w as usize) {
                walked += 1;
                if walked > WALK_BUDGET {
                    return;
                }
                if !seen.insert(node) {
                    continue;
                }
                best.iter_mut().for_each(|b| *b = 0.0);
                for &own in self.words_of(node) {
                    let row = row_of[own as usize];
                    if row != u32::MAX {
                        let row = &rows[row as usize * n..row as usize * n + n];
                        for (b, s) in best.iter_mut().zip(row) {
                            *b = b.max(*s);
                        }
                    }
                }
                if best.iter().all(|&b| b > 0.0) {
                    out.offer(0.4 * best.iter().sum::<f64>() / n as f64, node);
                }
            }
        }
    }

    /// Candidates best first, at most [`MAX_CANDIDATES`]; with `best_only`,
    /// stops after the first tier that has any: the tiers' scores do not
    /// overlap, so the best and its ties all come from that tier.
    pub(super) fn ranked(
        &self,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
        best_only: bool,
        loosest: MatchKind,
    ) -> Vec<Candidate> {
        let key = name_key(query);
        if key.is_empty() {
            return Vec::new();
        }
        let mut list: Vec<Candidate> = Vec::new();
        let mut claimed = Seen::new(self.word_counts.len());
        for (node, kind) in self.exact_matches(&key) {
            if accept(node) && claimed.insert(node.index() as u32) {
                list.push(Candidate {
                    node,
                    kind,
                    score: exact_score(kind),
                });
            }
        }
        // Names have a few words: a query of hundreds is read by its first.
        let typed: Vec<String> = words(&key).take(MAX_TYPED_WORDS).collect();
        let accepts = |node: u32| accept(node_ref(node));
        type Walk = fn(&Resolver, &[String], bool, &mut Tier<'_>);
        let tiers: [(MatchKind, Walk); 4] = [
            (MatchKind::Word, Self::word_tier),
            (MatchKind::Prefix, |r, t, _, out| r.prefix_tier(t, out)),
            (MatchKind::Substring, |r, t, _, out| {
                r.substring_tier(t, out)
            }),
            (MatchKind::Fuzzy, |r, t, _, out| r.fuzzy_tier(t, out)),
        ];
        for (kind, walk) in tiers {
            if kind > loosest
                || typed.is_empty()
                || (best_only && !list.is_empty())
                || list.len() >= MAX_CANDIDATES
            {
                break;
            }
            let mut out = Tier {
                found: Vec::new(),
                accept: &accepts,
            };
            walk(self, &typed, best_only, &mut out);
            // Each node takes the first tier it matches.
            for (score, node) in out.best(best_only) {
                if list.len() < MAX_CANDIDATES && claimed.insert(node) {
                    list.push(Candidate {
                        node: node_ref(node),
                        kind,
                        score,
                    });
                }
            }
        }
        list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        list
    }
}

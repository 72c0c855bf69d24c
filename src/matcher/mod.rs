//! The one resolver: how a name someone typed becomes a node, used by every
//! endpoint and the CLI alike.
//!
//! Tiers, best first: the node's id, its name, an alias, a computed acronym
//! (`Azure Kubernetes Service` -> `AKS`), every typed word a whole word of the
//! name, every typed word a prefix of one, the text inside the name, and at
//! last a typo-tolerant match of each typed word (Jaro-Winkler similarity
//! from `strsim`). A ref resolves to the single best candidate; a tie for the
//! best is ambiguous.
//!
//! The unit tests, one per tier, are in `tests.rs`.

use std::sync::Arc;

use crate::graph::{KnowledgeGraph, NameIndex, NodeRef};
use crate::text::{name_key_into, words};
use index::{ExactMap, add_exact};
pub use suggest::{closest_words, relation_suggestions};

/// Why a candidate matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl MatchKind {
    /// The tier's name, lower-case, as answers report it.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Id => "id",
            MatchKind::Name => "name",
            MatchKind::Alias => "alias",
            MatchKind::Acronym => "acronym",
            MatchKind::Word => "word",
            MatchKind::Prefix => "prefix",
            MatchKind::Substring => "substring",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
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
/// Bytes one resolution may compare in each of its fuzzy scans (the
/// typo-tolerant word tier, and the "did you mean" over every name): a few
/// milliseconds of Jaro-Winkler. Past it a scan returns what it has.
pub const COMPARE_WORK: usize = 4_000_000;

/// How many suggestions a miss carries.
const SUGGESTIONS: usize = 5;

/// Indexes built once per graph.
///
/// Ids and names are looked up in the graph's own tables (shared, not
/// copied). The loose tiers answer from a word index rather than a scan of
/// every node: each distinct word of a name or alias has the sorted list of
/// nodes using it (fewest-worded names first), so each loose tier walks the
/// postings of one typed word and checks the rest against a candidate's own
/// words; `Fuzzy` finds close words through a trigram index of the distinct
/// words ([`grams`]), and `Substring` searches one arena of the distinct
/// words. No tier scans every node.
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
    /// `postings[word_offsets[w]..word_offsets[w + 1]]`: the nodes with
    /// word `w`, those whose names have the fewest words first.
    word_offsets: Vec<u32>,
    postings: Vec<u32>,
    /// `node_words[node_offsets[n]..node_offsets[n + 1]]`: node `n`'s
    /// distinct words.
    node_offsets: Vec<u32>,
    node_words: Vec<u32>,
    /// Words of each node's name, repeats counted.
    word_counts: Vec<u32>,
    /// Length of each node's key without spaces.
    compact_lens: Vec<u32>,
    /// The distinct words, each followed by `\n`, and where each ends.
    word_text: String,
    word_ends: Vec<u32>,
    /// The distinct words' trigrams.
    grams: grams::Grams,
    /// Per node: which character classes its key holds ([`class_of`]), or
    /// [`EXACT_ONLY`] when it has aliases or non-ASCII text; lets a miss
    /// skip nodes that cannot be among the closest.
    classes: Vec<u64>,
}

mod grams;
mod index;
mod suggest;
mod tiers;

impl Resolver {
    /// Indexes every node's id, name, aliases and acronym.
    pub fn new(graph: &KnowledgeGraph) -> Self {
        let n = graph.node_count();
        let mut resolver = Resolver {
            ids: graph.ids().clone(),
            keys: graph.name_keys().clone(),
            word_counts: Vec::with_capacity(n),
            compact_lens: Vec::with_capacity(n),
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

    /// Every candidate for `query` that `accept` lets through, best first.
    pub fn candidates(&self, query: &str, accept: impl Fn(NodeRef) -> bool) -> Vec<Candidate> {
        self.ranked(query, accept, false, MatchKind::Fuzzy)
    }

    /// [`candidates`](Self::candidates) from the tiers no looser than
    /// `loosest`, so a caller trying many spans of a sentence pays for the
    /// loose tiers only where it needs them.
    pub fn candidates_up_to(
        &self,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
        loosest: MatchKind,
    ) -> Vec<Candidate> {
        self.ranked(query, accept, false, loosest)
    }

    /// The nodes `text` names exactly (id, name, alias or acronym), each
    /// with its best kind.
    pub fn exact(&self, text: &str) -> Vec<(NodeRef, MatchKind)> {
        let mut buffer = String::new();
        self.exact_matches(name_key_into(text, &mut buffer))
    }

    /// How many nodes have `word` (lower-case) in a name or alias.
    pub fn word_frequency(&self, word: &str) -> usize {
        match self.words.binary_search_by(|w| (**w).cmp(word)) {
            Ok(w) => self.posting(w).len(),
            Err(_) => 0,
        }
    }

    /// Whether some name or alias has `word` (lower-case) as a whole word.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.binary_search_by(|w| (**w).cmp(word)).is_ok()
    }

    /// The single node `query` names, among those `accept` lets through:
    /// the best candidate, unless another ties with it.
    ///
    /// # Complexity
    /// An exact id, name, alias or acronym is a hash lookup. Otherwise each
    /// loose tier answers from the word index and stops at the first tier
    /// that has any candidate: whole words intersect posting lists
    /// (O(total posting length)); prefixes union the postings of a range of
    /// the sorted words; substrings scan one arena of every key
    /// (O(total name bytes), vectorised); typos compare each typed word
    /// with every distinct word (O(words · distinct words)). A miss also
    /// computes suggestions ([`suggest`](Self::suggest)).
    ///
    /// # Errors
    /// [`ResolveError::NotFound`] with suggestions, or
    /// [`ResolveError::Ambiguous`] with the tied candidates.
    ///
    /// ```
    /// use servicemap::snapshot::{Source, from_sources};
    ///
    /// let map = "```mermaid\nmindmap\n  Compute\n    Azure Kubernetes Service\n```";
    /// let s = from_sources(&[Source::new("map.md", map)], vec![]);
    /// let aks = s.resolver.resolve(&s.graph, "AKS", |_| true).unwrap();
    /// assert_eq!(s.graph.node(aks).name, "Azure Kubernetes Service");
    /// assert!(s.resolver.resolve(&s.graph, "kubernets", |_| true).is_ok());
    /// ```
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
        let candidates = self.ranked(query, &accept, true, MatchKind::Fuzzy);
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
}

/// Whether a name starts with the article "the ".
fn has_article(name: &str) -> bool {
    name.get(..4)
        .is_some_and(|h| h.eq_ignore_ascii_case("the "))
}

pub(super) fn node_ref(i: u32) -> NodeRef {
    NodeRef::from_index(i as usize)
}

pub(super) fn exact_score(kind: MatchKind) -> f64 {
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
mod tests;

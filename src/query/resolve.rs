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

use serde::Serialize;

use crate::graph::names::{name_key, words};
use crate::graph::{KnowledgeGraph, NodeRef};

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
#[derive(Debug, Default)]
pub struct Resolver {
    exact: HashMap<String, Vec<(NodeRef, MatchKind)>>,
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    node: NodeRef,
    key: String,
    compact: String,
    words: Vec<String>,
}

impl Resolver {
    /// Indexes every node's id, name, aliases and acronym.
    pub fn new(graph: &KnowledgeGraph) -> Self {
        let mut resolver = Resolver::default();
        for (node, data) in graph.nodes() {
            resolver.add_exact(&data.id, node, MatchKind::Id);
            resolver.add_exact(&data.name, node, MatchKind::Name);
            let mut all_words: Vec<String> = words(&data.name).collect();
            for alias in &data.aliases {
                resolver.add_exact(alias, node, MatchKind::Alias);
                all_words.extend(words(alias));
            }
            if let Some(acronym) = acronym(&data.name) {
                resolver.add_exact(&acronym, node, MatchKind::Acronym);
            }
            let key = name_key(&data.name);
            let compact = key.replace(' ', "");
            resolver.entries.push(Entry {
                node,
                key,
                compact,
                words: all_words,
            });
        }
        resolver
    }

    /// Adds an alias from outside the documents (an aliases file).
    pub fn add_alias(&mut self, alias: &str, node: NodeRef) {
        let key = name_key(alias);
        if key.is_empty() {
            return;
        }
        let list = self.exact.entry(key).or_default();
        match list.iter_mut().find(|(n, _)| *n == node) {
            Some((_, existing)) => *existing = (*existing).min(MatchKind::Alias),
            None => list.push((node, MatchKind::Alias)),
        }
    }

    /// Indexes one key of `node`. [`Resolver::new`] adds all of a node's
    /// keys before the next node's, so a node already under this key is the
    /// last entry: constant time however many nodes share the key (many
    /// names can have the same acronym).
    fn add_exact(&mut self, text: &str, node: NodeRef, kind: MatchKind) {
        let key = name_key(text);
        if key.is_empty() {
            return;
        }
        let list = self.exact.entry(key).or_default();
        match list.last_mut().filter(|(n, _)| *n == node) {
            Some((_, existing)) => *existing = (*existing).min(kind),
            None => list.push((node, kind)),
        }
    }

    /// Every candidate for `query` that `accept` lets through, best first.
    pub fn candidates(&self, query: &str, accept: impl Fn(NodeRef) -> bool) -> Vec<Candidate> {
        let key = name_key(query);
        if key.is_empty() {
            return Vec::new();
        }
        let mut best: HashMap<NodeRef, Candidate> = HashMap::new();
        let mut offer = |candidate: Candidate| {
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
        for &(node, kind) in self.exact.get(&key).into_iter().flatten() {
            offer(Candidate {
                node,
                kind,
                score: exact_score(kind),
            });
        }
        let typed: Vec<String> = words(&key).collect();
        let compact = key.replace(' ', "");
        for entry in &self.entries {
            if let Some(candidate) = entry.score(&key, &compact, &typed) {
                offer(candidate);
            }
        }
        let mut list: Vec<Candidate> = best.into_values().collect();
        list.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.node.cmp(&b.node)));
        list
    }

    /// The single node `query` names, among those `accept` lets through.
    pub fn resolve(
        &self,
        graph: &KnowledgeGraph,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Result<NodeRef, ResolveError> {
        // The common case, an exact id, name or alias, needs no scan.
        if let Some(exact) = self.exact.get(&name_key(query)) {
            let accepted: Vec<_> = exact.iter().filter(|(n, _)| accept(*n)).collect();
            if let Some(top) = accepted.iter().map(|(_, k)| *k).min() {
                let at_top: Vec<_> = accepted
                    .iter()
                    .filter(|(_, k)| *k == top)
                    .map(|(n, _)| *n)
                    .collect();
                if at_top.len() == 1 {
                    return Ok(at_top[0]);
                }
            }
        }
        let candidates = self.candidates(query, &accept);
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

    /// The names closest to a miss, for a "did you mean".
    pub fn suggest(
        &self,
        graph: &KnowledgeGraph,
        query: &str,
        accept: impl Fn(NodeRef) -> bool,
    ) -> Vec<NodeRef> {
        let key = name_key(query);
        let mut scored: Vec<(f64, NodeRef)> = self
            .entries
            .iter()
            .filter(|e| accept(e.node))
            .map(|e| {
                let by_name = strsim::jaro_winkler(&key, &e.key);
                let by_alias = graph
                    .node(e.node)
                    .aliases
                    .iter()
                    .map(|a| strsim::jaro_winkler(&key, &a.to_lowercase()))
                    .fold(0.0, f64::max);
                (by_name.max(by_alias), e.node)
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored
            .into_iter()
            .take(SUGGESTIONS)
            .map(|(_, n)| n)
            .collect()
    }
}

impl Entry {
    /// How well the typed text matches this node beyond exact keys.
    fn score(&self, key: &str, compact: &str, typed: &[String]) -> Option<Candidate> {
        let node = self.node;
        let total = self.words.len().max(1) as f64;
        if !typed.is_empty() && typed.iter().all(|t| self.words.contains(t)) {
            let coverage = typed.len() as f64 / total;
            return Some(Candidate {
                node,
                kind: MatchKind::Word,
                score: 0.7 + 0.15 * coverage.min(1.0),
            });
        }
        if !typed.is_empty()
            && typed
                .iter()
                .all(|t| self.words.iter().any(|w| w.starts_with(t.as_str())))
        {
            let typed_len: usize = typed.iter().map(String::len).sum();
            let coverage = typed_len as f64 / self.compact.len().max(1) as f64;
            return Some(Candidate {
                node,
                kind: MatchKind::Prefix,
                score: 0.55 + 0.1 * coverage.min(1.0),
            });
        }
        if self.key.contains(key) || (compact.len() >= 3 && self.compact.contains(compact)) {
            let coverage = compact.len() as f64 / self.compact.len().max(1) as f64;
            return Some(Candidate {
                node,
                kind: MatchKind::Substring,
                score: 0.45 + 0.05 * coverage.min(1.0),
            });
        }
        let mut sum = 0.0;
        for t in typed {
            if t.chars().count() < 3 {
                return None;
            }
            let best = self
                .words
                .iter()
                .map(|w| strsim::jaro_winkler(t, w))
                .fold(0.0, f64::max);
            if best < FUZZY_THRESHOLD {
                return None;
            }
            sum += best;
        }
        (!typed.is_empty()).then(|| Candidate {
            node,
            kind: MatchKind::Fuzzy,
            score: 0.4 * sum / typed.len() as f64,
        })
    }
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
    use crate::load::{Source, from_sources};

    fn seed() -> crate::load::Snapshot {
        let bytes = std::fs::read("data/azure-services-map.md").unwrap();
        from_sources(
            &[Source {
                path: "seed.md".into(),
                bytes,
            }],
            vec![],
        )
    }

    fn name_of(snapshot: &crate::load::Snapshot, query: &str) -> Result<String, ResolveError> {
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

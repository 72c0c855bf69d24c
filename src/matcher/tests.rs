//! Unit tests of the resolver, one per tier.

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

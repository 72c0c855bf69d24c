//! The builder's rules, one test each.

use super::*;
use crate::document::parse_document;

fn build(docs: &[(&str, &str)]) -> (KnowledgeGraph, Vec<Diagnostic>) {
    let mut builder = GraphBuilder::new();
    for (path, text) in docs {
        builder.add_document(path, &parse_document(text.as_bytes()));
    }
    builder.finish()
}

fn relation_triples(graph: &KnowledgeGraph) -> Vec<(String, String, String)> {
    graph
        .edges()
        .filter_map(|e| match e.kind {
            EdgeKind::Relation(r) => Some((
                graph.node(e.source).name.clone(),
                graph.relation(r).label.clone(),
                graph.node(e.target).name.clone(),
            )),
            EdgeKind::Membership => None,
        })
        .collect()
}

#[test]
fn the_seed_has_the_documented_shape() {
    let seed = std::fs::read_to_string("data/azure-services-map.md").unwrap();
    let (graph, diagnostics) = build(&[("azure-services-map.md", &seed)]);
    assert_eq!(graph.count_kind(NodeKind::Category), 5);
    assert_eq!(graph.count_kind(NodeKind::Service), 35);
    assert_eq!(graph.count_kind(NodeKind::Concept), 43);
    assert_eq!(graph.node_count(), 83);
    assert_eq!(graph.relation_edge_count(), 49);
    assert_eq!(graph.relations().len(), 22);
    assert_eq!(graph.membership_count(), 35);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_name_is_one_node_across_blocks_and_documents() {
    let (graph, _) = build(&[
        (
            "a.md",
            "```mermaid\nmindmap\n  A\n    Virtual  Machines\n```",
        ),
        (
            "b.md",
            "```mermaid\nmindmap\n  B\n    S\n      :: uses\n      virtual machines\n```",
        ),
    ]);
    assert_eq!(graph.node_count(), 4);
    let vm = graph.by_name("VIRTUAL MACHINES").unwrap();
    assert_eq!(
        graph.node(vm).name,
        "Virtual Machines",
        "first spelling wins"
    );
    assert_eq!(graph.node(vm).kind, NodeKind::Service);
    assert_eq!(graph.sources(vm).len(), 2);
}

#[test]
fn passive_relations_are_stored_active_with_provenance() {
    let (graph, _) = build(&[(
        "s.md",
        "```mermaid\nmindmap\n  R\n    Blob Storage\n      :: used by\n      Data Lake Storage Gen2\n```",
    )]);
    assert_eq!(
        relation_triples(&graph),
        [t("Data Lake Storage Gen2", "uses", "Blob Storage")]
    );
    let edge = graph
        .edges()
        .find(|e| e.kind != EdgeKind::Membership)
        .unwrap();
    assert_eq!(
        (edge.provenance.document.as_str(), edge.provenance.line),
        ("s.md", 6)
    );
}

fn t(a: &str, r: &str, b: &str) -> (String, String, String) {
    (a.into(), r.into(), b.into())
}

#[test]
fn kinds_are_category_then_service_then_concept() {
    let (graph, _) = build(&[(
        "k.md",
        "```mermaid\nmindmap\n  Cat\n    Svc\n      :: uses\n      Thing\n      Other\n```\n```mermaid\nmindmap\n  Cat2\n    Thing\n```",
    )]);
    let kind = |n: &str| graph.node(graph.by_name(n).unwrap()).kind;
    assert_eq!(kind("Cat"), NodeKind::Category);
    assert_eq!(kind("Svc"), NodeKind::Service);
    assert_eq!(
        kind("Thing"),
        NodeKind::Service,
        "a child of any root is a service"
    );
    assert_eq!(kind("Other"), NodeKind::Concept);
    let thing = graph.by_name("Thing").unwrap();
    assert_eq!(graph.categories_of(thing).count(), 1);
}

#[test]
fn acronym_aliases_are_kept() {
    let (graph, _) = build(&[(
        "a.md",
        "```mermaid\nmindmap\n  R\n    Language Understanding (LUIS)\n```",
    )]);
    let luis = graph.by_id("language-understanding-luis").unwrap();
    assert_eq!(graph.node(luis).aliases, ["LUIS"]);
}

#[test]
fn colliding_slugs_get_distinct_ids() {
    let (graph, diags) = build(&[(
        "c.md",
        "```mermaid\nmindmap\n  R\n    C#\n    C\n    C++\n```",
    )]);
    let ids: Vec<_> = graph.nodes().map(|(_, n)| n.id.as_str()).collect();
    assert_eq!(ids, ["r", "c", "c-2", "c-3"]);
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].line, Some(5));
}

#[test]
fn duplicate_and_self_edges_are_reported() {
    let (graph, diags) = build(&[(
        "d.md",
        "```mermaid\nmindmap\n  R\n    S\n      :: uses\n      T\n      S\n    S\n      :: uses\n      T\n```",
    )]);
    assert_eq!(
        relation_triples(&graph),
        [t("S", "uses", "T"), t("S", "uses", "S")]
    );
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("itself") && d.line == Some(7))
    );
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("duplicate") && d.line == Some(10))
    );
    assert_eq!(graph.membership_count(), 1);
}

#[test]
fn repeats_are_reported_in_the_order_written() {
    let (graph, diags) = build(&[(
        "d.md",
        "```mermaid\nmindmap\n  R\n    S\n      :: uses\n      T\n      S\n    S\n      :: uses\n      T\n      S\n    R\n```",
    )]);
    let seen: Vec<(Option<usize>, bool)> = diags
        .iter()
        .map(|d| (d.line, d.message.contains("duplicate")))
        .collect();
    assert_eq!(
        seen,
        [
            (Some(7), false),
            (Some(10), true),
            (Some(11), false),
            (Some(11), true),
            (Some(12), false)
        ]
    );
    assert_eq!(
        relation_triples(&graph),
        [t("S", "uses", "T"), t("S", "uses", "S")]
    );
    assert_eq!(graph.membership_count(), 1);
}

#[test]
fn relations_are_indexed() {
    let seed = std::fs::read_to_string("data/azure-services-map.md").unwrap();
    let (graph, _) = build(&[("m.md", &seed)]);
    let rel = graph.relation_by_label("Integrates-With").unwrap();
    assert_eq!(graph.relation(rel).id, "integrates-with");
    assert_eq!(graph.edges_with_relation(rel).len(), 3);
}

//! Property: any generated set of documents, exported to the mindmap
//! dialect and loaded again, gives the same nodes, kinds, memberships and
//! edges.

use std::collections::BTreeSet;

use proptest::prelude::*;
use servicemap::export::{Format, Selection};
use servicemap::graph::{EdgeKind, KnowledgeGraph};
use servicemap::snapshot::{Source, from_sources};

/// Everything the round trip must keep, by name.
pub type Facts = (
    BTreeSet<(String, String)>,
    BTreeSet<(String, String)>,
    BTreeSet<(String, String, String)>,
);

pub fn facts(graph: &KnowledgeGraph) -> Facts {
    let nodes = graph
        .nodes()
        .map(|(_, n)| (n.name.to_lowercase(), n.kind.as_str().to_owned()))
        .collect();
    let mut memberships = BTreeSet::new();
    let mut edges = BTreeSet::new();
    for edge in graph.edges() {
        let (s, t) = (
            graph.node(edge.source).name.to_lowercase(),
            graph.node(edge.target).name.to_lowercase(),
        );
        match edge.kind {
            EdgeKind::Membership => {
                memberships.insert((s, t));
            }
            EdgeKind::Relation(r) => {
                edges.insert((s, graph.relation(r).label.clone(), t));
            }
        }
    }
    (nodes, memberships, edges)
}

const NAMES: &[&str] = &[
    "Alpha",
    "Beta (BT)",
    "Gamma Ray",
    "delta",
    "Epsilon-Zeta",
    "Eta, Theta",
    "Iota [x]",
    "Kappa: one",
    "Lambda \"q\"",
    "Mu/Nu",
];
const RELATIONS: &[&str] = &[
    "uses",
    "used by",
    "integrates with",
    "hosts",
    "hosted by",
    "feeds",
    "connects to",
    "part of",
];

/// One mindmap line: (depth below the root, marker before it, name).
fn line() -> impl Strategy<Value = (usize, Option<usize>, usize)> {
    (
        1usize..5,
        proptest::option::of(0..RELATIONS.len()),
        0..NAMES.len(),
    )
}

fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        (0..NAMES.len(), proptest::collection::vec(line(), 0..12)),
        1..4,
    )
    .prop_map(|blocks| {
        let mut text = String::new();
        for (root, lines) in blocks {
            text.push_str(&format!("```mermaid\nmindmap\n  root(({}))\n", NAMES[root]));
            let mut previous_depth = 0;
            for (depth, marker, name) in lines {
                let depth = depth.min(previous_depth + 1);
                previous_depth = depth;
                if let (Some(m), true) = (marker, depth > 1) {
                    text.push_str(&format!("{}:: {}\n", "  ".repeat(depth + 1), RELATIONS[m]));
                }
                text.push_str(&format!("{}{}\n", "  ".repeat(depth + 1), NAMES[name]));
            }
            text.push_str("```\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn exported_mindmaps_load_back_into_the_same_graph(docs in proptest::collection::vec(document(), 1..3)) {
        let sources: Vec<Source> = docs.iter().enumerate().map(|(i, d)| Source::new(format!("d{i}.md"), d.clone())).collect();
        let original = from_sources(&sources, vec![]);
        let export = Selection::whole(&original.graph).export(Format::Mindmap);
        let copy = from_sources(&[Source::new("export.md", export.clone())], vec![]);
        prop_assert_eq!(facts(&copy.graph), facts(&original.graph), "export:\n{}", export);
    }
}

//! The generated documents, loaded by the library: the graph has the shape
//! asked for and the landmarks the generator recorded.

use servicemap::graph::NodeKind;
use servicemap::query::path::{PathOptions, shortest_paths};
use servicemap::snapshot::{Snapshot, from_sources};
use servicemap_gen::{Generated, Names, Shape, Spec, generate};

const SMALL: Spec = Spec::sized(12, 300, 3_000, 7);

fn load(generated: &Generated) -> Snapshot {
    from_sources(&generated.sources(), vec![])
}

#[test]
fn one_seed_gives_the_same_documents() {
    let a = generate(&SMALL);
    let b = generate(&SMALL);
    assert_eq!(a.files, b.files);
    assert_eq!(a.pair, b.pair);
    let other = generate(&Spec { seed: 8, ..SMALL });
    assert_ne!(a.files, other.files);
}

#[test]
fn the_loaded_graph_has_the_requested_shape() {
    let generated = generate(&SMALL);
    assert_eq!(generated.relation_edges, SMALL.edges);
    let s = load(&generated);
    let g = &s.graph;
    assert_eq!(g.relation_edge_count(), generated.relation_edges);
    assert_eq!(g.count_kind(NodeKind::Category), SMALL.categories);
    assert!(g.count_kind(NodeKind::Concept) > 0);
    assert!(g.node_count().abs_diff(generated.nodes) <= 1);
    // Passive markers and re-spelt names are in the documents.
    let text: String = generated.files.iter().map(|(_, t)| t.as_str()).collect();
    assert!(text.contains(":: used by"));
    assert!(s.diagnostics.iter().any(|d| d.message.contains("empty")));
    assert!(
        s.diagnostics
            .iter()
            .all(|d| d.message.contains("empty mermaid block")),
        "{:?}",
        s.diagnostics.iter().take(3).collect::<Vec<_>>()
    );
}

#[test]
fn the_far_pair_is_connected_at_its_recorded_distance() {
    let generated = generate(&SMALL);
    let s = load(&generated);
    let g = &s.graph;
    let from = g.by_name(&generated.pair.from).unwrap();
    let to = g.by_name(&generated.pair.to).unwrap();
    let paths = shortest_paths(g, from, to, &PathOptions::default()).unwrap();
    assert_eq!(paths[0].hops(), generated.pair.hops);
    assert!(generated.pair.hops >= 3, "{:?}", generated.pair);
    let hub = g.by_name(&generated.hub).unwrap();
    let (out, incoming) = g.degrees()[hub.index()];
    assert_eq!(out + incoming, generated.hub_degree);
    assert!(
        generated
            .pair_text()
            .contains(&format!("hub: {}", generated.hub))
    );
}

#[test]
fn write_replaces_an_earlier_run() {
    let dir = std::env::temp_dir().join(format!("servicemap-gen-{}", std::process::id()));
    let big = servicemap_gen::write(&SMALL, &dir).unwrap();
    let small = Spec::sized(2, 20, 100, 1);
    let written = servicemap_gen::write(&small, &dir).unwrap();
    assert!(big.files.len() > written.files.len());
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = written.files.iter().map(|(n, _)| n.clone()).collect();
    expected.push(servicemap_gen::PAIR_FILE.into());
    expected.sort();
    assert_eq!(on_disk, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// SMALL in another shape.
fn shaped(shape: Shape) -> Spec {
    Spec { shape, ..SMALL }
}

#[test]
fn documents_can_be_few_and_large_or_many_and_small() {
    let one = generate(&shaped(Shape {
        categories_per_file: SMALL.categories,
        ..Shape::DEFAULT
    }));
    let many = generate(&shaped(Shape {
        categories_per_file: 1,
        ..Shape::DEFAULT
    }));
    let parts = |g: &Generated| {
        g.files
            .iter()
            .filter(|(n, _)| !n.contains("remainder"))
            .count()
    };
    assert_eq!(parts(&one), 1);
    assert_eq!(parts(&many), SMALL.categories);
    for generated in [&one, &many] {
        let s = load(generated);
        assert_eq!(s.graph.relation_edge_count(), SMALL.edges);
        assert_eq!(s.graph.count_kind(NodeKind::Category), SMALL.categories);
    }
}

#[test]
fn names_can_be_short_or_long() {
    let mean_length = |names: Names| {
        let generated = generate(&shaped(Shape {
            names,
            ..Shape::DEFAULT
        }));
        let s = load(&generated);
        assert_eq!(s.graph.relation_edge_count(), SMALL.edges, "{names:?}");
        assert!(s.graph.by_name(&generated.hub).is_some(), "{names:?}");
        let services: Vec<usize> = s
            .graph
            .nodes()
            .filter(|(_, n)| n.kind == NodeKind::Concept)
            .map(|(_, n)| n.name.len())
            .collect();
        services.iter().sum::<usize>() / services.len()
    };
    let (short, words, long) = (
        mean_length(Names::Short),
        mean_length(Names::Words),
        mean_length(Names::Long),
    );
    assert!(
        short <= 4 && words > 10 && long > 50,
        "{short} {words} {long}"
    );
}

#[test]
fn relation_types_can_be_few_or_many() {
    for types in [1, 3, 40] {
        let generated = generate(&shaped(Shape {
            relation_types: types,
            ..Shape::DEFAULT
        }));
        let s = load(&generated);
        assert_eq!(s.graph.relation_edge_count(), SMALL.edges, "{types}");
        // Memberships are not relation types; every type is drawn at 3,000 edges.
        let used = s
            .graph
            .relations()
            .filter(|(id, _)| !s.graph.edges_with_relation(*id).is_empty())
            .count();
        assert!(
            used.abs_diff(types) <= 1,
            "{types} types asked, {used} used"
        );
    }
}

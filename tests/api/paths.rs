//! Property: the k shortest paths agree with a brute-force enumeration of
//! every simple path on random small graphs, under every option.

use std::collections::BTreeSet;

use proptest::prelude::*;
use servicemap::query::path::{PathOptions, shortest_paths};
use servicemap::snapshot::{Source, from_sources};

const RELATIONS: &[&str] = &["uses", "hosts"];

#[derive(Debug, Clone)]
struct Case {
    nodes: usize,
    edges: Vec<(usize, usize, usize)>,
    from: usize,
    to: usize,
    directed: bool,
    only: Option<usize>,
    avoid: Vec<usize>,
    k: usize,
    max_hops: usize,
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..8).prop_flat_map(|n| {
        (
            proptest::collection::vec((0..n, 0..n, 0..RELATIONS.len()), 0..18),
            0..n,
            0..n,
            any::<bool>(),
            proptest::option::of(0..RELATIONS.len()),
            proptest::collection::vec(0..n, 0..2),
            1usize..6,
            1usize..7,
        )
            .prop_map(
                move |(edges, from, to, directed, only, avoid, k, max_hops)| Case {
                    nodes: n,
                    edges: edges.into_iter().filter(|(a, b, _)| a != b).collect(),
                    from,
                    to,
                    directed,
                    only,
                    avoid: avoid
                        .into_iter()
                        .filter(|a| *a != from && *a != to)
                        .collect(),
                    k,
                    max_hops,
                },
            )
    })
}

/// Every simple path's node sequence, by depth-first enumeration.
fn brute_force(case: &Case) -> Vec<Vec<usize>> {
    let step_ok = |a: usize, b: usize| {
        case.edges.iter().any(|&(s, t, r)| {
            case.only.is_none_or(|o| o == r)
                && ((s == a && t == b) || (!case.directed && s == b && t == a))
        })
    };
    let mut found = Vec::new();
    let mut stack = vec![vec![case.from]];
    while let Some(path) = stack.pop() {
        let last = *path.last().unwrap();
        if last == case.to {
            found.push(path);
            continue;
        }
        if path.len() > case.max_hops {
            continue;
        }
        for next in 0..case.nodes {
            if !path.contains(&next) && !case.avoid.contains(&next) && step_ok(last, next) {
                let mut longer = path.clone();
                longer.push(next);
                stack.push(longer);
            }
        }
    }
    found.sort_by_key(Vec::len);
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn k_shortest_paths_match_brute_force(case in case()) {
        // Every node is a service of one category, so all exist even without edges.
        let mut text = String::from("```mermaid\nmindmap\n  Root\n");
        for i in 0..case.nodes {
            text.push_str(&format!("    n{i}\n"));
        }
        for (s, t, r) in &case.edges {
            text.push_str(&format!("    n{s}\n      :: {}\n      n{t}\n", RELATIONS[*r]));
        }
        text.push_str("```\n");
        let snapshot = from_sources(&[Source::new("g.md", text)], vec![]);
        let g = &snapshot.graph;
        let node = |i: usize| g.by_name(&format!("n{i}")).unwrap();
        let options = PathOptions {
            directed: case.directed,
            max_hops: case.max_hops,
            relations: case.only.map(|r| vec![g.relation_by_label(RELATIONS[r])]).map(|v| v.into_iter().flatten().collect()),
            avoid: case.avoid.iter().map(|a| node(*a)).collect(),
            k: case.k,
            ..PathOptions::default()
        };
        let paths = shortest_paths(g, node(case.from), node(case.to), &options).unwrap();
        let expected = brute_force(&case);
        let index = |n| (0..case.nodes).find(|i| node(*i) == n).unwrap();
        let got: Vec<Vec<usize>> = paths.iter().map(|p| p.nodes.iter().map(|n| index(*n)).collect()).collect();

        prop_assert_eq!(got.len(), expected.len().min(case.k), "got {:?}, all paths {:?}", got, expected);
        let got_lengths: Vec<usize> = got.iter().map(Vec::len).collect();
        let expected_lengths: Vec<usize> = expected.iter().take(case.k).map(Vec::len).collect();
        prop_assert_eq!(got_lengths, expected_lengths, "shortest first, none skipped");
        let distinct: BTreeSet<_> = got.iter().collect();
        prop_assert_eq!(distinct.len(), got.len(), "all distinct");
        for (path, p) in got.iter().zip(&paths) {
            prop_assert!(expected.contains(path), "{:?} is a valid simple path", path);
            prop_assert_eq!(p.edges.len() + 1, p.nodes.len());
            for (i, e) in p.edges.iter().enumerate() {
                let edge = g.edge(*e);
                let ends = (edge.source, edge.target);
                let step = (p.nodes[i], p.nodes[i + 1]);
                prop_assert!(ends == step || (!case.directed && ends == (step.1, step.0)), "edge {} joins its step", i);
            }
        }
    }
}

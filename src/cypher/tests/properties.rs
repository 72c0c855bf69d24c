//! Properties: every optimizer rule leaves the answers as they were, and
//! the executor's paths agree with the path search and with brute force.

use proptest::prelude::*;

use super::graph_of;
use crate::cypher::render::value_text;
use crate::cypher::{Bounds, Parameters, Rules, run_with};
use crate::query::path::{PathOptions, shortest_paths};
use crate::snapshot::Snapshot;

const RELATIONS: &[&str] = &["uses", "hosts"];

fn edges() -> impl Strategy<Value = (usize, Vec<(usize, usize, usize)>)> {
    (2usize..7).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec((0..n, 0..RELATIONS.len(), 0..n), 0..14),
        )
    })
}

fn snapshot(n: usize, edges: &[(usize, usize, usize)]) -> Snapshot {
    let mut named: Vec<(usize, &str, usize)> = edges
        .iter()
        .filter(|(s, _, t)| s != t)
        .map(|(s, r, t)| (*s, RELATIONS[*r], *t))
        .collect();
    // Every relation exists (an unknown type is an error), on a node
    // apart: `n{n}` uses and hosts itself.
    named.extend(RELATIONS.iter().map(|r| (n, *r, n)));
    graph_of(n + 1, &named)
}

/// Sorted rows as text: answers compared as multisets.
fn rows(s: &Snapshot, query: &str, rules: Rules) -> Vec<Vec<String>> {
    let answer = run_with(
        &s.graph,
        &s.resolver,
        query,
        &Parameters::new(),
        &Bounds::default(),
        rules,
    )
    .unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut rows: Vec<Vec<String>> = answer
        .rows
        .iter()
        .map(|r| r.iter().map(|v| value_text(&s.graph, v)).collect())
        .collect();
    rows.sort();
    rows
}

fn queries(a: usize, b: usize, r: usize) -> Vec<String> {
    let rel = RELATIONS[r];
    vec![
        format!("MATCH (x)-[:{rel}]->(y) RETURN x.name, y.name"),
        format!("MATCH (x)-[:{rel}]->(y {{name: 'n{b}'}}) RETURN x.name"),
        format!("MATCH (x)-[]-(y)-[:{rel}]->(z) WHERE z.name = 'n{a}' RETURN x.name, y.name"),
        format!("MATCH (x:Service)-[:{rel}*1..3]->(y) WHERE y.name = 'n{b}' RETURN x.name, y.name"),
        format!("MATCH (x)<-[:{rel}*0..2]-(y) WHERE x = resolve('n{a}') RETURN y.name"),
        format!(
            "MATCH (x {{id: 'n{a}'}})-[*1..2]-(y), (y)-[:{rel}]->(z) RETURN x.name, y.name, z.name"
        ),
        format!(
            "MATCH p = (x)-[:{rel}]->(y)-[]->(z) WHERE x.name <> z.name AND y.name STARTS WITH 'n' RETURN length(p), z.name"
        ),
        format!("MATCH (x) WHERE (x)-[:{rel}]->({{name: 'n{b}'}}) RETURN x.name"),
        format!(
            "MATCH (c:Category)-[:HAS_SERVICE]->(x)-[:{rel}]-(y) WHERE y.name IN ['n{a}', 'n{b}'] RETURN x.name, count(*)"
        ),
        format!(
            "MATCH (x {{name: 'n{a}'}}) OPTIONAL MATCH (x)-[:{rel}]->(y)-[:{rel}]->(z) RETURN y.name, z.name"
        ),
    ]
}

/// The rule sets compared: none, all, and all but one.
fn rule_sets() -> Vec<Rules> {
    let all = Rules::ALL;
    vec![
        Rules::NONE,
        all,
        Rules { seek: false, ..all },
        Rules {
            anchor: false,
            ..all
        },
        Rules {
            relation_index: false,
            ..all
        },
        Rules {
            pushdown: false,
            ..all
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_rule_keeps_the_answers((n, edges) in edges(), a in 0usize..7, b in 0usize..7, r in 0..RELATIONS.len()) {
        let s = snapshot(n, &edges);
        for query in queries(a % n, b % n, r) {
            let expected = rows(&s, &query, Rules::NONE);
            for rules in rule_sets() {
                prop_assert_eq!(&rows(&s, &query, rules), &expected, "{} with {:?}", query, rules);
            }
        }
    }

    #[test]
    fn shortest_paths_agree_with_the_path_search((n, edges) in edges(), from in 0usize..7, to in 0usize..7, directed in any::<bool>(), only in proptest::option::of(0..RELATIONS.len())) {
        let s = snapshot(n, &edges);
        let g = &s.graph;
        let (from, to) = (from % n, to % n);
        prop_assume!(from != to);
        // Untyped, Cypher also walks memberships; the path search is told
        // the relations instead.
        let types = only.map_or(":uses|hosts".to_owned(), |r| format!(":{}", RELATIONS[r]));
        let arrow = if directed { "->" } else { "-" };
        let query = format!("MATCH p = shortestPath((a {{name: 'n{from}'}})-[{types}*..6]{arrow}(b {{name: 'n{to}'}})) RETURN length(p)");
        let got = rows(&s, &query, Rules::ALL);
        let node = |i: usize| g.by_name(&format!("n{i}")).unwrap();
        let options = PathOptions {
            directed,
            max_hops: 6,
            relations: only.map(|r| g.relation_by_label(RELATIONS[r]).into_iter().collect()),
            ..PathOptions::default()
        };
        let expected = shortest_paths(g, node(from), node(to), &options).unwrap();
        let expected: Vec<Vec<String>> = expected.iter().map(|p| vec![p.hops().to_string()]).collect();
        prop_assert_eq!(&got, &expected, "{}", query);

        // allShortestPaths: every shortest path, each once, all as long.
        let all = query.replace("shortestPath", "allShortestPaths").replace("length(p)", "length(p), [r IN relationships(p) | r.line]");
        let listed = rows(&s, &all, Rules::ALL);
        let mut dedup = listed.clone();
        dedup.dedup();
        prop_assert_eq!(dedup.len(), listed.len(), "{}", all);
        prop_assert_eq!(listed.is_empty(), got.is_empty());
        for row in &listed {
            prop_assert_eq!(&row[0], &got[0][0]);
        }
    }

    #[test]
    fn variable_length_matches_brute_force_trails((n, edges) in edges(), from in 0usize..7, min in 0usize..3, extra in 0usize..3, directed in any::<bool>()) {
        let s = snapshot(n, &edges);
        let from = from % n;
        let max = min + extra;
        let arrow = if directed { "->" } else { "-" };
        let query = format!("MATCH (a {{name: 'n{from}'}})-[*{min}..{max}]{arrow}(b:Service) RETURN b.name");
        // Brute force: every trail over the relation edges.
        // The graph keeps one edge per (source, relation, target).
        let mut unique: Vec<(usize, usize, usize)> = edges.iter().filter(|(s, _, t)| s != t).copied().collect();
        unique.sort_unstable();
        unique.dedup();
        let list: Vec<(usize, usize)> = unique.iter().map(|(s, _, t)| (*s, *t)).collect();
        let mut ends = Vec::new();
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(from, Vec::new())];
        while let Some((at, used)) = stack.pop() {
            if used.len() >= min {
                ends.push(vec![format!("n{at}")]);
            }
            if used.len() == max {
                continue;
            }
            for (i, (s, t)) in list.iter().enumerate() {
                if used.contains(&i) {
                    continue;
                }
                let next = if *s == at { Some(*t) } else if !directed && *t == at { Some(*s) } else { None };
                if let Some(next) = next {
                    let mut longer = used.clone();
                    longer.push(i);
                    stack.push((next, longer));
                }
            }
        }
        let typed = query.replace("[*", "[:uses|hosts*");
        let typed_rows = rows(&s, &typed, Rules::ALL);
        ends.sort();
        prop_assert_eq!(typed_rows, ends, "{}", typed);
    }
}

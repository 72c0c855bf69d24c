//! The engine's tests: each feature and each error on the bundled map,
//! and properties checked against simpler computations.

mod errors;
mod features;
mod properties;

use super::error::CypherError;
use super::render::value_text;
use super::{Answer, Bounds, Parameters, run};
use crate::snapshot::{Snapshot, Source, from_sources, load};

thread_local! {
    static SEED: &'static Snapshot = Box::leak(Box::new(load(&["data".into()]).expect("the bundled data loads")));
}

pub(super) fn seed() -> &'static Snapshot {
    SEED.with(|s| *s)
}

pub(super) fn answer(query: &str) -> Answer {
    try_answer(query, &Parameters::new(), &Bounds::default())
        .unwrap_or_else(|e| panic!("{query}: {e}"))
}

pub(super) fn try_answer(
    query: &str,
    parameters: &Parameters,
    bounds: &Bounds,
) -> Result<Answer, CypherError> {
    let s = seed();
    run(&s.graph, &s.resolver, query, parameters, bounds)
}

/// The answer's rows as text cells.
pub(super) fn rows(query: &str) -> Vec<Vec<String>> {
    let g = &seed().graph;
    answer(query)
        .rows
        .iter()
        .map(|row| row.iter().map(|v| value_text(g, v)).collect())
        .collect()
}

/// The single column of an answer.
pub(super) fn column(query: &str) -> Vec<String> {
    rows(query).into_iter().map(|mut r| r.remove(0)).collect()
}

pub(super) fn error(query: &str) -> CypherError {
    match try_answer(query, &Parameters::new(), &Bounds::default()) {
        Ok(_) => panic!("{query} should fail"),
        Err(e) => e,
    }
}

/// A graph of one category whose services `n0..n{nodes}` are joined by
/// the given `(source, relation, target)` edges.
pub(super) fn graph_of(nodes: usize, edges: &[(usize, &str, usize)]) -> Snapshot {
    let mut text = String::from("```mermaid\nmindmap\n  Root\n");
    for i in 0..nodes {
        text.push_str(&format!("    n{i}\n"));
    }
    for (s, r, t) in edges {
        text.push_str(&format!("    n{s}\n      :: {r}\n      n{t}\n"));
    }
    text.push_str("```\n");
    from_sources(&[Source::new("g.md", text)], vec![])
}

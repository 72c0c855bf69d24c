//! The findings the graph shows, as opposed to those the load reported:
//! services with no relations, concepts nothing reaches, names that are
//! likely one thing written twice, relation wordings that are likely typos
//! of the vocabulary's, and aliases shared by two nodes. Each finding is
//! placed at the first place its node or edge is written.

use std::collections::HashMap;

use super::{Rule, rule_by_id};
use crate::diagnostic::{Diagnostic, clip};
use crate::graph::{EdgeKind, KnowledgeGraph, NodeKind, NodeRef};
use crate::snapshot::Snapshot;
use crate::text::name_key;

/// Name pairs compared for typos, at most: past it the rule stops, so a
/// graph of a million names costs a bounded time.
const MAX_NAME_COMPARISONS: usize = 200_000;

type Found = (&'static Rule, Diagnostic);

fn rule(id: &str) -> &'static Rule {
    rule_by_id(id).expect("a rule of the table")
}

/// Every graph finding, in node order within each rule.
pub(super) fn graph_findings(snapshot: &Snapshot) -> Vec<Found> {
    let g = &snapshot.graph;
    let mut found = Vec::new();
    unrelated(g, &mut found);
    near_duplicates(g, &mut found);
    unknown_relations(g, &mut found);
    shared_aliases(g, &mut found);
    found
}

/// Where a node is first written.
fn at(g: &KnowledgeGraph, node: NodeRef, message: String) -> Diagnostic {
    match g.sources(node).first() {
        Some(p) => Diagnostic::at(&p.document, p.line, message),
        None => Diagnostic::document("", message),
    }
}

fn has_relation(g: &KnowledgeGraph, node: NodeRef, outgoing: bool) -> bool {
    g.edges_at(node, outgoing)
        .any(|e| matches!(e.kind, EdgeKind::Relation(_)))
}

fn unrelated(g: &KnowledgeGraph, found: &mut Vec<Found>) {
    for (node, n) in g.nodes() {
        let name = clip(&n.name);
        if n.kind == NodeKind::Service
            && !has_relation(g, node, true)
            && !has_relation(g, node, false)
        {
            let message = format!("service `{name}` has no relations");
            found.push((rule("isolated-service"), at(g, node, message)));
        }
        if n.kind == NodeKind::Concept && !has_relation(g, node, false) {
            let message = format!("concept `{name}` is reached by no relation");
            found.push((rule("unreached-concept"), at(g, node, message)));
        }
    }
}

/// The key with a plural ending taken off each word.
fn singular(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            if w.len() > 4 && w.ends_with("ies") {
                format!("{}y", &w[..w.len() - 3])
            } else if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two different keys are one typo apart: an edit distance of 1
/// (2 for long names), and not only in their digits (`Gen1`, `Gen2`).
fn one_typo_apart(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    let allowed = match longest {
        0..=5 => return false,
        6..=11 => 1,
        _ => 2,
    };
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    strsim::damerau_levenshtein(a, b) <= allowed && letters(a) != letters(b)
}

fn near_duplicates(g: &KnowledgeGraph, found: &mut Vec<Found>) {
    let mut keyed: Vec<(String, NodeRef)> =
        g.nodes().map(|(r, n)| (name_key(&n.name), r)).collect();
    keyed.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then_with(|| a.0.cmp(&b.0)));
    let mut reported = std::collections::HashSet::new();
    let mut report = |first: NodeRef, second: NodeRef, why: &str, found: &mut Vec<Found>| {
        if reported.insert(second) {
            let message = format!(
                "`{}` and `{}` differ only by {why}; likely the same thing written twice",
                clip(&g.node(first).name),
                clip(&g.node(second).name)
            );
            found.push((rule("near-duplicate"), at(g, second, message)));
        }
    };
    let mut by_singular: HashMap<String, NodeRef> = HashMap::new();
    for (key, node) in &keyed {
        match by_singular.get(&singular(key)) {
            Some(&first) => report(first, *node, "a plural", found),
            None => {
                by_singular.insert(singular(key), *node);
            }
        }
    }
    let mut budget = MAX_NAME_COMPARISONS;
    for (i, (a, first)) in keyed.iter().enumerate() {
        for (b, second) in &keyed[i + 1..] {
            if b.len() > a.len() + 2 || budget == 0 {
                break;
            }
            budget -= 1;
            if singular(a) != singular(b) && one_typo_apart(a, b) {
                report(*first, *second, "a typo", found);
            }
        }
    }
}

fn unknown_relations(g: &KnowledgeGraph, found: &mut Vec<Found>) {
    let known: Vec<&str> = g
        .vocabulary()
        .wordings()
        .flat_map(|(active, inverse, _)| [active, inverse])
        .filter(|w| !w.is_empty())
        .collect();
    for (id, relation) in g.relations() {
        let label = relation.label.as_str();
        if known.contains(&label) {
            continue;
        }
        let close = known.iter().find(|k| {
            let distance = strsim::damerau_levenshtein(label, k);
            label.len() >= 4 && (1..=2).contains(&distance)
        });
        let (Some(close), Some(&edge)) = (close, g.edges_with_relation(id).first()) else {
            continue;
        };
        let p = g.edge(edge).provenance;
        let message = format!(
            "relation `{}` is not in the vocabulary; did you mean `{close}`?",
            clip(label)
        );
        found.push((
            rule("unknown-relation"),
            Diagnostic::at(&p.document, p.line, message),
        ));
    }
}

fn shared_aliases(g: &KnowledgeGraph, found: &mut Vec<Found>) {
    let mut owner: HashMap<String, NodeRef> = HashMap::new();
    for (node, n) in g.nodes() {
        for alias in &n.aliases {
            let key = name_key(alias);
            match owner.get(&key) {
                Some(&first) if first != node => {
                    let message = format!(
                        "alias `{}` names both `{}` and `{}`",
                        clip(alias),
                        clip(&g.node(first).name),
                        clip(&n.name)
                    );
                    found.push((rule("bad-alias"), at(g, node, message)));
                }
                Some(_) => {}
                None => {
                    owner.insert(key, node);
                }
            }
        }
    }
}

//! The words answers are said in: facts from edges, a node described,
//! counts and lists in plain English.

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeKind, NodeRef};

/// What a node is, does and where it sits.
pub(super) fn describe(g: &KnowledgeGraph, node: NodeRef, edges: &[EdgeRef]) -> String {
    let name = |n: NodeRef| g.node(n).name.clone();
    let data = g.node(node);
    if data.kind == NodeKind::Category {
        let services: Vec<String> = edges
            .iter()
            .map(|e| g.edge(*e))
            .filter(|e| e.kind == EdgeKind::Membership && e.source == node)
            .map(|e| name(e.target))
            .collect();
        return format!(
            "{} is a category of {}: {}.",
            data.name,
            plural(services.len(), "service"),
            list(&services)
        );
    }
    let cats: Vec<String> = g.categories_of(node).map(name).collect();
    let mut out = format!(
        "{} is {} {}",
        data.name,
        article(data.kind.as_str()),
        data.kind.as_str()
    );
    if !cats.is_empty() {
        out.push_str(&format!(" in {}", list(&cats)));
    }
    out.push('.');
    let relations: Vec<EdgeRef> = edges
        .iter()
        .copied()
        .filter(|e| matches!(g.edge(*e).kind, EdgeKind::Relation(_)))
        .collect();
    let outgoing: Vec<EdgeRef> = relations
        .iter()
        .copied()
        .filter(|e| g.edge(*e).source == node)
        .collect();
    let incoming: Vec<EdgeRef> = relations
        .iter()
        .copied()
        .filter(|e| g.edge(*e).source != node)
        .collect();
    if !outgoing.is_empty() {
        out.push_str(&format!(
            " It {}",
            strip_subject(&facts(g, &outgoing), &data.name)
        ));
    }
    if !incoming.is_empty() {
        out.push(' ');
        out.push_str(&facts(g, &incoming));
    }
    if relations.is_empty() {
        out.push_str(" The map records no relations for it.");
    }
    out
}

pub(super) fn strip_subject(said: &str, subject: &str) -> String {
    said.strip_prefix(subject)
        .map(|rest| rest.trim_start().to_owned())
        .unwrap_or_else(|| said.to_owned())
}

/// Edges said as facts, grouped by source and relation:
/// `App Service hosts Web Apps and API Apps; Azure Functions integrates with App Service.`
pub fn facts(g: &KnowledgeGraph, edges: &[EdgeRef]) -> String {
    let mut groups: Vec<(NodeRef, String, Vec<String>)> = Vec::new();
    for e in edges {
        let edge = g.edge(*e);
        let label = verb(g, edge.kind);
        let target = g.node(edge.target).name.clone();
        match groups
            .iter_mut()
            .find(|(s, l, _)| *s == edge.source && *l == label)
        {
            Some((_, _, targets)) => {
                if !targets.contains(&target) {
                    targets.push(target)
                }
            }
            None => groups.push((edge.source, label, vec![target])),
        }
    }
    let said: Vec<String> = groups
        .iter()
        .map(|(s, l, t)| format!("{} {l} {}", g.node(*s).name, list(t)))
        .collect();
    format!("{}.", said.join("; "))
}

/// One edge as a fact.
pub(super) fn fact(g: &KnowledgeGraph, e: EdgeRef) -> String {
    let edge = g.edge(e);
    format!(
        "{} {} {}",
        g.node(edge.source).name,
        verb(g, edge.kind),
        g.node(edge.target).name
    )
}

pub(super) fn verb(g: &KnowledgeGraph, kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Membership => "has the service".to_owned(),
        EdgeKind::Relation(_) => {
            let label = g.edge_label(kind);
            // `part of`, `optimized for`: a label that is no verb needs one.
            let first = label.split(' ').next().unwrap_or_default();
            let verbless = first.ends_with("ed")
                || matches!(
                    first,
                    "part" | "member" | "kind" | "type" | "instance" | "built"
                );
            if verbless {
                format!("is {label}")
            } else {
                label.to_owned()
            }
        }
    }
}

pub(super) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// `1 service`, `2 services`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        format!("{n} {stem}ies")
    } else if let Some((head, tail)) = noun.split_once(' ') {
        format!("{n} {head}s {tail}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

pub(super) fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

//! An answer said in plain sentences, from the typed answer itself: every
//! fact is one of the answer's edges, said in its stored direction.

use super::answer::{Answer, Reading};
use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeKind, NodeRef};

/// Plain sentences saying what `answer` holds.
pub fn sentence(g: &KnowledgeGraph, reading: &Reading, answer: &Answer) -> String {
    let name = |n: NodeRef| g.node(n).name.clone();
    match (reading, answer) {
        (
            Reading::Count(inner),
            Answer::Count {
                count,
                counted: Some(counted),
            },
        ) => {
            let said = sentence(g, inner, counted);
            match (inner.as_ref(), *count) {
                (Reading::Members { .. }, _) => said,
                (_, 0) => format!("None. {said}"),
                (_, 1) => format!("There is 1. {said}"),
                (_, n) => format!("There are {n}. {said}"),
            }
        }
        (Reading::CountKind { kind }, Answer::Count { count, .. }) => {
            let noun = kind.map_or("node", NodeKind::as_str);
            match count {
                1 => format!("There is 1 {noun}."),
                n => format!("There are {}.", plural(*n, noun)),
            }
        }
        (
            _,
            Answer::Edges {
                edges, fallback, ..
            },
        ) => edges_sentence(g, reading, edges, *fallback),
        (Reading::InCategory { node, category }, Answer::Verdict { holds, .. }) => {
            if *holds {
                format!("Yes: {} is in {}.", name(*node), name(*category))
            } else {
                let cats: Vec<String> = g.categories_of(*node).map(name).collect();
                let place = if cats.is_empty() {
                    format!(
                        "is in no category (it is a {})",
                        g.node(*node).kind.as_str()
                    )
                } else {
                    format!("is in {}", list(&cats))
                };
                format!("No: {} {place}, not {}.", name(*node), name(*category))
            }
        }
        (
            Reading::HasEdge {
                source,
                wording,
                target,
                ..
            },
            Answer::Verdict { holds, evidence },
        ) => {
            if *holds {
                format!("Yes: {}", facts(g, evidence))
            } else {
                format!(
                    "No: the map has no edge saying {} {wording} {}.",
                    name(*source),
                    name(*target)
                )
            }
        }
        (_, Answer::Node { node, edges }) => describe(g, *node, edges),
        (
            _,
            Answer::Members {
                category, services, ..
            },
        ) => {
            let names: Vec<String> = services.iter().map(|n| name(*n)).collect();
            if names.is_empty() {
                format!("{} has no services.", name(*category))
            } else {
                format!(
                    "{} has {}: {}.",
                    name(*category),
                    plural(names.len(), "service"),
                    list(&names)
                )
            }
        }
        (_, Answer::Nodes(nodes)) => {
            let names: Vec<String> = nodes.iter().map(|n| name(*n)).collect();
            match names.len() {
                0 => "The map has no categories.".to_owned(),
                1 => format!("There is 1 category: {}.", names[0]),
                n => format!("There are {n} categories: {}.", list(&names)),
            }
        }
        (Reading::Largest { fewest }, Answer::Ranking(top)) => {
            let Some((_, n)) = top.first() else {
                return "The map has no categories.".to_owned();
            };
            let names: Vec<String> = top.iter().map(|(c, _)| name(*c)).collect();
            let most = if *fewest { "fewest" } else { "most" };
            let verb = if names.len() == 1 { "has" } else { "have" };
            let each = if names.len() == 1 { "" } else { " each" };
            format!(
                "{} {verb} the {most} services: {}{each}.",
                list(&names),
                plural(*n, "service")
            )
        }
        (_, Answer::Ranking(top)) => {
            let Some((_, n)) = top.first() else {
                return "The map has no relations.".to_owned();
            };
            let names: Vec<String> = top.iter().map(|(c, _)| name(*c)).collect();
            let (verb, each) = if names.len() == 1 {
                ("is", "")
            } else {
                ("are", " each")
            };
            format!(
                "{} {verb} the most connected, with {}{each}.",
                list(&names),
                plural(*n, "relation")
            )
        }
        (
            Reading::Path { from, to },
            Answer::Paths {
                paths,
                via_categories,
            },
        ) => {
            let Some(path) = paths.first() else {
                return format!(
                    "{} and {} are not connected in the map.",
                    name(*from),
                    name(*to)
                );
            };
            let steps: Vec<String> = path.edges.iter().map(|e| fact(g, *e)).collect();
            let route = format!("{}: {}.", plural(path.hops(), "hop"), steps.join("; "));
            if *via_categories {
                format!(
                    "No path of relations joins {} and {}; through categories, {route}",
                    name(*from),
                    name(*to)
                )
            } else {
                route
            }
        }
        (Reading::Impact { node }, Answer::Reached { nodes, .. }) => {
            let names: Vec<String> = nodes.iter().map(|n| name(*n)).collect();
            if names.is_empty() {
                format!("Nothing in the map depends on {}.", name(*node))
            } else {
                format!(
                    "If {} is down, {} depend on it, directly or not: {}.",
                    name(*node),
                    plural(names.len(), "node"),
                    list(&names)
                )
            }
        }
        (_, Answer::Reached { nodes, .. }) => {
            let subject = match reading {
                Reading::Needs { node } => name(*node),
                _ => String::new(),
            };
            let names: Vec<String> = nodes.iter().map(|n| name(*n)).collect();
            if names.is_empty() {
                format!("{subject} depends on nothing in the map.")
            } else {
                format!(
                    "{subject} depends on {}, directly or not: {}.",
                    plural(names.len(), "node"),
                    list(&names)
                )
            }
        }
        (Reading::Kinds, Answer::Tally(kinds)) => {
            let parts: Vec<String> = kinds
                .iter()
                .map(|(k, n)| plural(*n, &k.to_lowercase()))
                .collect();
            format!(
                "The map knows {}: {}.",
                plural(kinds.len(), "kind of node"),
                list(&parts)
            )
        }
        (_, Answer::Tally(relations)) => {
            let parts: Vec<String> = relations
                .iter()
                .map(|(r, n)| format!("{r} ({})", plural(*n, "edge")))
                .collect();
            if parts.is_empty() {
                "The map has no relations.".to_owned()
            } else {
                format!(
                    "The map has {}: {}.",
                    plural(parts.len(), "relation"),
                    list(&parts)
                )
            }
        }
        (_, Answer::Count { count, .. }) => format!("{count}."),
        (_, Answer::Verdict { holds, .. }) => (if *holds { "Yes." } else { "No." }).to_owned(),
        (_, Answer::Paths { .. }) => "No path.".to_owned(),
    }
}

/// Facts of a relation reading, or what the node has instead.
fn edges_sentence(
    g: &KnowledgeGraph,
    reading: &Reading,
    edges: &[EdgeRef],
    fallback: bool,
) -> String {
    let name = |n: NodeRef| g.node(n).name.clone();
    let (anchor, wording) = match reading {
        Reading::Incoming {
            target, wording, ..
        } => (Some(*target), Some(wording.as_str())),
        Reading::Outgoing {
            source, wording, ..
        } => (Some(*source), Some(wording.as_str())),
        Reading::Related { node } | Reading::CategoryOf { node } => (Some(*node), None),
        Reading::Filter {
            category, wording, ..
        } => (Some(*category), Some(wording.as_str())),
        _ => (None, None),
    };
    if edges.is_empty() {
        return match (reading, anchor, wording) {
            (Reading::CategoryOf { node }, _, _) => format!(
                "{} is in no category; it is a {}.",
                name(*node),
                g.node(*node).kind.as_str()
            ),
            (Reading::Related { node }, _, _) => format!("{} is related to nothing.", name(*node)),
            (Reading::Filter { category, .. }, _, Some(w)) => {
                format!(
                    "No service of {} has a `{w}` relation like that.",
                    name(*category)
                )
            }
            (_, Some(a), Some(w)) => format!("The map has no `{w}` relation at {}.", name(a)),
            _ => "Nothing in the map answers that.".to_owned(),
        };
    }
    if let Reading::CategoryOf { node } = reading {
        let cats: Vec<String> = edges.iter().map(|e| name(g.edge(*e).source)).collect();
        return format!("{} is in {}.", name(*node), list(&dedup(cats)));
    }
    let said = facts(g, edges);
    match (fallback, anchor, wording) {
        (true, Some(a), Some(w)) => format!(
            "{} has no `{w}` relation; {}",
            name(a),
            lower_first(&said, g, a)
        ),
        _ => said,
    }
}

/// `it offers ...` after a semicolon, keeping names as written.
fn lower_first(said: &str, g: &KnowledgeGraph, anchor: NodeRef) -> String {
    let name = &g.node(anchor).name;
    match said.strip_prefix(name.as_str()) {
        Some(rest) if !rest.starts_with(';') => format!("it{rest}"),
        _ => said.to_owned(),
    }
}

/// What a node is, does and where it sits.
fn describe(g: &KnowledgeGraph, node: NodeRef, edges: &[EdgeRef]) -> String {
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

fn strip_subject(said: &str, subject: &str) -> String {
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
fn fact(g: &KnowledgeGraph, e: EdgeRef) -> String {
    let edge = g.edge(e);
    format!(
        "{} {} {}",
        g.node(edge.source).name,
        verb(g, edge.kind),
        g.node(edge.target).name
    )
}

fn verb(g: &KnowledgeGraph, kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Membership => "has the service".to_owned(),
        EdgeKind::Relation(_) => g.edge_label(kind).to_owned(),
    }
}

fn article(word: &str) -> &'static str {
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

fn dedup(mut names: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    names
}

//! An answer said in plain sentences, from the typed answer itself: every
//! fact is one of the answer's edges, said in its stored direction.

use super::answer::{Answer, Reading};
use super::facts::{dedup, describe, fact, facts, list, plural};
use crate::graph::{EdgeRef, KnowledgeGraph, NodeKind, NodeRef};

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
        (Reading::IsKind { node, kind }, Answer::Verdict { holds, .. }) => {
            let is = g.node(*node).kind.as_str();
            let article = if is.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            if *holds {
                format!("Yes: {} is a {}.", name(*node), kind.as_str())
            } else {
                format!("No: {} is {article} {is}.", name(*node))
            }
        }
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
            format!("{} {verb} the {most} services: {n}{each}.", list(&names))
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

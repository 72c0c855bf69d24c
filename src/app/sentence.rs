//! An answer said in one plain sentence, from the typed answer itself.

use super::answer::{Answer, Reading};
use super::ask::is_relation;
use crate::graph::{KnowledgeGraph, NodeRef};

/// One plain sentence saying what `answer` holds.
pub fn sentence(g: &KnowledgeGraph, reading: &Reading, answer: &Answer) -> String {
    let name = |n: NodeRef| g.node(n).name.as_str();
    let names = |nodes: &mut dyn Iterator<Item = NodeRef>| {
        let names: Vec<&str> = nodes.map(name).collect();
        list(&dedup(names))
    };
    match (reading, answer) {
        (Reading::Incoming { relation, target }, Answer::Edges(edges)) => {
            if edges.is_empty() {
                return "No edge matches the question.".to_owned();
            }
            // The far end of each edge; a symmetric relation may be stored
            // either way round.
            let others: Vec<&str> = edges
                .iter()
                .map(|e| g.edge(*e))
                .map(|e| {
                    if e.source == *target {
                        e.target
                    } else {
                        e.source
                    }
                })
                .map(name)
                .collect();
            let others = dedup(others);
            let passive = g
                .relation_term(relation)
                .is_some_and(|(_, inverse)| inverse);
            let verb = match (passive, others.len()) {
                (false, _) => "",
                (true, 1) => "is ",
                (true, _) => "are ",
            };
            format!("{} {verb}{relation} {}.", list(&others), name(*target))
        }
        (Reading::Outgoing { source, relation }, Answer::Edges(edges)) => {
            if edges.is_empty() {
                return "No edge matches the question.".to_owned();
            }
            let mut others = edges.iter().map(|e| g.edge(*e)).map(|e| {
                if e.source == *source {
                    e.target
                } else {
                    e.source
                }
            });
            format!("{} {relation} {}.", name(*source), names(&mut others))
        }
        (_, Answer::Edges(_)) => "No edge matches the question.".to_owned(),
        (_, Answer::Members { category, services }) => format!(
            "{} has {}: {}.",
            name(*category),
            count(services.len(), "service"),
            names(&mut services.iter().copied())
        ),
        (Reading::Category { .. }, Answer::Node(node)) => {
            let mut categories = g.categories_of(*node).peekable();
            if categories.peek().is_none() {
                format!(
                    "{} is in no category; it is a {}.",
                    name(*node),
                    g.node(*node).kind.as_str()
                )
            } else {
                format!("{} is in {}.", name(*node), names(&mut categories))
            }
        }
        (_, Answer::Node(node)) => {
            let mut categories = g.categories_of(*node).peekable();
            let place = if categories.peek().is_none() {
                String::new()
            } else {
                format!(" in {}", names(&mut categories))
            };
            let outgoing = g.outgoing(*node).filter(|e| is_relation(e.kind)).count();
            let incoming = g.incoming(*node).filter(|e| is_relation(e.kind)).count();
            format!(
                "{} is a {}{place} with {outgoing} outgoing and {incoming} incoming {}.",
                name(*node),
                g.node(*node).kind.as_str(),
                if incoming == 1 {
                    "relation"
                } else {
                    "relations"
                }
            )
        }
        (_, Answer::Neighbourhood(sub)) => {
            let start = sub.nodes.first().map(|n| name(*n)).unwrap_or_default();
            let others = &sub.nodes[sub.nodes.len().min(1)..];
            if others.is_empty() {
                return format!("{start} is related to nothing.");
            }
            format!(
                "{start} is related to {}: {}.",
                count(others.len(), "node"),
                names(&mut others.iter().copied())
            )
        }
        (_, Answer::Paths(paths)) => {
            let Some(path) = paths.first() else {
                return "No path.".to_owned();
            };
            let steps: Vec<String> = path
                .edges
                .iter()
                .map(|e| {
                    let e = g.edge(*e);
                    format!(
                        "{} {} {}",
                        name(e.source),
                        g.edge_label(e.kind),
                        name(e.target)
                    )
                })
                .collect();
            format!("{}: {}.", count(path.hops(), "hop"), steps.join("; "))
        }
    }
}

/// `1 service`, `2 services`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn dedup(mut names: Vec<&str>) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
}

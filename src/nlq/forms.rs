//! The families of question, each with an example made from the graph at
//! hand, and the nearest of them to a question that fits none.

use super::mentions::{Found, Mentions};
use super::reading::Closest;
use super::wordings::Wordings;
use crate::graph::{EdgeKind, KnowledgeGraph, NodeKind, NodeRef};
use crate::matcher::closest_words;

/// Every family with an example in placeholders, for a reply that has no
/// graph at hand (examples from a graph: [`forms`]).
pub const FAMILIES: &[(&str, &str)] = &[
    ("what does X <relation>", "what does X use"),
    ("what <relation> X", "what uses X"),
    ("does X <relation> Y", "does X use Y"),
    ("how are X and Y connected", "how are X and Y connected"),
    ("what fails if X is down", "what fails if X is down"),
    ("tell me about X", "tell me about X"),
    ("which services are in C", "which services are in C"),
    ("which category is X in", "which category is X in"),
    ("is X in C", "is X in C"),
    ("what categories are there", "what categories are there"),
    (
        "which category has the most services",
        "which category has the most services",
    ),
    ("how many services are there", "how many services are there"),
    ("what relations exist", "what relations exist"),
];

/// A family of question and an example of it on this graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub form: &'static str,
    pub example: String,
}

/// Every family, with examples from `g` (those it has the nodes for).
pub fn forms(g: &KnowledgeGraph) -> Vec<Form> {
    let name = |n: NodeRef| g.node(n).name.clone();
    let edge = g
        .edges()
        .find(|e| matches!(e.kind, EdgeKind::Relation(r) if !g.is_symmetric(r)));
    let membership = g.edges().find(|e| e.kind == EdgeKind::Membership);
    let mut out = Vec::new();
    let mut add = |form: &'static str, example: String| out.push(Form { form, example });
    if let Some(e) = edge {
        let label = g.edge_label(e.kind);
        add(
            "what does X <relation>",
            format!("what does {} {}", name(e.source), base_form(label)),
        );
        add(
            "what <relation> X",
            format!("what {label} {}", name(e.target)),
        );
        add(
            "does X <relation> Y",
            format!(
                "does {} {} {}",
                name(e.source),
                base_form(label),
                name(e.target)
            ),
        );
        add(
            "how are X and Y connected",
            format!(
                "how are {} and {} connected",
                name(e.source),
                name(e.target)
            ),
        );
        add(
            "what fails if X is down",
            format!("what fails if {} is down", name(e.target)),
        );
        add(
            "tell me about X",
            format!("tell me about {}", name(e.source)),
        );
    }
    if let Some(m) = membership {
        add(
            "which services are in C",
            format!("which services are in {}", name(m.source)),
        );
        add(
            "which category is X in",
            format!("which category is {} in", name(m.target)),
        );
        add(
            "is X in C",
            format!("is {} in {}", name(m.target), name(m.source)),
        );
    }
    if g.count_kind(NodeKind::Category) > 0 {
        add(
            "what categories are there",
            "what categories are there".to_owned(),
        );
        add(
            "which category has the most services",
            "which category has the most services".to_owned(),
        );
    }
    add(
        "how many services are there",
        "how many services are there".to_owned(),
    );
    add("what relations exist", "what relations exist".to_owned());
    out
}

/// `uses` -> `use`, `integrates with` -> `integrate with`: a label after `does`.
pub fn base_form(label: &str) -> String {
    let mut words: Vec<String> = label.split(' ').map(str::to_owned).collect();
    if let Some(first) = words.first_mut() {
        if let Some(stem) = first.strip_suffix("es").filter(|s| {
            s.ends_with("ss") || s.ends_with("sh") || s.ends_with("ch") || s.ends_with('x')
        }) {
            *first = stem.to_owned();
        } else if let Some(stem) = first.strip_suffix('s').filter(|s| !s.ends_with('s')) {
            *first = stem.to_owned();
        }
    }
    words.join(" ")
}

/// The questions in the nearest forms to one that fits none, best first:
/// built from the names it does mention and the relation its unknown
/// words come closest to. The caller keeps the first that is answered.
pub fn nearest(g: &KnowledgeGraph, wordings: &Wordings, m: &Mentions) -> Vec<Closest> {
    let nodes: Vec<(NodeRef, usize)> = m
        .nodes
        .iter()
        .filter_map(|n| match n.found {
            Found::Node(node) => Some((node, n.start)),
            _ => None,
        })
        .collect();
    let name = |n: NodeRef| g.node(n).name.clone();
    let mut out = Vec::new();
    let mut add = |form: &'static str, rewritten: String| out.push(Closest { form, rewritten });
    match nodes[..] {
        [] => {
            add(
                "what categories are there",
                "what categories are there".to_owned(),
            );
            add(
                "how many services are there",
                "how many services are there".to_owned(),
            );
        }
        [(node, at)] => {
            let unknown = m.unknown.join(" ");
            let texts = wordings.all().iter().map(|w| w.text.as_str());
            let typed_after = m
                .tokens
                .iter()
                .position(|t| m.unknown.first() == Some(t))
                .is_some_and(|u| u > at);
            let about_the_map = !m.out_of_scope && !m.has("much");
            let closest = closest_words(&unknown, texts, 0.85, 1);
            if let Some(wording) = closest.first().filter(|_| about_the_map) {
                if typed_after {
                    add(
                        "what does X <relation>",
                        format!("what does {} {}", name(node), base_form(wording)),
                    );
                } else {
                    add(
                        "what <relation> X",
                        format!("what {wording} {}", name(node)),
                    );
                }
            }
            if g.node(node).kind == NodeKind::Category {
                add(
                    "which services are in C",
                    format!("which services are in {}", name(node)),
                );
            }
            add("tell me about X", format!("tell me about {}", name(node)));
        }
        [(a, _), (b, _), ..] => {
            add(
                "how are X and Y connected",
                format!("how are {} and {} connected", name(a), name(b)),
            );
        }
    }
    out
}

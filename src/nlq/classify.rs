//! From mentions to a reading: the cue words decide the family, the
//! mentions fill it, and the order of node and relation decides which
//! end of the relation is asked for.

use super::mentions::{Found, Mentions, NodeMention, RelationMention};
use super::reading::{Reading, Unread};
use super::wordings::Term;
use crate::graph::{KnowledgeGraph, NodeKind, NodeRef};

const AUX: &[&str] = &[
    "does", "do", "is", "are", "can", "did", "was", "were", "has", "have",
];
const IMPACT: &[&str] = &[
    "fail",
    "fails",
    "failed",
    "break",
    "breaks",
    "broke",
    "down",
    "outage",
    "affected",
    "impacted",
    "impact",
    "stops",
    "stop",
    "dependents",
    "dependent",
];
const TRANSITIVE: &[&str] = &[
    "indirectly",
    "transitively",
    "ultimately",
    "dependencies",
    "dependency",
];
const RELATED: &[&str] = &[
    "related",
    "connected",
    "linked",
    "associated",
    "neighbours",
    "neighbors",
    "neighbour",
    "neighbor",
    "around",
    "connections",
];
const DESCRIBE: &[&str] = &[
    "tell",
    "describe",
    "explain",
    "info",
    "information",
    "details",
    "detail",
];
const PATH: &[&str] = &["path", "paths", "route", "way", "between", "reach", "hops"];
const SUPERLATIVE_MOST: &[&str] = &["most", "biggest", "largest", "greatest", "top"];
const SUPERLATIVE_LEAST: &[&str] = &["fewest", "least", "smallest"];
const CATEGORY_WORDS: &[&str] = &["category", "categories", "group", "groups"];
const PLACE: &[&str] = &[
    "sit", "sits", "live", "lives", "fall", "falls", "belong", "belongs",
];

/// The reading of a question's mentions.
pub fn classify(g: &KnowledgeGraph, m: &Mentions) -> Result<Reading, Unread> {
    let unreadable = || Unread::Unreadable {
        unknown: m.unknown.clone(),
        closest: None,
    };
    if m.out_of_scope || (m.has("how") && m.has("much")) {
        return Err(unreadable());
    }
    let is_category = |n: NodeRef| g.node(n).kind == NodeKind::Category;
    let categoryish = m.has_any(&["services", "service", "category", "in", "have", "has"]);
    // Resolve what can be resolved; a name right after `what` or `which`
    // that names nothing clearly is a noun (`what apps does ...`).
    let mut nodes: Vec<(NodeRef, &NodeMention)> = Vec::new();
    let mut problems: Vec<&NodeMention> = Vec::new();
    for mention in &m.nodes {
        match &mention.found {
            Found::Node(n) => nodes.push((*n, mention)),
            Found::Ambiguous(c)
                if categoryish && c.iter().filter(|n| is_category(**n)).count() == 1 =>
            {
                let n = c.iter().copied().find(|n| is_category(*n)).unwrap_or(c[0]);
                nodes.push((n, mention));
            }
            _ => problems.push(mention),
        }
    }
    nodes.dedup_by_key(|(n, _)| *n);
    problems.retain(|p| {
        let after_wh = p.start > 0 && matches!(m.tokens[p.start - 1].as_str(), "what" | "which");
        let before_aux = m
            .tokens
            .get(p.end)
            .is_some_and(|t| AUX.contains(&t.as_str()));
        !(after_wh && before_aux && !nodes.is_empty())
    });
    if let Some(p) = problems
        .iter()
        .find(|p| matches!(p.found, Found::Ambiguous(_)))
    {
        let Found::Ambiguous(candidates) = &p.found else {
            unreachable!()
        };
        return Err(Unread::Ambiguous {
            text: p.text.clone(),
            candidates: candidates.clone(),
            rewritten: Vec::new(),
        });
    }
    if !problems.is_empty() {
        let text = problems
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let shaped = !m.relations.is_empty() || m.has_any(DESCRIBE) || m.has("is") || m.has("are");
        return Err(if nodes.is_empty() && shaped && problems.len() == 1 {
            Unread::NotFound {
                text,
                suggestions: Vec::new(),
            }
        } else {
            unreadable()
        });
    }
    let first = m.tokens.first().map(String::as_str).unwrap_or("");
    let aux = AUX.contains(&first);
    let count =
        (m.has("how") && m.has("many")) || m.has("number") || first == "count" || m.has("total");
    let relation = m.relations.first();
    let kind = kind_word(m);

    if nodes.is_empty() {
        if m.has_any(SUPERLATIVE_MOST) || m.has_any(SUPERLATIVE_LEAST) {
            let fewest = m.has_any(SUPERLATIVE_LEAST);
            let connected = m.has_any(&[
                "connected",
                "connections",
                "relations",
                "links",
                "edges",
                "relationships",
            ]) || m.relations.iter().any(|r| r.wording.starts_with("connect"));
            if connected {
                return Ok(Reading::MostConnected { kind });
            }
            if m.has_any(CATEGORY_WORDS) {
                return Ok(Reading::Largest { fewest });
            }
        }
        if m.has_any(&[
            "relations",
            "relationships",
            "relation",
            "relationship",
            "edges",
        ]) {
            return Ok(Reading::Relations);
        }
        if m.has_any(&["kinds", "types", "kind", "type"]) {
            return Ok(Reading::Kinds);
        }
        if m.has("categories") && !count {
            return Ok(Reading::Categories);
        }
        if count {
            return Ok(Reading::CountKind { kind });
        }
        return Err(unreadable());
    }

    let (node, mention) = nodes[0];
    let wrap = |r: Reading| {
        if count {
            Reading::Count(Box::new(r))
        } else {
            r
        }
    };
    // Dependencies, directly or not.
    if nodes.len() == 1 {
        let transitive = m.has_any(TRANSITIVE) || (m.has("directly") && m.has("or"));
        let depends = relation.is_some_and(|r| {
            r.terms
                .iter()
                .all(|t| super::lexicon::source_depends(&g.relation(t.relation).label) != t.inverse)
        });
        if m.has_any(IMPACT) && !(m.has("dependencies") || m.has("dependency")) {
            return Ok(Reading::Impact { node });
        }
        if transitive && (depends || relation.is_none()) {
            let before = relation.is_none_or(|r| mention.start < r.start);
            return Ok(if before && !m.has("dependents") {
                Reading::Needs { node }
            } else {
                Reading::Impact { node }
            });
        }
        if m.has_any(SUPERLATIVE_MOST) && m.has_any(&["connected", "connections", "relations"]) {
            return Ok(Reading::MostConnected { kind });
        }
    }
    if nodes.len() >= 2 {
        let (other, other_mention) = nodes[1];
        let (cat, member) = match (is_category(node), is_category(other)) {
            (true, false) => (Some(node), other),
            (false, true) => (Some(other), node),
            _ => (None, node),
        };
        if let Some(category) = cat {
            let membership = relation.is_none_or(|r| is_membership_wording(g, r));
            if membership && (aux || m.has("is")) {
                return Ok(Reading::InCategory {
                    node: member,
                    category,
                });
            }
            if let Some(r) = relation.filter(|_| !membership) {
                return Ok(wrap(Reading::Filter {
                    category,
                    terms: r.terms.clone(),
                    wording: r.wording.clone(),
                    other: Some(member),
                }));
            }
        }
        if aux
            && !m.has("there")
            && let Some(r) = relation
        {
            let (source, target) = if mention.start < other_mention.start {
                (node, other)
            } else {
                (other, node)
            };
            return Ok(Reading::HasEdge {
                source,
                terms: r.terms.clone(),
                wording: r.wording.clone(),
                target,
            });
        }
        let (from, to) = if mention.start < other_mention.start {
            (node, other)
        } else {
            (other, node)
        };
        return Ok(Reading::Path { from, to });
    }
    // One node from here on.
    if m.has_any(PATH) && !is_category(node) {
        return Err(unreadable());
    }
    if is_category(node) {
        if m.has_any(SUPERLATIVE_MOST) || m.has_any(SUPERLATIVE_LEAST) {
            return Err(unreadable());
        }
        if let Some(r) = relation.filter(|r| !is_membership_wording(g, r)) {
            return Ok(wrap(Reading::Filter {
                category: node,
                terms: r.terms.clone(),
                wording: r.wording.clone(),
                other: None,
            }));
        }
        if count {
            return Ok(Reading::Count(Box::new(Reading::Members {
                category: node,
            })));
        }
        if m.has_any(RELATED) {
            return Ok(Reading::Members { category: node });
        }
        let listing = m.has_any(&["are", "in", "list", "show", "which", "every", "all"]);
        if m.has_any(DESCRIBE) || (m.has("is") && !listing) {
            return Ok(Reading::Describe { node });
        }
        return Ok(Reading::Members { category: node });
    }
    // `is Vision a service`: the question ends with the kind.
    let last = m.tokens.last().map(String::as_str).unwrap_or_default();
    if aux && relation.is_none() && matches!(last, "service" | "concept" | "category") {
        let kind = NodeKind::parse(last).unwrap_or(NodeKind::Service);
        return Ok(Reading::IsKind { node, kind });
    }
    if m.has_any(CATEGORY_WORDS)
        || (m.has_any(PLACE) && relation.is_none_or(|r| is_membership_wording(g, r)))
        || m.has("where")
    {
        return Ok(Reading::CategoryOf { node });
    }
    // `what is connected to X`, `everything linked to X`: related,
    // whatever the relation is called.
    let passive_related = relation.is_some_and(|r| {
        matches!(
            m.tokens[r.start].as_str(),
            "connected" | "linked" | "related"
        ) && matches!(
            m.tokens.get(r.start + 1).map(String::as_str),
            Some("to" | "with")
        )
    });
    if passive_related {
        return Ok(wrap(Reading::Related { node }));
    }
    if let Some(r) = relation {
        let reading = if mention.start < r.start {
            Reading::Outgoing {
                source: node,
                terms: r.terms.clone(),
                wording: r.wording.clone(),
            }
        } else {
            Reading::Incoming {
                target: node,
                terms: r.terms.clone(),
                wording: r.wording.clone(),
            }
        };
        return Ok(wrap(reading));
    }
    if m.has_any(RELATED) {
        return Ok(wrap(Reading::Related { node }));
    }
    if count {
        return Err(unreadable());
    }
    Ok(Reading::Describe { node })
}

/// `part of`, `belong to`, `in`: wordings that, towards a category, mean
/// membership.
fn is_membership_wording(g: &KnowledgeGraph, r: &RelationMention) -> bool {
    let membership = [
        "part of",
        "belong to",
        "member of",
        "include",
        "contain",
        "included in",
    ];
    membership.contains(&r.wording.as_str())
        || r.terms.iter().all(|t: &Term| {
            let label = &g.relation(t.relation).label;
            label == "part of" || label == "includes"
        })
}

/// The kind a question counts or ranks: `services`, `concepts`, `categories`.
fn kind_word(m: &Mentions) -> Option<NodeKind> {
    if m.has_any(&["services", "service"]) {
        Some(NodeKind::Service)
    } else if m.has_any(&["concepts", "concept"]) {
        Some(NodeKind::Concept)
    } else if m.has_any(&["categories", "category"]) {
        Some(NodeKind::Category)
    } else {
        None
    }
}

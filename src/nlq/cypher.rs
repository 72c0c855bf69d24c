//! Readings as Cypher: the query each reading runs, in the text the query
//! console takes, so an answer's interpretation is a query anyone can run.

use std::fmt::Write as _;

use super::lexicon::source_depends;
use super::reading::Reading;
use super::wordings::{Term, inverse_wording, type_name};
use crate::graph::{KnowledgeGraph, NodeKind, NodeRef};

/// How deep dependency walks and path searches go.
pub const MAX_HOPS: usize = 8;
const NOT_MEMBERSHIP: &str = "type(r) <> 'HAS_SERVICE'";

/// The query that answers `reading`.
pub fn query(g: &KnowledgeGraph, reading: &Reading) -> String {
    let id = |n: NodeRef| node(g, n);
    match reading {
        Reading::Incoming { target, terms, .. } => {
            format!(
                "MATCH (n){}(t {}) RETURN n, r",
                rel(g, "r", terms),
                id(*target)
            )
        }
        Reading::Outgoing { source, terms, .. } => {
            format!(
                "MATCH (s {}){}(n) RETURN n, r",
                id(*source),
                rel(g, "r", terms)
            )
        }
        Reading::HasEdge {
            source,
            terms,
            target,
            ..
        } => format!(
            "MATCH (a {}){}(b {}) RETURN r",
            id(*source),
            rel(g, "r", terms),
            id(*target)
        ),
        Reading::Filter {
            category,
            terms,
            other,
            ..
        } => format!(
            "MATCH (c:Category {})-[:HAS_SERVICE]->(s){}(o{}) RETURN s, r",
            id(*category),
            rel(g, "r", terms),
            other.map(|o| format!(" {}", id(o))).unwrap_or_default()
        ),
        Reading::Describe { node } => format!("MATCH (n {})-[r]-(m) RETURN m, r", id(*node)),
        Reading::Related { node } => format!(
            "MATCH (n {})-[r]-(m) WHERE {NOT_MEMBERSHIP} RETURN m, r",
            id(*node)
        ),
        Reading::Members { category } => format!(
            "MATCH (c:Category {})-[r:HAS_SERVICE]->(s) RETURN s, r",
            id(*category)
        ),
        Reading::CategoryOf { node } => format!(
            "MATCH (c:Category)-[r:HAS_SERVICE]->(n {}) RETURN c, r",
            id(*node)
        ),
        Reading::InCategory { node, category } => format!(
            "MATCH (c:Category {})-[r:HAS_SERVICE]->(n {}) RETURN r",
            id(*category),
            id(*node)
        ),
        Reading::IsKind { node, kind } => {
            format!("MATCH (n{} {}) RETURN n", label(Some(*kind)), id(*node))
        }
        Reading::Categories => "MATCH (c:Category) RETURN c".to_owned(),
        Reading::CountKind { kind } => {
            format!("MATCH (n{}) RETURN count(n) AS count", label(*kind))
        }
        Reading::Count(inner) => query(g, inner),
        Reading::Largest { fewest } => format!(
            "MATCH (c:Category) OPTIONAL MATCH (c)-[r:HAS_SERVICE]->() RETURN c, count(r) AS services ORDER BY services{}",
            if *fewest { "" } else { " DESC" }
        ),
        Reading::MostConnected { kind } => format!(
            "MATCH (n{})-[r]-() WHERE {NOT_MEMBERSHIP} RETURN n, count(r) AS relations ORDER BY relations DESC LIMIT 10",
            label(*kind)
        ),
        Reading::Path { from, to } => path(g, *from, *to, false),
        Reading::Impact { node } => dependencies(g, *node, false),
        Reading::Needs { node } => dependencies(g, *node, true),
        Reading::Relations => format!(
            "MATCH ()-[r]->() WHERE {NOT_MEMBERSHIP} RETURN type(r) AS relation, count(r) AS edges ORDER BY edges DESC"
        ),
        Reading::Kinds => {
            "MATCH (n) RETURN labels(n)[0] AS kind, count(n) AS nodes ORDER BY nodes DESC"
                .to_owned()
        }
    }
}

/// For a relation reading with no answer: the same end's edges of any
/// relation, so the answer can say what the node does have.
pub fn fallback(g: &KnowledgeGraph, reading: &Reading) -> Option<String> {
    let (anchor, terms, from_anchor) = match reading {
        Reading::Incoming { target, terms, .. } => (*target, terms, false),
        Reading::Outgoing { source, terms, .. } => (*source, terms, true),
        _ => return None,
    };
    let first = terms.first()?;
    let symmetric = g.is_symmetric(first.relation);
    // Stored direction: written from the anchor, unless inverse.
    let outward = from_anchor != first.inverse;
    let pattern = match (symmetric, outward) {
        (true, _) => "-[r]-",
        (false, true) => "-[r]->",
        (false, false) => "<-[r]-",
    };
    Some(format!(
        "MATCH (x {}){pattern}(n) WHERE {NOT_MEMBERSHIP} RETURN n, r",
        node(g, anchor)
    ))
}

/// The shortest path between two nodes, over relations only or also
/// through category memberships.
pub fn path(g: &KnowledgeGraph, from: NodeRef, to: NodeRef, via_categories: bool) -> String {
    let types = if via_categories {
        String::new()
    } else {
        let names: Vec<String> = g.relations().map(|(_, r)| quoted(&r.label)).collect();
        format!(":{}", names.join("|"))
    };
    format!(
        "MATCH p = shortestPath((a {})-[{types}*..{MAX_HOPS}]-(b {})) RETURN p",
        node(g, from),
        node(g, to)
    )
}

/// Everything reached from `x` along dependencies: what depends on it, or
/// with `needs` what it depends on.
fn dependencies(g: &KnowledgeGraph, x: NodeRef, needs: bool) -> String {
    let mut types = Vec::new();
    for (relation, r) in g.relations() {
        if g.is_symmetric(relation) {
            continue;
        }
        // From the dependency to its dependent: against `uses`, along `hosts`.
        let against = source_depends(&r.label) != needs;
        let term = Term {
            relation,
            inverse: against,
        };
        if !against || inverse_wording(g, relation).is_some() {
            types.push(quoted(type_name(g, term)));
        }
    }
    if types.is_empty() {
        return format!("MATCH (x {}) RETURN x LIMIT 0", node(g, x));
    }
    format!(
        "MATCH (x {})-[rs:{}*1..{MAX_HOPS}]->(d) RETURN DISTINCT d, last(rs) AS via",
        node(g, x),
        types.join("|")
    )
}

/// `-[r:`uses`|`hosts`]->`, undirected when every relation is symmetric.
fn rel(g: &KnowledgeGraph, var: &str, terms: &[Term]) -> String {
    let mut out = format!("-[{var}");
    for (i, t) in terms.iter().enumerate() {
        out.push(if i == 0 { ':' } else { '|' });
        out.push_str(&quoted(type_name(g, *t)));
    }
    let symmetric = terms.iter().all(|t| g.is_symmetric(t.relation));
    out.push_str(if symmetric { "]-" } else { "]->" });
    out
}

fn label(kind: Option<NodeKind>) -> String {
    kind.map(|k| format!(":{}", crate::cypher::expr::label_name(k)))
        .unwrap_or_default()
}

/// `{id: '...'}` of a node.
fn node(g: &KnowledgeGraph, n: NodeRef) -> String {
    let mut out = String::from("{id: '");
    for c in g.node(n).id.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    let _ = write!(out, "'}}");
    out
}

/// A relationship type in backquotes.
fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

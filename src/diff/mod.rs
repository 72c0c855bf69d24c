//! What changed between two snapshots: nodes added, removed, renamed or
//! moved between categories; relation edges added and removed; aliases and
//! vocabulary wordings; diagnostics new and resolved. Each change carries
//! its provenance on the side where it exists.
//!
//! Nodes are matched by name first (case and white space ignored), then
//! by id: the same name under a new id, or the same id under a new name,
//! is a rename. Edges are compared with their ends mapped through that
//! matching, so a rename alone does not read as edges removed and added.
//! Diagnostics are compared by document and message, not line, so an edit
//! above one does not read as one resolved and one new.
//!
//! - [`render`]: a diff as text for a terminal, or Markdown for a pull
//!   request.

pub mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::graph::{EdgeKind, KnowledgeGraph, NodeKind, NodeRef};
use crate::snapshot::Snapshot;
use crate::text::name_key;

/// Where something is written: document and line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    pub document: String,
    pub line: Option<usize>,
}

/// A node as one side has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeSide {
    pub id: String,
    pub name: String,
    pub kind: NodeKind,
    pub at: Option<At>,
}

/// How a renamed node was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameBy {
    /// The same id under a new name.
    SameId,
    /// The same name under a new id.
    SameName,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    pub before: NodeSide,
    pub after: NodeSide,
    pub by: RenameBy,
}

/// A node whose categories changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub node: NodeSide,
    pub from: Vec<String>,
    pub to: Vec<String>,
}

/// A relation edge, by its ends' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeSide {
    pub source: String,
    pub relation: String,
    pub target: String,
    pub at: At,
}

/// An alias of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasChange {
    pub node: String,
    pub alias: String,
}

/// A diagnostic, as either side reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagnosticSide {
    pub at: At,
    pub message: String,
}

/// Everything that changed from one snapshot to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    pub from: String,
    pub to: String,
    pub nodes_added: Vec<NodeSide>,
    pub nodes_removed: Vec<NodeSide>,
    pub renamed: Vec<Rename>,
    pub moved: Vec<Move>,
    pub edges_added: Vec<EdgeSide>,
    pub edges_removed: Vec<EdgeSide>,
    pub aliases_added: Vec<AliasChange>,
    pub aliases_removed: Vec<AliasChange>,
    pub vocabulary_added: Vec<String>,
    pub vocabulary_removed: Vec<String>,
    pub diagnostics_new: Vec<DiagnosticSide>,
    pub diagnostics_resolved: Vec<DiagnosticSide>,
}

/// How many changes of each kind, for a one-line summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub nodes_added: usize,
    pub nodes_removed: usize,
    pub renamed: usize,
    pub moved: usize,
    pub edges_added: usize,
    pub edges_removed: usize,
    pub aliases_changed: usize,
    pub vocabulary_changed: usize,
    pub diagnostics_new: usize,
    pub diagnostics_resolved: usize,
}

impl Diff {
    pub fn summary(&self) -> Summary {
        Summary {
            nodes_added: self.nodes_added.len(),
            nodes_removed: self.nodes_removed.len(),
            renamed: self.renamed.len(),
            moved: self.moved.len(),
            edges_added: self.edges_added.len(),
            edges_removed: self.edges_removed.len(),
            aliases_changed: self.aliases_added.len() + self.aliases_removed.len(),
            vocabulary_changed: self.vocabulary_added.len() + self.vocabulary_removed.len(),
            diagnostics_new: self.diagnostics_new.len(),
            diagnostics_resolved: self.diagnostics_resolved.len(),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.summary() == Summary::default()
    }
}

fn at(g: &KnowledgeGraph, node: NodeRef) -> Option<At> {
    g.sources(node).first().map(|p| At {
        document: p.document.to_string(),
        line: Some(p.line),
    })
}

fn side(g: &KnowledgeGraph, node: NodeRef) -> NodeSide {
    let n = g.node(node);
    NodeSide {
        id: n.id.clone(),
        name: n.name.clone(),
        kind: n.kind,
        at: at(g, node),
    }
}

fn categories(g: &KnowledgeGraph, node: NodeRef) -> Vec<String> {
    let names: BTreeSet<String> = g
        .categories_of(node)
        .map(|c| g.node(c).name.clone())
        .collect();
    names.into_iter().collect()
}

/// The diff from `old` to `new`. Linear in the two graphs' sizes.
pub fn diff(old: &Snapshot, new: &Snapshot) -> Diff {
    let (a, b) = (&old.graph, &new.graph);
    let mut d = Diff {
        from: old.version.clone(),
        to: new.version.clone(),
        ..Diff::default()
    };
    // Old node -> new node.
    let mut matched: HashMap<NodeRef, NodeRef> = HashMap::new();
    let mut taken = vec![false; b.node_count()];
    // The same name first, then the same id under another name.
    for (old_ref, n) in a.nodes() {
        if let Some(new_ref) = b.by_name_key(&name_key(&n.name)) {
            taken[new_ref.index()] = true;
            matched.insert(old_ref, new_ref);
        }
    }
    for (old_ref, n) in a.nodes() {
        if matched.contains_key(&old_ref) {
            continue;
        }
        match b.by_id(&n.id).filter(|r| !taken[r.index()]) {
            Some(new_ref) => {
                taken[new_ref.index()] = true;
                matched.insert(old_ref, new_ref);
            }
            None => d.nodes_removed.push(side(a, old_ref)),
        }
    }
    d.nodes_added = b
        .nodes()
        .filter(|(r, _)| !taken[r.index()])
        .map(|(r, _)| side(b, r))
        .collect();
    let mut pairs: Vec<(NodeRef, NodeRef)> = matched.iter().map(|(o, n)| (*o, *n)).collect();
    pairs.sort_by_key(|(o, _)| o.index());
    for &(old_ref, new_ref) in &pairs {
        let (before, after) = (a.node(old_ref), b.node(new_ref));
        if before.id != after.id || before.name != after.name {
            let by = if before.id == after.id {
                RenameBy::SameId
            } else {
                RenameBy::SameName
            };
            d.renamed.push(Rename {
                before: side(a, old_ref),
                after: side(b, new_ref),
                by,
            });
        }
        let (from, to) = (categories(a, old_ref), categories(b, new_ref));
        if from != to && !(from.is_empty() && to.is_empty()) {
            d.moved.push(Move {
                node: side(b, new_ref),
                from,
                to,
            });
        }
        aliases(&before.aliases, &after.aliases, &after.name, &mut d);
    }
    edges(a, b, &matched, &mut d);
    vocabulary(a, b, &mut d);
    diagnostics(old, new, &mut d);
    d
}

fn aliases(before: &[String], after: &[String], node: &str, d: &mut Diff) {
    let keys = |list: &[String]| -> BTreeMap<String, String> {
        list.iter().map(|a| (name_key(a), a.clone())).collect()
    };
    let (old, new) = (keys(before), keys(after));
    let change = |alias: &String| AliasChange {
        node: node.to_owned(),
        alias: alias.clone(),
    };
    d.aliases_added.extend(
        new.iter()
            .filter(|(k, _)| !old.contains_key(*k))
            .map(|(_, a)| change(a)),
    );
    d.aliases_removed.extend(
        old.iter()
            .filter(|(k, _)| !new.contains_key(*k))
            .map(|(_, a)| change(a)),
    );
}

/// Relation edges keyed by (source, relation, target), the ends as indices
/// of the new graph (old ends mapped through the matching; an unmatched old
/// end gets an index past the new graph's).
fn edges(
    a: &KnowledgeGraph,
    b: &KnowledgeGraph,
    matched: &HashMap<NodeRef, NodeRef>,
    d: &mut Diff,
) {
    let edge_side = |g: &KnowledgeGraph, e: &crate::graph::Edge<'_>, relation: &str| EdgeSide {
        source: g.node(e.source).name.clone(),
        relation: relation.to_owned(),
        target: g.node(e.target).name.clone(),
        at: At {
            document: e.provenance.document.to_string(),
            line: Some(e.provenance.line),
        },
    };
    let past = b.node_count();
    let map = |r: NodeRef| matched.get(&r).map_or(past + r.index(), |n| n.index());
    let mut old: BTreeMap<(usize, String, usize), EdgeSide> = BTreeMap::new();
    for e in a.edges() {
        if let EdgeKind::Relation(r) = e.kind {
            let label = a.relation(r).label.clone();
            let side = edge_side(a, &e, &label);
            old.entry((map(e.source), label, map(e.target)))
                .or_insert(side);
        }
    }
    let mut seen = BTreeSet::new();
    for e in b.edges() {
        if let EdgeKind::Relation(r) = e.kind {
            let label = b.relation(r).label.clone();
            let key = (e.source.index(), label.clone(), e.target.index());
            if !old.contains_key(&key) && seen.insert(key) {
                d.edges_added.push(edge_side(b, &e, &label));
            }
            seen.insert((e.source.index(), label, e.target.index()));
        }
    }
    d.edges_removed = old
        .into_iter()
        .filter(|(k, _)| !seen.contains(k))
        .map(|(_, side)| side)
        .collect();
    d.edges_removed.sort_by(|x, y| x.at.cmp(&y.at));
}

fn vocabulary(a: &KnowledgeGraph, b: &KnowledgeGraph, d: &mut Diff) {
    let words = |g: &KnowledgeGraph| -> BTreeSet<String> {
        g.vocabulary()
            .wordings()
            .map(|(wording, active, inverse)| {
                if inverse {
                    format!("{wording} (inverse of {active})")
                } else {
                    wording.to_owned()
                }
            })
            .collect()
    };
    let (old, new) = (words(a), words(b));
    d.vocabulary_added = new.difference(&old).cloned().collect();
    d.vocabulary_removed = old.difference(&new).cloned().collect();
}

fn diagnostics(old: &Snapshot, new: &Snapshot, d: &mut Diff) {
    let key = |x: &crate::diagnostic::Diagnostic| (x.document.clone(), x.message.clone());
    let side = |x: &crate::diagnostic::Diagnostic| DiagnosticSide {
        at: At {
            document: x.document.clone(),
            line: x.line,
        },
        message: x.message.clone(),
    };
    // Multisets: a message twice before and once after is one resolved.
    let mut count: HashMap<(String, String), isize> = HashMap::new();
    for x in &old.diagnostics {
        *count.entry(key(x)).or_default() += 1;
    }
    for x in &new.diagnostics {
        let left = count.entry(key(x)).or_default();
        if *left > 0 {
            *left -= 1;
        } else {
            d.diagnostics_new.push(side(x));
        }
    }
    let mut resolved_left: HashMap<(String, String), isize> = HashMap::new();
    for x in &new.diagnostics {
        *resolved_left.entry(key(x)).or_default() += 1;
    }
    for x in &old.diagnostics {
        let left = resolved_left.entry(key(x)).or_default();
        if *left > 0 {
            *left -= 1;
        } else {
            d.diagnostics_resolved.push(side(x));
        }
    }
}

#[cfg(test)]
mod tests;

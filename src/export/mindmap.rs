//! The selection in servicemap's own input dialect, so that loading the
//! export gives back the same nodes, kinds, memberships and edges.
//!
//! One mindmap per category, its services under the root. Every relation
//! edge is written once, under its source: `:: relation` then the target.
//! A source must first appear somewhere that is not a root, so nodes are
//! placed breadth-first: services under their categories, targets under
//! their sources, and a source with no place yet under its target with the
//! relation's inverse wording (as `Blob Storage / :: used by / Data Lake
//! Storage Gen2` places the latter). Each node's own edges are written at
//! its first place only.

use std::collections::{HashMap, HashSet, VecDeque};

use super::Selection;
use crate::graph::{EdgeKind, EdgeRef, NodeKind, NodeRef};

struct Item {
    node: NodeRef,
    /// The marker before it; `None` under a root.
    relation: Option<String>,
    children: Vec<usize>,
}

pub fn write(selection: &Selection<'_>) -> String {
    let g = selection.graph;
    let vocabulary = g.vocabulary();
    let mut items: Vec<Item> = Vec::new();
    let mut placed: HashMap<NodeRef, usize> = HashMap::new();
    let mut queue = VecDeque::new();
    let mut roots: Vec<(NodeRef, Vec<usize>)> = Vec::new();

    // Roots: the selection's categories and those of its services, so a
    // focus export still has somewhere to start.
    let selected: HashSet<NodeRef> = selection.nodes.iter().copied().collect();
    let mut categories: Vec<NodeRef> = selection
        .nodes
        .iter()
        .flat_map(|n| std::iter::once(*n).chain(g.categories_of(*n)))
        .filter(|n| g.node(*n).kind == NodeKind::Category)
        .collect();
    categories.sort();
    categories.dedup();
    let going = super::Going::default();
    for category in categories.into_iter().take_while(|_| going.on()) {
        let mut children = Vec::new();
        for service in g.members_of(category).filter(|s| selected.contains(s)) {
            items.push(Item {
                node: service,
                relation: None,
                children: Vec::new(),
            });
            let item = items.len() - 1;
            children.push(item);
            if let std::collections::hash_map::Entry::Vacant(slot) = placed.entry(service) {
                slot.insert(item);
                queue.push_back(item);
            }
        }
        roots.push((category, children));
    }

    let mut outgoing: HashMap<NodeRef, Vec<EdgeRef>> = HashMap::new();
    let mut incoming: HashMap<NodeRef, Vec<EdgeRef>> = HashMap::new();
    for e in &selection.edges {
        let edge = g.edge(*e);
        outgoing.entry(edge.source).or_default().push(*e);
        incoming.entry(edge.target).or_default().push(*e);
    }
    let mut written: HashSet<EdgeRef> = HashSet::new();
    let root_index: HashMap<NodeRef, usize> = roots
        .iter()
        .enumerate()
        .map(|(i, (category, _))| (*category, i))
        .collect();
    let (mut from_cursor, mut to_cursor) = (0, 0);
    let label = |e: EdgeRef| match g.edge(e).kind {
        EdgeKind::Relation(r) => g.relation(r).label.clone(),
        EdgeKind::Membership => unreachable!("memberships are not relation edges"),
    };
    loop {
        while let Some(item) = queue.pop_front() {
            let node = items[item].node;
            for &e in outgoing.get(&node).into_iter().flatten() {
                if !written.insert(e) {
                    continue;
                }
                let target = g.edge(e).target;
                items.push(Item {
                    node: target,
                    relation: Some(label(e)),
                    children: Vec::new(),
                });
                let child = items.len() - 1;
                items[item].children.push(child);
                if let std::collections::hash_map::Entry::Vacant(slot) = placed.entry(target) {
                    slot.insert(child);
                    queue.push_back(child);
                }
            }
            for &e in incoming.get(&node).into_iter().flatten() {
                let source = g.edge(e).source;
                let inverse = vocabulary
                    .wording(&label(e))
                    .and_then(|w| w.inverse.clone());
                let (Some(inverse), false) = (inverse, placed.contains_key(&source)) else {
                    continue;
                };
                written.insert(e);
                items.push(Item {
                    node: source,
                    relation: Some(inverse),
                    children: Vec::new(),
                });
                let child = items.len() - 1;
                items[item].children.push(child);
                placed.insert(source, child);
                queue.push_back(child);
            }
        }
        // A category's own relations need a place that is not its root: as
        // in the documents, under itself (a self-membership, which the
        // loader ignores with a diagnostic). The first unwritten edge from
        // an unplaced category, else the first to one. Edges only become
        // written and nodes placed, so an edge that fails this test once
        // fails it for good: each search resumes where the last stopped,
        // and all the searches together scan the edges once.
        let edges = &selection.edges;
        let unplaced = |e: EdgeRef, end: NodeRef| {
            !written.contains(&e)
                && !placed.contains_key(&end)
                && g.node(end).kind == NodeKind::Category
        };
        while from_cursor < edges.len()
            && !unplaced(edges[from_cursor], g.edge(edges[from_cursor]).source)
        {
            from_cursor += 1;
        }
        let mut found = edges.get(from_cursor).map(|e| g.edge(*e).source);
        if found.is_none() {
            while to_cursor < edges.len()
                && !unplaced(edges[to_cursor], g.edge(edges[to_cursor]).target)
            {
                to_cursor += 1;
            }
            found = edges.get(to_cursor).map(|e| g.edge(*e).target);
        }
        let Some(category) = found else { break };
        let Some(&root) = root_index.get(&category) else {
            break;
        };
        let children = &mut roots[root].1;
        items.push(Item {
            node: category,
            relation: None,
            children: Vec::new(),
        });
        children.push(items.len() - 1);
        placed.insert(category, items.len() - 1);
        queue.push_back(items.len() - 1);
    }

    let mut out = String::from("---\ntitle: servicemap export\n---\n");
    for (category, children) in &roots {
        out.push_str(&format!(
            "\n## {}\n\n```mermaid\nmindmap\n  root[{}]\n",
            heading(&g.node(*category).name),
            quoted(&g.node(*category).name)
        ));
        write_children(&mut out, selection, &items, children, 2);
        out.push_str("```\n");
    }
    let unplaced: Vec<&str> = selection
        .edges
        .iter()
        .filter(|e| !written.contains(e))
        .map(|e| g.node(g.edge(*e).source).name.as_str())
        .collect();
    if !unplaced.is_empty() {
        out.push_str(&format!(
            "\n<!-- edges from these nodes have no place in the dialect: {} -->\n",
            unplaced.join(", ")
        ));
    }
    out
}

/// Writes items under a parent, iteratively (exports may be deep). A
/// marker is written when a child's relation differs from the one in force
/// for its parent's children.
fn write_children(
    out: &mut String,
    selection: &Selection<'_>,
    items: &[Item],
    children: &[usize],
    depth: usize,
) {
    let mut stack: Vec<(usize, usize)> = children.iter().rev().map(|c| (*c, depth)).collect();
    // markers[d]: the marker in force among the current children at depth d.
    let mut markers: Vec<Option<&str>> = Vec::new();
    while let Some((item, depth)) = stack.pop() {
        let Item {
            node,
            relation,
            children,
        } = &items[item];
        if markers.len() <= depth {
            markers.resize(depth + 1, None);
        }
        if relation.is_some() && markers[depth] != relation.as_deref() {
            out.push_str(&format!(
                "{}:: {}\n",
                "  ".repeat(depth),
                relation.as_deref().unwrap_or_default()
            ));
            markers[depth] = relation.as_deref();
        }
        out.push_str(&format!(
            "{}n[{}]\n",
            "  ".repeat(depth),
            quoted(&selection.graph.node(*node).name)
        ));
        markers.truncate(depth + 1);
        for child in children.iter().rev() {
            stack.push((*child, depth + 1));
        }
    }
}

/// A quoted label: any text survives, parentheses and brackets included.
fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

fn heading(name: &str) -> String {
    name.replace(['\n', '\r'], " ")
}

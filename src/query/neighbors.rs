//! The neighbourhood of a node: every node within a few relation hops.

use std::collections::VecDeque;

use hashbrown::HashSet;

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};

/// Which way edges may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Out,
    In,
    Both,
}

impl super::choice::Choice for Direction {
    const ALL: &'static [Self] = &[Direction::Out, Direction::In, Direction::Both];
    const DEFAULT: Option<Self> = Some(Direction::Both);

    fn word(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
            Direction::Both => "both",
        }
    }
}

/// Nodes plus edges one neighbourhood may hold: about 3 MB of JSON. Past
/// it the walk stops and says so (`truncated`).
pub const MAX_ELEMENTS: usize = 10_000;

/// A subgraph: nodes in breadth-first order (the start first) and the
/// relation edges walked to reach them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<NodeRef>,
    pub edges: Vec<EdgeRef>,
    /// The walk stopped at [`MAX_ELEMENTS`] (or was cancelled): the nodes
    /// closest to the start are there, the farthest are not.
    pub truncated: bool,
}

/// Every node within `depth` hops of `start` over relation edges, walking
/// only `relations` when given; at most [`MAX_ELEMENTS`] nodes and edges,
/// nearest first. Stops early when this thread's work is cancelled (see
/// [`crate::work`]).
pub fn neighbors(
    graph: &KnowledgeGraph,
    start: NodeRef,
    direction: Direction,
    relations: Option<&[RelationId]>,
    depth: usize,
) -> Subgraph {
    let allowed = |kind: EdgeKind| match kind {
        EdgeKind::Relation(r) => relations.is_none_or(|rs| rs.contains(&r)),
        EdgeKind::Membership => false,
    };
    let mut seen: HashSet<NodeRef> = HashSet::new();
    seen.insert(start);
    let mut edges_seen: HashSet<EdgeRef> = HashSet::new();
    let mut result = Subgraph {
        nodes: vec![start],
        edges: Vec::new(),
        truncated: false,
    };
    let mut examined = 0usize;
    let walk_out = matches!(direction, Direction::Out | Direction::Both);
    let walk_in = matches!(direction, Direction::In | Direction::Both);
    let mut queue = VecDeque::from([(start, 0)]);
    let mut edges = Vec::new();
    while let Some((node, distance)) = queue.pop_front() {
        if distance == depth {
            continue;
        }
        // In the order written, so answers read like the documents: both
        // lists are in edge order already, so merge them.
        edges.clear();
        let outgoing: &mut dyn Iterator<Item = _> = &mut graph.outgoing(node).filter(|_| walk_out);
        let incoming: &mut dyn Iterator<Item = _> = &mut graph.incoming(node).filter(|_| walk_in);
        let (mut a, mut b) = (outgoing.next(), incoming.next());
        loop {
            let take_a = match (&a, &b) {
                (Some(x), Some(y)) => x.id <= y.id,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            if take_a {
                edges.push(a.take().expect("checked"));
                a = outgoing.next();
            } else {
                edges.push(b.take().expect("checked"));
                b = incoming.next();
            }
        }
        for edge in &edges {
            examined += 1;
            if examined.is_multiple_of(4096) && crate::work::cancelled() {
                result.truncated = true;
                break;
            }
            if !allowed(edge.kind) {
                continue;
            }
            if result.nodes.len() + result.edges.len() + 2 > MAX_ELEMENTS {
                result.truncated = true;
                break;
            }
            let next = if edge.source == node {
                edge.target
            } else {
                edge.source
            };
            if edges_seen.insert(edge.id) {
                result.edges.push(edge.id);
            }
            if seen.insert(next) {
                result.nodes.push(next);
                queue.push_back((next, distance + 1));
            }
        }
        if result.truncated {
            break;
        }
    }
    result.edges.sort_unstable();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Source, from_sources};

    fn names(s: &crate::snapshot::Snapshot, sub: &Subgraph) -> Vec<String> {
        let mut v: Vec<_> = sub
            .nodes
            .iter()
            .map(|n| s.graph.node(*n).name.clone())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn walks_by_direction_relation_and_depth() {
        let text = "```mermaid\nmindmap\n R\n  A\n   :: uses\n   B\n   :: hosts\n   C\n  B\n   :: uses\n   D\n```";
        let s = from_sources(&[Source::new("n.md", text)], vec![]);
        let node = |n| s.graph.by_name(n).unwrap();
        let uses = s.graph.relation_by_label("uses").unwrap();
        assert_eq!(
            names(&s, &neighbors(&s.graph, node("A"), Direction::Out, None, 1)),
            ["A", "B", "C"]
        );
        assert_eq!(
            names(&s, &neighbors(&s.graph, node("A"), Direction::Out, None, 2)),
            ["A", "B", "C", "D"]
        );
        assert_eq!(
            names(&s, &neighbors(&s.graph, node("B"), Direction::In, None, 5)),
            ["A", "B"]
        );
        assert_eq!(
            names(
                &s,
                &neighbors(&s.graph, node("C"), Direction::Both, Some(&[uses]), 5)
            ),
            ["C"]
        );
        let sub = neighbors(&s.graph, node("D"), Direction::Both, Some(&[uses]), 5);
        assert_eq!(names(&s, &sub), ["A", "B", "D"]);
        assert_eq!(sub.edges.len(), 2, "memberships are not walked");
        assert!(!sub.truncated);
    }

    #[test]
    fn a_hub_s_neighbourhood_is_bounded_and_says_so() {
        let mut text = String::from("```mermaid\nmindmap\n R\n  Hub\n   :: uses\n");
        for i in 0..MAX_ELEMENTS {
            text.push_str(&format!("   S{i}\n"));
        }
        text.push_str("```");
        let s = from_sources(&[Source::new("h.md", text)], vec![]);
        let hub = s.graph.by_name("Hub").unwrap();
        let sub = neighbors(&s.graph, hub, Direction::Both, None, 5);
        assert!(sub.truncated);
        assert!(sub.nodes.len() + sub.edges.len() <= MAX_ELEMENTS);
        assert_eq!(sub.nodes[0], hub);
        for e in &sub.edges {
            let edge = s.graph.edge(*e);
            assert!(sub.nodes.contains(&edge.source) && sub.nodes.contains(&edge.target));
        }
    }
}

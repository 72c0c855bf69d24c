//! The neighbourhood of a node: every node within a few relation hops.

use std::collections::{HashSet, VecDeque};

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};

/// Which way edges may be followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Out,
    In,
    Both,
}

/// A subgraph: nodes in breadth-first order (the start first) and the
/// relation edges walked to reach them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Subgraph {
    pub nodes: Vec<NodeRef>,
    pub edges: Vec<EdgeRef>,
}

/// Every node within `depth` hops of `start` over relation edges, walking
/// only `relations` when given.
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
    let mut seen = HashSet::from([start]);
    let mut edges_seen = HashSet::new();
    let mut result = Subgraph {
        nodes: vec![start],
        edges: Vec::new(),
    };
    let mut queue = VecDeque::from([(start, 0)]);
    while let Some((node, distance)) = queue.pop_front() {
        if distance == depth {
            continue;
        }
        let outgoing = matches!(direction, Direction::Out | Direction::Both)
            .then(|| graph.edges_at(node, true));
        let incoming = matches!(direction, Direction::In | Direction::Both)
            .then(|| graph.edges_at(node, false));
        // In the order written, so answers read like the documents.
        let mut edges: Vec<_> = outgoing
            .into_iter()
            .flatten()
            .chain(incoming.into_iter().flatten())
            .collect();
        edges.sort_by_key(|e| e.id);
        for edge in edges {
            if !allowed(edge.kind) {
                continue;
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
    }
    result.edges.sort();
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Source, from_sources};

    fn names(s: &crate::load::Snapshot, sub: &Subgraph) -> Vec<String> {
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
        let s = from_sources(
            &[Source {
                path: "n.md".into(),
                bytes: text.into(),
            }],
            vec![],
        );
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
    }
}

//! The names worth benchmarking, found over the relation edges written
//! (undirected, memberships not walked): the hub, and a far-apart pair.

use std::collections::VecDeque;

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;

use crate::{FAR_HOPS, Pair};

/// The far pair, the hub and the hub's relation edge count. `names` are
/// the nodes, `written[i]` whether node `i` appears in the documents, and
/// `edges` the stored relation edges between them.
pub(crate) fn landmarks(
    names: &[String],
    written: &[bool],
    edges: &[(u32, u32)],
) -> (Pair, String, usize) {
    let mut graph: UnGraph<(), ()> = UnGraph::with_capacity(names.len(), edges.len());
    for _ in names {
        graph.add_node(());
    }
    graph.extend_with_edges(edges);
    let degree = |i: usize| graph.edges(NodeIndex::new(i)).count();

    let hub = (0..names.len()).max_by_key(|&i| (degree(i), std::cmp::Reverse(i)));
    let (hub, hub_degree) = hub.map_or((String::new(), 0), |h| (names[h].clone(), degree(h)));

    // Start: the last-written concept with a relation edge (low degree);
    // end: the first node at FAR_HOPS from it, else the farthest.
    let start = (0..names.len())
        .rev()
        .find(|&i| written[i] && degree(i) > 0)
        .unwrap_or(0);
    let (end, hops) = far_from(&graph, start);
    let pair = Pair {
        from: names[start].clone(),
        to: names[end].clone(),
        hops,
    };
    (pair, hub, hub_degree)
}

/// Breadth first from `start`: the first node at [`FAR_HOPS`], else the
/// farthest reached, with its distance.
fn far_from(graph: &UnGraph<(), ()>, start: usize) -> (usize, usize) {
    if graph.node_count() == 0 {
        return (0, 0);
    }
    let mut distance = vec![usize::MAX; graph.node_count()];
    distance[start] = 0;
    let mut queue = VecDeque::from([start]);
    let mut farthest = start;
    while let Some(node) = queue.pop_front() {
        let d = distance[node];
        if d == FAR_HOPS {
            return (node, d);
        }
        if d > distance[farthest] {
            farthest = node;
        }
        // In the order the edges were written, whichever end `node` is.
        let mut around: Vec<(usize, usize)> = graph
            .edges(NodeIndex::new(node))
            .map(|e| {
                let other = if e.source().index() == node {
                    e.target()
                } else {
                    e.source()
                };
                (e.id().index(), other.index())
            })
            .collect();
        around.sort_unstable();
        for (_, next) in around {
            if distance[next] == usize::MAX {
                distance[next] = d + 1;
                queue.push_back(next);
            }
        }
    }
    (farthest, distance[farthest])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_gives_its_far_end_and_its_middle_hub() {
        let names: Vec<String> = (0..4).map(|i| format!("n{i}")).collect();
        // n0 - n1 - n2 - n3, and n1 - n3: n1 has three edges.
        let edges = [(0, 1), (1, 2), (2, 3), (1, 3)];
        let (pair, hub, degree) = landmarks(&names, &[true; 4], &edges);
        assert_eq!((hub.as_str(), degree), ("n1", 3));
        // From the last written node with an edge (n3), n0 is farthest.
        assert_eq!(
            pair,
            Pair {
                from: "n3".into(),
                to: "n0".into(),
                hops: 2
            }
        );
    }
}

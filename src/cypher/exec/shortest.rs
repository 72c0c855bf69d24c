//! `shortestPath` and `allShortestPaths`: breadth-first search from one
//! end, keeping every predecessor at the shortest distance so all shortest
//! paths can be listed; within the work budget like every other step.

use hashbrown::HashMap;

use super::pattern::{Binding, unbind};
use super::{Executor, Row};
use crate::cypher::error::CypherError;
use crate::cypher::plan::{Chain, PatternPlan, RelStep, Shortest};
use crate::cypher::value::Value;
use crate::graph::{EdgeRef, NodeRef};

/// How many paths `allShortestPaths` lists for one pair at most, so a
/// lattice of equal paths cannot grow without bound.
const MAX_PATHS: usize = 10_000;

impl Executor<'_> {
    /// The shortest trails from `a` to `z` of `min..=max` edges (min is 0
    /// or 1), as edge lists from `a`: the first one found, or all of them.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn shortest_paths(
        &mut self,
        rel: &RelStep,
        a: NodeRef,
        z: NodeRef,
        min: usize,
        max: usize,
        which: Shortest,
        used: &[EdgeRef],
        row: &Row,
    ) -> Result<Vec<Vec<EdgeRef>>, CypherError> {
        let _ = row;
        if a == z {
            return Ok(if min == 0 {
                vec![Vec::new()]
            } else {
                Vec::new()
            });
        }
        // Node -> (distance, predecessors: (previous node, edge)).
        let mut reached: HashMap<NodeRef, (usize, Vec<(NodeRef, EdgeRef)>)> = HashMap::new();
        reached.insert(a, (0, Vec::new()));
        let mut frontier = vec![a];
        let mut depth = 0;
        let mut found = false;
        while !frontier.is_empty() && depth < max && !found {
            depth += 1;
            let mut next = Vec::new();
            for u in frontier {
                for (edge, v) in self.expand(rel, rel.direction, u)? {
                    if used.contains(&edge) {
                        continue;
                    }
                    match reached.get_mut(&v) {
                        Some((d, preds)) if *d == depth => {
                            if which == Shortest::All {
                                preds.push((u, edge));
                            }
                        }
                        Some(_) => {}
                        None => {
                            reached.insert(v, (depth, vec![(u, edge)]));
                            next.push(v);
                            if v == z {
                                found = true;
                            }
                        }
                    }
                }
            }
            frontier = next;
        }
        if !found {
            return Ok(Vec::new());
        }
        // Walk back from z along predecessors.
        let mut paths = Vec::new();
        let mut stack: Vec<(NodeRef, Vec<EdgeRef>)> = vec![(z, Vec::new())];
        while let Some((at, suffix)) = stack.pop() {
            if at == a {
                let mut edges = suffix;
                edges.reverse();
                paths.push(edges);
                if which == Shortest::One || paths.len() >= MAX_PATHS {
                    break;
                }
                continue;
            }
            let (_, preds) = &reached[&at];
            for (previous, edge) in preds.iter().rev() {
                let mut longer = suffix.clone();
                longer.push(*edge);
                stack.push((*previous, longer));
            }
        }
        paths.sort();
        Ok(paths)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn shortest_chain(
        &mut self,
        pattern: &PatternPlan,
        index: usize,
        chain: &Chain,
        shortest: Shortest,
        b: &mut Binding,
        out: &mut Vec<Row>,
        target: usize,
    ) -> Result<(), CypherError> {
        let rel = &chain.rels[0];
        let (min, max) = rel.length.unwrap_or((1, 1));
        for a in self.candidates(chain, 0, b)? {
            self.tick(1)?;
            let fresh_a = !b.assigned[chain.nodes[0].slot];
            if !self.bind_node(&chain.nodes[0], a, b)? {
                continue;
            }
            for z in self.candidates(chain, 1, b)? {
                if out.len() >= target {
                    break;
                }
                self.tick(1)?;
                let fresh_z = !b.assigned[chain.nodes[1].slot];
                if !self.bind_node(&chain.nodes[1], z, b)? {
                    continue;
                }
                let paths = self.shortest_paths(rel, a, z, min, max, shortest, &b.used, &b.row)?;
                for edges in paths {
                    let count = edges.len();
                    b.used.extend(&edges);
                    b.row[rel.slot] =
                        Value::List(edges.into_iter().map(Value::Relationship).collect());
                    b.assigned[rel.slot] = true;
                    if let Some(slot) = chain.path {
                        b.row[slot] = Value::Path(Box::new(self.path_of(chain, &b.row)));
                    }
                    self.chains(pattern, index + 1, b, out, target)?;
                    b.used.truncate(b.used.len() - count);
                    unbind(b, rel.slot);
                }
                if fresh_z {
                    unbind(b, chain.nodes[1].slot);
                }
            }
            if fresh_a {
                unbind(b, chain.nodes[0].slot);
            }
        }
        Ok(())
    }
}

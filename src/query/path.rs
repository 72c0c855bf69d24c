//! Shortest paths: breadth-first search for one, Yen's algorithm for the k
//! shortest loopless ones. Allowed relations and avoided nodes are applied
//! during the search, and every query has a hard bound on its work.

use std::collections::{BTreeSet, HashSet};

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef, RelationId};

/// How many edges one query may examine, across all its searches. Enough
/// for several full sweeps of a million-edge graph; past it the query stops
/// with [`PathError::BudgetExceeded`] instead of holding a worker.
pub const WORK_BUDGET: usize = 20_000_000;

/// What a path may walk.
#[derive(Debug, Clone)]
pub struct PathOptions {
    /// Follow relation edges only from source to target.
    pub directed: bool,
    /// Also walk category memberships (in both directions).
    pub via_categories: bool,
    /// Longest path to consider.
    pub max_hops: usize,
    /// Only these relations, when given.
    pub relations: Option<Vec<RelationId>>,
    /// Nodes a path may not pass through.
    pub avoid: Vec<NodeRef>,
    /// How many paths, shortest first.
    pub k: usize,
    /// How many edges the query may examine in all.
    pub budget: usize,
}

impl Default for PathOptions {
    fn default() -> Self {
        Self {
            directed: false,
            via_categories: false,
            max_hops: 16,
            relations: None,
            avoid: Vec::new(),
            k: 1,
            budget: WORK_BUDGET,
        }
    }
}

/// A path: `nodes[i]` and `nodes[i + 1]` are joined by `edges[i]`, which
/// keeps its stored direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Path {
    pub nodes: Vec<NodeRef>,
    pub edges: Vec<EdgeRef>,
}

impl Path {
    pub fn hops(&self) -> usize {
        self.edges.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("the path search examined {budget} edges without finishing")]
    BudgetExceeded { budget: usize },
}

/// The `k` shortest loopless paths from `from` to `to`, shortest first, all
/// with distinct node sequences. Empty when there is none within the bounds.
pub fn shortest_paths(
    graph: &KnowledgeGraph,
    from: NodeRef,
    to: NodeRef,
    options: &PathOptions,
) -> Result<Vec<Path>, PathError> {
    let mut search = Search::new(graph, options);
    let banned: HashSet<NodeRef> = options.avoid.iter().copied().collect();
    let Some(first) = search.bfs(from, to, &banned, &HashSet::new(), options.max_hops)? else {
        return Ok(Vec::new());
    };
    let mut found = vec![first];
    // Candidates ordered by (hops, node sequence): deterministic answers.
    let mut candidates: BTreeSet<(usize, Vec<NodeRef>, Vec<EdgeRef>)> = BTreeSet::new();
    while found.len() < options.k {
        let previous = found.last().expect("one path found").clone();
        for i in 0..previous.hops() {
            let spur = previous.nodes[i];
            let root = &previous.nodes[..=i];
            let mut banned_steps = HashSet::new();
            for path in &found {
                if path.nodes.len() > i + 1 && path.nodes[..=i] == *root {
                    banned_steps.insert(step_key(
                        path.nodes[i],
                        path.nodes[i + 1],
                        options.directed,
                    ));
                }
            }
            let mut banned_nodes = banned.clone();
            banned_nodes.extend(root[..i].iter().copied());
            let Some(spur_path) =
                search.bfs(spur, to, &banned_nodes, &banned_steps, options.max_hops - i)?
            else {
                continue;
            };
            let mut nodes = root[..i].to_vec();
            nodes.extend(&spur_path.nodes);
            let mut edges = previous.edges[..i].to_vec();
            edges.extend(&spur_path.edges);
            if !found.iter().any(|p| p.nodes == nodes) {
                candidates.insert((edges.len(), nodes, edges));
            }
        }
        let Some((_, nodes, edges)) = candidates.pop_first() else {
            break;
        };
        found.push(Path { nodes, edges });
    }
    Ok(found)
}

/// A step between two nodes; unordered when edges may be walked both ways.
fn step_key(a: NodeRef, b: NodeRef, directed: bool) -> (NodeRef, NodeRef) {
    if directed || a < b { (a, b) } else { (b, a) }
}

/// State reused across the searches of one query.
struct Search<'g> {
    graph: &'g KnowledgeGraph,
    options: &'g PathOptions,
    /// `stamp[n] == round` when `n` was reached in the current search.
    stamp: Vec<u32>,
    round: u32,
    parent: Vec<Option<(NodeRef, EdgeRef)>>,
    work: usize,
}

impl<'g> Search<'g> {
    fn new(graph: &'g KnowledgeGraph, options: &'g PathOptions) -> Self {
        let n = graph.node_count();
        Self {
            graph,
            options,
            stamp: vec![0; n],
            round: 0,
            parent: vec![None; n],
            work: 0,
        }
    }

    fn allowed(&self, kind: EdgeKind) -> bool {
        match kind {
            EdgeKind::Relation(r) => self
                .options
                .relations
                .as_ref()
                .is_none_or(|rs| rs.contains(&r)),
            EdgeKind::Membership => self.options.via_categories,
        }
    }

    /// One shortest path by breadth-first search, or `None`.
    fn bfs(
        &mut self,
        from: NodeRef,
        to: NodeRef,
        banned_nodes: &HashSet<NodeRef>,
        banned_steps: &HashSet<(NodeRef, NodeRef)>,
        max_hops: usize,
    ) -> Result<Option<Path>, PathError> {
        if banned_nodes.contains(&from) || banned_nodes.contains(&to) {
            return Ok(None);
        }
        self.round += 1;
        let round = self.round;
        self.stamp[from.index()] = round;
        self.parent[from.index()] = None;
        let mut frontier = vec![from];
        let mut hops = 0;
        while !frontier.is_empty() && self.stamp[to.index()] != round && hops < max_hops {
            hops += 1;
            let mut next = Vec::new();
            for &node in &frontier {
                let outgoing = self.graph.edges_at(node, true);
                let incoming = self.graph.edges_at(node, false);
                for edge in outgoing.chain(incoming) {
                    self.work += 1;
                    if self.work > self.options.budget {
                        return Err(PathError::BudgetExceeded {
                            budget: self.options.budget,
                        });
                    }
                    let forward = edge.source == node;
                    let backward_ok = !self.options.directed || edge.kind == EdgeKind::Membership;
                    if !(forward || backward_ok) || !self.allowed(edge.kind) {
                        continue;
                    }
                    let neighbor = if forward { edge.target } else { edge.source };
                    if self.stamp[neighbor.index()] == round
                        || banned_nodes.contains(&neighbor)
                        || banned_steps.contains(&step_key(node, neighbor, self.options.directed))
                    {
                        continue;
                    }
                    self.stamp[neighbor.index()] = round;
                    self.parent[neighbor.index()] = Some((node, edge.id));
                    next.push(neighbor);
                }
            }
            frontier = next;
        }
        if self.stamp[to.index()] != round {
            return Ok(None);
        }
        let mut nodes = vec![to];
        let mut edges = Vec::new();
        let mut at = to;
        while let Some((previous, edge)) = self.parent[at.index()] {
            nodes.push(previous);
            edges.push(edge);
            at = previous;
        }
        nodes.reverse();
        edges.reverse();
        Ok(Some(Path { nodes, edges }))
    }
}

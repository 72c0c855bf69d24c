//! Shortest paths: breadth-first search for one, Yen's algorithm for the k
//! shortest loopless ones. Allowed relations and avoided nodes are applied
//! during the search, and every query has a hard bound on its work.

use std::collections::BTreeSet;

use hashbrown::{HashMap, HashSet};

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
            max_hops: super::bounds::MAX_HOPS.default,
            relations: None,
            avoid: Vec::new(),
            k: super::bounds::PATHS.default,
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
    /// Whoever asked stopped waiting (see [`crate::work`]).
    #[error("the path search was cancelled")]
    Cancelled,
}

/// The `k` shortest loopless paths from `from` to `to`, shortest first, all
/// with distinct node sequences. Empty when there is none within the bounds.
///
/// Yen's algorithm over breadth-first searches: the first path is one
/// bidirectional search; each further path tries a spur from every node of
/// the last path found, with the edges earlier paths took from that root
/// removed.
///
/// # Complexity
/// O(k · L · (V + E)) edge examinations in the worst case, for L the
/// longest path's hops; every examination counts against
/// `options.budget`, so a search never does more than that many.
///
/// # Errors
/// [`PathError::BudgetExceeded`] when the budget runs out first.
///
/// ```
/// use servicemap::query::path::{PathOptions, shortest_paths};
/// use servicemap::snapshot::{Source, from_sources};
///
/// let map = "```mermaid\nmindmap\n  Compute\n    A\n      :: uses\n      B\n    B\n      :: uses\n      C\n```";
/// let s = from_sources(&[Source::new("map.md", map)], vec![]);
/// let (a, c) = (s.graph.by_name("A").unwrap(), s.graph.by_name("C").unwrap());
/// let paths = shortest_paths(&s.graph, a, c, &PathOptions::default()).unwrap();
/// assert_eq!(paths[0].hops(), 2);
/// ```
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

/// One step's record in a search: the node it came from (towards the
/// search's start), the edge walked, and its distance from the start.
#[derive(Debug, Clone, Copy)]
struct Reached {
    via: Option<(NodeRef, EdgeRef)>,
    depth: usize,
}

/// State reused across the searches of one query.
struct Search<'g> {
    graph: &'g KnowledgeGraph,
    options: &'g PathOptions,
    /// Nodes reached from the start, and from the end walking backwards.
    forward: HashMap<NodeRef, Reached>,
    backward: HashMap<NodeRef, Reached>,
    work: usize,
}

impl<'g> Search<'g> {
    fn new(graph: &'g KnowledgeGraph, options: &'g PathOptions) -> Self {
        Self {
            graph,
            options,
            forward: HashMap::new(),
            backward: HashMap::new(),
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

    /// The steps a path may take at `node`: `(other end, edge)`. Walking
    /// `backward`, the steps that lead *into* `node`.
    fn steps(
        &self,
        node: NodeRef,
        backward: bool,
    ) -> impl Iterator<Item = (NodeRef, EdgeRef)> + use<'_, 'g> {
        let outgoing = self.graph.edges_at(node, true);
        let incoming = self.graph.edges_at(node, false);
        outgoing.chain(incoming).filter_map(move |edge| {
            // `along`: the step walks the edge in its stored direction.
            let (other, along) = if edge.source == node {
                (edge.target, !backward)
            } else {
                (edge.source, backward)
            };
            let direction_ok = along || !self.options.directed || edge.kind == EdgeKind::Membership;
            (direction_ok && self.allowed(edge.kind)).then_some((other, edge.id))
        })
    }

    /// One shortest path, or `None`: breadth-first from both ends at once,
    /// always growing the smaller frontier by a whole level, so each side
    /// explores about half the hops.
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
        if from == to {
            return Ok(Some(Path {
                nodes: vec![from],
                edges: Vec::new(),
            }));
        }
        let mut forward = std::mem::take(&mut self.forward);
        let mut backward = std::mem::take(&mut self.backward);
        forward.clear();
        backward.clear();
        forward.insert(
            from,
            Reached {
                via: None,
                depth: 0,
            },
        );
        backward.insert(
            to,
            Reached {
                via: None,
                depth: 0,
            },
        );
        let (mut front, mut back) = (vec![from], vec![to]);
        let (mut front_depth, mut back_depth) = (0, 0);
        // The best meeting: (hops, node reached on this side, the step to it).
        let mut meeting: Option<(usize, NodeRef, NodeRef, EdgeRef, bool)> = None;
        let directed = self.options.directed;
        let budget = self.options.budget;
        let mut work = self.work;
        let mut outcome = Ok(());
        while meeting.is_none()
            && !front.is_empty()
            && !back.is_empty()
            && front_depth + back_depth < max_hops
        {
            let grow_back = back.len() < front.len();
            let (frontier, mine, theirs, depth) = if grow_back {
                (&mut back, &mut backward, &forward, &mut back_depth)
            } else {
                (&mut front, &mut forward, &backward, &mut front_depth)
            };
            let mut next = Vec::new();
            'level: for &node in frontier.iter() {
                for (neighbor, edge) in self.steps(node, grow_back) {
                    work += 1;
                    if work > budget {
                        outcome = Err(PathError::BudgetExceeded { budget });
                        break 'level;
                    }
                    if work.is_multiple_of(4096) && crate::work::cancelled() {
                        outcome = Err(PathError::Cancelled);
                        break 'level;
                    }
                    if mine.contains_key(&neighbor) || banned_nodes.contains(&neighbor) {
                        continue;
                    }
                    let step = if grow_back {
                        step_key(neighbor, node, directed)
                    } else {
                        step_key(node, neighbor, directed)
                    };
                    if banned_steps.contains(&step) {
                        continue;
                    }
                    mine.insert(
                        neighbor,
                        Reached {
                            via: Some((node, edge)),
                            depth: *depth + 1,
                        },
                    );
                    if let Some(other) = theirs.get(&neighbor) {
                        let hops = *depth + 1 + other.depth;
                        if hops <= max_hops && meeting.is_none_or(|m| hops < m.0) {
                            meeting = Some((hops, neighbor, node, edge, grow_back));
                        }
                    }
                    next.push(neighbor);
                }
            }
            *depth += 1;
            *frontier = next;
            if outcome.is_err() {
                break;
            }
        }
        let found = meeting.map(|(_, meet, _, _, _)| {
            // Start to the meeting node, then on to the end.
            let mut nodes = vec![meet];
            let mut edges = Vec::new();
            let mut at = meet;
            while let Some(Reached {
                via: Some((previous, edge)),
                ..
            }) = forward.get(&at).copied()
            {
                nodes.push(previous);
                edges.push(edge);
                at = previous;
            }
            nodes.reverse();
            edges.reverse();
            let mut at = meet;
            while let Some(Reached {
                via: Some((next, edge)),
                ..
            }) = backward.get(&at).copied()
            {
                nodes.push(next);
                edges.push(edge);
                at = next;
            }
            Path { nodes, edges }
        });
        self.forward = forward;
        self.backward = backward;
        self.work = work;
        outcome.map(|()| found)
    }
}

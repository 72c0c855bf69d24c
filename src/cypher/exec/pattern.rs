//! Pattern matching: each chain walked from its anchor, right to its end,
//! then left to its start, checking each predicate as soon as the walk has
//! bound what it reads. Relationships are unique within one match (Neo4j's
//! trail semantics): no edge is walked twice, in one chain or across them.
//!
//! Longer than most files here: the walk, its trail bookkeeping and the
//! variable-length expansion share one state and read best together.

use hashbrown::HashSet;

use super::{Executor, Row};
use crate::cypher::error::CypherError;
use crate::cypher::expr::Property;
use crate::cypher::plan::{Chain, Direction, NodeStep, PatternPlan, RelStep, RelType, Seek};
use crate::cypher::value::{PathValue, Value, equals};
use crate::graph::{Edge, EdgeKind, EdgeRef, NodeRef};
use crate::text::name_key_into;

/// The state of one match in progress.
pub(super) struct Binding {
    pub(super) row: Row,
    /// Which slots hold a value bound before or during this match.
    pub(super) assigned: Vec<bool>,
    /// Edges this match has walked.
    pub(super) used: Vec<EdgeRef>,
}

impl Executor<'_> {
    /// Appends to `out` each way `pattern` matches with `row`'s variables
    /// bound, stopping after `limit` matches.
    pub fn match_pattern(
        &mut self,
        pattern: &PatternPlan,
        row: &Row,
        out: &mut Vec<Row>,
        limit: usize,
    ) -> Result<(), CypherError> {
        let mut assigned = vec![false; row.len()];
        for slot in &pattern.bound {
            assigned[*slot] = true;
        }
        let mut binding = Binding {
            row: row.clone(),
            assigned,
            used: Vec::new(),
        };
        let target = out.len().saturating_add(limit);
        self.chains(pattern, 0, &mut binding, out, target)
    }

    pub(super) fn chains(
        &mut self,
        pattern: &PatternPlan,
        index: usize,
        b: &mut Binding,
        out: &mut Vec<Row>,
        target: usize,
    ) -> Result<(), CypherError> {
        if out.len() >= target {
            return Ok(());
        }
        let Some(chain) = pattern.chains.get(index) else {
            for predicate in &pattern.residual {
                if !self.test(predicate, &b.row)? {
                    return Ok(());
                }
            }
            out.push(b.row.clone());
            return Ok(());
        };
        if let Some(shortest) = chain.shortest {
            return self.shortest_chain(pattern, index, chain, shortest, b, out, target);
        }
        self.walk(pattern, index, 0, b, out, target)
    }

    /// Binds the node at walk position `position` of chain `index`, and on.
    fn walk(
        &mut self,
        pattern: &PatternPlan,
        index: usize,
        position: usize,
        b: &mut Binding,
        out: &mut Vec<Row>,
        target: usize,
    ) -> Result<(), CypherError> {
        let chain = &pattern.chains[index];
        let n = chain.nodes.len();
        if position == n {
            if let Some(slot) = chain.path {
                b.row[slot] = Value::Path(Box::new(self.path_of(chain, &b.row)));
            }
            return self.chains(pattern, index + 1, b, out, target);
        }
        let i = node_at(chain, position);
        if position == 0 {
            for candidate in self.candidates(chain, i, b)? {
                if out.len() >= target {
                    break;
                }
                self.tick(1)?;
                let fresh = !b.assigned[chain.nodes[i].slot];
                if self.bind_node(&chain.nodes[i], candidate, b)? {
                    if self.filters_hold(chain, position, &b.row)? {
                        self.walk(pattern, index, position + 1, b, out, target)?;
                    }
                    if fresh {
                        unbind(b, chain.nodes[i].slot);
                    }
                }
            }
            return Ok(());
        }
        // The neighbour already bound, the relationship between, and the
        // direction read from the neighbour's side.
        let (from, r, direction) = if i > chain.anchor {
            (i - 1, i - 1, chain.rels[i - 1].direction)
        } else {
            (i + 1, i, chain.rels[i].direction.reversed())
        };
        let Some(u) = b.row[chain.nodes[from].slot].as_node() else {
            return Ok(());
        };
        let rel = &chain.rels[r];
        let step = &chain.nodes[i];
        match rel.length {
            None => {
                for (edge, v) in self.expand(rel, direction, u)? {
                    if out.len() >= target {
                        break;
                    }
                    if b.used.contains(&edge) || !self.rel_properties_hold(rel, edge, &b.row)? {
                        continue;
                    }
                    let fresh = !b.assigned[step.slot];
                    if !self.bind_node(step, v, b)? {
                        continue;
                    }
                    b.row[rel.slot] = Value::Relationship(edge);
                    b.assigned[rel.slot] = true;
                    b.used.push(edge);
                    if self.filters_hold(chain, position, &b.row)? {
                        self.walk(pattern, index, position + 1, b, out, target)?;
                    }
                    b.used.pop();
                    unbind(b, rel.slot);
                    if fresh {
                        unbind(b, step.slot);
                    }
                }
            }
            Some((min, max)) => {
                let mut found = Vec::new();
                let mut trail = Vec::new();
                self.trails(
                    rel, direction, u, min, max, &b.used, &b.row, &mut trail, &mut found,
                )?;
                for (v, mut edges) in found {
                    if out.len() >= target {
                        break;
                    }
                    let fresh = !b.assigned[step.slot];
                    if !self.bind_node(step, v, b)? {
                        continue;
                    }
                    if i < chain.anchor {
                        // Walked right to left: list them as written.
                        edges.reverse();
                    }
                    let count = edges.len();
                    b.used.extend(&edges);
                    b.row[rel.slot] =
                        Value::List(edges.into_iter().map(Value::Relationship).collect());
                    b.assigned[rel.slot] = true;
                    if self.filters_hold(chain, position, &b.row)? {
                        self.walk(pattern, index, position + 1, b, out, target)?;
                    }
                    b.used.truncate(b.used.len() - count);
                    unbind(b, rel.slot);
                    if fresh {
                        unbind(b, step.slot);
                    }
                }
            }
        }
        Ok(())
    }

    fn filters_hold(
        &mut self,
        chain: &Chain,
        position: usize,
        row: &Row,
    ) -> Result<bool, CypherError> {
        for predicate in &chain.filters[position] {
            if !self.test(predicate, row)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every trail of `min..=max` edges from `u`, avoiding `used`: its end
    /// and its edges in walk order.
    #[allow(clippy::too_many_arguments)]
    fn trails(
        &mut self,
        rel: &RelStep,
        direction: Direction,
        u: NodeRef,
        min: usize,
        max: usize,
        used: &[EdgeRef],
        row: &Row,
        trail: &mut Vec<EdgeRef>,
        found: &mut Vec<(NodeRef, Vec<EdgeRef>)>,
    ) -> Result<(), CypherError> {
        if trail.len() >= min {
            self.tick(1)?;
            found.push((u, trail.clone()));
        }
        if trail.len() == max {
            return Ok(());
        }
        for (edge, v) in self.expand(rel, direction, u)? {
            if used.contains(&edge)
                || trail.contains(&edge)
                || !self.rel_properties_hold(rel, edge, row)?
            {
                continue;
            }
            trail.push(edge);
            self.trails(rel, direction, v, min, max, used, row, trail, found)?;
            trail.pop();
        }
        Ok(())
    }

    /// The edges at `u` a relationship pattern may walk in `direction`
    /// (read from `u`), with the node each reaches.
    pub(super) fn expand(
        &mut self,
        rel: &RelStep,
        direction: Direction,
        u: NodeRef,
    ) -> Result<Vec<(EdgeRef, NodeRef)>, CypherError> {
        let g = self.graph;
        let (need_out, need_in) = sides(rel, direction);
        let mut steps = Vec::new();
        let mut examined = 0;
        if need_out {
            for edge in g.outgoing(u) {
                examined += 1;
                if edge_allowed(rel, &edge, true, direction) {
                    steps.push((edge.id, edge.target));
                }
            }
        }
        if need_in {
            for edge in g.incoming(u) {
                examined += 1;
                // A loop was already seen among the outgoing edges.
                if need_out && edge.source == edge.target {
                    continue;
                }
                if edge_allowed(rel, &edge, false, direction) {
                    steps.push((edge.id, edge.source));
                }
            }
        }
        self.tick(examined)?;
        Ok(steps)
    }

    fn rel_properties_hold(
        &mut self,
        rel: &RelStep,
        edge: EdgeRef,
        row: &Row,
    ) -> Result<bool, CypherError> {
        for (property, expr) in &rel.properties {
            let want = self.eval(expr, row)?;
            let have = self.property(&Value::Relationship(edge), *property);
            if equals(&have, &want) != Some(true) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Checks a node against a step's labels and properties and binds it
    /// (or, already bound, checks it is the same node).
    pub(super) fn bind_node(
        &mut self,
        step: &NodeStep,
        node: NodeRef,
        b: &mut Binding,
    ) -> Result<bool, CypherError> {
        if b.assigned[step.slot] && b.row[step.slot].as_node() != Some(node) {
            return Ok(false);
        }
        let kind = self.graph.node(node).kind;
        if step.labels.iter().any(|l| *l != kind) {
            return Ok(false);
        }
        for (property, expr) in &step.properties {
            let want = self.eval(expr, &b.row)?;
            let holds = match (property, &want) {
                // `{name: ...}` compares names as every endpoint does.
                (Property::Name, Value::String(text)) => {
                    let mut key = String::new();
                    let typed = name_key_into(text, &mut key).to_owned();
                    name_key_into(&self.graph.node(node).name, &mut key) == typed
                }
                _ => equals(&self.property(&Value::Node(node), *property), &want) == Some(true),
            };
            if !holds {
                return Ok(false);
            }
        }
        b.row[step.slot] = Value::Node(node);
        b.assigned[step.slot] = true;
        Ok(true)
    }

    /// Where the walk of a chain may start: the bound node, a seek, the
    /// ends of a relation's edges, or every node.
    pub(super) fn candidates(
        &mut self,
        chain: &Chain,
        i: usize,
        b: &Binding,
    ) -> Result<Vec<NodeRef>, CypherError> {
        let step = &chain.nodes[i];
        if b.assigned[step.slot] {
            return Ok(b.row[step.slot].as_node().into_iter().collect());
        }
        let g = self.graph;
        if let Some(seek) = &step.seek {
            let found = match seek {
                Seek::Id(e) => match self.eval(e, &b.row)? {
                    Value::String(id) => g.by_id(&id),
                    _ => None,
                },
                Seek::Name(e) => match self.eval(e, &b.row)? {
                    Value::String(name) => g.by_name(&name),
                    _ => None,
                },
                Seek::Node(e) => self.eval(e, &b.row)?.as_node(),
            };
            return Ok(found.into_iter().collect());
        }
        if let Some(r) = chain.by_relation
            && (r == i || r + 1 == i)
        {
            let rel = &chain.rels[r];
            // Read from the anchor: it is the relationship's left end when r == i.
            let direction = if r == i {
                rel.direction
            } else {
                rel.direction.reversed()
            };
            let mut seen = HashSet::new();
            let mut list = Vec::new();
            for ty in &rel.types {
                let RelType::Relation { id, inverse } = ty else {
                    continue;
                };
                let edges = g.edges_with_relation(*id);
                self.tick(edges.len())?;
                for e in edges {
                    let edge = g.edge(*e);
                    let (from, to) = if *inverse {
                        (edge.target, edge.source)
                    } else {
                        (edge.source, edge.target)
                    };
                    let ends: &[NodeRef] = match direction {
                        Direction::Right => &[from],
                        Direction::Left => &[to],
                        Direction::Either => &[from, to],
                    };
                    for n in ends {
                        if seen.insert(*n) {
                            list.push(*n);
                        }
                    }
                }
            }
            list.sort_unstable();
            return Ok(list);
        }
        Ok(g.nodes().map(|(n, _)| n).collect())
    }

    /// The path a chain has bound, in the order written.
    pub(super) fn path_of(&self, chain: &Chain, row: &Row) -> PathValue {
        let g = self.graph;
        let mut nodes = Vec::new();
        let mut relationships = Vec::new();
        let Some(mut at) = row[chain.nodes[0].slot].as_node() else {
            return PathValue {
                nodes,
                relationships,
            };
        };
        nodes.push(at);
        for rel in &chain.rels {
            let edges: Vec<EdgeRef> = match &row[rel.slot] {
                Value::Relationship(e) => vec![*e],
                Value::List(items) => items
                    .iter()
                    .filter_map(|v| match v {
                        Value::Relationship(e) => Some(*e),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for e in edges {
                let edge = g.edge(e);
                at = if edge.source == at {
                    edge.target
                } else {
                    edge.source
                };
                nodes.push(at);
                relationships.push(e);
            }
        }
        PathValue {
            nodes,
            relationships,
        }
    }
}

/// The chain's node at a walk position.
fn node_at(chain: &Chain, position: usize) -> usize {
    let right = chain.nodes.len() - chain.anchor;
    if position < right {
        chain.anchor + position
    } else {
        chain.anchor - 1 - (position - right)
    }
}

pub(super) fn unbind(b: &mut Binding, slot: usize) {
    b.row[slot] = Value::Null;
    b.assigned[slot] = false;
}

fn inverse(ty: &RelType) -> bool {
    matches!(ty, RelType::Relation { inverse: true, .. })
}

/// Whether the outgoing and the incoming edges at a node need looking at.
fn sides(rel: &RelStep, direction: Direction) -> (bool, bool) {
    match direction {
        Direction::Either => (true, true),
        Direction::Right | Direction::Left => {
            let right = direction == Direction::Right;
            if rel.types.is_empty() {
                (right, !right)
            } else {
                (
                    rel.types.iter().any(|t| right != inverse(t)),
                    rel.types.iter().any(|t| right == inverse(t)),
                )
            }
        }
    }
}

/// Whether an edge, met from its source (`along`) or its target, may be
/// walked by a relationship pattern read in `direction`.
pub(super) fn edge_allowed(
    rel: &RelStep,
    edge: &Edge<'_>,
    along: bool,
    direction: Direction,
) -> bool {
    let oriented = |inverse: bool| match direction {
        Direction::Either => true,
        Direction::Right => along != inverse,
        Direction::Left => along == inverse,
    };
    if rel.types.is_empty() {
        return oriented(false);
    }
    rel.types.iter().any(|ty| match (ty, edge.kind) {
        (RelType::Relation { id, inverse }, EdgeKind::Relation(r)) => {
            *id == r && oriented(*inverse)
        }
        (RelType::Membership, EdgeKind::Membership) => oriented(false),
        _ => false,
    })
}

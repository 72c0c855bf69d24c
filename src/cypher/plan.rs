//! The typed logical plan: a tree of operators, each with one input, as
//! values that can be printed (`EXPLAIN`), compared in tests and rewritten
//! by the optimizer rules.
//!
//! A `MATCH` is one [`LogicalPlan::Match`] holding its [`PatternPlan`]:
//! chains of node and relationship steps. The optimizer decides where each
//! chain starts ([`Chain::anchor`]), how its start node is found
//! ([`NodeStep::seek`], [`Chain::by_relation`]) and where each `WHERE`
//! conjunct is checked ([`Chain::filters`]); the executor follows.

use std::fmt::Write as _;

use super::expr::{Aggregate, Expr, Property, Slot, label_name};
use crate::graph::{NodeKind, RelationId};

/// A relationship type as a pattern names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelType {
    /// A relation; `inverse` when written in its inverse wording
    /// (`USED_BY`), so the stored direction is reversed.
    Relation { id: RelationId, inverse: bool },
    /// Category membership, `HAS_SERVICE`.
    Membership,
}

/// Which way a relationship pattern points, read left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `-[]->`
    Right,
    /// `<-[]-`
    Left,
    /// `-[]-`
    Either,
}

impl Direction {
    pub fn reversed(self) -> Self {
        match self {
            Direction::Right => Direction::Left,
            Direction::Left => Direction::Right,
            Direction::Either => Direction::Either,
        }
    }
}

/// How to find a node without scanning: the expression gives its id,
/// its name (compared by name key) or the node itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Seek {
    Id(Expr),
    Name(Expr),
    Node(Expr),
}

/// A node of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeStep {
    pub slot: Slot,
    pub labels: Vec<NodeKind>,
    /// `{key: value}` of the pattern; `name` compares by name key.
    pub properties: Vec<(Property, Expr)>,
    pub seek: Option<Seek>,
}

/// A relationship of a pattern, between `nodes[i]` and `nodes[i + 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RelStep {
    pub slot: Slot,
    /// Empty: any type.
    pub types: Vec<RelType>,
    pub direction: Direction,
    /// `Some((min, max))` for a variable-length relationship, bound to a
    /// list of relationships.
    pub length: Option<(usize, usize)>,
    pub properties: Vec<(Property, Expr)>,
    /// The types as written, for `EXPLAIN`.
    pub type_names: Vec<String>,
}

/// `shortestPath` or `allShortestPaths`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortest {
    One,
    All,
}

/// One comma-separated part of a pattern: nodes joined by relationships.
#[derive(Debug, Clone, PartialEq)]
pub struct Chain {
    /// The named path, `p = ...`.
    pub path: Option<Slot>,
    pub nodes: Vec<NodeStep>,
    pub rels: Vec<RelStep>,
    pub shortest: Option<Shortest>,
    /// The node the walk starts from; it walks right to the end, then left
    /// from the anchor to the start.
    pub anchor: usize,
    /// Find the anchor among the ends of this relationship's edges (the
    /// relation index) instead of among all nodes.
    pub by_relation: Option<usize>,
    /// Conjuncts checked as soon as the walk has bound the node at that
    /// walk position (`filters[0]`: the anchor).
    pub filters: Vec<Vec<Expr>>,
}

impl Chain {
    /// Node indexes in walk order: the anchor, right to the end, then left.
    pub fn walk_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (self.anchor..self.nodes.len()).collect();
        order.extend((0..self.anchor).rev());
        order
    }

    /// Every slot the chain binds, in walk order (nodes with the
    /// relationship that reached them), and the path last.
    pub fn slots_in_walk_order(&self) -> Vec<Vec<Slot>> {
        self.walk_order()
            .into_iter()
            .map(|i| {
                let mut bound = vec![self.nodes[i].slot];
                if i > self.anchor {
                    bound.push(self.rels[i - 1].slot);
                } else if i < self.anchor {
                    bound.push(self.rels[i].slot);
                }
                bound
            })
            .collect()
    }
}

/// The pattern of one `MATCH` (or pattern predicate).
#[derive(Debug, Clone, PartialEq)]
pub struct PatternPlan {
    pub chains: Vec<Chain>,
    /// Slots bound before the pattern is matched (by earlier clauses or
    /// the row a predicate tests).
    pub bound: Vec<Slot>,
    /// Slots from outside the pattern it reads (bound nodes and those its
    /// expressions read).
    pub reads: Vec<Slot>,
    /// Conjuncts not yet placed in a chain, checked once all chains match.
    pub residual: Vec<Expr>,
}

impl PatternPlan {
    /// Slots the pattern reads from outside: those bound before it.
    pub fn outer_slots(&self) -> Vec<Slot> {
        self.reads.clone()
    }

    /// Every slot the pattern itself binds.
    pub fn own_slots(&self) -> Vec<Slot> {
        let mut out = Vec::new();
        for chain in &self.chains {
            out.extend(chain.nodes.iter().map(|n| n.slot));
            out.extend(chain.rels.iter().map(|r| r.slot));
            out.extend(chain.path);
        }
        out.retain(|s| !self.bound.contains(s));
        out
    }

    /// Cypher-like text of the pattern.
    pub fn show(&self, names: &[String]) -> String {
        let mut out = String::new();
        for (c, chain) in self.chains.iter().enumerate() {
            if c > 0 {
                out.push_str(", ");
            }
            if let Some(p) = chain.path {
                let _ = write!(out, "{} = ", names[p]);
            }
            if let Some(s) = chain.shortest {
                out.push_str(match s {
                    Shortest::One => "shortestPath(",
                    Shortest::All => "allShortestPaths(",
                });
            }
            for (i, node) in chain.nodes.iter().enumerate() {
                if i > 0 {
                    let rel = &chain.rels[i - 1];
                    out.push_str(if rel.direction == Direction::Left {
                        "<-["
                    } else {
                        "-["
                    });
                    out.push_str(shown(&names[rel.slot]));
                    for (t, ty) in rel.type_names.iter().enumerate() {
                        out.push(if t == 0 { ':' } else { '|' });
                        let _ = write!(out, "`{ty}`");
                    }
                    if let Some((min, max)) = rel.length {
                        let _ = write!(out, "*{min}..{max}");
                    }
                    out.push_str(if rel.direction == Direction::Right {
                        "]->"
                    } else {
                        "]-"
                    });
                }
                out.push('(');
                out.push_str(shown(&names[node.slot]));
                for l in &node.labels {
                    out.push(':');
                    out.push_str(label_name(*l));
                }
                out.push(')');
            }
            if chain.shortest.is_some() {
                out.push(')');
            }
        }
        out
    }
}

/// A slot's name as plans show it: hidden ones as nothing.
fn shown(name: &str) -> &str {
    if name.starts_with(' ') { "" } else { name }
}

/// Sort key: expression and whether descending.
pub type SortKey = (Expr, bool);

/// One operator and its input.
#[derive(Debug, Clone, PartialEq)]
pub enum LogicalPlan {
    /// One empty row: where every query starts.
    Unit,
    Match {
        input: Box<LogicalPlan>,
        pattern: PatternPlan,
        /// No match gives one row with the pattern's variables `null`.
        optional: bool,
    },
    Filter {
        input: Box<LogicalPlan>,
        predicate: Expr,
    },
    Unwind {
        input: Box<LogicalPlan>,
        list: Expr,
        slot: Slot,
    },
    /// `WITH` / `RETURN` without aggregates: each item into its slot.
    Project {
        input: Box<LogicalPlan>,
        items: Vec<(Expr, Slot)>,
        /// Keep the input's other slots (so `ORDER BY` may read them).
        keep: bool,
    },
    /// Grouping by `keys`, computing `aggregates`, each into its slot.
    Aggregate {
        input: Box<LogicalPlan>,
        keys: Vec<(Expr, Slot)>,
        aggregates: Vec<(Aggregate, Slot)>,
    },
    Distinct {
        input: Box<LogicalPlan>,
        slots: Vec<Slot>,
    },
    Sort {
        input: Box<LogicalPlan>,
        keys: Vec<SortKey>,
    },
    Skip {
        input: Box<LogicalPlan>,
        count: usize,
    },
    Limit {
        input: Box<LogicalPlan>,
        count: usize,
    },
}

impl LogicalPlan {
    pub fn input(&self) -> Option<&LogicalPlan> {
        match self {
            LogicalPlan::Unit => None,
            LogicalPlan::Match { input, .. }
            | LogicalPlan::Filter { input, .. }
            | LogicalPlan::Unwind { input, .. }
            | LogicalPlan::Project { input, .. }
            | LogicalPlan::Aggregate { input, .. }
            | LogicalPlan::Distinct { input, .. }
            | LogicalPlan::Sort { input, .. }
            | LogicalPlan::Skip { input, .. }
            | LogicalPlan::Limit { input, .. } => Some(input),
        }
    }

    /// The operator's name, as `EXPLAIN` shows it.
    pub fn operator(&self) -> &'static str {
        match self {
            LogicalPlan::Unit => "Start",
            LogicalPlan::Match {
                optional: false, ..
            } => "Match",
            LogicalPlan::Match { optional: true, .. } => "OptionalMatch",
            LogicalPlan::Filter { .. } => "Filter",
            LogicalPlan::Unwind { .. } => "Unwind",
            LogicalPlan::Project { .. } => "Project",
            LogicalPlan::Aggregate { .. } => "Aggregate",
            LogicalPlan::Distinct { .. } => "Distinct",
            LogicalPlan::Sort { .. } => "Sort",
            LogicalPlan::Skip { .. } => "Skip",
            LogicalPlan::Limit { .. } => "Limit",
        }
    }

    /// What the operator does, in a line.
    pub fn details(&self, names: &[String]) -> String {
        match self {
            LogicalPlan::Unit => String::new(),
            LogicalPlan::Match { pattern, .. } => {
                let mut text = pattern.show(names);
                for chain in &pattern.chains {
                    let anchor = &chain.nodes[chain.anchor];
                    let start = if pattern.bound.contains(&anchor.slot) {
                        "bound".to_owned()
                    } else if let Some(seek) = &anchor.seek {
                        match seek {
                            Seek::Id(e) => format!("seek id = {}", e.show(names)),
                            Seek::Name(e) => format!("seek name = {}", e.show(names)),
                            Seek::Node(e) => format!("seek node = {}", e.show(names)),
                        }
                    } else if let Some(r) = chain.by_relation {
                        format!("relation index of {}", names[chain.rels[r].slot])
                    } else if !anchor.labels.is_empty() {
                        format!("label scan :{}", label_name(anchor.labels[0]))
                    } else {
                        "all nodes".to_owned()
                    };
                    let _ = write!(text, "; start ({}) by {start}", names[anchor.slot]);
                    let placed: usize = chain.filters.iter().map(Vec::len).sum();
                    if placed > 0 {
                        let _ = write!(text, "; {placed} predicate(s) in the walk");
                    }
                }
                if !pattern.residual.is_empty() {
                    let shown: Vec<String> =
                        pattern.residual.iter().map(|e| e.show(names)).collect();
                    let _ = write!(text, "; WHERE {}", shown.join(" AND "));
                }
                text
            }
            LogicalPlan::Filter { predicate, .. } => predicate.show(names),
            LogicalPlan::Unwind { list, slot, .. } => {
                format!("{} AS {}", list.show(names), names[*slot])
            }
            LogicalPlan::Project { items, .. } => items
                .iter()
                .map(|(e, s)| format!("{} AS {}", e.show(names), names[*s]))
                .collect::<Vec<_>>()
                .join(", "),
            LogicalPlan::Aggregate {
                keys, aggregates, ..
            } => {
                let keys: Vec<String> = keys.iter().map(|(_, s)| names[*s].clone()).collect();
                let aggs: Vec<String> = aggregates
                    .iter()
                    .map(|(a, s)| {
                        let arg = a
                            .argument
                            .as_ref()
                            .map_or("*".to_owned(), |e| e.show(names));
                        let distinct = if a.distinct { "DISTINCT " } else { "" };
                        format!("{}({distinct}{arg}) AS {}", a.function.as_str(), names[*s])
                    })
                    .collect();
                format!("by [{}]: {}", keys.join(", "), aggs.join(", "))
            }
            LogicalPlan::Distinct { slots, .. } => slots
                .iter()
                .map(|s| names[*s].clone())
                .collect::<Vec<_>>()
                .join(", "),
            LogicalPlan::Sort { keys, .. } => keys
                .iter()
                .map(|(e, desc)| format!("{}{}", e.show(names), if *desc { " DESC" } else { "" }))
                .collect::<Vec<_>>()
                .join(", "),
            LogicalPlan::Skip { count, .. } | LogicalPlan::Limit { count, .. } => count.to_string(),
        }
    }
}

/// A query ready to run.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub root: LogicalPlan,
    /// The name of every slot; hidden ones start with a space.
    pub names: Vec<String>,
    /// The returned columns: name and slot.
    pub fields: Vec<(String, Slot)>,
}

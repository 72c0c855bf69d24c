//! The executor: runs a [`LogicalPlan`] over the graph under one work
//! budget. Each operator consumes its input's rows and produces its own;
//! every node scanned, edge examined and row produced counts as one unit
//! of work, so no query can run longer than its budget allows.

mod aggregate;
mod eval;
mod functions;
mod pattern;
mod shortest;

use std::sync::atomic::{AtomicBool, Ordering};

use hashbrown::HashSet;

use super::error::{Bound, CypherError};
use super::plan::LogicalPlan;
use super::value::{Value, order};
use crate::graph::KnowledgeGraph;
use crate::matcher::Resolver;

/// One row: a value per slot.
pub type Row = Vec<Value>;

/// What one operator did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    pub rows: usize,
    /// Work done by this operator alone.
    pub work: usize,
    pub input: Option<Box<Profile>>,
}

/// Runs plans over one graph.
pub struct Executor<'a> {
    pub(crate) graph: &'a KnowledgeGraph,
    pub(crate) resolver: &'a Resolver,
    budget: usize,
    /// Work done so far.
    pub work: usize,
    width: usize,
    /// Set when the answer is no longer wanted; looked at every
    /// [`CANCEL_CHECK`] units of work.
    cancel: Option<&'a AtomicBool>,
    next_check: usize,
}

/// Units of work between two looks at the cancel flag.
const CANCEL_CHECK: usize = 4096;

impl<'a> Executor<'a> {
    /// An executor for plans with `width` slots, allowed `budget` units of work.
    pub fn new(
        graph: &'a KnowledgeGraph,
        resolver: &'a Resolver,
        budget: usize,
        width: usize,
    ) -> Self {
        Self {
            graph,
            resolver,
            budget,
            work: 0,
            width,
            cancel: None,
            next_check: CANCEL_CHECK,
        }
    }

    /// Stops with [`CypherError::Cancelled`] once `cancel` is set.
    pub fn cancelled_by(mut self, cancel: &'a AtomicBool) -> Self {
        self.cancel = Some(cancel);
        self
    }

    /// Counts `units` of work; past the budget, the query stops.
    pub(crate) fn tick(&mut self, units: usize) -> Result<(), CypherError> {
        self.work += units;
        if self.work >= self.next_check {
            self.next_check = self.work + CANCEL_CHECK;
            if self.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                return Err(CypherError::Cancelled);
            }
        }
        if self.work > self.budget {
            Err(CypherError::TooExpensive {
                bound: Bound::Work,
                limit: self.budget,
                hint: "start from a named node ({name: ...} or resolve()), give relationship types, or lower variable-length bounds",
            })
        } else {
            Ok(())
        }
    }

    /// Every row `plan` produces, and what each operator did.
    pub fn run(&mut self, plan: &LogicalPlan) -> Result<(Vec<Row>, Profile), CypherError> {
        let (input, input_profile) = match plan.input() {
            Some(input) => {
                let (rows, profile) = self.run(input)?;
                (rows, Some(Box::new(profile)))
            }
            None => (Vec::new(), None),
        };
        let before = self.work;
        let rows = self.operator(plan, input)?;
        self.tick(rows.len())?;
        let profile = Profile {
            rows: rows.len(),
            work: self.work - before,
            input: input_profile,
        };
        Ok((rows, profile))
    }

    fn operator(&mut self, plan: &LogicalPlan, input: Vec<Row>) -> Result<Vec<Row>, CypherError> {
        Ok(match plan {
            LogicalPlan::Unit => vec![vec![Value::Null; self.width]],
            LogicalPlan::Match {
                pattern, optional, ..
            } => {
                let mut out = Vec::new();
                for row in input {
                    let before = out.len();
                    self.match_pattern(pattern, &row, &mut out, usize::MAX)?;
                    if *optional && out.len() == before {
                        let mut row = row;
                        for slot in pattern.own_slots() {
                            row[slot] = Value::Null;
                        }
                        out.push(row);
                    }
                }
                out
            }
            LogicalPlan::Filter { predicate, .. } => {
                let mut out = Vec::new();
                for row in input {
                    if self.test(predicate, &row)? {
                        out.push(row);
                    }
                }
                out
            }
            LogicalPlan::Unwind { list, slot, .. } => {
                let mut out = Vec::new();
                for row in input {
                    match self.eval(list, &row)? {
                        Value::Null => {}
                        Value::List(items) => {
                            self.tick(items.len())?;
                            for item in items {
                                let mut next = row.clone();
                                next[*slot] = item;
                                out.push(next);
                            }
                        }
                        other => {
                            let mut next = row;
                            next[*slot] = other;
                            out.push(next);
                        }
                    }
                }
                out
            }
            LogicalPlan::Project { items, keep, .. } => {
                let mut out = Vec::with_capacity(input.len());
                for row in input {
                    let mut next = if *keep {
                        row.clone()
                    } else {
                        vec![Value::Null; self.width]
                    };
                    for (expr, slot) in items {
                        next[*slot] = self.eval(expr, &row)?;
                    }
                    out.push(next);
                }
                out
            }
            LogicalPlan::Aggregate {
                keys, aggregates, ..
            } => self.aggregate(input, keys, aggregates)?,
            LogicalPlan::Distinct { slots, .. } => {
                let mut seen = HashSet::new();
                input
                    .into_iter()
                    .filter(|row| {
                        seen.insert(slots.iter().map(|s| row[*s].clone()).collect::<Vec<_>>())
                    })
                    .collect()
            }
            LogicalPlan::Sort { keys, .. } => {
                let mut keyed = Vec::with_capacity(input.len());
                for row in input {
                    let values = keys
                        .iter()
                        .map(|(e, _)| self.eval(e, &row))
                        .collect::<Result<Vec<_>, _>>()?;
                    keyed.push((values, row));
                }
                keyed.sort_by(|(a, _), (b, _)| {
                    for ((x, y), (_, descending)) in a.iter().zip(b).zip(keys) {
                        let o = order(x, y);
                        let o = if *descending { o.reverse() } else { o };
                        if o != std::cmp::Ordering::Equal {
                            return o;
                        }
                    }
                    std::cmp::Ordering::Equal
                });
                keyed.into_iter().map(|(_, row)| row).collect()
            }
            LogicalPlan::Skip { count, .. } => input.into_iter().skip(*count).collect(),
            LogicalPlan::Limit { count, .. } => input.into_iter().take(*count).collect(),
        })
    }

    /// Whether `predicate` is true (not false, not null) for `row`.
    pub(crate) fn test(
        &mut self,
        predicate: &super::expr::Expr,
        row: &Row,
    ) -> Result<bool, CypherError> {
        match self.eval(predicate, row)? {
            Value::Bool(b) => Ok(b),
            Value::Null => Ok(false),
            other => Err(CypherError::Type(format!(
                "a predicate must be a boolean, not a {}",
                other.type_name()
            ))),
        }
    }
}

//! The optimizer: rules that rewrite a plan's patterns, one rule per file,
//! each of which may be turned off (the tests check every rule leaves the
//! answers as they were).
//!
//! In order: [`seek`] finds nodes given by id, name or `resolve()`;
//! [`anchor`] starts each chain from its most selective node;
//! [`relation_index`] starts from a relation's edges when that is fewer
//! than the nodes; [`pushdown`] checks each `WHERE` conjunct as soon as the
//! walk has bound what it reads.

pub mod anchor;
pub mod pushdown;
pub mod relation_index;
pub mod seek;

use super::expr::Expr;
use super::plan::{LogicalPlan, PatternPlan, Plan};
use crate::graph::KnowledgeGraph;

/// Which rules run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub seek: bool,
    pub anchor: bool,
    pub relation_index: bool,
    pub pushdown: bool,
}

impl Rules {
    pub const ALL: Rules = Rules {
        seek: true,
        anchor: true,
        relation_index: true,
        pushdown: true,
    };
    pub const NONE: Rules = Rules {
        seek: false,
        anchor: false,
        relation_index: false,
        pushdown: false,
    };
}

impl Default for Rules {
    fn default() -> Self {
        Rules::ALL
    }
}

/// Applies the enabled rules to every pattern of `plan`, pattern
/// predicates included.
pub fn optimize(plan: &mut Plan, graph: &KnowledgeGraph, rules: Rules) {
    visit_plan(&mut plan.root, &mut |pattern| {
        if rules.seek {
            seek::apply(pattern);
        }
        if rules.anchor {
            anchor::apply(pattern, graph);
        }
        if rules.relation_index {
            relation_index::apply(pattern, graph);
        }
        if rules.pushdown {
            pushdown::apply(pattern);
        }
    });
}

fn visit_plan(plan: &mut LogicalPlan, f: &mut dyn FnMut(&mut PatternPlan)) {
    match plan {
        LogicalPlan::Unit => return,
        LogicalPlan::Match { pattern, .. } => visit_pattern(pattern, f),
        LogicalPlan::Filter { predicate, .. } => visit_expr(predicate, f),
        LogicalPlan::Unwind { list, .. } => visit_expr(list, f),
        LogicalPlan::Project { items, .. } => items.iter_mut().for_each(|(e, _)| visit_expr(e, f)),
        LogicalPlan::Aggregate {
            keys, aggregates, ..
        } => {
            keys.iter_mut().for_each(|(e, _)| visit_expr(e, f));
            for (a, _) in aggregates {
                if let Some(e) = &mut a.argument {
                    visit_expr(e, f);
                }
            }
        }
        LogicalPlan::Sort { keys, .. } => keys.iter_mut().for_each(|(e, _)| visit_expr(e, f)),
        LogicalPlan::Distinct { .. } | LogicalPlan::Skip { .. } | LogicalPlan::Limit { .. } => {}
    }
    if let Some(input) = input_mut(plan) {
        visit_plan(input, f);
    }
}

fn input_mut(plan: &mut LogicalPlan) -> Option<&mut LogicalPlan> {
    match plan {
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

fn visit_pattern(pattern: &mut PatternPlan, f: &mut dyn FnMut(&mut PatternPlan)) {
    f(pattern);
    for chain in &mut pattern.chains {
        for node in &mut chain.nodes {
            node.properties
                .iter_mut()
                .for_each(|(_, e)| visit_expr(e, f));
        }
        for rel in &mut chain.rels {
            rel.properties
                .iter_mut()
                .for_each(|(_, e)| visit_expr(e, f));
        }
        chain
            .filters
            .iter_mut()
            .flatten()
            .for_each(|e| visit_expr(e, f));
    }
    pattern.residual.iter_mut().for_each(|e| visit_expr(e, f));
}

fn visit_expr(expr: &mut Expr, f: &mut dyn FnMut(&mut PatternPlan)) {
    match expr {
        Expr::Exists(pattern) => visit_pattern(pattern, f),
        Expr::Literal(_) | Expr::Variable(_) => {}
        Expr::Property(e, _)
        | Expr::Key(e, _)
        | Expr::Not(e)
        | Expr::Negate(e)
        | Expr::IsNull { expr: e, .. }
        | Expr::HasLabels(e, _) => visit_expr(e, f),
        Expr::Binary(_, a, b) | Expr::Index(a, b) => {
            visit_expr(a, f);
            visit_expr(b, f);
        }
        Expr::List(items) | Expr::Call(_, items) => items.iter_mut().for_each(|e| visit_expr(e, f)),
        Expr::Map(entries) => entries.iter_mut().for_each(|(_, e)| visit_expr(e, f)),
        Expr::Slice(e, a, b) => {
            visit_expr(e, f);
            a.iter_mut()
                .chain(b.iter_mut())
                .for_each(|e| visit_expr(e, f));
        }
        Expr::Case {
            operand,
            arms,
            otherwise,
        } => {
            operand
                .iter_mut()
                .chain(otherwise.iter_mut())
                .for_each(|e| visit_expr(e, f));
            for (w, t) in arms {
                visit_expr(w, f);
                visit_expr(t, f);
            }
        }
        Expr::Comprehension {
            list,
            predicate,
            projection,
            ..
        } => {
            visit_expr(list, f);
            predicate
                .iter_mut()
                .chain(projection.iter_mut())
                .for_each(|e| visit_expr(e, f));
        }
    }
}

/// Whether `expr` reads none of `own` (so it can be evaluated before the
/// pattern binds anything).
pub(crate) fn independent_of(expr: &Expr, own: &[usize]) -> bool {
    let mut slots = Vec::new();
    expr.slots(&mut slots);
    slots.iter().all(|s| !own.contains(s))
}

/// An estimate of how many nodes could start a walk at this node.
pub(crate) fn start_estimate(
    pattern: &PatternPlan,
    chain: usize,
    node: usize,
    graph: &KnowledgeGraph,
) -> usize {
    let step = &pattern.chains[chain].nodes[node];
    let bound_earlier = pattern.bound.contains(&step.slot)
        || pattern.chains[..chain]
            .iter()
            .any(|c| c.nodes.iter().any(|n| n.slot == step.slot));
    if bound_earlier || step.seek.is_some() {
        1
    } else if let Some(kind) = step.labels.first() {
        graph.count_kind(*kind)
    } else {
        graph.node_count()
    }
}

//! `EXPLAIN` and `PROFILE`: the plan as a tree of operators with their
//! estimated rows and work, and, profiled, what each actually did.
//!
//! Estimates come from counts the graph keeps: nodes per label, edges per
//! relation, the average degree.

use serde::Serialize;

use super::exec::Profile;
use super::plan::{Direction, LogicalPlan, PatternPlan, Plan, RelType};
use crate::graph::KnowledgeGraph;

/// One operator of a shown plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanNode {
    pub operator: &'static str,
    pub details: String,
    /// Rows the operator is expected to produce.
    pub estimated_rows: f64,
    /// Work it is expected to do.
    pub estimated_work: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub work: Option<usize>,
    pub children: Vec<PlanNode>,
}

/// The plan tree, with the profile's numbers when there is one.
pub fn explain(plan: &Plan, graph: &KnowledgeGraph, profile: Option<&Profile>) -> PlanNode {
    node(&plan.root, &plan.names, graph, profile)
}

fn node(
    plan: &LogicalPlan,
    names: &[String],
    graph: &KnowledgeGraph,
    profile: Option<&Profile>,
) -> PlanNode {
    let child = plan.input().map(|input| {
        node(
            input,
            names,
            graph,
            profile.and_then(|p| p.input.as_deref()),
        )
    });
    let input_rows = child.as_ref().map_or(1.0, |c| c.estimated_rows);
    let (rows, work) = estimate(plan, input_rows, graph);
    PlanNode {
        operator: plan.operator(),
        details: plan.details(names),
        estimated_rows: round(rows),
        estimated_work: round(work),
        rows: profile.map(|p| p.rows),
        work: profile.map(|p| p.work),
        children: child.into_iter().collect(),
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Rows out and work of one operator given its input's rows.
fn estimate(plan: &LogicalPlan, input: f64, graph: &KnowledgeGraph) -> (f64, f64) {
    match plan {
        LogicalPlan::Unit => (1.0, 0.0),
        LogicalPlan::Match {
            pattern, optional, ..
        } => {
            let (rows, work) = pattern_estimate(pattern, graph);
            let out = input * rows;
            (if *optional { out.max(input) } else { out }, input * work)
        }
        LogicalPlan::Filter { .. } => (input * 0.5, input),
        LogicalPlan::Unwind { .. } => (input * 5.0, input * 5.0),
        LogicalPlan::Aggregate { keys, .. } => (
            if keys.is_empty() {
                1.0
            } else {
                (input * 0.5).max(1.0)
            },
            input,
        ),
        LogicalPlan::Distinct { .. } => ((input * 0.8).max(1.0_f64.min(input)), input),
        LogicalPlan::Skip { count, .. } => ((input - *count as f64).max(0.0), input),
        LogicalPlan::Limit { count, .. } => (input.min(*count as f64), input),
        LogicalPlan::Project { .. } | LogicalPlan::Sort { .. } => (input, input),
    }
}

/// Matches per input row, and the work to find them.
fn pattern_estimate(pattern: &PatternPlan, graph: &KnowledgeGraph) -> (f64, f64) {
    let nodes = graph.node_count().max(1) as f64;
    let mut rows = 1.0;
    let mut work = 0.0;
    for (c, chain) in pattern.chains.iter().enumerate() {
        let start = super::optimizer::start_estimate(pattern, c, chain.anchor, graph) as f64;
        let start = match chain.by_relation {
            Some(r) => start.min(relation_edges(&chain.rels[r].types, graph)),
            None => start,
        };
        let mut here = start;
        work += rows * start;
        for rel in &chain.rels {
            let edges = if rel.types.is_empty() {
                graph.edge_count() as f64
            } else {
                relation_edges(&rel.types, graph)
            };
            let sides = if rel.direction == Direction::Either {
                2.0
            } else {
                1.0
            };
            let fan = sides * edges / nodes;
            let degree = 2.0 * graph.edge_count() as f64 / nodes;
            let (min, max) = rel.length.unwrap_or((1, 1));
            let reach: f64 = (min..=max).map(|d| fan.powi(d as i32)).sum();
            work += rows * here * degree * (1..=max).map(|d| fan.powi(d as i32 - 1)).sum::<f64>();
            here *= reach.max(if chain.shortest.is_some() { 1.0 } else { 0.0 });
        }
        for node in &chain.nodes {
            if !node.labels.is_empty() && node.seek.is_none() {
                here *= graph.count_kind(node.labels[0]) as f64 / nodes;
            }
        }
        let filters: usize = chain.filters.iter().map(Vec::len).sum();
        here *= 0.5_f64.powi(filters as i32);
        rows *= here;
    }
    rows *= 0.5_f64.powi(pattern.residual.len() as i32);
    (rows, work)
}

fn relation_edges(types: &[RelType], graph: &KnowledgeGraph) -> f64 {
    types
        .iter()
        .map(|t| match t {
            RelType::Relation { id, .. } => graph.edges_with_relation(*id).len(),
            RelType::Membership => graph.membership_count(),
        })
        .sum::<usize>() as f64
}

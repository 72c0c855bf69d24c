//! A read-only openCypher engine over the knowledge graph, in layers:
//!
//! - [`lower`]: open-cypher's syntax tree to a typed [`plan::Plan`], names
//!   checked against the graph's own labels, types and properties;
//! - [`optimizer`]: rules rewriting the plan, one per file;
//! - [`exec`]: the executor, under one work budget;
//! - [`value`], [`expr`], [`plan`](mod@plan): the values, expressions and operators
//!   the layers share; [`render`]: answers as JSON and as a text table;
//! - [`error`]: what can go wrong, with line, column and caret.
//!
//! Every query is bounded: its text length, its variable-length depth, the
//! work it may do (nodes and edges examined, rows produced: the unit of
//! the path search budget) and the rows it may return ([`Bounds`]).

pub mod cache;
pub mod error;
pub mod exec;
pub mod explain;
pub mod expr;
pub mod lower;
pub mod optimizer;
pub mod plan;
pub mod render;
pub mod value;

#[cfg(test)]
mod tests;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

pub use error::{Bound, CypherError, Location};
pub use explain::PlanNode;
pub use lower::Parameters;
pub use optimizer::Rules;

use crate::graph::KnowledgeGraph;
use crate::matcher::Resolver;
use value::Value;

/// The limits every query runs under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Units of work (nodes and edges examined, rows produced).
    pub max_work: usize,
    /// Rows an answer may hold; past it the answer is truncated, and says so.
    pub max_rows: usize,
    /// Bytes of query text.
    pub max_query_bytes: usize,
    /// Hops of a variable-length relationship; also what `*` means.
    pub max_depth: usize,
}

impl Default for Bounds {
    fn default() -> Self {
        Self {
            max_work: crate::query::path::WORK_BUDGET,
            max_rows: 10_000,
            max_query_bytes: 16 * 1024,
            max_depth: 8,
        }
    }
}

/// How a query was asked to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Run,
    /// The plan and its estimates, without running.
    Explain,
    /// Run, and report the rows and work of every operator.
    Profile,
}

/// A query's answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub fields: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    /// More rows matched than [`Bounds::max_rows`]; `rows` holds the first.
    pub truncated: bool,
    /// Units of work done.
    pub work: usize,
    pub elapsed: Duration,
    /// With `EXPLAIN` and `PROFILE`.
    pub plan: Option<PlanNode>,
}

/// Plans compiled once and kept by query text, for queries asked again
/// (those `/ask` makes): at most [`PlanCache::CAPACITY`] of them, emptied
/// when full. A plan depends only on its text and the graph it was planned
/// for, so a cache lives with one snapshot.
#[derive(Debug, Default)]
pub struct PlanCache {
    plans: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<plan::Plan>>>,
}

impl PlanCache {
    pub const CAPACITY: usize = 1024;

    /// The plan of `text` (every rule applied), compiled on first use.
    pub fn plan(
        &self,
        graph: &KnowledgeGraph,
        text: &str,
        bounds: &Bounds,
    ) -> Result<std::sync::Arc<plan::Plan>, CypherError> {
        let cached = self
            .plans
            .lock()
            .ok()
            .and_then(|plans| plans.get(text).cloned());
        if let Some(plan) = cached {
            return Ok(plan);
        }
        let (_, plan) = plan(graph, text, &Parameters::new(), bounds, Rules::ALL)?;
        let plan = std::sync::Arc::new(plan);
        if let Ok(mut plans) = self.plans.lock() {
            if plans.len() >= Self::CAPACITY {
                plans.clear();
            }
            plans.insert(text.to_owned(), plan.clone());
        }
        Ok(plan)
    }
}

/// Runs a planned query, its rows holding the returned columns.
pub fn run_plan(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    plan: &plan::Plan,
    bounds: &Bounds,
) -> Result<Vec<Vec<Value>>, CypherError> {
    let mut executor = exec::Executor::new(graph, resolver, bounds.max_work, plan.names.len());
    let (rows, _) = executor.run(&plan.root)?;
    Ok(rows
        .into_iter()
        .take(bounds.max_rows)
        .map(|row| {
            plan.fields
                .iter()
                .map(|(_, slot)| row[*slot].clone())
                .collect()
        })
        .collect())
}

/// Runs `text` over `graph` with every optimizer rule.
pub fn run(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    parameters: &Parameters,
    bounds: &Bounds,
) -> Result<Answer, CypherError> {
    run_with(graph, resolver, text, parameters, bounds, Rules::ALL)
}

/// Parses and plans `text`, applying the given optimizer rules.
pub fn plan(
    graph: &KnowledgeGraph,
    text: &str,
    parameters: &Parameters,
    bounds: &Bounds,
    rules: Rules,
) -> Result<(Mode, plan::Plan), CypherError> {
    let (mode, mut plan) = lower::lower(text, graph, parameters, bounds)?;
    optimizer::optimize(&mut plan, graph, rules);
    Ok((mode, plan))
}

/// [`run`] with a choice of optimizer rules (for tests and comparisons).
pub fn run_with(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    parameters: &Parameters,
    bounds: &Bounds,
    rules: Rules,
) -> Result<Answer, CypherError> {
    run_cancellable(
        graph,
        resolver,
        text,
        parameters,
        bounds,
        rules,
        &AtomicBool::new(false),
    )
}

/// [`run_with`] that stops with [`CypherError::Cancelled`] soon after
/// `cancel` is set (when the request that asked has gone).
pub fn run_cancellable(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    text: &str,
    parameters: &Parameters,
    bounds: &Bounds,
    rules: Rules,
    cancel: &AtomicBool,
) -> Result<Answer, CypherError> {
    let started = Instant::now();
    let prepared = plan(graph, text, parameters, bounds, rules)?;
    execute(graph, resolver, &prepared, bounds, cancel, started)
}

/// Runs a planned query (from [`plan`], or a [`cache::PlanCache`]);
/// `started` is when the request began, for the elapsed time.
pub fn execute(
    graph: &KnowledgeGraph,
    resolver: &Resolver,
    (mode, plan): &(Mode, plan::Plan),
    bounds: &Bounds,
    cancel: &AtomicBool,
    started: Instant,
) -> Result<Answer, CypherError> {
    let fields: Vec<String> = plan.fields.iter().map(|(name, _)| name.clone()).collect();
    if *mode == Mode::Explain {
        return Ok(Answer {
            fields,
            rows: Vec::new(),
            truncated: false,
            work: 0,
            elapsed: started.elapsed(),
            plan: Some(explain::explain(plan, graph, None)),
        });
    }
    let mut executor = exec::Executor::new(graph, resolver, bounds.max_work, plan.names.len())
        .cancelled_by(cancel);
    let (rows, profile) = executor.run(&plan.root)?;
    let truncated = rows.len() > bounds.max_rows;
    let rows: Vec<Vec<Value>> = rows
        .into_iter()
        .take(bounds.max_rows)
        .map(|row| {
            plan.fields
                .iter()
                .map(|(_, slot)| row[*slot].clone())
                .collect()
        })
        .collect();
    Ok(Answer {
        fields,
        rows,
        truncated,
        work: executor.work,
        elapsed: started.elapsed(),
        plan: (*mode == Mode::Profile).then(|| explain::explain(plan, graph, Some(&profile))),
    })
}

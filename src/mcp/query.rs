//! The `query` tool: a read-only openCypher query run by [`crate::cypher`]
//! under its bounds, the rows then cut to the size budget like every other
//! answer (a later part runs the query again on the same snapshot, which
//! gives the same rows in the same order).

use schemars::JsonSchema;
use serde::Serialize;

use super::budget::Window;
use super::error::ToolError;
use super::inputs::QueryInput;
use super::reply::{Reply, reply};
use super::views::Bounded;
use crate::cypher::render::{value_json, value_text};
use crate::cypher::{Bounds, Parameters};
use crate::snapshot::Snapshot;

#[derive(Debug, Serialize, JsonSchema)]
pub struct QueryHead {
    /// The names of the returned columns; each item is one row, in order.
    pub fields: Vec<String>,
    /// More rows matched than a query may return (the bound of rows);
    /// `total` counts those returned.
    pub truncated: bool,
    /// Units of work the query did (nodes and edges examined, rows made).
    pub work: usize,
}

/// One row: its values in the order of `fields`. Nodes are `{id, name,
/// kind}`; relationships are edges with their provenance.
pub type Row = Vec<serde_json::Value>;

pub type QueryOutput = Bounded<QueryHead, Row>;

pub fn query(
    s: &Snapshot,
    input: &QueryInput,
    w: &Window,
    bounds: &Bounds,
) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let parameters: Parameters = input.parameters.clone().unwrap_or_default();
    let answer = crate::cypher::run(g, &s.resolver, &input.query, &parameters, bounds)?;
    let head = QueryHead {
        fields: answer.fields.clone(),
        truncated: answer.truncated,
        work: answer.work,
    };
    let part = w.cut(head, &answer.rows, |row| {
        row.iter().map(|v| value_json(g, v)).collect::<Row>()
    })?;
    let first = format!(
        "{} rows{} of {}:",
        part.total,
        if part.head.truncated {
            " (truncated)"
        } else {
            ""
        },
        part.head.fields.join(", ")
    );
    let rows = &answer.rows[part.offset..part.offset + part.returned];
    let mut next = rows.iter();
    Ok(reply(&part, first, |_| {
        next.next()
            .map(|row| {
                row.iter()
                    .map(|v| value_text(g, v))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .unwrap_or_default()
    }))
}

//! The `impact` tool: what depends on a node, transitively ("what breaks
//! if it fails"), or what it depends on, answered by
//! [`crate::query::impact`] under the path work budget; each node reached
//! with its distance and the path that reaches it, every edge cited.

use schemars::JsonSchema;
use serde::Serialize;

use super::budget::Window;
use super::error::ToolError;
use super::graph::{PathView, path_view};
use super::inputs::ImpactInput;
use super::reply::{Reply, bounded, node, relation_terms, reply};
use super::views::{Bounded, NodeView};
use crate::query::bounds::IMPACT_DEPTH;
use crate::query::choice::Choice;
use crate::query::edges::relation_ids;
use crate::query::impact::{DependenceRelations, ImpactDirection, as_cypher, impact as walk};
use crate::snapshot::Snapshot;

#[derive(Debug, Serialize, JsonSchema)]
pub struct ImpactHead {
    pub node: NodeView,
    /// `dependents` or `dependencies`.
    pub direction: String,
    /// The relations followed: those the vocabulary declares dependence
    /// for, unless `relations` chose others.
    pub relations: Vec<String>,
    pub depth: usize,
    /// The same question as a Cypher query, for the `query` tool.
    pub cypher: String,
}

/// A node reached, nearest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReachedView {
    pub node: NodeView,
    /// Dependence steps from the node asked about.
    pub distance: usize,
    /// A shortest path between them, edges as written.
    pub path: PathView,
}

pub type ImpactOutput = Bounded<ImpactHead, ReachedView>;

pub fn impact(
    s: &Snapshot,
    input: &ImpactInput,
    w: &Window,
    work_budget: usize,
) -> Result<Reply, ToolError> {
    let g = &s.graph;
    let direction = ImpactDirection::or_default(input.direction.as_deref())
        .map_err(|reason| ToolError::bad("direction", reason))?;
    let depth = bounded(IMPACT_DEPTH, input.depth)?;
    let start = node(s, "node", &input.node)?;
    let relations = if input.relations.is_empty() {
        DependenceRelations::declared(g)
    } else {
        DependenceRelations::chosen(
            g,
            &relation_ids(&relation_terms(g, "relations", &input.relations)?),
        )
    };
    let reached = walk(g, start, direction, &relations, depth, work_budget)?;
    let head = ImpactHead {
        node: NodeView::of(g, start),
        direction: match direction {
            ImpactDirection::Dependents => "dependents",
            ImpactDirection::Dependencies => "dependencies",
        }
        .to_owned(),
        relations: relations
            .0
            .iter()
            .map(|(r, _)| g.relation(*r).label.clone())
            .collect(),
        depth,
        cypher: as_cypher(g, start, direction, &relations, depth),
    };
    let part = w.cut(head, &reached, |r| ReachedView {
        node: NodeView::of(g, r.node),
        distance: r.distance,
        path: path_view(g, &r.path),
    })?;
    let first = format!(
        "{} {} of {} within {depth} steps, nearest first:",
        part.total, part.head.direction, part.head.node.name
    );
    Ok(reply(&part, first, |r| {
        let via = r.path.edges.first().map_or(String::new(), |e| {
            format!(" ({}:{})", e.provenance.document, e.provenance.line)
        });
        format!("{} at {}{via}", r.node.name, r.distance)
    }))
}

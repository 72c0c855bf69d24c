//! Values as the API shows them: a node as its summary `{id, name, kind}`,
//! a relationship as the usual edge with its provenance, a path as
//! `{nodes, edges}`; and an answer as a text table for the command line.

use serde_json::{Value as Json, json};

use super::Answer;
use super::value::Value;
use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeRef};

/// The label a membership edge shows, as every edge view shows it.
const MEMBERSHIP_LABEL: &str = "has service";

pub fn node_json(graph: &KnowledgeGraph, node: NodeRef) -> Json {
    let n = graph.node(node);
    json!({"id": n.id, "name": n.name, "kind": n.kind.as_str()})
}

pub fn edge_json(graph: &KnowledgeGraph, edge: EdgeRef) -> Json {
    let e = graph.edge(edge);
    let relation = match e.kind {
        EdgeKind::Relation(r) => graph.relation(r).label.as_str(),
        EdgeKind::Membership => MEMBERSHIP_LABEL,
    };
    json!({
        "source": node_json(graph, e.source),
        "relation": relation,
        "target": node_json(graph, e.target),
        "provenance": {"document": e.provenance.document.as_str(), "line": e.provenance.line},
    })
}

/// A value as JSON.
pub fn value_json(graph: &KnowledgeGraph, value: &Value) -> Json {
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => json!(i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(|v| value_json(graph, v)).collect()),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), value_json(graph, v)))
                .collect(),
        ),
        Value::Node(n) => node_json(graph, *n),
        Value::Relationship(e) => edge_json(graph, *e),
        Value::Path(p) => json!({
            "nodes": p.nodes.iter().map(|n| node_json(graph, *n)).collect::<Vec<_>>(),
            "edges": p.relationships.iter().map(|e| edge_json(graph, *e)).collect::<Vec<_>>(),
        }),
    }
}

/// A value as a table cell: nodes by name, relationships as `a -[r]-> b`.
pub fn value_text(graph: &KnowledgeGraph, value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::String(s) => s.clone(),
        Value::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|v| value_text(graph, v))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| format!("{k}: {}", value_text(graph, v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Node(n) => format!("({})", graph.node(*n).name),
        Value::Relationship(e) => {
            let edge = graph.edge(*e);
            let relation = match edge.kind {
                EdgeKind::Relation(r) => graph.relation(r).label.as_str(),
                EdgeKind::Membership => MEMBERSHIP_LABEL,
            };
            format!(
                "({})-[{relation}]->({})",
                graph.node(edge.source).name,
                graph.node(edge.target).name
            )
        }
        Value::Path(p) => p
            .nodes
            .iter()
            .map(|n| format!("({})", graph.node(*n).name))
            .collect::<Vec<_>>()
            .join("--"),
    }
}

/// The answer as an aligned text table, with a footer of counts.
pub fn table(graph: &KnowledgeGraph, answer: &Answer) -> String {
    let cells: Vec<Vec<String>> = answer
        .rows
        .iter()
        .map(|row| row.iter().map(|v| value_text(graph, v)).collect())
        .collect();
    let mut widths: Vec<usize> = answer.fields.iter().map(|f| f.chars().count()).collect();
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |values: &[String]| {
        values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}", w = *w))
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_owned()
    };
    let mut out = String::new();
    out.push_str(&line(&answer.fields));
    out.push('\n');
    out.push_str(
        &widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-"),
    );
    out.push('\n');
    for row in &cells {
        out.push_str(&line(row));
        out.push('\n');
    }
    out.push_str(&format!(
        "({} row{}{}, work {})\n",
        answer.rows.len(),
        if answer.rows.len() == 1 { "" } else { "s" },
        if answer.truncated { ", truncated" } else { "" },
        answer.work
    ));
    out
}

/// The whole answer, in the shape of Neo4j's Query API:
/// `{data: {fields, values}, stats: {rows, work, elapsed_ms}, truncated, version, plan?}`.
pub fn answer_json(graph: &KnowledgeGraph, answer: &Answer, version: &str) -> Json {
    let values: Vec<Json> = answer
        .rows
        .iter()
        .map(|row| Json::Array(row.iter().map(|v| value_json(graph, v)).collect()))
        .collect();
    let mut body = json!({
        "data": {"fields": answer.fields, "values": values},
        "stats": {
            "rows": answer.rows.len(),
            "work": answer.work,
            "elapsed_ms": (answer.elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
        },
        "truncated": answer.truncated,
        "version": version,
    });
    if let Some(plan) = &answer.plan {
        body["plan"] = serde_json::to_value(plan).unwrap_or(Json::Null);
    }
    body
}

/// A plan tree as indented text.
pub fn plan_text(plan: &super::PlanNode) -> String {
    fn walk(node: &super::PlanNode, depth: usize, out: &mut String) {
        let measured = match (node.rows, node.work) {
            (Some(rows), Some(work)) => format!(" rows={rows} work={work}"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{}{} {} (estimated rows={} work={}){measured}\n",
            "  ".repeat(depth),
            node.operator,
            node.details,
            node.estimated_rows,
            node.estimated_work
        ));
        for child in &node.children {
            walk(child, depth + 1, out);
        }
    }
    let mut out = String::new();
    walk(plan, 0, &mut out);
    out
}

//! The graph's properties as values, and the scalar functions.

use super::Executor;
use crate::cypher::error::CypherError;
use crate::cypher::expr::{Function, Property, label_name};
use crate::cypher::lower::MEMBERSHIP_TYPE;
use crate::cypher::value::Value;
use crate::graph::EdgeKind;

impl Executor<'_> {
    /// A property of a node or relationship; `null` for anything else.
    pub(crate) fn property(&self, element: &Value, property: Property) -> Value {
        let g = self.graph;
        match element {
            Value::Node(n) => {
                let node = g.node(*n);
                match property {
                    Property::Id => Value::String(node.id.clone()),
                    Property::Name => Value::String(node.name.clone()),
                    Property::Kind => Value::String(node.kind.as_str().to_owned()),
                    Property::Aliases => Value::List(
                        node.aliases
                            .iter()
                            .map(|a| Value::String(a.clone()))
                            .collect(),
                    ),
                    Property::Categories => Value::List(
                        g.categories_of(*n)
                            .map(|c| Value::String(g.node(c).name.clone()))
                            .collect(),
                    ),
                    Property::Document => g
                        .sources(*n)
                        .first()
                        .map_or(Value::Null, |p| Value::String(p.document.to_string())),
                    Property::Line => g
                        .sources(*n)
                        .first()
                        .map_or(Value::Null, |p| Value::Int(p.line as i64)),
                    Property::Relation => Value::Null,
                }
            }
            Value::Relationship(e) => {
                let edge = g.edge(*e);
                match property {
                    Property::Relation => Value::String(type_name(g, edge.kind).to_owned()),
                    Property::Document => Value::String(edge.provenance.document.to_string()),
                    Property::Line => Value::Int(edge.provenance.line as i64),
                    _ => Value::Null,
                }
            }
            _ => Value::Null,
        }
    }

    pub(super) fn function(&mut self, f: Function, v: Value) -> Result<Value, CypherError> {
        let g = self.graph;
        if v.is_null() {
            return Ok(Value::Null);
        }
        Ok(match (f, v) {
            (Function::Type, Value::Relationship(e)) => {
                Value::String(type_name(g, g.edge(e).kind).to_owned())
            }
            (Function::Labels, Value::Node(n)) => {
                Value::List(vec![Value::String(label_name(g.node(n).kind).to_owned())])
            }
            (Function::Length, Value::Path(p)) => Value::Int(p.relationships.len() as i64),
            (Function::Length | Function::Size, Value::List(items)) => {
                Value::Int(items.len() as i64)
            }
            (Function::Length | Function::Size, Value::String(s)) => {
                Value::Int(s.chars().count() as i64)
            }
            (Function::Nodes, Value::Path(p)) => {
                Value::List(p.nodes.iter().map(|n| Value::Node(*n)).collect())
            }
            (Function::Relationships, Value::Path(p)) => Value::List(
                p.relationships
                    .iter()
                    .map(|e| Value::Relationship(*e))
                    .collect(),
            ),
            (Function::Relationships, list @ Value::List(_)) => list,
            (Function::ToLower, Value::String(s)) => Value::String(s.to_lowercase()),
            (Function::ToUpper, Value::String(s)) => Value::String(s.to_uppercase()),
            (Function::Trim, Value::String(s)) => Value::String(s.trim().to_owned()),
            (Function::Head, Value::List(items)) => items.into_iter().next().unwrap_or(Value::Null),
            (Function::Last, Value::List(items)) => items.into_iter().last().unwrap_or(Value::Null),
            (Function::Reverse, Value::List(mut items)) => {
                items.reverse();
                Value::List(items)
            }
            (Function::Reverse, Value::String(s)) => Value::String(s.chars().rev().collect()),
            (Function::Resolve, Value::String(text)) => {
                self.tick(1)?;
                match self.resolver.resolve(g, &text, |_| true) {
                    Ok(node) => Value::Node(node),
                    Err(_) => Value::Null,
                }
            }
            (Function::ToString, Value::String(s)) => Value::String(s),
            (Function::ToString, Value::Int(i)) => Value::String(i.to_string()),
            (Function::ToString, Value::Float(x)) => Value::String(x.to_string()),
            (Function::ToString, Value::Bool(b)) => Value::String(b.to_string()),
            (Function::ToInteger, Value::Int(i)) => Value::Int(i),
            (Function::ToInteger, Value::Float(x)) => Value::Int(x.trunc() as i64),
            (Function::ToInteger, Value::String(s)) => s
                .trim()
                .parse::<i64>()
                .map(Value::Int)
                .or_else(|_| {
                    s.trim()
                        .parse::<f64>()
                        .map(|x| Value::Int(x.trunc() as i64))
                })
                .unwrap_or(Value::Null),
            (Function::StartNode, Value::Relationship(e)) => Value::Node(g.edge(e).source),
            (Function::EndNode, Value::Relationship(e)) => Value::Node(g.edge(e).target),
            (Function::Keys, Value::Map(entries)) => {
                Value::List(entries.into_iter().map(|(k, _)| Value::String(k)).collect())
            }
            (Function::Keys, element @ (Value::Node(_) | Value::Relationship(_))) => Value::List(
                properties_of(&element)
                    .iter()
                    .map(|p| Value::String(p.as_str().to_owned()))
                    .collect(),
            ),
            (Function::Properties, map @ Value::Map(_)) => map,
            (Function::Properties, element @ (Value::Node(_) | Value::Relationship(_))) => {
                Value::Map(
                    properties_of(&element)
                        .iter()
                        .map(|p| (p.as_str().to_owned(), self.property(&element, *p)))
                        .collect(),
                )
            }
            (Function::Abs, Value::Int(i)) => Value::Int(i.checked_abs().ok_or_else(overflow)?),
            (Function::Abs, Value::Float(x)) => Value::Float(x.abs()),
            (f, other) => return Err(type_error(&format!("{}()", f.as_str()), &other)),
        })
    }
}

fn properties_of(element: &Value) -> &'static [Property] {
    match element {
        Value::Node(_) => &Property::NODE,
        _ => &Property::RELATIONSHIP,
    }
}

/// A relationship's type: its relation as written, or `HAS_SERVICE`.
pub(crate) fn type_name(graph: &crate::graph::KnowledgeGraph, kind: EdgeKind) -> &str {
    match kind {
        EdgeKind::Relation(r) => &graph.relation(r).label,
        EdgeKind::Membership => MEMBERSHIP_TYPE,
    }
}

fn type_error(what: &str, value: &Value) -> CypherError {
    CypherError::Type(format!("{what} cannot take a {}", value.type_name()))
}

fn overflow() -> CypherError {
    CypherError::Type("integer overflow".into())
}

//! Values a query computes: Cypher's scalars and lists, and handles to the
//! graph's nodes, relationships and paths (never copies of them).
//!
//! Comparison follows openCypher: `=` and `<` with `null` are `null`
//! ([`equals`], [`compare`]); sorting uses a total order ([`order`]) in
//! which `null` sorts last.

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use crate::graph::{EdgeRef, NodeRef};

/// One value of a row.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(String),
    List(Vec<Value>),
    /// Entries in the order written.
    Map(Vec<(String, Value)>),
    Node(NodeRef),
    Relationship(EdgeRef),
    Path(Box<PathValue>),
}

/// A path: `nodes[i]` and `nodes[i + 1]` are joined by `relationships[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathValue {
    pub nodes: Vec<NodeRef>,
    pub relationships: Vec<EdgeRef>,
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The name of the value's type, for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::Node(_) => "node",
            Value::Relationship(_) => "relationship",
            Value::Path(_) => "path",
        }
    }

    /// Cypher's truth value: `None` is `null`; anything not a boolean is
    /// an error the caller reports.
    pub fn truth(&self) -> Result<Option<bool>, &'static str> {
        match self {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            other => Err(other.type_name()),
        }
    }

    pub fn as_node(&self) -> Option<NodeRef> {
        match self {
            Value::Node(n) => Some(*n),
            _ => None,
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Rank of the type in the total sort order.
    fn rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Relationship(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            Value::String(_) => 5,
            Value::Bool(_) => 6,
            Value::Int(_) | Value::Float(_) => 7,
            Value::Null => 8,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<Option<bool>> for Value {
    fn from(b: Option<bool>) -> Self {
        b.map_or(Value::Null, Value::Bool)
    }
}

/// `a = b`: `None` when either side is or holds `null` where it matters.
pub fn equals(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => None,
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (p, q) in x.iter().zip(y) {
                match equals(p, q) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown { None } else { Some(true) }
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            let mut unknown = false;
            for (k, v) in x {
                match y.iter().find(|(k2, _)| k2 == k) {
                    None => return Some(false),
                    Some((_, w)) => match equals(v, w) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    },
                }
            }
            if unknown { None } else { Some(true) }
        }
        _ => match (a.number(), b.number()) {
            (Some(x), Some(y)) => Some(x == y),
            _ => Some(same(a, b)),
        },
    }
}

/// Equality of two non-null, non-container values of any type.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Node(x), Value::Node(y)) => x == y,
        (Value::Relationship(x), Value::Relationship(y)) => x == y,
        (Value::Path(x), Value::Path(y)) => x == y,
        _ => false,
    }
}

/// `a < b` and friends: `None` when the values are not comparable.
pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match compare(p, q)? {
                    Ordering::Equal => {}
                    other => return Some(other),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        _ => match (a.number(), b.number()) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => None,
        },
    }
}

/// The total order `ORDER BY` sorts by: maps, nodes, relationships, lists,
/// paths, strings, booleans, numbers, then `null`.
pub fn order(a: &Value, b: &Value) -> Ordering {
    let by_rank = a.rank().cmp(&b.rank());
    if by_rank != Ordering::Equal {
        return by_rank;
    }
    match (a, b) {
        (Value::Node(x), Value::Node(y)) => x.cmp(y),
        (Value::Relationship(x), Value::Relationship(y)) => x.cmp(y),
        (Value::Path(x), Value::Path(y)) => x
            .nodes
            .cmp(&y.nodes)
            .then_with(|| x.relationships.cmp(&y.relationships)),
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y) {
                match order(p, q) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Map(x), Value::Map(y)) => {
            for ((k1, v1), (k2, v2)) in x.iter().zip(y) {
                match k1.cmp(k2).then_with(|| order(v1, v2)) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            x.len().cmp(&y.len())
        }
        (Value::Float(x), Value::Float(y)) => x.total_cmp(y),
        _ => compare(a, b).unwrap_or(Ordering::Equal),
    }
}

/// Equivalence for `DISTINCT` and grouping: like [`order`] being equal, so
/// `null` equals `null` and `1` equals `1.0`.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        order(self, other) == Ordering::Equal
    }
}

impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.rank().hash(state);
        match self {
            Value::Null => {}
            Value::Bool(b) => b.hash(state),
            // Equal numbers hash alike whatever their type.
            Value::Int(i) => (*i as f64).to_bits().hash(state),
            Value::Float(f) => f.to_bits().hash(state),
            Value::String(s) => s.hash(state),
            Value::List(l) => l.hash(state),
            Value::Map(m) => {
                for (k, v) in m {
                    k.hash(state);
                    v.hash(state);
                }
            }
            Value::Node(n) => n.hash(state),
            Value::Relationship(r) => r.hash(state),
            Value::Path(p) => p.hash(state),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_is_unknown_in_comparisons() {
        assert_eq!(equals(&Value::Null, &Value::Int(1)), None);
        assert_eq!(equals(&Value::Int(1), &Value::Float(1.0)), Some(true));
        assert_eq!(compare(&Value::Int(1), &Value::String("a".into())), None);
        assert_eq!(
            compare(&Value::String("a".into()), &Value::String("b".into())),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn null_sorts_last() {
        let mut values = [Value::Null, Value::Int(2), Value::String("x".into())];
        values.sort_by(order);
        assert!(matches!(values[0], Value::String(_)));
        assert!(values[2].is_null());
    }

    #[test]
    fn lists_compare_element_wise() {
        let a = Value::List(vec![Value::Int(1), Value::Null]);
        let b = Value::List(vec![Value::Int(1), Value::Int(2)]);
        assert_eq!(equals(&a, &b), None);
        assert_eq!(
            equals(&a, &Value::List(vec![Value::Int(2), Value::Null])),
            Some(false)
        );
    }
}

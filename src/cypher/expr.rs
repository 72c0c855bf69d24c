//! Typed expressions: what the planner makes of the AST's expressions.
//! Variables are slots of a row, properties are the graph's own, functions
//! are known by the time a plan exists.
//!
//! Longer than most files here: the expression type and its evaluation,
//! one small function per operator and built-in function.

use std::fmt::Write as _;

use super::plan::PatternPlan;
use super::value::Value;
use crate::graph::NodeKind;

/// A variable's place in a row.
pub type Slot = usize;

/// A property of a node or relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Property {
    Id,
    Name,
    Kind,
    Aliases,
    Categories,
    Document,
    Line,
    Relation,
}

impl Property {
    pub const NODE: [Property; 7] = [
        Property::Id,
        Property::Name,
        Property::Kind,
        Property::Aliases,
        Property::Categories,
        Property::Document,
        Property::Line,
    ];
    pub const RELATIONSHIP: [Property; 3] =
        [Property::Relation, Property::Document, Property::Line];

    pub fn as_str(self) -> &'static str {
        match self {
            Property::Id => "id",
            Property::Name => "name",
            Property::Kind => "kind",
            Property::Aliases => "aliases",
            Property::Categories => "categories",
            Property::Document => "document",
            Property::Line => "line",
            Property::Relation => "relation",
        }
    }

    /// The property called `key` (exactly, as Cypher compares keys).
    pub fn parse(key: &str) -> Option<Self> {
        Self::NODE
            .into_iter()
            .chain([Property::Relation])
            .find(|p| p.as_str() == key)
    }
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    StartsWith,
    EndsWith,
    Contains,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "OR",
            BinOp::Xor => "XOR",
            BinOp::And => "AND",
            BinOp::Eq => "=",
            BinOp::Ne => "<>",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "IN",
            BinOp::StartsWith => "STARTS WITH",
            BinOp::EndsWith => "ENDS WITH",
            BinOp::Contains => "CONTAINS",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
        }
    }
}

/// Scalar functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Type,
    Labels,
    Length,
    Nodes,
    Relationships,
    Size,
    ToLower,
    ToUpper,
    Trim,
    Coalesce,
    Head,
    Last,
    Resolve,
    ToString,
    ToInteger,
    StartNode,
    EndNode,
    Keys,
    Properties,
    Reverse,
    Abs,
}

impl Function {
    pub const ALL: [Function; 21] = [
        Function::Type,
        Function::Labels,
        Function::Length,
        Function::Nodes,
        Function::Relationships,
        Function::Size,
        Function::ToLower,
        Function::ToUpper,
        Function::Trim,
        Function::Coalesce,
        Function::Head,
        Function::Last,
        Function::Resolve,
        Function::ToString,
        Function::ToInteger,
        Function::StartNode,
        Function::EndNode,
        Function::Keys,
        Function::Properties,
        Function::Reverse,
        Function::Abs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Function::Type => "type",
            Function::Labels => "labels",
            Function::Length => "length",
            Function::Nodes => "nodes",
            Function::Relationships => "relationships",
            Function::Size => "size",
            Function::ToLower => "toLower",
            Function::ToUpper => "toUpper",
            Function::Trim => "trim",
            Function::Coalesce => "coalesce",
            Function::Head => "head",
            Function::Last => "last",
            Function::Resolve => "resolve",
            Function::ToString => "toString",
            Function::ToInteger => "toInteger",
            Function::StartNode => "startNode",
            Function::EndNode => "endNode",
            Function::Keys => "keys",
            Function::Properties => "properties",
            Function::Reverse => "reverse",
            Function::Abs => "abs",
        }
    }

    /// Function names compare case-insensitively, as in Cypher.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(name))
    }

    /// How many arguments it takes: at least, at most.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Function::Coalesce => (1, usize::MAX),
            _ => (1, 1),
        }
    }
}

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateFn {
    CountStar,
    Count,
    Collect,
    Min,
    Max,
    Sum,
    Avg,
}

impl AggregateFn {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "count" => AggregateFn::Count,
            "collect" => AggregateFn::Collect,
            "min" => AggregateFn::Min,
            "max" => AggregateFn::Max,
            "sum" => AggregateFn::Sum,
            "avg" => AggregateFn::Avg,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AggregateFn::CountStar | AggregateFn::Count => "count",
            AggregateFn::Collect => "collect",
            AggregateFn::Min => "min",
            AggregateFn::Max => "max",
            AggregateFn::Sum => "sum",
            AggregateFn::Avg => "avg",
        }
    }
}

/// One aggregate of a grouping.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub function: AggregateFn,
    pub distinct: bool,
    /// `None` for `count(*)`.
    pub argument: Option<Expr>,
}

/// An expression over a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Literal(Value),
    Variable(Slot),
    Property(Box<Expr>, Property),
    /// A key of a map value.
    Key(Box<Expr>, String),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `n:Label` (every label given); a node has exactly one.
    HasLabels(Box<Expr>, Vec<NodeKind>),
    List(Vec<Expr>),
    Map(Vec<(String, Expr)>),
    Call(Function, Vec<Expr>),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Case {
        operand: Option<Box<Expr>>,
        arms: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    /// `[x IN list WHERE p | e]`: `x` is a slot of its own.
    Comprehension {
        slot: Slot,
        list: Box<Expr>,
        predicate: Option<Box<Expr>>,
        projection: Option<Box<Expr>>,
    },
    /// A pattern predicate or `exists { ... }`: whether the pattern
    /// matches with the row's variables bound.
    Exists(Box<PatternPlan>),
}

impl Expr {
    pub fn binary(op: BinOp, left: Expr, right: Expr) -> Self {
        Expr::Binary(op, Box::new(left), Box::new(right))
    }

    /// Every slot the expression reads, including those its patterns read.
    pub fn slots(&self, out: &mut Vec<Slot>) {
        match self {
            Expr::Literal(_) => {}
            Expr::Variable(s) => out.push(*s),
            Expr::Property(e, _)
            | Expr::Key(e, _)
            | Expr::Not(e)
            | Expr::Negate(e)
            | Expr::IsNull { expr: e, .. }
            | Expr::HasLabels(e, _) => e.slots(out),
            Expr::Binary(_, a, b) | Expr::Index(a, b) => {
                a.slots(out);
                b.slots(out);
            }
            Expr::List(items) | Expr::Call(_, items) => items.iter().for_each(|e| e.slots(out)),
            Expr::Map(entries) => entries.iter().for_each(|(_, e)| e.slots(out)),
            Expr::Slice(e, a, b) => {
                e.slots(out);
                a.iter().chain(b).for_each(|e| e.slots(out));
            }
            Expr::Case {
                operand,
                arms,
                otherwise,
            } => {
                operand.iter().chain(otherwise).for_each(|e| e.slots(out));
                for (w, t) in arms {
                    w.slots(out);
                    t.slots(out);
                }
            }
            Expr::Comprehension {
                slot,
                list,
                predicate,
                projection,
            } => {
                list.slots(out);
                let mut inner = Vec::new();
                predicate
                    .iter()
                    .chain(projection)
                    .for_each(|e| e.slots(&mut inner));
                out.extend(inner.into_iter().filter(|s| s != slot));
            }
            Expr::Exists(pattern) => out.extend(pattern.outer_slots()),
        }
    }

    /// The conjuncts of an `AND` chain.
    pub fn conjuncts(self) -> Vec<Expr> {
        match self {
            Expr::Binary(BinOp::And, a, b) => {
                let mut list = a.conjuncts();
                list.extend(b.conjuncts());
                list
            }
            other => vec![other],
        }
    }

    /// Cypher-like text, with slots named by `names`.
    pub fn show(&self, names: &[String]) -> String {
        let mut out = String::new();
        self.write(names, &mut out);
        out
    }

    fn write(&self, names: &[String], out: &mut String) {
        let list = |items: &[Expr], out: &mut String| {
            for (i, e) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                e.write(names, out);
            }
        };
        match self {
            Expr::Literal(v) => write_literal(v, out),
            Expr::Variable(s) => out.push_str(names.get(*s).map_or("?", String::as_str)),
            Expr::Property(e, p) => {
                e.write(names, out);
                out.push('.');
                out.push_str(p.as_str());
            }
            Expr::Key(e, k) => {
                e.write(names, out);
                out.push('.');
                out.push_str(k);
            }
            Expr::Not(e) => {
                out.push_str("NOT ");
                e.write(names, out);
            }
            Expr::Negate(e) => {
                out.push('-');
                e.write(names, out);
            }
            Expr::Binary(op, a, b) => {
                out.push('(');
                a.write(names, out);
                let _ = write!(out, " {} ", op.symbol());
                b.write(names, out);
                out.push(')');
            }
            Expr::IsNull { expr, negated } => {
                expr.write(names, out);
                out.push_str(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            Expr::HasLabels(e, labels) => {
                e.write(names, out);
                for l in labels {
                    out.push(':');
                    out.push_str(label_name(*l));
                }
            }
            Expr::List(items) => {
                out.push('[');
                list(items, out);
                out.push(']');
            }
            Expr::Map(entries) => {
                out.push('{');
                for (i, (k, e)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{k}: ");
                    e.write(names, out);
                }
                out.push('}');
            }
            Expr::Call(f, args) => {
                out.push_str(f.as_str());
                out.push('(');
                list(args, out);
                out.push(')');
            }
            Expr::Index(e, i) => {
                e.write(names, out);
                out.push('[');
                i.write(names, out);
                out.push(']');
            }
            Expr::Slice(e, a, b) => {
                e.write(names, out);
                out.push('[');
                if let Some(a) = a {
                    a.write(names, out);
                }
                out.push_str("..");
                if let Some(b) = b {
                    b.write(names, out);
                }
                out.push(']');
            }
            Expr::Case { .. } => out.push_str("CASE ... END"),
            Expr::Comprehension { slot, list, .. } => {
                out.push('[');
                out.push_str(names.get(*slot).map_or("?", String::as_str));
                out.push_str(" IN ");
                list.write(names, out);
                out.push_str(" ...]");
            }
            Expr::Exists(p) => {
                out.push_str("exists(");
                out.push_str(&p.show(names));
                out.push(')');
            }
        }
    }
}

fn write_literal(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(out, "{f:?}");
        }
        Value::String(s) => {
            let _ = write!(out, "'{}'", s.replace('\'', "\\'"));
        }
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_literal(item, out);
            }
            out.push(']');
        }
        other => out.push_str(other.type_name()),
    }
}

/// A node kind's label: `Category`, `Service`, `Concept`.
pub fn label_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Category => "Category",
        NodeKind::Service => "Service",
        NodeKind::Concept => "Concept",
    }
}

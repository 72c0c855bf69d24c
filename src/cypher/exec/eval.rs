//! Expressions over a row: operators with Cypher's `null` logic, the
//! graph's properties and the scalar functions.

use std::cmp::Ordering;

use super::{Executor, Row};
use crate::cypher::error::CypherError;
use crate::cypher::expr::{BinOp, Expr, Function, Property};
use crate::cypher::value::{Value, compare, equals};

fn type_error(what: &str, value: &Value) -> CypherError {
    CypherError::Type(format!("{what} cannot take a {}", value.type_name()))
}

impl Executor<'_> {
    pub(crate) fn eval(&mut self, expr: &Expr, row: &Row) -> Result<Value, CypherError> {
        Ok(match expr {
            Expr::Literal(v) => v.clone(),
            Expr::Variable(s) => row[*s].clone(),
            Expr::Property(base, p) => {
                let base = self.eval(base, row)?;
                self.property(&base, *p)
            }
            Expr::Key(base, key) => match self.eval(base, row)? {
                Value::Null => Value::Null,
                Value::Map(entries) => entries
                    .into_iter()
                    .find(|(k, _)| k == key)
                    .map_or(Value::Null, |(_, v)| v),
                element @ (Value::Node(_) | Value::Relationship(_)) => match Property::parse(key) {
                    Some(p) => self.property(&element, p),
                    None => Value::Null,
                },
                other => return Err(type_error("a property lookup", &other)),
            },
            Expr::Not(e) => match self.eval(e, row)? {
                Value::Null => Value::Null,
                Value::Bool(b) => Value::Bool(!b),
                other => return Err(type_error("NOT", &other)),
            },
            Expr::Negate(e) => match self.eval(e, row)? {
                Value::Null => Value::Null,
                Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(overflow)?),
                Value::Float(f) => Value::Float(-f),
                other => return Err(type_error("-", &other)),
            },
            Expr::Binary(op, a, b) => self.binary(*op, a, b, row)?,
            Expr::IsNull { expr, negated } => {
                Value::Bool(self.eval(expr, row)?.is_null() != *negated)
            }
            Expr::HasLabels(e, labels) => match self.eval(e, row)? {
                Value::Null => Value::Null,
                Value::Node(n) => {
                    let kind = self.graph.node(n).kind;
                    Value::Bool(labels.iter().all(|l| *l == kind))
                }
                other => return Err(type_error("a label test", &other)),
            },
            Expr::List(items) => Value::List(
                items
                    .iter()
                    .map(|e| self.eval(e, row))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, e)| Ok((k.clone(), self.eval(e, row)?)))
                    .collect::<Result<_, CypherError>>()?,
            ),
            Expr::Call(f, args) => {
                if *f == Function::Coalesce {
                    for a in args {
                        let v = self.eval(a, row)?;
                        if !v.is_null() {
                            return Ok(v);
                        }
                    }
                    return Ok(Value::Null);
                }
                let v = self.eval(&args[0], row)?;
                self.function(*f, v)?
            }
            Expr::Index(e, i) => {
                let (list, index) = (self.eval(e, row)?, self.eval(i, row)?);
                match (list, index) {
                    (Value::Null, _) | (_, Value::Null) => Value::Null,
                    (Value::List(items), Value::Int(i)) => {
                        let len = items.len() as i64;
                        let at = if i < 0 { len + i } else { i };
                        if (0..len).contains(&at) {
                            items[at as usize].clone()
                        } else {
                            Value::Null
                        }
                    }
                    (Value::Map(entries), Value::String(k)) => entries
                        .into_iter()
                        .find(|(key, _)| *key == k)
                        .map_or(Value::Null, |(_, v)| v),
                    (element @ (Value::Node(_) | Value::Relationship(_)), Value::String(k)) => {
                        match Property::parse(&k) {
                            Some(p) => self.property(&element, p),
                            None => Value::Null,
                        }
                    }
                    (other, _) => return Err(type_error("an index", &other)),
                }
            }
            Expr::Slice(e, from, to) => {
                let list = self.eval(e, row)?;
                let from = match from {
                    Some(f) => self.eval(f, row)?,
                    None => Value::Int(0),
                };
                let to = match to {
                    Some(t) => self.eval(t, row)?,
                    None => Value::Int(i64::MAX),
                };
                match (list, from, to) {
                    (Value::List(items), Value::Int(f), Value::Int(t)) => {
                        let len = items.len() as i64;
                        let clamp =
                            |i: i64| (if i < 0 { len + i } else { i }).clamp(0, len) as usize;
                        let (f, t) = (clamp(f), clamp(t));
                        Value::List(if f < t {
                            items[f..t].to_vec()
                        } else {
                            Vec::new()
                        })
                    }
                    _ => Value::Null,
                }
            }
            Expr::Case {
                operand,
                arms,
                otherwise,
            } => {
                let subject = match operand {
                    Some(o) => Some(self.eval(o, row)?),
                    None => None,
                };
                for (when, then) in arms {
                    let hit = match &subject {
                        Some(s) => equals(s, &self.eval(when, row)?) == Some(true),
                        None => self.test(when, row)?,
                    };
                    if hit {
                        return self.eval(then, row);
                    }
                }
                match otherwise {
                    Some(e) => self.eval(e, row)?,
                    None => Value::Null,
                }
            }
            Expr::Comprehension {
                slot,
                list,
                predicate,
                projection,
            } => match self.eval(list, row)? {
                Value::Null => Value::Null,
                Value::List(items) => {
                    self.tick(items.len())?;
                    let mut inner = row.clone();
                    let mut out = Vec::new();
                    for item in items {
                        inner[*slot] = item;
                        if let Some(p) = predicate
                            && !self.test(p, &inner)?
                        {
                            continue;
                        }
                        out.push(match projection {
                            Some(e) => self.eval(e, &inner)?,
                            None => inner[*slot].clone(),
                        });
                    }
                    Value::List(out)
                }
                other => return Err(type_error("a list comprehension", &other)),
            },
            Expr::Exists(pattern) => {
                let mut found = Vec::new();
                self.match_pattern(pattern, row, &mut found, 1)?;
                Value::Bool(!found.is_empty())
            }
        })
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, row: &Row) -> Result<Value, CypherError> {
        // Logic first: it may not need its right side.
        if matches!(op, BinOp::And | BinOp::Or | BinOp::Xor) {
            let left = self.eval(a, row)?.truth().map_err(|t| logic_error(op, t))?;
            match (op, left) {
                (BinOp::And, Some(false)) => return Ok(Value::Bool(false)),
                (BinOp::Or, Some(true)) => return Ok(Value::Bool(true)),
                _ => {}
            }
            let right = self.eval(b, row)?.truth().map_err(|t| logic_error(op, t))?;
            return Ok(match (op, left, right) {
                (BinOp::And, _, Some(false)) => Value::Bool(false),
                (BinOp::And, Some(true), Some(true)) => Value::Bool(true),
                (BinOp::Or, _, Some(true)) => Value::Bool(true),
                (BinOp::Or, Some(false), Some(false)) => Value::Bool(false),
                (BinOp::Xor, Some(x), Some(y)) => Value::Bool(x != y),
                _ => Value::Null,
            });
        }
        let x = self.eval(a, row)?;
        let y = self.eval(b, row)?;
        let ordered = |want: fn(Ordering) -> bool| -> Value {
            compare(&x, &y).map_or(Value::Null, |o| Value::Bool(want(o)))
        };
        Ok(match op {
            BinOp::Eq => equals(&x, &y).into(),
            BinOp::Ne => equals(&x, &y).map(|e| !e).into(),
            BinOp::Lt => ordered(|o| o == Ordering::Less),
            BinOp::Le => ordered(|o| o != Ordering::Greater),
            BinOp::Gt => ordered(|o| o == Ordering::Greater),
            BinOp::Ge => ordered(|o| o != Ordering::Less),
            BinOp::In => match &y {
                Value::Null => Value::Null,
                Value::List(items) => {
                    let mut unknown = false;
                    for item in items {
                        match equals(&x, item) {
                            Some(true) => return Ok(Value::Bool(true)),
                            None => unknown = true,
                            Some(false) => {}
                        }
                    }
                    if unknown {
                        Value::Null
                    } else {
                        Value::Bool(false)
                    }
                }
                other => return Err(type_error("IN", other)),
            },
            BinOp::StartsWith | BinOp::EndsWith | BinOp::Contains => match (&x, &y) {
                (Value::String(s), Value::String(t)) => Value::Bool(match op {
                    BinOp::StartsWith => s.starts_with(t.as_str()),
                    BinOp::EndsWith => s.ends_with(t.as_str()),
                    _ => s.contains(t.as_str()),
                }),
                _ => Value::Null,
            },
            _ => {
                let value = arithmetic(op, x, y)?;
                // What grows with each step costs its size, so doubling a
                // string or list in a loop of WITHs meets the budget.
                match &value {
                    Value::String(s) => self.tick(s.len() / 16)?,
                    Value::List(items) => self.tick(items.len())?,
                    _ => {}
                }
                value
            }
        })
    }
}

fn logic_error(op: BinOp, found: &str) -> CypherError {
    CypherError::Type(format!("{} takes booleans, not a {found}", op.symbol()))
}

fn overflow() -> CypherError {
    CypherError::Type("integer overflow".into())
}

fn arithmetic(op: BinOp, x: Value, y: Value) -> Result<Value, CypherError> {
    Ok(match (op, x, y) {
        (_, Value::Null, _) | (_, _, Value::Null) => Value::Null,
        (BinOp::Add, Value::String(s), Value::String(t)) => Value::String(s + &t),
        (BinOp::Add, Value::String(s), Value::Int(i)) => Value::String(format!("{s}{i}")),
        (BinOp::Add, Value::Int(i), Value::String(s)) => Value::String(format!("{i}{s}")),
        (BinOp::Add, Value::List(mut a), Value::List(b)) => {
            a.extend(b);
            Value::List(a)
        }
        (BinOp::Add, Value::List(mut a), item) => {
            a.push(item);
            Value::List(a)
        }
        (op, Value::Int(a), Value::Int(b)) => Value::Int(
            match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::Div | BinOp::Mod if b == 0 => {
                    return Err(CypherError::Type("division by zero".into()));
                }
                BinOp::Div => a.checked_div(b),
                BinOp::Mod => a.checked_rem(b),
                _ => return Ok(Value::Float((a as f64).powf(b as f64))),
            }
            .ok_or_else(overflow)?,
        ),
        (op, x @ (Value::Int(_) | Value::Float(_)), y @ (Value::Int(_) | Value::Float(_))) => {
            let (a, b) = (as_f64(&x), as_f64(&y));
            Value::Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                BinOp::Mod => a % b,
                _ => a.powf(b),
            })
        }
        (op, x, _) => return Err(type_error(op.symbol(), &x)),
    })
}

fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Float(f) => *f,
        _ => f64::NAN,
    }
}

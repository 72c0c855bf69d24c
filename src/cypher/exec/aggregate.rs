//! Grouping and aggregates: rows grouped by their key values, in the order
//! each group first appears; with no keys, one row even for no input.

use hashbrown::{HashMap, HashSet};

use super::{Executor, Row};
use crate::cypher::error::CypherError;
use crate::cypher::expr::{Aggregate, AggregateFn, Expr, Slot};
use crate::cypher::value::{Value, compare};

/// One aggregate's running state.
#[derive(Debug, Clone)]
enum State {
    Count(i64),
    Collect(Vec<Value>),
    Extreme(Option<Value>),
    Sum {
        int: i64,
        float: f64,
        is_float: bool,
    },
    Avg {
        sum: f64,
        count: usize,
    },
}

struct Accumulator {
    state: State,
    seen: Option<HashSet<Value>>,
}

impl Accumulator {
    fn new(aggregate: &Aggregate) -> Self {
        let state = match aggregate.function {
            AggregateFn::CountStar | AggregateFn::Count => State::Count(0),
            AggregateFn::Collect => State::Collect(Vec::new()),
            AggregateFn::Min | AggregateFn::Max => State::Extreme(None),
            AggregateFn::Sum => State::Sum {
                int: 0,
                float: 0.0,
                is_float: false,
            },
            AggregateFn::Avg => State::Avg { sum: 0.0, count: 0 },
        };
        Self {
            state,
            seen: aggregate.distinct.then(HashSet::new),
        }
    }

    fn add(&mut self, function: AggregateFn, value: Value) -> Result<(), CypherError> {
        if function == AggregateFn::CountStar {
            if let State::Count(n) = &mut self.state {
                *n += 1;
            }
            return Ok(());
        }
        if value.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(value.clone())
        {
            return Ok(());
        }
        match &mut self.state {
            State::Count(n) => *n += 1,
            State::Collect(items) => items.push(value),
            State::Extreme(best) => {
                let better = match best {
                    None => true,
                    Some(b) => match compare(&value, b) {
                        Some(o) => (function == AggregateFn::Min) == o.is_lt() && o.is_ne(),
                        // Mixed types: fall back to the sort order.
                        None => {
                            let o = crate::cypher::value::order(&value, b);
                            (function == AggregateFn::Min) == o.is_lt() && o.is_ne()
                        }
                    },
                };
                if better {
                    *best = Some(value);
                }
            }
            State::Sum {
                int,
                float,
                is_float,
            } => match value {
                Value::Int(i) => {
                    *float += i as f64;
                    match int.checked_add(i) {
                        Some(s) => *int = s,
                        None => *is_float = true,
                    }
                }
                Value::Float(f) => {
                    *float += f;
                    *is_float = true;
                }
                other => {
                    return Err(CypherError::Type(format!(
                        "sum() takes numbers, not a {}",
                        other.type_name()
                    )));
                }
            },
            State::Avg { sum, count } => match value {
                Value::Int(i) => {
                    *sum += i as f64;
                    *count += 1;
                }
                Value::Float(f) => {
                    *sum += f;
                    *count += 1;
                }
                other => {
                    return Err(CypherError::Type(format!(
                        "avg() takes numbers, not a {}",
                        other.type_name()
                    )));
                }
            },
        }
        Ok(())
    }

    fn finish(self) -> Value {
        match self.state {
            State::Count(n) => Value::Int(n),
            State::Collect(items) => Value::List(items),
            State::Extreme(best) => best.unwrap_or(Value::Null),
            State::Sum {
                int,
                float,
                is_float,
            } => {
                if is_float {
                    Value::Float(float)
                } else {
                    Value::Int(int)
                }
            }
            State::Avg { sum, count } => {
                if count == 0 {
                    Value::Null
                } else {
                    Value::Float(sum / count as f64)
                }
            }
        }
    }
}

impl Executor<'_> {
    pub(super) fn aggregate(
        &mut self,
        input: Vec<Row>,
        keys: &[(Expr, Slot)],
        aggregates: &[(Aggregate, Slot)],
    ) -> Result<Vec<Row>, CypherError> {
        let mut index: HashMap<Vec<Value>, usize> = HashMap::new();
        let mut groups: Vec<(Vec<Value>, Vec<Accumulator>)> = Vec::new();
        if keys.is_empty() {
            groups.push((
                Vec::new(),
                aggregates
                    .iter()
                    .map(|(a, _)| Accumulator::new(a))
                    .collect(),
            ));
            index.insert(Vec::new(), 0);
        }
        for row in input {
            let key = keys
                .iter()
                .map(|(e, _)| self.eval(e, &row))
                .collect::<Result<Vec<_>, _>>()?;
            let at = match index.get(&key) {
                Some(at) => *at,
                None => {
                    groups.push((
                        key.clone(),
                        aggregates
                            .iter()
                            .map(|(a, _)| Accumulator::new(a))
                            .collect(),
                    ));
                    index.insert(key, groups.len() - 1);
                    groups.len() - 1
                }
            };
            for ((aggregate, _), accumulator) in aggregates.iter().zip(groups[at].1.iter_mut()) {
                let value = match &aggregate.argument {
                    Some(e) => self.eval(e, &row)?,
                    None => Value::Null,
                };
                accumulator.add(aggregate.function, value)?;
            }
        }
        let width = self.width;
        Ok(groups
            .into_iter()
            .map(|(key, accumulators)| {
                let mut row = vec![Value::Null; width];
                for ((_, slot), value) in keys.iter().zip(key) {
                    row[*slot] = value;
                }
                for ((_, slot), accumulator) in aggregates.iter().zip(accumulators) {
                    row[*slot] = accumulator.finish();
                }
                row
            })
            .collect())
    }
}

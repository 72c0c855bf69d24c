//! Expressions: the AST's to typed [`Expr`]s, with parameters substituted
//! and aggregates lifted out into their own slots.
//!
//! Longer than most files here: one match over the AST's expression kinds,
//! each arm short; split, the arms would only move apart.

use open_cypher::ast::{self, BinaryOperator, ExprKind, LiteralKind, UnaryOperator};

use super::{Lowerer, VarKind};
use crate::cypher::error::{CypherError, closest};
use crate::cypher::expr::{Aggregate, AggregateFn, BinOp, Expr, Function, Property};
use crate::cypher::value::Value;

/// How deeply expressions may nest (parentheses, operators, lists): far
/// past what a person writes, and well within a worker thread's stack for
/// the recursive lowering and evaluation.
pub const MAX_NESTING: usize = 64;

impl Lowerer<'_> {
    pub(crate) fn expr(&mut self, expr: &ast::Expr) -> Result<Expr, CypherError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(
                expr.span,
                format!(
                    "the expression nests deeper than {MAX_NESTING} levels; split it with WITH"
                ),
            ));
        }
        let lowered = self.expr_inner(expr);
        self.depth -= 1;
        lowered
    }

    fn expr_inner(&mut self, expr: &ast::Expr) -> Result<Expr, CypherError> {
        Ok(match &expr.kind {
            ExprKind::Literal(literal) => Expr::Literal(self.literal(literal)?),
            ExprKind::Variable(name) => match self.lookup(&name.kind.text) {
                Some(slot) => Expr::Variable(slot),
                None => return Err(self.unknown_variable(name)),
            },
            ExprKind::Parameter(parameter) => {
                let name = match &parameter.name {
                    ast::ParameterName::Named(n) | ast::ParameterName::Positional(n) => n,
                    _ => return Err(self.error(expr.span, "unsupported parameter")),
                };
                match self.parameters.get(name.as_str()) {
                    Some(value) => Expr::Literal(from_json(value)),
                    None => {
                        let known: Vec<&str> = self.parameters.keys().map(String::as_str).collect();
                        return Err(self
                            .error(
                                expr.span,
                                format!(
                                    "parameter `${name}` was not supplied; send it in `parameters`"
                                ),
                            )
                            .with_suggestions(closest(name, known)));
                    }
                }
            }
            ExprKind::List(items) => Expr::List(
                items
                    .iter()
                    .map(|e| self.expr(e))
                    .collect::<Result<_, _>>()?,
            ),
            ExprKind::Map(entries) => Expr::Map(
                entries
                    .iter()
                    .map(|entry| Ok((entry.key.kind.text.clone(), self.expr(&entry.value)?)))
                    .collect::<Result<_, CypherError>>()?,
            ),
            ExprKind::Unary { operator, operand } => {
                let inner = self.expr(operand)?;
                match operator.kind {
                    UnaryOperator::Not => Expr::Not(Box::new(inner)),
                    UnaryOperator::Minus => match inner {
                        Expr::Literal(Value::Int(i)) => Expr::Literal(Value::Int(-i)),
                        Expr::Literal(Value::Float(f)) => Expr::Literal(Value::Float(-f)),
                        other => Expr::Negate(Box::new(other)),
                    },
                    _ => inner,
                }
            }
            ExprKind::Binary {
                left,
                operator,
                right,
            } => {
                let op = match operator.kind {
                    BinaryOperator::Or => BinOp::Or,
                    BinaryOperator::Xor => BinOp::Xor,
                    BinaryOperator::And => BinOp::And,
                    BinaryOperator::Equal => BinOp::Eq,
                    BinaryOperator::NotEqual => BinOp::Ne,
                    BinaryOperator::Less => BinOp::Lt,
                    BinaryOperator::LessEqual => BinOp::Le,
                    BinaryOperator::Greater => BinOp::Gt,
                    BinaryOperator::GreaterEqual => BinOp::Ge,
                    BinaryOperator::In => BinOp::In,
                    BinaryOperator::StartsWith => BinOp::StartsWith,
                    BinaryOperator::EndsWith => BinOp::EndsWith,
                    BinaryOperator::Contains => BinOp::Contains,
                    BinaryOperator::Add | BinaryOperator::Concat => BinOp::Add,
                    BinaryOperator::Subtract => BinOp::Sub,
                    BinaryOperator::Multiply => BinOp::Mul,
                    BinaryOperator::Divide => BinOp::Div,
                    BinaryOperator::Remainder => BinOp::Mod,
                    BinaryOperator::Power => BinOp::Pow,
                    _ => {
                        return Err(self.error(
                            operator.span,
                            "regular expressions are not supported; use STARTS WITH, ENDS WITH or CONTAINS",
                        ));
                    }
                };
                Expr::binary(op, self.expr(left)?, self.expr(right)?)
            }
            ExprKind::Is {
                expression,
                negated,
                predicate,
            } => {
                let inner = self.expr(expression)?;
                match predicate {
                    ast::IsPredicate::Null => Expr::IsNull {
                        expr: Box::new(inner),
                        negated: *negated,
                    },
                    ast::IsPredicate::Label(labels) => {
                        let mut kinds = Vec::new();
                        self.labels(labels, &mut kinds)?;
                        let test = Expr::HasLabels(Box::new(inner), kinds);
                        if *negated {
                            Expr::Not(Box::new(test))
                        } else {
                            test
                        }
                    }
                    _ => {
                        return Err(
                            self.error(expr.span, "only IS NULL and IS NOT NULL are supported")
                        );
                    }
                }
            }
            ExprKind::Property { expression, key } => {
                let base = self.expr(expression)?;
                match self.kind_of(&base) {
                    VarKind::Node => {
                        Expr::Property(Box::new(base), self.property_key(key, &Property::NODE)?)
                    }
                    VarKind::Relationship => Expr::Property(
                        Box::new(base),
                        self.property_key(key, &Property::RELATIONSHIP)?,
                    ),
                    VarKind::Relationships | VarKind::Path => {
                        return Err(self.error(
                            key.span,
                            "a list of relationships or a path has no properties; use relationships(p) or a list comprehension",
                        ));
                    }
                    VarKind::Value => Expr::Key(Box::new(base), key.kind.text.clone()),
                }
            }
            ExprKind::Index { expression, index } => Expr::Index(
                Box::new(self.expr(expression)?),
                Box::new(self.expr(index)?),
            ),
            ExprKind::Slice {
                expression,
                lower,
                upper,
            } => Expr::Slice(
                Box::new(self.expr(expression)?),
                lower
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose()?,
                upper
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose()?,
            ),
            ExprKind::Function(call) => self.call(call, expr.span)?,
            ExprKind::Case(case) => Expr::Case {
                operand: case
                    .operand
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose()?,
                arms: {
                    let mut arms = Vec::new();
                    for alternative in &case.alternatives {
                        let then = self.expr(&alternative.then)?;
                        for when in &alternative.when {
                            arms.push((self.expr(when)?, then.clone()));
                        }
                    }
                    arms
                },
                otherwise: case
                    .else_expression
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose()?,
            },
            ExprKind::ListComprehension(c) => {
                let list = self.expr(&c.list)?;
                let saved = self.scope.clone();
                let slot = self.declare(&c.variable.kind.text, VarKind::Value);
                let predicate = c
                    .predicate
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose();
                let projection = c
                    .projection
                    .as_ref()
                    .map(|e| self.expr(e).map(Box::new))
                    .transpose();
                self.scope = saved;
                Expr::Comprehension {
                    slot,
                    list: Box::new(list),
                    predicate: predicate?,
                    projection: projection?,
                }
            }
            ExprKind::QuantifiedPredicate(q) => {
                let list = self.expr(&q.list)?;
                let saved = self.scope.clone();
                let slot = self.declare(&q.variable.kind.text, VarKind::Value);
                let predicate = self.expr(&q.predicate);
                self.scope = saved;
                let predicate = predicate?;
                let count = |p: Expr| {
                    Expr::Call(
                        Function::Size,
                        vec![Expr::Comprehension {
                            slot,
                            list: Box::new(list.clone()),
                            predicate: Some(Box::new(p)),
                            projection: None,
                        }],
                    )
                };
                let int = |i| Expr::Literal(Value::Int(i));
                match q.kind.kind {
                    ast::QuantifiedPredicateKind::All => {
                        Expr::binary(BinOp::Eq, count(Expr::Not(Box::new(predicate))), int(0))
                    }
                    ast::QuantifiedPredicateKind::Any => {
                        Expr::binary(BinOp::Gt, count(predicate), int(0))
                    }
                    ast::QuantifiedPredicateKind::None => {
                        Expr::binary(BinOp::Eq, count(predicate), int(0))
                    }
                    _ => Expr::binary(BinOp::Eq, count(predicate), int(1)),
                }
            }
            ExprKind::Pattern(pattern) => {
                Expr::Exists(Box::new(self.pattern(pattern, None, true)?))
            }
            ExprKind::Subquery(subquery) => self.exists_subquery(subquery, expr.span)?,
            ExprKind::Parenthesized(inner) => self.expr(inner)?,
            _ => {
                return Err(self.error(
                    expr.span,
                    format!("`{}` is not supported", self.source(expr.span)),
                ));
            }
        })
    }

    fn literal(&self, literal: &ast::Literal) -> Result<Value, CypherError> {
        Ok(match &literal.kind {
            LiteralKind::Null => Value::Null,
            LiteralKind::Boolean(b) => Value::Bool(*b),
            LiteralKind::Integer(i) => {
                let text = i.text.replace('_', "");
                let parsed = match i.radix {
                    ast::IntegerRadix::Hexadecimal => i64::from_str_radix(
                        text.trim_start_matches("0x").trim_start_matches("0X"),
                        16,
                    ),
                    ast::IntegerRadix::Octal => i64::from_str_radix(
                        text.trim_start_matches("0o").trim_start_matches("0O"),
                        8,
                    ),
                    _ => text.parse(),
                };
                Value::Int(parsed.map_err(|_| self.error(literal.span, "integer out of range"))?)
            }
            LiteralKind::Float(f) => Value::Float(
                f.text
                    .parse()
                    .map_err(|_| self.error(literal.span, "not a number"))?,
            ),
            LiteralKind::String(s) => Value::String(s.value.clone()),
            _ => return Err(self.error(literal.span, "unsupported literal")),
        })
    }

    fn call(
        &mut self,
        call: &ast::FunctionInvocation,
        span: open_cypher::Span,
    ) -> Result<Expr, CypherError> {
        let name: Vec<&str> = call
            .name
            .parts
            .iter()
            .map(|p| p.kind.text.as_str())
            .collect();
        let name = name.join(".");
        let distinct = matches!(
            call.quantifier.as_ref().map(|q| q.kind),
            Some(ast::SetQuantifier::Distinct)
        );
        if let Some(function) = AggregateFn::parse(&name) {
            let star =
                matches!(call.arguments.as_slice(), [a] if matches!(a.kind, ExprKind::Wildcard));
            if call.arguments.len() != 1 {
                return Err(self.error(span, format!("{name}() takes one argument")));
            }
            let Some(mut collected) = self.aggregates.take() else {
                return Err(self.error(
                    span,
                    format!("{name}() aggregates, which only WITH and RETURN items may do"),
                ));
            };
            let argument = if star {
                if function != AggregateFn::Count {
                    self.aggregates = Some(collected);
                    return Err(self.error(span, "only count takes *"));
                }
                None
            } else {
                // No aggregate inside an aggregate.
                let inner = self.expr(&call.arguments[0]);
                match inner {
                    Ok(e) => Some(e),
                    Err(e) => {
                        self.aggregates = Some(collected);
                        return Err(e);
                    }
                }
            };
            let function = if star {
                AggregateFn::CountStar
            } else {
                function
            };
            let slot = self.hidden(VarKind::Value);
            collected.push((
                Aggregate {
                    function,
                    distinct,
                    argument,
                },
                slot,
            ));
            self.aggregates = Some(collected);
            return Ok(Expr::Variable(slot));
        }
        if name.eq_ignore_ascii_case("exists")
            && let [argument] = call.arguments.as_slice()
        {
            return match &argument.kind {
                ExprKind::Pattern(pattern) => {
                    Ok(Expr::Exists(Box::new(self.pattern(pattern, None, true)?)))
                }
                _ => Ok(Expr::IsNull {
                    expr: Box::new(self.expr(argument)?),
                    negated: true,
                }),
            };
        }
        if name.eq_ignore_ascii_case("id") || name.eq_ignore_ascii_case("elementId") {
            return Err(self.error(
                span,
                "nodes have no internal ids here; use the stable `n.id` property",
            ));
        }
        let Some(function) = Function::parse(&name) else {
            let known: Vec<&str> = Function::ALL
                .iter()
                .map(|f| f.as_str())
                .chain(["count", "collect", "min", "max", "sum", "avg", "exists"])
                .collect();
            return Err(self
                .error(call.name.span, format!("no function `{name}`"))
                .with_suggestions(closest(&name, known)));
        };
        let (min, max) = function.arity();
        if call.arguments.len() < min || call.arguments.len() > max {
            return Err(self.error(
                span,
                format!(
                    "{}() takes {}",
                    function.as_str(),
                    if max == 1 {
                        "one argument".to_owned()
                    } else {
                        format!("at least {min} arguments")
                    }
                ),
            ));
        }
        let arguments = call
            .arguments
            .iter()
            .map(|a| self.expr(a))
            .collect::<Result<_, _>>()?;
        Ok(Expr::Call(function, arguments))
    }

    /// `exists { MATCH ... WHERE ... }` (or `exists { (a)-->(b) }`).
    fn exists_subquery(
        &mut self,
        subquery: &ast::SubqueryExpression,
        span: open_cypher::Span,
    ) -> Result<Expr, CypherError> {
        if subquery.kind.kind != ast::SubqueryExpressionKind::Exists {
            return Err(self.error(span, "only EXISTS { ... } subqueries are supported"));
        }
        if let ast::QueryKind::Regular(regular) = &subquery.query.kind
            && regular.unions.is_empty()
        {
            let clauses = &regular.head.kind.clauses;
            let body = match clauses.as_slice() {
                [one] => Some(one),
                [one, last] if matches!(last.kind, ast::ClauseKind::Return(_)) => Some(one),
                _ => None,
            };
            if let Some(clause) = body
                && let ast::ClauseKind::Match(m) = &clause.kind
                && !m.optional
            {
                let pattern = self.pattern(&m.pattern, m.where_clause.as_ref(), true)?;
                return Ok(Expr::Exists(Box::new(pattern)));
            }
        }
        Err(self.error(
            span,
            "EXISTS { ... } may hold one MATCH with an optional WHERE",
        ))
    }
}

/// A parameter's JSON as a value.
pub fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            Value::Map(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

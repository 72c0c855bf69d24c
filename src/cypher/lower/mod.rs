//! The parser adapter: open-cypher's syntax tree to a typed [`Plan`].
//!
//! Names are resolved here, once: variables become slots, labels node
//! kinds, relationship types the graph's relations, properties the graph's
//! own; anything misspelt is an error with the closest names the graph
//! has. Parameters are substituted as literals. Writing clauses are
//! refused, pointing at the clause.
//!
//! Longer than most files here: one pass over the clauses, each lowered
//! where the slots it reads were bound.

mod expr;
mod pattern;

pub use expr::from_json;
pub use pattern::MEMBERSHIP_TYPE;

use open_cypher::Span;
use open_cypher::ast::{self, ClauseKind, ProjectionClause, ProjectionItemKind};

use super::error::{Bound, CypherError, closest};
use super::expr::{Aggregate, Expr, Slot};
use super::plan::{LogicalPlan, Plan};
use super::value::Value;
use super::{Bounds, Mode};
use crate::graph::KnowledgeGraph;

/// What a variable holds, as far as the planner knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VarKind {
    Node,
    Relationship,
    /// A variable-length relationship: a list of relationships.
    Relationships,
    Path,
    Value,
}

/// Parameters supplied beside the query.
pub type Parameters = serde_json::Map<String, serde_json::Value>;

/// Turns the text of one query into its mode and plan.
pub fn lower(
    text: &str,
    graph: &KnowledgeGraph,
    parameters: &Parameters,
    bounds: &Bounds,
) -> Result<(Mode, Plan), CypherError> {
    if text.len() > bounds.max_query_bytes {
        return Err(CypherError::TooExpensive {
            bound: Bound::QueryLength,
            limit: bounds.max_query_bytes,
            hint: "send a shorter query (the limit is in bytes)",
        });
    }
    check_nesting(text)?;
    // The parser's grammar has no EXPLAIN or PROFILE prefix: read it here,
    // blanking it so the offsets of everything after stay the same.
    let (prefix, body) = execution_prefix(text);
    let parsed = open_cypher::parse(&body).map_err(|errors| syntax_error(text, &errors))?;
    let Some(statement) = parsed.program.statements.first() else {
        return Err(CypherError::Syntax {
            message: "the query is empty".into(),
            at: super::error::Location::of(text, 0, 0),
        });
    };
    let ast::StatementKind::Query(query) = &statement.kind else {
        return Err(CypherError::semantic(text, statement.span, "not a query"));
    };
    let mode = match query.mode.as_ref().map(|m| m.kind) {
        Some(ast::ExecutionMode::Explain) => Mode::Explain,
        Some(ast::ExecutionMode::Profile) => Mode::Profile,
        _ => prefix,
    };
    let ast::QueryKind::Regular(regular) = &query.query.kind else {
        return Err(CypherError::semantic(text, query.query.span, "not a query"));
    };
    if let Some(union) = regular.unions.first() {
        return Err(CypherError::semantic(
            text,
            union.operator.span,
            "UNION is not supported; run the parts as separate queries",
        ));
    }
    let mut lowerer = Lowerer {
        text,
        graph,
        parameters,
        bounds,
        names: Vec::new(),
        kinds: Vec::new(),
        scope: Vec::new(),
        aggregates: None,
        depth: 0,
    };
    let plan = lowerer.query(&regular.head.kind.clauses, regular.head.span)?;
    Ok((mode, plan))
}

/// Refuses brackets nested deeper than [`expr::MAX_NESTING`] before the
/// parser sees them: its time grows with the square of the nesting, and the
/// lowering recurses once per level.
fn check_nesting(text: &str) -> Result<(), CypherError> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match (quote, c) {
            (Some(_), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '/') if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.peek().is_some_and(|(_, n)| *n != '\n') {
                    chars.next();
                }
            }
            (None, '(' | '[' | '{') => {
                depth += 1;
                if depth > expr::MAX_NESTING {
                    return Err(CypherError::semantic(
                        text,
                        Span::new(at, at + 1),
                        format!(
                            "the expression nests deeper than {} levels; split it with WITH",
                            expr::MAX_NESTING
                        ),
                    ));
                }
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// A leading `EXPLAIN` or `PROFILE` (any case), and the text with it blanked.
fn execution_prefix(text: &str) -> (Mode, std::borrow::Cow<'_, str>) {
    let trimmed = text.trim_start();
    let start = text.len() - trimmed.len();
    let word_end = trimmed
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(trimmed.len());
    let mode = match &trimmed[..word_end] {
        w if w.eq_ignore_ascii_case("explain") => Mode::Explain,
        w if w.eq_ignore_ascii_case("profile") => Mode::Profile,
        _ => return (Mode::Run, std::borrow::Cow::Borrowed(text)),
    };
    let mut body = text.to_owned();
    body.replace_range(start..start + word_end, &" ".repeat(word_end));
    (mode, std::borrow::Cow::Owned(body))
}

fn syntax_error(text: &str, errors: &open_cypher::ParseErrors) -> CypherError {
    let first = &errors.diagnostics()[0];
    // Clauses the grammar does not know but a user may try: refused as
    // writes, not as nonsense.
    let at = first.primary_span.start.min(text.len());
    let rest = text.get(at..).unwrap_or_default();
    let words: Vec<String> = rest
        .split_whitespace()
        .take(2)
        .map(str::to_ascii_uppercase)
        .collect();
    let clause = match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["LOAD", "CSV", ..] => Some("LOAD CSV"),
        ["FOREACH", ..] => Some("FOREACH"),
        ["INSERT", ..] => Some("INSERT"),
        _ => None,
    };
    if let Some(clause) = clause {
        return CypherError::ReadOnly {
            clause: clause.to_owned(),
            at: super::error::Location::of(text, at, at + clause.len()),
        };
    }
    let mut message = first.message.clone();
    if let Some(help) = &first.help {
        message.push_str("; ");
        message.push_str(help);
    }
    CypherError::Syntax {
        message,
        at: super::error::Location::of(text, first.primary_span.start, first.primary_span.end),
    }
}

/// A projection item: its column name, its expression, and the aggregates
/// lifted out of it.
type Item = (String, Expr, Vec<(Aggregate, Slot)>);

/// The state of lowering one query.
pub(crate) struct Lowerer<'a> {
    pub(crate) text: &'a str,
    pub(crate) graph: &'a KnowledgeGraph,
    pub(crate) parameters: &'a Parameters,
    pub(crate) bounds: &'a Bounds,
    /// Per slot: its name (hidden ones start with a space) and kind.
    pub(crate) names: Vec<String>,
    pub(crate) kinds: Vec<VarKind>,
    /// Visible variables, latest last.
    pub(crate) scope: Vec<(String, Slot)>,
    /// While lowering a projection item: the aggregates met so far.
    pub(crate) aggregates: Option<Vec<(Aggregate, Slot)>>,
    /// How deeply the expression being lowered nests.
    pub(crate) depth: usize,
}

impl Lowerer<'_> {
    pub(crate) fn error(&self, span: Span, message: impl Into<String>) -> CypherError {
        CypherError::semantic(self.text, span, message)
    }

    pub(crate) fn source(&self, span: Span) -> &str {
        span.text(self.text).unwrap_or_default()
    }

    /// A new slot.
    pub(crate) fn slot(&mut self, name: &str, kind: VarKind) -> Slot {
        self.names.push(name.to_owned());
        self.kinds.push(kind);
        self.names.len() - 1
    }

    /// A new slot with no name a query can write.
    pub(crate) fn hidden(&mut self, kind: VarKind) -> Slot {
        let name = format!(" {}", self.names.len());
        self.slot(&name, kind)
    }

    /// A new visible variable.
    pub(crate) fn declare(&mut self, name: &str, kind: VarKind) -> Slot {
        let slot = self.slot(name, kind);
        self.scope.push((name.to_owned(), slot));
        slot
    }

    pub(crate) fn lookup(&self, name: &str) -> Option<Slot> {
        self.scope
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
    }

    pub(crate) fn unknown_variable(&self, name: &ast::Name) -> CypherError {
        let known: Vec<&str> = self.scope.iter().map(|(n, _)| n.as_str()).collect();
        self.error(
            name.span,
            format!("variable `{}` is not defined", name.kind.text),
        )
        .with_suggestions(closest(&name.kind.text, known))
    }

    fn query(&mut self, clauses: &[ast::Clause], span: Span) -> Result<Plan, CypherError> {
        let mut plan = LogicalPlan::Unit;
        let mut fields = None;
        for (i, clause) in clauses.iter().enumerate() {
            if fields.is_some() {
                return Err(self.error(clause.span, "RETURN must be the last clause"));
            }
            plan = match &clause.kind {
                ClauseKind::Match(m) => self.match_clause(plan, m, clause.span)?,
                ClauseKind::Unwind(u) => {
                    let list = self.expr(&u.expression)?;
                    let slot = self.declare(&u.variable.kind.text, VarKind::Value);
                    LogicalPlan::Unwind {
                        input: Box::new(plan),
                        list,
                        slot,
                    }
                }
                ClauseKind::With(w) => {
                    let (plan, _) = self.projection(plan, &w.projection)?;
                    match &w.where_clause {
                        Some(predicate) => LogicalPlan::Filter {
                            input: Box::new(plan),
                            predicate: self.expr(predicate)?,
                        },
                        None => plan,
                    }
                }
                ClauseKind::Return(r) => {
                    let (plan, items) = self.projection(plan, &r.projection)?;
                    fields = Some(items);
                    plan
                }
                other => return Err(self.refuse(other, clause.span, i)),
            };
        }
        let Some(fields) = fields else {
            let end = Span::new(span.end, span.end);
            return Err(self.error(end, "a query must end with RETURN"));
        };
        Ok(Plan {
            root: plan,
            names: std::mem::take(&mut self.names),
            fields,
        })
    }

    fn refuse(&self, clause: &ClauseKind, span: Span, _index: usize) -> CypherError {
        let name = match clause {
            ClauseKind::Create(_) => "CREATE",
            ClauseKind::Insert(_) => "INSERT",
            ClauseKind::Merge(_) => "MERGE",
            ClauseKind::Delete(_) => "DELETE",
            ClauseKind::Set(_) => "SET",
            ClauseKind::Remove(_) => "REMOVE",
            ClauseKind::Foreach(_) => "FOREACH",
            ClauseKind::LoadCsv(_) => "LOAD CSV",
            ClauseKind::Call(_) => "CALL",
            _ => {
                let keyword = self.source(span).split_whitespace().next().unwrap_or("");
                return self.error(
                    span,
                    format!(
                        "`{keyword}` is not supported; the clauses served are MATCH, OPTIONAL MATCH, WITH, UNWIND and RETURN"
                    ),
                );
            }
        };
        CypherError::ReadOnly {
            clause: name.to_owned(),
            at: super::error::Location::of(self.text, span.start, span.end),
        }
    }

    /// `WITH` or `RETURN`: the plan, and the named columns it leaves in scope.
    fn projection(
        &mut self,
        input: LogicalPlan,
        projection: &ProjectionClause,
    ) -> Result<(LogicalPlan, Vec<(String, Slot)>), CypherError> {
        let distinct = matches!(
            projection.quantifier.as_ref().map(|q| q.kind),
            Some(ast::SetQuantifier::Distinct)
        );
        // Items: (column name, expression, has aggregates).
        let mut items: Vec<Item> = Vec::new();
        for item in &projection.items {
            match &item.kind {
                ProjectionItemKind::Wildcard => {
                    let mut visible: Vec<(String, Slot)> = self.scope.clone();
                    visible.sort_by(|a, b| a.0.cmp(&b.0));
                    visible.dedup_by(|a, b| a.0 == b.0);
                    for (name, _) in visible {
                        let slot = self.lookup(&name).expect("in scope");
                        items.push((name, Expr::Variable(slot), Vec::new()));
                    }
                }
                ProjectionItemKind::Expression { expression, alias } => {
                    let name = match alias {
                        Some(a) => a.kind.text.clone(),
                        None => self.source(expression.span).to_owned(),
                    };
                    self.aggregates = Some(Vec::new());
                    let lowered = self.expr(expression);
                    let aggregates = self.aggregates.take().unwrap_or_default();
                    items.push((name, lowered?, aggregates));
                }
                _ => return Err(self.error(item.span, "unsupported projection item")),
            }
        }
        if items.is_empty() {
            return Err(self.error(projection.span, "nothing to return"));
        }
        let aggregating = items.iter().any(|(_, _, a)| !a.is_empty());
        let previous_scope = self.scope.clone();
        let mut plan = input;
        let mut columns = Vec::new();
        if aggregating {
            let mut keys = Vec::new();
            let mut aggregates = Vec::new();
            let mut outputs = Vec::new();
            for (name, expr, aggs) in items {
                let kind = self.kind_of(&expr);
                if aggs.is_empty() {
                    let slot = self.slot(&name, kind);
                    keys.push((expr, slot));
                    outputs.push((Expr::Variable(slot), name, kind));
                } else {
                    aggregates.extend(aggs);
                    outputs.push((expr, name, kind));
                }
            }
            plan = LogicalPlan::Aggregate {
                input: Box::new(plan),
                keys,
                aggregates,
            };
            let mut projected = Vec::new();
            for (expr, name, kind) in outputs {
                let slot = self.slot(&name, kind);
                projected.push((expr, slot));
                columns.push((name, slot));
            }
            plan = LogicalPlan::Project {
                input: Box::new(plan),
                items: projected,
                keep: false,
            };
        } else {
            let mut projected = Vec::new();
            for (name, expr, _) in items {
                let kind = self.kind_of(&expr);
                let slot = self.slot(&name, kind);
                projected.push((expr, slot));
                columns.push((name, slot));
            }
            plan = LogicalPlan::Project {
                input: Box::new(plan),
                items: projected,
                keep: !distinct,
            };
        }
        if distinct {
            plan = LogicalPlan::Distinct {
                input: Box::new(plan),
                slots: columns.iter().map(|(_, s)| *s).collect(),
            };
        }
        // ORDER BY sees the new columns and, unless the rows were grouped
        // or made distinct, the variables before them.
        self.scope = if aggregating || distinct {
            Vec::new()
        } else {
            previous_scope
        };
        self.scope.extend(columns.iter().cloned());
        if let Some(order) = &projection.order_by {
            let mut keys = Vec::new();
            for item in &order.items {
                let descending = matches!(
                    item.direction.as_ref().map(|d| d.kind),
                    Some(ast::SortDirection::Descending)
                );
                // An item's own text names its column (`ORDER BY count(*)`).
                let written = self.source(item.expression.span);
                let key = match columns.iter().find(|(name, _)| name == written) {
                    Some((_, slot)) => Expr::Variable(*slot),
                    None => self.expr(&item.expression)?,
                };
                keys.push((key, descending));
            }
            plan = LogicalPlan::Sort {
                input: Box::new(plan),
                keys,
            };
        }
        if let Some(skip) = &projection.offset.as_ref().or(projection.skip.as_ref()) {
            plan = LogicalPlan::Skip {
                input: Box::new(plan),
                count: self.count(skip)?,
            };
        }
        if let Some(limit) = &projection.limit {
            plan = LogicalPlan::Limit {
                input: Box::new(plan),
                count: self.count(limit)?,
            };
        }
        self.scope = columns.clone();
        Ok((plan, columns))
    }

    /// A `SKIP` or `LIMIT` count: a non-negative integer literal or parameter.
    fn count(&mut self, expr: &ast::Expr) -> Result<usize, CypherError> {
        match self.expr(expr)? {
            Expr::Literal(Value::Int(n)) if n >= 0 => Ok(n as usize),
            _ => Err(self.error(
                expr.span,
                "SKIP and LIMIT take a non-negative integer or parameter",
            )),
        }
    }

    pub(crate) fn kind_of(&self, expr: &Expr) -> VarKind {
        match expr {
            Expr::Variable(s) => self.kinds[*s],
            Expr::Call(super::expr::Function::StartNode | super::expr::Function::EndNode, _)
            | Expr::Call(super::expr::Function::Resolve, _) => VarKind::Node,
            _ => VarKind::Value,
        }
    }
}

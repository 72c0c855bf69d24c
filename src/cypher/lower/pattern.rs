//! Patterns: `MATCH` clauses, pattern predicates and `exists { ... }` to
//! [`PatternPlan`]s, with labels, relationship types and properties named
//! from the graph's own vocabulary.
//!
//! Longer than most files here: the pattern grammar (node, relationship,
//! variable length, shortest paths, properties) is lowered in one place so
//! that every name check and suggestion follows one rule.

use open_cypher::Span;
use open_cypher::ast::{self, LabelExpressionKind, PathFactorKind, QuantifierKind};

use super::{Lowerer, VarKind};
use crate::cypher::error::{Bound, CypherError, closest};
use crate::cypher::expr::{Expr, Property, Slot, label_name};
use crate::cypher::plan::{
    Chain, Direction, LogicalPlan, NodeStep, PatternPlan, RelStep, RelType, Shortest,
};
use crate::graph::NodeKind;

/// The type name of category membership.
pub const MEMBERSHIP_TYPE: &str = "HAS_SERVICE";

impl Lowerer<'_> {
    pub(super) fn match_clause(
        &mut self,
        input: LogicalPlan,
        clause: &ast::MatchClause,
        span: Span,
    ) -> Result<LogicalPlan, CypherError> {
        if let Some(mode) = &clause.mode {
            return Err(self.error(
                mode.span,
                "path modes are not supported; MATCH already walks trails (no relationship twice)",
            ));
        }
        if let Some(hint) = clause.hints.first() {
            return Err(self.error(hint.span, "planner hints are not supported"));
        }
        let _ = span;
        let pattern = self.pattern(&clause.pattern, clause.where_clause.as_ref(), false)?;
        Ok(LogicalPlan::Match {
            input: Box::new(input),
            pattern,
            optional: clause.optional,
        })
    }

    /// A pattern and its `WHERE`. In a predicate (`local`), the variables
    /// it introduces are its own and leave scope after it.
    pub(crate) fn pattern(
        &mut self,
        pattern: &ast::Pattern,
        where_clause: Option<&ast::Expr>,
        local: bool,
    ) -> Result<PatternPlan, CypherError> {
        let saved_scope = self.scope.clone();
        let outer: Vec<Slot> = self.scope.iter().map(|(_, s)| *s).collect();
        let mut residual = Vec::new();
        let mut chains = Vec::new();
        let mut rel_slots = Vec::new();
        for part in &pattern.parts {
            chains.push(self.chain(part, &mut residual, &mut rel_slots)?);
        }
        if let Some(predicate) = where_clause {
            residual.extend(self.expr(predicate)?.conjuncts());
        }
        // The outer variables the pattern reads.
        let mut reads = Vec::new();
        let mut bound = Vec::new();
        for chain in &chains {
            for node in &chain.nodes {
                if outer.contains(&node.slot) {
                    bound.push(node.slot);
                }
                for (_, e) in &node.properties {
                    e.slots(&mut reads);
                }
            }
            for rel in &chain.rels {
                for (_, e) in &rel.properties {
                    e.slots(&mut reads);
                }
            }
        }
        for e in &residual {
            e.slots(&mut reads);
        }
        reads.extend(bound.iter().copied());
        reads.retain(|s| outer.contains(s));
        reads.sort_unstable();
        reads.dedup();
        bound.sort_unstable();
        bound.dedup();
        if local {
            self.scope = saved_scope;
        }
        Ok(PatternPlan {
            chains,
            bound,
            reads,
            residual,
        })
    }

    fn chain(
        &mut self,
        part: &ast::PatternPart,
        residual: &mut Vec<Expr>,
        rel_slots: &mut Vec<Slot>,
    ) -> Result<Chain, CypherError> {
        if let Some(selector) = &part.kind.selector {
            return Err(self.error(
                selector.span,
                "path selectors are not supported; use shortestPath(...) or allShortestPaths(...)",
            ));
        }
        let mut factors: &[ast::PathFactor] = &part.kind.path.kind.factors;
        let mut shortest = None;
        if let [only] = factors
            && let PathFactorKind::LegacyShortest { all, pattern } = &only.kind
        {
            shortest = Some(if *all { Shortest::All } else { Shortest::One });
            factors = &pattern.kind.factors;
        }
        let mut nodes = Vec::new();
        let mut rels = Vec::new();
        for factor in factors {
            match &factor.kind {
                PathFactorKind::Node(node) => {
                    if nodes.len() > rels.len() {
                        return Err(
                            self.error(factor.span, "two nodes need a relationship between them")
                        );
                    }
                    nodes.push(self.node(node, residual)?);
                }
                PathFactorKind::Relationship(rel) => {
                    rels.push(self.relationship(rel, factor.span, residual, rel_slots)?);
                }
                PathFactorKind::LegacyShortest { .. } => {
                    return Err(self.error(
                        factor.span,
                        "shortestPath(...) must be the whole pattern part",
                    ));
                }
                _ => {
                    return Err(self.error(
                        factor.span,
                        "quantified path patterns are not supported; use a variable-length relationship such as -[:uses*1..3]->",
                    ));
                }
            }
        }
        if nodes.len() != rels.len() + 1 {
            return Err(self.error(part.span, "a pattern must start and end with a node"));
        }
        if shortest.is_some() {
            let rel = &mut rels[0];
            if rel.length.is_none() {
                rel.length = Some((1, 1));
            }
            if let Some((min, _)) = rel.length
                && min > 1
            {
                return Err(self.error(part.span, "shortestPath takes a minimum length of 0 or 1"));
            }
        }
        let path = match &part.kind.binding {
            Some(name) => {
                if self.lookup(&name.kind.text).is_some() {
                    return Err(self.error(
                        name.span,
                        format!("variable `{}` is already defined", name.kind.text),
                    ));
                }
                Some(self.declare(&name.kind.text, VarKind::Path))
            }
            None => None,
        };
        let filters = vec![Vec::new(); nodes.len()];
        Ok(Chain {
            path,
            nodes,
            rels,
            shortest,
            anchor: 0,
            by_relation: None,
            filters,
        })
    }

    fn node(
        &mut self,
        node: &ast::NodePattern,
        residual: &mut Vec<Expr>,
    ) -> Result<NodeStep, CypherError> {
        let slot = match &node.variable {
            Some(name) => match self.lookup(&name.kind.text) {
                Some(slot) if self.kinds[slot] == VarKind::Node => slot,
                Some(slot) if self.kinds[slot] == VarKind::Value => slot,
                Some(_) => {
                    return Err(self.error(
                        name.span,
                        format!("variable `{}` is not a node", name.kind.text),
                    ));
                }
                None => self.declare(&name.kind.text, VarKind::Node),
            },
            None => self.hidden(VarKind::Node),
        };
        let mut labels = Vec::new();
        if let Some(expression) = &node.labels {
            self.labels(expression, &mut labels)?;
        }
        let properties = match &node.properties {
            Some(map) => self.property_map(map, &Property::NODE)?,
            None => Vec::new(),
        };
        if let Some(predicate) = &node.where_clause {
            residual.extend(self.expr(predicate)?.conjuncts());
        }
        Ok(NodeStep {
            slot,
            labels,
            properties,
            seek: None,
        })
    }

    /// Node labels, all of which must hold.
    pub(crate) fn labels(
        &self,
        expression: &ast::LabelExpression,
        out: &mut Vec<NodeKind>,
    ) -> Result<(), CypherError> {
        match &expression.kind {
            LabelExpressionKind::Name(name) => {
                out.push(self.label(name)?);
                Ok(())
            }
            LabelExpressionKind::And(list) => {
                for item in list {
                    self.labels(item, out)?;
                }
                Ok(())
            }
            LabelExpressionKind::Parenthesized(inner) => self.labels(inner, out),
            _ => Err(self.error(
                expression.span,
                "only plain labels (`:Service`) are supported on nodes",
            )),
        }
    }

    fn label(&self, name: &ast::Name) -> Result<NodeKind, CypherError> {
        let text = &name.kind.text;
        NodeKind::parse(text).ok_or_else(|| {
            let known = NodeKind::ALL.map(label_name);
            self.error(
                name.span,
                format!("no label `{text}`; the labels are Category, Service and Concept"),
            )
            .with_suggestions(closest(text, known))
        })
    }

    fn relationship(
        &mut self,
        rel: &ast::RelationshipPattern,
        span: Span,
        residual: &mut Vec<Expr>,
        rel_slots: &mut Vec<Slot>,
    ) -> Result<RelStep, CypherError> {
        let direction = match rel.direction.kind {
            ast::RelationshipDirection::Right => Direction::Right,
            ast::RelationshipDirection::Left => Direction::Left,
            _ => Direction::Either,
        };
        let quantifier = rel
            .legacy_quantifier
            .as_ref()
            .or(rel.graph_quantifier.as_ref());
        let length = match quantifier {
            Some(q) => Some(self.length(q)?),
            None => None,
        };
        let kind = if length.is_some() {
            VarKind::Relationships
        } else {
            VarKind::Relationship
        };
        let slot = match &rel.variable {
            Some(name) => {
                if self.lookup(&name.kind.text).is_some() {
                    return Err(self.error(
                        name.span,
                        format!(
                            "relationship variable `{}` is already bound; each relationship pattern needs its own",
                            name.kind.text
                        ),
                    ));
                }
                self.declare(&name.kind.text, kind)
            }
            None => self.hidden(kind),
        };
        rel_slots.push(slot);
        let mut types = Vec::new();
        let mut type_names = Vec::new();
        if let Some(expression) = &rel.labels {
            self.types(expression, &mut types, &mut type_names)?;
        }
        let properties = match &rel.properties {
            Some(map) => self.property_map(map, &Property::RELATIONSHIP)?,
            None => Vec::new(),
        };
        if let Some(predicate) = &rel.where_clause {
            residual.extend(self.expr(predicate)?.conjuncts());
        }
        let _ = span;
        Ok(RelStep {
            slot,
            types,
            direction,
            length,
            properties,
            type_names,
        })
    }

    fn length(&self, q: &ast::Quantifier) -> Result<(usize, usize), CypherError> {
        let max_depth = self.bounds.max_depth;
        let number = |text: &str| -> Result<usize, CypherError> {
            text.parse()
                .map_err(|_| self.error(q.span, format!("`{text}` is not a length")))
        };
        let (min, max) = match &q.kind {
            QuantifierKind::ZeroOrMore | QuantifierKind::OneOrMore => (1, max_depth),
            QuantifierKind::Optional => (0, 1),
            QuantifierKind::Fixed(n) => {
                let n = number(n)?;
                (n, n)
            }
            QuantifierKind::Range { lower, upper } => (
                lower.as_deref().map(number).transpose()?.unwrap_or(1),
                upper
                    .as_deref()
                    .map(number)
                    .transpose()?
                    .unwrap_or(max_depth),
            ),
            _ => return Err(self.error(q.span, "unsupported quantifier")),
        };
        if max > max_depth {
            return Err(CypherError::TooExpensive {
                bound: Bound::Depth,
                limit: max_depth,
                hint: "variable-length relationships may be at most this many hops: lower the upper bound (e.g. *1..4)",
            });
        }
        if min > max {
            return Err(self.error(q.span, format!("the length {min}..{max} is empty")));
        }
        Ok((min, max))
    }

    fn types(
        &self,
        expression: &ast::LabelExpression,
        out: &mut Vec<RelType>,
        names: &mut Vec<String>,
    ) -> Result<(), CypherError> {
        match &expression.kind {
            LabelExpressionKind::Name(name) => {
                out.push(self.rel_type(name)?);
                names.push(name.kind.text.clone());
                Ok(())
            }
            LabelExpressionKind::Or(list) => {
                for item in list {
                    self.types(item, out, names)?;
                }
                Ok(())
            }
            LabelExpressionKind::Parenthesized(inner) => self.types(inner, out, names),
            _ => Err(self.error(
                expression.span,
                "only relationship types and `|` between them are supported (`[:uses|hosts]`)",
            )),
        }
    }

    pub(crate) fn rel_type(&self, name: &ast::Name) -> Result<RelType, CypherError> {
        let text = &name.kind.text;
        if crate::text::comparable(text) == "has service" {
            return Ok(RelType::Membership);
        }
        match self.graph.relation_term(text) {
            Some((id, inverse)) => Ok(RelType::Relation { id, inverse }),
            None => {
                let known: Vec<&str> = self
                    .graph
                    .relations()
                    .map(|(_, r)| r.label.as_str())
                    .chain([MEMBERSHIP_TYPE])
                    .collect();
                Err(self
                    .error(
                        name.span,
                        format!("no relationship type `{text}` in the graph"),
                    )
                    .with_suggestions(closest(text, known)))
            }
        }
    }

    /// `{key: value, ...}` of a node or relationship pattern.
    fn property_map(
        &mut self,
        map: &ast::Expr,
        allowed: &[Property],
    ) -> Result<Vec<(Property, Expr)>, CypherError> {
        let ast::ExprKind::Map(entries) = &map.kind else {
            return Err(self.error(
                map.span,
                "a pattern's properties must be a map literal, e.g. {name: $name}",
            ));
        };
        let mut out = Vec::new();
        for entry in entries {
            let property = self.property_key(&entry.key, allowed)?;
            out.push((property, self.expr(&entry.value)?));
        }
        Ok(out)
    }

    /// A property name, checked against what the element has.
    pub(crate) fn property_key(
        &self,
        key: &ast::Name,
        allowed: &[Property],
    ) -> Result<Property, CypherError> {
        let text = &key.kind.text;
        match Property::parse(text) {
            Some(p) if allowed.contains(&p) => Ok(p),
            _ => {
                let known: Vec<&str> = allowed.iter().map(|p| p.as_str()).collect();
                Err(self
                    .error(
                        key.span,
                        format!(
                            "no property `{text}`; the properties here are {}",
                            known.join(", ")
                        ),
                    )
                    .with_suggestions(closest(text, known)))
            }
        }
    }
}

//! Rule: a node given by id, by name or as a node value (`resolve(...)`,
//! a bound variable) is sought in the graph's indexes instead of scanned.
//! The condition stays where it was; the seek only narrows the start.

use crate::cypher::expr::{BinOp, Expr, Property};
use crate::cypher::optimizer::independent_of;
use crate::cypher::plan::{PatternPlan, Seek};

pub fn apply(pattern: &mut PatternPlan) {
    let own = pattern.own_slots();
    let residual = pattern.residual.clone();
    for chain in &mut pattern.chains {
        for node in &mut chain.nodes {
            if pattern.bound.contains(&node.slot) {
                continue;
            }
            let mut best: Option<(u8, Seek)> = None;
            let mut offer = |rank: u8, seek: Seek| {
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, seek));
                }
            };
            for (property, value) in &node.properties {
                if !independent_of(value, &own) {
                    continue;
                }
                match property {
                    Property::Id => offer(0, Seek::Id(value.clone())),
                    Property::Name => offer(1, Seek::Name(value.clone())),
                    _ => {}
                }
            }
            for conjunct in &residual {
                let Expr::Binary(BinOp::Eq, a, b) = conjunct else {
                    continue;
                };
                for (this, other) in [(a, b), (b, a)] {
                    if !independent_of(other, &own) {
                        continue;
                    }
                    match &**this {
                        Expr::Property(base, p) if **base == Expr::Variable(node.slot) => match p {
                            Property::Id => offer(0, Seek::Id((**other).clone())),
                            Property::Name => offer(1, Seek::Name((**other).clone())),
                            _ => {}
                        },
                        Expr::Variable(s) if *s == node.slot => {
                            offer(2, Seek::Node((**other).clone()))
                        }
                        _ => {}
                    }
                }
            }
            node.seek = best.map(|(_, s)| s);
        }
    }
}

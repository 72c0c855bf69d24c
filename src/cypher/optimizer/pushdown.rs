//! Rule: each `WHERE` conjunct is checked at the first step of the walk
//! that has bound every variable it reads, so a walk stops as soon as it
//! cannot match. Conjuncts reading a path or a shortest path's variables
//! wait until the whole pattern matched.

use crate::cypher::plan::PatternPlan;

pub fn apply(pattern: &mut PatternPlan) {
    let own = pattern.own_slots();
    let mut late: Vec<usize> = Vec::new();
    for chain in &pattern.chains {
        late.extend(chain.path);
        if chain.shortest.is_some() {
            late.extend(chain.nodes.iter().map(|n| n.slot));
            late.extend(chain.rels.iter().map(|r| r.slot));
        }
    }
    let residual = std::mem::take(&mut pattern.residual);
    // The walk's steps in order: (chain, position, slots bound there).
    let mut steps = Vec::new();
    for (c, chain) in pattern.chains.iter().enumerate() {
        if chain.shortest.is_some() {
            continue;
        }
        for (position, slots) in chain.slots_in_walk_order().into_iter().enumerate() {
            steps.push((c, position, slots));
        }
    }
    for conjunct in residual {
        let mut needs = Vec::new();
        conjunct.slots(&mut needs);
        needs.retain(|s| own.contains(s));
        if needs.iter().any(|s| late.contains(s)) {
            pattern.residual.push(conjunct);
            continue;
        }
        let mut bound: Vec<usize> = Vec::new();
        let mut placed = false;
        for (c, position, slots) in &steps {
            bound.extend(slots);
            if needs.iter().all(|s| bound.contains(s)) {
                pattern.chains[*c].filters[*position].push(conjunct.clone());
                placed = true;
                break;
            }
        }
        if !placed {
            pattern.residual.push(conjunct);
        }
    }
}

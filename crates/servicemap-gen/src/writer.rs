//! Writing relation lines: which node a relation points at, how a mention
//! is spelt, and the nested groups under a service. Relation edges are
//! de-duplicated as they are written, so the loaded graph has exactly the
//! edges recorded here.

use std::collections::HashSet;
use std::fmt::Write as _;

use crate::names::variant;
use crate::relations::Relations;
use crate::rng::Rng;

/// The state of one generation run.
pub(crate) struct Writer {
    pub(crate) rng: Rng,
    pub(crate) relations: Relations,
    /// Every node's canonical name: services, then concepts.
    pub(crate) names: Vec<String>,
    /// Services then concepts, in the order they may be picked as targets.
    pool: Vec<u32>,
    pub(crate) services: usize,
    next_concept: usize,
    concepts_end: usize,
    /// Whether a node has been mentioned yet.
    pub(crate) written: Vec<bool>,
    edges: HashSet<(u32, u32, u32)>,
    /// Stored relation edges `(source, target)`, in writing order.
    pub(crate) edge_list: Vec<(u32, u32)>,
    /// Relation edges still to write.
    pub(crate) remaining: usize,
}

impl Writer {
    /// A writer for `names` (the first `services` are services, the rest
    /// concepts) and `edges` relation edges.
    pub(crate) fn new(
        rng: Rng,
        relations: Relations,
        names: Vec<String>,
        services: usize,
        edges: usize,
    ) -> Self {
        let total = names.len();
        Self {
            rng,
            relations,
            names,
            pool: (0..services as u32).collect(),
            services,
            next_concept: services,
            concepts_end: total,
            written: vec![false; total],
            edges: HashSet::with_capacity(edges),
            edge_list: Vec::with_capacity(edges),
            remaining: edges,
        }
    }

    /// A name as written at a mention: the first mention is canonical,
    /// later ones sometimes spelt differently.
    pub(crate) fn mention(&mut self, node: u32) -> String {
        let i = node as usize;
        if !self.written[i] {
            self.written[i] = true;
            return self.names[i].clone();
        }
        if self.rng.percent(20) {
            variant(&self.names[i], &mut self.rng)
        } else {
            self.names[i].clone()
        }
    }

    /// A relation target: a new concept at the rate that writes them all,
    /// else a known node, preferring early ones (which become hubs).
    fn pick(&mut self) -> u32 {
        let unwritten = self.concepts_end - self.next_concept;
        if unwritten > 0 && self.rng.below(self.remaining.max(1)) < unwritten {
            let node = self.next_concept as u32;
            self.next_concept += 1;
            self.pool.push(node);
            return node;
        }
        let n = self.pool.len();
        if self.rng.percent(30) {
            // Squared uniform: heavily skewed to the start of the pool.
            let u = self.rng.below(1 << 20) as u64;
            let at = (u * u) >> 20;
            return self.pool[(at as usize * n) >> 20];
        }
        self.pool[self.rng.below(n)]
    }

    /// Records the stored edge `parent -[relation]-> target` (or reversed
    /// when `passive`); false for a self-loop or a duplicate.
    fn add(&mut self, parent: u32, relation: usize, target: u32, passive: bool) -> bool {
        let (s, t) = if passive {
            (target, parent)
        } else {
            (parent, target)
        };
        if s == t || !self.edges.insert((s, t, relation as u32)) {
            return false;
        }
        self.edge_list.push((s, t));
        self.remaining -= 1;
        true
    }

    /// A group of relation lines under `parent` at `indent`, up to `quota`
    /// edges; nested targets get groups of their own. Returns edges added.
    pub(crate) fn group(
        &mut self,
        out: &mut String,
        parent: u32,
        indent: usize,
        quota: usize,
    ) -> usize {
        let relation = self.relations.draw(&mut self.rng);
        let wording = self.relations.get(relation);
        let passive = wording.inverse.is_some() && self.rng.percent(25);
        let marker = match &wording.inverse {
            Some(inverse) if passive => inverse,
            _ => &wording.active,
        };
        let pad = " ".repeat(indent);
        let _ = writeln!(out, "{pad}:: {marker}");
        let size = (1 + self.rng.below(5)).min(quota);
        let mut added = 0;
        for _ in 0..size {
            let mut target = None;
            for _ in 0..8 {
                let candidate = self.pick();
                if self.add(parent, relation, candidate, passive) {
                    target = Some(candidate);
                    break;
                }
            }
            let Some(target) = target else { continue };
            added += 1;
            let name = self.mention(target);
            let _ = writeln!(out, "{pad}{name}");
            if indent < 10 && added < quota && self.remaining > 0 && self.rng.percent(12) {
                let nested = (1 + self.rng.below(3)).min(quota - added);
                added += self.group(out, target, indent + 2, nested);
            }
            if added >= quota || self.remaining == 0 {
                break;
            }
        }
        added
    }

    /// A service line and its relation groups, up to `quota` edges.
    pub(crate) fn service(&mut self, out: &mut String, service: u32, quota: usize) {
        let name = self.mention(service);
        let _ = writeln!(out, "    {name}");
        if self.rng.percent(2) {
            out.push_str("      ::icon(fa fa-cloud)\n");
        }
        let mut left = quota.min(self.remaining);
        let mut stalls = 0;
        while left > 0 && stalls < 4 {
            let added = self.group(out, service, 6, left);
            left -= added;
            stalls = if added == 0 { stalls + 1 } else { 0 };
        }
    }
}

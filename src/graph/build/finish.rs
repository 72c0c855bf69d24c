//! The steps of finishing a graph: duplicate edges removed, ids assigned,
//! mentions grouped by node.

use super::super::index::NameIndex;
use super::super::runs::Runs;
use std::collections::HashMap;

use super::super::{EdgeData, EdgeKind, Node, Provenance, Relation};
use super::kind_code;
use crate::diagnostic::{Diagnostic, clip};
use crate::text::slugify;

/// Removes every edge that repeats an earlier one (same source, kind and
/// target), with a diagnostic for each repeated relation placed where it
/// would have come had it been refused as it was added. Returns the
/// diagnostics and, when nothing was removed, the outgoing adjacency.
pub(super) fn drop_duplicate_edges(
    nodes: &[Node],
    relations: &[Relation],
    edges: &mut Vec<EdgeData>,
    diagnostics: Vec<Diagnostic>,
    diagnostic_at: &[u32],
) -> (Vec<Diagnostic>, Option<Runs>) {
    let out = Runs::group(nodes.len(), edges.len(), |i| edges[i].source);
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    let mut scratch: Vec<(u32, u32, u32)> = Vec::new();
    for node in 0..nodes.len() {
        let list = out.run(node);
        if list.len() < 2 {
            continue;
        }
        scratch.clear();
        scratch.extend(list.iter().map(|&e| {
            let edge = &edges[e as usize];
            (edge.target, kind_code(edge.kind), e)
        }));
        scratch.sort_unstable();
        let mut first = scratch[0];
        for &item in &scratch[1..] {
            if (item.0, item.1) == (first.0, first.1) {
                repeats.push((item.2, first.2));
            } else {
                first = item;
            }
        }
    }
    if repeats.is_empty() {
        return (diagnostics, Some(out));
    }
    drop(out);
    repeats.sort_unstable();
    // Diagnostics in the order they would have been raised while adding.
    let mut ordered: Vec<(u32, u8, usize, Diagnostic)> = diagnostics
        .into_iter()
        .enumerate()
        .map(|(i, d)| (diagnostic_at[i], 0, i, d))
        .collect();
    // Names are clipped: a parent's long name quoted by each of many
    // repeated children would grow with the square of the input.
    let name = |i: u32| clip(&nodes[i as usize].name);
    for &(repeat, first) in &repeats {
        let edge = &edges[repeat as usize];
        if let EdgeKind::Relation(r) = edge.kind {
            let at = &edge.provenance;
            let first = &edges[first as usize].provenance;
            let message = format!(
                "duplicate edge `{}` {} `{}` (first at {}:{}) ignored",
                name(edge.source),
                clip(&relations[r.0 as usize].label),
                name(edge.target),
                first.document,
                first.line
            );
            ordered.push((repeat, 1, 0, Diagnostic::at(&at.document, at.line, message)));
        }
    }
    ordered.sort_by_key(|(at, class, i, _)| (*at, *class, *i));
    let mut next_repeat = repeats.iter().map(|r| r.0).peekable();
    let mut index = 0u32;
    edges.retain(|_| {
        let repeated = next_repeat.next_if_eq(&index).is_some();
        index += 1;
        !repeated
    });
    (ordered.into_iter().map(|(_, _, _, d)| d).collect(), None)
}

/// Every node's id: its name's slug, with `-2`, `-3`, ... for names that
/// slug alike, in the order first written. Returns the ids, their index,
/// and each collision as (node, first node with that slug, slug).
#[allow(clippy::type_complexity)]
pub(super) fn assign_ids(nodes: &[Node]) -> (Vec<String>, NameIndex, Vec<(u32, u32, String)>) {
    let mut by_id = NameIndex::default();
    by_id.reserve(nodes.len(), nodes.len() * 24);
    let mut ids = Vec::with_capacity(nodes.len());
    let mut collisions = Vec::new();
    // Each slug's last suffix, so many names with one slug cost linear time.
    let mut last_suffix: HashMap<String, usize> = HashMap::new();
    for (index, node) in nodes.iter().enumerate() {
        let mut slug = slugify(&node.name);
        if slug.is_empty() {
            slug = "node".to_owned();
        }
        let mut id = slug.clone();
        if by_id.insert(&id).is_err() {
            let suffix = last_suffix.entry(slug.clone()).or_insert(1);
            loop {
                *suffix += 1;
                id = format!("{slug}-{suffix}");
                if by_id.insert(&id).is_ok() {
                    break;
                }
            }
            // The node holding the id this one would have had.
            if let Some(holder) = by_id.get(&slug) {
                collisions.push((index as u32, holder, slug));
            }
        }
        ids.push(id);
    }
    (ids, by_id, collisions)
}

/// Orders mentions by node, keeping each node's in mention order: returns
/// them with the offsets of each node's run.
pub(super) fn group_mentions(
    node_count: usize,
    position: Vec<u32>,
    mentions: &mut Vec<Provenance>,
) -> (Vec<Provenance>, Vec<u32>) {
    let runs = Runs::group(node_count, position.len(), |i| position[i]);
    drop(position);
    let mut mentions: Vec<Option<Provenance>> =
        std::mem::take(mentions).into_iter().map(Some).collect();
    let sorted = runs
        .items()
        .iter()
        .map(|&i| {
            mentions[i as usize]
                .take()
                .expect("each mention is placed once")
        })
        .collect();
    (sorted, runs.into_parts().0)
}

//! Parsed documents prepared for the builder on other threads: the work
//! that needs no shared state (name keys and their hashes, flat arrays
//! instead of a string per line) happens off the building thread.

use hashbrown::DefaultHashBuilder;

use super::super::index::NameIndex;
use crate::document::ParsedDocument;
use crate::text::name_key_into;

/// "None" in a prepared node's parent and relation fields.
pub(super) const NONE: u32 = u32::MAX;

/// Prepares parsed documents for a [`GraphBuilder`] on other threads: the
/// work that needs no shared state (name keys and their hashes, flat
/// arrays instead of a string per line) happens off the building thread.
#[derive(Clone)]
pub struct Preparer {
    pub(super) hasher: DefaultHashBuilder,
}

/// A parsed document as a [`GraphBuilder`] takes it, from [`Preparer::prepare`].
#[derive(Debug, Default)]
pub struct PreparedDocument {
    /// Every node's name key, back to back.
    pub(super) keys: String,
    /// Every node's name, then its alias, back to back.
    pub(super) names: String,
    pub(super) nodes: Vec<PreparedNode>,
    /// Distinct relation markers, as written.
    pub(super) markers: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct PreparedNode {
    pub(super) line: u32,
    pub(super) key_end: u32,
    pub(super) name_end: u32,
    pub(super) alias_end: u32,
    pub(super) has_alias: bool,
    pub(super) hash: u32,
    /// Index of the parent within its mindmap, or [`NONE`].
    pub(super) parent: u32,
    /// Index into the markers, or [`NONE`].
    pub(super) relation: u32,
    pub(super) first_of_map: bool,
}

impl Preparer {
    pub fn prepare(&self, parsed: &ParsedDocument) -> PreparedDocument {
        let total: usize = parsed.mindmaps.iter().map(|m| m.nodes.len()).sum();
        let mut out = PreparedDocument {
            nodes: Vec::with_capacity(total),
            ..PreparedDocument::default()
        };
        let mut key = String::new();
        for map in &parsed.mindmaps {
            for (i, node) in map.nodes.iter().enumerate() {
                let key = name_key_into(&node.label.name, &mut key);
                out.keys.push_str(key);
                out.names.push_str(&node.label.name);
                let name_end = out.names.len() as u32;
                if let Some(alias) = &node.label.alias {
                    out.names.push_str(alias);
                }
                let relation = match &node.relation {
                    None => NONE,
                    Some(r) => match out.markers.iter().position(|m| **m == *r.label) {
                        Some(at) => at as u32,
                        None => {
                            out.markers.push(r.label.to_string());
                            (out.markers.len() - 1) as u32
                        }
                    },
                };
                out.nodes.push(PreparedNode {
                    line: node.line as u32,
                    key_end: out.keys.len() as u32,
                    name_end,
                    alias_end: out.names.len() as u32,
                    has_alias: node.label.alias.is_some(),
                    hash: NameIndex::hash32_with(&self.hasher, key),
                    parent: node.parent.map_or(NONE, |p| p as u32),
                    relation,
                    first_of_map: i == 0,
                });
            }
        }
        out
    }
}

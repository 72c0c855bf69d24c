//! Parsed documents to a [`KnowledgeGraph`]: one node per name across every
//! block and document, relation edges with provenance, category memberships.
//!
//! - [`prepare`]: the per-document work done on the parsing threads;
//! - this file: the builder, adding prepared documents in order;
//! - `finish`: duplicate edges removed, ids assigned, indexes built.

mod finish;
mod prepare;
#[cfg(test)]
mod tests;

use finish::{assign_ids, drop_duplicate_edges, group_mentions};
use prepare::NONE;
pub use prepare::{PreparedDocument, Preparer};

use std::collections::HashMap;
use std::sync::Arc;

use super::index::NameIndex;
use super::runs::Runs;
use super::vocabulary::Vocabulary;
use super::{
    EdgeData, EdgeKind, EdgeRef, KnowledgeGraph, Node, NodeKind, Provenance, Relation, RelationId,
};
use crate::diagnostic::{Diagnostic, clip};
use crate::document::ParsedDocument;
use crate::text::comparable;
use crate::text::slugify;

/// Accumulates documents, then [`finish`](Self::finish)es into a graph.
#[derive(Default)]
pub struct GraphBuilder {
    nodes: Vec<Node>,
    /// Every mention: the node, and where (kept apart, in mention order).
    mention_nodes: Vec<u32>,
    mentions: Vec<Provenance>,
    by_name: NameIndex,
    edges: Vec<EdgeData>,
    /// For each diagnostic so far, how many edges had been added before it.
    diagnostic_at: Vec<u32>,
    relations: Vec<Relation>,
    relation_by_label: HashMap<String, RelationId>,
    /// A marker's label as written -> its stored relation and whether the
    /// edge runs the other way: one lookup per edge, no allocation.
    markers: HashMap<String, (RelationId, bool)>,
    diagnostics: Vec<Diagnostic>,
    vocabulary: Vocabulary,
}

fn kind_code(kind: EdgeKind) -> u32 {
    match kind {
        EdgeKind::Relation(r) => r.0,
        EdgeKind::Membership => u32::MAX,
    }
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for documents of about `bytes` bytes in all, so the tables
    /// need not grow while building.
    pub fn reserve_for(&mut self, bytes: usize) {
        let lines = bytes / 32;
        self.nodes.reserve(lines / 4);
        self.by_name.reserve(lines / 4, bytes / 5);
        self.edges.reserve(lines);
        self.mention_nodes.reserve(lines);
        self.mentions.reserve(lines);
    }

    /// A builder that reads relation wordings with `vocabulary`.
    pub fn with_vocabulary(vocabulary: Vocabulary) -> Self {
        Self {
            vocabulary,
            ..Self::default()
        }
    }

    /// Adds every mindmap of a parsed document; `document` is its path
    /// relative to the data root, as provenance will show it.
    pub fn add_document(&mut self, document: &str, parsed: &ParsedDocument) {
        let prepared = self.preparer().prepare(parsed);
        self.add_prepared(document, &prepared);
    }

    /// What prepares documents for this builder, on any thread.
    pub fn preparer(&self) -> Preparer {
        Preparer {
            hasher: self.by_name.hasher(),
        }
    }

    /// Adds a document prepared by this builder's [`Preparer`].
    pub fn add_prepared(&mut self, document: &str, prepared: &PreparedDocument) {
        let document: Arc<String> = Arc::new(document.to_owned());
        let markers: Vec<(RelationId, bool)> =
            prepared.markers.iter().map(|m| self.marker(m)).collect();
        let mut indices: Vec<u32> = Vec::new();
        let (mut key_start, mut name_start) = (0, 0);
        for node in &prepared.nodes {
            let key = &prepared.keys[key_start..node.key_end as usize];
            let name = &prepared.names[name_start..node.name_end as usize];
            let alias = &prepared.names[node.name_end as usize..node.alias_end as usize];
            key_start = node.key_end as usize;
            name_start = node.alias_end as usize;
            let provenance = Provenance {
                document: document.clone(),
                line: node.line as usize,
            };
            let alias = (node.has_alias).then_some(alias);
            let index = self.intern_hashed(key, node.hash, name, alias, provenance.clone());
            if node.first_of_map {
                indices.clear();
            }
            indices.push(index);
            if node.parent == NONE {
                self.raise(index, NodeKind::Category);
                continue;
            }
            let parent = indices[node.parent as usize];
            if node.relation == NONE {
                self.raise(index, NodeKind::Service);
                self.add_edge(parent, EdgeKind::Membership, index, provenance);
            } else {
                let (relation, reversed) = markers[node.relation as usize];
                let (source, target) = if reversed {
                    (index, parent)
                } else {
                    (parent, index)
                };
                self.add_edge(source, EdgeKind::Relation(relation), target, provenance);
            }
        }
    }

    /// The stored relation of a marker's label, and whether it reverses.
    fn marker(&mut self, label: &str) -> (RelationId, bool) {
        if let Some(&known) = self.markers.get(label) {
            return known;
        }
        let (active, reversed) = self.vocabulary.active_form(label);
        let active = active.to_owned();
        let found = (self.relation(&active), reversed);
        self.markers.insert(label.to_owned(), found);
        found
    }

    fn intern_hashed(
        &mut self,
        key: &str,
        hash: u32,
        name: &str,
        alias: Option<&str>,
        provenance: Provenance,
    ) -> u32 {
        let index = match self.by_name.insert_hashed(key, hash) {
            Err(index) => index,
            Ok(index) => {
                self.nodes.push(Node {
                    id: String::new(),
                    name: name.to_owned(),
                    kind: NodeKind::Concept,
                    aliases: Vec::new(),
                });
                index
            }
        };
        self.mention_nodes.push(index);
        self.mentions.push(provenance);
        if let Some(alias) = alias {
            let node = &mut self.nodes[index as usize];
            if !node.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias)) {
                node.aliases.push(alias.to_owned());
            }
        }
        index
    }

    fn raise(&mut self, index: u32, kind: NodeKind) {
        let node = &mut self.nodes[index as usize];
        node.kind = node.kind.max(kind);
    }

    fn relation(&mut self, label: &str) -> RelationId {
        let key = comparable(label);
        if let Some(&id) = self.relation_by_label.get(&key) {
            return id;
        }
        let id = RelationId(self.relations.len() as u32);
        self.relations.push(Relation {
            id: slugify(label),
            label: label.to_owned(),
        });
        self.relation_by_label.insert(key, id);
        id
    }

    fn add_edge(&mut self, source: u32, kind: EdgeKind, target: u32, provenance: Provenance) {
        let name = |i: u32| clip(&self.nodes[i as usize].name).into_owned();
        if source == target {
            let message = match kind {
                EdgeKind::Membership => format!(
                    "category `{}` lists itself as a service; ignored",
                    name(source)
                ),
                EdgeKind::Relation(r) => {
                    format!(
                        "`{}` {} itself",
                        name(source),
                        clip(&self.relations[r.0 as usize].label)
                    )
                }
            };
            self.diagnostics.push(Diagnostic::at(
                &provenance.document,
                provenance.line,
                message,
            ));
            self.diagnostic_at.push(self.edges.len() as u32);
            if kind == EdgeKind::Membership {
                return;
            }
        }
        // Duplicates are found once every edge is in (see `finish`): a
        // hash probe per edge here would be the slowest part of loading.
        self.edges.push(EdgeData {
            source,
            target,
            kind,
            provenance,
        });
    }

    /// Assigns ids and builds the indexes. Names that slug to the same id get
    /// `-2`, `-3`, ... in the order they were first written.
    pub fn finish(self) -> (KnowledgeGraph, Vec<Diagnostic>) {
        let GraphBuilder {
            mut nodes,
            mention_nodes,
            mut mentions,
            mut by_name,
            mut edges,
            relations,
            relation_by_label,
            mut diagnostics,
            diagnostic_at,
            vocabulary,
            ..
        } = self;
        let (kept, out) =
            drop_duplicate_edges(&nodes, &relations, &mut edges, diagnostics, &diagnostic_at);
        diagnostics = kept;
        // Ids on one thread; mentions, adjacency and relation lists on
        // another: they share nothing until the graph is put together.
        let node_count = nodes.len();
        let (ids, grouped, out, into, edges_by_relation, membership_count) =
            std::thread::scope(|scope| {
                let names = &nodes;
                let ids = scope.spawn(move || assign_ids(names));
                let grouped = group_mentions(node_count, mention_nodes, &mut mentions);
                let out = out
                    .unwrap_or_else(|| Runs::group(node_count, edges.len(), |i| edges[i].source));
                let into = Runs::group(node_count, edges.len(), |i| edges[i].target);
                let mut edges_by_relation = vec![Vec::new(); relations.len()];
                let mut membership_count = 0;
                for (i, edge) in edges.iter().enumerate() {
                    match edge.kind {
                        EdgeKind::Relation(r) => edges_by_relation[r.0 as usize]
                            .push(EdgeRef(petgraph::graph::EdgeIndex::new(i))),
                        EdgeKind::Membership => membership_count += 1,
                    }
                }
                let ids = ids.join().expect("assigning ids does not panic");
                (ids, grouped, out, into, edges_by_relation, membership_count)
            });
        let (mentions, source_offsets) = grouped;
        let (ids, mut by_id, collisions) = ids;
        for (index, first, slug) in collisions {
            let node = &nodes[index as usize];
            let at = &mentions[source_offsets[index as usize] as usize];
            let id = &ids[index as usize];
            diagnostics.push(Diagnostic::at(
                &at.document,
                at.line,
                format!(
                    "`{}` and `{}` share the id `{}`; `{}` gets `{}`",
                    clip(&nodes[first as usize].name),
                    clip(&node.name),
                    clip(&slug),
                    clip(&node.name),
                    clip(id)
                ),
            ));
        }
        for (node, id) in nodes.iter_mut().zip(ids) {
            node.id = id;
        }
        by_id.shrink();
        by_name.shrink();
        edges.shrink_to_fit();
        nodes.shrink_to_fit();

        let mut kind_counts = [0; 3];
        for node in &nodes {
            kind_counts[node.kind as usize] += 1;
        }
        let symmetric = relations
            .iter()
            .map(|r| vocabulary.is_symmetric(&r.label))
            .collect();
        let graph = KnowledgeGraph {
            nodes,
            edges,
            sources: mentions,
            source_offsets,
            out,
            into,
            by_id: Arc::new(by_id),
            by_name: Arc::new(by_name),
            relations,
            relation_by_label,
            edges_by_relation,
            symmetric,
            membership_count,
            kind_counts,
            vocabulary,
        };
        (graph, diagnostics)
    }
}

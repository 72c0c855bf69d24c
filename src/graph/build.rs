//! Parsed documents to a [`KnowledgeGraph`]: one node per name across every
//! block and document, relation edges with provenance, category memberships.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::{DefaultHashBuilder, HashTable};

use super::index::{NameIndex, name_key_into, spread};
use super::names::slugify;
use super::relation::comparable;
use super::vocabulary::Vocabulary;
use super::{
    Adjacency, EdgeData, EdgeKind, EdgeRef, KnowledgeGraph, Node, NodeKind, Provenance, Relation,
    RelationId,
};
use crate::diagnostic::Diagnostic;
use crate::document::{Mindmap, ParsedDocument};

/// Accumulates documents, then [`finish`](Self::finish)es into a graph.
#[derive(Default)]
pub struct GraphBuilder {
    nodes: Vec<Node>,
    /// Every mention: the node, and where (kept apart, in mention order).
    mention_nodes: Vec<u32>,
    mentions: Vec<Provenance>,
    by_name: NameIndex,
    edges: Vec<EdgeData>,
    /// Edge numbers (and hashes) by `(source, kind, target)`, to refuse
    /// duplicates.
    edge_set: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
    relations: Vec<Relation>,
    relation_by_label: HashMap<String, RelationId>,
    /// A marker's label as written -> its stored relation and whether the
    /// edge runs the other way: one lookup per edge, no allocation.
    markers: HashMap<String, (RelationId, bool)>,
    key: String,
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
        self.by_name = NameIndex::with_capacity(lines / 4, bytes / 5);
        self.edges.reserve(lines);
        self.edge_set.reserve(lines, |&(_, hash)| spread(hash));
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
        let document: Arc<String> = Arc::new(document.to_owned());
        for map in &parsed.mindmaps {
            self.add_mindmap(&document, map);
        }
    }

    fn add_mindmap(&mut self, document: &Arc<String>, map: &Mindmap) {
        let mut indices = Vec::with_capacity(map.nodes.len());
        for node in &map.nodes {
            let provenance = Provenance {
                document: document.clone(),
                line: node.line,
            };
            let index = self.intern(
                &node.label.name,
                node.label.alias.as_deref(),
                provenance.clone(),
            );
            indices.push(index);
            let Some(parent) = node.parent else {
                self.raise(index, NodeKind::Category);
                continue;
            };
            let parent = indices[parent];
            match &node.relation {
                None => {
                    self.raise(index, NodeKind::Service);
                    self.add_edge(parent, EdgeKind::Membership, index, provenance);
                }
                Some(relation) => {
                    let (relation, reversed) = self.marker(&relation.label);
                    let (source, target) = if reversed {
                        (index, parent)
                    } else {
                        (parent, index)
                    };
                    self.add_edge(source, EdgeKind::Relation(relation), target, provenance);
                }
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

    fn intern(&mut self, name: &str, alias: Option<&str>, provenance: Provenance) -> u32 {
        let key = name_key_into(name, &mut self.key);
        let index = match self.by_name.insert(key) {
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
        let name = |i: u32| self.nodes[i as usize].name.clone();
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
                        self.relations[r.0 as usize].label
                    )
                }
            };
            self.diagnostics.push(Diagnostic::at(
                &provenance.document,
                provenance.line,
                message,
            ));
            if kind == EdgeKind::Membership {
                return;
            }
        }
        let code = kind_code(kind);
        let hash = self.hasher.hash_one((source, code, target)) as u32;
        let edges = &self.edges;
        let same = |&(i, h): &(u32, u32)| {
            h == hash && {
                let e = &edges[i as usize];
                e.source == source && e.target == target && e.kind == kind
            }
        };
        if let Some(&(existing, _)) = self.edge_set.find(spread(hash), same) {
            if let EdgeKind::Relation(r) = kind {
                let first = &self.edges[existing as usize].provenance;
                self.diagnostics.push(Diagnostic::at(
                    &provenance.document,
                    provenance.line,
                    format!(
                        "duplicate edge `{}` {} `{}` (first at {}:{}) ignored",
                        name(source),
                        self.relations[r.0 as usize].label,
                        name(target),
                        first.document,
                        first.line
                    ),
                ));
            }
            return;
        }
        let edge = self.edges.len() as u32;
        self.edge_set
            .insert_unique(spread(hash), (edge, hash), |&(_, h)| spread(h));
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
            edge_set,
            relations,
            relation_by_label,
            mut diagnostics,
            vocabulary,
            ..
        } = self;
        drop(edge_set);
        let (sources, source_offsets) = group_mentions(nodes.len(), mention_nodes, &mut mentions);
        let mentions = sources;
        let mut by_id = NameIndex::default();
        // Whether a node's id is its plain slug, and the first node of each
        // slug whose plain slug was already another node's suffixed id.
        let mut plain = vec![false; nodes.len()];
        let mut displaced_first: HashMap<String, u32> = HashMap::new();
        for index in 0..nodes.len() {
            let mut slug = slugify(&nodes[index].name);
            if slug.is_empty() {
                slug = "node".to_owned();
            }
            let mut n = 1;
            let mut id = slug.clone();
            while by_id.insert(&id).is_err() {
                n += 1;
                id = format!("{slug}-{n}");
            }
            let first = match by_id.get(&slug) {
                Some(holder) if plain[holder as usize] => Some(holder),
                _ => displaced_first.get(&slug).copied(),
            };
            if n == 1 {
                plain[index] = true;
            } else if first.is_none() {
                displaced_first.insert(slug.clone(), index as u32);
            }
            if n > 1
                && let Some(first) = first
            {
                let node = &nodes[index];
                let at = &mentions[source_offsets[index] as usize];
                diagnostics.push(Diagnostic::at(
                    &at.document,
                    at.line,
                    format!(
                        "`{}` and `{}` share the id `{slug}`; `{}` gets `{id}`",
                        nodes[first as usize].name, node.name, node.name
                    ),
                ));
            }
            nodes[index].id = id;
        }
        by_id.shrink();
        by_name.shrink();
        edges.shrink_to_fit();
        nodes.shrink_to_fit();

        let mut edges_by_relation = vec![Vec::new(); relations.len()];
        let mut membership_count = 0;
        for (i, edge) in edges.iter().enumerate() {
            match edge.kind {
                EdgeKind::Relation(r) => edges_by_relation[r.0 as usize]
                    .push(EdgeRef(petgraph::graph::EdgeIndex::new(i))),
                EdgeKind::Membership => membership_count += 1,
            }
        }
        let mut kind_counts = [0; 3];
        for node in &nodes {
            kind_counts[node.kind as usize] += 1;
        }
        let symmetric = relations
            .iter()
            .map(|r| vocabulary.is_symmetric(&r.label))
            .collect();
        let out = Adjacency::build(nodes.len(), &edges, |e| e.source);
        let into = Adjacency::build(nodes.len(), &edges, |e| e.target);
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
            wordings: std::sync::OnceLock::new(),
        };
        (graph, diagnostics)
    }
}

/// Orders mentions by node, keeping each node's in mention order, in place:
/// returns them with the offsets of each node's run.
fn group_mentions(
    node_count: usize,
    mut position: Vec<u32>,
    mentions: &mut Vec<Provenance>,
) -> (Vec<Provenance>, Vec<u32>) {
    let mut offsets = vec![0u32; node_count + 1];
    for &node in &position {
        offsets[node as usize + 1] += 1;
    }
    for i in 0..node_count {
        offsets[i + 1] += offsets[i];
    }
    // Where each mention goes (stable), then the permutation applied by
    // following its cycles.
    let mut cursor = offsets[..node_count].to_vec();
    for node in position.iter_mut() {
        let at = &mut cursor[*node as usize];
        *node = *at;
        *at += 1;
    }
    drop(cursor);
    for i in 0..position.len() {
        while position[i] as usize != i {
            let j = position[i] as usize;
            mentions.swap(i, j);
            position.swap(i, j);
        }
    }
    let mut sorted = std::mem::take(mentions);
    sorted.shrink_to_fit();
    (sorted, offsets)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::parse_document;

    fn build(docs: &[(&str, &str)]) -> (KnowledgeGraph, Vec<Diagnostic>) {
        let mut builder = GraphBuilder::new();
        for (path, text) in docs {
            builder.add_document(path, &parse_document(text.as_bytes()));
        }
        builder.finish()
    }

    fn relation_triples(graph: &KnowledgeGraph) -> Vec<(String, String, String)> {
        graph
            .edges()
            .filter_map(|e| match e.kind {
                EdgeKind::Relation(r) => Some((
                    graph.node(e.source).name.clone(),
                    graph.relation(r).label.clone(),
                    graph.node(e.target).name.clone(),
                )),
                EdgeKind::Membership => None,
            })
            .collect()
    }

    #[test]
    fn the_seed_has_the_documented_shape() {
        let seed = std::fs::read_to_string("data/azure-services-map.md").unwrap();
        let (graph, diagnostics) = build(&[("azure-services-map.md", &seed)]);
        assert_eq!(graph.count_kind(NodeKind::Category), 5);
        assert_eq!(graph.count_kind(NodeKind::Service), 35);
        assert_eq!(graph.count_kind(NodeKind::Concept), 43);
        assert_eq!(graph.node_count(), 83);
        assert_eq!(graph.relation_edge_count(), 49);
        assert_eq!(graph.relations().len(), 22);
        assert_eq!(graph.membership_count(), 35);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn a_name_is_one_node_across_blocks_and_documents() {
        let (graph, _) = build(&[
            (
                "a.md",
                "```mermaid\nmindmap\n  A\n    Virtual  Machines\n```",
            ),
            (
                "b.md",
                "```mermaid\nmindmap\n  B\n    S\n      :: uses\n      virtual machines\n```",
            ),
        ]);
        assert_eq!(graph.node_count(), 4);
        let vm = graph.by_name("VIRTUAL MACHINES").unwrap();
        assert_eq!(
            graph.node(vm).name,
            "Virtual Machines",
            "first spelling wins"
        );
        assert_eq!(graph.node(vm).kind, NodeKind::Service);
        assert_eq!(graph.sources(vm).len(), 2);
    }

    #[test]
    fn passive_relations_are_stored_active_with_provenance() {
        let (graph, _) = build(&[(
            "s.md",
            "```mermaid\nmindmap\n  R\n    Blob Storage\n      :: used by\n      Data Lake Storage Gen2\n```",
        )]);
        assert_eq!(
            relation_triples(&graph),
            [t("Data Lake Storage Gen2", "uses", "Blob Storage")]
        );
        let edge = graph
            .edges()
            .find(|e| e.kind != EdgeKind::Membership)
            .unwrap();
        assert_eq!(
            (edge.provenance.document.as_str(), edge.provenance.line),
            ("s.md", 6)
        );
    }

    fn t(a: &str, r: &str, b: &str) -> (String, String, String) {
        (a.into(), r.into(), b.into())
    }

    #[test]
    fn kinds_are_category_then_service_then_concept() {
        let (graph, _) = build(&[(
            "k.md",
            "```mermaid\nmindmap\n  Cat\n    Svc\n      :: uses\n      Thing\n      Other\n```\n```mermaid\nmindmap\n  Cat2\n    Thing\n```",
        )]);
        let kind = |n: &str| graph.node(graph.by_name(n).unwrap()).kind;
        assert_eq!(kind("Cat"), NodeKind::Category);
        assert_eq!(kind("Svc"), NodeKind::Service);
        assert_eq!(
            kind("Thing"),
            NodeKind::Service,
            "a child of any root is a service"
        );
        assert_eq!(kind("Other"), NodeKind::Concept);
        let thing = graph.by_name("Thing").unwrap();
        assert_eq!(graph.categories_of(thing).count(), 1);
    }

    #[test]
    fn acronym_aliases_are_kept() {
        let (graph, _) = build(&[(
            "a.md",
            "```mermaid\nmindmap\n  R\n    Language Understanding (LUIS)\n```",
        )]);
        let luis = graph.by_id("language-understanding-luis").unwrap();
        assert_eq!(graph.node(luis).aliases, ["LUIS"]);
    }

    #[test]
    fn colliding_slugs_get_distinct_ids() {
        let (graph, diags) = build(&[(
            "c.md",
            "```mermaid\nmindmap\n  R\n    C#\n    C\n    C++\n```",
        )]);
        let ids: Vec<_> = graph.nodes().map(|(_, n)| n.id.as_str()).collect();
        assert_eq!(ids, ["r", "c", "c-2", "c-3"]);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].line, Some(5));
    }

    #[test]
    fn duplicate_and_self_edges_are_reported() {
        let (graph, diags) = build(&[(
            "d.md",
            "```mermaid\nmindmap\n  R\n    S\n      :: uses\n      T\n      S\n    S\n      :: uses\n      T\n```",
        )]);
        assert_eq!(
            relation_triples(&graph),
            [t("S", "uses", "T"), t("S", "uses", "S")]
        );
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("itself") && d.line == Some(7))
        );
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("duplicate") && d.line == Some(10))
        );
        assert_eq!(graph.membership_count(), 1);
    }

    #[test]
    fn relations_are_indexed() {
        let seed = std::fs::read_to_string("data/azure-services-map.md").unwrap();
        let (graph, _) = build(&[("m.md", &seed)]);
        let rel = graph.relation_by_label("Integrates-With").unwrap();
        assert_eq!(graph.relation(rel).id, "integrates-with");
        assert_eq!(graph.edges_with_relation(rel).len(), 3);
    }
}

//! Parsed documents to a [`KnowledgeGraph`]: one node per name across every
//! block and document, relation edges with provenance, category memberships.

use std::collections::HashMap;
use std::sync::Arc;

use hashbrown::DefaultHashBuilder;

use super::index::NameIndex;
use super::vocabulary::Vocabulary;
use super::{
    Adjacency, EdgeData, EdgeKind, EdgeRef, KnowledgeGraph, Node, NodeKind, Provenance, Relation,
    RelationId,
};
use crate::diagnostic::{Diagnostic, clip};
use crate::document::ParsedDocument;
use crate::text::comparable;
use crate::text::name_key_into;
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

/// "None" in a prepared node's parent and relation fields.
const NONE: u32 = u32::MAX;

/// Prepares parsed documents for a [`GraphBuilder`] on other threads: the
/// work that needs no shared state (name keys and their hashes, flat
/// arrays instead of a string per line) happens off the building thread.
#[derive(Clone)]
pub struct Preparer {
    hasher: DefaultHashBuilder,
}

/// A parsed document as a [`GraphBuilder`] takes it, from [`Preparer::prepare`].
#[derive(Debug, Default)]
pub struct PreparedDocument {
    /// Every node's name key, back to back.
    keys: String,
    /// Every node's name, then its alias, back to back.
    names: String,
    nodes: Vec<PreparedNode>,
    /// Distinct relation markers, as written.
    markers: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct PreparedNode {
    line: u32,
    key_end: u32,
    name_end: u32,
    alias_end: u32,
    has_alias: bool,
    hash: u32,
    /// Index of the parent within its mindmap, or [`NONE`].
    parent: u32,
    /// Index into the markers, or [`NONE`].
    relation: u32,
    first_of_map: bool,
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
                let out = out.unwrap_or_else(|| Adjacency::build(node_count, &edges, |e| e.source));
                let into = Adjacency::build(node_count, &edges, |e| e.target);
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
            wordings: std::sync::OnceLock::new(),
        };
        (graph, diagnostics)
    }
}

/// Removes every edge that repeats an earlier one (same source, kind and
/// target), with a diagnostic for each repeated relation placed where it
/// would have come had it been refused as it was added. Returns the
/// diagnostics and, when nothing was removed, the outgoing adjacency.
fn drop_duplicate_edges(
    nodes: &[Node],
    relations: &[Relation],
    edges: &mut Vec<EdgeData>,
    diagnostics: Vec<Diagnostic>,
    diagnostic_at: &[u32],
) -> (Vec<Diagnostic>, Option<Adjacency>) {
    let out = Adjacency::build(nodes.len(), edges, |e| e.source);
    let mut repeats: Vec<(u32, u32)> = Vec::new();
    let mut scratch: Vec<(u32, u32, u32)> = Vec::new();
    for node in 0..nodes.len() {
        let list = out.at(node);
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
fn assign_ids(nodes: &[Node]) -> (Vec<String>, NameIndex, Vec<(u32, u32, String)>) {
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

/// Orders mentions by node, keeping each node's in mention order, in place:
/// returns them with the offsets of each node's run.
fn group_mentions(
    node_count: usize,
    position: Vec<u32>,
    mentions: &mut Vec<Provenance>,
) -> (Vec<Provenance>, Vec<u32>) {
    let mut offsets = vec![0u32; node_count + 1];
    for &node in &position {
        offsets[node as usize + 1] += 1;
    }
    for i in 0..node_count {
        offsets[i + 1] += offsets[i];
    }
    // Where each mention goes (stable), then each moved there: reads in
    // order, one scattered write each.
    let mut cursor = offsets[..node_count].to_vec();
    let mut sorted: Vec<Option<Provenance>> = vec![None; position.len()];
    for (node, provenance) in position.iter().zip(std::mem::take(mentions)) {
        let at = &mut cursor[*node as usize];
        sorted[*at as usize] = Some(provenance);
        *at += 1;
    }
    drop(position);
    let sorted: Vec<Provenance> = sorted
        .into_iter()
        .map(|p| p.expect("every mention has its place"))
        .collect();
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
    fn repeats_are_reported_in_the_order_written() {
        let (graph, diags) = build(&[(
            "d.md",
            "```mermaid\nmindmap\n  R\n    S\n      :: uses\n      T\n      S\n    S\n      :: uses\n      T\n      S\n    R\n```",
        )]);
        let seen: Vec<(Option<usize>, bool)> = diags
            .iter()
            .map(|d| (d.line, d.message.contains("duplicate")))
            .collect();
        assert_eq!(
            seen,
            [
                (Some(7), false),
                (Some(10), true),
                (Some(11), false),
                (Some(11), true),
                (Some(12), false)
            ]
        );
        assert_eq!(
            relation_triples(&graph),
            [t("S", "uses", "T"), t("S", "uses", "S")]
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

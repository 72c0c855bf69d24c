//! Parsed documents to a [`KnowledgeGraph`]: one node per name across every
//! block and document, relation edges with provenance, category memberships.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

use super::names::{name_key, slugify};
use super::relation::comparable;
use super::vocabulary::Vocabulary;
use super::{
    EdgeData, EdgeKind, EdgeRef, KnowledgeGraph, Node, NodeKind, Provenance, Relation, RelationId,
};
use crate::diagnostic::{Diagnostic, clip};
use crate::document::{Mindmap, ParsedDocument};

/// Accumulates documents, then [`finish`](Self::finish)es into a graph.
#[derive(Default)]
pub struct GraphBuilder {
    graph: DiGraph<Node, EdgeData>,
    by_name: HashMap<String, NodeIndex>,
    relations: Vec<Relation>,
    relation_by_label: HashMap<String, RelationId>,
    edges: HashMap<(NodeIndex, EdgeKind, NodeIndex), EdgeIndex>,
    diagnostics: Vec<Diagnostic>,
    vocabulary: Vocabulary,
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
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
        let document: Arc<str> = Arc::from(document);
        for map in &parsed.mindmaps {
            self.add_mindmap(&document, map);
        }
    }

    fn add_mindmap(&mut self, document: &Arc<str>, map: &Mindmap) {
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
                    let (active, reversed) = self.vocabulary.active_form(&relation.label);
                    let active = active.to_owned();
                    let kind = EdgeKind::Relation(self.relation(&active));
                    let (source, target) = if reversed {
                        (index, parent)
                    } else {
                        (parent, index)
                    };
                    self.add_edge(source, kind, target, provenance);
                }
            }
        }
    }

    fn intern(&mut self, name: &str, alias: Option<&str>, provenance: Provenance) -> NodeIndex {
        let key = name_key(name);
        let index = match self.by_name.get(&key) {
            Some(&index) => index,
            None => {
                let index = self.graph.add_node(Node {
                    id: String::new(),
                    name: name.to_owned(),
                    kind: NodeKind::Concept,
                    aliases: Vec::new(),
                    sources: Vec::new(),
                });
                self.by_name.insert(key, index);
                index
            }
        };
        let node = &mut self.graph[index];
        node.sources.push(provenance);
        if let Some(alias) = alias
            && !node.aliases.iter().any(|a| a.eq_ignore_ascii_case(alias))
        {
            node.aliases.push(alias.to_owned());
        }
        index
    }

    fn raise(&mut self, index: NodeIndex, kind: NodeKind) {
        let node = &mut self.graph[index];
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

    fn add_edge(
        &mut self,
        source: NodeIndex,
        kind: EdgeKind,
        target: NodeIndex,
        provenance: Provenance,
    ) {
        let name = |i: NodeIndex| clip(&self.graph[i].name).into_owned();
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
            if kind == EdgeKind::Membership {
                return;
            }
        }
        if let Some(&existing) = self.edges.get(&(source, kind, target)) {
            if let EdgeKind::Relation(r) = kind {
                let first = &self.graph[existing].provenance;
                self.diagnostics.push(Diagnostic::at(
                    &provenance.document,
                    provenance.line,
                    format!(
                        "duplicate edge `{}` {} `{}` (first at {}:{}) ignored",
                        name(source),
                        clip(&self.relations[r.0 as usize].label),
                        name(target),
                        first.document,
                        first.line
                    ),
                ));
            }
            return;
        }
        let edge = self
            .graph
            .add_edge(source, target, EdgeData { kind, provenance });
        self.edges.insert((source, kind, target), edge);
    }

    /// Assigns ids and builds the indexes. Names that slug to the same id get
    /// `-2`, `-3`, ... in the order they were first written. Each slug keeps
    /// its last suffix, so many names with one slug cost linear time.
    pub fn finish(mut self) -> (KnowledgeGraph, Vec<Diagnostic>) {
        let mut by_id: HashMap<String, NodeIndex> = HashMap::with_capacity(self.graph.node_count());
        let mut last_suffix: HashMap<String, usize> = HashMap::new();
        let mut taken: HashSet<String> = HashSet::new();
        for index in self.graph.node_indices() {
            let mut slug = slugify(&self.graph[index].name);
            if slug.is_empty() {
                slug = "node".to_owned();
            }
            let mut id = slug.clone();
            let mut n = 1;
            if taken.contains(&id) {
                let suffix = last_suffix.entry(slug.clone()).or_insert(1);
                while taken.contains(&id) {
                    *suffix += 1;
                    id = format!("{slug}-{suffix}");
                }
                n = *suffix;
            }
            // The node holding the id this one would have had: the first
            // with the same slug, or one whose slug ends in the same suffix.
            if n > 1
                && let Some(&first) = by_id.get(&slug)
            {
                let node = &self.graph[index];
                let at = &node.sources[0];
                self.diagnostics.push(Diagnostic::at(
                    &at.document,
                    at.line,
                    format!(
                        "`{}` and `{}` share the id `{}`; `{}` gets `{}`",
                        clip(&self.graph[first].name),
                        clip(&node.name),
                        clip(&slug),
                        clip(&node.name),
                        clip(&id)
                    ),
                ));
            }
            taken.insert(id.clone());
            by_id.insert(id.clone(), index);
            self.graph[index].id = id;
        }

        let mut edges_by_relation = vec![Vec::new(); self.relations.len()];
        let mut membership_count = 0;
        for edge in self.graph.edge_indices() {
            match self.graph[edge].kind {
                EdgeKind::Relation(r) => edges_by_relation[r.0 as usize].push(EdgeRef(edge)),
                EdgeKind::Membership => membership_count += 1,
            }
        }
        let graph = KnowledgeGraph {
            graph: self.graph,
            by_id,
            by_name: self.by_name,
            relations: self.relations,
            relation_by_label: self.relation_by_label,
            edges_by_relation,
            membership_count,
            vocabulary: self.vocabulary,
        };
        (graph, self.diagnostics)
    }
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
        assert_eq!(graph.node(vm).sources.len(), 2);
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
            (&*edge.provenance.document, edge.provenance.line),
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

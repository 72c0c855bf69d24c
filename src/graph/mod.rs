//! The knowledge graph: categories, services and concepts, the relation
//! edges between them and the category memberships, with the indexes every
//! query needs. Built once by [`GraphBuilder`], read-only afterwards.
//!
//! petgraph's indices stay inside this module: the rest of the crate holds
//! [`NodeRef`] and [`EdgeRef`] handles, which only this graph hands out.
//!
//! Storage is laid out for a million edges: nodes and edges in two vectors,
//! each node's outgoing and incoming edges as compressed adjacency lists
//! (ascending edge ids, i.e. document order), and the name and id indexes as
//! hash tables of node numbers over one arena of name keys.

mod analytics;
mod build;
pub mod vocabulary;

mod index;
mod runs;

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{EdgeIndex, NodeIndex};

pub use index::NameIndex;
pub use runs::Runs;

pub use analytics::BETWEENNESS_MAX_WORK;
pub use build::{GraphBuilder, PreparedDocument, Preparer};

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeKind {
    /// Named by nothing but relations: a capability, a workload, a thing.
    Concept,
    /// A child of a mindmap's root: a member of that category.
    Service,
    /// A mindmap's root.
    Category,
}

impl NodeKind {
    pub const ALL: [NodeKind; 3] = [NodeKind::Category, NodeKind::Service, NodeKind::Concept];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Category => "category",
            NodeKind::Service => "service",
            NodeKind::Concept => "concept",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(text))
    }
}

/// Where a fact was written: a document and a line.
///
/// The document is a thin shared pointer, so a provenance is 16 bytes: a
/// million edges each carry one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Provenance {
    pub document: Arc<String>,
    pub line: usize,
}

/// A node and what is known of it.
#[derive(Debug, Clone)]
pub struct Node {
    /// Slug of the name, unique in the graph.
    pub id: String,
    /// The name as first written.
    pub name: String,
    pub kind: NodeKind,
    /// Acronyms from the documents, e.g. `LUIS`, then the aliases a data
    /// folder's aliases file gives it.
    pub aliases: Vec<String>,
}

/// An interned relation label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RelationId(u32);

/// A relation label and its slug.
#[derive(Debug, Clone)]
pub struct Relation {
    pub id: String,
    pub label: String,
}

/// How a membership edge reads, where an answer shows it as a relation.
pub const MEMBERSHIP_LABEL: &str = "has service";

/// What an edge says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EdgeKind {
    /// `source -[relation]-> target`.
    Relation(RelationId),
    /// `category -> service`.
    Membership,
}

#[derive(Debug, Clone)]
struct EdgeData {
    source: u32,
    target: u32,
    kind: EdgeKind,
    provenance: Provenance,
}

/// A handle to a node of one graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef(NodeIndex);

impl NodeRef {
    /// The node numbered `i` (as [`index`](Self::index) gives it).
    pub fn from_index(i: usize) -> Self {
        NodeRef(NodeIndex::new(i))
    }

    /// A dense number in `0..node_count()`, for algorithms' own arrays.
    pub fn index(self) -> usize {
        self.0.index()
    }
}

/// A handle to an edge of one graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeRef(EdgeIndex);

/// An edge as queries see it.
#[derive(Debug, Clone, Copy)]
pub struct Edge<'g> {
    pub id: EdgeRef,
    pub source: NodeRef,
    pub target: NodeRef,
    pub kind: EdgeKind,
    pub provenance: &'g Provenance,
}

/// The read-only knowledge graph.
#[derive(Debug, Default)]
pub struct KnowledgeGraph {
    nodes: Vec<Node>,
    edges: Vec<EdgeData>,
    /// Every place each node is written: `sources[source_offsets[n]..source_offsets[n + 1]]`.
    sources: Vec<Provenance>,
    source_offsets: Vec<u32>,
    /// Edge numbers by source node, and by target node.
    out: Runs,
    into: Runs,
    by_id: Arc<NameIndex>,
    by_name: Arc<NameIndex>,
    relations: Vec<Relation>,
    relation_by_label: HashMap<String, RelationId>,
    edges_by_relation: Vec<Vec<EdgeRef>>,
    /// Per relation: whether it reads the same both ways.
    symmetric: Vec<bool>,
    membership_count: usize,
    kind_counts: [usize; 3],
    vocabulary: vocabulary::Vocabulary,
}

impl KnowledgeGraph {
    pub fn node(&self, node: NodeRef) -> &Node {
        &self.nodes[node.index()]
    }

    /// Gives `node` another alias (from outside the documents: a data
    /// folder's aliases file), unless it has it already in some spelling.
    /// Only while the graph is being put together: a built snapshot's graph
    /// is shared read-only.
    pub fn add_alias(&mut self, node: NodeRef, alias: &str) {
        let alias = crate::text::collapse_whitespace(alias);
        let aliases = &mut self.nodes[node.index()].aliases;
        if !alias.is_empty() && !aliases.iter().any(|a| a.eq_ignore_ascii_case(&alias)) {
            aliases.push(alias);
        }
    }

    /// How an edge of this kind reads: its relation's label, or
    /// [`MEMBERSHIP_LABEL`].
    pub fn edge_label(&self, kind: EdgeKind) -> &str {
        match kind {
            EdgeKind::Relation(r) => &self.relation(r).label,
            EdgeKind::Membership => MEMBERSHIP_LABEL,
        }
    }

    /// Every node, in the order they were first written.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = (NodeRef, &Node)> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (NodeRef(NodeIndex::new(i)), n))
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every place `node` is written, in document order.
    pub fn sources(&self, node: NodeRef) -> &[Provenance] {
        let i = node.index();
        &self.sources[self.source_offsets[i] as usize..self.source_offsets[i + 1] as usize]
    }

    /// The node with this id (exact).
    pub fn by_id(&self, id: &str) -> Option<NodeRef> {
        self.by_id.get(id).map(node_ref)
    }

    /// The node with this name (case and white space ignored).
    pub fn by_name(&self, name: &str) -> Option<NodeRef> {
        let mut key = String::new();
        self.by_name
            .get(crate::text::name_key_into(name, &mut key))
            .map(node_ref)
    }

    /// The node whose name key ([`crate::text::name_key`]) is `key`.
    pub fn by_name_key(&self, key: &str) -> Option<NodeRef> {
        self.by_name.get(key).map(node_ref)
    }

    /// The name key ([`crate::text::name_key`]) of every node, numbered by
    /// [`NodeRef::index`]; shared, so other indexes need not copy it.
    pub fn name_keys(&self) -> &Arc<NameIndex> {
        &self.by_name
    }

    /// Every node's id, numbered by [`NodeRef::index`]; shared like
    /// [`name_keys`](Self::name_keys).
    pub fn ids(&self) -> &Arc<NameIndex> {
        &self.by_id
    }

    pub fn edge(&self, edge: EdgeRef) -> Edge<'_> {
        self.edge_at(edge.0.index())
    }

    fn edge_at(&self, i: usize) -> Edge<'_> {
        let data = &self.edges[i];
        Edge {
            id: EdgeRef(EdgeIndex::new(i)),
            source: node_ref(data.source),
            target: node_ref(data.target),
            kind: data.kind,
            provenance: &data.provenance,
        }
    }

    /// Every edge, relations and memberships, in the order they were written.
    pub fn edges(&self) -> impl Iterator<Item = Edge<'_>> + '_ {
        (0..self.edges.len()).map(|i| self.edge_at(i))
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len()
    }

    pub fn relation_edge_count(&self) -> usize {
        self.edges.len() - self.membership_count
    }

    pub fn membership_count(&self) -> usize {
        self.membership_count
    }

    /// Edges leaving `node`, relations and memberships, in document order.
    pub fn outgoing(&self, node: NodeRef) -> impl DoubleEndedIterator<Item = Edge<'_>> + '_ {
        self.out
            .run(node.index())
            .iter()
            .map(|&e| self.edge_at(e as usize))
    }

    /// Edges arriving at `node`, relations and memberships, in document order.
    pub fn incoming(&self, node: NodeRef) -> impl DoubleEndedIterator<Item = Edge<'_>> + '_ {
        self.into
            .run(node.index())
            .iter()
            .map(|&e| self.edge_at(e as usize))
    }

    /// Edges at `node`, newest first (the order traversals have always
    /// visited them in), without allocating: the step of every traversal.
    pub fn edges_at(&self, node: NodeRef, outgoing: bool) -> impl Iterator<Item = Edge<'_>> + '_ {
        let list = if outgoing { &self.out } else { &self.into };
        list.run(node.index())
            .iter()
            .rev()
            .map(|&e| self.edge_at(e as usize))
    }

    /// How many edges, relations and memberships, touch `node`.
    pub fn degree(&self, node: NodeRef) -> usize {
        self.out.run(node.index()).len() + self.into.run(node.index()).len()
    }

    /// The categories `node` is a member of.
    pub fn categories_of(&self, node: NodeRef) -> impl Iterator<Item = NodeRef> + '_ {
        self.incoming(node)
            .filter(|e| e.kind == EdgeKind::Membership)
            .map(|e| e.source)
    }

    /// The services of a category.
    pub fn members_of(&self, category: NodeRef) -> impl Iterator<Item = NodeRef> + '_ {
        self.outgoing(category)
            .filter(|e| e.kind == EdgeKind::Membership)
            .map(|e| e.target)
    }

    /// Every relation, in the order first written.
    pub fn relations(&self) -> impl ExactSizeIterator<Item = (RelationId, &Relation)> + '_ {
        self.relations
            .iter()
            .enumerate()
            .map(|(i, r)| (RelationId(i as u32), r))
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.0 as usize]
    }

    /// The relation with this label or id, compared with
    /// [`crate::text::comparable`] (case, hyphens and spacing ignored).
    pub fn relation_by_label(&self, text: &str) -> Option<RelationId> {
        // Labels as stored (lower-case words, single spaces) need no copy.
        let plain = !text.is_empty()
            && text.bytes().all(|b| b.is_ascii_lowercase() || b == b' ')
            && !text.starts_with(' ')
            && !text.ends_with(' ')
            && !text.contains("  ");
        if plain {
            return self.relation_by_label.get(text).copied();
        }
        self.relation_by_label
            .get(&crate::text::comparable(text))
            .copied()
    }

    /// The wordings the graph was built with.
    pub fn vocabulary(&self) -> &vocabulary::Vocabulary {
        &self.vocabulary
    }

    /// The relation a typed wording names, and whether it is the inverse
    /// wording (so source and target swap): `used by` -> (`uses`, true).
    pub fn relation_term(&self, text: &str) -> Option<(RelationId, bool)> {
        if let Some(id) = self.relation_by_label(text) {
            return Some((id, false));
        }
        match self.vocabulary.active_form(text) {
            (active, true) => self.relation_by_label(active).map(|id| (id, true)),
            _ => None,
        }
    }

    /// Whether a stored relation reads the same both ways.
    pub fn is_symmetric(&self, relation: RelationId) -> bool {
        self.symmetric[relation.0 as usize]
    }

    /// Edges carrying `relation`, in the order written.
    pub fn edges_with_relation(&self, relation: RelationId) -> &[EdgeRef] {
        &self.edges_by_relation[relation.0 as usize]
    }

    /// Counts of nodes by kind (counted once, when the graph was built).
    pub fn count_kind(&self, kind: NodeKind) -> usize {
        self.kind_counts[kind as usize]
    }
}

fn node_ref(i: u32) -> NodeRef {
    NodeRef(NodeIndex::new(i as usize))
}

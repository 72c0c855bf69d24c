//! The knowledge graph: categories, services and concepts, the relation
//! edges between them and the category memberships, with the indexes every
//! query needs. Built once by [`GraphBuilder`], read-only afterwards.
//!
//! petgraph's indices stay inside this module: the rest of the crate holds
//! [`NodeRef`] and [`EdgeRef`] handles, which only this graph hands out.

mod analytics;
mod build;
pub mod names;
pub mod relation;
pub mod vocabulary;

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef as _;
use serde::Serialize;

pub use analytics::BETWEENNESS_MAX_NODES;
pub use build::GraphBuilder;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Provenance {
    pub document: Arc<str>,
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
    /// Acronyms from the documents, e.g. `LUIS`.
    pub aliases: Vec<String>,
    /// Every place the node is written.
    pub sources: Vec<Provenance>,
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
    kind: EdgeKind,
    provenance: Provenance,
}

/// A handle to a node of one graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef(NodeIndex);

impl NodeRef {
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
    graph: DiGraph<Node, EdgeData>,
    by_id: HashMap<String, NodeIndex>,
    by_name: HashMap<String, NodeIndex>,
    relations: Vec<Relation>,
    relation_by_label: HashMap<String, RelationId>,
    edges_by_relation: Vec<Vec<EdgeRef>>,
    membership_count: usize,
    vocabulary: vocabulary::Vocabulary,
}

impl KnowledgeGraph {
    pub fn node(&self, node: NodeRef) -> &Node {
        &self.graph[node.0]
    }

    /// Every node, in the order they were first written.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = (NodeRef, &Node)> + '_ {
        self.graph
            .node_indices()
            .map(|i| (NodeRef(i), &self.graph[i]))
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The node with this id (exact).
    pub fn by_id(&self, id: &str) -> Option<NodeRef> {
        self.by_id.get(id).copied().map(NodeRef)
    }

    /// The node with this name (case and white space ignored).
    pub fn by_name(&self, name: &str) -> Option<NodeRef> {
        self.by_name
            .get(&names::name_key(name))
            .copied()
            .map(NodeRef)
    }

    pub fn edge(&self, edge: EdgeRef) -> Edge<'_> {
        let (source, target) = self
            .graph
            .edge_endpoints(edge.0)
            .expect("edge handles come from this graph");
        let data = &self.graph[edge.0];
        Edge {
            id: edge,
            source: NodeRef(source),
            target: NodeRef(target),
            kind: data.kind,
            provenance: &data.provenance,
        }
    }

    /// Every edge, relations and memberships, in the order they were written.
    pub fn edges(&self) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.graph.edge_indices().map(|e| self.edge(EdgeRef(e)))
    }

    pub fn relation_edge_count(&self) -> usize {
        self.graph.edge_count() - self.membership_count
    }

    pub fn membership_count(&self) -> usize {
        self.membership_count
    }

    /// Edges leaving `node`, relations and memberships.
    pub fn outgoing(&self, node: NodeRef) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.directed_edges(node, Direction::Outgoing)
    }

    /// Edges arriving at `node`, relations and memberships.
    pub fn incoming(&self, node: NodeRef) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.directed_edges(node, Direction::Incoming)
    }

    fn directed_edges(
        &self,
        node: NodeRef,
        direction: Direction,
    ) -> impl Iterator<Item = Edge<'_>> + '_ {
        // petgraph lists a node's edges newest first; answers read better in
        // document order.
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(node.0, direction)
            .map(|e| e.id())
            .collect();
        edges.reverse();
        edges.into_iter().map(|e| self.edge(EdgeRef(e)))
    }

    /// Edges at `node` in petgraph's own order, without allocating: the
    /// step of every traversal.
    pub fn edges_at(&self, node: NodeRef, outgoing: bool) -> impl Iterator<Item = Edge<'_>> + '_ {
        let direction = if outgoing {
            Direction::Outgoing
        } else {
            Direction::Incoming
        };
        self.graph
            .edges_directed(node.0, direction)
            .map(move |e| Edge {
                id: EdgeRef(e.id()),
                source: NodeRef(e.source()),
                target: NodeRef(e.target()),
                kind: e.weight().kind,
                provenance: &e.weight().provenance,
            })
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
    /// [`relation::comparable`] (case, hyphens and spacing ignored).
    pub fn relation_by_label(&self, text: &str) -> Option<RelationId> {
        self.relation_by_label
            .get(&relation::comparable(text))
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
        self.vocabulary.is_symmetric(&self.relation(relation).label)
    }

    /// Edges carrying `relation`, in the order written.
    pub fn edges_with_relation(&self, relation: RelationId) -> &[EdgeRef] {
        &self.edges_by_relation[relation.0 as usize]
    }

    /// Counts of nodes by kind.
    pub fn count_kind(&self, kind: NodeKind) -> usize {
        self.graph.node_weights().filter(|n| n.kind == kind).count()
    }
}

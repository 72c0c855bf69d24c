//! The graph, or the part of it around a focus node, in formats for people
//! and tools: JSON, Cytoscape.js elements, Graphviz DOT, a Mermaid
//! flowchart, GraphML, and servicemap's own mindmap dialect.

mod graphml;
mod mindmap;
mod text;

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::graph::{EdgeKind, EdgeRef, KnowledgeGraph, NodeKind, NodeRef};
use crate::query::neighbors::{Direction, neighbors};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Cytoscape,
    Dot,
    Mermaid,
    Mindmap,
    Graphml,
}

/// JSON, the format of `GET /api/v1/graph` when none is asked.
impl Default for Format {
    fn default() -> Self {
        Format::Json
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Export formats; case does not matter.
impl crate::query::choice::Choice for Format {
    const ALL: &'static [Self] = &Format::ALL;
    const DEFAULT: Option<Self> = Some(Format::Json);

    fn word(self) -> &'static str {
        self.name()
    }

    fn parse(text: &str) -> Option<Self> {
        Format::parse(text)
    }
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Json,
        Format::Cytoscape,
        Format::Dot,
        Format::Mermaid,
        Format::Mindmap,
        Format::Graphml,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Cytoscape => "cytoscape",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
            Format::Mindmap => "mindmap",
            Format::Graphml => "graphml",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(text))
    }

    /// The media type of an export. Mermaid has no registered type; it is
    /// plain text that renders wherever Mermaid does.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json | Format::Cytoscape => "application/json",
            Format::Dot => "text/vnd.graphviz; charset=utf-8",
            Format::Mermaid => "text/plain; charset=utf-8",
            Format::Mindmap => "text/markdown; charset=utf-8",
            Format::Graphml => "application/graphml+xml",
        }
    }

    /// A file name extension for downloads.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json | Format::Cytoscape => "json",
            Format::Dot => "dot",
            Format::Mermaid => "mmd",
            Format::Mindmap => "md",
            Format::Graphml => "graphml",
        }
    }
}

/// The part of the graph an export shows: nodes, the relation edges between
/// them and the memberships between them.
pub struct Selection<'g> {
    pub graph: &'g KnowledgeGraph,
    pub nodes: Vec<NodeRef>,
    pub edges: Vec<EdgeRef>,
    pub memberships: Vec<EdgeRef>,
}

impl<'g> Selection<'g> {
    /// The whole graph.
    pub fn whole(graph: &'g KnowledgeGraph) -> Self {
        Self::of_nodes(graph, graph.nodes().map(|(n, _)| n).collect())
    }

    /// Every node within `depth` relation hops of `focus`, in both directions;
    /// around a category, also its services, so a category can be opened
    /// on its own when the whole graph is too large to export.
    pub fn around(graph: &'g KnowledgeGraph, focus: NodeRef, depth: usize) -> Self {
        let mut nodes = neighbors(graph, focus, Direction::Both, None, depth).nodes;
        if graph.node(focus).kind == NodeKind::Category {
            nodes.extend(graph.members_of(focus));
        }
        nodes.sort();
        nodes.dedup();
        Self::of_nodes(graph, nodes)
    }

    fn of_nodes(graph: &'g KnowledgeGraph, nodes: Vec<NodeRef>) -> Self {
        let (mut edges, mut memberships) = (Vec::new(), Vec::new());
        let between: Vec<EdgeRef> = if nodes.len() == graph.node_count() {
            graph.edges().map(|e| e.id).collect()
        } else {
            // Only the selected nodes' own edges, in the order written.
            let inside: HashSet<NodeRef> = nodes.iter().copied().collect();
            let mut ids: Vec<EdgeRef> = nodes
                .iter()
                .flat_map(|n| graph.outgoing(*n))
                .filter(|e| inside.contains(&e.target))
                .map(|e| e.id)
                .collect();
            ids.sort_unstable();
            ids
        };
        for edge in between.into_iter().map(|e| graph.edge(e)) {
            match edge.kind {
                EdgeKind::Relation(_) => edges.push(edge.id),
                EdgeKind::Membership => memberships.push(edge.id),
            }
        }
        Selection {
            graph,
            nodes,
            edges,
            memberships,
        }
    }

    /// How many elements an export of it writes.
    pub fn size(&self) -> usize {
        self.nodes.len() + self.edges.len() + self.memberships.len()
    }

    fn relation(&self, edge: EdgeRef) -> &'g str {
        match self.graph.edge(edge).kind {
            EdgeKind::Relation(r) => &self.graph.relation(r).label,
            EdgeKind::Membership => "has service",
        }
    }

    /// Writes the selection in `format`. When this thread's work is
    /// cancelled (see [`crate::work`]) it stops within a thousand elements
    /// and returns what it has: whoever asked is not reading it.
    pub fn export(&self, format: Format) -> String {
        match format {
            Format::Json => self.json().to_string(),
            Format::Cytoscape => self.cytoscape().to_string(),
            Format::Dot => self.dot(),
            Format::Mermaid => self.mermaid(),
            Format::Mindmap => mindmap::write(self),
            Format::Graphml => graphml::write(self),
        }
    }

    fn json(&self) -> Value {
        let g = self.graph;
        let going = Going::default();
        let nodes: Vec<Value> = self
            .nodes
            .iter()
            .take_while(|_| going.on())
            .map(|n| {
                let data = g.node(*n);
                let categories: Vec<&str> = g.categories_of(*n).map(|c| g.node(c).id.as_str()).collect();
                json!({"id": data.id, "name": data.name, "kind": data.kind.as_str(), "categories": categories, "aliases": data.aliases})
            })
            .collect();
        let edges: Vec<Value> = self
            .edges
            .iter()
            .take_while(|_| going.on())
            .map(|e| {
                let edge = g.edge(*e);
                json!({
                    "source": g.node(edge.source).id,
                    "relation": self.relation(*e),
                    "target": g.node(edge.target).id,
                    "provenance": {"document": edge.provenance.document.as_str(), "line": edge.provenance.line},
                })
            })
            .collect();
        let memberships: Vec<Value> = self
            .memberships
            .iter()
            .take_while(|_| going.on())
            .map(|e| {
                let edge = g.edge(*e);
                json!({"category": g.node(edge.source).id, "service": g.node(edge.target).id})
            })
            .collect();
        json!({"nodes": nodes, "edges": edges, "memberships": memberships})
    }

    /// Cytoscape.js elements: `{"elements": {"nodes": [...], "edges": [...]}}`.
    fn cytoscape(&self) -> Value {
        let g = self.graph;
        let going = Going::default();
        let nodes: Vec<Value> = self
            .nodes
            .iter()
            .take_while(|_| going.on())
            .map(|n| {
                let data = g.node(*n);
                let category = g.categories_of(*n).next().map(|c| g.node(c).id.as_str());
                json!({"data": {"id": data.id, "label": data.name, "kind": data.kind.as_str(), "category": category}, "classes": data.kind.as_str()})
            })
            .collect();
        let edges: Vec<Value> = self
            .edges
            .iter()
            .chain(&self.memberships)
            .take_while(|_| going.on())
            .enumerate()
            .map(|(i, e)| {
                let edge = g.edge(*e);
                let class = if edge.kind == EdgeKind::Membership { "membership" } else { "relation" };
                json!({
                    "data": {"id": format!("e{i}"), "source": g.node(edge.source).id, "target": g.node(edge.target).id, "label": self.relation(*e)},
                    "classes": class,
                })
            })
            .collect();
        json!({"elements": {"nodes": nodes, "edges": edges}})
    }

    fn dot(&self) -> String {
        let g = self.graph;
        let going = Going::default();
        let mut out =
            String::from("digraph servicemap {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for n in self.nodes.iter().take_while(|_| going.on()) {
            let data = g.node(*n);
            let shape = match data.kind {
                crate::graph::NodeKind::Category => "doubleoctagon",
                crate::graph::NodeKind::Service => "box",
                crate::graph::NodeKind::Concept => "ellipse",
            };
            out.push_str(&format!(
                "  {} [label={}, shape={shape}];\n",
                text::dot_id(&data.id),
                text::dot_string(&data.name)
            ));
        }
        for e in self
            .edges
            .iter()
            .chain(&self.memberships)
            .take_while(|_| going.on())
        {
            let edge = g.edge(*e);
            let style = if edge.kind == EdgeKind::Membership {
                ", style=dashed"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {} -> {} [label={}{style}];\n",
                text::dot_id(&g.node(edge.source).id),
                text::dot_id(&g.node(edge.target).id),
                text::dot_string(self.relation(*e))
            ));
        }
        out.push_str("}\n");
        out
    }

    /// A Mermaid flowchart with labelled edges.
    fn mermaid(&self) -> String {
        let g = self.graph;
        let index: std::collections::HashMap<NodeRef, usize> = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (*n, i))
            .collect();
        let going = Going::default();
        let mut out = String::from("flowchart LR\n");
        for (i, n) in self.nodes.iter().take_while(|_| going.on()).enumerate() {
            let data = g.node(*n);
            let label = text::mermaid_text(&data.name);
            let line = match data.kind {
                crate::graph::NodeKind::Category => format!("  n{i}{{{{\"{label}\"}}}}\n"),
                crate::graph::NodeKind::Service => format!("  n{i}[\"{label}\"]\n"),
                crate::graph::NodeKind::Concept => format!("  n{i}([\"{label}\"])\n"),
            };
            out.push_str(&line);
        }
        for e in self
            .edges
            .iter()
            .chain(&self.memberships)
            .take_while(|_| going.on())
        {
            let edge = g.edge(*e);
            let arrow = if edge.kind == EdgeKind::Membership {
                "-.->"
            } else {
                "-->"
            };
            out.push_str(&format!(
                "  n{} {arrow}|\"{}\"| n{}\n",
                index[&edge.source],
                text::mermaid_text(self.relation(*e)),
                index[&edge.target]
            ));
        }
        out
    }
}

/// Whether an export should go on: no once this thread's work is
/// cancelled, checked every thousand elements.
#[derive(Default)]
pub(crate) struct Going(std::cell::Cell<usize>);

impl Going {
    pub(crate) fn on(&self) -> bool {
        let n = self.0.get() + 1;
        self.0.set(n);
        !n.is_multiple_of(1024) || !crate::work::cancelled()
    }
}

//! servicemap: a knowledge graph of cloud services, read from Mermaid
//! mindmaps in Markdown and served over a JSON API.
//!
//! # Layout
//!
//! The modules follow the data's journey:
//!
//! - [`document`]: Markdown bytes to parsed mind maps, with line diagnostics.
//! - [`graph`]: parsed mind maps to the read-only [`graph::KnowledgeGraph`].
//! - [`load`]: data paths on disk to a [`load::Snapshot`]: graph,
//!   diagnostics and content version.
//! - [`query`]: questions over a snapshot: name resolution, edge patterns,
//!   neighbourhoods, paths.
//! - [`export`]: a selection of the graph as JSON, Cytoscape.js, DOT,
//!   Mermaid, GraphML or the mindmap dialect itself.
//! - [`http`]: the axum router, its error type and response views.
//! - [`diagnostic`]: warnings with document and line.
//! - [`generate`]: deterministic scale data in the same dialect.

pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod export;
pub mod generate;
pub mod graph;
pub mod http;
pub mod load;
pub mod query;
pub mod server;

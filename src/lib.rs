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
//! - [`http`]: the axum router, its error type and response views.
//! - [`diagnostic`]: warnings with document and line.
//! - [`healthcheck`]: the blocking `/readyz` probe behind
//!   `servicemap healthcheck`, for container health checks.

pub mod cli;
pub mod diagnostic;
pub mod document;
pub mod graph;
pub mod healthcheck;
pub mod http;
pub mod load;
pub mod query;
pub mod server;

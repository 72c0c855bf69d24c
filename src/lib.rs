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
//! - [`live`]: the served snapshot, swapped whole on reload.
//! - [`query`]: questions over a snapshot: name resolution, edge patterns,
//!   neighbourhoods, paths.
//! - [`export`]: a selection of the graph as JSON, Cytoscape.js, DOT,
//!   Mermaid, GraphML or the mindmap dialect itself.
//! - [`http`]: the axum router, its error type and response views.
//! - [`metrics`]: Prometheus metrics.
//! - [`server`]: the accept loop, limits on connections, graceful shutdown.
//! - [`watch`]: reloading when the data folder changes.
//! - [`cli`]: the command line.
//! - [`work`]: budgets of work and cooperative cancellation, shared by
//!   every computation that grows with the graph.
//! - [`diagnostic`]: warnings with document and line.
//! - [`healthcheck`]: the `/readyz` probe (hyper's client, bounded) behind
//!   `servicemap healthcheck`, for container health checks.

pub mod app;
pub mod cli;
pub mod cypher;
pub mod diagnostic;
pub mod document;
pub mod export;
pub mod graph;
pub mod healthcheck;
pub mod http;
pub mod live;
pub mod matcher;
pub mod metrics;
pub mod query;
pub mod server;
pub mod snapshot;
pub mod text;
pub mod watch;
pub mod work;

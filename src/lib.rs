//! servicemap: a knowledge graph of cloud services, read from Mermaid
//! mindmaps in Markdown and served over a JSON API.
//!
//! # Layout
//!
//! The modules follow the data's journey, each importing only those above
//! it in this list (the bottom of the stack first):
//!
//! - [`text`]: bytes to lines, and how names and relations compare.
//! - [`diagnostic`]: warnings with document and line.
//! - [`work`]: budgets of work and cooperative cancellation, shared by
//!   every computation that grows with the graph.
//! - [`document`]: Markdown bytes to parsed mind maps and the data folder's
//!   line files, with line diagnostics.
//! - [`graph`]: parsed mind maps to the read-only [`graph::KnowledgeGraph`]:
//!   nodes, relation edges with provenance, memberships, the relation
//!   vocabulary, analytics.
//! - [`matcher`]: every match of typed text: names to nodes (the one
//!   resolver), ranked candidates, "did you mean", relation and parameter
//!   suggestions.
//! - [`query`]: edge patterns, neighbourhoods, paths and impact over the
//!   graph, the numeric bounds of each (with their newtypes) and the word
//!   choices (directions) with their defaults.
//! - [`cypher`]: the read-only openCypher engine: parse, plan, optimise,
//!   execute under a work budget.
//! - [`nlq`]: questions in plain words read by a small semantic parser
//!   into typed readings and the Cypher queries that answer them.
//! - [`problem`]: each kind of problem's `type` URN and title, and the
//!   fields a Cypher error adds, shared by the HTTP API and the MCP tools.
//! - [`snapshot`]: data paths on disk to a [`snapshot::Snapshot`] (graph,
//!   resolver, diagnostics and content version).
//! - [`live`]: the served snapshot, swapped whole on reload, and the
//!   observers told of each reload.
//! - [`watch`]: reloading when the data folder changes.
//! - [`app`]: questions as typed values, answered as a typed
//!   [`app::Answer`] with its sentence.
//! - [`export`]: a selection of the graph as JSON, Cytoscape.js, DOT,
//!   Mermaid, GraphML or the mindmap dialect itself.
//! - [`metrics`]: Prometheus metrics.
//! - [`http`]: the axum router (one route table listing each endpoint's
//!   parameter struct), its one error type (`error/`: the type and its
//!   mappings; `response.rs`: the problem body), the typed query
//!   parameters (`params/`: the descriptors and newtypes; `decoded.rs`:
//!   the query string read once), the wire views, the middleware and its
//!   answer cache (`cache.rs`).
//! - [`mcp`]: the Model Context Protocol server for AI assistants (tools,
//!   resources, prompts), at `/mcp` on the router and over stdio.
//! - [`server`]: the accept loop, limits on connections, graceful shutdown.
//! - [`healthcheck`]: the `/readyz` probe (hyper's client, bounded) behind
//!   `servicemap healthcheck`, for container health checks.
//! - [`cli`]: the command line (`args.rs` the options, `serve.rs`,
//!   `offline.rs` for ask/export/query, `check`, `diff`, `mcp`); `main.rs`
//!   parses and dispatches to it.
//!
//! The scale-data generator is a development crate of the workspace,
//! `crates/servicemap-gen`.

pub mod app;
pub mod cli;
pub mod cypher;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod export;
pub mod graph;
pub mod healthcheck;
pub mod http;
pub mod lint;
pub mod live;
pub mod matcher;
pub mod mcp;
pub mod metrics;
pub mod nlq;
pub mod problem;
pub mod query;
pub mod server;
pub mod snapshot;
pub mod text;
pub mod watch;
pub mod work;

//! The Model Context Protocol server: the map as tools, resources and
//! prompts for AI assistants, over the official Rust SDK (`rmcp`).
//!
//! Another front end beside [`crate::http`], over the same layers: names
//! go through the one resolver, questions through [`crate::app`], edges,
//! neighbourhoods and paths through [`crate::query`]. Every call reads one
//! snapshot, so an answer and its cursor belong to one graph version.
//!
//! - [`tools`]: the tool table and dispatch; [`inputs`] what they take,
//!   [`nodes`], [`graph`], [`impact`] and [`query`] what they answer, [`views`] the typed shapes;
//! - [`budget`]: the size budget and the cursor;
//! - [`resources`]: the summary, documents and nodes as resources;
//! - [`subscriptions`]: resources followed across reloads;
//! - [`prompts`]: ready-made tasks;
//! - [`error`]: tool errors with what the REST problems carry;
//! - [`transport`]: `/mcp` on the HTTP router, and stdio.

pub mod budget;
pub mod error;
pub mod graph;
pub mod impact;
pub mod inputs;
pub mod nodes;
pub mod prompts;
pub mod query;
pub mod reply;
pub mod resources;
pub mod subscriptions;
pub mod tools;
pub mod transport;
pub mod views;

mod handler;

pub use handler::McpServer;
pub use tools::ToolConfig;

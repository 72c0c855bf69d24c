//! The application layer: questions become typed values, and answering one
//! gives a typed [`Answer`] with its sentence rendered from the typed value.
//! The HTTP layer maps an answer to a view; the CLI prints it. Nothing here
//! knows about HTTP.
//!
//! - [`ask`]: a question in plain words, read by [`crate::nlq`], answered
//!   by the Cypher engine;
//! - [`answer`]: what answers are;
//! - [`sentence`]: an answer said in one plain sentence;
//! - [`history`]: the snapshots served, for what changed between them.

pub mod answer;
pub mod ask;
mod facts;
pub mod history;
pub mod sentence;

pub use answer::{Answer, Reading};
pub use ask::{AskError, Asked, ask};

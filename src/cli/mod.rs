//! The command line: `serve` (the default), `check`, `ask`, `query`,
//! `export`, `diff`, `mcp` (the MCP server on stdio, in [`mcp`]) and
//! `healthcheck`. The options are declared in [`args`] as clap reads them;
//! each command is a function: [`serve`] here through [`serve()`], the
//! offline answers in [`offline`], `check`, `diff` and `mcp` in their own
//! files. Every command loads its data paths through [`load_or_exit`].

mod args;
mod check;
mod diff;
mod mcp;
mod offline;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::snapshot::{LoadError, Snapshot, load};

pub use args::{Cli, Command, DataArgs, LogFormat, ServeArgs};
pub use check::{CheckFormat, check};
pub use diff::{DiffFormat, run as diff};
pub use mcp::{McpArgs, mcp};
pub use offline::{ask, export, query};
pub(crate) use serve::init_tracing;
pub use serve::serve;

/// Exit code for a usage or configuration error (missing data path, bad address).
pub const EXIT_CONFIG: u8 = 2;

/// Loads data paths for a command, turning failures into an exit code.
pub fn load_or_exit(paths: &[PathBuf]) -> Result<Snapshot, ExitCode> {
    match load(paths) {
        Ok(snapshot) => Ok(snapshot),
        Err(error @ (LoadError::Missing(_) | LoadError::Unreadable { .. })) => {
            eprintln!("servicemap: {error}");
            Err(ExitCode::from(EXIT_CONFIG))
        }
        Err(LoadError::Empty { paths, diagnostics }) => {
            for d in &diagnostics {
                eprintln!("warning: {d}");
            }
            eprintln!("servicemap: no mindmap could be loaded from {paths}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// One line: documents, nodes by kind, edges, relation types, version.
pub fn summary(snapshot: &Snapshot) -> String {
    use crate::graph::NodeKind;
    let g = &snapshot.graph;
    format!(
        "{} documents, {} nodes ({} categories, {} services, {} concepts), {} relation edges of {} relation types, {} memberships, {} diagnostics, version {}",
        snapshot.documents.len(),
        g.node_count(),
        g.count_kind(NodeKind::Category),
        g.count_kind(NodeKind::Service),
        g.count_kind(NodeKind::Concept),
        g.relation_edge_count(),
        g.relations().len(),
        g.membership_count(),
        snapshot.diagnostics.len(),
        snapshot.version
    )
}

/// Exit code when a name in the command matches no node, or several.
pub const EXIT_NO_SUCH_NODE: u8 = 3;
/// Exit code when a question is in none of the forms `ask` reads.
pub const EXIT_UNREADABLE: u8 = 4;

//! The command line: `serve` (the default), `check` and `healthcheck`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::load::{LoadError, Snapshot, load};

#[derive(Debug, Parser)]
#[command(
    name = "servicemap",
    version,
    about = "A knowledge graph of cloud services, served over a JSON API"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve`, which runs when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (the default).
    Serve(ServeArgs),
    /// Load documents, print the summary and diagnostics, and exit.
    Check {
        /// Data files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Probe a running server's /readyz: exit 0 when it answers 200, else 1.
    Healthcheck {
        /// HOST:PORT or http://HOST:PORT[/PATH] of the server.
        #[arg(
            long,
            env = "SERVICEMAP_HEALTHCHECK_ADDR",
            default_value = "127.0.0.1:8080"
        )]
        addr: String,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// A data file or folder (every `*.md` below it); repeat for several.
    #[arg(long = "data", env = "SERVICEMAP_DATA", default_value = "data")]
    pub data: Vec<PathBuf>,
    /// Address to listen on.
    #[arg(long, env = "SERVICEMAP_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Log format.
    #[arg(long, env = "SERVICEMAP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

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

/// `servicemap check`: the summary and every diagnostic.
pub fn check(paths: &[PathBuf]) -> ExitCode {
    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    println!("{}", summary(&snapshot));
    for d in &snapshot.diagnostics {
        println!("warning: {d}");
    }
    ExitCode::SUCCESS
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

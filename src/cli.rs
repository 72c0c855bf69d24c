//! The command line: `serve` (the default) and `check`.

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
    /// Answer a question in plain words, offline, as `GET /api/v1/ask` would.
    Ask {
        /// The question, e.g. "what integrates with Synapse".
        question: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Export the graph, or the part around a node, as `GET /api/v1/graph` would.
    Export {
        /// json, cytoscape, dot, mermaid, mindmap or graphml.
        #[arg(long, default_value = "json")]
        format: String,
        /// Only the part around this node.
        #[arg(long)]
        focus: Option<String>,
        /// Relation hops around the focus (1 to 5).
        #[arg(long, requires = "focus")]
        depth: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Write deterministic scale data (documents in the same dialect).
    Generate(crate::generate::GenerateArgs),
}

/// Where the documents are, for offline commands.
#[derive(Debug, Clone, Args)]
pub struct DataArgs {
    /// A data file or folder (every `*.md` below it); repeat for several.
    #[arg(long = "data", env = "SERVICEMAP_DATA", default_value = "data")]
    pub data: Vec<PathBuf>,
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

/// Answers `uri` from the same router the server runs, offline: prints the
/// body on success, the problem on stderr and exit 1 otherwise.
pub fn offline_request(paths: &[PathBuf], uri: &str) -> ExitCode {
    use axum::body::Body;
    use axum::http::Request;
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let limits = crate::http::state::Limits {
        export_max_elements: usize::MAX,
        ..Default::default()
    };
    let app =
        crate::http::router(crate::http::AppState::with_snapshot(snapshot).with_limits(limits));
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        eprintln!("servicemap: cannot start the runtime");
        return ExitCode::FAILURE;
    };
    let Ok(request) = Request::get(uri).body(Body::empty()) else {
        eprintln!("servicemap: cannot build the request for {uri}");
        return ExitCode::from(EXIT_CONFIG);
    };
    let (status, body) = runtime.block_on(async {
        let response = app
            .oneshot(request)
            .await
            .expect("the router is infallible");
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        (status, body)
    });
    let text = String::from_utf8_lossy(&body);
    if status.is_success() {
        println!("{}", text.trim_end());
        ExitCode::SUCCESS
    } else {
        eprintln!("{text}");
        ExitCode::FAILURE
    }
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}

//! Every command's options, each with its help text, declared together as
//! clap reads them; [`ServeArgs`] also turns its options into the server's
//! configuration.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use super::mcp::{self, McpArgs};
use super::{CheckFormat, DiffFormat};
use crate::export::Format;
use crate::http::state::{AdminToken, Config, Limits};
use crate::query::bounds::{Bounded, Depth};
use crate::query::choice::Choice;
use crate::server::ServerOptions;

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
    /// Load documents and run the checks: findings with rule ids, for CI.
    ///
    /// Exit codes: 0 no error-level finding, 1 an error-level finding, 2 bad
    /// data path.
    Check {
        /// Data files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// text, json, or sarif (SARIF 2.1.0, for code scanning).
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// What changed between two versions of the data: nodes, renames,
    /// moves, relations, aliases, vocabulary and diagnostics.
    ///
    /// Each side is a data path, or a git revision (`HEAD~1`, a branch, a
    /// tag) of the data folder given with `--data`. Exit codes: 0 shown, 2 a
    /// side cannot be read.
    Diff {
        /// The old side: a data path or a git revision.
        old: String,
        /// The new side: a data path or a git revision.
        new: String,
        /// text (coloured on a terminal), json, or markdown (for a pull request).
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// The data folder whose revisions are read.
        #[arg(long = "data", env = "SERVICEMAP_DATA", default_value = "data")]
        data: PathBuf,
    },
    /// Answer a question in plain words, offline, as `GET /api/v1/ask` would.
    ///
    /// Exit codes: 0 answered, 2 bad data path, 3 no such node (or several),
    /// 4 a question in none of the supported forms, 1 anything else.
    Ask {
        /// The question, e.g. "what integrates with Synapse".
        question: String,
        /// Print the whole answer as JSON, not only its sentence.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Answer a read-only Cypher query, offline, as `POST /api/v1/query` would.
    Query {
        /// The query, e.g. `MATCH (s:Service)-[:uses]->(t) RETURN s.name, t.name`.
        query: String,
        /// Print the answer as JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// A parameter as NAME=JSON (a bare word is a string); repeat for several.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Export the graph, or the part around a node, as `GET /api/v1/graph` would.
    Export {
        /// json, cytoscape, dot, mermaid, mindmap or graphml.
        #[arg(long, value_parser = Format::value_parser, default_value_t = Format::default())]
        format: Format,
        /// Only the part around this node.
        #[arg(long)]
        focus: Option<String>,
        /// Relation hops around the focus (1 to 5).
        #[arg(long, requires = "focus", default_value_t = Depth::default(), value_parser = Depth::parse)]
        depth: Depth,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Serve the Model Context Protocol on stdin and stdout, for AI
    /// assistants that launch the server themselves.
    Mcp(McpArgs),
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
    /// Log format; the level comes from RUST_LOG (default info).
    #[arg(long, env = "SERVICEMAP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Reload when files in the data folders change.
    #[arg(long, env = "SERVICEMAP_WATCH", default_value_t = true, action = clap::ArgAction::Set)]
    pub watch: bool,
    /// A file holding the admin bearer token (SERVICEMAP_ADMIN_TOKEN holds it
    /// directly); without either, admin endpoints answer 404.
    #[arg(long, env = "SERVICEMAP_ADMIN_TOKEN_FILE")]
    pub admin_token_file: Option<PathBuf>,
    /// An origin allowed to call the API from a browser (repeat, or
    /// comma-separate in the environment); `*` allows any. Default: none.
    #[arg(
        long = "cors-origin",
        env = "SERVICEMAP_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// Seconds a request may take before a 503.
    #[arg(long, env = "SERVICEMAP_REQUEST_TIMEOUT", default_value_t = 10)]
    pub request_timeout: u64,
    /// Requests served at once; more are shed with a 503 and Retry-After.
    #[arg(long, env = "SERVICEMAP_CONCURRENCY_LIMIT", default_value_t = 512)]
    pub concurrency_limit: usize,
    /// Longest request target (path and query) in bytes; longer is a 414.
    #[arg(long, env = "SERVICEMAP_MAX_URI_BYTES", default_value_t = 8192)]
    pub max_uri_bytes: usize,
    /// Most bytes of request headers; more is a 431.
    #[arg(long, env = "SERVICEMAP_MAX_HEADER_BYTES", default_value_t = 16384)]
    pub max_header_bytes: usize,
    /// Seconds a client may take to send its request headers.
    #[arg(long, env = "SERVICEMAP_HEADER_READ_TIMEOUT", default_value_t = 10)]
    pub header_read_timeout: u64,
    /// Seconds from SIGTERM or SIGINT to the exit, at most: the drain
    /// delay, then in-flight requests finishing; what is left is cancelled.
    #[arg(long, env = "SERVICEMAP_SHUTDOWN_TIMEOUT", default_value_t = 10)]
    pub shutdown_timeout: u64,
    /// Seconds to keep accepting after SIGTERM while /readyz answers 503, so
    /// that a load balancer stops sending before the listener closes.
    #[arg(long, env = "SERVICEMAP_DRAIN_DELAY", default_value_t = 0)]
    pub drain_delay: u64,
    /// Seconds one write may wait for a client to read its answer.
    #[arg(long, env = "SERVICEMAP_WRITE_TIMEOUT", default_value_t = 10)]
    pub write_timeout: u64,
    /// Work one Cypher query may do (nodes and edges examined, rows produced).
    #[arg(long, env = "SERVICEMAP_QUERY_WORK", default_value_t = crate::cypher::Bounds::default().max_work)]
    pub query_work: usize,
    /// Rows one Cypher answer may hold; past it the answer says `truncated`.
    #[arg(long, env = "SERVICEMAP_QUERY_ROWS", default_value_t = crate::cypher::Bounds::default().max_rows)]
    pub query_rows: usize,
    /// Bytes of Cypher query text.
    #[arg(long, env = "SERVICEMAP_QUERY_BYTES", default_value_t = crate::cypher::Bounds::default().max_query_bytes)]
    pub query_bytes: usize,
    /// Hops of a Cypher variable-length relationship (and what `*` means).
    #[arg(long, env = "SERVICEMAP_QUERY_DEPTH", default_value_t = crate::cypher::Bounds::default().max_depth)]
    pub query_depth: usize,
    /// Served snapshots kept for /api/v1/changes and /api/v1/events.
    #[arg(long, env = "SERVICEMAP_KEEP_SNAPSHOTS", default_value_t = 8)]
    pub keep_snapshots: usize,
    /// Megabytes (estimated) the kept snapshots may take; the oldest go first.
    #[arg(long, env = "SERVICEMAP_KEEP_SNAPSHOTS_MB", default_value_t = 256)]
    pub keep_snapshots_mb: usize,
    /// Size budget of an MCP tool answer, in bytes of JSON, when a call
    /// names none (docs/mcp.md).
    #[arg(long, env = "SERVICEMAP_MCP_MAX_BYTES", default_value_t = crate::mcp::budget::DEFAULT_MAX_BYTES)]
    pub mcp_max_bytes: usize,
    /// A host name `/mcp` accepts in `Host` besides the loopback names
    /// (repeat, or comma-separate in the environment); `*` accepts any.
    #[arg(
        long = "mcp-allowed-host",
        env = "SERVICEMAP_MCP_ALLOWED_HOSTS",
        value_delimiter = ','
    )]
    pub mcp_allowed_hosts: Vec<String>,
    /// Megabytes of answers kept for repeated GETs of the same version
    /// (answers of up to 256 KiB each); 0 keeps none.
    #[arg(long, env = "SERVICEMAP_ANSWER_CACHE_MB", default_value_t = crate::http::state::ANSWER_CACHE_BYTES / (1024 * 1024))]
    pub answer_cache_mb: usize,
}

impl ServeArgs {
    /// The HTTP configuration these options describe; reads the admin token.
    pub fn http_config(&self) -> Result<Config, String> {
        let token =
            match &self.admin_token_file {
                Some(path) => {
                    let text = std::fs::read_to_string(path).map_err(|e| {
                        format!("cannot read the admin token file {}: {e}", path.display())
                    })?;
                    Some(AdminToken::new(&text).ok_or_else(|| {
                        format!("the admin token file {} is empty", path.display())
                    })?)
                }
                None => std::env::var("SERVICEMAP_ADMIN_TOKEN")
                    .ok()
                    .and_then(|t| AdminToken::new(&t)),
            };
        if self.concurrency_limit == 0 || self.request_timeout == 0 {
            return Err("--concurrency-limit and --request-timeout must be at least 1".into());
        }
        if self.query_depth == 0 || self.query_rows == 0 {
            return Err("--query-depth and --query-rows must be at least 1".into());
        }
        let mut mcp = crate::mcp::transport::McpHttpConfig::default();
        mcp.tools.budget = mcp::budget(self.mcp_max_bytes)?;
        mcp.allowed_hosts.extend(
            self.mcp_allowed_hosts
                .iter()
                .map(|h| h.trim().to_owned())
                .filter(|h| !h.is_empty()),
        );
        Ok(Config {
            limits: Limits {
                request_timeout: Duration::from_secs(self.request_timeout),
                concurrency_limit: self.concurrency_limit,
                max_uri_bytes: self.max_uri_bytes,
                max_header_bytes: self.max_header_bytes,
                query_work_budget: self.query_work,
                query_max_rows: self.query_rows,
                query_max_bytes: self.query_bytes,
                query_max_depth: self.query_depth,
                ..Limits::default()
            },
            admin_token: token,
            event_heartbeat: Duration::from_secs(15),
            keep: crate::app::history::Keep {
                snapshots: self.keep_snapshots.max(1),
                bytes: self.keep_snapshots_mb.saturating_mul(1024 * 1024),
            },
            cors_origins: self
                .cors_origins
                .iter()
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
            mcp,
            answer_cache_bytes: self.answer_cache_mb.saturating_mul(1024 * 1024),
        })
    }

    pub fn server_options(&self) -> ServerOptions {
        ServerOptions {
            header_read_timeout: Duration::from_secs(self.header_read_timeout.max(1)),
            max_head_bytes: self.max_header_bytes.saturating_mul(2),
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            drain_delay: Duration::from_secs(self.drain_delay),
            write_timeout: Duration::from_secs(self.write_timeout.max(1)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

//! `servicemap mcp`: the MCP server on stdin and stdout, for clients that
//! launch a process. Logs go to stderr; stdout carries only the protocol.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;

use super::{LogFormat, init_tracing, load_or_exit, summary};
use crate::live::LiveGraph;
use crate::mcp::ToolConfig;
use crate::mcp::budget::{Budget, CEILING_BYTES, MIN_BYTES};

#[derive(Debug, Clone, Args)]
pub struct McpArgs {
    /// A data file or folder (every `*.md` below it); repeat for several.
    #[arg(long = "data", env = "SERVICEMAP_DATA", default_value = "data")]
    pub data: Vec<PathBuf>,
    /// Reload when files in the data folders change (subscribed clients
    /// are told of the resources that changed).
    #[arg(long, env = "SERVICEMAP_WATCH", default_value_t = true, action = clap::ArgAction::Set)]
    pub watch: bool,
    /// Size budget of a tool answer, in bytes of JSON, when a call names none.
    #[arg(long, env = "SERVICEMAP_MCP_MAX_BYTES", default_value_t = crate::mcp::budget::DEFAULT_MAX_BYTES)]
    pub max_bytes: usize,
    /// Log format (on stderr); the level comes from RUST_LOG (default info).
    #[arg(long, env = "SERVICEMAP_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// The budget a `--max-bytes` gives, or why it is refused.
pub fn budget(default_bytes: usize) -> Result<Budget, String> {
    if !(MIN_BYTES..=CEILING_BYTES).contains(&default_bytes) {
        return Err(format!(
            "the MCP answer budget must be from {MIN_BYTES} to {CEILING_BYTES} bytes"
        ));
    }
    Ok(Budget {
        default_bytes,
        ceiling_bytes: CEILING_BYTES,
    })
}

/// `servicemap mcp`: load, then serve one client on stdio until it leaves.
pub fn mcp(args: McpArgs) -> anyhow::Result<ExitCode> {
    init_tracing(args.log_format);
    let tools = ToolConfig {
        budget: budget(args.max_bytes).map_err(anyhow::Error::msg)?,
        ..ToolConfig::default()
    };
    let snapshot = match load_or_exit(&args.data) {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    tracing::info!("{}", summary(&snapshot));
    let live = Arc::new(LiveGraph::new(args.data.clone()));
    live.install(snapshot);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the runtime")?;
    runtime.block_on(async {
        let _watch = if args.watch {
            crate::watch::spawn(live.clone())
                .map_err(|e| tracing::warn!(%e, "file watching is off"))
                .ok()
        } else {
            None
        };
        tracing::info!("serving MCP on stdio");
        crate::mcp::transport::serve_stdio(live, tools).await?;
        Ok(ExitCode::SUCCESS)
    })
}

//! Where the MCP server is reached: streamable HTTP at `/mcp` on the HTTP
//! router (so it passes through the same middleware: request ids,
//! metrics, limits), and stdio for clients that launch a process.

use std::sync::Arc;
use std::time::Duration;

use rmcp::ServiceExt;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService, stdio};
use tokio_util::sync::CancellationToken;

use super::McpServer;
use super::subscriptions::Hub;
use super::tools::ToolConfig;
use crate::live::LiveGraph;

/// The path the streamable HTTP transport is served at.
pub const PATH: &str = "/mcp";

/// How `/mcp` behaves.
#[derive(Debug, Clone)]
pub struct McpHttpConfig {
    pub tools: ToolConfig,
    /// `Host` values accepted (with any port), against DNS rebinding: the
    /// loopback names by default; a server reached by other names lists
    /// them.
    pub allowed_hosts: Vec<String>,
    /// Cancelled at shutdown: ends the sessions' event streams, so that
    /// draining connections does not wait for them.
    pub shutdown: CancellationToken,
}

impl Default for McpHttpConfig {
    fn default() -> Self {
        Self {
            tools: ToolConfig::default(),
            allowed_hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            shutdown: CancellationToken::new(),
        }
    }
}

/// The streamable HTTP service over `live`, one handler per session.
pub fn http_service(
    live: Arc<LiveGraph>,
    config: &McpHttpConfig,
) -> StreamableHttpService<McpServer, LocalSessionManager> {
    let hub = Hub::new(&live);
    let tools = config.tools;
    let mut transport = StreamableHttpServerConfig::default()
        .with_sse_keep_alive(Some(Duration::from_secs(15)))
        .with_cancellation_token(config.shutdown.child_token());
    transport = if config.allowed_hosts.iter().any(|h| h == "*") {
        transport.disable_allowed_hosts()
    } else {
        transport.with_allowed_hosts(config.allowed_hosts.clone())
    };
    StreamableHttpService::new(
        move || Ok(McpServer::new(live.clone(), hub.clone(), tools)),
        Arc::new(LocalSessionManager::default()),
        transport,
    )
}

/// Serves one client on stdin and stdout until it closes them.
pub async fn serve_stdio(live: Arc<LiveGraph>, tools: ToolConfig) -> anyhow::Result<()> {
    let hub = Hub::new(&live);
    let running = McpServer::new(live, hub, tools).serve(stdio()).await?;
    running.waiting().await?;
    Ok(())
}

//! The server handler: what each MCP request does, delegated to the tool
//! table, the resources and the prompts. One handler per session; the live
//! graph and the reload hub are shared by all.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, GetPromptRequestParams,
    GetPromptResponse, Implementation, ListPromptsResult, ListResourceTemplatesResult,
    ListResourcesResult, ListToolsResult, PaginatedRequestParams, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, ResourceContents, ResourceUpdatedNotificationParam,
    ServerCapabilities, ServerConfig, SubscribeRequestParams, SubscriptionFilter,
    UnsubscribeRequestParams,
};
use rmcp::service::{RequestContext, SubscriptionContext};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::{CancellationToken, DropGuard};

use super::resources::{self, LIST_PAGE, ReadError};
use super::subscriptions::{Followed, Hub, changed};
use super::tools::{ToolConfig, call, tools};
use super::{error::ToolError, prompts};
use crate::live::LiveGraph;
use crate::snapshot::Snapshot;

const INSTRUCTIONS: &str = "servicemap: a knowledge graph of cloud services (categories, services, concepts and the relations between them), read from Markdown documents. \
Start with map_summary for the relation vocabulary, resolve a name before using it, then describe_node, find_edges, neighbourhood, find_paths or ask. \
Every answer is cut to a size budget: follow next_cursor for more. Every fact carries the document and line that states it: cite them.";

/// One session's handler.
pub struct McpServer {
    live: Arc<LiveGraph>,
    hub: Arc<Hub>,
    config: ToolConfig,
    followed: Followed,
    /// Ends this session's follower task when the session ends.
    stop: CancellationToken,
    _stop_on_drop: DropGuard,
}

impl McpServer {
    /// A handler over `live`, told of reloads by `hub`.
    pub fn new(live: Arc<LiveGraph>, hub: Arc<Hub>, config: ToolConfig) -> Self {
        let stop = CancellationToken::new();
        Self {
            live,
            hub,
            config,
            followed: Followed::default(),
            _stop_on_drop: stop.clone().drop_guard(),
            stop,
        }
    }

    fn snapshot(&self) -> Result<Arc<Snapshot>, ErrorData> {
        self.live
            .current()
            .ok_or_else(|| ErrorData::internal_error("no graph is loaded yet", None))
    }
}

/// The tool result for an answer or a tool error.
fn tool_result(answer: Result<super::reply::Reply, ToolError>) -> CallToolResult {
    match answer {
        Ok(reply) => {
            let mut result = CallToolResult::success(vec![ContentBlock::text(reply.text)]);
            result.structured_content = Some(reply.structured);
            result
        }
        Err(error) => {
            let problem = serde_json::to_value(error.problem()).unwrap_or_default();
            let mut result = CallToolResult::error(vec![ContentBlock::text(problem.to_string())]);
            result.structured_content = Some(problem);
            result
        }
    }
}

/// A list cursor: the version's first characters and an offset.
fn list_offset(cursor: Option<&str>, version: &str) -> Result<usize, ErrorData> {
    let Some(cursor) = cursor else { return Ok(0) };
    let tag = version.get(..16).unwrap_or(version);
    cursor
        .strip_prefix(tag)
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            ErrorData::invalid_params(
                "bad or stale cursor: list again from the start",
                Some(json!({ "version": version })),
            )
        })
}

impl ServerHandler for McpServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_resources_subscribe()
                .enable_prompts()
                .build(),
        )
        .with_server_info(
            Implementation::new("servicemap", env!("CARGO_PKG_VERSION"))
                .with_title("servicemap: a knowledge graph of cloud services"),
        )
        .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let snapshot = self.snapshot()?;
        let config = self.config;
        let name = request.name.to_string();
        let arguments = request.arguments.unwrap_or_default();
        let request_id = context
            .extensions
            .get::<axum::http::request::Parts>()
            .and_then(|p| p.headers.get("x-request-id"))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // Work that grows with the graph runs on the blocking pool.
        let answer = tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let answer = call(&snapshot, &config, &name, &arguments);
            tracing::debug!(tool = %name, request_id, micros = started.elapsed().as_micros() as u64, "tool call");
            answer.ok_or(name)
        })
        .await
        .map_err(|e| ErrorData::internal_error(format!("the tool stopped: {e}"), None))?;
        match answer {
            Ok(answer) => Ok(tool_result(answer).into()),
            Err(name) => Err(ErrorData::invalid_params(
                format!("no tool `{name}`"),
                Some(
                    json!({ "tools": tools().iter().map(|t| t.name.clone()).collect::<Vec<_>>() }),
                ),
            )),
        }
    }

    async fn list_resources(
        &self,
        request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        let snapshot = self.snapshot()?;
        let cursor = request.as_ref().and_then(|r| r.cursor.as_deref());
        let offset = list_offset(cursor, &snapshot.version)?;
        let mut result = ListResourcesResult::with_all_items(resources::list(&snapshot, offset));
        let end = offset + result.resources.len();
        if end < resources::count(&snapshot) {
            let tag = snapshot.version.get(..16).unwrap_or(&snapshot.version);
            result.next_cursor = Some(format!("{tag}.{end}"));
        }
        debug_assert!(result.resources.len() <= LIST_PAGE);
        Ok(result)
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let snapshot = self.snapshot()?;
        let budget = self.config.budget;
        let uri = request.uri.clone();
        let read = tokio::task::spawn_blocking(move || resources::read(&snapshot, &uri, budget))
            .await
            .map_err(|e| ErrorData::internal_error(format!("the read stopped: {e}"), None))?;
        match read {
            Ok(value) => {
                let mut contents = ResourceContents::text(value.to_string(), request.uri);
                if let ResourceContents::TextResourceContents { mime_type, .. } = &mut contents {
                    *mime_type = Some("application/json".into());
                }
                Ok(ReadResourceResult::new(vec![contents]).into())
            }
            Err(ReadError::Unknown(uri)) => Err(ErrorData::resource_not_found(
                format!("no resource `{uri}` in this version of the map"),
                Some(json!({ "uri": uri })),
            )),
            Err(ReadError::Tool(e)) => Err(ErrorData::invalid_params(
                e.to_string(),
                serde_json::to_value(e.problem()).ok(),
            )),
        }
    }

    #[allow(deprecated)] // the handshake lifecycle's subscriptions, still in use
    async fn subscribe(
        &self,
        request: SubscribeRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        if !self.followed.add(request.uri) {
            return Ok(());
        }
        // The session's first subscription starts its follower.
        let (peer, followed, stop, budget) = (
            context.peer,
            self.followed.clone(),
            self.stop.clone(),
            self.config.budget,
        );
        let mut changes = self.hub.subscribe();
        tokio::spawn(async move {
            loop {
                let change = tokio::select! {
                    () = stop.cancelled() => return,
                    change = changes.recv() => change,
                };
                let change = match change {
                    Ok(change) => change,
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return,
                };
                for uri in changed(change, followed.all(), budget).await {
                    let notice = ResourceUpdatedNotificationParam::new(uri);
                    if peer.notify_resource_updated(notice).await.is_err() {
                        return;
                    }
                }
            }
        });
        Ok(())
    }

    #[allow(deprecated)]
    async fn unsubscribe(
        &self,
        request: UnsubscribeRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<(), ErrorData> {
        self.followed.remove(&request.uri);
        Ok(())
    }

    fn accepted_subscription_filter(
        &self,
        requested: &SubscriptionFilter,
    ) -> Option<SubscriptionFilter> {
        Some(requested.supported_by(&self.get_info().capabilities))
    }

    async fn listen(&self, context: SubscriptionContext) -> Result<(), ErrorData> {
        let uris = context
            .accepted()
            .resource_subscriptions
            .clone()
            .unwrap_or_default();
        let mut changes = self.hub.subscribe();
        loop {
            let change = tokio::select! {
                () = context.cancelled() => return Ok(()),
                () = self.stop.cancelled() => return Ok(()),
                change = changes.recv() => change,
            };
            let change = match change {
                Ok(change) => change,
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return Ok(()),
            };
            for uri in changed(change, uris.clone(), self.config.budget).await {
                if context.sink().notify_resource_updated(uri).await.is_err() {
                    return Ok(());
                }
            }
        }
    }

    async fn list_prompts(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListPromptsResult, ErrorData> {
        Ok(ListPromptsResult::with_all_items(prompts::prompts()))
    }

    async fn get_prompt(
        &self,
        request: GetPromptRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<GetPromptResponse, ErrorData> {
        let snapshot = self.snapshot()?;
        let config = self.config;
        let arguments = request.arguments.unwrap_or_default();
        let name = request.name;
        tokio::task::spawn_blocking(move || prompts::get(&snapshot, &config, &name, &arguments))
            .await
            .map_err(|e| ErrorData::internal_error(format!("the prompt stopped: {e}"), None))?
            .map(Into::into)
    }
}

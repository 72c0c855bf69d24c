//! The MCP resources, subscriptions across reloads, prompts, and `/mcp`
//! on the router behind its middleware.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use rmcp::model::{
    ClientConfig, GetPromptRequestParams, PaginatedRequestParams, ProtocolVersion,
    ReadResourceRequestParams, ResourceContents, ResourceUpdatedNotificationParam,
    ServerNotification, SubscribeRequestParams, SubscriptionFilter,
};
use rmcp::service::{NotificationContext, RoleClient};
use rmcp::{ClientHandler, ServiceExt};
use serde_json::{Value, json};
use servicemap::live::LiveGraph;
use servicemap::mcp::McpServer;
use servicemap::mcp::subscriptions::Hub;
use servicemap::mcp::tools::ToolConfig;
use tokio::sync::mpsc;
use tower::ServiceExt as _;

use super::mcp::{connect, connect_discovering, problem, seed_client};
use super::support::{seed, seed_app};

async fn read(client: &super::mcp::Client, uri: &str) -> Value {
    let result = client
        .read_resource(ReadResourceRequestParams::new(uri))
        .await
        .expect("the resource is read");
    match &result.contents[0] {
        ResourceContents::TextResourceContents {
            text, mime_type, ..
        } => {
            assert_eq!(mime_type.as_deref(), Some("application/json"));
            serde_json::from_str(text).unwrap()
        }
        other => panic!("not text: {other:?}"),
    }
}

#[tokio::test]
async fn resources_list_in_pages() {
    let services: String = (0..150).map(|i| format!("    Service {i}\n")).collect();
    let map = format!("```mermaid\nmindmap\n  Everything\n{services}```");
    let live = LiveGraph::default();
    live.install(servicemap::snapshot::from_sources(
        &[servicemap::snapshot::Source::new("big.md", map)],
        vec![],
    ));
    let client = connect(Arc::new(live)).await;
    let first = client.list_resources(None).await.unwrap();
    assert_eq!(first.resources.len(), 100);
    let cursor = first.next_cursor.clone().expect("more than one page");
    let second = client
        .list_resources(Some(
            PaginatedRequestParams::default().with_cursor(Some(cursor)),
        ))
        .await
        .unwrap();
    assert_eq!(second.resources.len(), 1 + 1 + 151 - 100);
    assert!(second.next_cursor.is_none());
    assert_eq!(client.list_all_resources().await.unwrap().len(), 153);
    let stale = PaginatedRequestParams::default().with_cursor(Some("0000.5".into()));
    assert!(client.list_resources(Some(stale)).await.is_err());
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn resources_read_as_json() {
    let client = seed_client().await;
    let s = seed();
    let all = client.list_all_resources().await.unwrap();
    assert_eq!(all.len(), 1 + s.documents.len() + s.graph.node_count());
    assert_eq!(all[0].uri, "servicemap://map/summary");
    assert_eq!(all[1].uri, "servicemap://document/azure-services-map.md");

    let summary = read(&client, "servicemap://map/summary").await;
    assert_eq!(summary["counts"]["nodes"], s.graph.node_count());
    let node = read(&client, "servicemap://node/azure-kubernetes-service").await;
    assert_eq!(node["node"]["name"], "Azure Kubernetes Service");
    let document = read(&client, "servicemap://document/azure-services-map.md").await;
    assert_eq!(document["path"], "azure-services-map.md");
    assert!(
        document["total"].as_u64().unwrap() > 40,
        "the facts written in it"
    );
    assert!(document["items"][0]["provenance"]["line"].is_u64());

    let templates = client.list_all_resource_templates().await.unwrap();
    assert!(
        templates
            .iter()
            .any(|t| t.uri_template == "servicemap://node/{id}")
    );
    for uri in [
        "servicemap://node/nothing-here",
        "servicemap://elsewhere",
        "file:///etc/passwd",
    ] {
        assert!(
            client
                .read_resource(ReadResourceRequestParams::new(uri))
                .await
                .is_err(),
            "{uri}"
        );
    }
    client.cancel().await.unwrap();
}

/// A folder with one document, served live.
fn data_folder(name: &str, text: &str) -> (PathBuf, Arc<LiveGraph>) {
    let dir = std::env::temp_dir().join(format!("servicemap-mcp-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("map.md"), text).unwrap();
    let live = LiveGraph::new(vec![dir.clone()]);
    live.install(servicemap::snapshot::load(std::slice::from_ref(&dir)).unwrap());
    (dir, Arc::new(live))
}

const BEFORE: &str = "```mermaid\nmindmap\n  Compute\n    Web Apps\n      :: uses\n      Storage\n    Functions\n```";
const AFTER: &str =
    "```mermaid\nmindmap\n  Compute\n    Web Apps\n      :: uses\n      Queues\n    Functions\n```";

/// A client on the handshake lifecycle, which subscribes with
/// `resources/subscribe`, passing on every `notifications/resources/updated`.
struct Follower(mpsc::UnboundedSender<String>);

impl ClientHandler for Follower {
    fn get_info(&self) -> ClientConfig {
        ClientConfig::default().with_protocol_version(ProtocolVersion::LATEST_WITH_INITIALIZE)
    }

    async fn on_resource_updated(
        &self,
        params: ResourceUpdatedNotificationParam,
        _context: NotificationContext<RoleClient>,
    ) {
        let _ = self.0.send(params.uri);
    }
}

#[tokio::test]
#[allow(deprecated)] // resources/subscribe is the handshake lifecycle's
async fn a_subscription_hears_of_a_reload_that_changes_its_resource_only() {
    let (dir, live) = data_folder("subscribe", BEFORE);
    let (server_io, client_io) = tokio::io::duplex(1 << 16);
    let hub = Hub::new(&live);
    let serving = live.clone();
    tokio::spawn(async move {
        let server = McpServer::new(serving, hub, ToolConfig::default())
            .serve(server_io)
            .await?;
        server.waiting().await?;
        anyhow::Ok(())
    });
    let (tx, mut rx) = mpsc::unbounded_channel();
    let client = Follower(tx).serve(client_io).await.unwrap();
    for uri in ["servicemap://node/web-apps", "servicemap://node/functions"] {
        client
            .subscribe(SubscribeRequestParams::new(uri))
            .await
            .unwrap();
    }
    std::fs::write(dir.join("map.md"), AFTER).unwrap();
    live.reload().await;
    let uri = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a notification")
        .unwrap();
    assert_eq!(uri, "servicemap://node/web-apps");
    // Functions did not change: no word of it.
    assert!(
        tokio::time::timeout(Duration::from_millis(300), rx.recv())
            .await
            .is_err()
    );
    client.cancel().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_listen_subscription_hears_of_a_changed_document() {
    let (dir, live) = data_folder("listen", BEFORE);
    let client = connect_discovering(live.clone()).await;
    let uri = "servicemap://document/map.md";
    let mut subscription = client
        .listen(
            SubscriptionFilter::builder()
                .resource_subscription(uri)
                .build(),
        )
        .await
        .unwrap();
    std::fs::write(dir.join("map.md"), AFTER).unwrap();
    live.reload().await;
    let notification = tokio::time::timeout(Duration::from_secs(10), subscription.next())
        .await
        .expect("a notification")
        .unwrap()
        .expect("not the end");
    match notification {
        ServerNotification::ResourceUpdatedNotification(n) => assert_eq!(n.params.uri, uri),
        other => panic!("{other:?}"),
    }
    client.cancel().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_cursor_from_before_a_reload_is_stale() {
    let (dir, live) = data_folder("stale", BEFORE);
    let client = connect(live.clone()).await;
    let part = super::mcp::ok(&client, "map_summary", json!({"summary_only": true})).await;
    let cursor = part["next_cursor"].as_str().unwrap().to_owned();
    std::fs::write(dir.join("map.md"), AFTER).unwrap();
    live.reload().await;
    problem(
        &client,
        "map_summary",
        json!({"cursor": cursor}),
        "stale-cursor",
    )
    .await;
    client.cancel().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn prompts_start_from_the_facts_of_the_map() {
    let client = seed_client().await;
    let prompts = client.list_all_prompts().await.unwrap();
    let names: Vec<&str> = prompts.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "explain_dependencies",
            "connect_services",
            "review_map_change"
        ]
    );
    let args = |v: Value| v.as_object().cloned().unwrap();
    let explain = client
        .get_prompt(
            GetPromptRequestParams::new("explain_dependencies")
                .with_arguments(args(json!({"service": "AKS"}))),
        )
        .await
        .unwrap();
    let text = serde_json::to_string(&explain.messages).unwrap();
    assert!(text.contains("azure-services-map.md:"), "{text}");
    let connect = client
        .get_prompt(
            GetPromptRequestParams::new("connect_services")
                .with_arguments(args(json!({"from": "AKS", "to": "Virtual Machines"}))),
        )
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&connect.messages)
            .unwrap()
            .contains("Virtual Machines")
    );
    let review = client
        .get_prompt(GetPromptRequestParams::new("review_map_change"))
        .await
        .unwrap();
    assert!(
        serde_json::to_string(&review.messages)
            .unwrap()
            .contains("diagnostic")
    );
    assert!(
        client
            .get_prompt(GetPromptRequestParams::new("explain_dependencies"))
            .await
            .is_err(),
        "a required argument is missing"
    );
    client.cancel().await.unwrap();
}

fn initialize(host: &str) -> Request<Body> {
    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {},
        "clientInfo": {"name": "test", "version": "1"}}});
    Request::post("/mcp")
        .header("host", host)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .header("x-request-id", "mcp-test-1")
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn mcp_is_served_on_the_router_behind_its_middleware() {
    let response = seed_app()
        .oneshot(initialize("127.0.0.1:8080"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(headers["x-request-id"], "mcp-test-1");
    assert_eq!(headers["x-graph-version"], seed().version.as_str());
    assert!(headers.contains_key("mcp-session-id"));
    // Another host is refused (DNS rebinding), unless allowed.
    let response = seed_app()
        .oneshot(initialize("evil.example"))
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    // Limits apply: an over-long target is refused before the MCP service.
    let long = format!("/mcp?{}", "x".repeat(9000));
    let mut request = initialize("127.0.0.1");
    *request.uri_mut() = long.parse().unwrap();
    assert_eq!(seed_app().oneshot(request).await.unwrap().status(), 414);
}

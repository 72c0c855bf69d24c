//! The MCP tools, in process, through the Rust SDK's client: every tool
//! with good and bad input, the budget and the cursor.

use std::collections::BTreeSet;
use std::sync::Arc;

use rmcp::ServiceExt;
use rmcp::model::{CallToolRequestParams, CallToolResult, ProtocolVersion};
use rmcp::service::{ClientLifecycleMode, RoleClient, RunningService, serve_client_with_lifecycle};
use serde_json::{Value, json};
use servicemap::live::LiveGraph;
use servicemap::mcp::McpServer;
use servicemap::mcp::subscriptions::Hub;
use servicemap::mcp::tools::ToolConfig;

use super::support::seed;

pub type Client = RunningService<RoleClient, ()>;

/// A server over `live` on one end of an in-memory pipe; the other end.
fn spawn_server(live: Arc<LiveGraph>) -> tokio::io::DuplexStream {
    let (server_io, client_io) = tokio::io::duplex(1 << 20);
    let hub = Hub::new(&live);
    tokio::spawn(async move {
        let server = McpServer::new(live, hub, ToolConfig::default())
            .serve(server_io)
            .await?;
        server.waiting().await?;
        anyhow::Ok(())
    });
    client_io
}

/// A client connected, over an in-memory pipe, to a server over `live`.
pub async fn connect(live: Arc<LiveGraph>) -> Client {
    ().serve(spawn_server(live))
        .await
        .expect("the client connects")
}

/// The same over the 2026-07-28 lifecycle (`server/discover`, no session
/// handshake), where subscriptions are `subscriptions/listen`.
pub async fn connect_discovering(live: Arc<LiveGraph>) -> Client {
    let lifecycle = ClientLifecycleMode::Discover {
        preferred_versions: vec![ProtocolVersion::V_2026_07_28],
    };
    serve_client_with_lifecycle((), spawn_server(live), lifecycle)
        .await
        .expect("the client connects")
}

pub async fn seed_client() -> Client {
    let live = LiveGraph::default();
    live.install(seed());
    connect(Arc::new(live)).await
}

pub async fn call(client: &Client, tool: &str, arguments: Value) -> CallToolResult {
    let params = CallToolRequestParams::new(tool.to_owned())
        .with_arguments(arguments.as_object().cloned().expect("an object"));
    client
        .call_tool(params)
        .await
        .expect("the call is answered")
}

/// The structured answer of a call that must succeed.
pub async fn ok(client: &Client, tool: &str, arguments: Value) -> Value {
    let result = call(client, tool, arguments.clone()).await;
    assert_eq!(
        result.is_error,
        Some(false),
        "{tool} {arguments}: {result:?}"
    );
    let text = result.content[0]
        .as_text()
        .expect("a text rendering")
        .text
        .clone();
    assert!(
        !text.is_empty() && text.len() <= 1024,
        "a short text rendering"
    );
    result.structured_content.expect("a structured answer")
}

/// The problem of a call that must fail with a tool error of `kind`.
pub async fn problem(client: &Client, tool: &str, arguments: Value, kind: &str) -> Value {
    let result = call(client, tool, arguments.clone()).await;
    assert_eq!(
        result.is_error,
        Some(true),
        "{tool} {arguments}: {result:?}"
    );
    let problem = result.structured_content.expect("the problem");
    assert_eq!(
        problem["type"],
        format!("urn:servicemap:problem:{kind}"),
        "{problem}"
    );
    problem
}

fn ids(items: &Value, pointer: &str) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.pointer(pointer).unwrap().as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn every_tool_is_listed_read_only_with_its_schemas() {
    let client = seed_client().await;
    let tools = client.list_all_tools().await.unwrap();
    let names: BTreeSet<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    let expected = [
        "resolve",
        "describe_node",
        "find_edges",
        "neighbourhood",
        "find_paths",
        "impact",
        "ask",
        "query",
        "map_summary",
    ];
    assert_eq!(names, expected.into_iter().collect());
    for tool in &tools {
        let hints = tool.annotations.as_ref().expect("annotations");
        assert_eq!(hints.read_only_hint, Some(true), "{}", tool.name);
        assert_eq!(hints.destructive_hint, Some(false));
        assert!(tool.input_schema["properties"]["max_bytes"].is_object());
        let output = tool.output_schema.as_ref().expect("an output schema");
        for field in ["version", "items", "total", "next_cursor"] {
            assert!(
                output["properties"][field].is_object(),
                "{}: {field}",
                tool.name
            );
        }
    }
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn each_tool_answers_with_the_version_and_where_each_fact_is_written() {
    let client = seed_client().await;
    let version = seed().version;

    let resolved = ok(&client, "resolve", json!({"name": "AKS"})).await;
    assert_eq!(
        resolved["items"][0]["node"]["id"],
        "azure-kubernetes-service"
    );
    assert_eq!(resolved["items"][0]["match"], "alias");
    assert_eq!(
        resolved["items"][0]["source"]["document"],
        "azure-services-map.md"
    );

    let described = ok(&client, "describe_node", json!({"node": "aks"})).await;
    assert_eq!(described["version"], version.as_str());
    assert_eq!(
        described["node"]["categories"][0]["name"],
        "Compute Services"
    );
    let relations = described["items"].as_array().unwrap();
    assert!(relations.iter().any(|r| r["direction"] == "out"));
    assert!(relations.iter().any(|r| r["direction"] == "in"));
    for r in relations {
        assert_eq!(r["provenance"]["document"], "azure-services-map.md");
        assert!(r["provenance"]["line"].as_u64().unwrap() > 0);
    }

    let edges = ok(
        &client,
        "find_edges",
        json!({"relation": "integrates with", "target": "Synapse"}),
    )
    .await;
    assert_eq!(ids(&edges["items"], "/source/name"), ["Data Lake Storage"]);
    let inverse = ok(
        &client,
        "find_edges",
        json!({"source": "Blob Storage", "relation": "used by"}),
    )
    .await;
    assert_eq!(
        ids(&inverse["items"], "/source/name"),
        ["Data Lake Storage Gen2"]
    );

    let around = ok(&client, "neighbourhood", json!({"node": "AKS", "depth": 2})).await;
    assert_eq!(around["centre"]["id"], "azure-kubernetes-service");
    assert!(around["node_count"].as_u64().unwrap() >= 3);
    assert!(around["items"][0]["provenance"]["line"].is_u64());

    let paths = ok(
        &client,
        "find_paths",
        json!({"from": "AKS", "to": "Virtual Machines", "k": 2}),
    )
    .await;
    assert_eq!(paths["items"][0]["hops"], 1);
    assert!(paths["items"][0]["edges"][0]["provenance"]["line"].is_u64());

    let asked = ok(
        &client,
        "ask",
        json!({"question": "what integrates with Synapse?"}),
    )
    .await;
    assert_eq!(asked["intent"], "incoming");
    assert!(
        asked["sentence"]
            .as_str()
            .unwrap()
            .contains("Data Lake Storage")
    );
    assert!(asked["items"][0]["provenance"]["line"].is_u64());

    let summary = ok(&client, "map_summary", json!({})).await;
    let s = seed();
    assert_eq!(summary["counts"]["nodes"], s.graph.node_count());
    assert_eq!(summary["counts"]["diagnostics"], s.diagnostics.len());
    assert_eq!(summary["items"][0]["item"], "relation");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn bad_input_is_a_tool_error_carrying_what_the_rest_problems_carry() {
    let client = seed_client().await;
    let miss = problem(
        &client,
        "describe_node",
        json!({"node": "Kubernetis Enginexx"}),
        "not-found",
    )
    .await;
    assert_eq!(miss["parameter"], "node");
    assert!(
        !miss["suggestions"].as_array().unwrap().is_empty(),
        "{miss}"
    );

    let unknown = problem(
        &client,
        "find_edges",
        json!({"sorce": "AKS"}),
        "bad-parameter",
    )
    .await;
    assert_eq!(unknown["parameter"], "sorce");
    assert_eq!(unknown["suggestions"], json!(["source"]));

    let relation = problem(
        &client,
        "find_edges",
        json!({"relation": "integrate with"}),
        "bad-parameter",
    )
    .await;
    assert!(
        relation["suggestions"]
            .as_array()
            .unwrap()
            .contains(&json!("integrates with")),
        "{relation}"
    );
    let depth = problem(
        &client,
        "neighbourhood",
        json!({"node": "AKS", "depth": 9}),
        "bad-parameter",
    )
    .await;
    assert_eq!(depth["parameter"], "depth");
    problem(
        &client,
        "neighbourhood",
        json!({"node": "AKS", "direction": "up"}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "find_paths",
        json!({"from": "AKS", "to": "AKS", "avoid": ["AKS"]}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "find_paths",
        json!({"from": "AKS"}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "resolve",
        json!({"name": "x", "kind": "planet"}),
        "bad-parameter",
    )
    .await;
    let unreadable = problem(
        &client,
        "ask",
        json!({"question": "colour of the sky"}),
        "unreadable-question",
    )
    .await;
    assert!(!unreadable["forms"].as_array().unwrap().is_empty());
    problem(
        &client,
        "map_summary",
        json!({"max_bytes": 10}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "map_summary",
        json!({"cursor": "made.up.1"}),
        "bad-cursor",
    )
    .await;
    problem(
        &client,
        "describe_node",
        json!({"node": "aks", "max_bytes": 1024}),
        "too-large",
    )
    .await;

    // A name nothing matches is an answer with suggestions, not an error.
    let nothing = ok(&client, "resolve", json!({"name": "Kubernetis Enginexx"})).await;
    assert_eq!(nothing["total"], 0);
    assert!(!nothing["suggestions"].as_array().unwrap().is_empty());

    // An unknown tool is a protocol error.
    let params = CallToolRequestParams::new("drop_everything").with_arguments(Default::default());
    assert!(client.call_tool(params).await.is_err());
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn tools_answer_the_same_on_the_discover_lifecycle() {
    let live = LiveGraph::default();
    live.install(seed());
    let client = connect_discovering(Arc::new(live)).await;
    let described = ok(&client, "describe_node", json!({"node": "aks"})).await;
    assert_eq!(described["node"]["id"], "azure-kubernetes-service");
    problem(
        &client,
        "describe_node",
        json!({"node": "Kubernetis Enginexx"}),
        "not-found",
    )
    .await;
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn an_ambiguous_name_lists_the_candidates() {
    let map = "```mermaid\nmindmap\n  Storage\n    Blob Store Alpha\n      :: uses\n      Shared Disk\n    Blob Store Beta\n```";
    let live = LiveGraph::default();
    live.install(servicemap::snapshot::from_sources(
        &[servicemap::snapshot::Source::new("a.md", map)],
        vec![],
    ));
    let client = connect(Arc::new(live)).await;
    let tie = problem(
        &client,
        "describe_node",
        json!({"node": "blob store"}),
        "ambiguous",
    )
    .await;
    assert_eq!(ids(&tie["candidates"], "/id").len(), 2, "{tie}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn the_cursor_pages_through_a_whole_answer_within_the_budget() {
    let client = seed_client().await;
    let all = ok(&client, "find_edges", json!({"max_bytes": 262144})).await;
    let total = all["total"].as_u64().unwrap() as usize;
    assert_eq!(
        all["returned"], total,
        "the whole seed fits the largest budget"
    );
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut parts = 0;
    loop {
        let mut args = json!({"max_bytes": 2048});
        if let Some(c) = &cursor {
            args["cursor"] = json!(c);
        }
        let result = call(&client, "find_edges", args).await;
        let part = result.structured_content.unwrap();
        let text = &result.content[0].as_text().unwrap().text;
        assert!(
            part.to_string().len() + text.len() <= 2048,
            "a part fits its budget"
        );
        assert_eq!(part["offset"], seen.len());
        seen.extend(part["items"].as_array().unwrap().iter().cloned());
        parts += 1;
        match part["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert!(parts > 2);
    assert_eq!(seen.len(), total);
    assert_eq!(&seen, all["items"].as_array().unwrap());

    // Another question with the same cursor is refused.
    let other = json!({"relation": "uses", "cursor": cursor_of(&client).await});
    problem(&client, "find_edges", other, "bad-cursor").await;

    let counted = ok(&client, "find_edges", json!({"summary_only": true})).await;
    assert_eq!(
        (counted["total"].as_u64(), counted["returned"].as_u64()),
        (Some(total as u64), Some(0))
    );
    client.cancel().await.unwrap();
}

async fn cursor_of(client: &Client) -> String {
    let part = ok(client, "find_edges", json!({"max_bytes": 2048})).await;
    part["next_cursor"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_query_tool_runs_read_only_cypher_in_bounded_parts() {
    let client = seed_client().await;
    let rows = ok(
        &client,
        "query",
        json!({"query": "MATCH (s)-[:INTEGRATES_WITH]->(t {name: $t}) RETURN s.name, t", "parameters": {"t": "Azure Synapse Analytics"}}),
    )
    .await;
    assert_eq!(rows["fields"], json!(["s.name", "t"]));
    assert_eq!(rows["items"][0][0], "Data Lake Storage");
    assert_eq!(rows["items"][0][1]["id"], "azure-synapse-analytics");

    let edges = ok(
        &client,
        "query",
        json!({"query": "MATCH (a)-[r]->(b) RETURN r", "max_bytes": 2048}),
    )
    .await;
    assert!(
        edges["next_cursor"].is_string(),
        "more rows than one part holds"
    );
    assert!(edges["items"][0][0]["provenance"]["line"].is_u64());
    let next = json!({"query": "MATCH (a)-[r]->(b) RETURN r", "max_bytes": 2048, "cursor": edges["next_cursor"]});
    let second = ok(&client, "query", next).await;
    assert_eq!(second["offset"], edges["returned"]);

    let write = problem(
        &client,
        "query",
        json!({"query": "MATCH (n) DETACH DELETE n"}),
        "read-only",
    )
    .await;
    assert!(write["clause"].is_string(), "{write}");
    let syntax = problem(
        &client,
        "query",
        json!({"query": "MATCH (n RETURN n"}),
        "query-syntax",
    )
    .await;
    assert_eq!(syntax["line"], 1);
    assert!(syntax["excerpt"].as_str().unwrap().contains('^'));
    let unknown = problem(
        &client,
        "query",
        json!({"query": "MATCH (a)-[:INTEGRATE_WITH]->(b) RETURN a"}),
        "query-semantics",
    )
    .await;
    assert!(
        !unknown["suggestions"].as_array().unwrap().is_empty(),
        "{unknown}"
    );
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn the_impact_tool_follows_dependence_with_cited_paths() {
    let client = seed_client().await;
    let dependents = ok(&client, "impact", json!({"node": "Virtual Machines"})).await;
    assert_eq!(dependents["direction"], "dependents");
    let aks = dependents["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["node"]["id"] == "azure-kubernetes-service")
        .expect("AKS uses Virtual Machines");
    assert_eq!(aks["distance"], 1);
    assert!(aks["path"]["edges"][0]["provenance"]["line"].is_u64());
    assert!(dependents["cypher"].as_str().unwrap().starts_with("MATCH"));
    let needs = ok(
        &client,
        "impact",
        json!({"node": "AKS", "direction": "dependencies"}),
    )
    .await;
    assert!(ids(&needs["items"], "/node/id").contains(&"virtual-machines".to_owned()));
    problem(
        &client,
        "impact",
        json!({"node": "AKS", "direction": "sideways"}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "impact",
        json!({"node": "AKS", "depth": 99}),
        "bad-parameter",
    )
    .await;
    problem(
        &client,
        "impact",
        json!({"node": "Kubernetis Enginexx"}),
        "not-found",
    )
    .await;
    client.cancel().await.unwrap();
}

//! `POST /api/v1/query` and `GET /api/v1/query`: answers, versions, every
//! problem; and the real binary answering a query and `servicemap query`.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use crate::binary::Server;
use crate::support::{Reply, assert_problem, get, seed_app, send};

async fn post(body: Value) -> Reply {
    let request = Request::post("/api/v1/query")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(&seed_app(), request).await
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test]
async fn a_post_answers_in_the_query_api_shape() {
    let reply = post(json!({
        "query": "MATCH (a {name: $name})-[r:hosts]->(b) RETURN a, r, b.name ORDER BY b.name LIMIT 1",
        "parameters": {"name": "App Service"}
    }))
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = &reply.body;
    assert_eq!(body["data"]["fields"], json!(["a", "r", "b.name"]));
    let row = &body["data"]["values"][0];
    assert_eq!(
        row[0],
        json!({"id": "app-service", "name": "App Service", "kind": "service"})
    );
    assert_eq!(row[1]["relation"], "hosts");
    assert_eq!(row[1]["source"]["id"], "app-service");
    assert_eq!(row[1]["provenance"]["document"], "azure-services-map.md");
    assert!(row[1]["provenance"]["line"].as_u64().unwrap() > 0);
    assert_eq!(row[2], "API Apps");
    assert_eq!(body["stats"]["rows"], 1);
    assert!(body["stats"]["work"].as_u64().unwrap() > 0);
    assert!(body["stats"]["elapsed_ms"].is_number());
    assert_eq!(body["truncated"], false);
    assert!(body["version"].is_string());
    assert!(body.get("plan").is_none());
}

#[tokio::test]
async fn a_get_is_versioned_and_cacheable() {
    let app = seed_app();
    let uri = format!(
        "/api/v1/query?q={}",
        encode("MATCH (c:Category) RETURN c.name ORDER BY c.name")
    );
    let reply = get(&app, &uri).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["data"]["values"].as_array().unwrap().len(), 5);
    let etag = reply.headers["etag"].to_str().unwrap().to_owned();
    assert!(reply.headers.contains_key("x-graph-version"));
    let again = send(
        &app,
        Request::get(&uri)
            .header("if-none-match", &etag)
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(again.status, 304);
    let with_parameters = get(
        &app,
        &format!(
            "/api/v1/query?q={}&parameters={}",
            encode("MATCH (n {name: $n}) RETURN n.id"),
            encode(r#"{"n": "Blob Storage"}"#)
        ),
    )
    .await;
    assert_eq!(
        with_parameters.body["data"]["values"],
        json!([["blob-storage"]])
    );
}

#[tokio::test]
async fn a_path_is_nodes_and_edges() {
    let reply = post(json!({"query": "MATCH p = shortestPath((a {name: 'Azure Kubernetes Service'})-[*]-(b {name: 'Azure Dedicated Host'})) RETURN p"})).await;
    let path = &reply.body["data"]["values"][0][0];
    assert_eq!(path["nodes"].as_array().unwrap().len(), 3, "{}", reply.text);
    assert_eq!(path["edges"].as_array().unwrap().len(), 2);
    assert_eq!(path["edges"][0]["relation"], "uses");
}

#[tokio::test]
async fn explain_and_profile_add_the_plan() {
    let reply = post(
        json!({"query": "EXPLAIN MATCH (a {name: 'App Service'})-[:hosts]->(b) RETURN b.name"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["data"]["values"], json!([]));
    assert_eq!(reply.body["plan"]["operator"], "Project");
    assert!(reply.body["plan"]["estimated_work"].is_number());
    assert!(reply.body["plan"].get("rows").is_none());
    let reply = post(
        json!({"query": "PROFILE MATCH (a {name: 'App Service'})-[:hosts]->(b) RETURN b.name"}),
    )
    .await;
    assert_eq!(reply.body["plan"]["rows"], 3);
    assert!(reply.body["plan"]["children"][0]["work"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn syntax_errors_are_400_with_line_column_and_caret() {
    let reply = post(json!({"query": "MATCH (n)\nRETURN n.name,"})).await;
    assert_problem(&reply, 400, "query-syntax");
    assert_eq!(reply.body["line"], 2);
    assert_eq!(reply.body["column"], 15);
    assert_eq!(reply.body["excerpt"], "RETURN n.name,\n              ^");
}

#[tokio::test]
async fn misspellings_are_400_with_suggestions() {
    for (query, suggestion) in [
        ("MATCH (n:Servce) RETURN n", "Service"),
        (
            "MATCH (a)-[:INTEGRATES_WTH]->(b) RETURN a",
            "integrates with",
        ),
        ("MATCH (n) RETURN n.nmae", "name"),
    ] {
        let reply = post(json!({ "query": query })).await;
        assert_problem(&reply, 400, "query-semantics");
        assert_eq!(reply.body["suggestions"][0], suggestion, "{}", reply.text);
        assert!(reply.body["excerpt"].as_str().unwrap().contains('^'));
    }
}

#[tokio::test]
async fn writes_are_400_read_only_naming_the_clause() {
    for (query, clause) in [
        ("CREATE (n:Service {name: 'x'})", "CREATE"),
        ("MATCH (n) SET n.name = 'x'", "SET"),
        ("MATCH (n) DELETE n", "DELETE"),
        ("MERGE (n {name: 'x'})", "MERGE"),
        ("MATCH (n) REMOVE n.name", "REMOVE"),
        ("LOAD CSV FROM 'x' AS row RETURN row", "LOAD CSV"),
        ("CALL db.labels()", "CALL"),
    ] {
        let reply = post(json!({ "query": query })).await;
        assert_problem(&reply, 400, "read-only");
        assert_eq!(reply.body["clause"], clause);
        assert!(reply.body["detail"].as_str().unwrap().contains("read-only"));
    }
}

#[tokio::test]
async fn bounds_are_422_too_expensive_naming_the_bound() {
    let reply = post(json!({"query": "MATCH (a)-[*1..50]->(b) RETURN a"})).await;
    assert_problem(&reply, 422, "too-expensive");
    assert_eq!(reply.body["bound"], "depth");
    assert_eq!(reply.body["limit"], 8);
    let long = format!("RETURN '{}'", "x".repeat(20_000));
    let reply = post(json!({ "query": long })).await;
    assert_problem(&reply, 422, "too-expensive");
    assert_eq!(reply.body["bound"], "query_length");
    let limits = servicemap::http::state::Limits {
        query_work_budget: 5_000,
        ..Default::default()
    };
    let app = servicemap::http::router(
        servicemap::http::AppState::with_snapshot(crate::support::seed()).with_limits(limits),
    );
    let reply = get(
        &app,
        &format!(
            "/api/v1/query?q={}",
            encode("MATCH (a)-[*]-(b)-[*]-(c) RETURN count(*)")
        ),
    )
    .await;
    assert_problem(&reply, 422, "too-expensive");
    assert_eq!(reply.body["bound"], "work");
    assert_eq!(reply.body["limit"], 5_000);
}

#[tokio::test]
async fn rows_past_the_cap_are_truncated_visibly() {
    let limits = servicemap::http::state::Limits {
        query_max_rows: 2,
        ..Default::default()
    };
    let app = servicemap::http::router(
        servicemap::http::AppState::with_snapshot(crate::support::seed()).with_limits(limits),
    );
    let reply = get(
        &app,
        &format!("/api/v1/query?q={}", encode("MATCH (n) RETURN n")),
    )
    .await;
    assert_eq!(reply.body["truncated"], true);
    assert_eq!(reply.body["stats"]["rows"], 2);
}

#[tokio::test]
async fn malformed_requests_are_bad_parameters() {
    let app = seed_app();
    assert_problem(&get(&app, "/api/v1/query").await, 400, "bad-parameter");
    assert_problem(
        &get(&app, "/api/v1/query?q=RETURN%201&x=1").await,
        400,
        "bad-parameter",
    );
    let reply = get(&app, "/api/v1/query?q=RETURN%20%24a&parameters=%5B1%5D").await;
    assert_problem(&reply, 400, "bad-parameter");
    assert_eq!(reply.body["parameter"], "parameters");
    for body in [
        json!({"q": "RETURN 1"}),
        json!({"query": "RETURN 1", "extra": 1}),
        json!([1]),
    ] {
        assert_problem(&post(body).await, 400, "bad-parameter");
    }
    let reply = post(json!({"query": "RETURN $missing"})).await;
    assert_problem(&reply, 400, "query-semantics");
    let reply = post(json!({"query": "RETURN 1 / 0"})).await;
    assert_problem(&reply, 400, "query-type");
    let reply = send(
        &app,
        Request::delete("/api/v1/query")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_problem(&reply, 405, "method-not-allowed");
}

#[test]
fn the_binary_answers_queries_over_http_and_offline() {
    let server = Server::start(&["--data", "data"]);
    let (status, body) = server.get(&format!(
        "/api/v1/query?q={}",
        encode("MATCH (a {name: 'Azure Kubernetes Service'})-[:uses]->(b) RETURN b.name")
    ));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Virtual Machines"), "{body}");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args([
            "query",
            "MATCH (c:Category) RETURN c.name ORDER BY c.name LIMIT 2",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.starts_with("c.name"), "{table}");
    assert!(
        table.contains("AI and Machine Learning Services"),
        "{table}"
    );
    assert!(table.contains("(2 rows, work"), "{table}");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args([
            "query",
            "--json",
            "--param",
            "n=App Service",
            "MATCH (n {name: $n}) RETURN n.id",
        ])
        .output()
        .unwrap();
    let body: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(body["data"]["values"], json!([["app-service"]]));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_servicemap"))
        .args(["query", "MATCH (n:Servce) RETURN n"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("^^^^^^") && error.contains("Service"),
        "{error}"
    );
}

#[tokio::test]
async fn a_query_past_the_in_place_slice_moves_to_a_work_thread_and_answers_in_full() {
    // Small GETs run in place for at most a slice of time; this one needs
    // more (every walk of up to six hops, both ways), so the slice stops
    // it and it runs again on a work thread: the same answer as a POST,
    // which always runs there, never a 503.
    let query = "MATCH p = (a)-[*1..6]-(b) RETURN count(p) AS walks";
    let started = std::time::Instant::now();
    let reply = get(&seed_app(), &format!("/api/v1/query?q={}", encode(query))).await;
    let took = started.elapsed();
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert!(
        took > servicemap::http::middleware::IN_PLACE_SLICE,
        "the query is too quick to test the slice: {took:?}"
    );
    let posted = post(json!({ "query": query })).await;
    assert_eq!(posted.status, 200, "{}", posted.text);
    assert_eq!(reply.body["data"], posted.body["data"]);
    assert!(reply.body["data"]["values"][0][0].as_u64().unwrap() > 1000);
}

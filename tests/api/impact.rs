//! `GET /api/v1/nodes/{ref}/impact`: dependents and dependencies with
//! distances and paths, the equivalent Cypher, and every error.

use serde_json::json;

use crate::support::{assert_problem, get, seed_app};

#[tokio::test]
async fn dependents_are_what_breaks_with_their_paths() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/nodes/Virtual%20Machines/impact").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(reply.body["direction"], "dependents");
    assert!(
        reply.body["relations"]
            .as_array()
            .unwrap()
            .contains(&json!("uses"))
    );
    let reached = reply.body["reached"].as_array().unwrap();
    let aks = reached
        .iter()
        .find(|r| r["node"]["name"] == "Azure Kubernetes Service")
        .expect("AKS uses Virtual Machines");
    assert_eq!(aks["distance"], 1);
    assert_eq!(aks["path"]["edges"][0]["relation"], "uses");
    assert!(reply.headers.contains_key("etag"));
    assert!(reply.body["cypher"].as_str().unwrap().starts_with("MATCH"));
}

#[tokio::test]
async fn dependencies_go_all_the_way_down() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/nodes/AKS/impact?direction=dependencies").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reached = reply.body["reached"].as_array().unwrap();
    let host = reached
        .iter()
        .find(|r| r["node"]["name"] == "Azure Dedicated Host")
        .unwrap();
    assert_eq!(host["distance"], 2);
    assert_eq!(host["path"]["nodes"].as_array().unwrap().len(), 3);
    let shallow = get(
        &app,
        "/api/v1/nodes/AKS/impact?direction=dependencies&depth=1",
    )
    .await;
    assert!(
        shallow.body["reached"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["distance"] == 1)
    );
    let only = get(
        &app,
        "/api/v1/nodes/AKS/impact?direction=dependencies&relation=orchestrates",
    )
    .await;
    assert_eq!(only.body["relations"], json!(["orchestrates"]));
}

#[tokio::test]
async fn the_cypher_form_answers_the_same() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/nodes/AKS/impact?direction=dependencies").await;
    let cypher = reply.body["cypher"].as_str().unwrap();
    let uri = format!(
        "/api/v1/query?q={}",
        percent_encoding::utf8_percent_encode(cypher, percent_encoding::NON_ALPHANUMERIC)
    );
    let answer = get(&app, &uri).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    let mut from_cypher: Vec<(String, u64)> = answer.body["data"]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row[0].as_str().unwrap().to_owned(),
                row[2].as_u64().unwrap(),
            )
        })
        .collect();
    let mut from_impact: Vec<(String, u64)> = reply.body["reached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["node"]["id"].as_str().unwrap().to_owned(),
                r["distance"].as_u64().unwrap(),
            )
        })
        .collect();
    from_cypher.sort();
    from_impact.sort();
    assert_eq!(from_cypher, from_impact);
}

#[tokio::test]
async fn impact_errors() {
    let app = seed_app();
    assert_problem(
        &get(&app, "/api/v1/nodes/AKS/impact?direction=up").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/AKS/impact?depth=0").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/AKS/impact?depth=17").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/AKS/impact?relation=usse").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/AKS/impact?x=1").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/zzzzqqqq/impact").await,
        404,
        "not-found",
    );
    let limits = servicemap::http::state::Limits {
        path_work_budget: 2,
        ..Default::default()
    };
    let app = servicemap::http::router(
        servicemap::http::AppState::with_snapshot(crate::support::seed()).with_limits(limits),
    );
    assert_problem(
        &get(&app, "/api/v1/nodes/Virtual%20Machines/impact").await,
        422,
        "too-expensive",
    );
}

//! Every error the API can answer, as problem details.

use axum::body::Body;
use axum::http::Request;

use crate::support::{assert_problem, get, seed_app, send};

#[tokio::test]
async fn an_unknown_ref_is_404_with_suggestions() {
    let reply = get(&seed_app(), "/api/v1/nodes/Kubernetis%20Enginexx").await;
    assert_problem(&reply, 404, "not-found");
    assert_eq!(reply.body["parameter"], "ref");
    let suggestions = reply.body["suggestions"].as_array().unwrap();
    assert!(!suggestions.is_empty());
    assert!(suggestions[0]["id"].is_string() && suggestions[0]["name"].is_string());
}

#[tokio::test]
async fn an_ambiguous_ref_is_409_with_candidates() {
    let reply = get(&seed_app(), "/api/v1/nodes/Storage").await;
    assert_problem(&reply, 409, "ambiguous");
    let candidates: Vec<_> = reply.body["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(candidates.contains(&"Blob Storage".to_owned()));
    assert!(candidates.contains(&"Storage Services".to_owned()));
}

#[tokio::test]
async fn every_node_parameter_resolves_the_same_way() {
    let app = seed_app();
    for uri in [
        "/api/v1/edges?source=Storage",
        "/api/v1/edges?target=Storage",
        "/api/v1/path?from=Storage&to=AKS",
        "/api/v1/path?from=AKS&to=Storage",
        "/api/v1/path?from=AKS&to=VMSS&avoid=Storage",
        "/api/v1/nodes/Storage/neighbors",
    ] {
        assert_problem(&get(&app, uri).await, 409, "ambiguous");
    }
    for uri in [
        "/api/v1/edges?source=qqqqzzzz",
        "/api/v1/path?from=AKS&to=qqqqzzzz",
        "/api/v1/categories/qqqqzzzz",
        "/api/v1/nodes?category=qqqqzzzz",
    ] {
        assert_problem(&get(&app, uri).await, 404, "not-found");
    }
}

#[tokio::test]
async fn a_category_ref_only_matches_categories() {
    let reply = get(&seed_app(), "/api/v1/categories/Blob%20Storage").await;
    assert_problem(&reply, 404, "not-found");
}

#[tokio::test]
async fn bad_values_are_400_naming_the_parameter() {
    let app = seed_app();
    for (uri, parameter) in [
        ("/api/v1/nodes?limit=0", "limit"),
        ("/api/v1/nodes?limit=1001", "limit"),
        ("/api/v1/nodes?limit=ten", "limit"),
        ("/api/v1/nodes?offset=-1", "offset"),
        ("/api/v1/nodes?kind=planet", "kind"),
        ("/api/v1/nodes?limit=1&limit=2", "limit"),
        ("/api/v1/nodes/AKS/neighbors?depth=6", "depth"),
        ("/api/v1/nodes/AKS/neighbors?direction=up", "direction"),
        ("/api/v1/nodes/AKS/neighbors?relation=flies", "relation"),
        ("/api/v1/path?to=AKS", "from"),
        ("/api/v1/path?from=AKS", "to"),
        ("/api/v1/path?from=AKS&to=VMSS&max_hops=33", "max_hops"),
        ("/api/v1/path?from=AKS&to=VMSS&k=11", "k"),
        ("/api/v1/path?from=AKS&to=VMSS&directed=maybe", "directed"),
        ("/api/v1/path?from=AKS&to=VMSS&avoid=AKS", "avoid"),
        ("/api/v1/edges?relation=integrates%20wiht", "relation"),
        ("/api/v1/edges?sorce=AKS", "sorce"),
        ("/api/v1/stats?x=1", "x"),
        ("/api/v1/nodes?q=%FF", "q"),
    ] {
        let reply = get(&app, uri).await;
        assert_problem(&reply, 400, "bad-parameter");
        assert_eq!(reply.body["parameter"], parameter, "{uri}: {}", reply.text);
    }
}

#[tokio::test]
async fn unknown_parameters_and_relations_suggest_the_right_one() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/edges?sorce=AKS").await;
    assert_eq!(reply.body["suggestions"][0], "source");
    let reply = get(&app, "/api/v1/edges?relation=integrates%20wiht").await;
    assert_eq!(reply.body["suggestions"][0], "integrates with");
}

#[tokio::test]
async fn no_path_has_its_own_type() {
    let reply = get(&seed_app(), "/api/v1/path?from=Azure%20Bastion&to=DNS").await;
    assert_problem(&reply, 404, "no-path");
}

#[tokio::test]
async fn unknown_routes_are_json_404s() {
    let app = seed_app();
    for uri in [
        "/nope",
        "/api/v1",
        "/api/v1/nodes/AKS/friends",
        "/api/v2/stats",
    ] {
        assert_problem(&get(&app, uri).await, 404, "unknown-route");
    }
}

#[tokio::test]
async fn other_methods_are_405() {
    let app = seed_app();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let request = Request::builder()
            .method(method)
            .uri("/api/v1/stats")
            .body(Body::empty())
            .unwrap();
        let reply = send(&app, request).await;
        assert_problem(&reply, 405, "method-not-allowed");
    }
}

#[tokio::test]
async fn a_path_segment_that_is_not_utf8_is_400() {
    let reply = get(&seed_app(), "/api/v1/nodes/%FF%FE").await;
    assert_problem(&reply, 400, "bad-parameter");
}

#[tokio::test]
async fn not_ready_is_503_with_retry_after() {
    let app = servicemap::http::router(servicemap::http::AppState::empty());
    let reply = get(&app, "/readyz").await;
    assert_problem(&reply, 503, "not-ready");
    assert!(reply.headers.contains_key("retry-after"));
    assert_eq!(
        get(&app, "/healthz").await.status,
        200,
        "alive while not ready"
    );
}

#[tokio::test]
async fn path_queries_stop_at_their_work_budget() {
    let snapshot = crate::support::seed();
    let limits = servicemap::http::state::Limits {
        path_work_budget: 10,
        ..Default::default()
    };
    let app = servicemap::http::router(
        servicemap::http::AppState::with_snapshot(snapshot).with_limits(limits),
    );
    let reply = get(
        &app,
        "/api/v1/path?from=Blob%20Storage&to=Synapse&via_categories=true&k=3",
    )
    .await;
    assert_problem(&reply, 422, "too-expensive");
}

#[tokio::test]
async fn every_parameter_is_read_before_any_name_is_looked_up() {
    // Each endpoint's parameters are one struct, parsed whole before the
    // handler resolves a name: a repeated parameter is the 400, whatever
    // the names say.
    let app = seed_app();
    for (uri, parameter) in [
        ("/api/v1/nodes?category=qqqqzzzz&q=a&q=b", "q"),
        ("/api/v1/edges?source=qqqqzzzz&target=a&target=b", "target"),
        ("/api/v1/changes?to=nope&from=a&from=b", "from"),
    ] {
        let reply = get(&app, uri).await;
        assert_problem(&reply, 400, "bad-parameter");
        assert_eq!(reply.body["parameter"], parameter, "{uri}");
        assert_eq!(
            reply.body["detail"],
            format!("parameter `{parameter}`: given more than once")
        );
    }
}

#[tokio::test]
async fn a_word_parameter_lists_its_words_the_same_way_everywhere() {
    let app = seed_app();
    for (uri, parameter, detail) in [
        (
            "/api/v1/graph?format=pdf",
            "format",
            "must be json, cytoscape, dot, mermaid, mindmap or graphml",
        ),
        (
            "/api/v1/analytics?metric=pagerank",
            "metric",
            "must be degree, betweenness or components",
        ),
        (
            "/api/v1/nodes?kind=thing",
            "kind",
            "must be category, service or concept",
        ),
        (
            "/api/v1/nodes/AKS/neighbors?direction=up",
            "direction",
            "must be out, in or both",
        ),
        (
            "/api/v1/nodes/AKS/impact?direction=up",
            "direction",
            "must be dependents or dependencies",
        ),
    ] {
        let reply = get(&app, uri).await;
        assert_problem(&reply, 400, "bad-parameter");
        assert_eq!(reply.body["parameter"], parameter, "{uri}");
        assert_eq!(
            reply.body["detail"],
            format!("parameter `{parameter}`: {detail}"),
            "{uri}"
        );
    }
}

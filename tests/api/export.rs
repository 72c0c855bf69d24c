//! `/api/v1/graph` in every format, and the mindmap round trip.

use crate::support::{assert_problem, get, seed_app};

#[tokio::test]
async fn every_format_has_its_content_type() {
    let app = seed_app();
    for (format, content_type) in [
        ("json", "application/json"),
        ("cytoscape", "application/json"),
        ("dot", "text/vnd.graphviz; charset=utf-8"),
        ("mermaid", "text/plain; charset=utf-8"),
        ("mindmap", "text/markdown; charset=utf-8"),
        ("graphml", "application/graphml+xml"),
    ] {
        let reply = get(&app, &format!("/api/v1/graph?format={format}")).await;
        assert_eq!(reply.status, 200, "{format}: {}", reply.text);
        assert_eq!(reply.content_type(), content_type, "{format}");
        assert!(
            reply.headers["content-disposition"]
                .to_str()
                .unwrap()
                .contains("servicemap-")
        );
    }
}

#[tokio::test]
async fn json_and_cytoscape_hold_the_whole_graph() {
    let app = seed_app();
    let json = get(&app, "/api/v1/graph").await.body;
    assert_eq!(json["nodes"].as_array().unwrap().len(), 83);
    assert_eq!(json["edges"].as_array().unwrap().len(), 49);
    assert_eq!(json["memberships"].as_array().unwrap().len(), 35);
    let cy = get(&app, "/api/v1/graph?format=cytoscape").await.body;
    let nodes = cy["elements"]["nodes"].as_array().unwrap();
    let edges = cy["elements"]["edges"].as_array().unwrap();
    assert_eq!(nodes.len(), 83);
    assert_eq!(edges.len(), 84);
    assert!(
        nodes
            .iter()
            .all(|n| n["data"]["id"].is_string() && n["data"]["label"].is_string())
    );
    let ids: std::collections::HashSet<_> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap())
        .collect();
    assert!(
        edges
            .iter()
            .all(|e| ids.contains(e["data"]["source"].as_str().unwrap())
                && ids.contains(e["data"]["target"].as_str().unwrap()))
    );
}

#[tokio::test]
async fn a_focus_exports_the_neighbourhood() {
    let reply = get(&seed_app(), "/api/v1/graph?focus=AKS&depth=1").await;
    let names: Vec<_> = reply.body["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Virtual Machines",
            "Azure Kubernetes Service",
            "Container Instances"
        ]
    );
    assert_eq!(reply.body["edges"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_category_focus_exports_its_services() {
    let reply = get(&seed_app(), "/api/v1/graph?focus=compute-services").await;
    let services = reply.body["memberships"].as_array().unwrap().len();
    assert!(services >= 5, "{}", reply.body);
    assert_eq!(reply.body["nodes"].as_array().unwrap().len(), services + 1);
}

#[tokio::test]
async fn dot_and_mermaid_label_their_edges() {
    let app = seed_app();
    let dot = get(&app, "/api/v1/graph?format=dot&focus=AKS").await.text;
    assert!(dot.starts_with("digraph servicemap {"));
    assert!(
        dot.contains("\"azure-kubernetes-service\" -> \"virtual-machines\" [label=\"uses\"]"),
        "{dot}"
    );
    let mermaid = get(&app, "/api/v1/graph?format=mermaid&focus=AKS")
        .await
        .text;
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("-->|\"uses\"|"), "{mermaid}");
}

#[tokio::test]
async fn graphml_is_well_formed_xml() {
    let text = get(&seed_app(), "/api/v1/graph?format=graphml").await.text;
    let doc = roxmltree::Document::parse(&text).expect("well-formed GraphML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "graphml");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://graphml.graphdrawing.org/xmlns")
    );
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert_eq!(count("node"), 83);
    assert_eq!(count("edge"), 84);
}

#[tokio::test]
async fn the_mindmap_export_loads_back_into_the_same_graph() {
    let text = get(&seed_app(), "/api/v1/graph?format=mindmap").await.text;
    let original = crate::support::seed();
    let copy = servicemap::snapshot::from_sources(
        &[servicemap::snapshot::Source::new("export.md", text)],
        vec![],
    );
    assert_eq!(
        crate::roundtrip::facts(&copy.graph),
        crate::roundtrip::facts(&original.graph)
    );
}

#[tokio::test]
async fn bad_export_requests() {
    let app = seed_app();
    assert_problem(
        &get(&app, "/api/v1/graph?format=pdf").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/graph?depth=2").await,
        400,
        "bad-parameter",
    );
    assert_problem(
        &get(&app, "/api/v1/graph?focus=qqqqzzzz").await,
        404,
        "not-found",
    );
    let snapshot = crate::support::seed();
    let limits = servicemap::http::state::Limits {
        export_max_elements: 100,
        ..Default::default()
    };
    let small = servicemap::http::router(
        servicemap::http::AppState::with_snapshot(snapshot).with_limits(limits),
    );
    assert_problem(&get(&small, "/api/v1/graph").await, 422, "too-expensive");
    assert_eq!(get(&small, "/api/v1/graph?focus=AKS").await.status, 200);
}

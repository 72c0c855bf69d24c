//! Every endpoint answering from the seed.

use serde_json::json;

use crate::support::{app_with, get, seed_app};

#[tokio::test]
async fn health_and_readiness() {
    let app = seed_app();
    let reply = get(&app, "/healthz").await;
    assert_eq!(reply.body, json!({"status": "ok"}));
    let reply = get(&app, "/readyz").await;
    assert_eq!(reply.body["status"], "ready");
    assert_eq!(reply.body["version"].as_str().unwrap().len(), 16);
}

#[tokio::test]
async fn stats_count_the_seed() {
    let reply = get(&seed_app(), "/api/v1/stats").await;
    let body = &reply.body;
    assert_eq!(
        body["nodes"],
        json!({"total": 83, "category": 5, "service": 35, "concept": 43})
    );
    assert_eq!(
        body["edges"],
        json!({"total": 84, "relation": 49, "membership": 35})
    );
    assert_eq!(body["relation_types"], 22);
    assert_eq!(
        body["documents"],
        json!([{"path": "azure-services-map.md", "title": "Azure Services Map", "blocks": 5}])
    );
    assert_eq!(reply.content_type(), "application/json");
}

#[tokio::test]
async fn nodes_filter_by_kind_category_and_text() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/nodes?kind=category").await;
    assert_eq!(reply.body["total"], 5);
    assert_eq!(reply.body["limit"], 50);
    assert_eq!(reply.body["offset"], 0);
    let reply = get(&app, "/api/v1/nodes?category=Storage&kind=service").await;
    assert_eq!(reply.body["total"], 6);
    let reply = get(&app, "/api/v1/nodes?q=luis").await;
    assert_eq!(reply.names("items"), ["Language Understanding (LUIS)"]);
    let reply = get(&app, "/api/v1/nodes?q=storage&limit=2&offset=1").await;
    assert_eq!(reply.body["items"].as_array().unwrap().len(), 2);
    assert!(reply.body["total"].as_u64().unwrap() > 3);
    let everything = get(&app, "/api/v1/nodes?limit=1000").await;
    assert_eq!(everything.body["items"].as_array().unwrap().len(), 83);
}

#[tokio::test]
async fn node_searches_go_through_the_one_matcher() {
    let app = seed_app();
    // Acronyms, aliases and typos, as `/resolve` knows them, best first.
    for (q, first) in [
        ("aks", "Azure Kubernetes Service"),
        ("AKS", "Azure Kubernetes Service"),
        ("k8s", "Azure Kubernetes Service"),
        ("kubernets", "Azure Kubernetes Service"),
        ("cosmso db", "Azure Cosmos DB"),
    ] {
        let reply = get(&app, &format!("/api/v1/nodes?q={}", q.replace(' ', "%20"))).await;
        assert_eq!(reply.status, 200, "{q}");
        assert_eq!(reply.body["items"][0]["name"], first, "{q}: {}", reply.text);
        let resolved = get(
            &app,
            &format!("/api/v1/resolve?name={}", q.replace(' ', "%20")),
        )
        .await;
        assert_eq!(resolved.body["items"][0]["node"]["name"], first, "{q}");
    }
    // Filters still apply to a search.
    let reply = get(&app, "/api/v1/nodes?q=storage&kind=category").await;
    assert_eq!(reply.names("items"), ["Storage Services"]);
    let reply = get(&app, "/api/v1/nodes?q=qqqzzzxxy").await;
    assert_eq!(reply.body["total"], 0);
}

#[tokio::test]
async fn aliases_from_the_aliases_file_are_a_nodes_own() {
    let reply = get(&seed_app(), "/api/v1/nodes/aks").await;
    let aliases: Vec<&str> = reply.body["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(aliases.contains(&"k8s"), "{aliases:?}");
    let luis = get(&seed_app(), "/api/v1/nodes/luis").await;
    assert_eq!(
        luis.body["aliases"][0], "LUIS",
        "document acronyms come first"
    );
}

#[tokio::test]
async fn a_node_shows_its_relations_with_provenance() {
    let reply = get(&seed_app(), "/api/v1/nodes/Synapse").await;
    let body = &reply.body;
    assert_eq!(body["id"], "azure-synapse-analytics");
    assert_eq!(body["kind"], "service");
    assert_eq!(body["categories"][0]["name"], "Database Services");
    assert_eq!(
        body["incoming"],
        json!([{
            "relation": "integrates with",
            "source": {"id": "data-lake-storage", "name": "Data Lake Storage", "kind": "service"},
            "provenance": {"document": "azure-services-map.md", "line": 75}
        }])
    );
    assert_eq!(body["outgoing"][0]["relation"], "integrates");
    assert_eq!(body["sources"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn aliases_and_category_services_show_on_nodes() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/nodes/LUIS").await;
    assert_eq!(reply.body["aliases"], json!(["LUIS"]));
    let reply = get(&app, "/api/v1/nodes/compute-services").await;
    assert_eq!(reply.body["services"].as_array().unwrap().len(), 7);
}

#[tokio::test]
async fn what_does_aks_use() {
    let reply = get(
        &seed_app(),
        "/api/v1/nodes/AKS/neighbors?direction=out&relation=uses",
    )
    .await;
    assert_eq!(
        reply.names("nodes"),
        ["Azure Kubernetes Service", "Virtual Machines"]
    );
    assert_eq!(reply.body["edges"][0]["relation"], "uses");
}

#[tokio::test]
async fn neighbors_reach_further_with_depth() {
    let app = seed_app();
    let one = get(&app, "/api/v1/nodes/AKS/neighbors?direction=out").await;
    let two = get(&app, "/api/v1/nodes/AKS/neighbors?direction=out&depth=2").await;
    assert_eq!(one.names("nodes").len(), 3);
    assert!(
        two.names("nodes")
            .contains(&"Virtual Machine Scale Sets".to_owned())
    );
    let incoming = get(
        &app,
        "/api/v1/nodes/Virtual%20Machines/neighbors?direction=in",
    )
    .await;
    assert_eq!(
        incoming.names("nodes"),
        ["Virtual Machines", "Azure Kubernetes Service"]
    );
}

#[tokio::test]
async fn categories_list_and_detail() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/categories").await;
    assert_eq!(reply.body["total"], 5);
    assert_eq!(
        reply.body["items"][0],
        json!({"id": "compute-services", "name": "Compute Services", "kind": "category", "service_count": 7})
    );
    let reply = get(&app, "/api/v1/categories/networking").await;
    assert_eq!(reply.body["name"], "Networking Services");
    assert_eq!(reply.body["service_count"], 10);
    assert_eq!(reply.body["services"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn relations_with_counts() {
    let reply = get(&seed_app(), "/api/v1/relations?limit=100").await;
    assert_eq!(reply.body["total"], 22);
    let uses = reply.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "uses")
        .unwrap()
        .clone();
    assert_eq!(uses["id"], "uses");
    assert_eq!(uses["count"], 5);
}

#[tokio::test]
async fn what_integrates_with_synapse() {
    let reply = get(
        &seed_app(),
        "/api/v1/edges?relation=integrates%20with&target=Synapse",
    )
    .await;
    assert_eq!(reply.body["total"], 1);
    assert_eq!(
        reply.body["items"][0]["source"]["name"],
        "Data Lake Storage"
    );
    assert_eq!(
        reply.body["items"][0]["provenance"],
        json!({"document": "azure-services-map.md", "line": 75})
    );
}

#[tokio::test]
async fn relations_match_ignoring_case_hyphens_and_voice() {
    let app = seed_app();
    let hyphen = get(&app, "/api/v1/edges?relation=Integrates-With").await;
    assert_eq!(hyphen.body["total"], 3);
    let passive = get(
        &app,
        "/api/v1/edges?relation=used%20by&source=Blob%20Storage",
    )
    .await;
    let active = get(&app, "/api/v1/edges?relation=uses&target=Blob%20Storage").await;
    assert_eq!(passive.body, active.body);
    assert_eq!(
        active.body["items"][0]["source"]["name"],
        "Data Lake Storage Gen2"
    );
    let all = get(&app, "/api/v1/edges?limit=1000").await;
    assert_eq!(all.body["total"], 49);
}

#[tokio::test]
async fn shortest_path_from_aks_to_vmss() {
    let reply = get(&seed_app(), "/api/v1/path?from=AKS&to=VMSS").await;
    let path = &reply.body["paths"][0];
    assert_eq!(reply.body["paths"].as_array().unwrap().len(), 1);
    assert_eq!(path["hops"], 2);
    let names: Vec<_> = path["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Azure Kubernetes Service",
            "Virtual Machines",
            "Virtual Machine Scale Sets"
        ]
    );
    assert_eq!(path["edges"][1]["relation"], "scales with");
}

#[tokio::test]
async fn paths_walk_memberships_only_when_asked() {
    let app = seed_app();
    let without = get(&app, "/api/v1/path?from=Azure%20Bastion&to=DNS").await;
    assert_eq!(without.status, 404);
    let with = get(
        &app,
        "/api/v1/path?from=Azure%20Bastion&to=DNS&via_categories=true",
    )
    .await;
    assert_eq!(with.body["paths"][0]["hops"], 2);
    assert_eq!(with.body["paths"][0]["edges"][0]["relation"], "has service");
}

#[tokio::test]
async fn directed_paths_follow_edges_forward_only() {
    let app = seed_app();
    let forward = get(&app, "/api/v1/path?from=AKS&to=VMSS&directed=true").await;
    assert_eq!(forward.status, 200);
    let backward = get(&app, "/api/v1/path?from=VMSS&to=AKS&directed=true").await;
    assert_eq!(backward.status, 404);
    let undirected = get(&app, "/api/v1/path?from=VMSS&to=AKS").await;
    assert_eq!(
        undirected.body["paths"][0]["edges"][0]["source"]["name"], "Virtual Machines",
        "edges keep their stored direction"
    );
}

#[tokio::test]
async fn max_hops_bounds_the_search() {
    let reply = get(&seed_app(), "/api/v1/path?from=AKS&to=VMSS&max_hops=1").await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn a_path_to_itself_has_no_hops() {
    let reply = get(
        &seed_app(),
        "/api/v1/path?from=AKS&to=azure-kubernetes-service",
    )
    .await;
    assert_eq!(reply.body["paths"][0]["hops"], 0);
}

#[tokio::test]
async fn diagnostics_carry_document_and_line() {
    let reply = get(&seed_app(), "/api/v1/diagnostics").await;
    // The load's two diagnostics, and the concept the checks find unreached.
    assert_eq!(reply.body["total"], 3);
    assert_eq!(reply.body["items"][0]["document"], "azure-services-map.md");
    assert_eq!(reply.body["items"][0]["line"], 58);
    assert_eq!(reply.body["items"][0]["rule"], "unreached-concept");
    assert_eq!(reply.body["items"][1]["line"], 116);
    assert_eq!(reply.body["items"][1]["rule"], "heading-mismatch");
    assert_eq!(reply.body["items"][2]["line"], 173);
    assert_eq!(reply.body["items"][2]["severity"], "warning");
}

#[tokio::test]
async fn the_spec_is_served() {
    let reply = get(&seed_app(), "/openapi.yaml").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type(), "application/yaml");
    assert!(reply.text.starts_with("openapi: 3.1"));
}

#[tokio::test]
async fn documents_merge_into_one_graph_with_provenance() {
    let app = app_with(&[
        (
            "a.md",
            "```mermaid\nmindmap\n  root((Compute))\n    Virtual Machines\n```\n",
        ),
        (
            "b/c.md",
            "```mermaid\nmindmap\n  Storage\n    Disks\n      :: used by\n      virtual  machines\n```\n",
        ),
    ]);
    let reply = get(&app, "/api/v1/nodes/virtual-machines").await;
    assert_eq!(reply.body["outgoing"][0]["relation"], "uses");
    assert_eq!(
        reply.body["outgoing"][0]["provenance"],
        json!({"document": "b/c.md", "line": 6})
    );
    assert_eq!(reply.body["sources"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn resolve_ranks_candidates_with_their_reason() {
    let app = seed_app();
    let reply = get(&app, "/api/v1/resolve?name=synaps%20analytcs").await;
    assert_eq!(
        reply.body["items"][0]["node"]["name"],
        "Azure Synapse Analytics"
    );
    assert_eq!(reply.body["items"][0]["match"], "fuzzy");
    for (name, expected, kind) in [
        ("azure-kubernetes-service", "Azure Kubernetes Service", "id"),
        (
            "azure kubernetes service",
            "Azure Kubernetes Service",
            "name",
        ),
        ("LUIS", "Language Understanding (LUIS)", "alias"),
        ("AKS", "Azure Kubernetes Service", "alias"),
        ("ASF", "Azure Service Fabric", "acronym"),
        ("Synapse", "Azure Synapse Analytics", "alias"),
        ("Analytics", "Azure Synapse Analytics", "word"),
        ("kubern", "Azure Kubernetes Service", "prefix"),
        ("osmos", "Azure Cosmos DB", "substring"),
        ("adls", "Data Lake Storage", "alias"),
    ] {
        let reply = get(
            &app,
            &format!("/api/v1/resolve?name={}&limit=3", name.replace(' ', "%20")),
        )
        .await;
        assert_eq!(
            reply.body["items"][0]["node"]["name"], expected,
            "{name}: {}",
            reply.text
        );
        assert_eq!(reply.body["items"][0]["match"], kind, "{name}");
        let score = reply.body["items"][0]["score"].as_f64().unwrap();
        assert!(score > 0.0 && score <= 1.0);
    }
    let none = get(&app, "/api/v1/resolve?name=qqqqzzzz").await;
    assert_eq!(none.body["total"], 0);
}

#[tokio::test]
async fn relations_show_their_inverse_and_symmetry() {
    let reply = get(&seed_app(), "/api/v1/relations?limit=100").await;
    let items = reply.body["items"].as_array().unwrap();
    let find = |label: &str| items.iter().find(|r| r["label"] == label).unwrap().clone();
    assert_eq!(find("uses")["inverse"], "used by");
    assert_eq!(find("uses")["symmetric"], false);
    assert_eq!(find("integrates with")["inverse"], serde_json::Value::Null);
    assert_eq!(find("integrates with")["symmetric"], true);
}

#[tokio::test]
async fn symmetric_relations_match_both_ways() {
    let app = seed_app();
    let reply = get(
        &app,
        "/api/v1/edges?relation=integrates%20with&source=Synapse",
    )
    .await;
    assert_eq!(reply.body["total"], 1);
    assert_eq!(
        reply.body["items"][0]["source"]["name"], "Data Lake Storage",
        "stored direction kept"
    );
    let hosted = get(&app, "/api/v1/edges?relation=hosted%20by&source=Web%20Apps").await;
    assert_eq!(hosted.body["items"][0]["source"]["name"], "App Service");
}

#[tokio::test]
async fn analytics_rank_nodes_and_find_components() {
    let app = seed_app();
    let degree = get(&app, "/api/v1/analytics?metric=degree&limit=3").await;
    assert_eq!(
        degree.body["items"][0]["node"]["name"], "App Service",
        "4 edges, first by name"
    );
    assert_eq!(degree.body["items"][0]["degree"], 4);
    assert_eq!(degree.body["items"][0]["in"], 1);
    assert_eq!(
        degree.body["items"][1]["node"]["name"],
        "Azure Cognitive Services"
    );
    assert_eq!(degree.body["total"], 83);
    let betweenness = get(&app, "/api/v1/analytics?metric=betweenness&limit=1").await;
    assert_eq!(betweenness.body["items"][0]["node"]["name"], "App Service");
    assert!(betweenness.body["items"][0]["score"].as_f64().unwrap() > 0.0);
    let components = get(&app, "/api/v1/analytics?metric=components&limit=100").await;
    let sizes: Vec<u64> = components.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["size"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes.iter().sum::<u64>(), 83);
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "largest first");
    let bad = get(&app, "/api/v1/analytics?metric=pagerank").await;
    crate::support::assert_problem(&bad, 400, "bad-parameter");
}

#[tokio::test]
async fn a_hubs_answer_is_capped_with_totals_and_counts() {
    // A hub with 60 outgoing relations of two kinds and 30 services.
    let mut doc = String::from("```mermaid\nmindmap\n  Hub Category\n");
    for i in 0..30 {
        doc.push_str(&format!("    Member {i}\n"));
    }
    doc.push_str("    Hub\n      :: uses\n");
    for i in 0..40 {
        doc.push_str(&format!("      Used {i}\n"));
    }
    doc.push_str("      :: hosts\n");
    for i in 0..20 {
        doc.push_str(&format!("      Hosted {i}\n"));
    }
    doc.push_str("```\n");
    let app = crate::support::app_with(&[("hub.md", &doc)]);
    let reply = get(&app, "/api/v1/nodes/Hub").await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let body = &reply.body;
    assert_eq!(body["outgoing"].as_array().unwrap().len(), 20);
    assert_eq!(body["outgoing_total"], 60);
    assert_eq!(body["relation_counts"]["outgoing"]["uses"], 40);
    assert_eq!(body["relation_counts"]["outgoing"]["hosts"], 20);
    assert_eq!(body["truncated"], true);
    let reply = get(&app, "/api/v1/nodes/Hub?items=100").await;
    assert_eq!(reply.body["outgoing"].as_array().unwrap().len(), 60);
    assert_eq!(reply.body["truncated"], false);
    let category = get(&app, "/api/v1/nodes/Hub%20Category?items=5").await;
    assert_eq!(category.body["services"].as_array().unwrap().len(), 5);
    assert_eq!(category.body["services_total"], 31);
    // The rest, a page at a time.
    let rest = get(&app, "/api/v1/edges?source=hub&offset=20&limit=1000").await;
    assert_eq!(rest.body["items"].as_array().unwrap().len(), 40);
    let reply = get(&app, "/api/v1/nodes/Hub?items=1001").await;
    assert_eq!(reply.status, 400);
}

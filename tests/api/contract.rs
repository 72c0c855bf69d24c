//! The contract as a reviewer sees it: insta snapshots of the spec's shape
//! (every operation, its parameters with their ranges, its statuses) and of
//! representative answers and problems from the bundled data. A change to
//! either shows as a snapshot diff in review (`cargo insta review`).

use serde_json::{Value, json};

use crate::support::{get, seed_app};

/// Every operation of openapi.yaml: parameters (with schema bounds) and
/// the statuses it documents.
#[test]
fn the_spec_in_short() {
    let text = std::fs::read_to_string("openapi.yaml").unwrap();
    let spec: Value = serde_yaml_ng::from_str(&text).unwrap();
    let deref = |v: &Value| -> Value {
        match v.get("$ref").and_then(Value::as_str) {
            Some(p) => spec.pointer(p.trim_start_matches('#')).unwrap().clone(),
            None => v.clone(),
        }
    };
    let mut lines = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        // `/mcp` is documented outside the REST contract (tests/api/spec.rs).
        if item["x-outside-rest-contract"] == Value::Bool(true) {
            continue;
        }
        for (method, operation) in item.as_object().unwrap() {
            let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
                continue;
            };
            let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
            lines.push(format!(
                "{} {path} -> {}",
                method.to_uppercase(),
                statuses.join(" ")
            ));
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let p = deref(parameter);
                let schema = deref(&p["schema"]);
                let mut facts = vec![format!("{}", schema["type"])];
                for key in ["minimum", "maximum", "default", "enum"] {
                    if !schema[key].is_null() {
                        facts.push(format!("{key}={}", schema[key]));
                    }
                }
                lines.push(format!(
                    "    {} {}: {}",
                    p["in"].as_str().unwrap_or_default(),
                    p["name"].as_str().unwrap_or_default(),
                    facts.join(" ")
                ));
            }
        }
    }
    insta::assert_snapshot!(lines.join("\n"));
}

#[tokio::test]
async fn representative_answers() {
    let app = seed_app();
    let mut answers = serde_json::Map::new();
    for uri in [
        "/api/v1/stats",
        "/api/v1/nodes/AKS",
        "/api/v1/nodes?q=cosmos&limit=3",
        "/api/v1/edges?relation=integrates%20with&target=Synapse",
        "/api/v1/path?from=AKS&to=VMSS",
        "/api/v1/nodes/Azure%20Functions/neighbors",
        "/api/v1/categories/storage-services",
        "/api/v1/resolve?name=synaps&limit=2",
        "/api/v1/ask?q=what%20does%20AKS%20use",
        "/api/v1/ask?q=what%20does%20cosmos%20db%20provide",
        "/api/v1/ask?q=is%20Azure%20Bastion%20a%20networking%20service",
        "/api/v1/ask?q=how%20many%20services%20does%20Compute%20have",
        "/api/v1/ask?q=how%20are%20Azure%20Bastion%20and%20DNS%20connected",
    ] {
        let reply = get(&app, uri).await;
        answers.insert(
            uri.into(),
            json!({"status": reply.status.as_u16(), "body": reply.body}),
        );
    }
    insta::assert_json_snapshot!(Value::Object(answers));
}

#[tokio::test]
async fn representative_problems() {
    let app = seed_app();
    let mut problems = serde_json::Map::new();
    for uri in [
        "/api/v1/nodes/Storage",
        "/api/v1/nodes/qqqzzz",
        "/api/v1/nodes?limit=0",
        "/api/v1/nodes?limt=5",
        "/api/v1/edges?relation=integrats",
        "/api/v1/ask?q=make%20me%20a%20sandwich",
        "/api/v1/ask?q=how%20do%20I%20deploy%20AKS%20with%20terraform",
        "/api/v1/ask?q=what%20does%20the%20gateway%20manage",
        "/api/v1/nowhere",
    ] {
        let reply = get(&app, uri).await;
        problems.insert(
            uri.into(),
            json!({"status": reply.status.as_u16(), "body": reply.body}),
        );
    }
    insta::assert_json_snapshot!(Value::Object(problems));
}

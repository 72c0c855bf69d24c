//! The router and openapi.yaml must agree, in both directions: the same
//! routes, methods and query parameters.

use std::collections::BTreeSet;

use serde_json::Value;
use servicemap::http::params::{BOUNDS, ROUTE_BOUNDS};
use servicemap::http::routes;

fn spec() -> Value {
    let text = std::fs::read_to_string("openapi.yaml").unwrap();
    serde_yaml_ng::from_str(&text).expect("openapi.yaml is YAML")
}

/// Resolves a local `$ref`.
fn deref<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(pointer) => spec
            .pointer(pointer.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {pointer}")),
        None => value,
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

/// Paths the spec documents without holding them to the REST contract.
fn outside_the_contract(item: &Value) -> bool {
    item["x-outside-rest-contract"] == Value::Bool(true)
}

#[test]
fn the_mcp_endpoint_is_documented_outside_the_rest_contract() {
    let spec = spec();
    let item = &spec["paths"][servicemap::mcp::transport::PATH];
    assert!(
        outside_the_contract(item),
        "/mcp is marked x-outside-rest-contract"
    );
    for method in ["post", "get", "delete"] {
        assert!(item[method].is_object(), "/mcp documents {method}");
    }
    let outside: Vec<&String> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| outside_the_contract(item))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(outside, [servicemap::mcp::transport::PATH]);
}

#[test]
fn routes_and_methods_agree() {
    let spec = spec();
    let documented: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, item)| !outside_the_contract(item))
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| METHODS.contains(&k.as_str()))
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    let undocumented: Vec<_> = served.difference(&documented).collect();
    let unserved: Vec<_> = documented.difference(&served).collect();
    assert!(
        undocumented.is_empty(),
        "served but not in openapi.yaml: {undocumented:?}"
    );
    assert!(
        unserved.is_empty(),
        "in openapi.yaml but not served: {unserved:?}"
    );
}

#[test]
fn query_parameters_agree() {
    let spec = spec();
    for route in routes() {
        let operation = &spec["paths"][route.path][route.method.as_str().to_lowercase()];
        let documented: BTreeSet<String> = operation["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| deref(&spec, p))
                    .filter(|p| p["in"] == "query")
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let accepted: BTreeSet<String> = route.params.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            documented, accepted,
            "query parameters of {} {}",
            route.method, route.path
        );
    }
}

#[test]
fn path_parameters_are_declared() {
    let spec = spec();
    for route in routes() {
        let operation = &spec["paths"][route.path][route.method.as_str().to_lowercase()];
        let declared: BTreeSet<String> = operation["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .map(|p| deref(&spec, p))
                    .filter(|p| p["in"] == "path")
                    .map(|p| p["name"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        let in_template: BTreeSet<String> = route
            .path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_owned)
            .collect();
        assert_eq!(declared, in_template, "path parameters of {}", route.path);
    }
}

#[test]
fn every_reference_resolves() {
    fn walk(spec: &Value, value: &Value) {
        match value {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    deref(spec, value);
                }
                map.values().for_each(|v| walk(spec, v));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(spec, v)),
            _ => {}
        }
    }
    let spec = spec();
    walk(&spec, &spec);
}

#[test]
fn numeric_parameters_have_the_served_range_and_default() {
    let spec = spec();
    let mut checked = 0;
    for route in routes() {
        let operation = &spec["paths"][route.path][route.method.as_str().to_lowercase()];
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for parameter in parameters.iter().map(|p| deref(&spec, p)) {
            let name = parameter["name"].as_str().unwrap();
            let schema = deref(&spec, &parameter["schema"]);
            let specific = ROUTE_BOUNDS
                .iter()
                .find(|(path, b)| *path == route.path && b.name == name)
                .map(|(_, b)| b);
            let Some(bound) = specific.or_else(|| BOUNDS.iter().find(|b| b.name == name)) else {
                assert_ne!(
                    schema["type"], "integer",
                    "{} {name}: an integer parameter with no Bound",
                    route.path
                );
                continue;
            };
            let at = format!("{} {} parameter {name}", route.method, route.path);
            assert_eq!(schema["minimum"].as_u64(), Some(bound.min as u64), "{at}");
            assert_eq!(schema["maximum"].as_u64(), Some(bound.max as u64), "{at}");
            assert_eq!(
                schema["default"].as_u64(),
                Some(bound.default as u64),
                "{at}"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "only {checked} numeric parameters documented"
    );
}

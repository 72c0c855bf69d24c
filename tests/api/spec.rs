//! The router and openapi.yaml must agree, in both directions: the same
//! routes, methods and query parameters, and for each parameter the type,
//! range, words and default its struct declares.

use std::collections::BTreeSet;

use serde_json::Value;
use servicemap::http::params::ParamKind;
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
        let documented: BTreeSet<String> = documented_query_parameters(&spec, operation)
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
        let accepted: BTreeSet<String> = route.params.iter().map(|p| p.name.to_owned()).collect();
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

/// The query parameters an operation documents, by name.
fn documented_query_parameters<'a>(spec: &'a Value, operation: &'a Value) -> Vec<&'a Value> {
    operation["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| deref(spec, p))
                .filter(|p| p["in"] == "query")
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn every_parameter_has_the_served_type_range_and_default() {
    let spec = spec();
    let mut checked = 0;
    for route in routes() {
        let operation = &spec["paths"][route.path][route.method.as_str().to_lowercase()];
        let documented = documented_query_parameters(&spec, operation);
        for param in route.params {
            let at = format!("{} {} parameter {}", route.method, route.path, param.name);
            let parameter = documented
                .iter()
                .find(|p| p["name"] == param.name)
                .unwrap_or_else(|| panic!("{at}: not documented"));
            let schema = deref(&spec, &parameter["schema"]);
            let required = parameter["required"] == Value::Bool(true);
            match param.kind {
                ParamKind::Int(bound) => {
                    assert_eq!(schema["type"], "integer", "{at}");
                    assert_eq!(schema["minimum"].as_u64(), Some(bound.min as u64), "{at}");
                    assert_eq!(schema["maximum"].as_u64(), Some(bound.max as u64), "{at}");
                    assert_eq!(
                        schema["default"].as_u64(),
                        Some(bound.default as u64),
                        "{at}"
                    );
                    assert!(!required, "{at}: has a default, so is not required");
                }
                ParamKind::Bool(default) => {
                    assert_eq!(schema["type"], "boolean", "{at}");
                    assert_eq!(schema["default"], Value::Bool(default), "{at}");
                    assert!(!required, "{at}: has a default, so is not required");
                }
                ParamKind::Word { words, default } => {
                    assert_eq!(schema["type"], "string", "{at}");
                    let listed: Vec<&str> = schema["enum"]
                        .as_array()
                        .unwrap_or_else(|| panic!("{at}: no enum"))
                        .iter()
                        .map(|w| w.as_str().unwrap())
                        .collect();
                    assert_eq!(listed, words(), "{at}: the words, in order");
                    assert_eq!(schema["default"].as_str(), default(), "{at}");
                    assert!(!required, "{at}: optional");
                }
                ParamKind::Text { required: served } => {
                    assert_eq!(schema["type"], "string", "{at}");
                    assert_eq!(required, served, "{at}: required");
                    assert!(schema.get("default").is_none(), "{at}: no default");
                }
                ParamKind::List => {
                    assert_eq!(schema["type"], "array", "{at}");
                    assert_eq!(schema["items"]["type"], "string", "{at}");
                    assert!(!required, "{at}: optional");
                }
            }
            checked += 1;
        }
    }
    let served: usize = routes().iter().map(|r| r.params.len()).sum();
    assert_eq!(checked, served);
    assert!(served >= 40, "only {served} query parameters served");
}

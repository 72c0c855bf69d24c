//! Measures the MCP tools: the server's time per call, and the largest
//! answer each tool gives within its size budget, on each data folder.
//!
//! `cargo run --release --example mcp_sizes -- LABEL=DIR...`
//!
//! For each folder, each tool is called with the arguments that make its
//! answer largest (the node with the most edges, every edge, a common
//! word, the largest category, the far pair of generated data), at the
//! default budget and at the ceiling; the time is the median of the tool
//! call alone (arguments read, snapshot queried, answer cut and
//! serialised: what the server does between transport and transport).
//! Prints the markdown rows BENCHMARKS.md shows.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Map, Value, json};
use servicemap::graph::{KnowledgeGraph, NodeKind, NodeRef};
use servicemap::mcp::budget::{CEILING_BYTES, DEFAULT_MAX_BYTES};
use servicemap::mcp::tools::{ToolConfig, call};
use servicemap::snapshot::{Snapshot, load};

fn main() {
    let folders: Vec<(String, PathBuf)> = std::env::args()
        .skip(1)
        .map(|a| match a.split_once('=') {
            Some((label, dir)) => (label.to_owned(), dir.into()),
            None => (a.clone(), a.into()),
        })
        .collect();
    println!(
        "| data | tool | arguments | budget | bytes (JSON + text) | items / total | server time per call |"
    );
    println!("|---|---|---|---:|---:|---:|---:|");
    for (label, dir) in folders {
        let snapshot = load(std::slice::from_ref(&dir)).expect("the data loads");
        for (tool, args) in largest_calls(&snapshot, &dir) {
            for budget in [DEFAULT_MAX_BYTES, CEILING_BYTES] {
                let mut args = args.clone();
                args.insert("max_bytes".into(), json!(budget));
                let (bytes, items, time) = measure(&snapshot, tool, &args);
                let shown: Map<String, Value> = args
                    .iter()
                    .filter(|(k, _)| *k != "max_bytes")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                println!(
                    "| {label} | `{tool}` | `{}` | {budget} | {bytes} | {items} | {} |",
                    Value::Object(shown),
                    format_duration(time)
                );
            }
        }
    }
}

/// Each tool's largest answer: its arguments.
fn largest_calls(s: &Snapshot, dir: &std::path::Path) -> Vec<(&'static str, Map<String, Value>)> {
    let g = &s.graph;
    let hub = busiest(g, |_| true);
    let category = busiest(g, |k| k == NodeKind::Category);
    let id = |n: NodeRef| g.node(n).id.clone();
    let word = g.node(hub).name.split(' ').next().unwrap_or("a").to_owned();
    let (from, to) = std::fs::read_to_string(dir.join(servicemap_gen::PAIR_FILE))
        .ok()
        .and_then(|text| {
            let field = |name: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map(|v| v.trim().to_owned())
            };
            Some((field("from:")?, field("to:")?))
        })
        .unwrap_or_else(|| ("AKS".into(), "Virtual Machine Scale Sets".into()));
    let object = |v: Value| v.as_object().cloned().expect("an object");
    vec![
        ("resolve", object(json!({"name": word}))),
        ("describe_node", object(json!({"node": id(hub)}))),
        ("find_edges", object(json!({}))),
        (
            "neighbourhood",
            object(json!({"node": id(hub), "depth": 2})),
        ),
        (
            "find_paths",
            object(json!({"from": from, "to": to, "k": 10})),
        ),
        (
            "ask",
            object(json!({"question": format!("what is in {}", g.node(category).name)})),
        ),
        (
            "query",
            object(json!({"query": "MATCH (a)-[r]->(b) RETURN a, r, b"})),
        ),
        ("map_summary", object(json!({}))),
    ]
}

/// The node of a kind with the most edges.
fn busiest(g: &KnowledgeGraph, kind: impl Fn(NodeKind) -> bool) -> NodeRef {
    g.nodes()
        .filter(|(_, n)| kind(n.kind))
        .map(|(n, _)| n)
        .max_by_key(|n| g.degree(*n))
        .expect("a node")
}

/// Bytes of the answer, items shown of all, and the median time of a call.
fn measure(s: &Snapshot, tool: &str, args: &Map<String, Value>) -> (usize, String, Duration) {
    let config = ToolConfig::default();
    let answer = || call(s, &config, tool, args).expect("a tool");
    let (bytes, items) = match answer() {
        Ok(reply) => (
            serde_json::to_string(&reply.structured).unwrap().len() + reply.text.len(),
            format!(
                "{} / {}",
                reply.structured["returned"], reply.structured["total"]
            ),
        ),
        Err(error) => (0, format!("error: {error}")),
    };
    // Enough runs for a steady median, within about a second per call.
    let started = Instant::now();
    let _ = answer();
    let once = started.elapsed();
    let runs = (Duration::from_secs(1).as_nanos() / once.as_nanos().max(1)).clamp(3, 2000) as usize;
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let _ = std::hint::black_box(answer());
            started.elapsed()
        })
        .collect();
    times.sort();
    (bytes, items, times[times.len() / 2])
}

fn format_duration(d: Duration) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us >= 1000.0 {
        format!("{:.2} ms", us / 1000.0)
    } else {
        format!("{us:.1} µs")
    }
}

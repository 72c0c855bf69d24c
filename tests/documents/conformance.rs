//! Mermaid conformance: the mindmap cases taken from Mermaid's own tests and
//! docs, read by servicemap and compared with the tree Mermaid produces.
//!
//! The cases file is not part of the repository; CI keeps it beside the
//! clone, at `../shared/conformance/mermaid-mindmap-cases.json`
//! (`MERMAID_CASES` names another path). Without it the test says so and
//! passes, unless `MERMAID_CASES_REQUIRED` is set, as `.ci/run` sets it.
//!
//! Differences of the dialect, documented in the README's "The document format", are
//! applied to Mermaid's side before comparing: names compare as servicemap
//! merges them (white space collapsed, case ignored), and ids, shapes, icons
//! and classes are presentation, not part of the graph. An error case
//! agrees when servicemap reports a diagnostic instead of crashing.

use std::path::PathBuf;

use serde_json::Value;
use servicemap::document::{Mindmap, parse_document};
use servicemap::text::name_key;

/// A node as both sides are compared: its name key and its children.
#[derive(Debug, PartialEq, Eq)]
struct Tree {
    name: String,
    children: Vec<Tree>,
}

fn expected_tree(node: &Value) -> Tree {
    Tree {
        name: name_key(node["descr"].as_str().unwrap_or_default()),
        children: node["children"]
            .as_array()
            .map(|c| c.iter().map(expected_tree).collect())
            .unwrap_or_default(),
    }
}

/// The trees of a parsed mindmap, one per root.
fn actual_trees(map: &Mindmap) -> Vec<Tree> {
    fn build(map: &Mindmap, at: usize) -> Tree {
        let children = (at + 1..map.nodes.len())
            .filter(|&i| map.nodes[i].parent == Some(at))
            .map(|i| build(map, i))
            .collect();
        Tree {
            name: name_key(&map.nodes[at].label.name),
            children,
        }
    }
    (0..map.nodes.len())
        .filter(|&i| map.nodes[i].parent.is_none())
        .map(|i| build(map, i))
        .collect()
}

/// What `mermaid.run` does to a diagram's text before parsing it: removes
/// the common indentation, trims, and decodes HTML entities.
fn as_mermaid_run(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let dedented: Vec<&str> = text
        .lines()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                &l[indent..]
            }
        })
        .collect();
    dedented
        .join("\n")
        .trim()
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// `None` when servicemap agrees with Mermaid on the case, else why not.
fn disagreement(case: &Value) -> Option<String> {
    let mut text = case["text"].as_str().unwrap_or_default().to_owned();
    if case["preprocess"].as_str() == Some("mermaid.run") {
        text = as_mermaid_run(&text);
    }
    let document = format!("```mermaid\n{text}\n```\n");
    let parsed = std::panic::catch_unwind(|| parse_document(document.as_bytes()));
    let Ok(doc) = parsed else {
        return Some("servicemap panicked".into());
    };
    if case["error"].is_string() {
        return doc
            .diagnostics
            .is_empty()
            .then(|| "Mermaid raises an error; servicemap gave no diagnostic".into());
    }
    let expected = vec![expected_tree(&case["expect"])];
    let actual: Vec<Tree> = doc.mindmaps.iter().flat_map(actual_trees).collect();
    if actual != expected {
        return Some(format!("expected {expected:#?}\ngot {actual:#?}"));
    }
    (!doc.diagnostics.is_empty()).then(|| format!("unexpected diagnostics {:?}", doc.diagnostics))
}

fn cases_path() -> PathBuf {
    std::env::var_os("MERMAID_CASES").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/conformance/mermaid-mindmap-cases.json")
        },
        PathBuf::from,
    )
}

#[test]
fn servicemap_reads_mermaids_mindmap_cases_as_mermaid_does() {
    let path = cases_path();
    let Ok(bytes) = std::fs::read(&path) else {
        assert!(
            std::env::var_os("MERMAID_CASES_REQUIRED").is_none(),
            "the Mermaid cases are required and missing at {}",
            path.display()
        );
        println!(
            "mermaid conformance: skipped, no cases at {}",
            path.display()
        );
        return;
    };
    let file: Value = serde_json::from_slice(&bytes).expect("the cases file is JSON");
    let cases = file["cases"].as_array().expect("a list of cases");
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let why = disagreement(case)?;
            Some(format!("{}: {why}", case["name"].as_str().unwrap_or("?")))
        })
        .collect();
    let passed = cases.len() - failures.len();
    println!(
        "mermaid conformance: {} cases ran, {passed} passed, {} failed",
        cases.len(),
        failures.len()
    );
    assert!(!cases.is_empty(), "the cases file holds cases");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

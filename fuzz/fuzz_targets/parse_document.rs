//! Any bytes through the parser and the graph builder: no panic, no hang,
//! and the invariants every loaded graph keeps.
//!
//! The input is split at the first two `\0\0` pairs into a document, a
//! `relations.txt` and an `aliases.txt`, so the vocabulary and alias files
//! are fuzzed too. Small graphs are also exported in every format.
//!
//! Run: `cargo +nightly fuzz run parse_document -- -max_total_time=60`
//! (or `bash scripts/fuzz.sh`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use servicemap::document::parse_document;
use servicemap::export::{Format, Selection};
use servicemap::snapshot::{ALIASES_FILE, RELATIONS_FILE, Source, from_sources};

fn split(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let find = |d: &[u8]| d.windows(2).position(|w| w == b"\0\0");
    let Some(first) = find(data) else {
        return (data, b"", b"");
    };
    let (document, rest) = (&data[..first], &data[first + 2..]);
    match find(rest) {
        Some(second) => (document, &rest[..second], &rest[second + 2..]),
        None => (document, rest, b""),
    }
}

fuzz_target!(|data: &[u8]| {
    // The whole input as one document.
    let lines = 1 + data.iter().filter(|b| **b == b'\n' || **b == b'\r').count();
    let parsed = parse_document(data);
    for d in &parsed.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "diagnostic line {} of {lines}",
            d.line
        );
    }
    for map in &parsed.mindmaps {
        for (i, node) in map.nodes.iter().enumerate() {
            assert!(!node.label.name.is_empty());
            assert!(node.parent.is_none_or(|p| p < i));
        }
    }

    // The input as a data folder: a document, a vocabulary, aliases.
    let (document, relations, aliases) = split(data);
    let mut sources = Vec::new();
    if !relations.is_empty() {
        sources.push(Source {
            path: RELATIONS_FILE.into(),
            bytes: relations.to_vec(),
        });
    }
    if !aliases.is_empty() {
        sources.push(Source {
            path: ALIASES_FILE.into(),
            bytes: aliases.to_vec(),
        });
    }
    sources.push(Source {
        path: "fuzz.md".into(),
        bytes: document.to_vec(),
    });
    let snapshot = from_sources(&sources, Vec::new());
    let graph = &snapshot.graph;
    let mut ids = std::collections::HashSet::new();
    for (node, data) in graph.nodes() {
        assert!(ids.insert(data.id.as_str()), "duplicate id {}", data.id);
        assert_eq!(graph.by_id(&data.id), Some(node));
    }
    if graph.node_count() > 0 && graph.node_count() < 100 {
        let selection = Selection::whole(graph);
        for format in Format::ALL {
            std::hint::black_box(selection.export(format));
        }
    }
});

//! Property tests: any bytes, and any mindmap-ish text, parse and build
//! without a panic and within bounds.

use proptest::prelude::*;
use servicemap::document::parse_document;

use super::support::load_one;

/// Checks what must hold for any input.
fn check_bounds(bytes: &[u8]) {
    let lines = 1 + bytes
        .iter()
        .filter(|b| **b == b'\n' || **b == b'\r')
        .count();
    let doc = parse_document(bytes);
    for d in &doc.diagnostics {
        assert!(d.line >= 1 && d.line <= lines, "line {} of {lines}", d.line);
        assert!(!d.message.is_empty());
    }
    let mut nodes = 0;
    for map in &doc.mindmaps {
        assert!(!map.nodes.is_empty());
        for (i, node) in map.nodes.iter().enumerate() {
            assert!(!node.label.name.is_empty());
            assert!(node.parent.is_none_or(|p| p < i), "parents come first");
            assert!(node.line >= 1 && node.line <= lines);
            assert!(!node.label.name.contains(|c: char| c.is_control()));
        }
        nodes += map.nodes.len();
    }
    assert!(nodes <= lines);
    let snapshot = load_one("prop.md", bytes.to_vec());
    let g = &snapshot.graph;
    assert!(g.node_count() <= nodes);
    assert!(g.relation_edge_count() + g.membership_count() <= nodes);
    let mut ids = std::collections::HashSet::new();
    for (_, node) in g.nodes() {
        assert!(!node.id.is_empty());
        assert!(ids.insert(node.id.clone()), "ids are distinct: {}", node.id);
    }
    let message_bytes: usize = snapshot.diagnostics.iter().map(|d| d.message.len()).sum();
    assert!(
        message_bytes <= 400 * (lines + 1),
        "diagnostics stay proportionate"
    );
}

/// One line of mindmap-ish text: indentation, then a node, marker, shape,
/// quote, fence, heading, comment or decoration.
fn line() -> impl Strategy<Value = String> {
    let indent = prop_oneof![
        (0usize..12).prop_map(|n| " ".repeat(n)),
        (0usize..6).prop_map(|n| "\t".repeat(n)),
        "[ \t]{0,6}",
    ];
    let word = prop_oneof![
        "[A-Za-z][a-z]{0,7}",
        Just("Virtual Machines".to_owned()),
        Just("virtual  machines".to_owned()),
        Just("C#".to_owned()),
        Just("C++".to_owned()),
        Just("!!!".to_owned()),
        "[\\PC]{0,6}",
        "[\\x00-\\x1f\\x7f]{1,3}",
    ];
    let content = prop_oneof![
        word.clone(),
        word.clone().prop_map(|w| format!("id(({w}))")),
        word.clone().prop_map(|w| format!("[{w}]")),
        word.clone().prop_map(|w| format!("x{{{{{w}}}}}")),
        word.clone().prop_map(|w| format!(")){w}((")),
        word.clone().prop_map(|w| format!("(\"{w}\")")),
        word.clone().prop_map(|w| format!("[\"`{w}`\"]")),
        word.clone().prop_map(|w| format!("\"{w}")),
        word.clone().prop_map(|w| format!("{w} (ABC)")),
        word.clone().prop_map(|w| format!(":: {w}")),
        Just("::".to_owned()),
        Just(":: uses".to_owned()),
        Just(":: used by".to_owned()),
        Just("::icon(fa fa-x)".to_owned()),
        Just(":::urgent".to_owned()),
        Just("%% comment".to_owned()),
        Just("mindmap".to_owned()),
        Just("root((Root))".to_owned()),
        Just("```mermaid".to_owned()),
        Just("```".to_owned()),
        Just("````".to_owned()),
        Just("~~~mermaid".to_owned()),
        Just("~~~".to_owned()),
        Just("---".to_owned()),
        Just("title: T".to_owned()),
        Just("## Heading".to_owned()),
        Just(String::new()),
    ];
    (indent, content).prop_map(|(i, c)| format!("{i}{c}"))
}

fn mindmapish() -> impl Strategy<Value = Vec<u8>> {
    let ending = prop_oneof![Just("\n"), Just("\r\n"), Just("\r")];
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((line(), ending), 0..60),
    )
        .prop_map(|(bom, open, lines)| {
            let mut text = String::new();
            if bom {
                text.push('\u{FEFF}');
            }
            if open {
                text.push_str("```mermaid\nmindmap\n");
            }
            for (line, ending) in lines {
                text.push_str(&line);
                text.push_str(ending);
            }
            text.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_bytes_parse_within_bounds(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        check_bounds(&bytes);
    }

    #[test]
    fn any_mindmapish_text_parses_within_bounds(bytes in mindmapish()) {
        check_bounds(&bytes);
    }

    #[test]
    fn mindmapish_text_with_invalid_bytes_parses(
        mut bytes in mindmapish(),
        noise in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
    ) {
        for (at, byte) in noise {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        check_bounds(&bytes);
    }
}

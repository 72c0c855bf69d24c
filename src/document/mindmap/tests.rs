//! Unit tests of the mindmap parser, one per syntax rule.

use super::*;
use crate::text::lines::numbered_lines;

fn parse(text: &str) -> (Option<Mindmap>, Vec<LineDiagnostic>) {
    let lines: Vec<_> = numbered_lines(text).collect();
    let block = MermaidBlock {
        fence_line: 0,
        heading: None,
        lines,
    };
    let mut diags = Vec::new();
    (parse_block(&block, &mut diags), diags)
}

/// `(name, parent name, relation)` for every node.
fn tree(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let map = parse(text).0.expect("a mindmap");
    map.nodes
        .iter()
        .map(|n| {
            (
                n.label.name.clone(),
                n.parent.map(|p| map.nodes[p].label.name.clone()),
                n.relation.as_ref().map(|r| r.label.to_string()),
            )
        })
        .collect()
}

fn t(
    name: &str,
    parent: Option<&str>,
    rel: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (name.into(), parent.map(Into::into), rel.map(Into::into))
}

#[test]
fn markers_relate_the_following_siblings_to_the_parent() {
    let text = "mindmap\n  root((Compute))\n    VM\n      :: scales with\n      VMSS\n      :: uses\n      Host\n      Disk\n";
    assert_eq!(
        tree(text),
        [
            t("Compute", None, None),
            t("VM", Some("Compute"), None),
            t("VMSS", Some("VM"), Some("scales with")),
            t("Host", Some("VM"), Some("uses")),
            t("Disk", Some("VM"), Some("uses")),
        ]
    );
}

#[test]
fn a_child_without_a_marker_is_included() {
    let text = "mindmap\n  C\n    S\n      Part\n      :: uses\n      Tool\n";
    assert_eq!(tree(text)[2], t("Part", Some("S"), Some("includes")));
    assert_eq!(tree(text)[3], t("Tool", Some("S"), Some("uses")));
}

#[test]
fn children_of_a_target_are_read_with_the_target_as_parent() {
    let text = "mindmap\n C\n  S\n   :: uses\n   T\n    :: hosts\n    U\n   V\n";
    let nodes = tree(text);
    assert_eq!(nodes[3], t("U", Some("T"), Some("hosts")));
    assert_eq!(
        nodes[4],
        t("V", Some("S"), Some("uses")),
        "the marker of S still holds"
    );
}

#[test]
fn parent_is_the_nearest_earlier_node_with_a_smaller_level() {
    let text = "mindmap\n  R\n      deep\n    shallower\n";
    assert_eq!(tree(text)[2], t("shallower", Some("R"), None));
}

#[test]
fn decorations_and_comments_are_not_nodes() {
    let text = "mindmap\n %% a comment\n R\n  ::icon(fa fa-book)\n  S\n  :::urgent large\n";
    assert_eq!(tree(text).len(), 2);
}

#[test]
fn the_header_may_follow_comments_and_blank_lines() {
    let (map, diags) = parse("\n%% first\n\nmindmap\n  R\n");
    assert_eq!(map.unwrap().nodes.len(), 1);
    assert!(diags.is_empty());
}

#[test]
fn other_diagrams_and_empty_blocks_are_skipped_with_a_diagnostic() {
    let (map, diags) = parse("flowchart TD\n A --> B\n");
    assert!(map.is_none());
    assert!(diags[0].message.contains("flowchart"));
    let (map, diags) = parse("\n\n");
    assert!(map.is_none());
    assert!(diags[0].message.contains("empty"));
}

#[test]
fn mixed_tabs_and_spaces_get_a_diagnostic() {
    let (_, diags) = parse("mindmap\n R\n \tS\n");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].line, 3);
    let (_, diags) = parse("mindmap\n R\n\t\tS\n");
    assert_eq!(
        diags[0].line, 3,
        "switching style within a block is reported"
    );
}

#[test]
fn a_second_root_starts_another_category() {
    let (map, diags) = parse("mindmap\n  A\n    x\n  B\n    y\n");
    let map = map.unwrap();
    assert_eq!(map.nodes[2].parent, None);
    assert_eq!(map.nodes[3].parent, Some(2));
    assert!(diags[0].message.contains("second root"));
}

#[test]
fn markers_under_the_root_and_empty_markers_are_reported() {
    let (map, diags) = parse("mindmap\n R\n  :: uses\n  S\n   ::\n   T\n");
    let map = map.unwrap();
    assert_eq!(map.nodes[1].relation, None);
    assert_eq!(&*map.nodes[2].relation.as_ref().unwrap().label, "includes");
    assert_eq!(diags.len(), 2);
}

#[test]
fn deep_nesting_does_not_recurse() {
    let mut text = String::from("mindmap\nR\n");
    for depth in 1..10_000 {
        text.push_str(&" ".repeat(depth));
        text.push_str(&format!("n{depth}\n"));
    }
    let map = parse(&text).0.unwrap();
    assert_eq!(map.nodes.len(), 10_000);
    assert_eq!(map.nodes[9_999].parent, Some(9_998));
}

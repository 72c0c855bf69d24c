//! The Mermaid mindmap syntax, one behaviour per test, read through
//! [`parse_document`] as a data folder's document is read: shapes, ids,
//! icons, classes, Markdown strings, comments, indentation and node text
//! over several lines. Each says what Mermaid makes of the same text.

use super::parse_document;

/// `(name, parent name)` of every node, and the diagnostics' messages.
fn read(diagram: &str) -> (Vec<(String, Option<String>)>, Vec<String>) {
    let doc = parse_document(format!("```mermaid\n{diagram}\n```\n").as_bytes());
    let nodes = doc
        .mindmaps
        .iter()
        .flat_map(|map| {
            map.nodes.iter().map(|n| {
                let parent = n.parent.map(|p| map.nodes[p].label.name.clone());
                (n.label.name.clone(), parent)
            })
        })
        .collect();
    let messages = doc.diagnostics.into_iter().map(|d| d.message).collect();
    (nodes, messages)
}

fn names(diagram: &str) -> Vec<String> {
    read(diagram).0.into_iter().map(|(name, _)| name).collect()
}

fn n(name: &str, parent: Option<&str>) -> (String, Option<String>) {
    (name.into(), parent.map(Into::into))
}

#[test]
fn every_shape_with_an_id_names_its_text() {
    let diagram = "mindmap\n r((Root))\n  a[Square]\n  b(Rounded)\n  c))Bang((\n  d)Cloud(\n  e{{Hexagon}}\n  Default shape\n";
    assert_eq!(
        names(diagram),
        [
            "Root",
            "Square",
            "Rounded",
            "Bang",
            "Cloud",
            "Hexagon",
            "Default shape"
        ]
    );
}

#[test]
fn a_shape_without_an_id_names_its_text() {
    assert_eq!(names("mindmap\n (root)\n  ((child))\n"), ["root", "child"]);
}

#[test]
fn icons_and_classes_decorate_and_are_not_nodes() {
    let diagram = "mindmap\n Root\n  A[A]\n  :::urgent large\n  ::icon(fa fa-book)\n  B\n";
    let (nodes, diagnostics) = read(diagram);
    assert_eq!(
        nodes,
        [n("Root", None), n("A", Some("Root")), n("B", Some("Root"))]
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn markdown_strings_and_quoted_text_keep_delimiters_inside() {
    let diagram = "mindmap\n r[\"String containing []\"]\n  c[\"`The **dog** (big)`\"]\n";
    assert_eq!(
        names(diagram),
        ["String containing []", "The **dog** (big)"]
    );
}

#[test]
fn a_comment_after_a_shape_is_dropped_but_plain_text_keeps_percent_signs() {
    let diagram = "mindmap\n R\n  a(a) %% This is a comment\n  b %% c\n  %% a comment line\n";
    let (nodes, diagnostics) = read(diagram);
    assert_eq!(
        nodes,
        [n("R", None), n("a", Some("R")), n("b %% c", Some("R"))]
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_shape_over_several_lines_is_one_node() {
    let diagram = "mindmap\n    root((\n      The root\n    ))\n      child\n";
    let (nodes, diagnostics) = read(diagram);
    assert_eq!(nodes, [n("The root", None), n("child", Some("The root"))]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn a_markdown_string_over_several_lines_is_one_node() {
    let diagram = "mindmap\n    id1[\"`**Root** with\na second line\nUnicode works too: 🤓`\"]\n      id2[\"`Child`\"]\n";
    let (nodes, diagnostics) = read(diagram);
    let root = "**Root** with a second line Unicode works too: 🤓";
    assert_eq!(nodes, [n(root, None), n("Child", Some(root))]);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
}

#[test]
fn an_unclosed_shape_is_read_as_its_line_alone() {
    let diagram = "mindmap\n R\n  a[b\n  c\n";
    assert_eq!(names(diagram), ["R", "a[b", "c"]);
}

#[test]
fn indentation_is_relative_and_an_unclear_step_finds_the_nearest_parent() {
    let diagram = "mindmap\nRoot\n    A\n        B\n      C\n";
    let (nodes, _) = read(diagram);
    assert_eq!(nodes[3], n("C", Some("A")));
}

#[test]
fn blank_and_space_only_rows_are_skipped() {
    assert_eq!(names("mindmap\nroot\n A\n \n\n B\n"), ["root", "A", "B"]);
}

#[test]
fn a_second_root_is_a_diagnostic_as_it_is_an_error_in_mermaid() {
    let (_, diagnostics) = read("mindmap\n    root\n    fakeRoot\n");
    assert!(diagnostics[0].contains("second root"), "{diagnostics:?}");
}

#[test]
fn a_mindmap_with_no_nodes_is_a_diagnostic() {
    let (nodes, diagnostics) = read("mindmap\n");
    assert!(nodes.is_empty());
    assert!(diagnostics[0].contains("no nodes"), "{diagnostics:?}");
}

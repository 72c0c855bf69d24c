//! The diff of small snapshots made here, one kind of change per test.

use super::*;
use crate::snapshot::{ALIASES_FILE, RELATIONS_FILE, Source, from_sources};

fn snap(sources: &[(&str, &str)]) -> Snapshot {
    let sources: Vec<Source> = sources.iter().map(|(p, t)| Source::new(*p, *t)).collect();
    from_sources(&sources, vec![])
}

fn map(body: &str) -> String {
    format!("```mermaid\nmindmap\n{body}```\n")
}

const BASE: &str = "  Compute\n    VM\n      :: uses\n      Disk\n  Storage\n    Blob\n";

#[test]
fn the_same_content_has_an_empty_diff() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[("m.md", &map(BASE))]);
    assert!(diff(&a, &b).is_empty());
}

#[test]
fn nodes_and_relations_added_and_removed_carry_their_provenance() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[(
        "m.md",
        &map("  Compute\n    VM\n      :: uses\n      Cache\n  Storage\n    Blob\n"),
    )]);
    let d = diff(&a, &b);
    assert_eq!(d.nodes_added.len(), 1);
    assert_eq!(d.nodes_added[0].name, "Cache");
    let at = d.nodes_added[0].at.clone().unwrap();
    assert_eq!((at.document.as_str(), at.line), ("m.md", Some(6)));
    assert_eq!(d.nodes_removed[0].name, "Disk");
    assert_eq!(d.edges_added[0].target, "Cache");
    assert_eq!(d.edges_removed[0].target, "Disk");
    assert_eq!(d.edges_removed[0].at.line, Some(6));
}

#[test]
fn the_same_id_under_a_new_name_is_a_rename_not_a_removal() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[("m.md", &map(&BASE.replace("Disk", "disk")))]);
    let d = diff(&a, &b);
    assert_eq!(d.renamed.len(), 1, "{d:?}");
    assert_eq!(d.renamed[0].by, RenameBy::SameId);
    assert!(
        d.nodes_added.is_empty() && d.edges_added.is_empty(),
        "{d:?}"
    );
}

#[test]
fn the_same_name_under_a_new_id_is_a_rename() {
    let a = snap(&[("m.md", &map("  C\n    A.B\n"))]);
    let b = snap(&[("m.md", &map("  C\n    A B\n    A.B\n"))]);
    let d = diff(&a, &b);
    assert_eq!(d.renamed.len(), 1, "{d:?}");
    assert_eq!(d.renamed[0].by, RenameBy::SameName);
    assert_eq!(
        (
            d.renamed[0].before.id.as_str(),
            d.renamed[0].after.id.as_str()
        ),
        ("a-b", "a-b-2")
    );
    assert_eq!(d.nodes_added[0].name, "A B");
}

#[test]
fn a_service_moved_to_another_category_is_a_move() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[(
        "m.md",
        &map("  Compute\n    VM\n      :: uses\n      Disk\n  Storage\n  Data\n    Blob\n"),
    )]);
    let d = diff(&a, &b);
    assert_eq!(d.moved.len(), 1, "{d:?}");
    assert_eq!(
        (d.moved[0].from.clone(), d.moved[0].to.clone()),
        (vec!["Storage".to_owned()], vec!["Data".to_owned()])
    );
}

#[test]
fn aliases_and_vocabulary_changes_are_listed() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[
        (RELATIONS_FILE, "feeds | fed by\n"),
        (ALIASES_FILE, "vm1 = VM\n"),
        ("m.md", &map(BASE)),
    ]);
    let d = diff(&a, &b);
    assert_eq!(
        d.aliases_added,
        [AliasChange {
            node: "VM".into(),
            alias: "vm1".into()
        }]
    );
    assert!(
        d.vocabulary_added.contains(&"feeds".to_owned()),
        "{:?}",
        d.vocabulary_added
    );
    assert!(
        d.vocabulary_added
            .contains(&"fed by (inverse of feeds)".to_owned())
    );
    let back = diff(&b, &a);
    assert_eq!(back.aliases_removed.len(), 1);
    assert_eq!(back.vocabulary_removed.len(), 2);
}

#[test]
fn diagnostics_are_new_or_resolved_by_message_not_line() {
    let broken = format!("text\n{}```mermaid\n```\n", map(BASE));
    let moved_down = format!("more\ntext\n{}```mermaid\n```\n", map(BASE));
    let a = snap(&[("m.md", &broken)]);
    let b = snap(&[("m.md", &moved_down)]);
    let d = diff(&a, &b);
    assert!(
        d.diagnostics_new.is_empty() && d.diagnostics_resolved.is_empty(),
        "{d:?}"
    );
    let fixed = snap(&[("m.md", &map(BASE))]);
    let d = diff(&a, &fixed);
    assert_eq!(d.diagnostics_resolved.len(), 1);
    assert!(d.diagnostics_resolved[0].message.contains("empty"));
}

#[test]
fn text_and_markdown_group_the_changes() {
    let a = snap(&[("m.md", &map(BASE))]);
    let b = snap(&[("m.md", &map(&BASE.replace("Disk", "Cache")))]);
    let d = diff(&a, &b);
    let text = render::text(&d, false);
    assert!(text.contains("Nodes\n  + concept Cache (m.md:6)"), "{text}");
    assert!(text.contains("  - concept Disk (m.md:6)"), "{text}");
    assert!(!text.contains('\x1b'));
    assert!(render::text(&d, true).contains("\x1b[32m+"));
    let md = render::markdown(&d);
    assert!(
        md.contains("**Relations**\n\n```diff\n+ VM -[uses]-> Cache (m.md:6)"),
        "{md}"
    );
}

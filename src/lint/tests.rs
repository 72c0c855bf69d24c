//! One test per rule, on small documents made here, and the lint file and
//! suppressions around them.

use super::*;
use crate::snapshot::{Source, from_sources};

fn findings(document: &str, extra: &[Source]) -> Vec<Finding> {
    let mut sources = vec![Source::new("m.md", document)];
    sources.extend(extra.iter().cloned());
    check(&from_sources(&sources, vec![]))
}

fn ids(found: &[Finding]) -> Vec<(&'static str, Option<usize>)> {
    found.iter().map(|f| (f.rule.id, f.line)).collect()
}

const RELATED: &str =
    "```mermaid\nmindmap\n  C\n    A\n      :: uses\n      B\n    B\n      :: uses\n      A\n```\n";

#[test]
fn a_related_map_has_no_findings() {
    assert_eq!(ids(&findings(RELATED, &[])), []);
}

#[test]
fn every_rule_has_a_unique_id_and_a_rationale() {
    for (i, rule) in RULES.iter().enumerate() {
        assert!(!rule.rationale.is_empty(), "{}", rule.id);
        assert!(
            RULES[i + 1..].iter().all(|r| r.id != rule.id),
            "{}",
            rule.id
        );
    }
}

#[test]
fn a_service_with_no_relations_is_isolated() {
    let found = findings("```mermaid\nmindmap\n  C\n    Lonely\n```\n", &[]);
    assert_eq!(ids(&found), [("isolated-service", Some(4))]);
    assert_eq!(found[0].severity, Severity::Warning);
}

#[test]
fn a_concept_reached_by_nothing_is_reported() {
    // `used by` is stored the other way: the concept only points outwards.
    let doc = "```mermaid\nmindmap\n  C\n    S\n      :: used by\n      Tool\n```\n";
    let found = findings(doc, &[]);
    assert!(
        ids(&found).contains(&("unreached-concept", Some(6))),
        "{found:?}"
    );
}

#[test]
fn plurals_and_typos_of_another_name_are_near_duplicates() {
    let doc = "```mermaid\nmindmap\n  C\n    Virtual Machine\n      :: uses\n      Virtual Machines\n      Storage Acount\n      Storage Account\n      Gen1 Store\n      Gen2 Store\n```\n";
    let found: Vec<_> = findings(doc, &[])
        .into_iter()
        .filter(|f| f.rule.id == "near-duplicate")
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].message.contains("plural"));
    assert!(found[1].message.contains("typo"));
}

#[test]
fn a_relation_close_to_the_vocabulary_is_a_likely_typo() {
    let doc = RELATED.replacen(":: uses", ":: integrats with", 1);
    let found = findings(&doc, &[]);
    assert_eq!(ids(&found), [("unknown-relation", Some(6))]);
    assert!(found[0].message.contains("`integrates with`"));
}

#[test]
fn aliases_to_no_node_or_to_two_are_errors() {
    let aliases = Source::new(
        crate::snapshot::ALIASES_FILE,
        "x = Nothing\nab = A\nab = B\n",
    );
    let found = findings(RELATED, &[aliases]);
    let rules: Vec<_> = found.iter().map(|f| (f.rule.id, f.severity)).collect();
    assert_eq!(
        rules.iter().filter(|r| r.0 == "bad-alias").count(),
        2,
        "{found:?}"
    );
    assert_eq!(worst(&found), Some(Severity::Error));
}

#[test]
fn load_diagnostics_are_findings_of_their_rules() {
    let doc = "### Storage\n```mermaid\nmindmap\n  Compute\n    A\n      :: scales with\n      A\n```\n```mermaid\n```\n";
    let found = ids(&findings(doc, &[]));
    assert!(found.contains(&("heading-mismatch", Some(2))), "{found:?}");
    assert!(found.contains(&("self-relation", Some(7))), "{found:?}");
    assert!(found.contains(&("empty-block", Some(9))), "{found:?}");
}

#[test]
fn the_lint_file_turns_rules_off_and_changes_their_severity() {
    let doc = "```mermaid\nmindmap\n  C\n    Lonely\n    Other\n```\n";
    let file = Source::new(
        LINT_FILE,
        "# ours\nisolated-service = error\nnear-duplicate = off\nno-such-rule = off\nself-relation = loud\n",
    );
    let found = findings(doc, &[file]);
    assert!(found.iter().all(|f| f.rule.id != "near-duplicate"));
    let lonely = found
        .iter()
        .find(|f| f.document == "m.md" && f.line == Some(4))
        .unwrap();
    assert_eq!(lonely.severity, Severity::Error);
    let problems: Vec<_> = found.iter().filter(|f| f.document == LINT_FILE).collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn lint_ignore_comments_silence_one_line_or_a_document() {
    let doc = "```mermaid\nmindmap\n  C\n    %% lint-ignore: isolated-service\n    Lonely\n    Alone\n```\n";
    assert_eq!(ids(&findings(doc, &[])), [("isolated-service", Some(6))]);
    let whole = format!("%% lint-ignore-file: isolated-service\n{doc}");
    assert_eq!(ids(&findings(&whole, &[])), []);
}

#[test]
fn findings_read_as_document_line_severity_rule_message() {
    let found = findings("```mermaid\nmindmap\n  C\n    Lonely\n```\n", &[]);
    assert_eq!(
        found[0].to_string(),
        "m.md:4: warning[isolated-service]: service `Lonely` has no relations"
    );
}

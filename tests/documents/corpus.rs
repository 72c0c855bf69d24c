//! The hostile corpus: every `tests/hostile/<case>.md` is loaded and its
//! diagnostics and counts compared with `tests/hostile/<case>.expected`.
//!
//! An expected file has `#` comments, the counts (`nodes: N`,
//! `relation_edges: N`, `memberships: N`, `mindmaps: N`), and one line per
//! diagnostic: `LINE: text the message contains` (`-` for a diagnostic
//! about the whole document). Every diagnostic must be listed, on its line,
//! and every listed one must occur. `HOSTILE_PRINT=1 cargo test --test
//! documents corpus` prints what each case gives, to start a new case's
//! expected file from (check it by hand).

use std::path::{Path, PathBuf};

use super::support::{Counts, counts, load_one, show};

struct Expected {
    counts: Counts,
    diagnostics: Vec<(Option<usize>, String)>,
}

fn read_expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (every case needs its .expected)", path.display()));
    let mut counts = Counts {
        nodes: usize::MAX,
        relation_edges: usize::MAX,
        memberships: usize::MAX,
        mindmaps: usize::MAX,
    };
    let mut diagnostics = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once(':')
            .unwrap_or_else(|| panic!("{}:{}: expected `key: value`", path.display(), number + 1));
        let value = value.trim();
        let number_value = || -> usize {
            value
                .parse()
                .unwrap_or_else(|_| panic!("{}:{}: not a count", path.display(), number + 1))
        };
        match key.trim() {
            "nodes" => counts.nodes = number_value(),
            "relation_edges" => counts.relation_edges = number_value(),
            "memberships" => counts.memberships = number_value(),
            "mindmaps" => counts.mindmaps = number_value(),
            "-" => diagnostics.push((None, value.to_owned())),
            other => {
                let at: usize = other.parse().unwrap_or_else(|_| {
                    panic!("{}:{}: unknown key `{other}`", path.display(), number + 1)
                });
                diagnostics.push((Some(at), value.to_owned()));
            }
        }
    }
    assert!(
        counts.nodes != usize::MAX
            && counts.relation_edges != usize::MAX
            && counts.memberships != usize::MAX
            && counts.mindmaps != usize::MAX,
        "{}: all four counts are required",
        path.display()
    );
    Expected {
        counts,
        diagnostics,
    }
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir("tests/hostile")
        .expect("the corpus folder")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    cases.sort();
    cases
}

/// Compares one case; returns what differs.
fn check(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let snapshot = load_one(&name, std::fs::read(case).unwrap());
    let actual = counts(&snapshot);
    if std::env::var_os("HOSTILE_PRINT").is_some() {
        println!("== {name}\n{actual:?}");
        snapshot
            .diagnostics
            .iter()
            .for_each(|d| println!("{}", show(d)));
    }
    let expected_path = case.with_extension("expected");
    if std::env::var_os("HOSTILE_PRINT").is_some() && !expected_path.exists() {
        return vec!["no expected file yet".to_owned()];
    }
    let expected = read_expected(&expected_path);
    let mut problems = Vec::new();
    if actual != expected.counts {
        problems.push(format!(
            "counts: expected {:?}, got {actual:?}",
            expected.counts
        ));
    }
    for d in &snapshot.diagnostics {
        if d.document != name {
            problems.push(format!("diagnostic names another document: {d}"));
        }
        if d.message.trim().is_empty() {
            problems.push(format!("empty diagnostic message: {d}"));
        }
    }
    let mut unmatched: Vec<_> = snapshot.diagnostics.iter().collect();
    for (line, text) in &expected.diagnostics {
        match unmatched
            .iter()
            .position(|d| d.line == *line && d.message.contains(text.as_str()))
        {
            Some(i) => {
                unmatched.remove(i);
            }
            None => problems.push(format!(
                "missing diagnostic {}: {text}",
                line.map_or("-".to_owned(), |l| l.to_string())
            )),
        }
    }
    for d in unmatched {
        problems.push(format!("unexpected diagnostic {}", show(d)));
    }
    problems
}

#[test]
fn every_hostile_document_loads_with_its_expected_diagnostics() {
    let cases = cases();
    assert!(cases.len() >= 20, "the corpus is there: {cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let problems = check(case);
        if !problems.is_empty() {
            failures.push(format!("{}:\n  {}", case.display(), problems.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_expected_file_has_its_document() {
    for entry in std::fs::read_dir("tests/hostile").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "expected") {
            assert!(
                path.with_extension("md").is_file(),
                "{} has no document",
                path.display()
            );
        }
    }
}

//! The checks `servicemap check` runs over a snapshot, for a repository's
//! CI: rules with ids, a default severity and a one-line rationale; the
//! load's diagnostics, each under the rule it belongs to; findings the
//! graph shows (see [`rules`]); the data folder's [`LINT_FILE`] to turn
//! rules off or change their severity; and `%% lint-ignore` comments in
//! the documents to silence one line or a document.
//!
//! - [`rules`]: the findings read from the graph;
//! - [`config`]: the lint file;
//! - [`sarif`]: findings as a SARIF 2.1.0 log.

pub mod config;
mod rules;
pub mod sarif;

use crate::diagnostic::Diagnostic;
use crate::snapshot::{LINT_FILE, Snapshot};
pub use config::Config;

/// How much a finding matters. `check` exits 1 when an error is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rule: its id, how much its findings matter unless configured, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub rationale: &'static str,
}

const fn rule(id: &'static str, severity: Severity, rationale: &'static str) -> Rule {
    Rule {
        id,
        severity,
        rationale,
    }
}

/// Every rule, in the order findings are listed.
pub const RULES: &[Rule] = &[
    rule(
        "syntax",
        Severity::Warning,
        "a line that could not be read as written is skipped or read differently than meant",
    ),
    rule(
        "empty-block",
        Severity::Warning,
        "an empty mermaid block or a mindmap with no nodes adds nothing and is likely unfinished",
    ),
    rule(
        "heading-mismatch",
        Severity::Warning,
        "a heading that names another category than its mindmap's root misleads the reader; the root wins",
    ),
    rule(
        "self-relation",
        Severity::Warning,
        "a node related to itself is almost always a copy-and-paste slip",
    ),
    rule(
        "bad-alias",
        Severity::Error,
        "an alias that names no node, or two, resolves to nothing or to the wrong one",
    ),
    rule(
        "isolated-service",
        Severity::Warning,
        "a service with no relations says nothing about how it is used",
    ),
    rule(
        "unreached-concept",
        Severity::Warning,
        "a concept no relation reaches is an orphan, likely left behind by an edit",
    ),
    rule(
        "near-duplicate",
        Severity::Warning,
        "names that differ only by a plural or a typo are likely one thing written twice",
    ),
    rule(
        "unknown-relation",
        Severity::Warning,
        "a relation wording not in the vocabulary but close to one that is is likely a typo of it",
    ),
];

/// The rule with this id.
pub fn rule_by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// One thing a rule found, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    /// The rule's severity after the lint file.
    pub severity: Severity,
    /// Document path relative to its data root.
    pub document: String,
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = match self.line {
            Some(line) => format!("{}:{line}", self.document),
            None => self.document.clone(),
        };
        write!(
            f,
            "{at}: {}[{}]: {}",
            self.severity.as_str(),
            self.rule.id,
            self.message
        )
    }
}

/// Every finding in `snapshot`, ordered by document and line: its
/// diagnostics and what the graph shows, less what the lint file turns off
/// and what `%% lint-ignore` comments silence. Problems in the lint file
/// itself are `syntax` findings.
pub fn check(snapshot: &Snapshot) -> Vec<Finding> {
    let (config, problems) = Config::parse(snapshot.lint_file.as_deref().unwrap_or_default());
    let mut raw: Vec<(&'static Rule, Diagnostic)> = snapshot
        .diagnostics
        .iter()
        .map(|d| (classify(&d.message), d.clone()))
        .collect();
    raw.extend(
        problems
            .into_iter()
            .map(|p| (&RULES[0], Diagnostic::at(LINT_FILE, p.line, p.message))),
    );
    raw.extend(rules::graph_findings(snapshot));
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .filter(|(rule, d)| !suppressed(snapshot, rule.id, d))
        .filter_map(|(rule, d)| {
            Some(Finding {
                rule,
                severity: config.severity(rule)?,
                document: d.document,
                line: d.line,
                message: d.message,
            })
        })
        .collect();
    findings.sort_by(|a, b| (&a.document, a.line).cmp(&(&b.document, b.line)));
    findings
}

/// The most severe finding's severity, if any.
pub fn worst(findings: &[Finding]) -> Option<Severity> {
    findings.iter().map(|f| f.severity).max()
}

fn suppressed(snapshot: &Snapshot, rule: &str, d: &Diagnostic) -> bool {
    snapshot
        .suppressions
        .iter()
        .any(|(document, s)| *document == d.document && s.covers(rule, d.line))
}

/// The rule a load diagnostic belongs to, by what it says.
fn classify(message: &str) -> &'static Rule {
    let id = if message.contains("does not match the mindmap's root") {
        "heading-mismatch"
    } else if message.contains("empty mermaid block") || message.contains("mindmap with no nodes") {
        "empty-block"
    } else if message.ends_with(" itself") || message.contains("lists itself") {
        "self-relation"
    } else if message.starts_with("alias target") {
        "bad-alias"
    } else {
        "syntax"
    };
    rule_by_id(id).expect("every classified id is a rule")
}

#[cfg(test)]
mod tests;

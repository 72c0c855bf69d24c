//! `servicemap check`: the checks of [`crate::lint`] over the data paths,
//! as text for people, JSON for scripts or SARIF for code scanning.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_or_exit, summary};
use crate::http::views::FindingView;
use crate::lint::{self, Finding, RULES, Severity};

/// How `check` writes its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
}

/// Loads `paths`, runs the checks and writes the findings; exits 1 when one
/// is an error.
pub fn check(paths: &[PathBuf], format: CheckFormat) -> ExitCode {
    let snapshot = match load_or_exit(paths) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let findings = lint::check(&snapshot);
    let out = match format {
        CheckFormat::Text => {
            let mut text = summary(&snapshot);
            text.push('\n');
            for finding in &findings {
                text.push_str(&finding.to_string());
                text.push('\n');
            }
            text.push_str(&counts(&findings));
            text
        }
        CheckFormat::Json => {
            let views: Vec<FindingView> = findings.iter().map(FindingView::from).collect();
            let rules: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({"id": r.id, "severity": r.severity.as_str(), "rationale": r.rationale})
                })
                .collect();
            serde_json::json!({"findings": views, "rules": rules, "version": snapshot.version})
                .to_string()
        }
        CheckFormat::Sarif => {
            let base = uri_base(paths);
            let log = lint::sarif::log(&findings, base.as_deref());
            serde_json::to_string_pretty(&log).expect("a SARIF log serialises")
        }
    };
    // A closed pipe (`check | head`) ends the output quietly.
    let _ = writeln!(std::io::stdout().lock(), "{out}");
    if lint::worst(&findings) == Some(Severity::Error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `N errors, N warnings, N notes`.
fn counts(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    format!(
        "{} errors, {} warnings, {} notes",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    )
}

/// The folder documents are relative to, as given on the command line, so
/// that SARIF locations name the repository's files: the data folder, or a
/// data file's folder. Only for one relative path; otherwise none.
fn uri_base(paths: &[PathBuf]) -> Option<String> {
    let [path] = paths else { return None };
    if path.is_absolute() {
        return None;
    }
    let folder: &Path = if path.is_dir() { path } else { path.parent()? };
    let text = folder.to_string_lossy().replace('\\', "/");
    Some(text.trim_start_matches("./").to_owned())
}

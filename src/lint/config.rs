//! The lint file ([`LINT_FILE`](crate::snapshot::LINT_FILE)): one
//! `rule = off|note|warning|error` per line, `#` comments. A rule it does
//! not name keeps its default severity.

use std::collections::HashMap;

use super::{Rule, Severity, rule_by_id};
use crate::diagnostic::clip;
use crate::document::{LineDiagnostic, line_file};

/// The severities the lint file sets; `None` turns a rule off.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Config {
    overrides: HashMap<&'static str, Option<Severity>>,
}

impl Config {
    /// Reads a lint file; lines it cannot use are problems, with their line.
    pub fn parse(text: &str) -> (Self, Vec<LineDiagnostic>) {
        let (entries, mut problems) =
            line_file::entries(text, '=', "rule = off|note|warning|error");
        let mut config = Config::default();
        for entry in entries {
            let Some(rule) = rule_by_id(&entry.left.to_lowercase()) else {
                problems.push(LineDiagnostic::new(
                    entry.line,
                    format!(
                        "unknown rule `{}` in the lint file; line ignored",
                        clip(entry.left)
                    ),
                ));
                continue;
            };
            let severity = match entry.right.to_lowercase().as_str() {
                "off" => None,
                "note" => Some(Severity::Note),
                "warning" => Some(Severity::Warning),
                "error" => Some(Severity::Error),
                other => {
                    problems.push(LineDiagnostic::new(
                        entry.line,
                        format!(
                            "severity `{}` is none of off, note, warning, error; line ignored",
                            clip(other)
                        ),
                    ));
                    continue;
                }
            };
            config.overrides.insert(rule.id, severity);
        }
        (config, problems)
    }

    /// The severity of `rule`'s findings; `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.overrides
            .get(rule.id)
            .copied()
            .unwrap_or(Some(rule.severity))
    }
}

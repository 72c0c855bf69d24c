//! Inline suppressions: `%% lint-ignore: rule, rule` comments that keep the
//! checks of `servicemap check` quiet about one line, and
//! `%% lint-ignore-file: rule` for a whole document. The rules are named,
//! never implied: `all` must be written out to silence every rule.

/// Where one suppression comment applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The next line that is neither blank nor a `%%` comment.
    Line(usize),
    /// The whole document.
    Document,
}

/// One `%% lint-ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub scope: Scope,
    /// Rule ids as written, lower-cased; `all` for every rule.
    pub rules: Vec<String>,
}

impl Suppression {
    /// Whether it silences `rule` on `line` (`None`: about the whole document).
    pub fn covers(&self, rule: &str, line: Option<usize>) -> bool {
        let here = match self.scope {
            Scope::Document => true,
            Scope::Line(at) => line == Some(at),
        };
        here && self.rules.iter().any(|r| r == rule || r == "all")
    }
}

/// Every suppression in a document's numbered lines.
pub fn suppressions(lines: &[(usize, &str)]) -> Vec<Suppression> {
    let mut found = Vec::new();
    for (i, (_, line)) in lines.iter().enumerate() {
        let Some(comment) = line.trim().strip_prefix("%%") else {
            continue;
        };
        let comment = comment.trim();
        let (scope, list) = if let Some(list) = comment.strip_prefix("lint-ignore-file:") {
            (Some(Scope::Document), list)
        } else if let Some(list) = comment.strip_prefix("lint-ignore:") {
            let next = lines[i + 1..].iter().find(|(_, l)| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with("%%")
            });
            (next.map(|(n, _)| Scope::Line(*n)), list)
        } else {
            continue;
        };
        let rules: Vec<String> = list
            .split(',')
            .map(|r| r.trim().to_lowercase())
            .filter(|r| !r.is_empty())
            .collect();
        if let Some(scope) = scope
            && !rules.is_empty()
        {
            found.push(Suppression { scope, rules });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Suppression> {
        let lines: Vec<_> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
        suppressions(&lines)
    }

    #[test]
    fn a_line_comment_covers_the_next_content_line() {
        let found =
            read("  %% lint-ignore: isolated-service, Self-Relation\n\n  %% note\n  Batch\n");
        assert_eq!(found.len(), 1);
        assert!(found[0].covers("isolated-service", Some(4)));
        assert!(found[0].covers("self-relation", Some(4)));
        assert!(!found[0].covers("isolated-service", Some(1)));
        assert!(!found[0].covers("near-duplicate", Some(4)));
    }

    #[test]
    fn a_file_comment_covers_the_document() {
        let found = read("%% lint-ignore-file: all\n");
        assert!(found[0].covers("heading-mismatch", None));
        assert!(found[0].covers("syntax", Some(9)));
    }

    #[test]
    fn other_comments_and_empty_lists_are_not_suppressions() {
        assert!(read("%% lint-ignore:\n a\n%% a comment\n%% lint-ignore: x\n").is_empty());
    }
}

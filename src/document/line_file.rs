//! The small line files beside the documents (`relations.txt`,
//! `aliases.txt`): one entry a line, `left <separator> right`, `#` to the end
//! of a line is a comment, blank lines are skipped.

use super::LineDiagnostic;
use crate::text::lines::numbered_lines;

/// One entry of a line file, both sides trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'t> {
    /// 1-based line.
    pub line: usize,
    pub left: &'t str,
    pub right: &'t str,
}

/// Every entry of `text`; a content line without `separator` is a
/// diagnostic quoting `shape`, the form an entry should have.
pub fn entries<'t>(
    text: &'t str,
    separator: char,
    shape: &str,
) -> (Vec<Entry<'t>>, Vec<LineDiagnostic>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (line, raw) in numbered_lines(text) {
        let content = raw.split('#').next().unwrap_or_default().trim();
        if content.is_empty() {
            continue;
        }
        match content.split_once(separator) {
            Some((left, right)) => entries.push(Entry {
                line,
                left: left.trim(),
                right: right.trim(),
            }),
            None => problems.push(LineDiagnostic::new(line, format!("expected `{shape}`"))),
        }
    }
    (entries, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_skipped() {
        let (entries, problems) = entries("# head\n\na = b # note\nbroken\n c=d\n", '=', "x = y");
        assert_eq!(
            entries,
            [
                Entry {
                    line: 3,
                    left: "a",
                    right: "b"
                },
                Entry {
                    line: 5,
                    left: "c",
                    right: "d"
                },
            ]
        );
        assert_eq!(problems, [LineDiagnostic::new(4, "expected `x = y`")]);
    }
}

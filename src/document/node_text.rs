//! A node's text beyond one plain line, read as Mermaid's lexer reads it:
//! a `%%` comment after a closed shape is dropped, and a shape or Markdown
//! string whose text runs over several lines is one node.
//!
//! Mermaid ends a node at its shape's closing delimiter, so a comment may
//! follow it; plain text runs to the end of the line, so in `a %% c` the
//! `%%` is text. Inside a shape, text runs until the closing delimiter,
//! across line ends.

use super::label::{SHAPES, id_len, shaped_text};

/// The most lines after its first that one node's text may run over. A
/// shape left open by mistake then costs a bounded look ahead, and the line
/// is read alone, as plain text.
pub const MAX_NODE_LINES: usize = 64;

/// How many `%%` after a closing delimiter are tried on one line, so a line
/// of many of them stays linear.
const MAX_COMMENT_CANDIDATES: usize = 8;

/// `content` without a `%% comment` after a closed shape.
pub fn without_trailing_comment(content: &str) -> &str {
    content
        .match_indices("%%")
        .map(|(at, _)| content[..at].trim_end())
        .filter(|before| before.ends_with([')', ']', '}', '(']))
        .take(MAX_COMMENT_CANDIDATES)
        .find(|before| shaped_text(before).is_some())
        .unwrap_or(content)
}

/// When `content` opens a shape that its line does not close (`root((`,
/// ``id["`Markdown``), the node's text up to the line that closes it,
/// joined with line ends, and how many lines after the first it took.
/// `None` when the line closes what it opens, or when no line within
/// [`MAX_NODE_LINES`] closes it into one clean shape.
pub fn spanning(content: &str, next: &[(usize, &str)]) -> Option<(String, usize)> {
    let rest = &content[id_len(content)..];
    let (open, close) = SHAPES.iter().find(|(open, _)| rest.starts_with(open))?;
    let inner = rest[open.len()..].trim_start();
    let (end, opened) = match inner.strip_prefix('"') {
        Some(quoted) => ('"', quoted),
        None => (close.chars().next()?, inner),
    };
    if opened.contains(end) {
        return None;
    }
    let last = next
        .iter()
        .take(MAX_NODE_LINES)
        .position(|(_, line)| line.contains(end))?;
    let mut text = content.trim_end().to_owned();
    for (_, line) in &next[..=last] {
        text.push('\n');
        text.push_str(line.trim());
    }
    let whole = without_trailing_comment(&text);
    shaped_text(whole)
        .is_some()
        .then(|| (whole.to_owned(), last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::label::parse_label;

    fn lines(text: &str) -> Vec<(usize, &str)> {
        text.lines().enumerate().collect()
    }

    #[test]
    fn a_comment_after_a_closed_shape_is_dropped() {
        assert_eq!(
            without_trailing_comment("a(a) %% This is a comment"),
            "a(a)"
        );
        assert_eq!(without_trailing_comment("b[New] %%x"), "b[New]");
        assert_eq!(without_trailing_comment("x((c))%% c"), "x((c))");
        assert_eq!(without_trailing_comment("y)cloud( %% c"), "y)cloud(");
    }

    #[test]
    fn in_plain_text_and_inside_a_shape_percent_signs_are_text() {
        assert_eq!(without_trailing_comment("a %% c"), "a %% c");
        assert_eq!(without_trailing_comment("a(x %% y)"), "a(x %% y)");
        assert_eq!(
            without_trailing_comment("(a) and (b) %% c"),
            "(a) and (b) %% c"
        );
    }

    #[test]
    fn a_shape_closed_on_a_later_line_spans_to_it() {
        let next = lines("  The root\n))\n  child");
        let (text, more) = spanning("root((", &next).unwrap();
        assert_eq!(more, 2);
        assert_eq!(parse_label(&text).name, "The root");
    }

    #[test]
    fn a_markdown_string_spans_lines() {
        let next = lines("a second line\nUnicode works too: 🤓`\"]");
        let (text, more) = spanning("id1[\"`**Root** with", &next).unwrap();
        assert_eq!(more, 2);
        assert_eq!(
            parse_label(&text).name,
            "**Root** with a second line Unicode works too: 🤓"
        );
    }

    #[test]
    fn the_closing_line_may_carry_a_comment() {
        let next = lines("text\n] %% done");
        let (text, _) = spanning("n[", &next).unwrap();
        assert_eq!(parse_label(&text).name, "text");
    }

    #[test]
    fn a_line_that_closes_its_shape_or_never_opens_one_is_whole() {
        let next = lines("x)");
        assert_eq!(spanning("a(b)", &next), None);
        assert_eq!(spanning("plain text (", &next), None);
        assert_eq!(spanning("(a) and (b", &next), None);
    }

    #[test]
    fn a_shape_never_closed_cleanly_is_read_alone() {
        assert_eq!(spanning("a[b", &lines("c\nd")), None);
        assert_eq!(spanning("a[b", &lines("c\nn[x]")), None, "unbalanced");
        let far = "x\n".repeat(MAX_NODE_LINES) + "]";
        assert_eq!(spanning("a[b", &lines(&far)), None, "too far");
    }
}

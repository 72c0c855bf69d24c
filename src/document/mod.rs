//! Documents to parsed mind maps: the first step of the data's journey.
//!
//! [`parse_document`] takes any bytes and never fails: what it cannot read it
//! skips, with a [`LineDiagnostic`] saying where and why.

pub mod label;
pub mod line_file;
pub mod markdown;
pub mod mindmap;
pub mod node_text;
pub mod relation;
pub mod suppress;

#[cfg(test)]
mod dialect_tests;

use std::collections::HashSet;

use crate::diagnostic::clip;
use crate::text::{lines, words};
pub use mindmap::{Mindmap, MindmapNode};

/// A warning about one line of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineDiagnostic {
    /// 1-based line number.
    pub line: usize,
    pub message: String,
}

impl LineDiagnostic {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

/// What one document holds.
#[derive(Debug, Default)]
pub struct ParsedDocument {
    /// `title` from the front matter.
    pub title: Option<String>,
    /// Every mindmap block that could be read, in order.
    pub mindmaps: Vec<Mindmap>,
    pub diagnostics: Vec<LineDiagnostic>,
    /// `%% lint-ignore` comments, for the checks.
    pub suppressions: Vec<suppress::Suppression>,
}

/// Parses one Markdown document.
pub fn parse_document(bytes: &[u8]) -> ParsedDocument {
    let mut diagnostics = Vec::new();
    let (text, invalid_line) = lines::decode(bytes);
    if let Some(line) = invalid_line {
        diagnostics.push(LineDiagnostic::new(
            line,
            "invalid UTF-8 replaced with U+FFFD (first at this line)",
        ));
    }
    let (text, control_lines) = lines::replace_controls(text);
    for line in control_lines {
        diagnostics.push(LineDiagnostic::new(
            line,
            "control characters replaced with spaces",
        ));
    }
    let lines: Vec<_> = lines::numbered_lines(&text).collect();
    let suppressions = suppress::suppressions(&lines);
    let markdown = markdown::scan(&lines, &mut diagnostics);
    let mut mindmaps = Vec::new();
    for block in &markdown.blocks {
        let Some(map) = mindmap::parse_block(block, &mut diagnostics) else {
            continue;
        };
        if let (Some(heading), Some(root)) = (block.heading, map.root())
            && names_differ(heading, &root.name)
        {
            diagnostics.push(LineDiagnostic::new(
                block.fence_line,
                format!(
                    "heading `{}` does not match the mindmap's root `{}`; the root is the category",
                    clip(heading),
                    clip(&root.name)
                ),
            ));
        }
        mindmaps.push(map);
    }
    diagnostics.sort_by_key(|d| d.line);
    ParsedDocument {
        title: markdown.title,
        mindmaps,
        diagnostics,
        suppressions,
    }
}

/// Words too common in headings to tell two categories apart.
const FILLER: &[&str] = &[
    "a", "and", "azure", "of", "services", "service", "the", "for", "&",
];

/// Whether a heading names something else than the root below it: fewer
/// than half of the heading's significant words match a word of the root
/// (equal, or sharing a prefix of four letters, which forgives `Network` /
/// `Networking` and typos such as `Learing`). Linear in both texts: the
/// root's words and prefixes are looked up in sets.
fn names_differ(heading: &str, root: &str) -> bool {
    let significant = |text: &str| -> Vec<String> {
        words(text)
            .filter(|w| !FILLER.contains(&w.as_str()))
            .collect()
    };
    let heading_words = significant(heading);
    if heading_words.is_empty() {
        return false;
    }
    let root_words: HashSet<String> = significant(root).into_iter().collect();
    let prefix =
        |w: &str| -> Option<String> { (w.len() >= 4).then(|| w.chars().take(4).collect()) };
    let root_prefixes: HashSet<String> = root_words.iter().filter_map(|w| prefix(w)).collect();
    let matched = heading_words
        .iter()
        .filter(|h| {
            root_words.contains(h.as_str()) || prefix(h).is_some_and(|p| root_prefixes.contains(&p))
        })
        .count();
    matched * 2 < heading_words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_that_name_another_category_are_mismatches() {
        assert!(names_differ("Compute Services", "Database Services"));
        assert!(!names_differ("Network Services", "Networking Services"));
        assert!(!names_differ(
            "Azure AI and Machine Learing Services",
            "AI and Machine Learning Services"
        ));
        assert!(!names_differ("Storage Services", "Storage Services"));
        assert!(
            !names_differ("Services", "Anything"),
            "a heading of filler says nothing"
        );
    }

    #[test]
    fn the_seed_has_exactly_its_two_known_diagnostics() {
        let seed = std::fs::read("data/azure-services-map.md").unwrap();
        let doc = parse_document(&seed);
        assert_eq!(doc.title.as_deref(), Some("Azure Services Map"));
        assert_eq!(doc.mindmaps.len(), 5);
        let messages: Vec<_> = doc
            .diagnostics
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].1.contains("`Compute Services`")
                && messages[0].1.contains("`Database Services`")
        );
        assert!(messages[1].1.contains("empty mermaid block"));
    }

    #[test]
    fn any_bytes_parse() {
        let doc = parse_document(b"\xFF\n```mermaid\r\nmindmap\r  R\r\n```");
        assert_eq!(doc.mindmaps.len(), 1);
        assert!(doc.diagnostics.iter().any(|d| d.message.contains("UTF-8")));
    }
}

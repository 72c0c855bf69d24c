//! What can go wrong with a query, with where in the text it went wrong.
//!
//! Errors about the text (syntax, unknown names, writing clauses) carry a
//! [`Location`]: line, column and a caret excerpt. Errors about the cost
//! name the [`Bound`] that was reached.

use std::fmt;

/// Where in the query text something is: 1-based line and column (in
/// characters), and the line with a caret under the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub excerpt: String,
}

impl Location {
    /// The location of bytes `start..end` of `text`.
    pub fn of(text: &str, start: usize, end: usize) -> Self {
        let start = floor_boundary(text, start.min(text.len()));
        let end = floor_boundary(text, end.clamp(start, text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        let source_line = &text[line_start..line_end];
        let width = text[start..end.min(line_end)].chars().count().max(1);
        let excerpt = format!(
            "{source_line}\n{}{}",
            " ".repeat(column - 1),
            "^".repeat(width)
        );
        Self {
            line,
            column,
            excerpt,
        }
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A limit a query may reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// Nodes and edges examined.
    Work,
    /// Bytes of query text.
    QueryLength,
    /// Hops of a variable-length relationship.
    Depth,
}

impl Bound {
    /// The bound's name, as configuration and problems spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::Work => "work",
            Bound::QueryLength => "query_length",
            Bound::Depth => "depth",
        }
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a query gave no answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CypherError {
    /// The text is not openCypher.
    #[error("syntax error at line {}, column {}: {message}", at.line, at.column)]
    Syntax { message: String, at: Location },
    /// A clause that would change the graph.
    #[error(
        "`{clause}` at line {}, column {}: the graph is read-only; only MATCH, OPTIONAL MATCH, WITH, UNWIND and RETURN are served",
        at.line, at.column
    )]
    ReadOnly { clause: String, at: Location },
    /// Valid openCypher this service does not answer, or names the graph
    /// does not have.
    #[error("line {}, column {}: {message}", at.line, at.column)]
    Semantic {
        message: String,
        at: Location,
        /// Close spellings from the graph's own vocabulary.
        suggestions: Vec<String>,
    },
    /// A value of the wrong type met an operator or function while running.
    #[error("{0}")]
    Type(String),
    /// The answer was no longer wanted (its request timed out or went away).
    #[error("the query was cancelled")]
    Cancelled,
    /// The query would do more than one query may.
    #[error("the query reached the {bound} bound of {limit}: {hint}")]
    TooExpensive {
        bound: Bound,
        limit: usize,
        hint: &'static str,
    },
}

impl CypherError {
    pub(crate) fn semantic(
        text: &str,
        span: open_cypher::Span,
        message: impl Into<String>,
    ) -> Self {
        CypherError::Semantic {
            message: message.into(),
            at: Location::of(text, span.start, span.end),
            suggestions: Vec::new(),
        }
    }

    pub(crate) fn with_suggestions(mut self, list: Vec<String>) -> Self {
        if let CypherError::Semantic { suggestions, .. } = &mut self {
            *suggestions = list;
        }
        self
    }

    /// The location in the text, for errors about the text.
    pub fn location(&self) -> Option<&Location> {
        match self {
            CypherError::Syntax { at, .. }
            | CypherError::ReadOnly { at, .. }
            | CypherError::Semantic { at, .. } => Some(at),
            _ => None,
        }
    }
}

/// The words of `known` closest to `typed`, best first.
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let typed_key = typed.to_lowercase().replace(['_', '-'], " ");
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| {
            let key = k.to_lowercase().replace(['_', '-'], " ");
            (strsim::jaro_winkler(&typed_key, &key), k)
        })
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| k.to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let text = "MATCH (n)\nRETURN ñ.x, m";
        let at = Location::of(text, text.find('m').unwrap(), text.len());
        assert_eq!((at.line, at.column), (2, 13));
        assert_eq!(at.excerpt, "RETURN ñ.x, m\n            ^");
    }

    #[test]
    fn suggestions_ignore_case_and_separators() {
        assert_eq!(closest("Servce", ["Category", "Service"]), vec!["Service"]);
        assert_eq!(
            closest("INTEGRATES_WTH", ["integrates with", "uses"]),
            vec!["integrates with"]
        );
    }
}

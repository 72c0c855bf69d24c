//! Warnings about the loaded documents, with where they come from.

use std::borrow::Cow;

/// The longest text, in characters, a diagnostic quotes from a document.
pub const QUOTE_MAX: usize = 80;

/// `text` as a diagnostic quotes it: cut to [`QUOTE_MAX`] characters with an
/// ellipsis, so that a message stays readable and its size does not grow
/// with a hostile name (a 10 MB name quoted by a million warnings).
pub fn clip(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_MAX) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// A warning about a document; never stops a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Document path relative to its data root.
    pub document: String,
    /// 1-based line, or `None` when it is about the whole document.
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn at(document: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            document: document.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn document(document: &str, message: impl Into<String>) -> Self {
        Self {
            document: document.to_owned(),
            line: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.document, line, self.message),
            None => write!(f, "{}: {}", self.document, self.message),
        }
    }
}

/// Keeps the first `max` diagnostics of each document, in order, and adds
/// one per document saying how many more there were, so a hostile document
/// cannot flood memory or the log.
pub fn cap_per_document(diagnostics: Vec<Diagnostic>, max: usize) -> Vec<Diagnostic> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(max * 4));
    let mut order = Vec::new();
    for d in diagnostics {
        let count = seen.entry(d.document.clone()).or_insert_with(|| {
            order.push(d.document.clone());
            0
        });
        *count += 1;
        if *count <= max {
            kept.push(d);
        }
    }
    for document in order {
        let count = seen[&document];
        if count > max {
            kept.push(Diagnostic::document(
                &document,
                format!(
                    "{} more diagnostics for this document not listed (only the first {max} are kept)",
                    count - max
                ),
            ));
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_clipped_on_a_character_boundary() {
        assert_eq!(clip("short"), "short");
        let long = "é".repeat(QUOTE_MAX + 5);
        let clipped = clip(&long);
        assert_eq!(clipped.chars().count(), QUOTE_MAX + 1);
        assert!(clipped.ends_with('…'));
    }
}

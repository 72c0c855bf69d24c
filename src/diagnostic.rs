//! Warnings about the loaded documents, with where they come from.

use serde::Serialize;

/// A warning about a document; never stops a load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

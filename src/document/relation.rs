//! Relation labels: how a marker's text becomes the relation an edge carries.

use std::sync::{Arc, LazyLock};

use crate::text::collapse_whitespace;

/// The relation given to a child that has no marker before it.
pub const DEFAULT_RELATION: &str = "includes";

/// A relation as written in a marker: trimmed, white space collapsed,
/// lower-cased. The graph builder turns inverse wordings into their active
/// form through the vocabulary (`graph::vocabulary`).
///
/// Shared, so every child under one marker holds the same label without a
/// copy of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RelationLabel {
    pub label: Arc<str>,
}

static DEFAULT: LazyLock<Arc<str>> = LazyLock::new(|| Arc::from(DEFAULT_RELATION));

impl RelationLabel {
    /// Normalises a marker's text; `None` when nothing is left.
    pub fn parse(raw: &str) -> Option<Self> {
        let label = collapse_whitespace(raw).to_lowercase();
        (!label.is_empty()).then(|| Self {
            label: Arc::from(label),
        })
    }

    /// The relation of a child with no marker before it.
    pub fn default_relation() -> Self {
        Self {
            label: DEFAULT.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_collapsed_and_lowercased() {
        let rel = RelationLabel::parse("  Integrates   WITH ").unwrap();
        assert_eq!(&*rel.label, "integrates with");
    }

    #[test]
    fn empty_markers_are_not_relations() {
        assert_eq!(RelationLabel::parse("   "), None);
    }
}

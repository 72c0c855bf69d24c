//! Relation labels: how a marker's text becomes the relation an edge carries.

use super::names::collapse_whitespace;

/// Passive wordings and the active relation they are stored as, with the
/// edge reversed. This is the one place to add more forms.
const PASSIVE_TO_ACTIVE: &[(&str, &str)] = &[
    ("used by", "uses"),
    ("hosted by", "hosts"),
    ("managed by", "manages"),
    ("orchestrated by", "orchestrates"),
    ("provided by", "provides"),
    ("offered by", "offers"),
    ("stored by", "stores"),
    ("protected by", "protects"),
    ("enabled by", "enables"),
    ("delivered by", "delivers"),
    ("distributed by", "distributes"),
    ("built by", "builds"),
    ("improved by", "improves"),
    ("included in", "includes"),
    ("scaled by", "scales"),
];

/// The relation given to a child that has no marker before it.
pub const DEFAULT_RELATION: &str = "includes";

/// A relation as written in a marker, normalised: trimmed, white space
/// collapsed, lower-cased, and put in its active form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RelationLabel {
    /// The stored (active) label, e.g. `uses`.
    pub label: String,
    /// True when the marker used a passive form, so the edge runs from the
    /// child to the parent.
    pub reversed: bool,
}

impl RelationLabel {
    /// Normalises a marker's text; `None` when nothing is left.
    pub fn parse(raw: &str) -> Option<Self> {
        let label = collapse_whitespace(raw).to_lowercase();
        if label.is_empty() {
            return None;
        }
        Some(match active_form(&label) {
            Some(active) => Self {
                label: active.to_owned(),
                reversed: true,
            },
            None => Self {
                label,
                reversed: false,
            },
        })
    }

    /// The relation of a child with no marker before it.
    pub fn default_relation() -> Self {
        Self {
            label: DEFAULT_RELATION.to_owned(),
            reversed: false,
        }
    }
}

/// The active label for a passive wording, if it is one.
pub fn active_form(label: &str) -> Option<&'static str> {
    PASSIVE_TO_ACTIVE
        .iter()
        .find(|(passive, _)| *passive == label)
        .map(|(_, active)| *active)
}

/// The form used to compare relations typed by people: lower-case, hyphens
/// and underscores as spaces, white space collapsed.
pub fn comparable(text: &str) -> String {
    collapse_whitespace(&text.replace(['-', '_'], " ")).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_trimmed_collapsed_and_lowercased() {
        let rel = RelationLabel::parse("  Integrates   WITH ").unwrap();
        assert_eq!(rel.label, "integrates with");
        assert!(!rel.reversed);
    }

    #[test]
    fn passive_forms_are_stored_active_and_reversed() {
        let rel = RelationLabel::parse("used  by").unwrap();
        assert_eq!(rel.label, "uses");
        assert!(rel.reversed);
    }

    #[test]
    fn empty_markers_are_not_relations() {
        assert_eq!(RelationLabel::parse("   "), None);
    }

    #[test]
    fn comparison_treats_hyphens_as_spaces() {
        assert_eq!(comparable("Integrates-With"), "integrates with");
        assert_eq!(comparable("integrates_with"), comparable("integrates with"));
    }
}

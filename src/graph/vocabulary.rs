//! The relation vocabulary: per relation, how it reads from the other end
//! (`uses` / `used by`) and whether it is symmetric (`integrates with`).
//!
//! Built-in entries cover the common wordings; a `relations.txt` in a data
//! folder adds or overrides them, one per line:
//!
//! ```text
//! # active | inverse
//! uses | used by
//! integrates with | symmetric
//! ```
//!
//! Documents may use either wording: a passive (inverse) marker is stored as
//! its active relation with the edge reversed.
//!
//! A third column says which way the relation carries dependence, for
//! impact questions ("what breaks if X fails"): `depends` (the source
//! depends on the target: `AKS uses Virtual Machines`) or `depended on`
//! (the target depends on the source: `App Service hosts Web Apps`).
//!
//! ```text
//! uses | used by | depends
//! hosts | hosted by | depended on
//! ```

use std::collections::HashMap;

use crate::document::{LineDiagnostic, line_file};
use crate::text::comparable;

/// Built-in `(active, inverse)` pairs; `None` inverse means symmetric.
const BUILTIN: &[(&str, Option<&str>)] = &[
    ("uses", Some("used by")),
    ("hosts", Some("hosted by")),
    ("manages", Some("managed by")),
    ("orchestrates", Some("orchestrated by")),
    ("provides", Some("provided by")),
    ("offers", Some("offered by")),
    ("stores", Some("stored by")),
    ("protects", Some("protected by")),
    ("enables", Some("enabled by")),
    ("delivers", Some("delivered by")),
    ("distributes", Some("distributed by")),
    ("builds", Some("built by")),
    ("improves", Some("improved by")),
    ("includes", Some("included in")),
    ("scales with", Some("scaled by")),
    ("part of", Some("has part")),
    ("integrates with", None),
    ("connects to", None),
];

/// One relation's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The stored (active) label.
    pub active: String,
    /// How the relation reads from the target's side; `None` when symmetric.
    pub inverse: Option<String>,
    pub symmetric: bool,
    /// Which way the relation carries dependence, when it does.
    pub dependence: Option<Dependence>,
}

/// Which end of a relation depends on the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dependence {
    /// The source depends on the target (`uses`).
    SourceOnTarget,
    /// The target depends on the source (`hosts`).
    TargetOnSource,
}

impl Dependence {
    fn parse(text: &str) -> Option<Self> {
        match comparable(text).as_str() {
            "depends" | "depends on" => Some(Dependence::SourceOnTarget),
            "depended on" | "depended on by" => Some(Dependence::TargetOnSource),
            _ => None,
        }
    }
}

/// Every known relation wording.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    by_active: HashMap<String, Wording>,
    /// Inverse wording (comparable form) -> active label.
    by_inverse: HashMap<String, String>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        let mut vocabulary = Vocabulary {
            by_active: HashMap::new(),
            by_inverse: HashMap::new(),
        };
        for (active, inverse) in BUILTIN {
            vocabulary.insert(active, *inverse);
        }
        vocabulary
    }
}

impl Vocabulary {
    /// The built-in entries plus those of a `relations.txt`, with a
    /// diagnostic for every line that cannot be read.
    pub fn with_file(text: &str) -> (Self, Vec<LineDiagnostic>) {
        let mut vocabulary = Self::default();
        let (entries, mut diagnostics) =
            line_file::entries(text, '|', "active | inverse` or `active | symmetric");
        for entry in entries {
            let (inverse, dependence) = match entry.right.split_once('|') {
                None => (entry.right, None),
                Some((inverse, flag)) => match Dependence::parse(flag) {
                    Some(d) => (inverse, Some(d)),
                    None => {
                        diagnostics.push(LineDiagnostic::new(
                            entry.line,
                            "the third column is `depends` or `depended on`",
                        ));
                        continue;
                    }
                },
            };
            let (active, inverse) = (comparable(entry.left), comparable(inverse));
            if active.is_empty() || inverse.is_empty() {
                diagnostics.push(LineDiagnostic::new(
                    entry.line,
                    "a relation and its inverse must not be empty",
                ));
                continue;
            }
            let inverse = (inverse != "symmetric").then_some(inverse);
            vocabulary.insert(&active, inverse.as_deref());
            if let Some(wording) = vocabulary.by_active.get_mut(&active) {
                wording.dependence = dependence;
            }
        }
        (vocabulary, diagnostics)
    }

    fn insert(&mut self, active: &str, inverse: Option<&str>) {
        let active = comparable(active);
        if let Some(old) = self.by_active.get(&active).and_then(|w| w.inverse.clone()) {
            self.by_inverse.remove(&old);
        }
        let inverse = inverse.map(comparable);
        if let Some(inverse) = &inverse {
            self.by_inverse.insert(inverse.clone(), active.clone());
        }
        let symmetric = inverse.is_none();
        self.by_active.insert(
            active.clone(),
            Wording {
                active,
                inverse,
                symmetric,
                dependence: None,
            },
        );
    }

    /// The active label a wording is stored as, and whether it was the
    /// inverse (so the edge runs the other way).
    pub fn active_form<'a>(&'a self, label: &'a str) -> (&'a str, bool) {
        match self.by_inverse.get(&comparable(label)) {
            Some(active) => (active, true),
            None => (label, false),
        }
    }

    /// What is known of an active relation.
    pub fn wording(&self, active: &str) -> Option<&Wording> {
        self.by_active.get(&comparable(active))
    }

    pub fn is_symmetric(&self, active: &str) -> bool {
        self.wording(active).is_some_and(|w| w.symmetric)
    }

    /// Every wording, active and inverse, with its active label.
    pub fn wordings(&self) -> impl Iterator<Item = (&str, &str, bool)> + '_ {
        let active = self
            .by_active
            .keys()
            .map(|a| (a.as_str(), a.as_str(), false));
        let inverse = self
            .by_inverse
            .iter()
            .map(|(i, a)| (i.as_str(), a.as_str(), true));
        active.chain(inverse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_wordings_map_to_their_active_relation() {
        let v = Vocabulary::default();
        assert_eq!(v.active_form("used by"), ("uses", true));
        assert_eq!(v.active_form("Hosted-By"), ("hosts", true));
        assert_eq!(v.active_form("uses"), ("uses", false));
        assert!(v.is_symmetric("integrates with"));
        assert!(!v.is_symmetric("uses"));
    }

    #[test]
    fn a_third_column_declares_dependence() {
        let (v, diags) = Vocabulary::with_file(
            "uses | used by | depends\nhosts | hosted by | depended on\nfeeds | fed by | maybe\n",
        );
        assert_eq!(
            v.wording("uses").unwrap().dependence,
            Some(Dependence::SourceOnTarget)
        );
        assert_eq!(
            v.wording("hosts").unwrap().dependence,
            Some(Dependence::TargetOnSource)
        );
        assert_eq!(v.wording("manages").unwrap().dependence, None);
        assert_eq!(diags.iter().map(|d| d.line).collect::<Vec<_>>(), [3]);
        assert_eq!(v.active_form("used by"), ("uses", true));
    }

    #[test]
    fn a_file_adds_and_overrides_entries_with_diagnostics() {
        let (v, diags) = Vocabulary::with_file(
            "# comment\nfeeds | fed by\nuses | relied on by\nconnects to | connected from\npeers with | symmetric\nbroken line\n | x\n",
        );
        assert_eq!(v.active_form("fed by"), ("feeds", true));
        assert_eq!(v.active_form("relied on by"), ("uses", true));
        assert_eq!(
            v.active_form("used by"),
            ("used by", false),
            "the override replaces the old inverse"
        );
        assert!(!v.is_symmetric("connects to"));
        assert!(v.is_symmetric("peers with"));
        assert_eq!(diags.iter().map(|d| d.line).collect::<Vec<_>>(), [6, 7]);
    }
}

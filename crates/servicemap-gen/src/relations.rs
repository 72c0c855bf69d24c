//! Which relations the documents use and how often. The wording of each
//! (its inverse, or that it is symmetric) comes from the library's
//! [`Vocabulary`], so generated documents read the way the loader reads
//! them; only the frequencies are the generator's own.

use servicemap::graph::vocabulary::Vocabulary;

use crate::rng::Rng;

/// Active relation and how often it is drawn, roughly as in hand-written
/// maps: a few relations carry most edges.
const WEIGHTS: &[(&str, u64)] = &[
    ("integrates with", 20),
    ("uses", 25),
    ("connects to", 8),
    ("hosts", 8),
    ("manages", 6),
    ("stores", 6),
    ("protects", 5),
    ("enables", 5),
    ("provides", 5),
    ("delivers", 4),
    ("orchestrates", 4),
    ("scales with", 4),
];

/// One relation as the documents write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relation {
    pub(crate) active: String,
    /// The passive marker (`used by`); `None` when symmetric.
    pub(crate) inverse: Option<String>,
    weight: u64,
}

/// The relations to draw from, with a weighted draw.
pub(crate) struct Relations {
    list: Vec<Relation>,
    total: u64,
}

impl Relations {
    /// The weighted relations, worded as `vocabulary` words them.
    pub(crate) fn new(vocabulary: &Vocabulary) -> Self {
        let list: Vec<Relation> = WEIGHTS
            .iter()
            .map(|&(active, weight)| {
                let wording = vocabulary.wording(active);
                Relation {
                    active: active.to_owned(),
                    inverse: wording.and_then(|w| w.inverse.clone()),
                    weight,
                }
            })
            .collect();
        let total = list.iter().map(|r| r.weight).sum();
        Self { list, total }
    }

    /// A relation index, drawn by weight.
    pub(crate) fn draw(&self, rng: &mut Rng) -> usize {
        let mut x = rng.next() % self.total;
        for (i, r) in self.list.iter().enumerate() {
            if x < r.weight {
                return i;
            }
            x -= r.weight;
        }
        0
    }

    pub(crate) fn get(&self, index: usize) -> &Relation {
        &self.list[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_weighted_relation_is_in_the_vocabulary() {
        let vocabulary = Vocabulary::default();
        for (active, _) in WEIGHTS {
            assert!(vocabulary.wording(active).is_some(), "{active}");
        }
        let relations = Relations::new(&vocabulary);
        let uses = relations.list.iter().find(|r| r.active == "uses").unwrap();
        assert_eq!(uses.inverse.as_deref(), Some("used by"));
        let integrates = relations.get(0);
        assert_eq!(integrates.inverse, None, "integrates with is symmetric");
    }

    #[test]
    fn draws_follow_the_weights() {
        let relations = Relations::new(&Vocabulary::default());
        let mut rng = Rng::new(5);
        let mut counts = vec![0usize; WEIGHTS.len()];
        for _ in 0..10_000 {
            counts[relations.draw(&mut rng)] += 1;
        }
        // `uses` (25) is drawn about five times as often as `protects` (5).
        assert!(
            counts[1] > 4 * counts[6] && counts[1] < 6 * counts[6],
            "{counts:?}"
        );
    }
}

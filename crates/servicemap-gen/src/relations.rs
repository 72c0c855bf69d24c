//! Which relations the documents use and how often. The wording of each
//! (its inverse, or that it is symmetric) comes from the library's
//! [`Vocabulary`], so generated documents read the way the loader reads
//! them; only the frequencies are the generator's own. Past the
//! vocabulary, invented relations (`relates via 19`) have no inverse.

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

/// How many relations have a weight of their own (the default shape).
pub(crate) const WEIGHTED: usize = WEIGHTS.len();

/// The weight of the vocabulary's other relations, and of invented ones.
const RARE: u64 = 2;

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
    /// `types` relations (at least one), worded as `vocabulary` words them:
    /// the weighted ones, the rest of the vocabulary in name order, then
    /// invented ones.
    pub(crate) fn new(vocabulary: &Vocabulary, types: usize) -> Self {
        let mut known: Vec<&str> = vocabulary
            .wordings()
            .filter(|(_, _, inverse)| !inverse)
            .map(|(active, _, _)| active)
            .filter(|active| WEIGHTS.iter().all(|(w, _)| w != active))
            .collect();
        known.sort_unstable();
        let weighted = WEIGHTS
            .iter()
            .map(|&(active, weight)| (active.to_owned(), weight));
        let rest = known.into_iter().map(|active| (active.to_owned(), RARE));
        let invented = (1..).map(|i| (format!("relates via {i}"), RARE));
        let list: Vec<Relation> = weighted
            .chain(rest)
            .chain(invented)
            .take(types.max(1))
            .map(|(active, weight)| Relation {
                inverse: vocabulary.wording(&active).and_then(|w| w.inverse.clone()),
                active,
                weight,
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
        let relations = Relations::new(&vocabulary, WEIGHTED);
        let uses = relations.list.iter().find(|r| r.active == "uses").unwrap();
        assert_eq!(uses.inverse.as_deref(), Some("used by"));
        let integrates = relations.get(0);
        assert_eq!(integrates.inverse, None, "integrates with is symmetric");
    }

    #[test]
    fn draws_follow_the_weights() {
        let relations = Relations::new(&Vocabulary::default(), WEIGHTED);
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

    #[test]
    fn more_types_take_the_whole_vocabulary_then_invent() {
        let vocabulary = Vocabulary::default();
        let few = Relations::new(&vocabulary, 2);
        assert_eq!(few.list.len(), 2);
        let many = Relations::new(&vocabulary, 40);
        assert_eq!(many.list.len(), 40);
        let known = vocabulary.wordings().filter(|w| !w.2).count();
        assert!(
            many.list[..known]
                .iter()
                .all(|r| vocabulary.wording(&r.active).is_some())
        );
        assert_eq!(many.list[known].active, "relates via 1");
        assert_eq!(many.list[known].inverse, None);
        let parts = many.list.iter().find(|r| r.active == "part of").unwrap();
        assert_eq!(parts.inverse.as_deref(), Some("has part"));
    }
}

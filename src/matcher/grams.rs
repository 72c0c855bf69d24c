//! Close words without a scan: a trigram index over the distinct words of
//! every name, so a typed word is compared (Jaro-Winkler) only with the
//! words that share enough of its trigrams, however many nodes there are.

use crate::graph::Runs;

/// The distinct words' trigrams: `^` and `$` mark a word's ends, so even a
/// short word has some and the first letters weigh more.
#[derive(Debug, Default)]
pub(super) struct Grams {
    /// Trigram code -> trigram number.
    numbers: hashbrown::HashMap<u32, u32>,
    /// The words (by number) holding each trigram.
    words: Runs,
}

/// Every trigram of `word`, each once, in order.
fn grams_of(word: &str) -> Vec<u32> {
    let mut padded = Vec::with_capacity(word.len() + 2);
    padded.push(b'^');
    padded.extend_from_slice(word.as_bytes());
    padded.push(b'$');
    let mut grams: Vec<u32> = padded
        .windows(3)
        .map(|w| u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2]))
        .collect();
    grams.sort_unstable();
    grams.dedup();
    grams
}

impl Grams {
    /// Indexes `words` (numbered by position).
    pub fn new(words: &[Box<str>]) -> Self {
        let mut numbers = hashbrown::HashMap::new();
        let mut owner = Vec::new();
        let mut gram = Vec::new();
        for (w, word) in words.iter().enumerate() {
            for code in grams_of(word) {
                let next = numbers.len() as u32;
                gram.push(*numbers.entry(code).or_insert(next));
                owner.push(w as u32);
            }
        }
        let runs = Runs::group(numbers.len(), gram.len(), |i| gram[i]);
        let (offsets, items) = runs.into_parts();
        let words = Runs::from_parts(offsets, items.iter().map(|&i| owner[i as usize]).collect());
        Self { numbers, words }
    }

    /// The words sharing at least `min_shared` trigrams with `typed`, with
    /// how many they share. `counts` is scratch space, one entry per word,
    /// all zero before and after.
    pub fn sharing(&self, typed: &str, min_shared: usize, counts: &mut [u8]) -> Vec<u32> {
        let mut touched = Vec::new();
        for code in grams_of(typed) {
            let Some(&g) = self.numbers.get(&code) else {
                continue;
            };
            for &w in self.words.run(g as usize) {
                let c = &mut counts[w as usize];
                if *c == 0 {
                    touched.push(w);
                }
                *c = c.saturating_add(1);
            }
        }
        let mut found = Vec::new();
        for w in touched {
            if counts[w as usize] as usize >= min_shared {
                found.push(w);
            }
            counts[w as usize] = 0;
        }
        found
    }
}

/// How many trigrams a word of `len` bytes may lose to `edits` typos and
/// still be tried: each edit changes at most three.
pub(super) fn min_shared(len: usize, edits: usize) -> usize {
    len.saturating_sub(3 * edits).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_sharing_trigrams_are_found_and_the_scratch_is_cleared() {
        let words: Vec<Box<str>> = ["kubernetes", "synapse", "storage", "stream"]
            .into_iter()
            .map(Box::from)
            .collect();
        let grams = Grams::new(&words);
        let mut counts = vec![0u8; words.len()];
        let found = grams.sharing("kubernets", min_shared(9, 2), &mut counts);
        assert_eq!(found, [0]);
        assert!(counts.iter().all(|&c| c == 0));
        let found = grams.sharing("str", 1, &mut counts);
        assert!(found.contains(&2) && found.contains(&3));
        assert!(grams.sharing("qqzx", 1, &mut counts).is_empty());
    }
}

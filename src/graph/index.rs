//! Hash indexes of node numbers: a table holds small fixed-size entries and
//! compares against keys kept once in an arena, so an index of 300k names
//! costs a few MiB.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// A 64-bit table hash that can be rebuilt from the 32 bits an entry
/// keeps, so growing a table never reads the keys again.
pub(crate) fn spread(hash32: u32) -> u64 {
    u64::from(hash32).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// One key's place: its number, where its text starts, and its hash.
#[derive(Debug, Clone, Copy)]
struct Slot {
    number: u32,
    start: u32,
    hash: u32,
}

/// Distinct keys numbered in insertion order, kept in one arena (each key
/// followed by a newline, which no key holds), with a hash table from key
/// to number.
#[derive(Default)]
pub struct NameIndex {
    text: String,
    ends: Vec<u32>,
    table: HashTable<Slot>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for NameIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameIndex")
            .field("keys", &self.ends.len())
            .finish()
    }
}

impl NameIndex {
    /// Room for `keys` more keys of `bytes` bytes in all.
    pub fn reserve(&mut self, keys: usize, bytes: usize) {
        self.text.reserve(bytes);
        self.ends.reserve(keys);
        self.table.reserve(keys, |s| spread(s.hash));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        }
    }

    /// The key numbered `i`.
    pub fn key(&self, i: usize) -> &str {
        &self.text[self.start(i)..self.ends[i] as usize]
    }

    /// The byte just past key `i` (its newline) in [`text`](Self::text).
    pub fn end(&self, i: usize) -> usize {
        self.ends[i] as usize
    }

    /// Every key, in number order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.len()).map(|i| self.key(i))
    }

    /// The arena: every key, in number order, each followed by a newline.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of the key that covers byte `at` of [`text`](Self::text).
    pub fn key_at_offset(&self, at: usize) -> usize {
        self.ends.partition_point(|&end| (end as usize) < at)
    }

    fn hash32(&self, key: &str) -> u32 {
        Self::hash32_with(&self.hasher, key)
    }

    /// The hash this index gives `key`, computed with a copy of its
    /// [`hasher`](Self::hasher) (on another thread, say).
    pub fn hash32_with(hasher: &DefaultHashBuilder, key: &str) -> u32 {
        hasher.hash_one(key) as u32
    }

    /// The index's hasher, to hash keys ahead of [`insert_hashed`](Self::insert_hashed).
    pub fn hasher(&self) -> DefaultHashBuilder {
        self.hasher.clone()
    }

    pub fn get(&self, key: &str) -> Option<u32> {
        self.get_hashed(key, self.hash32(key))
    }

    fn get_hashed(&self, key: &str, hash: u32) -> Option<u32> {
        let text = self.text.as_bytes();
        self.table
            .find(spread(hash), |s| {
                let start = s.start as usize;
                s.hash == hash
                    && text.get(start..start + key.len()) == Some(key.as_bytes())
                    && text.get(start + key.len()) == Some(&b'\n')
            })
            .map(|s| s.number)
    }

    /// Numbers `key`, or returns the number it already has as `Err`.
    pub fn insert(&mut self, key: &str) -> Result<u32, u32> {
        self.insert_hashed(key, self.hash32(key))
    }

    /// [`insert`](Self::insert) with the key's hash already worked out by
    /// [`hash32_with`](Self::hash32_with).
    pub fn insert_hashed(&mut self, key: &str, hash: u32) -> Result<u32, u32> {
        if let Some(number) = self.get_hashed(key, hash) {
            return Err(number);
        }
        let number = self.ends.len() as u32;
        let start = self.text.len() as u32;
        self.table.insert_unique(
            spread(hash),
            Slot {
                number,
                start,
                hash,
            },
            |s| spread(s.hash),
        );
        self.text.push_str(key);
        self.ends.push(self.text.len() as u32);
        self.text.push('\n');
        Ok(number)
    }

    /// Frees spare capacity once building is done.
    pub fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.table.shrink_to_fit(|s| spread(s.hash));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_numbered_once() {
        let mut index = NameIndex::default();
        assert_eq!(index.insert("a b"), Ok(0));
        assert_eq!(index.insert("c"), Ok(1));
        assert_eq!(index.insert("a b"), Err(0));
        assert_eq!(index.insert("a"), Ok(2));
        assert_eq!(index.get("c"), Some(1));
        assert_eq!(index.get("x"), None);
        assert_eq!(index.get("a"), Some(2));
        assert_eq!(index.key(0), "a b");
        assert_eq!(index.key_at_offset(0), 0);
        assert_eq!(index.key_at_offset(2), 0);
        assert_eq!(index.key_at_offset(4), 1);
        assert_eq!(index.text(), "a b\nc\na\n");
        index.shrink();
        assert_eq!(index.get("a b"), Some(0));
    }
}

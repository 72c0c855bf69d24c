//! Compressed runs: items grouped by a small integer key (a node, a word)
//! into one array, with each key's run found through an offsets array. The
//! one builder behind the graph's adjacency lists, its mentions by node,
//! and the resolver's postings.

/// Items `0..len` grouped by key: the items of key `k` are
/// `items[offsets[k]..offsets[k + 1]]`, in their original order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Runs {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Runs {
    /// Groups the items `0..len` by `key(item)`, each below `keys`, keeping
    /// their order within a key (a counting sort: two reads of the keys).
    ///
    /// # Complexity
    /// O(`keys` + `len`) time; `keys` + 1 + `len` words of memory.
    ///
    /// ```
    /// use servicemap::graph::Runs;
    ///
    /// let owners = [2, 0, 2, 1];
    /// let runs = Runs::group(3, owners.len(), |i| owners[i]);
    /// assert_eq!(runs.run(2), [0, 2]);
    /// assert_eq!(runs.run(0), [1]);
    /// ```
    pub fn group(keys: usize, len: usize, key: impl Fn(usize) -> u32) -> Self {
        let mut offsets = vec![0u32; keys + 1];
        for i in 0..len {
            offsets[key(i) as usize + 1] += 1;
        }
        for k in 0..keys {
            offsets[k + 1] += offsets[k];
        }
        let mut fill: Vec<u32> = offsets[..keys].to_vec();
        let mut items = vec![0u32; len];
        for i in 0..len {
            let at = &mut fill[key(i) as usize];
            items[*at as usize] = i as u32;
            *at += 1;
        }
        Self { offsets, items }
    }

    /// The items of key `k`.
    pub fn run(&self, k: usize) -> &[u32] {
        &self.items[self.offsets[k] as usize..self.offsets[k + 1] as usize]
    }

    /// Every item, key by key.
    pub fn items(&self) -> &[u32] {
        &self.items
    }

    /// Where each key's run starts, and one past the last.
    pub fn offsets(&self) -> &[u32] {
        &self.offsets
    }

    /// Runs from arrays in this form: `offsets` ascending from 0 to
    /// `items.len()`.
    pub fn from_parts(offsets: Vec<u32>, items: Vec<u32>) -> Self {
        debug_assert_eq!(offsets.last().copied().unwrap_or(0) as usize, items.len());
        Self { offsets, items }
    }

    /// Both arrays, for a caller that keeps them in its own form.
    pub fn into_parts(self) -> (Vec<u32>, Vec<u32>) {
        (self.offsets, self.items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_keep_the_order_within_a_key_and_allow_empty_keys() {
        let keys = [3, 1, 3, 3, 0];
        let runs = Runs::group(5, keys.len(), |i| keys[i]);
        assert_eq!(runs.run(0), [4]);
        assert_eq!(runs.run(1), [1]);
        assert_eq!(runs.run(2), [] as [u32; 0]);
        assert_eq!(runs.run(3), [0, 2, 3]);
        assert_eq!(runs.run(4), [] as [u32; 0]);
        assert_eq!(runs.offsets(), [0, 1, 2, 2, 5, 5]);
        assert_eq!(Runs::group(0, 0, |_| 0).items(), [] as [u32; 0]);
    }
}

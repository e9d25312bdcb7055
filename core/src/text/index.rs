//! [`HashIndex`]: a sorted list of feature hashes with a hash table for
//! lookups.
//!
//! Models store features as sorted 64-bit hashes (a feature's id is its
//! position), which serializes compactly and deterministically. Looking a
//! hash up by binary search costs a cache miss per probe on a large model;
//! the table, rebuilt on load and never serialized, makes it one probe.

use serde::{Deserialize, Serialize};

use super::Block;

/// Sorted feature hashes (id = position) with a lookup table. Serialized
/// as the sorted list only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(from = "Vec<u64>", into = "Vec<u64>")]
pub(crate) struct HashIndex {
    keys: Vec<u64>,
    /// Open addressing, linear probing: `(key, id)`, [`EMPTY`] as the id of
    /// a free slot. Key and id side by side, so that a probe reads one
    /// cache line.
    table: Vec<(u64, u32)>,
    /// `64 - log2(table.len())`: the slot of a key is the top bits of its
    /// multiplicative hash.
    shift: u32,
    /// Distinct keys in the table.
    distinct: usize,
    /// The first id of the [`Block::Chars`] and of the [`Block::Cjk`]
    /// features: the keys are sorted and the block sits in their top bits.
    blocks: [usize; 2],
}

/// The id of a free slot.
const EMPTY: u32 = u32::MAX;

impl HashIndex {
    #[inline]
    fn home(&self, hash: u64) -> usize {
        // keys are hashes already; the multiply only spreads keys that are
        // not (a table may be built from anything)
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }
}

impl From<Vec<u64>> for HashIndex {
    fn from(keys: Vec<u64>) -> HashIndex {
        // at most half full, at least 16 slots
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut idx = HashIndex {
            keys: Vec::new(),
            table: vec![(0, EMPTY); cap],
            shift: 64 - cap.trailing_zeros(),
            distinct: 0,
            blocks: [
                keys.partition_point(|&k| k >> 62 < 1),
                keys.partition_point(|&k| k >> 62 < 2),
            ],
        };
        let mask = cap - 1;
        for (i, &k) in keys.iter().enumerate() {
            let mut at = idx.home(k);
            loop {
                let slot = &mut idx.table[at];
                if slot.1 == EMPTY {
                    *slot = (k, i as u32);
                    idx.distinct += 1;
                    break;
                }
                if slot.0 == k {
                    // like a map: the last id of a repeated key wins
                    slot.1 = i as u32;
                    break;
                }
                at = (at + 1) & mask;
            }
        }
        idx.keys = keys;
        idx
    }
}

impl From<HashIndex> for Vec<u64> {
    fn from(v: HashIndex) -> Vec<u64> {
        v.keys
    }
}

impl PartialEq for HashIndex {
    fn eq(&self, other: &Self) -> bool {
        self.keys == other.keys
    }
}

impl HashIndex {
    /// The id of `hash`, if present.
    #[inline]
    pub(crate) fn get(&self, hash: u64) -> Option<usize> {
        let mask = self.table.len().wrapping_sub(1);
        let mut at = self.home(hash);
        loop {
            let &(k, id) = self.table.get(at)?;
            if id == EMPTY {
                return None;
            }
            if k == hash {
                return Some(id as usize);
            }
            at = (at + 1) & mask;
        }
    }

    /// The [`Block`] of feature `id` of a consistent index (see
    /// [`HashIndex::is_consistent`]): `block_of(keys()[id])` without reading
    /// the key.
    #[inline]
    pub(crate) fn block_of_id(&self, id: usize) -> Block {
        if id < self.blocks[0] {
            Block::Words
        } else if id < self.blocks[1] {
            Block::Chars
        } else {
            Block::Cjk
        }
    }

    /// The number of hashes.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }

    /// The sorted hashes.
    pub(crate) fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// Whether the keys are strictly increasing and each is in the table
    /// once (a deserialized index with duplicate keys is corrupt).
    pub(crate) fn is_consistent(&self) -> bool {
        self.keys.windows(2).all(|w| w[0] < w[1]) && self.distinct == self.keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_match_positions_and_serialization_is_the_list() {
        let idx = HashIndex::from(vec![3, 9, 1 << 63]);
        assert_eq!(idx.get(9), Some(1));
        assert_eq!(idx.get(1 << 63), Some(2));
        assert_eq!(idx.get(4), None);
        assert!(idx.is_consistent());
        let json = serde_json::to_string(&idx).unwrap();
        assert_eq!(json, format!("[3,9,{}]", 1u64 << 63));
        let back: HashIndex = serde_json::from_str(&json).unwrap();
        assert_eq!(back, idx);
        assert!(!HashIndex::from(vec![5, 5]).is_consistent());
        assert!(!HashIndex::from(vec![6, 5]).is_consistent());
        // a repeated key maps to its last position, as in a map
        assert_eq!(HashIndex::from(vec![5, 7, 5]).get(5), Some(2));
        assert_eq!(HashIndex::default().get(0), None);
        assert_eq!(HashIndex::from(vec![]).get(0), None);
        let blocks = [1, 5, 1 << 62, 3 << 61, 1 << 63, u64::MAX];
        let idx = HashIndex::from(blocks.to_vec());
        for (i, &k) in blocks.iter().enumerate() {
            assert_eq!(idx.block_of_id(i), super::super::block_of(k), "{k:x}");
        }
        // many keys, including ones whose low bits collide
        let keys: Vec<u64> = (0..5000u64).map(|i| i << 40 | 7).collect();
        let big = HashIndex::from(keys.clone());
        assert!(big.is_consistent());
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(big.get(k), Some(i));
            assert_eq!(big.get(k + 1), None);
        }
    }
}

//! [`HashIndex`]: a sorted list of feature hashes with a hash table for
//! lookups.
//!
//! Models store features as sorted 64-bit hashes (a feature's id is its
//! position), which serializes compactly and deterministically. Looking a
//! hash up by binary search costs a cache miss per probe on a large model;
//! the table, rebuilt on load and never serialized, makes it one probe.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize};

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Clone, Copy, Default, Debug)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Sorted feature hashes (id = position) with a lookup table. Serialized
/// as the sorted list only.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(from = "Vec<u64>", into = "Vec<u64>")]
pub(crate) struct HashIndex {
    keys: Vec<u64>,
    table: HashMap<u64, u32, BuildHasherDefault<PassThrough>>,
}

impl From<Vec<u64>> for HashIndex {
    fn from(keys: Vec<u64>) -> HashIndex {
        let table = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, i as u32))
            .collect();
        HashIndex { keys, table }
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
    pub(crate) fn get(&self, hash: u64) -> Option<usize> {
        self.table.get(&hash).map(|&i| i as usize)
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
        self.keys.windows(2).all(|w| w[0] < w[1]) && self.table.len() == self.keys.len()
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
    }
}

//! Typo tolerance: a Levenshtein automaton run over the fst term dictionary.
//!
//! fst's own `Levenshtein` builds a full DFA per query word, which costs far
//! more than the search itself for short dictionaries. This automaton keeps
//! one row of the edit-distance table as its state instead, so building it
//! is free and each fst transition costs O(word length). Distances are over
//! bytes, which equals characters for ASCII words; the FAQ only uses fuzzy
//! matching for words of spaced scripts.

use fst::{Automaton, IntoStreamer, Streamer};

/// Longest word (in bytes) matched fuzzily; longer words only match exactly.
pub(super) const MAX_FUZZY_BYTES: usize = 32;

/// Matches every key within `max` byte edits of `query` that starts with
/// the same byte (typos in the first letter are rare, and requiring it cuts
/// the search by the size of the alphabet).
pub(super) struct Lev<'a> {
    query: &'a [u8],
    max: u8,
}

impl<'a> Lev<'a> {
    pub fn new(query: &'a str, max: u8) -> Lev<'a> {
        let q = query.as_bytes();
        Lev {
            query: &q[..q.len().min(MAX_FUZZY_BYTES)],
            max,
        }
    }
}

/// One row of the edit-distance table, inline (no allocation per step).
#[derive(Clone, Copy)]
pub(super) struct Row {
    d: [u8; MAX_FUZZY_BYTES + 1],
    /// Bytes of the key consumed so far.
    depth: u32,
}

impl Automaton for Lev<'_> {
    /// `None` once no key through here can match.
    type State = Option<Row>;

    fn start(&self) -> Self::State {
        let mut d = [0u8; MAX_FUZZY_BYTES + 1];
        for (i, x) in d.iter_mut().enumerate().take(self.query.len() + 1) {
            *x = i.min(255) as u8;
        }
        Some(Row { d, depth: 0 })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|r| r.d[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let prev = state.as_ref()?;
        if prev.depth == 0 && self.query.first() != Some(&byte) {
            return None;
        }
        let cap = self.max.saturating_add(1);
        let depth = prev.depth as usize + 1;
        let mut row = Row {
            d: [cap; MAX_FUZZY_BYTES + 1],
            depth: depth as u32,
        };
        row.d[0] = prev.d[0].saturating_add(1).min(cap);
        let mut best = row.d[0];
        // Cell i of row `depth` is at least |i − depth|: only the band
        // |i − depth| ≤ max can be below the cap (Ukkonen), the rest stays
        // at the cap, as the full computation would leave it.
        let max = usize::from(self.max);
        let lo = depth.saturating_sub(max + 1);
        let hi = (depth + max).min(self.query.len());
        for i in lo..hi {
            let q = self.query[i];
            let sub = prev.d[i].saturating_add(u8::from(q != byte));
            let del = prev.d[i + 1].saturating_add(1);
            let ins = row.d[i].saturating_add(1);
            let v = sub.min(del).min(ins).min(cap);
            row.d[i + 1] = v;
            best = best.min(v);
        }
        if best > self.max {
            None
        } else {
            Some(row)
        }
    }
}

/// Dictionaries of more keys than this get no [`DeletionFilter`] (its
/// table grows with the keys times their length squared).
pub(super) const MAX_FILTER_KEYS: usize = 50_000;

/// Query words with more ≤2-deletion variants than this skip the filter
/// and go straight to the automaton (hashing them would cost more).
const MAX_QUERY_VARIANTS: usize = 128;

type HashSet64 = std::collections::HashSet<u64, foldhash::fast::FixedState>;

/// A filter in front of the automaton, rebuilt on load: the hashes of every
/// dictionary key with up to one byte deleted (`d1`), and, for keys long
/// enough to be within two edits of a 9-character word, with up to two
/// bytes deleted (`d2`). Two strings within `k` edits have a common string
/// made by at most `k` deletions from each (each substitution deletes on
/// both sides, each insertion or deletion on one side), so a word none of
/// whose own variants is in the table has no key within `k` edits and the
/// fst walk can be skipped with the same result. Hash collisions only let
/// a walk through.
#[derive(Clone, Debug, Default)]
pub(super) struct DeletionFilter {
    on: bool,
    d1: HashSet64,
    d2: HashSet64,
}

impl DeletionFilter {
    /// The filter of a dictionary's keys (off above [`MAX_FILTER_KEYS`]).
    pub fn build<'a>(keys: impl ExactSizeIterator<Item = &'a [u8]>) -> DeletionFilter {
        let mut f = DeletionFilter::default();
        if keys.len() > MAX_FILTER_KEYS {
            return f;
        }
        f.on = true;
        for k in keys {
            // Queries are 5..=MAX_FUZZY_BYTES bytes (9+ for two edits).
            if (4..=MAX_FUZZY_BYTES + 1).contains(&k.len()) {
                deletions(k, 1, |h| {
                    f.d1.insert(h);
                });
            }
            if (7..=MAX_FUZZY_BYTES + 2).contains(&k.len()) {
                deletions(k, 2, |h| {
                    f.d2.insert(h);
                });
            }
        }
        f
    }

    /// False only when no key can be within `max` edits of `word`.
    pub fn may_match(&self, word: &[u8], max: u8) -> bool {
        let n = word.len();
        let variants = 1
            + n
            + if max >= 2 {
                n * n.saturating_sub(1) / 2
            } else {
                0
            };
        // The tables hold keys long enough for words of 5+ bytes (one
        // edit) and 9+ bytes (two edits), as `FaqIndex::fuzzy` asks.
        let min_len = if max >= 2 { 9 } else { 5 };
        if !self.on
            || max > 2
            || n < min_len
            || n > MAX_FUZZY_BYTES
            || variants > MAX_QUERY_VARIANTS
        {
            return true;
        }
        let set = if max == 2 { &self.d2 } else { &self.d1 };
        let mut hit = false;
        deletions(word, max.into(), |h| hit |= set.contains(&h));
        hit
    }
}

/// Calls `f` with the hash of `s` and of every string made by deleting one
/// byte of `s` (and two bytes when `k` is 2); `s` is at most
/// [`MAX_FUZZY_BYTES`] + 2 bytes.
fn deletions(s: &[u8], k: usize, mut f: impl FnMut(u64)) {
    let mut buf = [0u8; MAX_FUZZY_BYTES + 2];
    let n = s.len().min(buf.len());
    let s = &s[..n];
    f(crate::text::hash64(DELETION_SEED, s));
    for i in 0..n {
        buf[..i].copy_from_slice(&s[..i]);
        buf[i..n - 1].copy_from_slice(&s[i + 1..]);
        f(crate::text::hash64(DELETION_SEED, &buf[..n - 1]));
        if k >= 2 {
            // delete i and j > i
            let one = buf;
            for j in i..n - 1 {
                let mut two = one;
                two.copy_within(j + 1..n - 1, j);
                f(crate::text::hash64(DELETION_SEED, &two[..n - 2]));
            }
        }
    }
}

const DELETION_SEED: u64 = 0x00de_1e7e;

/// The dictionary term closest to `word` within `max` edits (ties: the
/// first in key order), with its value and distance.
pub(super) fn closest(dict: &fst::Map<Vec<u8>>, word: &str, max: u8) -> Option<(u64, usize)> {
    let mut stream = dict.search(Lev::new(word, max)).into_stream();
    let mut best: Option<(usize, u64)> = None;
    while let Some((k, v)) = stream.next() {
        let cand = String::from_utf8_lossy(k);
        let d = strsim::levenshtein(word, &cand);
        if best.is_none_or(|b| d < b.0) {
            best = Some((d, v));
        }
    }
    best.map(|(d, v)| (v, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_filter_never_hides_a_match() {
        let keys = [
            "payment",
            "payments",
            "shipping",
            "shopping",
            "refund",
            "items",
            "item1",
            "international",
            "internationally",
            "cancel",
            "envío",
            "naïve",
        ];
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        let m =
            fst::Map::from_iter(sorted.iter().enumerate().map(|(i, k)| (*k, i as u64))).unwrap();
        let f = DeletionFilter::build(sorted.iter().map(|k| k.as_bytes()));
        let words = [
            "paymnt",
            "paymnet",
            "shiping",
            "shoping",
            "refunds",
            "itemz",
            "internatonal",
            "intrenationaly",
            "cancle",
            "cancell",
            "envio",
            "naive",
            "zzzzz",
            "hello",
            "please",
            "thanks",
            "something",
            "international",
        ];
        let mut skipped = 0;
        for w in words {
            for max in [1u8, 2] {
                let found = closest(&m, w, max);
                if !f.may_match(w.as_bytes(), max) {
                    skipped += 1;
                    assert_eq!(found, None, "{w} within {max}");
                }
            }
        }
        assert!(skipped >= 6, "the filter skips far words: {skipped}");
        // Random words over a small alphabet (dense neighbourhoods): no
        // word the automaton matches is ever filtered out.
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut word = |lo: u64, hi: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = lo + x % (hi - lo + 1);
            (0..n)
                .map(|i| char::from(b'a' + ((x >> (i * 2 + 5)) % 4) as u8))
                .collect::<String>()
        };
        let mut keys: Vec<String> = (0..400).map(|_| word(4, 12)).collect();
        keys.sort_unstable();
        keys.dedup();
        let m = fst::Map::from_iter(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i as u64)))
            .unwrap();
        let f = DeletionFilter::build(keys.iter().map(|k| k.as_bytes()));
        let (mut found, mut skipped) = (0, 0);
        for _ in 0..3000 {
            let w = word(5, 13);
            let max = if w.len() >= 9 { 2 } else { 1 };
            let hit = closest(&m, &w, max);
            found += usize::from(hit.is_some());
            if !f.may_match(w.as_bytes(), max) {
                skipped += 1;
                assert_eq!(hit, None, "{w}");
            }
        }
        assert!(
            found > 100 && skipped > 100,
            "{found} found, {skipped} skipped"
        );
        // off for huge dictionaries: everything may match
        assert!(DeletionFilter::default().may_match(b"zzzzz", 1));
    }

    #[test]
    fn finds_keys_within_the_distance() {
        let m = fst::Map::from_iter([("payment", 1u64), ("shipping", 2), ("shopping", 3)]).unwrap();
        assert_eq!(closest(&m, "shiping", 1), Some((2, 1)));
        assert_eq!(
            closest(&m, "paymnet", 1),
            None,
            "a transposition is 2 edits"
        );
        assert_eq!(closest(&m, "paymnet", 2), Some((1, 2)));
        assert_eq!(closest(&m, "zzzzzz", 2), None);
        assert_eq!(
            closest(&m, "xhipping", 1),
            None,
            "the first letter must match"
        );
    }
}

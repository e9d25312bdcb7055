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

//! Typo tolerance: a Levenshtein automaton run over the fst term dictionary.
//!
//! fst's own `Levenshtein` builds a full DFA per query word, which costs far
//! more than the search itself for short dictionaries. This automaton keeps
//! one row of the edit-distance table as its state instead, so building it
//! is free and each fst transition costs O(word length). Distances are over
//! bytes, which equals characters for ASCII words; the FAQ only uses fuzzy
//! matching for words of spaced scripts.

use fst::{Automaton, IntoStreamer, Streamer};

/// Matches every key within `max` byte edits of `query`.
pub(super) struct Lev<'a> {
    query: &'a [u8],
    max: u8,
}

impl<'a> Lev<'a> {
    pub fn new(query: &'a str, max: u8) -> Lev<'a> {
        Lev {
            query: query.as_bytes(),
            max,
        }
    }
}

impl Automaton for Lev<'_> {
    /// The current row of the edit-distance table (saturating at max + 1);
    /// `None` once no key through here can match.
    type State = Option<Vec<u8>>;

    fn start(&self) -> Self::State {
        Some((0..=self.query.len()).map(|i| i.min(255) as u8).collect())
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|row| row.last().is_some_and(|&d| d <= self.max))
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let prev = state.as_ref()?;
        let cap = self.max.saturating_add(1);
        let mut row = Vec::with_capacity(prev.len());
        row.push(prev[0].saturating_add(1).min(cap));
        for (i, &q) in self.query.iter().enumerate() {
            let sub = prev[i].saturating_add(u8::from(q != byte));
            let del = prev[i + 1].saturating_add(1);
            let ins = row[i].saturating_add(1);
            row.push(sub.min(del).min(ins).min(cap));
        }
        if row.iter().all(|&d| d > self.max) {
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
    }
}

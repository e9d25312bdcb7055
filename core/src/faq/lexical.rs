//! The lexical part of the FAQ index: TF-IDF cosine over two channels.
//!
//! * **Words**: words of spaced scripts and character unigrams and bigrams
//!   of CJK runs. The term dictionary is an [`fst::Map`]; a query word that
//!   is not in it is matched through a Levenshtein automaton run over the
//!   fst ([`super::fuzzy`]).
//! * **Characters**: hashed character 2–4-grams inside words, which catch
//!   inflections, compounds and typos that whole words miss.
//!
//! Each channel stores CSR postings of L2-normalized TF-IDF weights, so the
//! cosine of a query with every document is one pass over the postings of
//! the query's terms.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::text::{self, FeatureSpec};

/// Feature spec of the character channel: 2–4-grams inside spaced words
/// (chosen on the first three StackFAQ queries of each entry, which
/// `--alternates 3` indexes; 3–5 and 3–6 did worse, and so did 2–5, 1–4,
/// 2–3, 1–5 and 2–6; 3–4 tied).
pub(super) const CHAR_SPEC: FeatureSpec = FeatureSpec {
    words: false,
    word_bigrams: false,
    char_ngrams: (2, 4),
    cjk_ngrams: (0, 0),
};

/// Appends the word-channel terms of `matching` to `out`, unstemmed:
/// words of spaced scripts, and CJK characters and character bigrams.
pub(super) fn word_terms(matching: &str, out: &mut Vec<String>) {
    let mut terms = Vec::new();
    word_terms_of(&text::tokens(matching), &mut terms);
    out.extend(terms.into_iter().map(Cow::into_owned));
}

/// [`word_terms`] over the [`text::tokens`] of a text, borrowing the
/// tokens (only CJK bigrams are new strings).
pub(super) fn word_terms_of<'a>(toks: &[&'a str], out: &mut Vec<Cow<'a, str>>) {
    let mut prev_cjk: Option<&str> = None;
    for &t in toks {
        if t.chars().next().is_some_and(text::is_unspaced) {
            out.push(Cow::Borrowed(t));
            if let Some(p) = prev_cjk {
                out.push(Cow::Owned(format!("{p}{t}")));
            }
            prev_cjk = Some(t);
        } else {
            out.push(Cow::Borrowed(t));
            prev_cjk = None;
        }
    }
}

/// [`word_terms_of`] for a query: a CJK bigram whose two characters are
/// adjacent in `matching` (the text the tokens borrow from) borrows it too
/// instead of allocating; the terms are the same.
pub(super) fn query_word_terms<'a>(
    matching: &'a str,
    toks: &[&'a str],
    out: &mut Vec<Cow<'a, str>>,
) {
    let base = matching.as_ptr() as usize;
    // The byte range of a token inside `matching`, when it is a slice of it.
    let range = |t: &str| {
        let start = (t.as_ptr() as usize).checked_sub(base)?;
        let end = start + t.len();
        (end <= matching.len()).then_some((start, end))
    };
    let mut prev_cjk: Option<&str> = None;
    for &t in toks {
        if t.chars().next().is_some_and(text::is_unspaced) {
            out.push(Cow::Borrowed(t));
            if let Some(p) = prev_cjk {
                match (range(p), range(t)) {
                    (Some((a, pe)), Some((ts, b))) if pe == ts => {
                        out.push(Cow::Borrowed(matching.get(a..b).unwrap_or_default()));
                    }
                    _ => out.push(Cow::Owned(format!("{p}{t}"))),
                }
            }
            prev_cjk = Some(t);
        } else {
            out.push(Cow::Borrowed(t));
            prev_cjk = None;
        }
    }
}

/// Namespace of `text`'s character n-gram hashes and the tag of their block
/// (see [`text::hash64`] and [`text::block_of`]).
const NS_CHAR: u64 = 3;
const CHARS_TAG: u64 = 1 << 62;

/// [`char_terms_of`] in another order (callers sort the hashes): each
/// gram start is hashed once for all three sizes, FNV-1a being a running
/// hash, instead of once per size.
pub(super) fn query_char_terms(toks: &[&str], out: &mut Vec<u64>) {
    let (lo, hi) = (
        CHAR_SPEC.char_ngrams.0 as usize,
        CHAR_SPEC.char_ngrams.1 as usize,
    );
    let start = 0xcbf2_9ce4_8422_2325u64 ^ NS_CHAR.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let finish = |mut h: u64| {
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        (h & !(3u64 << 62)) | CHARS_TAG
    };
    let mut buf: Vec<u8> = Vec::new();
    let mut idx: Vec<usize> = Vec::new();
    for &t in toks {
        if t.chars().next().is_some_and(text::is_unspaced) {
            continue;
        }
        buf.clear();
        buf.push(b'^');
        buf.extend_from_slice(t.as_bytes());
        buf.push(b'$');
        idx.clear();
        if t.is_ascii() {
            idx.extend(0..=buf.len());
        } else {
            idx.push(0);
            idx.extend(t.char_indices().map(|(i, _)| i + 1));
            idx.push(buf.len() - 1);
            idx.push(buf.len());
        }
        let nchars = idx.len() - 1;
        for s in 0..nchars {
            let mut h = start;
            let mut at = idx[s];
            for n in 1..=hi.min(nchars - s) {
                for &b in &buf[at..idx[s + n]] {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
                at = idx[s + n];
                if n >= lo {
                    out.push(finish(h));
                }
            }
        }
    }
}

/// Appends the char-channel feature hashes of `matching` to `out`.
pub(super) fn char_terms(matching: &str, out: &mut Vec<u64>) {
    text::features(matching, &CHAR_SPEC, out);
}

/// [`char_terms`] over the [`text::tokens`] of a text.
#[cfg(test)]
pub(super) fn char_terms_of(toks: &[&str], out: &mut Vec<u64>) {
    text::for_each_feature_of_tokens(toks, &CHAR_SPEC, |h, _| out.push(h));
}

/// Postings of one channel: term `t`'s documents are
/// `doc[off[t]..off[t + 1]]` with weights `w[..]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Postings {
    pub idf: Vec<f32>,
    pub off: Vec<u32>,
    pub doc: Vec<u32>,
    pub w: Vec<f32>,
    /// IDF of a term seen in no document (used for unknown query terms).
    pub max_idf: f32,
}

impl Postings {
    /// Builds postings from per-document term ids (`terms[d]` may repeat
    /// ids); `n_terms` is the dictionary size.
    pub fn build(terms: &[Vec<u32>], n_terms: usize) -> Postings {
        let n = terms.len() as f32;
        let mut df = vec![0u32; n_terms];
        for d in terms {
            let mut u = d.clone();
            u.sort_unstable();
            u.dedup();
            for t in u {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| libm::logf((1.0 + n) / (1.0 + d as f32)) + 1.0)
            .collect();
        let mut per_term: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_terms];
        for (di, d) in terms.iter().enumerate() {
            let mut tf: BTreeMap<u32, f32> = BTreeMap::new();
            for &t in d {
                *tf.entry(t).or_insert(0.0) += 1.0;
            }
            let w: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(t, c)| (t, (1.0 + libm::logf(c)) * idf[t as usize]))
                .collect();
            let norm = w.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
            for (t, v) in w {
                per_term[t as usize].push((di as u32, if norm > 0.0 { v / norm } else { 0.0 }));
            }
        }
        let mut p = Postings {
            idf,
            off: vec![0],
            doc: Vec::new(),
            w: Vec::new(),
            max_idf: libm::logf(1.0 + n) + 1.0,
        };
        for list in per_term {
            for (d, w) in list {
                p.doc.push(d);
                p.w.push(w);
            }
            p.off.push(p.doc.len() as u32);
        }
        p
    }

    /// True when the tables fit together for `n_docs` documents.
    pub fn is_consistent(&self, n_terms: usize, n_docs: usize) -> bool {
        self.idf.len() == n_terms
            && self.off.len() == n_terms + 1
            && self.doc.len() == self.w.len()
            && self.off.windows(2).all(|w| w[0] <= w[1])
            && self
                .off
                .last()
                .is_some_and(|&l| l as usize == self.doc.len())
            && self.doc.iter().all(|&d| (d as usize) < n_docs)
            && self
                .idf
                .iter()
                .chain(&self.w)
                .chain([&self.max_idf])
                .all(|&x| crate::text::is_sane_weight(x))
    }

    /// The number of documents of term `t`.
    pub fn len_of(&self, t: usize) -> usize {
        (self.off[t + 1] - self.off[t]) as usize
    }

    /// Adds `q × posting` of term `t` to `scores`, noting documents seen
    /// for the first time in `touched`.
    pub fn accumulate(&self, t: usize, q: f32, scores: &mut [f32], touched: &mut Vec<u32>) {
        let (a, b) = (self.off[t] as usize, self.off[t + 1] as usize);
        for (&d, &w) in self.doc[a..b].iter().zip(&self.w[a..b]) {
            let x = q * w;
            if x > 0.0 {
                let s = &mut scores[d as usize];
                if *s == 0.0 {
                    touched.push(d);
                }
                *s += x;
            }
        }
    }

    /// Adds `q × posting` of term `t` to `scores` without noting which
    /// documents it touched, for indexes of at most `N` (a power of two)
    /// documents, whose touched documents are found by one pass over
    /// `scores`. Document ids are masked with `N − 1`, which changes none
    /// of them and proves every index in bounds. Query weights are never
    /// negative and the sums are [`Postings::accumulate`]'s.
    pub fn accumulate_fixed<const N: usize>(&self, t: usize, q: f32, scores: &mut [f32; N]) {
        debug_assert!(N.is_power_of_two());
        let (a, b) = (self.off[t] as usize, self.off[t + 1] as usize);
        for (&d, &w) in self.doc[a..b].iter().zip(&self.w[a..b]) {
            scores[d as usize & (N - 1)] += q * w;
        }
    }
}

/// The postings of one channel turned around: document `d`'s terms are
/// `term[off[d]..off[d + 1]]` (ascending) with weights `w[..]`. Rebuilt on
/// load, never serialized; used to score a few candidate documents exactly
/// when the index is too large to walk every posting of a query.
#[derive(Clone, Debug, Default)]
pub(super) struct Forward {
    off: Vec<u32>,
    term: Vec<u32>,
    w: Vec<f32>,
}

impl Forward {
    /// Inverts `p` (consistent for `n_docs` documents).
    pub fn build(p: &Postings, n_docs: usize) -> Forward {
        let mut count = vec![0u32; n_docs + 1];
        for &d in &p.doc {
            count[d as usize + 1] += 1;
        }
        for i in 1..count.len() {
            count[i] += count[i - 1];
        }
        let off = count.clone();
        let mut next = count;
        let mut term = vec![0u32; p.doc.len()];
        let mut w = vec![0f32; p.doc.len()];
        for t in 0..p.off.len().saturating_sub(1) {
            for k in p.off[t] as usize..p.off[t + 1] as usize {
                let d = p.doc[k] as usize;
                let at = next[d] as usize;
                term[at] = t as u32;
                w[at] = p.w[k];
                next[d] += 1;
            }
        }
        Forward { off, term, w }
    }

    /// Reads the first term and weight of each of `docs`, one document
    /// after another with no dependency between them, so that their
    /// cache misses overlap before [`Forward::dot`] walks each list (the
    /// rest of a list follows in order, which the hardware prefetches).
    pub fn warm(&self, docs: &[u32]) {
        let mut x = 0u32;
        for &d in docs {
            let a = self.off.get(d as usize).copied().unwrap_or(0) as usize;
            x ^= self.term.get(a).copied().unwrap_or(0);
            x ^= self.w.get(a).map_or(0, |w| w.to_bits());
        }
        std::hint::black_box(x);
    }

    /// The dot product of document `d` with `query` (the weight of each
    /// term, 0 for terms not in the query).
    pub fn dot(&self, d: usize, query: &[f32]) -> f32 {
        let (a, b) = (self.off[d] as usize, self.off[d + 1] as usize);
        self.term[a..b]
            .iter()
            .zip(&self.w[a..b])
            .map(|(&t, &w)| query.get(t as usize).copied().unwrap_or(0.0) * w)
            .sum()
    }
}

/// The best postings of each long term of one channel: for every term with
/// more than [`TopPostings::TOP`] documents, its `TOP` postings of largest
/// weight, by weight descending then document ascending (terms with fewer
/// documents have none). Rebuilt on load, never serialized; lets a large
/// index find the best documents of a single long term without walking
/// its postings.
#[derive(Clone, Debug, Default)]
pub(super) struct TopPostings {
    off: Vec<u32>,
    doc: Vec<u32>,
    w: Vec<f32>,
}

impl TopPostings {
    /// Postings kept per long term.
    pub const TOP: usize = 256;

    /// The best postings of `p`'s long terms (`p` consistent).
    pub fn build(p: &Postings) -> TopPostings {
        let mut top = TopPostings {
            off: Vec::with_capacity(p.off.len()),
            doc: Vec::new(),
            w: Vec::new(),
        };
        top.off.push(0);
        // Weight descending, then document ascending.
        let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut list: Vec<(u32, f32)> = Vec::new();
        for t in 0..p.off.len().saturating_sub(1) {
            let (a, b) = (p.off[t] as usize, p.off[t + 1] as usize);
            // (A term listing a document twice, which no built index
            // does, is left to the walk, which sums the repeats.)
            let distinct = p.doc[a..b].windows(2).all(|d| d[0] < d[1]);
            if b - a > Self::TOP && distinct {
                list.clear();
                list.extend(p.doc[a..b].iter().copied().zip(p.w[a..b].iter().copied()));
                list.select_nth_unstable_by(Self::TOP - 1, order);
                list.truncate(Self::TOP);
                list.sort_unstable_by(order);
                for &(d, w) in &list {
                    top.doc.push(d);
                    top.w.push(w);
                }
            }
            top.off.push(top.doc.len() as u32);
        }
        top
    }

    /// Term `t`'s best postings (documents, weights), empty when it has at
    /// most [`TopPostings::TOP`] documents or was not built.
    pub fn of(&self, t: usize) -> (&[u32], &[f32]) {
        match (self.off.get(t), self.off.get(t + 1)) {
            (Some(&a), Some(&b)) => {
                let r = a as usize..b as usize;
                (
                    self.doc.get(r.clone()).unwrap_or_default(),
                    self.w.get(r).unwrap_or_default(),
                )
            }
            _ => (&[], &[]),
        }
    }
}

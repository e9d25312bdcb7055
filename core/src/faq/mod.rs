//! FAQ retrieval with answer / clarify / no-answer.
//!
//! [`FaqIndex`] indexes every question of every entry (all languages, in the
//! [matching form](crate::text::matching_form), so Traditional questions find
//! Simplified entries) as a TF-IDF vector over *terms*: words for spaced
//! scripts, character unigrams and bigrams for CJK. The term dictionary is an
//! [`fst::Map`]; query words missing from it are matched with an fst
//! Levenshtein automaton (distance 1, or 2 for long words) at a discount, so
//! `shiping` still finds `shipping`.
//!
//! An entry's score is the best cosine similarity between the query and any
//! of its questions, in 0..1. Unknown query terms count in the query norm,
//! so a message about something else scores low. The status is:
//!
//! * `no_answer` when the best score is below `clarify_threshold`;
//! * `clarify` when the two best entries are within `clarify_margin` of each
//!   other, or the best is plausible but below `answer_threshold`;
//! * `answer` otherwise.
//!
//! ```
//! use kefu::faq::{FaqIndex, FaqOptions};
//! use kefu::definition::FaqEntry;
//! let entry = |id: &str, q: &str, a: &str| FaqEntry {
//!     id: id.into(),
//!     questions: [("en".to_string(), vec![q.to_string()])].into(),
//!     answer: [("en".to_string(), a.to_string())].into(),
//!     tags: vec![],
//! };
//! let idx = FaqIndex::build(&[
//!     entry("ship", "which countries do you ship to", "We ship to 40 countries."),
//!     entry("pay", "which payment methods do you accept", "Cards and PayPal."),
//! ], "en", &FaqOptions::default())?;
//! let r = idx.search("what countries do you ship to?", "en");
//! assert_eq!(r.hits[0].id, "ship");
//! # Ok::<(), kefu::Error>(())
//! ```

use std::collections::BTreeMap;

use fst::{IntoStreamer, Streamer};
use serde::{Deserialize, Serialize};

use crate::analysis::{FaqHit, FaqResult, FaqStatus};
use crate::definition::FaqEntry;
use crate::error::{Error, ErrorKind, Result};
use crate::text;

/// Thresholds of the answer / clarify / no-answer decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqOptions {
    /// Minimum score to answer.
    pub answer_threshold: f32,
    /// Minimum score to be worth a clarifying question.
    pub clarify_threshold: f32,
    /// Two entries closer than this are ambiguous.
    pub clarify_margin: f32,
    /// Hits returned.
    pub top_k: usize,
    /// Weight of a term matched only through typo tolerance.
    pub fuzzy_weight: f32,
}

impl Default for FaqOptions {
    fn default() -> Self {
        FaqOptions {
            answer_threshold: 0.45,
            clarify_threshold: 0.28,
            clarify_margin: 0.06,
            top_k: 3,
            fuzzy_weight: 0.7,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Entry {
    id: String,
    /// language tag → first question
    question: BTreeMap<String, String>,
    /// language tag → answer
    answer: BTreeMap<String, String>,
}

/// The serializable part of the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Model {
    entries: Vec<Entry>,
    default_language: String,
    options: FaqOptions,
    /// Bytes of the fst term → term id map.
    terms: Vec<u8>,
    idf: Vec<f32>,
    /// CSR postings: term t's docs are `post_doc[post_off[t]..post_off[t+1]]`.
    post_off: Vec<u32>,
    post_doc: Vec<u32>,
    post_w: Vec<f32>,
    /// Document (question) → entry index.
    doc_entry: Vec<u32>,
    max_idf: f32,
}

/// A searchable FAQ. See the [module docs](self).
#[derive(Clone)]
pub struct FaqIndex {
    model: Model,
    terms: fst::Map<Vec<u8>>,
}

impl std::fmt::Debug for FaqIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqIndex")
            .field("entries", &self.model.entries.len())
            .field("terms", &self.terms.len())
            .finish()
    }
}

impl PartialEq for FaqIndex {
    fn eq(&self, other: &Self) -> bool {
        self.model == other.model
    }
}

/// Appends the terms of `matching` to `out`.
fn terms_of(matching: &str, out: &mut Vec<String>) {
    let toks = text::tokens(matching);
    let mut prev_cjk: Option<&str> = None;
    for t in toks {
        if t.chars().next().is_some_and(text::is_unspaced) {
            out.push(t.to_string());
            if let Some(p) = prev_cjk {
                out.push(format!("{p}{t}"));
            }
            prev_cjk = Some(t);
        } else {
            out.push(t.to_string());
            prev_cjk = None;
        }
    }
}

impl FaqIndex {
    /// Indexes `entries`; `default_language` is the reply fallback.
    pub fn build(
        entries: &[FaqEntry],
        default_language: &str,
        options: &FaqOptions,
    ) -> Result<FaqIndex> {
        let mut docs: Vec<Vec<String>> = Vec::new();
        let mut doc_entry = Vec::new();
        let mut stored = Vec::with_capacity(entries.len());
        for (ei, e) in entries.iter().enumerate() {
            for qs in e.questions.values() {
                for q in qs {
                    let mut t = Vec::new();
                    terms_of(&text::matching_form(q), &mut t);
                    docs.push(t);
                    doc_entry.push(ei as u32);
                }
            }
            stored.push(Entry {
                id: e.id.clone(),
                question: e
                    .questions
                    .iter()
                    .filter_map(|(l, qs)| qs.first().map(|q| (l.clone(), q.clone())))
                    .collect(),
                answer: e.answer.clone(),
            });
        }
        // term → (df, id) in sorted order, as the fst needs.
        let mut df: BTreeMap<&str, u32> = BTreeMap::new();
        for d in &docs {
            let mut u: Vec<&str> = d.iter().map(String::as_str).collect();
            u.sort_unstable();
            u.dedup();
            for t in u {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        let n = docs.len() as f32;
        let idf: Vec<f32> = df
            .values()
            .map(|&d| libm::logf((1.0 + n) / (1.0 + d as f32)) + 1.0)
            .collect();
        let max_idf = libm::logf(1.0 + n) + 1.0;
        let term_ids: BTreeMap<&str, u32> =
            df.keys().enumerate().map(|(i, t)| (*t, i as u32)).collect();
        let terms_bytes =
            fst::Map::from_iter(term_ids.iter().map(|(t, &i)| (t.as_bytes(), u64::from(i))))
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Training,
                        format!("faq: cannot build the term dictionary: {e}"),
                    )
                })?
                .into_fst()
                .into_inner();
        // Postings.
        let mut per_term: Vec<Vec<(u32, f32)>> = vec![Vec::new(); term_ids.len()];
        for (di, d) in docs.iter().enumerate() {
            let mut tf: BTreeMap<u32, f32> = BTreeMap::new();
            for t in d {
                if let Some(&id) = term_ids.get(t.as_str()) {
                    *tf.entry(id).or_insert(0.0) += 1.0;
                }
            }
            let w: Vec<(u32, f32)> = tf
                .into_iter()
                .map(|(id, c)| (id, (1.0 + libm::logf(c)) * idf[id as usize]))
                .collect();
            let norm = w.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
            for (id, v) in w {
                per_term[id as usize].push((di as u32, if norm > 0.0 { v / norm } else { 0.0 }));
            }
        }
        let mut post_off = vec![0u32];
        let mut post_doc = Vec::new();
        let mut post_w = Vec::new();
        for p in per_term {
            for (d, w) in p {
                post_doc.push(d);
                post_w.push(w);
            }
            post_off.push(post_doc.len() as u32);
        }
        let model = Model {
            entries: stored,
            default_language: default_language.to_string(),
            options: options.clone(),
            terms: terms_bytes,
            idf,
            post_off,
            post_doc,
            post_w,
            doc_entry,
            max_idf,
        };
        Self::from_model(model)
    }

    fn from_model(model: Model) -> Result<FaqIndex> {
        let terms = fst::Map::new(model.terms.clone())
            .map_err(|e| Error::bundle(format!("faq term dictionary is corrupt: {e}")))?;
        let n_terms = terms.len();
        let consistent = model.idf.len() == n_terms
            && model.post_off.len() == n_terms + 1
            && model.post_doc.len() == model.post_w.len()
            && model.post_off.windows(2).all(|w| w[0] <= w[1])
            && model
                .post_off
                .last()
                .is_some_and(|&l| l as usize == model.post_doc.len())
            && model
                .post_doc
                .iter()
                .all(|&d| (d as usize) < model.doc_entry.len())
            && model
                .doc_entry
                .iter()
                .all(|&e| (e as usize) < model.entries.len());
        if !consistent {
            return Err(Error::bundle("faq index tables are inconsistent"));
        }
        Ok(FaqIndex { model, terms })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.model.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.model.entries.is_empty()
    }

    /// The decision thresholds.
    pub fn options(&self) -> &FaqOptions {
        &self.model.options
    }

    /// Replaces the decision thresholds.
    pub fn set_options(&mut self, options: FaqOptions) {
        self.model.options = options;
    }

    /// Searches raw `text`, answering in `reply_language`.
    pub fn search(&self, text: &str, reply_language: &str) -> FaqResult {
        self.search_matching(&text::matching_form(text), reply_language)
    }

    /// Scores every entry for text already in matching form; returns
    /// `(entry index, score)` best first, only scores > 0.
    pub fn scores(&self, matching: &str) -> Vec<(usize, f32)> {
        let m = &self.model;
        let mut terms = Vec::new();
        terms_of(matching, &mut terms);
        terms.sort_unstable();
        let mut doc_scores = vec![0f32; m.doc_entry.len()];
        let mut qnorm = 0f32;
        let mut i = 0;
        while i < terms.len() {
            let mut j = i + 1;
            while j < terms.len() && terms[j] == terms[i] {
                j += 1;
            }
            let tf = 1.0 + libm::logf((j - i) as f32);
            let t = &terms[i];
            let (id, factor) = match self.terms.get(t) {
                Some(id) => (Some(id as usize), 1.0),
                None => (self.fuzzy(t), m.options.fuzzy_weight),
            };
            match id {
                Some(id) => {
                    let w = tf * m.idf[id] * factor;
                    qnorm += w * w;
                    let (a, b) = (m.post_off[id] as usize, m.post_off[id + 1] as usize);
                    for k in a..b {
                        doc_scores[m.post_doc[k] as usize] += w * m.post_w[k];
                    }
                }
                None => {
                    let w = tf * m.max_idf;
                    qnorm += w * w;
                }
            }
            i = j;
        }
        if qnorm == 0.0 {
            return Vec::new();
        }
        let qn = qnorm.sqrt();
        let mut entry_scores = vec![0f32; m.entries.len()];
        for (d, s) in doc_scores.iter().enumerate() {
            let e = m.doc_entry[d] as usize;
            let s = (s / qn).min(1.0);
            if s > entry_scores[e] {
                entry_scores[e] = s;
            }
        }
        let mut ranked: Vec<(usize, f32)> = entry_scores
            .into_iter()
            .enumerate()
            .filter(|&(_, s)| s > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }

    /// The closest dictionary term within a small edit distance, for words
    /// of spaced scripts of 4 chars or more.
    fn fuzzy(&self, term: &str) -> Option<usize> {
        let n = term.chars().count();
        if n < 4 || !term.chars().all(char::is_alphabetic) || term.chars().any(text::is_unspaced) {
            return None;
        }
        let dist = if n >= 8 { 2 } else { 1 };
        let aut = fst::automaton::Levenshtein::new(term, dist).ok()?;
        let mut stream = self.terms.search(aut).into_stream();
        let mut best: Option<(usize, usize, Vec<u8>)> = None;
        while let Some((k, v)) = stream.next() {
            let cand = String::from_utf8_lossy(k);
            let d = strsim::levenshtein(term, &cand);
            if best.as_ref().is_none_or(|b| d < b.0) {
                best = Some((d, v as usize, k.to_vec()));
            }
        }
        best.map(|b| b.1)
    }

    /// Searches text already in [matching form](text::matching_form).
    pub fn search_matching(&self, matching: &str, reply_language: &str) -> FaqResult {
        let ranked = self.scores(matching);
        let o = &self.model.options;
        let s1 = ranked.first().map_or(0.0, |r| r.1);
        let s2 = ranked.get(1).map_or(0.0, |r| r.1);
        let status = if s1 < o.clarify_threshold {
            FaqStatus::NoAnswer
        } else if s2 >= o.clarify_threshold && s1 - s2 < o.clarify_margin {
            FaqStatus::Clarify
        } else if s1 >= o.answer_threshold {
            FaqStatus::Answer
        } else {
            FaqStatus::Clarify
        };
        let hits = ranked
            .into_iter()
            .take(o.top_k)
            .map(|(e, score)| self.hit(e, score, reply_language))
            .collect();
        FaqResult { status, hits }
    }

    fn hit(&self, e: usize, score: f32, lang: &str) -> FaqHit {
        let entry = &self.model.entries[e];
        let pick = |m: &BTreeMap<String, String>| -> String {
            m.get(lang)
                .or_else(|| m.get(&self.model.default_language))
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default()
        };
        FaqHit {
            id: entry.id.clone(),
            score,
            question: pick(&entry.question),
            answer: pick(&entry.answer),
        }
    }

    /// Serializes the index (used by the bot bundle).
    pub(crate) fn to_parts(&self) -> FaqParts {
        FaqParts(self.model.clone())
    }

    /// Rebuilds an index from [`FaqIndex::to_parts`], validating it.
    pub(crate) fn from_parts(parts: FaqParts) -> Result<FaqIndex> {
        Self::from_model(parts.0)
    }
}

/// The serializable form of a [`FaqIndex`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct FaqParts(Model);

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, qs: &[(&str, &str)], a: &[(&str, &str)]) -> FaqEntry {
        let mut questions: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (l, q) in qs {
            questions
                .entry(l.to_string())
                .or_default()
                .push(q.to_string());
        }
        FaqEntry {
            id: id.into(),
            questions,
            answer: a
                .iter()
                .map(|(l, t)| (l.to_string(), t.to_string()))
                .collect(),
            tags: vec![],
        }
    }

    fn index() -> FaqIndex {
        FaqIndex::build(
            &[
                entry(
                    "shipping-countries",
                    &[
                        ("en", "which countries do you ship to"),
                        ("zh-Hans", "你们寄送到哪些国家"),
                    ],
                    &[
                        ("en", "We ship to 40 countries."),
                        ("zh-Hans", "我们寄送到40个国家。"),
                        ("zh-Hant", "我們寄送到40個國家。"),
                    ],
                ),
                entry(
                    "payment-methods",
                    &[
                        ("en", "which payment methods do you accept"),
                        ("en", "can i pay with paypal"),
                    ],
                    &[("en", "Cards and PayPal.")],
                ),
                entry(
                    "return-window",
                    &[("en", "how many days do i have to return an item")],
                    &[("en", "30 days.")],
                ),
            ],
            "en",
            &FaqOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn answers_paraphrase_in_reply_language() {
        let idx = index();
        let r = idx.search("do you ship to which countries?", "zh-Hant");
        assert_eq!(r.status, FaqStatus::Answer);
        assert_eq!(r.hits[0].id, "shipping-countries");
        assert_eq!(r.hits[0].answer, "我們寄送到40個國家。");
        // Traditional query finds the Simplified question
        let r = idx.search("你們寄送到哪些國家", "zh-Hant");
        assert_eq!(r.hits[0].id, "shipping-countries");
        assert_eq!(r.status, FaqStatus::Answer);
        // falls back to the default language
        assert_eq!(
            idx.search("can i pay with paypal", "es").hits[0].answer,
            "Cards and PayPal."
        );
    }

    #[test]
    fn typo_tolerance_through_levenshtein() {
        let idx = index();
        let r = idx.search("paypall payment methds", "en");
        assert_eq!(r.hits[0].id, "payment-methods");
    }

    #[test]
    fn unrelated_question_has_no_answer() {
        let idx = index();
        let r = idx.search("what is the meaning of life and the universe", "en");
        assert_eq!(r.status, FaqStatus::NoAnswer);
        assert_eq!(idx.search("", "en").status, FaqStatus::NoAnswer);
    }

    #[test]
    fn close_hits_ask_to_clarify() {
        let idx = FaqIndex::build(
            &[
                entry("a", &[("en", "reset password email")], &[("en", "A")]),
                entry("b", &[("en", "reset password phone")], &[("en", "B")]),
            ],
            "en",
            &FaqOptions::default(),
        )
        .unwrap();
        let r = idx.search("reset password", "en");
        assert_eq!(r.status, FaqStatus::Clarify);
        assert_eq!(r.hits.len(), 2);
    }

    #[test]
    fn parts_round_trip_and_corruption_is_typed() {
        let idx = index();
        let back = FaqIndex::from_parts(idx.to_parts()).unwrap();
        assert_eq!(back, idx);
        let mut parts = idx.to_parts();
        parts.0.terms.truncate(5);
        assert!(FaqIndex::from_parts(parts).unwrap_err().is_bundle());
        let mut parts = idx.to_parts();
        parts.0.post_doc.push(999);
        parts.0.post_w.push(1.0);
        assert!(FaqIndex::from_parts(parts).unwrap_err().is_bundle());
    }
}

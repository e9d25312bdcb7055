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

mod fuzzy;
mod gaps;
mod lexical;

pub use gaps::{clusters_to_jsonl, GapCluster, GapEvent, GapLog};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{FaqHit, FaqResult, FaqStatus};
use crate::definition::FaqEntry;
use crate::error::{Error, Result};
use crate::intent::{Example, IntentClassifier, IntentOptions, OnConflict};
use crate::text::{self, HashIndex};
use lexical::{char_terms, runs, word_terms, Postings};

/// Weights and thresholds of FAQ scoring and of the answer / clarify /
/// no-answer decision.
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
    /// Weight of a match against an entry's answer text (questions weigh 1).
    pub answer_weight: f32,
    /// Index answers too (zero-shot retrieval benefits from their words).
    pub index_answers: bool,
    /// Weight of the word channel against the character channel (0..1).
    pub word_weight: f32,
}

impl Default for FaqOptions {
    fn default() -> Self {
        FaqOptions {
            answer_threshold: 0.45,
            clarify_threshold: 0.28,
            clarify_margin: 0.06,
            top_k: 3,
            fuzzy_weight: 0.7,
            answer_weight: 0.6,
            index_answers: true,
            // Chosen on the first three StackFAQ queries of each entry:
            // characters carry paraphrases, words add precision.
            word_weight: 0.2,
        }
    }
}

impl FaqOptions {
    /// Whether every weight and threshold is finite and bounded (a bundle
    /// with NaN thresholds would answer nothing or everything).
    pub(crate) fn is_sane(&self) -> bool {
        [
            self.answer_threshold,
            self.clarify_threshold,
            self.clarify_margin,
            self.fuzzy_weight,
            self.answer_weight,
            self.word_weight,
        ]
        .into_iter()
        .all(crate::text::is_sane_weight)
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
    /// Document → entry index.
    doc_entry: Vec<u32>,
    /// Document is an answer (else a question).
    doc_answer: Vec<bool>,
    /// The word dictionary, sorted; a word's term id is its position. The
    /// fst is built from it on load: fst's builder output differs between
    /// 32- and 64-bit targets, and bundles must be byte-identical on
    /// x86_64 and wasm32.
    words: Vec<String>,
    word_post: Postings,
    /// Sorted char-gram hashes (term id = position), with a lookup table.
    chars: HashIndex,
    char_post: Postings,
    /// Classifier over the entries' questions, when some entry has
    /// alternate questions (labels are entry ids).
    classifier: Option<IntentClassifier>,
}

/// A searchable FAQ. See the [module docs](self).
#[derive(Clone)]
pub struct FaqIndex {
    model: Model,
    words: fst::Map<Vec<u8>>,
}

impl std::fmt::Debug for FaqIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FaqIndex")
            .field("entries", &self.model.entries.len())
            .field("words", &self.words.len())
            .finish()
    }
}

impl PartialEq for FaqIndex {
    fn eq(&self, other: &Self) -> bool {
        self.model == other.model
    }
}

impl FaqIndex {
    /// Indexes `entries`; `default_language` is the reply fallback.
    pub fn build(
        entries: &[FaqEntry],
        default_language: &str,
        options: &FaqOptions,
    ) -> Result<FaqIndex> {
        let mut doc_entry = Vec::new();
        let mut doc_answer = Vec::new();
        let mut doc_words: Vec<Vec<String>> = Vec::new();
        let mut doc_chars: Vec<Vec<u64>> = Vec::new();
        let mut stored = Vec::with_capacity(entries.len());
        let mut examples = Vec::new();
        let mut has_alternates = false;
        let mut add_doc = |ei: usize, answer: bool, t: &str| {
            let m = text::matching_form(t);
            let mut w = Vec::new();
            word_terms(&m, &mut w);
            let mut c = Vec::new();
            char_terms(&m, &mut c);
            doc_entry.push(ei as u32);
            doc_answer.push(answer);
            doc_words.push(w);
            doc_chars.push(c);
        };
        for (ei, e) in entries.iter().enumerate() {
            let n_questions: usize = e.questions.values().map(Vec::len).sum();
            has_alternates |= n_questions > 1;
            for q in e.questions.values().flatten() {
                add_doc(ei, false, q);
                examples.push(Example::new(q.clone(), e.id.clone()));
            }
            if options.index_answers {
                for a in e.answer.values() {
                    add_doc(ei, true, a);
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
        // Word channel: sorted dictionary → ids, as the fst needs.
        let mut dict: BTreeMap<&str, u32> = BTreeMap::new();
        for d in &doc_words {
            for t in d {
                dict.insert(t.as_str(), 0);
            }
        }
        for (i, v) in dict.values_mut().enumerate() {
            *v = i as u32;
        }
        let word_ids: Vec<Vec<u32>> = doc_words
            .iter()
            .map(|d| {
                d.iter()
                    .filter_map(|t| dict.get(t.as_str()).copied())
                    .collect()
            })
            .collect();
        let word_post = Postings::build(&word_ids, dict.len());
        let words: Vec<String> = dict.keys().map(|t| t.to_string()).collect();
        // Char channel.
        let mut chars: Vec<u64> = doc_chars.iter().flatten().copied().collect();
        chars.sort_unstable();
        chars.dedup();
        let char_ids: Vec<Vec<u32>> = doc_chars
            .iter()
            .map(|d| {
                d.iter()
                    .filter_map(|h| chars.binary_search(h).ok().map(|i| i as u32))
                    .collect()
            })
            .collect();
        let char_post = Postings::build(&char_ids, chars.len());
        let chars = HashIndex::from(chars);
        // Classifier over questions when entries have alternates.
        let classifier = if has_alternates && entries.len() >= 2 {
            let opts = IntentOptions {
                cv_folds: 0,
                on_conflict: OnConflict::Keep,
                top_k: options.top_k.max(5),
                ..IntentOptions::default()
            };
            Some(IntentClassifier::train(&examples, None, &opts)?)
        } else {
            None
        };
        let model = Model {
            entries: stored,
            default_language: default_language.to_string(),
            options: options.clone(),
            doc_entry,
            doc_answer,
            words,
            word_post,
            chars,
            char_post,
            classifier,
        };
        Self::from_model(model)
    }

    fn from_model(model: Model) -> Result<FaqIndex> {
        if !model.words.windows(2).all(|w| w[0] < w[1]) {
            return Err(Error::bundle("faq word dictionary is not sorted"));
        }
        let words = fst::Map::from_iter(
            model
                .words
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_bytes(), i as u64)),
        )
        .map_err(|e| Error::bundle(format!("faq word dictionary is corrupt: {e}")))?;
        let n_docs = model.doc_entry.len();
        let consistent = model.word_post.is_consistent(words.len(), n_docs)
            && model.char_post.is_consistent(model.chars.len(), n_docs)
            && model.doc_answer.len() == n_docs
            && model.chars.is_consistent()
            && model
                .doc_entry
                .iter()
                .all(|&e| (e as usize) < model.entries.len())
            && words.len() == model.words.len()
            && model.options.is_sane();
        if !consistent {
            return Err(Error::bundle("faq index tables are inconsistent"));
        }
        if let Some(c) = &model.classifier {
            c.check()?;
        }
        Ok(FaqIndex { model, words })
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.model.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.model.entries.is_empty()
    }

    /// The entry ids, in index order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.model.entries.iter().map(|e| e.id.as_str())
    }

    /// The decision thresholds.
    pub fn options(&self) -> &FaqOptions {
        &self.model.options
    }

    /// Replaces the decision thresholds.
    pub fn set_options(&mut self, options: FaqOptions) {
        self.model.options = options;
    }

    /// Raises the thresholds above what off-topic messages score: the
    /// clarify threshold goes just above the 95th percentile of the best
    /// scores of `negatives` (e.g. a bot's `oos` examples), and the answer
    /// threshold stays at least 0.1 above it. Thresholds never go down.
    /// Returns the new options.
    pub fn calibrate(&mut self, negatives: &[String]) -> &FaqOptions {
        if negatives.is_empty() || self.is_empty() {
            return &self.model.options;
        }
        let mut tops: Vec<f32> = negatives
            .iter()
            .map(|t| {
                self.scores(&text::matching_form(t))
                    .first()
                    .map_or(0.0, |r| r.1)
            })
            .collect();
        tops.sort_by(f32::total_cmp);
        let i = ((tops.len() as f32) * 0.95).ceil() as usize;
        let q95 = tops[i.min(tops.len()) - 1];
        let o = &mut self.model.options;
        o.clarify_threshold = o.clarify_threshold.max(q95 + 0.02);
        o.answer_threshold = o.answer_threshold.max(o.clarify_threshold + 0.1);
        &self.model.options
    }

    /// Searches raw `text`, answering in `reply_language`.
    pub fn search(&self, text: &str, reply_language: &str) -> FaqResult {
        self.search_matching(&text::matching_form(text), reply_language)
    }

    /// Scores every entry for text already in matching form; returns
    /// `(entry index, score)` best first, only scores > 0.
    pub fn scores(&self, matching: &str) -> Vec<(usize, f32)> {
        let m = &self.model;
        let n_docs = m.doc_entry.len();
        // Word channel.
        let mut terms = Vec::new();
        word_terms(matching, &mut terms);
        terms.sort_unstable();
        let mut word_scores = vec![0f32; n_docs];
        let mut wnorm = 0f32;
        for (t, n) in runs(&terms.iter().map(String::as_str).collect::<Vec<_>>()) {
            let tf = 1.0 + libm::logf(n as f32);
            let hit = match self.words.get(t) {
                Some(id) => Some((id as usize, 1.0)),
                None => self.fuzzy(t).map(|id| (id, m.options.fuzzy_weight)),
            };
            let q = match hit {
                Some((id, factor)) => m.word_post.accumulate(id, tf, factor, &mut word_scores),
                None => tf * m.word_post.max_idf,
            };
            wnorm += q * q;
        }
        // Char channel.
        let mut grams = Vec::new();
        char_terms(matching, &mut grams);
        grams.sort_unstable();
        let mut char_scores = vec![0f32; n_docs];
        let mut cnorm = 0f32;
        for (h, n) in runs(&grams) {
            let tf = 1.0 + libm::logf(n as f32);
            let q = match m.chars.get(h) {
                Some(id) => m.char_post.accumulate(id, tf, 1.0, &mut char_scores),
                None => tf * m.char_post.max_idf,
            };
            cnorm += q * q;
        }
        if wnorm == 0.0 && cnorm == 0.0 {
            return Vec::new();
        }
        let (wn, cn) = (wnorm.sqrt(), cnorm.sqrt());
        let mut entry_scores = vec![0f32; m.entries.len()];
        for d in 0..n_docs {
            let w = if wn > 0.0 { word_scores[d] / wn } else { 0.0 };
            let ww = m.options.word_weight;
            let s = if cn > 0.0 {
                ww * w + (1.0 - ww) * char_scores[d] / cn
            } else {
                w
            };
            let s = if m.doc_answer[d] {
                s * m.options.answer_weight
            } else {
                s
            };
            let e = m.doc_entry[d] as usize;
            entry_scores[e] = entry_scores[e].max(s.min(1.0));
        }
        // The classifier over alternate questions re-ranks: an entry it
        // believes in moves towards 1, scaled by how well the query matches
        // the FAQ lexically at all, so an off-topic query stays low.
        if let Some(c) = &m.classifier {
            let p = c.predict_matching(matching);
            let top_lex = entry_scores.iter().copied().fold(0f32, f32::max);
            if p.oos_reason != Some(crate::intent::OosReason::NoFeatures) {
                for (id, prob) in p.ranking {
                    if let Some(e) = m.entries.iter().position(|x| x.id == id) {
                        let s = entry_scores[e];
                        entry_scores[e] = s + (1.0 - s) * prob * top_lex;
                    }
                }
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
    /// of spaced scripts of 5 chars or more.
    fn fuzzy(&self, term: &str) -> Option<usize> {
        let n = term.chars().count();
        if n < 5
            || term.len() > fuzzy::MAX_FUZZY_BYTES
            || !term.chars().all(char::is_alphabetic)
            || term.chars().any(text::is_unspaced)
        {
            return None;
        }
        let max = if n >= 9 { 2 } else { 1 };
        fuzzy::closest(&self.words, term, max).map(|(id, _)| id as usize)
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

    /// Agent-assist mode: the `k` best entries with their scores and
    /// answers, whatever the answer/clarify/no-answer decision.
    pub fn suggest(&self, text: &str, reply_language: &str, k: usize) -> Vec<FaqHit> {
        self.scores(&text::matching_form(text))
            .into_iter()
            .take(k)
            .map(|(e, score)| self.hit(e, score, reply_language))
            .collect()
    }

    fn hit(&self, e: usize, score: f32, lang: &str) -> FaqHit {
        let entry = &self.model.entries[e];
        let pick = |m: &BTreeMap<String, String>| -> String {
            crate::replies::pick(m, lang, &self.model.default_language).unwrap_or_default()
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
    fn calibration_lifts_thresholds_above_off_topic_scores() {
        let mut idx = index();
        let before = idx.options().clone();
        let negatives: Vec<String> = [
            "which countries have the best weather",
            "do you like pay day",
            "tell me a joke",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let worst = negatives
            .iter()
            .map(|t| idx.search(t, "en").hits.first().map_or(0.0, |h| h.score))
            .fold(0f32, f32::max);
        let after = idx.calibrate(&negatives).clone();
        assert!(after.clarify_threshold >= before.clarify_threshold);
        assert!(after.clarify_threshold > worst, "{after:?} vs {worst}");
        assert!(after.answer_threshold >= after.clarify_threshold + 0.1 - 1e-6);
        for t in &negatives {
            assert_eq!(idx.search(t, "en").status, FaqStatus::NoAnswer, "{t}");
        }
        assert_eq!(
            idx.search("which countries do you ship to", "en").status,
            FaqStatus::Answer
        );
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
        parts.0.words.truncate(5);
        assert!(FaqIndex::from_parts(parts).unwrap_err().is_bundle());
        let mut parts = idx.to_parts();
        parts.0.words.swap(0, 1);
        assert!(FaqIndex::from_parts(parts)
            .unwrap_err()
            .to_string()
            .contains("not sorted"));
        let mut parts = idx.to_parts();
        parts.0.word_post.doc.push(999);
        parts.0.word_post.w.push(1.0);
        assert!(FaqIndex::from_parts(parts).unwrap_err().is_bundle());
    }
}

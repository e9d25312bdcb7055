//! Domain adaptation: a polarity classifier trained on labelled rows,
//! blended with the built-in lexicon scorer.
//!
//! [`SentimentScorer::train`] fits two learners on rows labelled
//! `negative`, `neutral` or `positive`: the intent learner
//! ([`IntentClassifier`], a logistic regression) and a binarized naive
//! Bayes model over word and character n-grams (`naive_bayes`). It returns
//! an [`AdaptedScorer`]. For each message the adapted scorer combines, per
//! polarity class `c`,
//!
//! ```text
//! z_c = ln P_classifier(c) + nb_weight · ln P_naive_bayes(c)
//!       + prior_weight · sign(c) · prior_score + bias_c
//! ```
//!
//! where `sign` is −1, 0, +1 for negative, neutral, positive and
//! `prior_score` is the built-in score (−1..1). The label is the best `z_c`;
//! the score is `P(positive) − P(negative)` under the softmax of `z`.
//! Interpolating naive Bayes with a discriminative model is NBSVM's idea
//! (Wang & Manning 2012): naive Bayes is the better learner on short rows
//! such as SST-2's phrases, the regression on longer texts.
//! Emotions, escalation and signals stay those of the built-in scorer: they
//! come from rules (a request for a human always escalates).
//!
//! `prior_weight`, `nb_weight` and the neutral class's `bias` are chosen
//! together by k-fold cross-validation on the training rows (macro-F1 over
//! the labels present), never on test data. When the chosen `nb_weight` is
//! 0 the naive Bayes model is not kept.
//!
//! ```
//! use kefu::intent::Example;
//! use kefu::sentiment::{AdaptOptions, SentimentScorer};
//! let row = |t: &str, l: &str| Example::new(t, l);
//! let mut rows = Vec::new();
//! for i in 0..6 {
//!     rows.push(row(&format!("the battery died after {i} days"), "negative"));
//!     rows.push(row(&format!("the battery lasts {i} days, lovely"), "positive"));
//! }
//! let prior = SentimentScorer::new(&Default::default())?;
//! let adapted = prior.train(&rows, &AdaptOptions::default())?;
//! assert_eq!(adapted.score("my battery died", "en").label.as_str(), "negative");
//! # Ok::<(), kefu::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::analysis::{SentimentLabel, SentimentResult};
use crate::error::{Error, ErrorKind, Result};
use crate::intent::{Example, IntentClassifier, IntentOptions, OnConflict};
use crate::lang::LanguageDetector;

use super::naive_bayes::NaiveBayes;
use super::SentimentScorer;
use crate::text::FeatureSpec;

/// The polarity labels, in class order.
const LABELS: [&str; 3] = ["negative", "neutral", "positive"];

/// Options of [`SentimentScorer::train`].
#[derive(Clone, Debug, PartialEq)]
pub struct AdaptOptions {
    /// Options of the classifier (its seed, epochs and features).
    pub classifier: IntentOptions,
    /// Cross-validation folds that choose the blend (fewer when a label
    /// has fewer rows; none below 2, then the blend is prior weight 1).
    pub folds: u32,
    /// Candidate weights of the built-in prior.
    pub prior_weights: Vec<f32>,
    /// Candidate biases of the neutral class (used when rows have it).
    pub neutral_biases: Vec<f32>,
    /// The features of the naive Bayes model.
    pub nb_features: FeatureSpec,
    /// Candidate weights of the naive Bayes model (0: not used).
    pub nb_weights: Vec<f32>,
}

impl Default for AdaptOptions {
    fn default() -> AdaptOptions {
        AdaptOptions {
            classifier: IntentOptions {
                cv_folds: 0,
                on_conflict: OnConflict::Keep,
                ..IntentOptions::default()
            },
            folds: 3,
            prior_weights: vec![0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 12.0],
            neutral_biases: vec![-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0],
            nb_features: FeatureSpec::default(),
            nb_weights: vec![0.0, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0],
        }
    }
}

/// A sentiment scorer adapted to a domain, made by
/// [`SentimentScorer::train`].
#[derive(Clone, Debug)]
pub struct AdaptedScorer {
    prior: SentimentScorer,
    classifier: IntentClassifier,
    naive_bayes: Option<NaiveBayes>,
    nb_weight: f32,
    prior_weight: f32,
    bias: [f32; 3],
}

/// The weights of one blend.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Blend {
    prior: f32,
    nb: f32,
    bias: [f32; 3],
}

/// Class probabilities of the classifier, in [`LABELS`] order (0 for a
/// label it was not trained on).
fn class_probs(clf: &IntentClassifier, text: &str) -> [f32; 3] {
    let mut p = [0.0f32; 3];
    for (label, prob) in clf.predict(text).ranking {
        if let Some(i) = LABELS.iter().position(|l| *l == label) {
            p[i] = prob;
        }
    }
    p
}

/// The blended class log-scores from the classifier's probabilities `p`,
/// the naive Bayes log posteriors `nb` and the built-in `prior` score.
fn blend(p: [f32; 3], nb: [f32; 3], prior: f32, w: &Blend, present: [bool; 3]) -> [f32; 3] {
    let mut z = [f32::NEG_INFINITY; 3];
    for c in 0..3 {
        if present[c] {
            let sign = c as f32 - 1.0;
            let nb = if w.nb == 0.0 { 0.0 } else { w.nb * nb[c] };
            z[c] = libm::logf(p[c].max(1e-6)) + nb + w.prior * sign * prior + w.bias[c];
        }
    }
    z
}

fn argmax(z: [f32; 3]) -> usize {
    let mut best = 0;
    for c in 1..3 {
        if z[c] > z[best] {
            best = c;
        }
    }
    best
}

/// Macro-F1 over the `present` labels of (gold, predicted) class pairs.
fn macro_f1(pairs: &[(usize, usize)], present: [bool; 3]) -> f32 {
    // confusion[gold][predicted]
    let mut confusion = [[0u32; 3]; 3];
    for &(g, p) in pairs {
        confusion[g.min(2)][p.min(2)] += 1;
    }
    let mut sum = 0.0;
    let mut n = 0.0;
    for c in (0..3).filter(|&c| present[c]) {
        let tp = confusion[c][c] as f32;
        let fp = (0..3)
            .filter(|&g| g != c)
            .map(|g| confusion[g][c])
            .sum::<u32>() as f32;
        let fn_ = (0..3)
            .filter(|&p| p != c)
            .map(|p| confusion[c][p])
            .sum::<u32>() as f32;
        sum += if tp > 0.0 {
            2.0 * tp / (2.0 * tp + fp + fn_)
        } else {
            0.0
        };
        n += 1.0;
    }
    if n > 0.0 {
        sum / n
    } else {
        0.0
    }
}

impl SentimentScorer {
    /// Domain adaptation: trains a polarity classifier on `rows` (labels
    /// `negative`, `neutral`, `positive`; at least two of them) and blends
    /// it with this scorer. Other
    /// labels are an [`ErrorKind::Training`] error naming the row.
    pub fn train(&self, rows: &[Example], opts: &AdaptOptions) -> Result<AdaptedScorer> {
        let mut classes = Vec::with_capacity(rows.len());
        let mut counts = [0usize; 3];
        for (i, r) in rows.iter().enumerate() {
            let Some(c) = LABELS.iter().position(|l| *l == r.label) else {
                return Err(Error::new(
                    ErrorKind::Training,
                    format!(
                        "sentiment row {}: label `{}` is not one of negative, neutral, positive",
                        i + 1,
                        r.label
                    ),
                ));
            };
            counts[c] += 1;
            classes.push(c);
        }
        let present = counts.map(|n| n > 0);
        if present.iter().filter(|p| **p).count() < 2 {
            return Err(Error::new(
                ErrorKind::Training,
                format!(
                    "sentiment training needs at least two of negative, neutral, positive, found {} / {} / {} rows",
                    counts[0], counts[1], counts[2]
                ),
            ));
        }
        // As many folds as the rarest label allows: with fewer than two rows
        // of some label there is no cross-validation, and the blend is the
        // default (prior weight 1, no bias).
        let rarest = counts.iter().copied().filter(|&n| n > 0).min().unwrap_or(0);
        let k = (opts.folds as usize).min(rarest);
        if k < 2 {
            let classifier = IntentClassifier::train(rows, None, &opts.classifier)?;
            return Ok(AdaptedScorer {
                prior: self.clone(),
                classifier,
                naive_bayes: None,
                nb_weight: 0.0,
                prior_weight: 1.0,
                bias: [0.0; 3],
            });
        }
        // The built-in prior of every row (its language detected as a bot
        // would), computed once.
        let det = LanguageDetector::new(&[]);
        let priors: Vec<f32> = rows
            .iter()
            .map(|r| self.score(&r.text, &det.detect(&r.text).code).score)
            .collect();
        // Held-out class probabilities by stratified k-fold CV.
        let mut seen = [0usize; 3];
        let fold: Vec<usize> = classes
            .iter()
            .map(|&c| {
                seen[c] += 1;
                (seen[c] - 1) % k
            })
            .collect();
        let mut held: Vec<[f32; 3]> = vec![[0.0; 3]; rows.len()];
        let mut held_nb: Vec<[f32; 3]> = vec![[0.0; 3]; rows.len()];
        let use_nb = opts.nb_weights.iter().any(|&w| w != 0.0);
        let mut buf = Vec::new();
        for f in 0..k {
            let train: Vec<Example> = rows
                .iter()
                .zip(&fold)
                .filter(|(_, &g)| g != f)
                .map(|(r, _)| r.clone())
                .collect();
            let clf = IntentClassifier::train(&train, None, &opts.classifier)?;
            let nb = use_nb.then(|| {
                let rest = || {
                    rows.iter()
                        .zip(&classes)
                        .zip(&fold)
                        .filter(|(_, &g)| g != f)
                };
                NaiveBayes::train(
                    rest().map(|((r, _), _)| r.text.as_str()),
                    rest().map(|((_, &c), _)| c),
                    &opts.nb_features,
                )
            });
            for (i, r) in rows.iter().enumerate() {
                if fold[i] == f {
                    held[i] = class_probs(&clf, &r.text);
                    if let Some(nb) = &nb {
                        held_nb[i] = nb.log_posteriors(&r.text, &mut buf);
                    }
                }
            }
        }
        // The blend that scores best on the held-out rows.
        let biases: Vec<f32> = if present[1] {
            opts.neutral_biases.clone()
        } else {
            vec![0.0]
        };
        let nb_weights: &[f32] = if use_nb { &opts.nb_weights } else { &[0.0] };
        // The first best blend in candidate order wins ties.
        let mut best = (f32::NEG_INFINITY, Blend::default());
        let mut pairs = Vec::with_capacity(rows.len());
        for &nb in nb_weights {
            for &prior in &opts.prior_weights {
                for &b in &biases {
                    let w = Blend {
                        prior,
                        nb,
                        bias: [0.0, b, 0.0],
                    };
                    pairs.clear();
                    pairs.extend(
                        held.iter()
                            .zip(&held_nb)
                            .zip(&priors)
                            .zip(&classes)
                            .map(|(((&p, &n), &s), &g)| (g, argmax(blend(p, n, s, &w, present)))),
                    );
                    let f1 = macro_f1(&pairs, present);
                    if f1 > best.0 {
                        best = (f1, w);
                    }
                }
            }
        }
        let w = best.1;
        let classifier = IntentClassifier::train(rows, None, &opts.classifier)?;
        let naive_bayes = (w.nb != 0.0).then(|| {
            NaiveBayes::train(
                rows.iter().map(|r| r.text.as_str()),
                classes.iter().copied(),
                &opts.nb_features,
            )
        });
        Ok(AdaptedScorer {
            prior: self.clone(),
            classifier,
            naive_bayes,
            nb_weight: w.nb,
            prior_weight: w.prior,
            bias: w.bias,
        })
    }
}

/// The first bytes of [`AdaptedScorer::adapter_bytes`]: the format's
/// name and version. Version 1 (no naive Bayes model) had no tag.
const ADAPTER_TAG: &[u8; 6] = b"KFSA\x00\x02";

/// The stored form of an [`AdaptedScorer`] without its prior.
#[derive(Serialize)]
struct AdapterRef<'a> {
    classifier: &'a IntentClassifier,
    naive_bayes: Option<&'a NaiveBayes>,
    nb_weight: f32,
    prior_weight: f32,
    bias: [f32; 3],
}

/// [`AdapterRef`], read back.
#[derive(Deserialize)]
struct Adapter {
    classifier: IntentClassifier,
    naive_bayes: Option<NaiveBayes>,
    nb_weight: f32,
    prior_weight: f32,
    bias: [f32; 3],
}

impl SentimentScorer {
    /// An adapted scorer from [`AdaptedScorer::adapter_bytes`] and this
    /// scorer as its prior. Bytes that do not decode to a consistent model
    /// are an [`ErrorKind::Bundle`] error.
    pub fn with_adapter(&self, bytes: &[u8]) -> Result<AdaptedScorer> {
        let Some(body) = bytes.strip_prefix(ADAPTER_TAG.as_slice()) else {
            return Err(Error::bundle(
                "sentiment adapter: not adapter bytes of format version 2 (train the scorer again)",
            ));
        };
        let a: Adapter = postcard::from_bytes(body)
            .map_err(|e| Error::bundle(format!("sentiment adapter: cannot decode ({e})")))?;
        a.classifier.check()?;
        if let Some(nb) = &a.naive_bayes {
            nb.check()?;
        }
        if !(a.prior_weight.is_finite()
            && a.nb_weight.is_finite()
            && a.bias.iter().all(|b| b.is_finite()))
        {
            return Err(Error::bundle(
                "sentiment adapter: blend weights are not finite",
            ));
        }
        Ok(AdaptedScorer {
            prior: self.clone(),
            classifier: a.classifier,
            nb_weight: if a.naive_bayes.is_some() {
                a.nb_weight
            } else {
                0.0
            },
            naive_bayes: a.naive_bayes,
            prior_weight: a.prior_weight,
            bias: a.bias,
        })
    }
}

impl AdaptedScorer {
    /// Scores `text` (language `lang`, as for [`SentimentScorer::score`]).
    pub fn score(&self, text: &str, lang: &str) -> SentimentResult {
        let mut r = self.prior.score(text, lang);
        let labels = self.classifier.labels();
        let present = [0, 1, 2].map(|c| labels.iter().any(|l| l == LABELS[c]));
        let nb = match &self.naive_bayes {
            Some(nb) => nb.log_posteriors(text, &mut Vec::new()),
            None => [0.0; 3],
        };
        let w = Blend {
            prior: self.prior_weight,
            nb: self.nb_weight,
            bias: self.bias,
        };
        let z = blend(
            class_probs(&self.classifier, text),
            nb,
            r.score,
            &w,
            present,
        );
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e = z.map(|v| {
            if v.is_finite() {
                libm::expf(v - max)
            } else {
                0.0
            }
        });
        let sum: f32 = e.iter().sum();
        r.score = if sum > 0.0 { (e[2] - e[0]) / sum } else { 0.0 };
        r.label = match argmax(z) {
            0 => SentimentLabel::Negative,
            1 => SentimentLabel::Neutral,
            _ => SentimentLabel::Positive,
        };
        r
    }

    /// The weight of the built-in prior chosen by cross-validation.
    pub fn prior_weight(&self) -> f32 {
        self.prior_weight
    }

    /// The weight of the naive Bayes model chosen by cross-validation (0
    /// when it is not used).
    pub fn nb_weight(&self) -> f32 {
        self.nb_weight
    }

    /// The bias of each class (negative, neutral, positive) chosen by
    /// cross-validation.
    pub fn class_bias(&self) -> [f32; 3] {
        self.bias
    }

    /// The trained part (the classifier and the blend) as bytes, to store
    /// it. The prior is not included: [`SentimentScorer::with_adapter`]
    /// joins the bytes to a scorer built from the same configuration.
    pub fn adapter_bytes(&self) -> Vec<u8> {
        let a = AdapterRef {
            classifier: &self.classifier,
            naive_bayes: self.naive_bayes.as_ref(),
            nb_weight: self.nb_weight,
            prior_weight: self.prior_weight,
            bias: self.bias,
        };
        let out = ADAPTER_TAG.to_vec();
        postcard::to_extend(&a, out).unwrap_or_default()
    }

    /// The labels the classifier was trained on, sorted.
    pub fn labels(&self) -> &[String] {
        self.classifier.labels()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Example> {
        let mut v = Vec::new();
        for i in 0..8 {
            v.push(Example::new(
                format!("parcel {i} arrived broken and late"),
                "negative",
            ));
            v.push(Example::new(
                format!("parcel {i} arrived early, great packing"),
                "positive",
            ));
            v.push(Example::new(format!("parcel {i} is in transit"), "neutral"));
        }
        v
    }

    #[test]
    fn adapted_scorer_learns_the_domain_and_keeps_the_rules() {
        let prior = SentimentScorer::new(&Default::default()).unwrap();
        let a = prior.train(&rows(), &AdaptOptions::default()).unwrap();
        assert_eq!(
            a.score("my parcel arrived broken", "en").label,
            SentimentLabel::Negative
        );
        assert_eq!(
            a.score("parcel in transit", "en").label,
            SentimentLabel::Neutral
        );
        let p = a.score("parcel arrived early", "en");
        assert_eq!(p.label, SentimentLabel::Positive);
        assert!(p.score > 0.0 && p.score <= 1.0);
        // rules of the prior still apply: a request for a human escalates
        let h = a.score("I want to talk to a person", "en");
        assert!(h.escalation >= 1 && h.signals.iter().any(|s| s == "asks_for_human"));
        assert!((0.0..=12.0).contains(&a.prior_weight()));
    }

    #[test]
    fn adapter_round_trips_and_rejects_corrupt_bytes() {
        let prior = SentimentScorer::new(&Default::default()).unwrap();
        let a = prior.train(&rows(), &AdaptOptions::default()).unwrap();
        let back = prior.with_adapter(&a.adapter_bytes()).unwrap();
        for t in [
            "parcel arrived broken",
            "parcel in transit",
            "great packing",
        ] {
            assert_eq!(back.score(t, "en"), a.score(t, "en"));
        }
        let e = prior.with_adapter(b"\x01\x02").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Bundle);
        let mut bytes = a.adapter_bytes();
        bytes.truncate(bytes.len() / 2);
        assert!(prior.with_adapter(&bytes).is_err());
    }

    #[test]
    fn naive_bayes_part_is_kept_stored_and_checked() {
        let prior = SentimentScorer::new(&Default::default()).unwrap();
        let opts = AdaptOptions {
            nb_weights: vec![0.5],
            ..AdaptOptions::default()
        };
        let a = prior.train(&rows(), &opts).unwrap();
        assert_eq!(a.nb_weight(), 0.5);
        assert!(a.naive_bayes.is_some());
        let bytes = a.adapter_bytes();
        assert!(bytes.starts_with(ADAPTER_TAG));
        let back = prior.with_adapter(&bytes).unwrap();
        assert_eq!(back.nb_weight(), 0.5);
        for t in ["parcel arrived broken", "great packing", "in transit"] {
            assert_eq!(back.score(t, "en"), a.score(t, "en"));
        }
        // without naive Bayes candidates, no model is kept
        let opts = AdaptOptions {
            nb_weights: vec![0.0],
            ..AdaptOptions::default()
        };
        let plain = prior.train(&rows(), &opts).unwrap();
        assert!(plain.naive_bayes.is_none() && plain.nb_weight() == 0.0);
        // bytes of the untagged first format are refused by name
        let e = prior.with_adapter(&bytes[ADAPTER_TAG.len()..]).unwrap_err();
        assert!(e.to_string().contains("version 2"), "{e}");
    }

    #[test]
    fn bad_rows_are_typed_errors() {
        let prior = SentimentScorer::new(&Default::default()).unwrap();
        let mut bad = rows();
        bad.push(Example::new("meh", "mixed"));
        let e = prior.train(&bad, &AdaptOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Training);
        assert!(
            e.to_string().contains("row 25") && e.to_string().contains("`mixed`"),
            "{e}"
        );
        let one_class: Vec<Example> = rows()
            .into_iter()
            .filter(|r| r.label == "positive")
            .collect();
        let e = prior
            .train(&one_class, &AdaptOptions::default())
            .unwrap_err();
        assert!(e.to_string().contains("at least two"), "{e}");
        assert!(prior.train(&[], &AdaptOptions::default()).is_err());
        // too few rows for cross-validation: the default blend
        let tiny = [
            Example::new("broken", "negative"),
            Example::new("lovely", "positive"),
        ];
        let a = prior.train(&tiny, &AdaptOptions::default()).unwrap();
        assert_eq!(a.prior_weight(), 1.0);
        assert_eq!(a.score("broken", "en").label, SentimentLabel::Negative);
    }

    #[test]
    fn macro_f1_averages_present_labels() {
        let present = [true, false, true];
        assert_eq!(macro_f1(&[(0, 0), (2, 2)], present), 1.0);
        assert_eq!(macro_f1(&[(0, 2), (2, 0)], present), 0.0);
    }
}

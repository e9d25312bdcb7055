//! Binarized multinomial naive Bayes over hashed text features: the second
//! learner of [domain adaptation](super::adapt).
//!
//! Polarity is carried by a few words and phrases ("waste", "not worth",
//! "好评"), and naive Bayes estimates their weight from counts alone, so it
//! is strong where the training rows are short and numerous, while the
//! logistic regression of the [intent learner](crate::intent) is strong on
//! longer texts. Interpolating the two is the idea of Wang & Manning's
//! NBSVM ("Baselines and Bigrams", ACL 2012); here the interpolation
//! weight is chosen by cross-validation in `adapt`.
//!
//! Each text counts once per feature (binarized, which suits sentiment
//! better than raw term frequency). Features seen in fewer than
//! [`NaiveBayes::MIN_COUNT`] training rows are dropped, which keeps the
//! model small and ignores one-off n-grams. Probabilities use Laplace
//! smoothing (α = 1). The class scores of a text are normalized log
//! posteriors; classes without training rows get `-inf`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::text::{self, FeatureSpec};

/// A trained naive Bayes model over the three polarity classes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct NaiveBayes {
    spec: FeatureSpec,
    /// `ln P(c)`, `-inf` for absent classes.
    log_prior: [f32; 3],
    /// Feature hashes, sorted ascending.
    keys: Vec<u64>,
    /// `ln P(feature | c)` for each key.
    log_p: Vec<[f32; 3]>,
}

/// The features of `text`, sorted and deduplicated, in `buf`.
fn feature_set(text: &str, spec: &FeatureSpec, buf: &mut Vec<u64>) {
    buf.clear();
    text::features(&text::matching_form(text), spec, buf);
    buf.sort_unstable();
    buf.dedup();
}

impl NaiveBayes {
    /// Features seen in fewer training rows are dropped.
    pub(super) const MIN_COUNT: u32 = 3;

    /// Trains on `texts` with classes `classes` (0 negative, 1 neutral,
    /// 2 positive), paired in order (extra items of either are ignored).
    pub(super) fn train<'a>(
        texts: impl Iterator<Item = &'a str>,
        classes: impl Iterator<Item = usize>,
        spec: &FeatureSpec,
    ) -> NaiveBayes {
        let mut counts: HashMap<u64, [u32; 3]> = HashMap::new();
        let mut docs = [0u32; 3];
        let mut buf = Vec::new();
        for (t, c) in texts.zip(classes) {
            let c = c.min(2);
            docs[c] += 1;
            feature_set(t, spec, &mut buf);
            for &f in &buf {
                counts.entry(f).or_default()[c] += 1;
            }
        }
        let mut kept: Vec<(u64, [u32; 3])> = counts
            .into_iter()
            .filter(|(_, n)| n.iter().sum::<u32>() >= Self::MIN_COUNT)
            .collect();
        kept.sort_unstable_by_key(|(k, _)| *k);
        let mut totals = [0f64; 3];
        for (_, n) in &kept {
            for c in 0..3 {
                totals[c] += f64::from(n[c]);
            }
        }
        let vocab = kept.len() as f64;
        let all_docs: u32 = docs.iter().sum();
        let log_prior = [0, 1, 2].map(|c| {
            if docs[c] == 0 {
                f32::NEG_INFINITY
            } else {
                libm::log(f64::from(docs[c]) / f64::from(all_docs.max(1))) as f32
            }
        });
        let denominators = totals.map(|t| t + vocab);
        let log_p = kept
            .iter()
            .map(|(_, n)| {
                [0, 1, 2].map(|c| libm::log((f64::from(n[c]) + 1.0) / denominators[c]) as f32)
            })
            .collect();
        NaiveBayes {
            spec: *spec,
            log_prior,
            keys: kept.into_iter().map(|(k, _)| k).collect(),
            log_p,
        }
    }

    /// Normalized log posteriors `ln P(c | text)`; `-inf` for classes
    /// without training rows. `buf` is scratch space.
    pub(super) fn log_posteriors(&self, text: &str, buf: &mut Vec<u64>) -> [f32; 3] {
        feature_set(text, &self.spec, buf);
        let mut z = self.log_prior;
        for f in buf.iter() {
            if let Ok(i) = self.keys.binary_search(f) {
                if let Some(lp) = self.log_p.get(i) {
                    for c in 0..3 {
                        z[c] += lp[c];
                    }
                }
            }
        }
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if !max.is_finite() {
            return z;
        }
        let sum: f32 = z
            .iter()
            .map(|&v| {
                if v.is_finite() {
                    libm::expf(v - max)
                } else {
                    0.0
                }
            })
            .sum();
        let log_sum = max + libm::logf(sum);
        z.map(|v| v - log_sum)
    }

    /// Checks a model read from bytes: sorted unique keys, one row of
    /// finite log-probabilities per key, bounded n-gram sizes.
    pub(super) fn check(&self) -> Result<()> {
        let bad = |what: &str| {
            Err(Error::bundle(format!(
                "sentiment adapter: naive Bayes {what}"
            )))
        };
        if self.keys.len() != self.log_p.len() {
            return bad("has a different number of keys and rows");
        }
        if self.keys.windows(2).any(|w| w[0] >= w[1]) {
            return bad("keys are not sorted");
        }
        if !self.spec.is_bounded() {
            return bad("n-gram sizes are out of bounds");
        }
        if self
            .log_p
            .iter()
            .flatten()
            .any(|v| !(v.is_finite() && *v <= 0.0))
        {
            return bad("has a log-probability that is not finite and ≤ 0");
        }
        if self.log_prior.iter().any(|v| v.is_nan() || *v > 0.0) {
            return bad("has a class prior that is not a log-probability");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> NaiveBayes {
        let rows = [
            ("awful service, a waste of money", 0),
            ("awful packaging and late", 0),
            ("awful, a waste of time", 0),
            ("what a waste", 0),
            ("lovely service, worth the money", 2),
            ("lovely packaging, early", 2),
            ("lovely, worth the wait", 2),
            ("worth it", 2),
        ];
        NaiveBayes::train(
            rows.iter().map(|r| r.0),
            rows.iter().map(|r| r.1),
            &FeatureSpec {
                char_ngrams: (0, 0),
                ..FeatureSpec::default()
            },
        )
    }

    #[test]
    fn learns_polar_words_from_counts() {
        let nb = model();
        let mut buf = Vec::new();
        let neg = nb.log_posteriors("what a waste, awful", &mut buf);
        assert!(neg[0] > neg[2], "{neg:?}");
        let pos = nb.log_posteriors("lovely, worth it", &mut buf);
        assert!(pos[2] > pos[0], "{pos:?}");
        // no neutral rows: neutral is impossible
        assert_eq!(pos[1], f32::NEG_INFINITY);
        // posteriors are normalized
        let total: f32 = pos.iter().map(|v| libm::expf(*v)).sum();
        assert!((total - 1.0).abs() < 1e-4, "{total}");
        // unknown words fall back to the class priors (balanced here)
        let unk = nb.log_posteriors("zzz qqq", &mut buf);
        assert!((unk[0] - unk[2]).abs() < 1e-6, "{unk:?}");
    }

    #[test]
    fn drops_features_seen_once_and_checks_stored_models() {
        let nb = model();
        // "early" and "late" occur once: dropped; "awful" in 3 rows: kept
        let mut buf = Vec::new();
        feature_set("early", &nb.spec, &mut buf);
        assert!(buf.iter().all(|f| nb.keys.binary_search(f).is_err()));
        feature_set("awful", &nb.spec, &mut buf);
        assert!(buf.iter().any(|f| nb.keys.binary_search(f).is_ok()));
        assert!(nb.check().is_ok());
        let mut bad = nb.clone();
        bad.keys.reverse();
        assert!(bad.check().is_err());
        let mut bad = nb.clone();
        bad.log_p[0][0] = f32::NAN;
        assert!(bad.check().unwrap_err().to_string().contains("finite"));
        let mut bad = nb;
        bad.log_p.pop();
        assert!(bad.check().is_err());
    }
}

//! Intent classification with out-of-scope detection.
//!
//! [`IntentClassifier`] is a multinomial logistic regression over hashed
//! sparse features of the [matching form](crate::text::matching_form): word
//! unigrams and bigrams, character 3–5-grams inside words, and character
//! 1–3-grams over CJK runs, weighted by sublinear TF × IDF and L2-normalized.
//! It is trained by averaged SGD with a seeded shuffle, so training is
//! deterministic, single-threaded, and runs in WASM too. Transcendental
//! functions come from `libm`, so weights are bit-identical on every
//! platform.
//!
//! **Out of scope.** A message is out of scope when the explicit `oos` class
//! (training examples labelled [`OOS_LABEL`]) wins, or when the best
//! in-scope probability is below a threshold. The threshold is chosen on
//! validation data when given, otherwise by k-fold cross-validation on the
//! training set — never on test data — and is stored in the model.
//!
//! **Ambiguity.** When the top two probabilities are closer than
//! [`IntentOptions::ambiguity_margin`], the prediction is flagged ambiguous,
//! so a policy can ask the customer to clarify.
//!
//! ```
//! use kefu::intent::{Example, IntentClassifier, IntentOptions};
//! let ex = |t: &str, l: &str| Example::new(t, l);
//! let train = vec![
//!     ex("where is my order", "track"), ex("track my parcel", "track"), ex("has my package shipped", "track"),
//!     ex("i want a refund", "refund"), ex("give me my money back", "refund"), ex("refund my purchase", "refund"),
//! ];
//! let clf = IntentClassifier::train(&train, None, &IntentOptions::default())?;
//! let p = clf.predict("where is my parcel");
//! assert_eq!(p.top.as_deref(), Some("track"));
//! # Ok::<(), kefu::Error>(())
//! ```

mod fastmath;
mod train;
mod update;

pub(crate) use update::UpdatePlan;

use std::collections::BTreeMap;

use fastmath::softmax_in_place;
use train::{Corpus, Docs, Sgd};

use serde::{Deserialize, Serialize};

use crate::analysis::{IntentResult, RankedIntent};
use crate::error::{Error, ErrorKind, Result};
use crate::text::{self, FeatureSpec, HashIndex};

/// The label of explicit out-of-scope examples.
pub const OOS_LABEL: &str = "oos";

/// One labelled training example.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The message text (any language, any script).
    pub text: String,
    /// The intent label; [`OOS_LABEL`] marks out of scope.
    pub label: String,
}

impl Example {
    /// A new example.
    pub fn new(text: impl Into<String>, label: impl Into<String>) -> Example {
        Example {
            text: text.into(),
            label: label.into(),
        }
    }
}

/// Training options.
#[derive(Clone, Debug, PartialEq)]
pub struct IntentOptions {
    /// Seed of the shuffle. Same data + same seed ⇒ identical model.
    pub seed: u64,
    /// Passes over the training data.
    pub epochs: u32,
    /// Initial learning rate.
    pub learning_rate: f32,
    /// Top-2 probability gap under which a prediction is ambiguous.
    pub ambiguity_margin: f32,
    /// Folds of the cross-validation that picks the out-of-scope threshold
    /// when no validation set is given (0 disables: threshold 0).
    pub cv_folds: u32,
    /// Share of held-out in-scope examples that may be rejected when the
    /// threshold is chosen without any out-of-scope examples.
    pub max_in_scope_rejection: f32,
    /// How many intents [`Prediction::ranking`] keeps.
    pub top_k: usize,
    /// The features extracted from each message.
    pub features: FeatureSpec,
    /// What to do when the same text (in matching form) carries two labels.
    pub on_conflict: OnConflict,
    /// Passes of [`IntentClassifier::update`] (incremental learning).
    pub update_epochs: u32,
}

/// What [`IntentClassifier::train`] does with a text labelled twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConflict {
    /// Fail with an error that names the text and both labels.
    Error,
    /// Train on both rows (for public datasets with a few noisy labels);
    /// [`conflicts`] lists them so that callers can report them.
    Keep,
}

/// A text that carries two different labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The text as first seen.
    pub text: String,
    /// The first label.
    pub first: String,
    /// The other label.
    pub second: String,
}

/// Texts (compared in [matching form](text::matching_form)) that carry two
/// different labels, in order of appearance.
pub fn conflicts(examples: &[Example]) -> Vec<Conflict> {
    let forms: Vec<String> = examples
        .iter()
        .map(|e| text::matching_form(&e.text))
        .collect();
    conflicts_in(examples, &forms)
}

/// [`conflicts`] with the matching form of each example given.
fn conflicts_in(examples: &[Example], forms: &[String]) -> Vec<Conflict> {
    let mut seen: BTreeMap<&str, &Example> = BTreeMap::new();
    let mut out = Vec::new();
    for (e, key) in examples.iter().zip(forms) {
        let key = key.as_str();
        match seen.get(key) {
            Some(first) if first.label != e.label => out.push(Conflict {
                text: first.text.clone(),
                first: first.label.clone(),
                second: e.label.clone(),
            }),
            Some(_) => {}
            None => {
                seen.insert(key, e);
            }
        }
    }
    out
}

impl Default for IntentOptions {
    fn default() -> Self {
        IntentOptions {
            seed: 42,
            epochs: 12,
            learning_rate: 2.0,
            ambiguity_margin: 0.1,
            cv_folds: 4,
            max_in_scope_rejection: 0.0,
            top_k: 5,
            // Character 2–4-grams scored best on CLINC150's valid split
            // (in-scope 92.5 vs 91.9 for 3–5) with a smaller model.
            features: FeatureSpec {
                char_ngrams: (2, 4),
                ..FeatureSpec::default()
            },
            on_conflict: OnConflict::Error,
            update_epochs: 2,
        }
    }
}

/// A prediction.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// The best in-scope intent, `None` when out of scope.
    pub top: Option<String>,
    /// The best in-scope intent even when out of scope.
    pub best: String,
    /// Probability of `best`.
    pub confidence: f32,
    /// Out of scope?
    pub out_of_scope: bool,
    /// Top-2 too close?
    pub ambiguous: bool,
    /// In-scope intents, best first.
    pub ranking: Vec<(String, f32)>,
    /// Why the message is out of scope, when it is.
    pub oos_reason: Option<OosReason>,
}

/// Why a message is out of scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OosReason {
    /// The message has no known feature (empty, whitespace, symbols, or
    /// only unknown words).
    NoFeatures,
    /// The explicit `oos` class won.
    OosClass,
    /// The best in-scope probability is below the threshold.
    BelowThreshold,
}

impl OosReason {
    /// `no_features`, `oos_class` or `below_threshold`.
    pub fn as_str(self) -> &'static str {
        match self {
            OosReason::NoFeatures => "no_features",
            OosReason::OosClass => "oos_class",
            OosReason::BelowThreshold => "below_threshold",
        }
    }
}

/// The features that pushed a prediction towards an intent.
#[derive(Clone, Debug, PartialEq)]
pub struct Explanation {
    /// The intent explained.
    pub intent: String,
    /// `(feature text, contribution to the intent's logit)`, largest first.
    pub features: Vec<(String, f32)>,
}

impl From<Prediction> for IntentResult {
    fn from(p: Prediction) -> IntentResult {
        IntentResult {
            top: p.top,
            confidence: p.confidence,
            out_of_scope: p.out_of_scope,
            ambiguous: p.ambiguous,
            oos_reason: p.oos_reason.map(|r| r.as_str().to_string()),
            ranking: p
                .ranking
                .into_iter()
                .map(|(intent, confidence)| RankedIntent { intent, confidence })
                .collect(),
        }
    }
}

/// A trained intent classifier. See the [module docs](self).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntentClassifier {
    labels: Vec<String>,
    /// Index of the `oos` class in `labels`, if trained with one.
    oos: Option<u32>,
    /// Sorted feature hashes.
    vocab: HashIndex,
    idf: Vec<f32>,
    /// Row-major `vocab.len() × labels.len()`, quantized to `i8` per row
    /// (a feature's weight for class `c` is `qweights[row + c] * scales[row]`).
    qweights: Vec<i8>,
    scales: Vec<f32>,
    bias: Vec<f32>,
    threshold: f32,
    ambiguity_margin: f32,
    top_k: u32,
    spec: FeatureSpec,
}

/// A sparse, L2-normalized feature vector.
#[derive(Default)]
struct Sparse {
    idx: Vec<u32>,
    val: Vec<f32>,
}

struct Vectorizer<'a> {
    vocab: &'a HashIndex,
    idf: &'a [f32],
    spec: &'a FeatureSpec,
}

impl Vectorizer<'_> {
    fn vectorize(&self, matching: &str, feats: &mut Vec<u64>, out: &mut Sparse) {
        feats.clear();
        text::features(matching, self.spec, feats);
        self.vectorize_features(feats, out);
    }

    /// The vector of features already extracted (hashes in any order,
    /// repeats counted).
    fn vectorize_features(&self, feats: &[u64], out: &mut Sparse) {
        // Look every feature up first and sort the known ids: fewer and
        // smaller keys than sorting the hashes, and id order is hash order,
        // so that sorted features (the analysis sorts them once for both
        // classifiers) give sorted ids, and the sort is skipped.
        let mut ids: Vec<u32> = Vec::with_capacity(feats.len());
        ids.extend(
            feats
                .iter()
                .filter_map(|&h| self.vocab.get(h))
                .map(|k| k as u32),
        );
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
        out.idx.clear();
        out.val.clear();
        out.idx.reserve(ids.len());
        out.val.reserve(ids.len());
        let mut i = 0;
        while i < ids.len() {
            let k = ids[i];
            let mut j = i + 1;
            while j < ids.len() && ids[j] == k {
                j += 1;
            }
            self.push_id(k as usize, (j - i) as u32, out);
            i = j;
        }
        self.normalize(out);
    }

    /// The vector of distinct sorted features `hs` with counts `tf`.
    fn weigh(&self, hs: &[u64], tf: &[u32], out: &mut Sparse) {
        out.idx.clear();
        out.val.clear();
        for (&h, &n) in hs.iter().zip(tf) {
            self.push(h, n, out);
        }
        self.normalize(out);
    }

    fn push(&self, h: u64, n: u32, out: &mut Sparse) {
        if let Some(k) = self.vocab.get(h) {
            self.push_id(k, n, out);
        }
    }

    /// Appends feature `k` seen `n` times, weighted by sublinear TF × IDF.
    #[inline]
    fn push_id(&self, k: usize, n: u32, out: &mut Sparse) {
        let tf = if n == 1 {
            1.0
        } else {
            1.0 + libm::logf(n as f32)
        };
        out.idx.push(k as u32);
        out.val.push(tf * self.idf.get(k).copied().unwrap_or(0.0));
    }

    fn normalize(&self, out: &mut Sparse) {
        // L2-normalize each feature block on its own (the vocabulary is
        // sorted by hash, and the block sits in the top bits, so each block is
        // one contiguous run).
        let mut start = 0;
        while start < out.idx.len() {
            let b = self.vocab.block_of_id(out.idx[start] as usize);
            let mut end = start + 1;
            while end < out.idx.len() && self.vocab.block_of_id(out.idx[end] as usize) == b {
                end += 1;
            }
            let norm = out.val[start..end]
                .iter()
                .map(|v| v * v)
                .sum::<f32>()
                .sqrt();
            if norm > 0.0 {
                for v in &mut out.val[start..end] {
                    *v /= norm;
                }
            }
            start = end;
        }
    }
}

/// Deterministic splitmix64 generator for shuffles.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

impl IntentClassifier {
    /// Trains on `train`. The out-of-scope threshold is picked on `valid`
    /// when given, else by cross-validation on `train`.
    pub fn train(
        train: &[Example],
        valid: Option<&[Example]>,
        opts: &IntentOptions,
    ) -> Result<IntentClassifier> {
        // Every example's matching form, computed once for the conflict
        // check and the features.
        let forms: Vec<String> = train.iter().map(|e| text::matching_form(&e.text)).collect();
        if opts.on_conflict == OnConflict::Error {
            if let Some(c) = conflicts_in(train, &forms).into_iter().next() {
                return Err(Error::new(
                    ErrorKind::Training,
                    format!(
                        "the text `{}` is an example of both `{}` and `{}`",
                        c.text, c.first, c.second
                    ),
                ));
            }
        }
        // The features of every example are extracted once, for the final
        // fit and for every cross-validation fold.
        let corpus = Corpus::new(Docs::of_matching_forms(
            forms.iter().map(String::as_str),
            &opts.features,
        ));
        let all: Vec<usize> = (0..train.len()).collect();
        let mut model = Self::fit(train, &corpus, &all, opts)?;
        let held_out: Vec<(Example, Prediction)> = match valid {
            Some(v) => v
                .iter()
                .map(|e| (e.clone(), model.predict_raw(e)))
                .collect(),
            None => Self::cross_validate(train, &corpus, opts)?,
        };
        model.threshold = choose_threshold(&held_out, opts.max_in_scope_rejection);
        Ok(model)
    }

    fn predict_raw(&self, e: &Example) -> Prediction {
        self.predict_with_threshold(&text::matching_form(&e.text), 0.0)
    }

    /// Held-out predictions by stratified k-fold cross-validation (fold of an
    /// example = its index within its label, mod k).
    /// `corpus` holds the features of `train`, one document per example.
    fn cross_validate(
        train: &[Example],
        corpus: &Corpus,
        opts: &IntentOptions,
    ) -> Result<Vec<(Example, Prediction)>> {
        let k = opts.cv_folds as usize;
        if k < 2 {
            return Ok(Vec::new());
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let folds: Vec<usize> = train
            .iter()
            .map(|e| {
                let c = seen.entry(e.label.as_str()).or_insert(0);
                *c += 1;
                (*c - 1) % k
            })
            .collect();
        let mut out = Vec::new();
        for f in 0..k {
            let rows: Vec<usize> = (0..train.len()).filter(|&i| folds[i] != f).collect();
            let te: Vec<usize> = (0..train.len()).filter(|&i| folds[i] == f).collect();
            if te.is_empty() || rows.is_empty() {
                continue;
            }
            let m = match Self::fit(train, corpus, &rows, opts) {
                Ok(m) => m,
                // a fold may lose every example of a rare label; skip it
                Err(_) => continue,
            };
            for i in te {
                let e = &train[i];
                if m.labels.binary_search(&e.label).is_ok() {
                    // the same prediction as `predict_raw(e)`, from the
                    // features already extracted
                    let (hs, tf) = corpus.docs.doc(i);
                    let mut x = Sparse::default();
                    m.vectorizer().weigh(hs, tf, &mut x);
                    out.push((e.clone(), m.predict_vector_with_threshold(x, 0.0)));
                }
            }
        }
        Ok(out)
    }

    /// Fits weights on the examples `rows` of `train` (in that order)
    /// without choosing a threshold; `corpus` holds the features of every
    /// example of `train`.
    fn fit(
        train: &[Example],
        corpus: &Corpus,
        rows: &[usize],
        opts: &IntentOptions,
    ) -> Result<IntentClassifier> {
        let examples = || rows.iter().filter_map(|&i| train.get(i));
        let (labels, oos) = label_set(examples())?;
        // document frequencies, by corpus feature id (hash order)
        let df = corpus.df(rows);
        let min_df = if rows.len() >= 2000 { 2 } else { 1 };
        let n = rows.len() as f32;
        // the vocabulary: the features seen `min_df` times, in hash order,
        // and the id of each corpus feature in it
        let mut vocab: Vec<u64> = Vec::new();
        let mut idf_of: Vec<f32> = Vec::new();
        let mut local = vec![u32::MAX; df.len()];
        for (g, &d) in df.iter().enumerate() {
            if d >= min_df {
                local[g] = vocab.len() as u32;
                vocab.push(corpus.hashes[g]);
                idf_of.push(idf(n, d));
            }
        }
        let idf = idf_of;
        if vocab.is_empty() {
            return Err(Error::new(
                ErrorKind::Training,
                "intent training found no features in the examples",
            ));
        }
        let c = labels.len();
        let mut model = IntentClassifier::untrained(labels, oos, vocab, idf, opts.features, opts);
        let xs = model.corpus_vectors(corpus, rows, &local);
        let ys = model.classes_of(examples());
        let mut weights = vec![0.0f32; model.vocab.len() * c];
        Sgd {
            xs: &xs,
            ys: &ys,
            classes: c,
            lr0: opts.learning_rate,
            epochs: opts.epochs,
            seed: opts.seed,
            average_from: 0,
            fixed_bias: &[],
        }
        .run(&mut weights, &mut model.bias);
        model.quantize(&weights);
        Ok(model)
    }

    /// The tf-idf vectors of `docs` over this model's vocabulary.
    fn vectors(&self, docs: &Docs) -> Vec<Sparse> {
        let vz = self.vectorizer();
        (0..docs.len())
            .map(|d| {
                let (hs, tf) = docs.doc(d);
                let mut s = Sparse::default();
                vz.weigh(hs, tf, &mut s);
                s
            })
            .collect()
    }

    /// The vectors of the documents `rows` of `corpus`, where `local` maps
    /// each corpus feature to its id in this model's vocabulary (or
    /// `u32::MAX`): the same vectors as [`IntentClassifier::vectors`].
    fn corpus_vectors(&self, corpus: &Corpus, rows: &[usize], local: &[u32]) -> Vec<Sparse> {
        let vz = self.vectorizer();
        rows.iter()
            .map(|&d| {
                let (ids, tf) = corpus.doc_ids(d);
                let mut s = Sparse::default();
                s.idx.reserve(ids.len());
                s.val.reserve(ids.len());
                for (&g, &n) in ids.iter().zip(tf) {
                    match local.get(g as usize) {
                        Some(&k) if k != u32::MAX => vz.push_id(k as usize, n, &mut s),
                        _ => {}
                    }
                }
                vz.normalize(&mut s);
                s
            })
            .collect()
    }

    fn vectorizer(&self) -> Vectorizer<'_> {
        Vectorizer {
            vocab: &self.vocab,
            idf: &self.idf,
            spec: &self.spec,
        }
    }

    /// The class index of each example's label (0 for an unknown label,
    /// which callers rule out).
    fn classes_of<'a>(&self, examples: impl IntoIterator<Item = &'a Example>) -> Vec<usize> {
        examples
            .into_iter()
            .map(|e| self.labels.binary_search(&e.label).unwrap_or(0))
            .collect()
    }

    /// Stores `weights` (features × classes) quantized to `i8`, each
    /// feature's row with its own scale.
    fn quantize(&mut self, weights: &[f32]) {
        let c = self.labels.len().max(1);
        self.qweights = Vec::with_capacity(weights.len());
        self.scales = Vec::with_capacity(weights.len() / c);
        for row in weights.chunks(c) {
            // comparisons rather than `f32::max`, a call to `fmaxf` in WASM
            let max = row.iter().fold(0f32, |m, w| {
                let a = w.abs();
                if a > m {
                    a
                } else {
                    m
                }
            });
            let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
            self.scales.push(scale);
            self.qweights.extend(
                row.iter()
                    .map(|w| round_half_away(w / scale).clamp(-127.0, 127.0) as i8),
            );
        }
    }

    /// A model with its vocabulary and labels but no weights yet (all
    /// zero, threshold 0), for the learners to fill.
    pub(crate) fn untrained(
        labels: Vec<String>,
        oos: Option<u32>,
        vocab: Vec<u64>,
        idf: Vec<f32>,
        spec: FeatureSpec,
        opts: &IntentOptions,
    ) -> IntentClassifier {
        let c = labels.len();
        IntentClassifier {
            labels,
            oos,
            qweights: Vec::new(),
            scales: Vec::new(),
            bias: vec![0.0; c],
            vocab: HashIndex::from(vocab),
            idf,
            threshold: 0.0,
            ambiguity_margin: opts.ambiguity_margin,
            top_k: opts.top_k as u32,
            spec,
        }
    }

    /// Checks that the tables of a deserialized model fit together, so that
    /// prediction cannot index out of bounds.
    pub(crate) fn check(&self) -> Result<()> {
        let c = self.labels.len();
        let n = self.vocab.len();
        let ok = c > 0
            && self.bias.len() == c
            && self.idf.len() == n
            && self.scales.len() == n
            && self.qweights.len() == n * c
            && self.vocab.is_consistent()
            && self.oos.is_none_or(|o| (o as usize) < c)
            // Finite, bounded parameters: a corrupt table must not turn
            // confidences into NaN or infinities (found by fuzzing).
            && self
                .idf
                .iter()
                .chain(&self.scales)
                .chain(&self.bias)
                .chain([&self.threshold, &self.ambiguity_margin])
                .all(|&x| crate::text::is_sane_weight(x))
            && self.spec.is_bounded();
        if ok {
            Ok(())
        } else {
            Err(Error::bundle("intent model tables are inconsistent"))
        }
    }

    /// The intent labels the model knows (including `oos` if trained with it).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The out-of-scope threshold on the best in-scope probability.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// Replaces the out-of-scope threshold.
    pub fn set_threshold(&mut self, threshold: f32) {
        self.threshold = threshold;
    }

    /// Number of stored features.
    pub fn feature_count(&self) -> usize {
        self.vocab.len()
    }

    /// Predicts the intent of raw `text`.
    pub fn predict(&self, text: &str) -> Prediction {
        self.predict_matching(&text::matching_form(text))
    }

    /// Predicts from text already in [`matching_form`](text::matching_form),
    /// so that a caller analysing one message normalizes it once.
    pub fn predict_matching(&self, matching: &str) -> Prediction {
        self.predict_with_threshold(matching, self.threshold)
    }

    fn predict_with_threshold(&self, matching: &str, threshold: f32) -> Prediction {
        let mut feats = Vec::with_capacity(matching.len() * 4);
        text::features(matching, &self.spec, &mut feats);
        self.predict_features_with_threshold(&feats, threshold)
    }

    /// The `k` features of raw `text` that contribute most to `intent`'s
    /// score (the best intent when `None`), for "why this intent?".
    pub fn explain(&self, text: &str, intent: Option<&str>, k: usize) -> Result<Explanation> {
        let matching = text::matching_form(text);
        let label = match intent {
            Some(l) => l.to_string(),
            None => self.predict_matching(&matching).best,
        };
        let Ok(ci) = self.labels.binary_search(&label) else {
            return Err(Error::invalid_input(format!(
                "intent `{label}` is not a label of this model{}",
                crate::error::did_you_mean(&label, self.labels.iter().map(String::as_str))
            )));
        };
        let vz = Vectorizer {
            vocab: &self.vocab,
            idf: &self.idf,
            spec: &self.spec,
        };
        let mut feats = Vec::new();
        let mut x = Sparse::default();
        vz.vectorize(&matching, &mut feats, &mut x);
        // feature hash → its text, for the features of this message
        let mut names: BTreeMap<u64, String> = BTreeMap::new();
        text::for_each_feature(&matching, &self.spec, |h, t| {
            names.entry(h).or_insert_with(|| t.to_string());
        });
        let c = self.labels.len();
        let mut contrib: Vec<(String, f32)> = x
            .idx
            .iter()
            .zip(&x.val)
            .map(|(&k, &v)| {
                let k = k as usize;
                let w = f32::from(self.qweights[k * c + ci]) * self.scales[k];
                let name = names
                    .get(&self.vocab.keys()[k])
                    .cloned()
                    .unwrap_or_default();
                (name, v * w)
            })
            .collect();
        contrib.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        contrib.truncate(k);
        Ok(Explanation {
            intent: label,
            features: contrib,
        })
    }
}

/// Predictions from features extracted once for several models: `Bot::analyze`
/// hashes a message's features once for its intent model and for the FAQ's
/// classifier over alternate questions when both use the same
/// [`FeatureSpec`].
impl IntentClassifier {
    /// The features the model reads, for [`IntentClassifier::predict_features`].
    pub fn spec(&self) -> &FeatureSpec {
        &self.spec
    }

    /// [`IntentClassifier::predict_matching`] from the hashed features of the
    /// text in matching form, as [`text::features`] gives them for
    /// [`IntentClassifier::spec`] (in any order): the same prediction, bit for
    /// bit.
    pub fn predict_features(&self, feats: &[u64]) -> Prediction {
        self.predict_features_with_threshold(feats, self.threshold)
    }

    /// The prediction of `feats` with out-of-scope threshold `threshold`.
    fn predict_features_with_threshold(&self, feats: &[u64], threshold: f32) -> Prediction {
        let mut x = Sparse::default();
        self.vectorizer().vectorize_features(feats, &mut x);
        self.predict_vector_with_threshold(x, threshold)
    }

    /// The prediction of the feature vector `x` with out-of-scope threshold
    /// `threshold`: every prediction goes through here.
    fn predict_vector_with_threshold(&self, x: Sparse, threshold: f32) -> Prediction {
        let (z, ranked, has_features) = self.scored_vector(x);
        let oos = self.oos.map(|i| i as usize);
        let (best, p1) = ranked.first().copied().unwrap_or((0, 0.0));
        let p2 = ranked.get(1).map_or(0.0, |r| r.1);
        let oos_reason = if !has_features {
            Some(OosReason::NoFeatures)
        } else if oos.is_some_and(|o| z[o] > p1) {
            Some(OosReason::OosClass)
        } else if p1 < threshold {
            Some(OosReason::BelowThreshold)
        } else {
            None
        };
        let out_of_scope = oos_reason.is_some();
        let mut ranked = ranked;
        ranked.truncate(self.top_k.max(1) as usize);
        let best = self.labels.get(best).cloned().unwrap_or_default();
        Prediction {
            top: (!out_of_scope).then(|| best.clone()),
            best,
            confidence: p1,
            out_of_scope,
            ambiguous: !out_of_scope && p1 - p2 < self.ambiguity_margin,
            ranking: ranked
                .into_iter()
                .map(|(i, p)| (self.labels[i].clone(), p))
                .collect(),
            oos_reason,
        }
    }

    /// The [`Prediction::ranking`] of [`IntentClassifier::predict_features`]
    /// as `(label index, probability)`, and whether any feature is known
    /// (else the reason is [`OosReason::NoFeatures`]), without the label
    /// strings.
    pub(crate) fn ranking_features(&self, feats: &[u64]) -> (Vec<(usize, f32)>, bool) {
        let (_, mut ranked, has_features) = self.scored_features(feats);
        ranked.truncate(self.top_k.max(1) as usize);
        (ranked, has_features)
    }

    /// The class probabilities of `feats`, the best `max(top_k, 2)`
    /// in-scope classes (ties to the lower index) and whether any feature
    /// is known.
    fn scored_features(&self, feats: &[u64]) -> (Vec<f32>, Vec<(usize, f32)>, bool) {
        let mut x = Sparse::default();
        self.vectorizer().vectorize_features(feats, &mut x);
        self.scored_vector(x)
    }

    /// [`IntentClassifier::scored_features`] of a feature vector.
    fn scored_vector(&self, mut x: Sparse) -> (Vec<f32>, Vec<(usize, f32)>, bool) {
        let mut z = self.bias.clone();
        // the row scales go into the feature values (in place: the vector
        // is not needed after)
        for (v, &k) in x.val.iter_mut().zip(&x.idx) {
            *v *= self.scales.get(k as usize).copied().unwrap_or(0.0);
        }
        train::add_rows(&mut z, &self.qweights, &x.idx, &x.val, f32::from);
        softmax_in_place(&mut z);
        let oos = self.oos.map(|i| i as usize);
        let keep = (self.top_k as usize).max(2);
        let mut ranked: Vec<(usize, f32)> = Vec::with_capacity(keep + 1);
        for (i, &p) in z.iter().enumerate() {
            if Some(i) == oos || (ranked.len() == keep && ranked.last().is_some_and(|r| r.1 >= p)) {
                continue;
            }
            let at = ranked.iter().position(|r| r.1 < p).unwrap_or(ranked.len());
            ranked.insert(at, (i, p));
            ranked.truncate(keep);
        }
        (z, ranked, !x.idx.is_empty())
    }
}

/// The sorted distinct labels of `train` and the index of `oos` among
/// them; an error unless there are at least two in-scope labels.
fn label_set<'a>(
    train: impl IntoIterator<Item = &'a Example>,
) -> Result<(Vec<String>, Option<u32>)> {
    let mut labels: Vec<String> = train.into_iter().map(|e| e.label.clone()).collect();
    labels.sort();
    labels.dedup();
    let in_scope = labels.iter().filter(|l| *l != OOS_LABEL).count();
    if in_scope < 2 {
        return Err(Error::new(
            ErrorKind::Training,
            format!("intent training needs at least 2 in-scope labels, found {in_scope}"),
        ));
    }
    let oos = labels.iter().position(|l| l == OOS_LABEL).map(|i| i as u32);
    Ok((labels, oos))
}

/// `libm::roundf` (ties away from zero) by its own formula, with the
/// `trunc` of the standard library: one instruction in WASM, where
/// `libm::trunc` is a software routine. The same bits for every input.
fn round_half_away(x: f32) -> f32 {
    (x + (0.5 - 0.25 * f32::EPSILON).copysign(x)).trunc()
}

/// Smoothed inverse document frequency of a feature in `df` of `n`
/// documents.
fn idf(n: f32, df: u32) -> f32 {
    libm::logf((1.0 + n) / (1.0 + df as f32)) + 1.0
}

/// Picks the out-of-scope threshold from held-out predictions made with
/// threshold 0. With out-of-scope examples present, it maximizes accuracy
/// (an `oos` row is right when rejected, an in-scope row when accepted and
/// correct); without, it rejects at
/// most `max_rejection` of the correctly classified in-scope rows (by
/// default none: the threshold is the lowest confidence of a right answer).
fn choose_threshold(held_out: &[(Example, Prediction)], max_rejection: f32) -> f32 {
    if held_out.is_empty() {
        return 0.0;
    }
    let has_oos = held_out.iter().any(|(e, _)| e.label == OOS_LABEL);
    if has_oos {
        // Plain accuracy over the held-out rows. (Balanced accuracy was
        // tried: on CLINC150 it over-rejects, 96 % OOS recall for 77 %
        // in-scope accuracy.)
        let n_oos = held_out
            .iter()
            .filter(|(e, _)| e.label == OOS_LABEL)
            .count() as f32;
        let n_in = held_out.len() as f32 - n_oos;
        let mut candidates: Vec<f32> = held_out.iter().map(|(_, p)| p.confidence).collect();
        candidates.push(0.0);
        candidates.sort_by(f32::total_cmp);
        candidates.dedup();
        let mut best = (f32::NEG_INFINITY, 0.0f32);
        for &th in &candidates {
            let (mut in_ok, mut oos_ok) = (0usize, 0usize);
            for (e, p) in held_out {
                let rejected = p.out_of_scope || p.confidence < th;
                if e.label == OOS_LABEL {
                    oos_ok += usize::from(rejected);
                } else {
                    in_ok += usize::from(!rejected && p.best == e.label);
                }
            }
            let score = (in_ok + oos_ok) as f32 / (n_in + n_oos);
            if score > best.0 {
                best = (score, th);
            }
        }
        best.1
    } else {
        let mut conf: Vec<f32> = held_out
            .iter()
            .filter(|(e, p)| p.best == e.label)
            .map(|(_, p)| p.confidence)
            .collect();
        if conf.is_empty() {
            return 0.0;
        }
        conf.sort_by(f32::total_cmp);
        let k = ((conf.len() as f32) * max_rejection).floor() as usize;
        conf[k.min(conf.len() - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> Vec<Example> {
        let mut v = Vec::new();
        for t in [
            "where is my order",
            "track my parcel",
            "has my package shipped yet",
            "order status please",
            "我的订单在哪里",
            "查物流",
        ] {
            v.push(Example::new(t, "track"));
        }
        for t in [
            "i want a refund",
            "give me my money back",
            "refund my purchase",
            "how do i return this",
            "我要退款",
            "怎么退货",
        ] {
            v.push(Example::new(t, "refund"));
        }
        for t in [
            "change my password",
            "i cannot log in",
            "reset my login",
            "account locked",
            "忘记密码",
            "登录不了",
        ] {
            v.push(Example::new(t, "account"));
        }
        v
    }

    #[test]
    fn rounding_is_libm_roundf_bit_for_bit() {
        let mut xs = vec![
            0.0f32, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 126.5, -126.5, 127.49998,
        ];
        xs.extend([
            0.499_999_97f32,
            -0.499_999_97,
            f32::MAX,
            f32::MIN,
            f32::INFINITY,
        ]);
        let mut x = -130.0f32;
        while x < 130.0 {
            xs.push(x);
            x += 0.123_456_7;
        }
        for i in -1000..1000 {
            xs.push(i as f32 / 4.0); // exact quarters: every tie
        }
        for &x in &xs {
            assert_eq!(
                round_half_away(x).to_bits(),
                libm::roundf(x).to_bits(),
                "{x}"
            );
        }
        assert!(round_half_away(f32::NAN).is_nan());
    }

    #[test]
    fn learns_and_generalizes_across_scripts() {
        let clf = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        assert_eq!(clf.predict("where's my package").best, "track");
        assert_eq!(
            clf.predict("我要退貨").best,
            "refund",
            "Traditional script folds to the Simplified examples"
        );
        assert_eq!(clf.predict("I forgot my password").best, "account");
        let p = clf.predict("where is my order");
        let sum: f32 = p.ranking.iter().map(|r| r.1).sum();
        assert!(
            sum <= 1.0001 && sum > 0.99,
            "probabilities sum to one: {sum}"
        );
    }

    #[test]
    fn deterministic_for_a_seed() {
        let a = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        let b = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        assert_eq!(a, b);
        let c = IntentClassifier::train(
            &data(),
            None,
            &IntentOptions {
                seed: 7,
                ..Default::default()
            },
        )
        .unwrap();
        assert_ne!(a.qweights, c.qweights);
    }

    #[test]
    fn explicit_oos_examples_and_empty_text() {
        let mut d = data();
        for t in [
            "what is the weather",
            "tell me a joke",
            "who won the football game",
            "今天天气怎么样",
        ] {
            d.push(Example::new(t, OOS_LABEL));
        }
        let clf = IntentClassifier::train(&d, None, &IntentOptions::default()).unwrap();
        assert!(clf.predict("tell me a joke please").out_of_scope);
        assert!(
            clf.predict("").out_of_scope,
            "no features means out of scope"
        );
        assert!(!clf.predict("where is my order").out_of_scope);
        assert!(!clf.labels().is_empty());
    }

    #[test]
    fn threshold_from_validation_maximizes_accuracy() {
        let clf = IntentClassifier::train(
            &data(),
            None,
            &IntentOptions {
                cv_folds: 0,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(clf.threshold(), 0.0);
        let valid = vec![
            Example::new("where is my parcel", "track"),
            Example::new("refund please", "refund"),
            Example::new("the moon is made of cheese", OOS_LABEL),
        ];
        let clf2 =
            IntentClassifier::train(&data(), Some(&valid), &IntentOptions::default()).unwrap();
        let p = clf2.predict("the moon is made of cheese");
        assert!(
            p.out_of_scope,
            "threshold {} conf {}",
            clf2.threshold(),
            p.confidence
        );
        assert!(!clf2.predict("where is my parcel").out_of_scope);
    }

    #[test]
    fn bad_inputs_get_typed_errors_or_defined_results() {
        // one intent
        let one: Vec<Example> = data().into_iter().filter(|e| e.label == "track").collect();
        let e = IntentClassifier::train(&one, None, &IntentOptions::default()).unwrap_err();
        assert!(
            e.to_string()
                .contains("at least 2 in-scope labels, found 1"),
            "{e}"
        );
        // the same text under two intents names both
        let mut d = data();
        d.push(Example::new("Where is my ORDER", "refund"));
        let e = IntentClassifier::train(&d, None, &IntentOptions::default()).unwrap_err();
        assert!(
            e.to_string().contains("`track`") && e.to_string().contains("`refund`"),
            "{e}"
        );
        assert_eq!(conflicts(&d).len(), 1);
        let keep = IntentOptions {
            on_conflict: OnConflict::Keep,
            ..Default::default()
        };
        assert!(IntentClassifier::train(&d, None, &keep).is_ok());
        // an intent with a single example trains and can be predicted
        let mut d = data();
        d.push(Example::new("apply my discount coupon", "coupon"));
        let clf = IntentClassifier::train(&d, None, &IntentOptions::default()).unwrap();
        assert_eq!(clf.predict("apply my discount coupon").best, "coupon");
        // empty / whitespace: out of scope with the reason
        for t in ["", "   \t ", "!!!"] {
            let p = clf.predict(t);
            assert!(p.out_of_scope && p.top.is_none());
            assert_eq!(p.oos_reason, Some(OosReason::NoFeatures));
        }
        // a 100,000-character message is handled (linear in its length)
        let long = "where is my order ".repeat(100_000 / 18 + 1);
        assert_eq!(clf.predict(&long).best, "track");
    }

    #[test]
    fn explanation_names_the_features() {
        let clf = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        let ex = clf.explain("i want my refund now", None, 5).unwrap();
        assert_eq!(ex.intent, "refund");
        assert!(
            ex.features.iter().any(|(f, _)| f.contains("refund")),
            "{ex:?}"
        );
        assert!(ex.features.windows(2).all(|w| w[0].1 >= w[1].1));
        let e = clf.explain("x", Some("refnd"), 3).unwrap_err();
        assert!(
            e.is_invalid_input() && e.to_string().contains("did you mean `refund`"),
            "{e}"
        );
    }

    #[test]
    fn incremental_update_learns_a_new_intent() {
        let base = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        let new: Vec<Example> = [
            "apply my coupon",
            "discount code not working",
            "promo code invalid",
            "优惠券用不了",
        ]
        .iter()
        .map(|t| Example::new(*t, "coupon"))
        .collect();
        let mut all = data();
        all.extend(new.iter().cloned());
        let up = base.update(&all, &new, &IntentOptions::default()).unwrap();
        assert!(up.labels().iter().any(|l| l == "coupon"));
        assert_eq!(up.predict("my promo code is not working").best, "coupon");
        assert_eq!(
            up.predict("where is my order").best,
            "track",
            "old intents are kept"
        );
        assert_eq!(up.threshold(), base.threshold());
        let again = base.update(&all, &new, &IntentOptions::default()).unwrap();
        assert_eq!(up, again, "deterministic");
    }

    #[test]
    fn ranking_is_the_top_k_in_order_without_oos() {
        let mut d = data();
        for t in ["what is the weather", "tell me a joke", "今天天气怎么样"] {
            d.push(Example::new(t, OOS_LABEL));
        }
        for k in [1usize, 2, 3, 10] {
            let opts = IntentOptions {
                top_k: k,
                ..Default::default()
            };
            let clf = IntentClassifier::train(&d, None, &opts).unwrap();
            for t in ["where is my order", "refund", "tell me a joke", "password"] {
                let p = clf.predict(t);
                // three in-scope intents: the ranking never lists `oos`
                assert_eq!(p.ranking.len(), k.min(3), "{t} {k}");
                assert!(p.ranking.iter().all(|r| r.0 != OOS_LABEL));
                assert!(p.ranking.windows(2).all(|w| w[0].1 >= w[1].1));
                assert_eq!(p.ranking[0].0, p.best);
                assert_eq!(p.ranking[0].1, p.confidence);
            }
        }
        // with top_k 1 the ambiguity flag still compares with the second
        let one = IntentOptions {
            top_k: 1,
            ambiguity_margin: 1.0,
            cv_folds: 0,
            ..Default::default()
        };
        let clf = IntentClassifier::train(&data(), None, &one).unwrap();
        assert!(clf.predict("where is my order").ambiguous);
    }

    #[test]
    fn predictions_from_shared_features_are_the_same() {
        let clf = IntentClassifier::train(&data(), None, &IntentOptions::default()).unwrap();
        let texts = [
            "where is my parcel",
            "refund please",
            "我的包裹在哪里",
            "",
            "zzzz qqqq",
            "track track track my refund parcel order",
            "¿dónde está mi pedido?",
        ];
        for t in texts {
            let m = text::matching_form(t);
            let mut feats = Vec::new();
            text::features(&m, clf.spec(), &mut feats);
            let want = clf.predict_matching(&m);
            assert_eq!(clf.predict_features(&feats), want, "{t}");
            feats.reverse();
            assert_eq!(clf.predict_features(&feats), want, "{t} (any order)");
            let (ranked, known) = clf.ranking_features(&feats);
            assert_eq!(known, want.oos_reason != Some(OosReason::NoFeatures), "{t}");
            let labels: Vec<(String, f32)> = ranked
                .into_iter()
                .map(|(i, p)| (clf.labels()[i].clone(), p))
                .collect();
            assert_eq!(labels, want.ranking, "{t}");
        }
        // a different spec gives different features, hence a different input
        let other = FeatureSpec {
            words: false,
            ..FeatureSpec::default()
        };
        assert_ne!(clf.spec(), &other);
    }

    #[test]
    fn training_errors_are_typed() {
        let e = IntentClassifier::train(&[], None, &IntentOptions::default()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Training);
        let e = IntentClassifier::train(
            &[Example::new("!!!", "a"), Example::new("???", "b")],
            None,
            &IntentOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no features"));
    }

    #[test]
    fn arabic_spelling_variants_reach_the_same_intent() {
        // trained with hamza seats and taa marbuta, asked without them (and
        // the other way round), as customers type
        let ex = |t: &str, l: &str| Example::new(t, l);
        let train = vec![
            ex("أريد إلغاء الطلبية", "cancel"),
            ex("إلغاء طلبي من فضلك", "cancel"),
            ex("كيف ألغي الطلب", "cancel"),
            ex("أين طلبيتي", "track"),
            ex("متى تصل الشحنة", "track"),
            ex("تتبع الشحنة", "track"),
        ];
        let clf = IntentClassifier::train(&train, None, &IntentOptions::default()).unwrap();
        for (msg, want) in [
            ("اريد الغاء الطلبيه", "cancel"),
            ("الغاء طلبي", "cancel"),
            ("اين طلبيتي", "track"),
            ("متي تصل الشحنه", "track"),
        ] {
            let p = clf.predict(msg);
            assert_eq!(p.top.as_deref(), Some(want), "{msg}: {p:?}");
        }
        // the folded and the original spelling are one message
        let a = clf.predict("أريد إلغاء الطلبية");
        let b = clf.predict("اريد الغاء الطلبيه");
        assert_eq!(a.ranking, b.ranking);
    }
}

//! The standalone capabilities behind `kefu.IntentClassifier`,
//! `kefu.SentimentScorer` and `kefu.LanguageDetector` (whose
//! scikit-learn-style Python classes live in `kefu/_estimators.py`).

use std::collections::HashMap;

use kefu::analysis::IntentResult;
use kefu::definition::SentimentConfig;
use kefu::intent::{self, Example, IntentClassifier, IntentOptions, OnConflict, OOS_LABEL};
use kefu::lang::LanguageDetector;
use kefu::sentiment::SentimentScorer;
use kefu::text::FeatureSpec;
use kefu::ErrorKind;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

use crate::bot::uint;
use crate::convert::{self, Place};
use crate::errors::{guard, internal, invalid, wrong_type, Failure, KResult};
use crate::threads;

/// Texts and labels of equal length as examples.
fn examples(
    texts: &Bound<'_, PyAny>,
    labels: &Bound<'_, PyAny>,
    xname: &str,
    yname: &str,
) -> Result<Vec<Example>, Failure> {
    let x = convert::texts(texts, xname)?;
    let y = convert::texts(labels, yname)?;
    if x.len() != y.len() {
        return Err(invalid(format!(
            "{xname} and {yname}: {} texts but {} labels",
            x.len(),
            y.len()
        ))
        .into());
    }
    Ok(x.into_iter()
        .zip(y)
        .map(|(t, l)| Example::new(t, l))
        .collect())
}

/// An n-gram range argument `(min, max)`.
fn range(obj: &Bound<'_, PyAny>, name: &str) -> KResult<(u8, u8)> {
    let pair: Option<(u64, u64)> = obj
        .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
        .ok()
        .and_then(|(a, b)| Some((uint(&a, name).ok()?, uint(&b, name).ok()?)));
    match pair {
        Some((a, b)) if a <= b && b <= 16 => Ok((a as u8, b as u8)),
        _ => Err(invalid(format!(
            "{name}: expected a pair (min, max) with 0 <= min <= max <= 16 (0, 0 disables), found {}",
            obj.repr()
                .map(|r| r.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))),
    }
}

fn float_arg(obj: &Bound<'_, PyAny>, name: &str, lo: f64, hi: f64) -> KResult<f32> {
    if obj.is_instance_of::<pyo3::types::PyBool>() {
        return Err(wrong_type(format!("{name}: expected a number, found bool")));
    }
    let x: f64 = obj.extract().map_err(|_| {
        wrong_type(format!(
            "{name}: expected a number, found {}",
            convert::type_name(obj)
        ))
    })?;
    if !(lo..=hi).contains(&x) {
        return Err(invalid(format!("{name}: {x} is outside {lo}..={hi}")));
    }
    Ok(x as f32)
}

fn bool_arg(obj: &Bound<'_, PyAny>, name: &str) -> KResult<bool> {
    obj.cast::<pyo3::types::PyBool>()
        .map(|b| b.is_true())
        .map_err(|_| {
            wrong_type(format!(
                "{name}: expected bool, found {}",
                convert::type_name(obj)
            ))
        })
}

/// Training options from the keyword arguments of `IntentModel.train`.
fn intent_options(
    kw: Option<&Bound<'_, PyDict>>,
    n_labels: usize,
) -> Result<IntentOptions, Failure> {
    let mut o = IntentOptions::default();
    if let Some(kw) = kw {
        for (k, v) in kw.iter() {
            let key: String = convert::text(&k, &Place::Root("option"))?;
            match key.as_str() {
                "seed" => o.seed = uint(&v, "seed")?,
                "epochs" => {
                    o.epochs = u32::try_from(uint(&v, "epochs")?)
                        .map_err(|_| invalid("epochs: too large"))?
                }
                "learning_rate" => o.learning_rate = float_arg(&v, "learning_rate", 1e-6, 1e3)?,
                "ambiguity_margin" => {
                    o.ambiguity_margin = float_arg(&v, "ambiguity_margin", 0.0, 1.0)?
                }
                "cv_folds" => {
                    o.cv_folds = u32::try_from(uint(&v, "cv_folds")?)
                        .map_err(|_| invalid("cv_folds: too large"))?
                }
                "max_in_scope_rejection" => {
                    o.max_in_scope_rejection = float_arg(&v, "max_in_scope_rejection", 0.0, 1.0)?
                }
                "words" => o.features.words = bool_arg(&v, "words")?,
                "word_bigrams" => o.features.word_bigrams = bool_arg(&v, "word_bigrams")?,
                "char_ngrams" => o.features.char_ngrams = range(&v, "char_ngrams")?,
                "cjk_ngrams" => o.features.cjk_ngrams = range(&v, "cjk_ngrams")?,
                "on_conflict" => {
                    let s = convert::text(&v, &Place::Root("on_conflict"))?;
                    o.on_conflict = match s.as_str() {
                        "error" => OnConflict::Error,
                        "keep" => OnConflict::Keep,
                        _ => {
                            return Err(invalid(format!(
                                "on_conflict: expected \"error\" or \"keep\", found {s:?}"
                            ))
                            .into())
                        }
                    }
                }
                other => {
                    return Err(invalid(format!("unknown option `{other}`")).into());
                }
            }
        }
    }
    // Every in-scope probability, for predict_proba.
    o.top_k = n_labels.max(1);
    Ok(o)
}

/// The library defaults of the intent options, for the Python class.
#[pyfunction]
pub(crate) fn intent_defaults<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
    let o = IntentOptions::default();
    let FeatureSpec {
        words,
        word_bigrams,
        char_ngrams,
        cjk_ngrams,
    } = o.features;
    let d = PyDict::new(py);
    d.set_item("seed", o.seed)?;
    d.set_item("epochs", o.epochs)?;
    d.set_item("learning_rate", f64::from(o.learning_rate))?;
    d.set_item("ambiguity_margin", f64::from(o.ambiguity_margin))?;
    d.set_item("cv_folds", o.cv_folds)?;
    d.set_item(
        "max_in_scope_rejection",
        f64::from(o.max_in_scope_rejection),
    )?;
    d.set_item("words", words)?;
    d.set_item("word_bigrams", word_bigrams)?;
    d.set_item("char_ngrams", char_ngrams)?;
    d.set_item("cjk_ngrams", cjk_ngrams)?;
    d.set_item(
        "on_conflict",
        match o.on_conflict {
            OnConflict::Error => "error",
            OnConflict::Keep => "keep",
        },
    )?;
    Ok(d)
}

/// Texts that carry two different labels (compared in matching form), in
/// order of appearance: a list of ``(text, first_label, other_label)``.
#[pyfunction]
pub(crate) fn intent_conflicts(
    texts: &Bound<'_, PyAny>,
    labels: &Bound<'_, PyAny>,
) -> PyResult<Vec<(String, String, String)>> {
    let ex = examples(texts, labels, "X", "y")?;
    Ok(intent::conflicts(&ex)
        .into_iter()
        .map(|c| (c.text, c.first, c.second))
        .collect())
}

/// Magic of a pickled model: the postcard payload of the core's
/// `IntentClassifier` follows.
const MODEL_MAGIC: &[u8; 8] = b"KEFUINT1";

/// A trained intent classifier (the native half of
/// ``kefu.IntentClassifier``). Immutable; predictions release the GIL and
/// run in parallel.
#[pyclass(module = "kefu._native", name = "IntentModel", frozen)]
pub(crate) struct IntentModel {
    model: IntentClassifier,
}

impl IntentModel {
    fn predictions(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> Result<Vec<intent::Prediction>, Failure> {
        let threads = threads::from_arg(threads)?;
        let texts = convert::texts(texts, "X")?;
        let model = &self.model;
        Ok(py.detach(|| guard(|| Ok(threads::par_map(&texts, threads, |t| model.predict(t)))))?)
    }
}

#[pymethods]
impl IntentModel {
    /// Trains on ``texts``/``labels``; the out-of-scope threshold is picked
    /// on ``valid_texts``/``valid_labels`` when given, else by
    /// cross-validation. Options as in ``kefu.IntentClassifier``.
    /// Releases the GIL.
    #[staticmethod]
    #[pyo3(signature = (texts, labels, valid_texts = None, valid_labels = None, **options))]
    fn train(
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        labels: &Bound<'_, PyAny>,
        valid_texts: Option<&Bound<'_, PyAny>>,
        valid_labels: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<IntentModel> {
        let train = examples(texts, labels, "X", "y")?;
        let valid = match (
            valid_texts.filter(|v| !v.is_none()),
            valid_labels.filter(|v| !v.is_none()),
        ) {
            (Some(x), Some(y)) => Some(examples(x, y, "X_valid", "y_valid")?),
            (None, None) => None,
            _ => {
                return Err(invalid("X_valid and y_valid: give both or neither").into());
            }
        };
        let mut labels: Vec<&str> = train.iter().map(|e| e.label.as_str()).collect();
        labels.sort_unstable();
        labels.dedup();
        let opts = intent_options(options, labels.len())?;
        let model =
            py.detach(|| guard(|| Ok(IntentClassifier::train(&train, valid.as_deref(), &opts)?)))?;
        Ok(IntentModel { model })
    }

    /// The labels the model knows, sorted (``oos`` included when trained
    /// with out-of-scope examples).
    #[getter]
    fn labels(&self) -> Vec<String> {
        self.model.labels().to_vec()
    }

    /// The out-of-scope threshold on the best in-scope probability.
    #[getter]
    fn threshold(&self) -> f64 {
        f64::from(self.model.threshold())
    }

    /// The number of stored features.
    #[getter]
    fn n_features(&self) -> usize {
        self.model.feature_count()
    }

    /// The best in-scope label of each text, or ``oos_label`` when out of
    /// scope.
    #[pyo3(signature = (texts, oos_label, threads = None))]
    fn predict(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        oos_label: &Bound<'_, PyAny>,
        threads: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let oos = convert::text(oos_label, &Place::Root("oos_label"))?;
        Ok(self
            .predictions(py, texts, threads)?
            .into_iter()
            .map(|p| if p.out_of_scope { oos.clone() } else { p.best })
            .collect())
    }

    /// Probabilities as native-endian ``float64`` bytes, ``len(texts) ×
    /// len(columns)`` row-major. A column is a label of the model; the
    /// column ``oos`` gets 1 − the sum of the in-scope probabilities (the
    /// explicit out-of-scope class's probability); an unknown label 0.
    #[pyo3(signature = (texts, columns, threads = None))]
    fn predict_proba<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        columns: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let columns = convert::texts(columns, "columns")?;
        let index: HashMap<&str, usize> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let oos_col = index.get(OOS_LABEL).copied();
        let preds = self.predictions(py, texts, threads)?;
        let c = columns.len();
        let mut out = Vec::with_capacity(preds.len() * c * 8);
        let mut row = vec![0f64; c];
        for p in &preds {
            row.iter_mut().for_each(|x| *x = 0.0);
            let mut sum = 0f64;
            for (label, prob) in &p.ranking {
                let prob = f64::from(*prob);
                sum += prob;
                if let Some(&j) = index.get(label.as_str()) {
                    row[j] = prob;
                }
            }
            if let Some(j) = oos_col {
                row[j] = (1.0 - sum).max(0.0);
            }
            for x in &row {
                out.extend_from_slice(&x.to_ne_bytes());
            }
        }
        Ok(PyBytes::new(py, &out))
    }

    /// The ``intent`` part of result schema v1 for each text (``top``,
    /// ``confidence``, ``out_of_scope``, ``ambiguous``, ``oos_reason``,
    /// ``ranking`` of the ``top_k`` best in-scope intents).
    #[pyo3(signature = (texts, top_k = 5, threads = None))]
    fn predict_details<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        top_k: usize,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let preds = self.predictions(py, texts, threads)?;
        let json = py.detach(|| {
            preds
                .into_iter()
                .map(|mut p| {
                    p.ranking.truncate(top_k.max(1));
                    convert::to_json_text(&IntentResult::from(p))
                })
                .collect::<KResult<Vec<String>>>()
        })?;
        Ok(convert::loads_list(py, json)?.into_any())
    }

    /// The ``k`` features of ``text`` that push it most towards ``intent``
    /// (the best intent when ``None``): ``{"intent": …, "features":
    /// [(feature text, contribution), …]}``.
    #[pyo3(signature = (text, intent = None, k = 10))]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        intent: Option<&Bound<'py, PyAny>>,
        k: usize,
    ) -> PyResult<Bound<'py, PyDict>> {
        let text = convert::text(text, &Place::Root("text"))?;
        let intent = match intent.filter(|i| !i.is_none()) {
            Some(i) => Some(convert::text(i, &Place::Root("intent"))?),
            None => None,
        };
        let model = &self.model;
        let e = py.detach(|| guard(|| Ok(model.explain(&text, intent.as_deref(), k)?)))?;
        let d = PyDict::new(py);
        d.set_item("intent", e.intent)?;
        let feats: Vec<(String, f64)> = e
            .features
            .into_iter()
            .map(|(f, w)| (f, f64::from(w)))
            .collect();
        d.set_item("features", feats)?;
        Ok(d)
    }

    /// Restores a pickled model.
    #[staticmethod]
    fn _from_state(state: &Bound<'_, PyBytes>) -> PyResult<IntentModel> {
        let b = state.as_bytes();
        let payload = b.strip_prefix(MODEL_MAGIC.as_slice()).ok_or_else(|| {
            crate::errors::KefuErr::from(kefu::Error::new(
                ErrorKind::Bundle,
                "not a pickled kefu intent model (bad magic)",
            ))
        })?;
        let model: IntentClassifier = postcard::from_bytes(payload).map_err(|e| {
            crate::errors::KefuErr::from(kefu::Error::new(
                ErrorKind::Bundle,
                format!("pickled intent model is corrupt: {e}"),
            ))
        })?;
        Ok(IntentModel { model })
    }

    /// Pickles as the core's serialized model.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut state = MODEL_MAGIC.to_vec();
        let payload = postcard::to_allocvec(&self.model)
            .map_err(|e| internal(format!("cannot serialize the model: {e}")))?;
        state.extend_from_slice(&payload);
        let from_state = py.get_type::<IntentModel>().getattr("_from_state")?;
        PyTuple::new(
            py,
            [
                from_state,
                PyTuple::new(py, [PyBytes::new(py, &state).into_any()])?.into_any(),
            ],
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<kefu._native.IntentModel labels={} features={} threshold={:.4}>",
            self.model.labels().len(),
            self.model.feature_count(),
            self.model.threshold()
        )
    }
}

/// The `langs=` argument: None (detect each), one str for all, or one per
/// text.
fn langs_arg(obj: Option<&Bound<'_, PyAny>>, n: usize) -> Result<Vec<Option<String>>, Failure> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(vec![None; n]);
    };
    if obj.is_instance_of::<PyString>() {
        let s = convert::text(obj, &Place::Root("langs"))?;
        return Ok(vec![Some(s); n]);
    }
    let v = convert::texts(obj, "langs")?;
    if v.len() != n {
        return Err(invalid(format!(
            "langs: {} languages for {n} texts; give one per text, one str for all, or None",
            v.len()
        ))
        .into());
    }
    Ok(v.into_iter().map(Some).collect())
}

/// A lexicon-based sentiment scorer (the native half of
/// ``kefu.SentimentScorer``).
#[pyclass(module = "kefu._native", name = "SentimentModel", frozen)]
pub(crate) struct SentimentModel {
    scorer: SentimentScorer,
    /// The domain-adapted scorer, after ``fit`` with labels.
    adapted: Option<kefu::sentiment::AdaptedScorer>,
    detector: LanguageDetector,
}

impl SentimentModel {
    fn score_one(&self, text: &str, lang: Option<&str>) -> kefu::analysis::SentimentResult {
        let code = match lang {
            Some(l) => l.to_string(),
            None => self.detector.detect(text).code,
        };
        match &self.adapted {
            Some(a) => a.score(text, &code),
            None => self.scorer.score(text, &code),
        }
    }
}

#[pymethods]
impl SentimentModel {
    /// ``lexicon``: additions as in a bot definition's
    /// ``sentiment.lexicon``: ``{language tag: {word or phrase: polarity in
    /// -1..1}}``; errors name ``sentiment.lexicon.<tag>.<word>``.
    #[new]
    #[pyo3(signature = (lexicon = None))]
    fn new(lexicon: Option<&Bound<'_, PyAny>>) -> PyResult<SentimentModel> {
        let config = match lexicon.filter(|l| !l.is_none()) {
            None => SentimentConfig::default(),
            Some(l) => {
                if !l.is_instance_of::<PyDict>() {
                    return Err(wrong_type(format!(
                        "lexicon: expected a dict {{language: {{word: polarity}}}} or None, found {}",
                        convert::type_name(l)
                    ))
                    .into());
                }
                let root = Place::Root("sentiment");
                let value =
                    convert::to_json(l, &Place::Key(&root, "lexicon"), ErrorKind::Definition)
                        .map_err(PyErr::from)?;
                let wrapped = serde_json::json!({ "lexicon": value });
                serde_path_to_error::deserialize::<_, SentimentConfig>(wrapped).map_err(|e| {
                    crate::errors::KefuErr::from(kefu::Error::new(
                        ErrorKind::Definition,
                        format!("sentiment.{}: {}", e.path(), e.inner()),
                    ))
                })?
            }
        };
        let scorer = guard(|| Ok(SentimentScorer::new(&config)?))?;
        Ok(SentimentModel {
            scorer,
            adapted: None,
            detector: LanguageDetector::new(&[]),
        })
    }

    /// Domain adaptation (``kefu::sentiment::SentimentScorer::train``): a
    /// new model whose classifier learns ``texts``/``labels`` (``negative``,
    /// ``neutral``, ``positive``) and is blended with this model's lexicon
    /// scorer; the blend is chosen by cross-validation on the rows.
    /// Releases the GIL.
    #[pyo3(signature = (texts, labels, seed = 42))]
    fn train(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        labels: &Bound<'_, PyAny>,
        seed: u64,
    ) -> PyResult<SentimentModel> {
        let rows = examples(texts, labels, "X", "y")?;
        let mut opts = kefu::sentiment::AdaptOptions::default();
        opts.classifier.seed = seed;
        let adapted = py.detach(|| guard(|| Ok(self.scorer.train(&rows, &opts)?)))?;
        Ok(SentimentModel {
            scorer: self.scorer.clone(),
            adapted: Some(adapted),
            detector: LanguageDetector::new(&[]),
        })
    }

    /// The trained part of an adapted model as bytes (``None`` before
    /// training), for pickling; :meth:`with_adapter` reads it back.
    fn adapter_bytes<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.adapted
            .as_ref()
            .map(|a| PyBytes::new(py, &a.adapter_bytes()))
    }

    /// This model adapted with bytes from :meth:`adapter_bytes`; corrupt
    /// bytes raise ``BundleError``.
    fn with_adapter(&self, bytes: &Bound<'_, PyAny>) -> PyResult<SentimentModel> {
        let b = bytes.cast::<PyBytes>().map_err(|_| {
            PyErr::from(wrong_type(format!(
                "adapter: expected bytes, found {}",
                convert::type_name(bytes)
            )))
        })?;
        let adapted = guard(|| Ok(self.scorer.with_adapter(b.as_bytes())?))?;
        Ok(SentimentModel {
            scorer: self.scorer.clone(),
            adapted: Some(adapted),
            detector: LanguageDetector::new(&[]),
        })
    }

    /// The weight of the built-in prior in the blend (``None`` before
    /// training).
    #[getter]
    fn prior_weight(&self) -> Option<f64> {
        self.adapted.as_ref().map(|a| f64::from(a.prior_weight()))
    }

    /// The weight of the naive Bayes model in the blend (``None`` before
    /// training, 0 when cross-validation left it out).
    #[getter]
    fn nb_weight(&self) -> Option<f64> {
        self.adapted.as_ref().map(|a| f64::from(a.nb_weight()))
    }

    /// The language codes with a built-in or added lexicon.
    #[getter]
    fn languages(&self) -> Vec<String> {
        self.scorer
            .languages()
            .into_iter()
            .map(String::from)
            .collect()
    }

    /// The ``sentiment`` part of result schema v1 for one text. ``lang`` is
    /// an ISO 639-1 code (``"en"``, ``"zh"``) or ``"und"``; ``None`` detects
    /// it.
    #[pyo3(signature = (text, lang = None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        lang: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = convert::text(text, &Place::Root("text"))?;
        let lang = match lang.filter(|l| !l.is_none()) {
            Some(l) => Some(convert::text(l, &Place::Root("lang"))?),
            None => None,
        };
        let json =
            py.detach(|| guard(|| convert::to_json_text(&self.score_one(&text, lang.as_deref()))))?;
        convert::loads(py, &json)
    }

    /// :meth:`score` for many texts, in parallel with the GIL released.
    #[pyo3(signature = (texts, langs = None, threads = None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        langs: Option<&Bound<'py, PyAny>>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = threads::from_arg(threads)?;
        let texts = convert::texts(texts, "texts")?;
        let langs = langs_arg(langs, texts.len())?;
        let pairs: Vec<(String, Option<String>)> = texts.into_iter().zip(langs).collect();
        let list = threads::pipeline(py, &pairs, threads, |(t, l)| {
            convert::to_json_text(&self.score_one(t, l.as_deref()))
        })?;
        Ok(list.into_any())
    }
}

/// One detection, as JSON (the core's [`kefu::lang::Detection`] schema).
fn detection_json(d: &kefu::lang::Detection) -> KResult<String> {
    convert::to_json_text(d)
}

/// A language detector for short messages (the native half of
/// ``kefu.LanguageDetector``).
#[pyclass(module = "kefu._native", name = "LanguageModel", frozen)]
pub(crate) struct LanguageModel {
    detector: LanguageDetector,
}

#[pymethods]
impl LanguageModel {
    /// ``languages``: allowed language tags (``"en"``, ``"zh-Hant"``…), or
    /// ``None`` for every language kefu knows.
    #[new]
    #[pyo3(signature = (languages = None))]
    fn new(languages: Option<&Bound<'_, PyAny>>) -> PyResult<LanguageModel> {
        let langs = match languages.filter(|l| !l.is_none()) {
            None => Vec::new(),
            Some(l) => convert::texts(l, "languages")?,
        };
        for (i, tag) in langs.iter().enumerate() {
            if !kefu::lang::is_known_language(tag) {
                let p = kefu::lang::primary(tag);
                let near = kefu::lang::known_codes()
                    .find(|c| c.eq_ignore_ascii_case(p))
                    .map(|c| format!(" (did you mean `{c}`?)"))
                    .unwrap_or_default();
                return Err(invalid(format!(
                    "languages[{i}]: `{tag}` is not a language kefu knows (use ISO 639-1 codes such as `en`, `zh-Hant`){near}"
                ))
                .into());
            }
        }
        Ok(LanguageModel {
            detector: LanguageDetector::new(&langs),
        })
    }

    /// ``{"code", "script", "confidence", "reliable", "secondary"}`` for one text:
    /// ``code`` is ISO 639-1 or ``"und"``, ``script`` ISO 15924 when it
    /// matters (``"Hans"``/``"Hant"`` for Chinese).
    fn detect<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = convert::text(text, &Place::Root("text"))?;
        let json = py.detach(|| guard(|| detection_json(&self.detector.detect(&text))))?;
        convert::loads(py, &json)
    }

    /// :meth:`detect` for many texts, in parallel with the GIL released.
    #[pyo3(signature = (texts, threads = None))]
    fn detect_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let threads = threads::from_arg(threads)?;
        let texts = convert::texts(texts, "texts")?;
        let list = threads::pipeline(py, &texts, threads, |t| {
            detection_json(&self.detector.detect(t))
        })?;
        Ok(list.into_any())
    }
}

/// The ISO 639-1 codes of every language kefu can detect, sorted.
#[pyfunction]
pub(crate) fn known_languages() -> Vec<&'static str> {
    let mut v: Vec<&'static str> = kefu::lang::known_codes().collect();
    v.sort_unstable();
    v
}

/// Aggregates JSON records (`kefu::report::Report::add_json`) and returns
/// the summary as JSON text. Releases the GIL while aggregating.
#[pyfunction]
#[pyo3(signature = (records, top_gaps = 10))]
pub(crate) fn report_json(
    py: Python<'_>,
    records: Vec<String>,
    top_gaps: usize,
) -> PyResult<String> {
    let out = py.detach(|| {
        guard(|| {
            let mut r = kefu::report::Report::new();
            for (i, rec) in records.iter().enumerate() {
                r.add_json(rec)
                    .map_err(|e| e.context(format!("analyses[{i}]")))?;
            }
            convert::to_json_text(&r.summary(top_gaps))
        })
    })?;
    Ok(out)
}

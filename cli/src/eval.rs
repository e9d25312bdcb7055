//! `kefu eval`: the evaluation contract of DESIGN.md.
//!
//! Every subcommand reads JSONL, prints a readable table (with progress on
//! stderr) or, with `--json`, one JSON object on stdout. Rates are
//! percentages (0–100); times are in the unit their key names.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Subcommand;
use kefu::analysis::FaqStatus;
use kefu::definition::FaqEntry;
use kefu::faq::{FaqIndex, FaqOptions, Synonyms};
use kefu::intent::{Example, IntentClassifier, IntentOptions, OnConflict, OOS_LABEL};
use kefu::lang::LanguageDetector;
use kefu::sentiment::SentimentScorer;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::CliResult;

#[derive(Subcommand)]
pub enum EvalCommand {
    /// Intent accuracy and out-of-scope detection.
    Intent {
        /// Training rows `{"text","label"}`.
        #[arg(long)]
        train: PathBuf,
        /// Validation rows: the out-of-scope threshold is picked here
        /// (otherwise by cross-validation on train).
        #[arg(long)]
        valid: Option<PathBuf>,
        /// Test rows.
        #[arg(long)]
        test: PathBuf,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
        /// Training seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Passes over the training data (default: the library default).
        #[arg(long)]
        epochs: Option<u32>,
        /// Initial learning rate (default: the library default).
        #[arg(long)]
        learning_rate: Option<f32>,
        /// Character n-gram sizes inside words, `MIN-MAX` (default: the library default).
        #[arg(long)]
        char_ngrams: Option<String>,
        /// Also measure incremental learning: train without the last N
        /// intents (by name), then add them with `update`, and compare with
        /// the full training (keys `update_ms`, `update_accuracy`).
        #[arg(long)]
        incremental: Option<usize>,
        /// With `--incremental`: skip this many intents from the end of the
        /// sorted list before taking the N to add, so that the update can be
        /// measured on other intents than the last ones.
        #[arg(long, default_value_t = 0, requires = "incremental")]
        incremental_skip: usize,
    },
    /// Feedback: train on `--train`, correct the first N misclassified
    /// in-scope test messages with `kefu::feedback`, report how many the
    /// new model fixes and the accuracy change on the rest of the test file.
    Feedback {
        /// Training rows `{"text","label"}`.
        #[arg(long)]
        train: PathBuf,
        /// Validation rows (out-of-scope threshold), as for `eval intent`.
        #[arg(long)]
        valid: Option<PathBuf>,
        /// Test rows (not needed with `--on-valid`).
        #[arg(long, required_unless_present = "on_valid")]
        test: Option<PathBuf>,
        /// How many corrections (the first N test errors, in file order).
        #[arg(long, default_value_t = 50)]
        n: usize,
        /// Extra rounds (default: the library's `FeedbackOptions`).
        #[arg(long)]
        max_rounds: Option<u32>,
        /// Repeats per extra round (default: the library's).
        #[arg(long)]
        repeat: Option<usize>,
        /// Training seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Tuning mode: draw the corrections from the errors on `--valid`
        /// and measure on the rest of `--valid` (`--test` is not read), so
        /// that feedback options are chosen without the test split.
        #[arg(long, requires = "valid")]
        on_valid: bool,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// FAQ retrieval and answerability.
    Faq {
        /// FAQ rows `{"id","question","answer"}`.
        #[arg(long)]
        faq: PathBuf,
        /// Query rows `{"text","faq_id"}` (optional `relevant_faq_ids`).
        #[arg(long)]
        queries: PathBuf,
        /// Index the first N queries of each FAQ as alternate questions and
        /// leave them out of the evaluation.
        #[arg(long, default_value_t = 0)]
        alternates: usize,
        /// Off-topic queries (JSONL with `text`; rows with a `label` other
        /// than `oos` are skipped, so CLINC150's test file works as is):
        /// reports `offtopic_answer_rate`, the share the index answers.
        #[arg(long)]
        offtopic: Option<PathBuf>,
        /// Synonyms, as a bot definition's `synonyms`: a JSON object of
        /// canonical forms, each with an array of its alternatives.
        #[arg(long)]
        synonyms: Option<PathBuf>,
        /// Weight of matches against answer texts (default: the library's).
        #[arg(long)]
        answer_weight: Option<f32>,
        /// Classifier pull over alternate questions (default: the library's).
        #[arg(long)]
        classifier_weight: Option<f32>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Language identification.
    Lang {
        /// Rows `{"text","lang"}` with optional `kind` and `script`.
        #[arg(long)]
        test: PathBuf,
        /// Restrict the allow-list (and the rows) to these ISO 639-1 codes.
        #[arg(long, value_delimiter = ',')]
        languages: Option<Vec<String>>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// One emotion against the rest (e.g. anger on tweeteval_emotion), built in.
    Emotion(crate::eval_emotion::EmotionArgs),
    /// Sentiment polarity.
    Sentiment {
        /// Rows `{"text","label"}`, labels negative|neutral|positive.
        #[arg(long)]
        test: PathBuf,
        /// Training rows: score a domain-adapted model instead of the built-in scorer.
        #[arg(long)]
        train: Option<PathBuf>,
        /// With --train: fix the weight of the built-in prior instead of choosing it by cross-validation (0: the classifier alone).
        #[arg(long)]
        prior_weight: Option<f32>,
        /// With --train: passes of the classifier's training (default: the intent default).
        #[arg(long)]
        epochs: Option<u32>,
        /// Write the misclassified rows to this JSONL file
        /// (`{"text","label","predicted"}`), for lexicon authors.
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

pub(crate) fn read_jsonl<T: DeserializeOwned>(path: &Path) -> CliResult<Vec<T>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        out.push(row);
    }
    Ok(out)
}

/// Progress on stderr for people (not with `--json`).
struct Progress {
    total: usize,
    on: bool,
    label: &'static str,
}

impl Progress {
    fn new(label: &'static str, total: usize, json: bool) -> Progress {
        Progress {
            total,
            on: !json && total >= 2000,
            label,
        }
    }
    fn tick(&self, i: usize) {
        if self.on && (i % 1000 == 0 || i + 1 == self.total) {
            let pct = (i + 1) * 100 / self.total.max(1);
            let bar = "#".repeat(pct / 4);
            eprint!("\r{} [{bar:<25}] {}/{}", self.label, i + 1, self.total);
            if i + 1 == self.total {
                eprintln!();
            }
            let _ = std::io::stderr().flush();
        }
    }
}

pub(crate) fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

pub(crate) fn round(x: f64, digits: i32) -> f64 {
    let m = 10f64.powi(digits);
    (x * m).round() / m
}

/// Macro-F1 (percent) over the union of gold and predicted labels.
fn macro_f1(pairs: &[(String, String)]) -> f64 {
    let labels: BTreeSet<&str> = pairs
        .iter()
        .flat_map(|(g, p)| [g.as_str(), p.as_str()])
        .collect();
    let mut sum = 0.0;
    for l in &labels {
        let tp = pairs.iter().filter(|(g, p)| g == l && p == l).count() as f64;
        let fp = pairs.iter().filter(|(g, p)| g != l && p == l).count() as f64;
        let fn_ = pairs.iter().filter(|(g, p)| g == l && p != l).count() as f64;
        let f1 = if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        };
        sum += f1;
    }
    if labels.is_empty() {
        0.0
    } else {
        100.0 * sum / labels.len() as f64
    }
}

pub(crate) fn print(json: bool, title: &str, v: &Value) -> CliResult<()> {
    if json {
        println!("{}", serde_json::to_string(v)?);
        return Ok(());
    }
    println!("{title}");
    if let Value::Object(m) = v {
        for (k, val) in m {
            match val {
                Value::Object(inner) => {
                    println!("  {k}:");
                    for (k2, v2) in inner {
                        println!("    {k2:<16} {v2}");
                    }
                }
                _ => println!("  {k:<24} {val}"),
            }
        }
    }
    Ok(())
}

#[derive(Deserialize)]
pub(crate) struct LabelRow {
    pub(crate) text: String,
    pub(crate) label: String,
}

pub fn run(cmd: EvalCommand) -> CliResult<()> {
    match cmd {
        EvalCommand::Intent {
            train,
            valid,
            test,
            json,
            seed,
            epochs,
            learning_rate,
            char_ngrams,
            incremental,
            incremental_skip,
        } => {
            let d = IntentOptions::default();
            let mut features = d.features;
            if let Some(r) = char_ngrams {
                let (a, b) = r
                    .split_once('-')
                    .ok_or("--char-ngrams takes MIN-MAX, e.g. 2-5")?;
                features.char_ngrams = (a.parse()?, b.parse()?);
            }
            let opts = IntentOptions {
                seed,
                epochs: epochs.unwrap_or(d.epochs),
                learning_rate: learning_rate.unwrap_or(d.learning_rate),
                features,
                ..d
            };
            let incremental = incremental.map(|n| (n, incremental_skip));
            intent(&train, valid.as_deref(), &test, json, &opts, incremental)
        }
        EvalCommand::Feedback {
            train,
            valid,
            test,
            n,
            max_rounds,
            repeat,
            seed,
            on_valid,
            json,
        } => {
            let d = kefu::feedback::FeedbackOptions::default();
            let fo = kefu::feedback::FeedbackOptions {
                max_rounds: max_rounds.unwrap_or(d.max_rounds),
                repeat: repeat.unwrap_or(d.repeat),
                ..d
            };
            // in tuning mode the "test" rows are the valid rows
            let test = match (&valid, on_valid, test) {
                (Some(v), true, _) => v.clone(),
                (_, _, Some(t)) => t,
                _ => return Err("--test is required".into()),
            };
            crate::feedback_cmd::eval(&train, valid.as_deref(), &test, n, seed, &fo, json)
        }
        EvalCommand::Faq {
            faq,
            queries,
            alternates,
            offtopic,
            synonyms,
            answer_weight,
            classifier_weight,
            json,
        } => {
            let d = FaqOptions::default();
            let opts = FaqOptions {
                answer_weight: answer_weight.unwrap_or(d.answer_weight),
                classifier_weight: classifier_weight.unwrap_or(d.classifier_weight),
                ..d
            };
            let synonyms = match synonyms {
                Some(p) => read_synonyms(&p)?,
                None => Synonyms::default(),
            };
            let corpus = FaqCorpus {
                faq: &faq,
                queries: &queries,
                alternates,
                offtopic: offtopic.as_deref(),
                synonyms: &synonyms,
            };
            faq_eval(&corpus, &opts, json)
        }
        EvalCommand::Lang {
            test,
            languages,
            json,
        } => lang(&test, languages, json),
        EvalCommand::Sentiment {
            test,
            train,
            prior_weight,
            epochs,
            errors,
            json,
        } => sentiment(
            &test,
            train.as_deref(),
            prior_weight,
            epochs,
            errors.as_deref(),
            json,
        ),
        EvalCommand::Emotion(args) => crate::eval_emotion::run(&args),
    }
}

pub(crate) fn to_examples(rows: Vec<LabelRow>) -> Vec<Example> {
    rows.into_iter()
        .map(|r| Example::new(r.text, r.label))
        .collect()
}

/// Expected calibration error, in points: the row-weighted mean gap
/// between confidence and accuracy over 15 equal-width confidence bins.
fn expected_calibration_error(rows: &[(f32, bool)]) -> f64 {
    const BINS: usize = 15;
    let mut bins = [(0f64, 0f64, 0usize); BINS];
    for &(c, right) in rows {
        let b = ((f64::from(c) * BINS as f64) as usize).min(BINS - 1);
        bins[b].0 += f64::from(c);
        bins[b].1 += f64::from(u8::from(right));
        bins[b].2 += 1;
    }
    let gaps: f64 = bins.iter().map(|&(c, a, _)| (c - a).abs()).sum();
    100.0 * gaps / rows.len().max(1) as f64
}

fn intent(
    train: &Path,
    valid: Option<&Path>,
    test: &Path,
    json: bool,
    opts: &IntentOptions,
    incremental: Option<(usize, usize)>,
) -> CliResult<()> {
    let train = to_examples(read_jsonl(train)?);
    // Public datasets have a few texts with two labels: train on both rows
    // and say so, rather than refuse or drop them silently.
    let opts = &IntentOptions {
        on_conflict: OnConflict::Keep,
        ..opts.clone()
    };
    let conflicts = kefu::intent::conflicts(&train);
    for c in &conflicts {
        eprintln!(
            "note: training text `{}` is labelled both `{}` and `{}`",
            c.text, c.first, c.second
        );
    }
    let valid = match valid {
        Some(v) => Some(to_examples(read_jsonl(v)?)),
        None => None,
    };
    let test = to_examples(read_jsonl(test)?);
    if !json {
        eprintln!("training on {} rows…", train.len());
    }
    let t0 = Instant::now();
    let clf = IntentClassifier::train(&train, valid.as_deref(), opts)?;
    let train_ms = t0.elapsed().as_secs_f64() * 1e3;
    let progress = Progress::new("predicting", test.len(), json);
    let t1 = Instant::now();
    let mut pairs = Vec::with_capacity(test.len());
    let mut top1_in_scope = 0usize;
    // (confidence, right) of the best in-scope intent of in-scope rows
    let mut reliability = Vec::with_capacity(test.len());
    for (i, e) in test.iter().enumerate() {
        let p = clf.predict(&e.text);
        top1_in_scope += usize::from(e.label != OOS_LABEL && p.best == e.label);
        if e.label != OOS_LABEL {
            reliability.push((p.confidence, p.best == e.label));
        }
        let pred = if p.out_of_scope {
            OOS_LABEL.to_string()
        } else {
            p.best
        };
        pairs.push((e.label.clone(), pred));
        progress.tick(i);
    }
    let predict_us = t1.elapsed().as_secs_f64() * 1e6 / test.len().max(1) as f64;
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    let in_scope: Vec<&(String, String)> = pairs.iter().filter(|(g, _)| g != OOS_LABEL).collect();
    let in_scope_correct = in_scope.iter().filter(|(g, p)| g == p).count();
    let oos_gold = pairs.iter().filter(|(g, _)| g == OOS_LABEL).count();
    let oos_pred = pairs.iter().filter(|(_, p)| p == OOS_LABEL).count();
    let oos_hit = pairs
        .iter()
        .filter(|(g, p)| g == OOS_LABEL && p == OOS_LABEL)
        .count();
    let model_bytes = postcard::to_allocvec(&clf).map(|v| v.len()).unwrap_or(0);
    let v = json!({
        "accuracy": round(pct(correct, pairs.len()), 2),
        "in_scope_accuracy": round(pct(in_scope_correct, in_scope.len()), 2),
        // extra key: in-scope accuracy of the best intent, ignoring rejection
        "in_scope_top1": round(pct(top1_in_scope, in_scope.len()), 2),
        // extra key: expected calibration error (15 bins, in points) of the
        // best in-scope intent's probability on in-scope rows
        "ece": round(expected_calibration_error(&reliability), 2),
        "oos_recall": round(pct(oos_hit, oos_gold), 2),
        "oos_precision": round(pct(oos_hit, oos_pred), 2),
        "macro_f1": round(macro_f1(&pairs), 2),
        "train_ms": round(train_ms, 1),
        "predict_us_per_msg": round(predict_us, 2),
        "model_bytes": model_bytes,
        "threshold": round(f64::from(clf.threshold()), 4),
        "rows": pairs.len(),
        "label_conflicts_in_train": conflicts.len(),
    });
    if let Some((n, skip)) = incremental {
        let mut v = v;
        let mut labels: Vec<&str> = train
            .iter()
            .map(|e| e.label.as_str())
            .filter(|l| *l != OOS_LABEL)
            .collect();
        labels.sort_unstable();
        labels.dedup();
        let held: BTreeSet<&str> = labels.iter().rev().skip(skip).take(n).copied().collect();
        let (new, base): (Vec<Example>, Vec<Example>) = train
            .iter()
            .cloned()
            .partition(|e| held.contains(e.label.as_str()));
        let base_clf = IntentClassifier::train(&base, valid.as_deref(), opts)?;
        let t = Instant::now();
        let updated = base_clf.update(&train, &new, opts)?;
        let update_ms = t.elapsed().as_secs_f64() * 1e3;
        let acc = |c: &IntentClassifier| {
            let ok = test
                .iter()
                .filter(|e| {
                    let p = c.predict(&e.text);
                    let pred = if p.out_of_scope {
                        OOS_LABEL
                    } else {
                        p.best.as_str()
                    };
                    pred == e.label
                })
                .count();
            pct(ok, test.len())
        };
        let split = |c: &IntentClassifier| {
            let (mut ins, mut ins_ok, mut oos, mut oos_ok) = (0, 0, 0, 0);
            for e in &test {
                let p = c.predict(&e.text);
                if e.label == OOS_LABEL {
                    oos += 1;
                    oos_ok += usize::from(p.out_of_scope);
                } else {
                    ins += 1;
                    ins_ok += usize::from(!p.out_of_scope && p.best == e.label);
                }
            }
            (pct(ins_ok, ins), pct(oos_ok, oos))
        };
        let (u_in, u_oos) = split(&updated);
        let (b_in, b_oos) = split(&base_clf);
        // extra keys: where the update's accuracy goes (in scope / out of
        // scope), and the base model it started from
        v["update_in_scope_accuracy"] = json!(round(u_in, 2));
        v["update_oos_recall"] = json!(round(u_oos, 2));
        v["base_in_scope_accuracy"] = json!(round(b_in, 2));
        v["base_oos_recall"] = json!(round(b_oos, 2));
        v["base_threshold"] = json!(round(f64::from(base_clf.threshold()), 4));
        v["update_intents_added"] = json!(held.len());
        v["update_ms"] = json!(round(update_ms, 1));
        v["update_accuracy"] = json!(round(acc(&updated), 2));
        v["update_time_ratio"] = json!(round(update_ms / train_ms, 3));
        return print(json, "intent", &v);
    }
    print(json, "intent", &v)
}

#[derive(Deserialize)]
struct FaqRow {
    id: String,
    question: String,
    answer: String,
}

#[derive(Deserialize)]
struct QueryRow {
    text: String,
    faq_id: String,
    #[serde(default)]
    relevant_faq_ids: Vec<String>,
}

#[derive(Deserialize)]
struct OfftopicRow {
    text: String,
    #[serde(default)]
    label: Option<String>,
}

/// The synonym groups of `--synonyms`.
fn read_synonyms(path: &Path) -> CliResult<Synonyms> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("--synonyms {}: {e}", path.display()))?;
    let groups: BTreeMap<String, Vec<String>> = serde_json::from_str(&text).map_err(|e| {
        format!(
            "--synonyms {}: expected a JSON object of arrays of strings: {e}",
            path.display()
        )
    })?;
    Ok(Synonyms::new(&groups).map_err(|e| format!("--synonyms {}: {e}", path.display()))?)
}

/// What `kefu eval faq` indexes and queries.
struct FaqCorpus<'a> {
    faq: &'a Path,
    queries: &'a Path,
    alternates: usize,
    offtopic: Option<&'a Path>,
    synonyms: &'a Synonyms,
}

fn faq_eval(corpus: &FaqCorpus<'_>, opts: &FaqOptions, json: bool) -> CliResult<()> {
    let FaqCorpus {
        faq,
        queries,
        alternates,
        offtopic,
        synonyms,
    } = *corpus;
    let rows: Vec<FaqRow> = read_jsonl(faq)?;
    let queries: Vec<QueryRow> = read_jsonl(queries)?;
    let mut used: BTreeMap<&str, usize> = BTreeMap::new();
    let mut alt: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut eval_rows = Vec::new();
    for q in &queries {
        let n = used.entry(q.faq_id.as_str()).or_insert(0);
        if *n < alternates {
            *n += 1;
            alt.entry(q.faq_id.as_str())
                .or_default()
                .push(q.text.clone());
        } else {
            eval_rows.push(q);
        }
    }
    let entries: Vec<FaqEntry> = rows
        .iter()
        .map(|r| {
            let mut qs = vec![r.question.clone()];
            qs.extend(alt.get(r.id.as_str()).cloned().unwrap_or_default());
            FaqEntry {
                id: r.id.clone(),
                questions: [("en".to_string(), qs)].into(),
                answer: [("en".to_string(), r.answer.clone())].into(),
                tags: vec![],
            }
        })
        .collect();
    let t_index = Instant::now();
    let index = FaqIndex::build_with_synonyms(&entries, "en", opts, synonyms)?;
    let index_ms = t_index.elapsed().as_secs_f64() * 1e3;
    let (mut p1, mut rr, mut r5, mut answered, mut answered_right) =
        (0usize, 0f64, 0usize, 0usize, 0usize);
    let progress = Progress::new("querying", eval_rows.len(), json);
    let t0 = Instant::now();
    for (i, q) in eval_rows.iter().enumerate() {
        let relevant: BTreeSet<&str> = std::iter::once(q.faq_id.as_str())
            .chain(q.relevant_faq_ids.iter().map(String::as_str))
            .collect();
        let matching = kefu::text::matching_form(&q.text);
        let ranked = index.scores(&matching);
        let rank = ranked
            .iter()
            .position(|(e, _)| relevant.contains(entries[*e].id.as_str()));
        if rank == Some(0) {
            p1 += 1;
        }
        if let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
            if r < 5 {
                r5 += 1;
            }
        }
        // One scoring pass per query: the decision reuses the ranking.
        let res = index.decide(ranked, "en");
        if res.status == FaqStatus::Answer {
            answered += 1;
            if res
                .hits
                .first()
                .is_some_and(|h| relevant.contains(h.id.as_str()))
            {
                answered_right += 1;
            }
        }
        progress.tick(i);
    }
    let query_us = t0.elapsed().as_secs_f64() * 1e6 / eval_rows.len().max(1) as f64;
    let n = eval_rows.len();
    let v = json!({
        "p_at_1": round(pct(p1, n), 2),
        "mrr": round(100.0 * rr / n.max(1) as f64, 2),
        "recall_at_5": round(pct(r5, n), 2),
        "answer_rate": round(pct(answered, n), 2),
        "precision_when_answered": round(pct(answered_right, answered), 2),
        "query_us": round(query_us, 2),
        // extra key: time to build the index from the entries
        "index_ms": round(index_ms, 2),
        "queries": n,
    });
    let mut v = v;
    if let Some(path) = offtopic {
        let rows: Vec<OfftopicRow> = read_jsonl(path)?;
        let rows: Vec<&OfftopicRow> = rows
            .iter()
            .filter(|r| r.label.as_deref().is_none_or(|l| l == OOS_LABEL))
            .collect();
        let answered = rows
            .iter()
            .filter(|r| index.search(&r.text, "en").status == FaqStatus::Answer)
            .count();
        v["offtopic_answer_rate"] = json!(round(pct(answered, rows.len()), 2));
        v["offtopic_rows"] = json!(rows.len());
    }
    print(json, "faq", &v)
}

#[derive(Deserialize)]
struct LangRow {
    text: String,
    lang: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    script: Option<String>,
}

fn lang(test: &Path, languages: Option<Vec<String>>, json: bool) -> CliResult<()> {
    let mut rows: Vec<LangRow> = read_jsonl(test)?;
    if let Some(l) = &languages {
        rows.retain(|r| {
            l.iter()
                .any(|x| kefu::lang::primary(x) == kefu::lang::primary(&r.lang))
        });
    }
    let det = LanguageDetector::try_new(&languages.clone().unwrap_or_default())?;
    let progress = Progress::new("detecting", rows.len(), json);
    let t0 = Instant::now();
    let mut results = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        results.push(det.detect(&r.text));
        progress.tick(i);
    }
    let secs = t0.elapsed().as_secs_f64();
    let mut by_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut by_lang: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut correct, mut script_n, mut script_ok) = (0, 0, 0);
    for (r, d) in rows.iter().zip(&results) {
        let ok = d.code == kefu::lang::primary(&r.lang);
        correct += usize::from(ok);
        let k = by_kind
            .entry(r.kind.clone().unwrap_or_else(|| "all".into()))
            .or_default();
        k.0 += usize::from(ok);
        k.1 += 1;
        let l = by_lang.entry(r.lang.clone()).or_default();
        l.0 += usize::from(ok);
        l.1 += 1;
        if let Some(s) = &r.script {
            script_n += 1;
            script_ok += usize::from(ok && d.script.as_deref() == Some(s.as_str()));
        }
    }
    let to_map = |m: BTreeMap<String, (usize, usize)>| -> Value {
        Value::Object(
            m.into_iter()
                .map(|(k, (c, n))| (k, json!(round(pct(c, n), 2))))
                .collect(),
        )
    };
    let mut v = json!({
        "accuracy": round(pct(correct, rows.len()), 2),
        "by_kind": to_map(by_kind),
        "by_lang": to_map(by_lang),
        "texts_per_s": round(rows.len() as f64 / secs.max(1e-9), 0),
        "rows": rows.len(),
    });
    if script_n > 0 {
        v["script_accuracy"] = json!(round(pct(script_ok, script_n), 2));
    }
    print(json, "lang", &v)
}

fn sentiment(
    test: &Path,
    train: Option<&Path>,
    prior_weight: Option<f32>,
    epochs: Option<u32>,
    errors: Option<&Path>,
    json: bool,
) -> CliResult<()> {
    let rows: Vec<LabelRow> = read_jsonl(test)?;
    let labels: BTreeSet<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let two_class = !labels.contains("neutral");
    let progress = Progress::new("scoring", rows.len(), json);
    let mut pairs = Vec::with_capacity(rows.len());
    let t0;
    // extra keys with --train: training time, model size and the blend chosen by CV
    let mut trained: Option<(f64, usize)> = None;
    let mut blend: Option<(f32, f32, f32)> = None;
    match train {
        None => {
            let scorer = SentimentScorer::new(&Default::default())?;
            let det = LanguageDetector::new(&[]);
            t0 = Instant::now();
            for (i, r) in rows.iter().enumerate() {
                let code = det.detect(&r.text).code;
                let s = scorer.score(&r.text, &code);
                let pred = if two_class {
                    if s.score < 0.0 {
                        "negative"
                    } else {
                        "positive"
                    }
                    .to_string()
                } else {
                    s.label.as_str().to_string()
                };
                pairs.push((r.label.clone(), pred));
                progress.tick(i);
            }
        }
        Some(train) => {
            // Domain adaptation: `SentimentScorer::train` (a classifier on
            // the rows' labels, blended with the built-in prior by
            // cross-validation on the training rows).
            let train = to_examples(read_jsonl(train)?);
            // Public sentiment sets repeat some texts with both labels: keep
            // both rows and say so.
            let conflicts = kefu::intent::conflicts(&train).len();
            if conflicts > 0 {
                eprintln!("note: {conflicts} training texts carry two labels; both rows are kept");
            }
            let prior = SentimentScorer::new(&Default::default())?;
            let t_train = Instant::now();
            let mut opts = kefu::sentiment::AdaptOptions::default();
            if let Some(w) = prior_weight {
                opts.prior_weights = vec![w];
            }
            if let Some(e) = epochs {
                opts.classifier.epochs = e;
            }
            let adapted = prior.train(&train, &opts)?;
            let train_ms = t_train.elapsed().as_secs_f64() * 1e3;
            blend = Some((
                adapted.prior_weight(),
                adapted.class_bias()[1],
                adapted.nb_weight(),
            ));
            trained = Some((train_ms, adapted.adapter_bytes().len()));
            let det = LanguageDetector::new(&[]);
            t0 = Instant::now();
            for (i, r) in rows.iter().enumerate() {
                let s = adapted.score(&r.text, &det.detect(&r.text).code);
                pairs.push((r.label.clone(), s.label.as_str().to_string()));
                progress.tick(i);
            }
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let correct = pairs.iter().filter(|(g, p)| g == p).count();
    let mut v = json!({
        "accuracy": round(pct(correct, pairs.len()), 2),
        "macro_f1": round(macro_f1(&pairs), 2),
        "texts_per_s": round(pairs.len() as f64 / secs.max(1e-9), 0),
        "rows": pairs.len(),
    });
    if let Some((train_ms, model_bytes)) = trained {
        v["train_ms"] = json!(round(train_ms, 1));
        v["model_bytes"] = json!(model_bytes);
    }
    if let Some((weight, neutral_bias, nb_weight)) = blend {
        v["prior_weight"] = json!(weight);
        v["neutral_bias"] = json!(neutral_bias);
        v["nb_weight"] = json!(nb_weight);
    }
    if let Some(path) = errors {
        let mut out = String::new();
        for (r, (gold, pred)) in rows.iter().zip(&pairs).filter(|(_, (g, p))| g != p) {
            out.push_str(&json!({"text": r.text, "label": gold, "predicted": pred}).to_string());
            out.push('\n');
        }
        std::fs::write(path, out).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    print(json, "sentiment", &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_of_perfect_and_mixed() {
        let p = |g: &str, q: &str| (g.to_string(), q.to_string());
        assert_eq!(macro_f1(&[p("a", "a"), p("b", "b")]), 100.0);
        // a: tp1 fp0 fn1 → 2/3; b: tp1 fp1 fn0 → 2/3
        let f = macro_f1(&[p("a", "a"), p("a", "b"), p("b", "b")]);
        assert!((f - 66.666).abs() < 0.01, "{f}");
        assert_eq!(pct(1, 0), 0.0);
    }

    #[test]
    fn calibration_error_is_the_binned_confidence_gap() {
        // Confidence 0.75, right three times in four: calibrated.
        let fair = [(0.75, true), (0.75, true), (0.75, true), (0.75, false)];
        assert!(expected_calibration_error(&fair).abs() < 1e-9);
        // Sure of everything, right half the time: 50 points.
        let sure = [(1.0, true), (1.0, false)];
        assert!((expected_calibration_error(&sure) - 50.0).abs() < 1e-9);
        // Two bins, each off by 0.2 (under- and overconfident), weighted by rows.
        let mixed = [
            (0.3, true),
            (0.3, true),
            (0.3, false),
            (0.3, false),
            (0.3, false),
            (0.9, false),
        ];
        let want = 100.0 * ((0.3f64 * 5.0 - 2.0).abs() + 0.9f64) / 6.0;
        let got = expected_calibration_error(&mixed.map(|(c, r)| (c as f32, r)));
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
        assert_eq!(expected_calibration_error(&[]), 0.0);
    }
}

//! `kefu feedback apply` and `kefu eval feedback`: corrections go back into
//! a bot through `kefu::feedback`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Subcommand;
use kefu::feedback::{intent_accuracy, FeedbackItem, FeedbackOptions};
use kefu::intent::{Example, IntentClassifier, IntentOptions, OnConflict, OOS_LABEL};
use serde::Deserialize;
use serde_json::json;

use crate::eval::{pct, print, read_jsonl, round, to_examples, LabelRow};
use crate::CliResult;

#[derive(Subcommand)]
pub enum FeedbackCommand {
    /// Apply feedback to a bot and write the new bundle.
    Apply {
        /// The bundle to improve.
        bot: PathBuf,
        /// Feedback, JSONL rows `{"text","intent"}` or `{"text","faq"}`
        /// (optional `language`).
        feedback: PathBuf,
        /// Where to write the new bundle.
        #[arg(short, long)]
        output: PathBuf,
        /// Held-out rows `{"text","intent"}` (or `"label"`): report intent
        /// accuracy before and after.
        #[arg(long)]
        held_out: Option<PathBuf>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Deserialize)]
struct HeldOutRow {
    text: String,
    #[serde(alias = "label")]
    intent: String,
}

pub fn run(cmd: FeedbackCommand) -> CliResult<()> {
    match cmd {
        FeedbackCommand::Apply {
            bot,
            feedback,
            output,
            held_out,
            json,
        } => {
            let old = crate::load_bot(Some(&bot))?;
            let items: Vec<FeedbackItem> = read_jsonl(&feedback)?;
            let held: Option<Vec<Example>> = match &held_out {
                Some(p) => Some(
                    read_jsonl::<HeldOutRow>(p)?
                        .into_iter()
                        .map(|r| Example::new(r.text, r.intent))
                        .collect(),
                ),
                None => None,
            };
            let t = Instant::now();
            let (new, summary) = old
                .with_feedback(&items, &FeedbackOptions::default())
                .map_err(|e| e.context(feedback.display().to_string()))?;
            let ms = t.elapsed().as_secs_f64() * 1e3;
            std::fs::write(&output, new.to_bytes())
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            let mut v = json!({
                "items": items.len(),
                "intent_examples": summary.intent_examples,
                "faq_questions": summary.faq_questions,
                "rounds": summary.rounds,
                "still_wrong": summary.still_wrong,
                "apply_ms": round(ms, 1),
                "output": output.display().to_string(),
            });
            if let Some(h) = &held {
                let before = intent_accuracy(old.intent_classifier(), h) * 100.0;
                let after = intent_accuracy(new.intent_classifier(), h) * 100.0;
                v["held_out_rows"] = json!(h.len());
                v["held_out_accuracy_before"] = json!(round(before, 2));
                v["held_out_accuracy_after"] = json!(round(after, 2));
                v["held_out_accuracy_change"] = json!(round(after - before, 2));
            }
            print(json, "feedback", &v)
        }
    }
}

fn predicted(clf: &IntentClassifier, text: &str) -> String {
    let p = clf.predict(text);
    if p.out_of_scope {
        OOS_LABEL.to_string()
    } else {
        p.best
    }
}

/// `kefu eval feedback`: the feedback benchmark.
pub fn eval(
    train: &Path,
    valid: Option<&Path>,
    test: &Path,
    n: usize,
    seed: u64,
    fo: &FeedbackOptions,
    json: bool,
) -> CliResult<()> {
    let opts = IntentOptions {
        seed,
        on_conflict: OnConflict::Keep,
        ..IntentOptions::default()
    };
    let train: Vec<Example> = to_examples(read_jsonl::<LabelRow>(train)?);
    let valid: Option<Vec<Example>> = match valid {
        Some(v) => Some(to_examples(read_jsonl::<LabelRow>(v)?)),
        None => None,
    };
    let test: Vec<Example> = to_examples(read_jsonl::<LabelRow>(test)?);
    let t0 = Instant::now();
    let clf = IntentClassifier::train(&train, valid.as_deref(), &opts)?;
    let train_ms = t0.elapsed().as_secs_f64() * 1e3;
    // The first n in-scope test rows the model gets wrong, in file order.
    let mut picked = vec![false; test.len()];
    let mut corrections = Vec::new();
    for (i, e) in test.iter().enumerate() {
        if corrections.len() == n {
            break;
        }
        if e.label != OOS_LABEL && predicted(&clf, &e.text) != e.label {
            picked[i] = true;
            corrections.push(e.clone());
        }
    }
    let rest: Vec<Example> = test
        .iter()
        .zip(&picked)
        .filter(|(_, p)| !**p)
        .map(|(e, _)| e.clone())
        .collect();
    let mut all = train.clone();
    all.extend(corrections.iter().cloned());
    let t1 = Instant::now();
    let (updated, rounds) =
        clf.learn_corrections(&all, &corrections, &opts, fo.max_rounds, fo.repeat)?;
    let update_ms = t1.elapsed().as_secs_f64() * 1e3;
    // The plain update (one round, no repeats), for comparison.
    let plain = clf.update(&all, &corrections, &opts)?;
    // An update with no corrections: the drift of the learner itself.
    let noop = clf.update(&train, &[], &opts)?;
    let fixed = |m: &IntentClassifier| {
        corrections
            .iter()
            .filter(|e| predicted(m, &e.text) == e.label)
            .count()
    };
    let before = intent_accuracy(&clf, &rest) * 100.0;
    let after = intent_accuracy(&updated, &rest) * 100.0;
    let after_plain = intent_accuracy(&plain, &rest) * 100.0;
    let after_noop = intent_accuracy(&noop, &rest) * 100.0;
    let (rest_in, rest_oos): (Vec<Example>, Vec<Example>) =
        rest.iter().cloned().partition(|e| e.label != OOS_LABEL);
    let change =
        |set: &[Example]| (intent_accuracy(&updated, set) - intent_accuracy(&clf, set)) * 100.0;
    let v = json!({
        "corrections": corrections.len(),
        "fixed": fixed(&updated),
        "fixed_pct": round(pct(fixed(&updated), corrections.len()), 2),
        "rounds": rounds,
        "rest_rows": rest.len(),
        "rest_accuracy_before": round(before, 2),
        "rest_accuracy_after": round(after, 2),
        "rest_accuracy_change": round(after - before, 2),
        "rest_in_scope_accuracy_change": round(change(&rest_in), 2),
        "rest_oos_recall_change": round(change(&rest_oos), 2),
        "noop_update_rest_accuracy_change": round(after_noop - before, 2),
        "plain_update_fixed_pct": round(pct(fixed(&plain), corrections.len()), 2),
        "plain_update_rest_accuracy_change": round(after_plain - before, 2),
        "train_ms": round(train_ms, 1),
        "feedback_ms": round(update_ms, 1),
    });
    print(json, "feedback", &v)
}

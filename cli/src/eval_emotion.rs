//! `kefu eval emotion`: one built-in emotion score against the rest.
//!
//! Each row's text is scored by the built-in [`SentimentScorer`] (language
//! detected first, as in `eval sentiment`). A row is predicted to carry the
//! emotion when that emotion's score reaches a threshold. With `--valid`,
//! the threshold is the one that maximizes F1 on the validation rows (never
//! on the test rows); without, a row carries the emotion when its score is
//! positive and the largest of the five.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use kefu::analysis::Emotions;
use kefu::lang::LanguageDetector;
use kefu::sentiment::SentimentScorer;
use serde_json::json;

use crate::eval::{pct, print, read_jsonl, round, LabelRow};
use crate::CliResult;

/// The emotions the scorer reports.
const EMOTIONS: [&str; 5] = ["anger", "anxiety", "sadness", "joy", "gratitude"];

/// Arguments of `kefu eval emotion`.
#[derive(Args)]
pub struct EmotionArgs {
    /// Rows `{"text","label"}` whose label names an emotion (tweeteval_emotion: anger, joy, optimism, sadness).
    #[arg(long)]
    test: PathBuf,
    /// Rows of the same form on which the threshold is chosen (a validation split).
    #[arg(long)]
    valid: Option<PathBuf>,
    /// The emotion scored against the rest: anger, anxiety, sadness, joy or gratitude.
    #[arg(long, default_value = "anger")]
    emotion: String,
    /// The rows' label for that emotion (default: its name).
    #[arg(long)]
    label: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn value(e: &Emotions, name: &str) -> f32 {
    match name {
        "anger" => e.anger,
        "anxiety" => e.anxiety,
        "sadness" => e.sadness,
        "joy" => e.joy,
        _ => e.gratitude,
    }
}

/// (emotion score, is it the largest of the five and positive, gold) per row.
fn score_rows(
    rows: &[LabelRow],
    emotion: &str,
    label: &str,
    scorer: &SentimentScorer,
    det: &LanguageDetector,
) -> Vec<(f32, bool, bool)> {
    rows.iter()
        .map(|r| {
            let s = scorer.score(&r.text, &det.detect(&r.text).code);
            let v = value(&s.emotions, emotion);
            let top = v > 0.0 && EMOTIONS.iter().all(|o| value(&s.emotions, o) <= v);
            (v, top, r.label == label)
        })
        .collect()
}

/// (precision, recall, F1) in percent.
fn prf(pairs: impl Iterator<Item = (bool, bool)>) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (pred, gold) in pairs {
        match (pred, gold) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            _ => {}
        }
    }
    let p = pct(tp, tp + fp);
    let r = pct(tp, tp + fn_);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// The threshold that maximizes F1 on `scored` (ties: the lowest).
fn best_threshold(scored: &[(f32, bool, bool)]) -> f32 {
    let mut cands: Vec<f32> = scored.iter().map(|s| s.0).filter(|v| *v > 0.0).collect();
    cands.sort_by(f32::total_cmp);
    cands.dedup();
    let mut best = (f64::NEG_INFINITY, f32::INFINITY);
    for &th in &cands {
        let f = prf(scored.iter().map(|&(v, _, g)| (v >= th, g))).2;
        if f > best.0 {
            best = (f, th);
        }
    }
    best.1
}

/// Runs `kefu eval emotion`.
pub fn run(a: &EmotionArgs) -> CliResult<()> {
    if !EMOTIONS.contains(&a.emotion.as_str()) {
        return Err(format!(
            "--emotion: unknown emotion `{}` (one of {})",
            a.emotion,
            EMOTIONS.join(", ")
        )
        .into());
    }
    let label = a.label.clone().unwrap_or_else(|| a.emotion.clone());
    let scorer = SentimentScorer::new(&Default::default())?;
    let det = LanguageDetector::new(&[]);
    let test: Vec<LabelRow> = read_jsonl(&a.test)?;
    if !test.iter().any(|r| r.label == label) {
        return Err(format!("{}: no row is labelled `{label}`", a.test.display()).into());
    }
    let threshold = match &a.valid {
        Some(v) => {
            let rows: Vec<LabelRow> = read_jsonl(v)?;
            Some(best_threshold(&score_rows(
                &rows, &a.emotion, &label, &scorer, &det,
            )))
        }
        None => None,
    };
    let t0 = Instant::now();
    let scored = score_rows(&test, &a.emotion, &label, &scorer, &det);
    let secs = t0.elapsed().as_secs_f64();
    let (p, r, f) = match threshold {
        Some(th) => prf(scored.iter().map(|&(v, _, g)| (v >= th, g))),
        None => prf(scored.iter().map(|&(_, top, g)| (top, g))),
    };
    let mut v = json!({
        "emotion": a.emotion,
        "f1": round(f, 2),
        "precision": round(p, 2),
        "recall": round(r, 2),
        "rows": scored.len(),
        "positives": scored.iter().filter(|s| s.2).count(),
        "texts_per_s": round(scored.len() as f64 / secs.max(1e-9), 0),
    });
    v["rule"] = match threshold {
        Some(th) => json!(format!("score >= {th} (chosen on --valid)")),
        None => json!("largest of the five emotions and positive"),
    };
    print(a.json, &format!("emotion ({} vs rest)", a.emotion), &v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_counts_hits_misses_and_false_alarms() {
        // 2 hits, 1 false alarm, 1 miss: P = R = 2/3
        let (p, r, f) = prf([(true, true), (true, true), (true, false), (false, true)].into_iter());
        assert!(
            (p - 66.666).abs() < 0.01 && (r - 66.666).abs() < 0.01 && (f - 66.666).abs() < 0.01
        );
        assert_eq!(prf([(false, false)].into_iter()), (0.0, 0.0, 0.0));
    }

    #[test]
    fn threshold_separates_the_gold_rows() {
        let rows = [
            (0.9, true, true),
            (0.6, true, true),
            (0.4, false, false),
            (0.1, false, false),
        ];
        assert_eq!(best_threshold(&rows), 0.6);
        // no positive score: no threshold accepts anything
        assert_eq!(best_threshold(&[(0.0, false, true)]), f32::INFINITY);
    }
}

//! `kefu report`, `kefu review` and `kefu feedback apply` end to end.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(args)
        .output()
        .expect("kefu runs")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("kefu-analytics-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The demo's analyses as report records, over two days and two channels.
fn records() -> PathBuf {
    let out = ok(&kefu(&["demo", "--json"]));
    let mut s = String::new();
    for (i, l) in out.lines().enumerate() {
        let a: Value = serde_json::from_str(l).unwrap();
        let rec = serde_json::json!({
            "channel": if i % 2 == 0 { "web" } else { "app" },
            "language": a["language"]["code"],
            "time": format!("2026-11-2{}T10:00:00Z", i % 2),
            "analysis": a,
        });
        s.push_str(&rec.to_string());
        s.push('\n');
    }
    let p = tmp("records.jsonl");
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn report_json_and_html() {
    let rec = records();
    let n = std::fs::read_to_string(&rec).unwrap().lines().count() as u64;
    let html = tmp("report.html");
    let o = kefu(&[
        "report",
        rec.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
        "--json",
    ]);
    let v: Value = serde_json::from_str(&ok(&o)).unwrap();
    assert_eq!(v["total"], n);
    let mix: u64 = v["intent_mix"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_u64().unwrap())
        .sum();
    assert_eq!(mix, n);
    let c = v["containment_rate"].as_f64().unwrap();
    let e = v["escalation_rate"].as_f64().unwrap();
    assert!((c + e - 1.0).abs() < 1e-9 && c > 0.0 && e > 0.0, "{v}");
    assert!(v["escalation_reasons"]["bot_keeps_failing"].as_u64() >= Some(1));
    assert_eq!(v["sentiment_by_day"].as_object().unwrap().len(), 2);
    assert_eq!(v["sentiment_by_channel"]["web"]["count"], n.div_ceil(2));
    assert!(!v["gap_clusters"].as_array().unwrap().is_empty());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert_eq!(page.matches(r#"<svg class="chart""#).count(), 8);
    assert!(page.contains(r#"data-chart="sentiment-channel""#));
    assert!(!page.contains("<script") && !page.contains("src=\"http"));
    // bad input names the line; no output requested is an error
    let bad = tmp("bad.jsonl");
    std::fs::write(&bad, "{\"analysis\": {\"schema\": 1}}\n").unwrap();
    let o = kefu(&["report", bad.to_str().unwrap(), "--json"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.jsonl:1"));
    let o = kefu(&["report", rec.to_str().unwrap()]);
    assert!(!o.status.success());
}

#[test]
fn review_flags_the_fixture_transcripts() {
    let dir = root().join("examples/fixtures/review");
    let t = dir.join("transcripts.jsonl");
    let cfg = dir.join("config.json");
    let out = ok(&kefu(&[
        "review",
        t.to_str().unwrap(),
        "--config",
        cfg.to_str().unwrap(),
        "--json",
    ]));
    let rs: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rs.len(), 4);
    let by = |id: &str| rs.iter().find(|r| r["id"] == id).unwrap().clone();
    let kinds = |r: &Value| -> Vec<String> {
        r["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(by("T-good")["score"], 100);
    assert!(kinds(&by("T-good")).is_empty());
    let rude = kinds(&by("T-rude"));
    for k in [
        "forbidden_phrase",
        "long_gap",
        "negative_final_sentiment",
        "missing_required_phrase",
    ] {
        assert!(rude.contains(&k.to_string()), "{k} not in {rude:?}");
    }
    let ignored = kinds(&by("T-ignored"));
    assert!(ignored.contains(&"unanswered_question".to_string()));
    assert!(ignored.contains(&"unhandled_escalation".to_string()));
    assert_eq!(by("T-no-times")["score"], 100);
    // without the config no phrase is checked
    let out = ok(&kefu(&["review", t.to_str().unwrap(), "--json"]));
    assert!(!out.contains("forbidden_phrase"));
    // table output and a bad config
    let table = ok(&kefu(&["review", t.to_str().unwrap()]));
    assert!(table.contains("4 transcripts"));
    let bad = tmp("badcfg.json");
    std::fs::write(&bad, r#"{"forbiden_phrases": []}"#).unwrap();
    let o = kefu(&[
        "review",
        t.to_str().unwrap(),
        "--config",
        bad.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("forbiden_phrases"));
}

#[test]
fn feedback_apply_writes_a_better_bot() {
    let bot = tmp("shop.kefu");
    ok(&kefu(&[
        "train",
        root().join("examples/shop/bot.yaml").to_str().unwrap(),
        "-o",
        bot.to_str().unwrap(),
    ]));
    let text = "my parcel is sitting at customs for ages";
    let fb = tmp("feedback.jsonl");
    std::fs::write(
        &fb,
        format!(
            "{{\"text\": \"{text}\", \"intent\": \"order_status\"}}\n{{\"text\": \"can I pay with bitcoin\", \"faq\": \"payment-methods\"}}\n"
        ),
    )
    .unwrap();
    let held = tmp("held.jsonl");
    std::fs::write(
        &held,
        format!("{{\"text\": \"{text}\", \"intent\": \"order_status\"}}\n{{\"text\": \"i want my money back\", \"label\": \"return_refund\"}}\n"),
    )
    .unwrap();
    let new = tmp("new.kefu");
    let o = kefu(&[
        "feedback",
        "apply",
        bot.to_str().unwrap(),
        fb.to_str().unwrap(),
        "-o",
        new.to_str().unwrap(),
        "--held-out",
        held.to_str().unwrap(),
        "--json",
    ]);
    let out = ok(&o);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["intent_examples"], 1, "{v}");
    assert_eq!(v["faq_questions"], 1, "{v}");
    // the original bot calls the corrected message out of scope
    assert_eq!(v["held_out_accuracy_before"], 50.0, "{v}");
    assert_eq!(v["held_out_accuracy_after"], 100.0, "{v}");
    assert!(v["still_wrong"].as_array().unwrap().is_empty());
    let a: Value = serde_json::from_str(&ok(&kefu(&[
        "analyze",
        "--bot",
        new.to_str().unwrap(),
        text,
    ])))
    .unwrap();
    assert_eq!(a["intent"]["top"], "order_status");
    // an unknown intent is refused with a suggestion, and nothing is written
    std::fs::write(&fb, "{\"text\": \"x\", \"intent\": \"order_stat\"}\n").unwrap();
    let none = tmp("none.kefu");
    let o = kefu(&[
        "feedback",
        "apply",
        bot.to_str().unwrap(),
        fb.to_str().unwrap(),
        "-o",
        none.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("order_status") && err.contains("item 1"),
        "{err}"
    );
    assert!(!none.exists());
}

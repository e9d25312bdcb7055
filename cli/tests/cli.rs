//! End-to-end tests of the `kefu` binary: the demo, train → info → analyze,
//! error exits, and the `kefu eval` output keys of DESIGN.md's contract.

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

fn eval_file(name: &str) -> String {
    root()
        .join("examples/fixtures/eval")
        .join(name)
        .display()
        .to_string()
}

fn json_out(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON object")
}

fn has_keys(v: &Value, keys: &[&str]) {
    for k in keys {
        assert!(v.get(k).is_some(), "missing key `{k}` in {v}");
    }
}

#[test]
fn demo_prints_a_table_per_message() {
    let o = kefu(&["demo"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    let turns = out.matches("\n message ").count() + usize::from(out.starts_with(" message "));
    assert!(turns >= 10, "at least 10 demo turns, found {turns}:\n{out}");
    for row in ["language", "intent", "faq", "sentiment", "decision", "rule"] {
        assert!(out.contains(&format!(" {row} ")), "row `{row}` missing");
    }
    assert!(
        out.contains("session LOCKED"),
        "the card change locks the session"
    );
    assert!(
        out.contains("ticket"),
        "the after-hours turn opens a ticket"
    );
    let j = kefu(&["demo", "--json"]);
    let lines: Vec<Value> = String::from_utf8_lossy(&j.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), turns);
    assert!(lines.iter().all(|a| a["schema"] == 1));
}

#[test]
fn train_info_analyze_round_trip() {
    let dir = std::env::temp_dir().join(format!("kefu-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("shop.kefu");
    let def = root().join("examples/shop/bot.yaml");
    let o = kefu(&[
        "train",
        def.to_str().unwrap(),
        "-o",
        bundle.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let info = kefu(&["info", bundle.to_str().unwrap()]);
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains(&format!("format         v{}", kefu::FORMAT_VERSION))
            && info.contains("zh-Hant"),
        "{info}"
    );
    let ctx = dir.join("ctx.json");
    std::fs::write(&ctx, r#"{"channel": "web", "now": "2026-11-20T03:00:00Z"}"#).unwrap();
    let a = json_out(&kefu(&[
        "analyze",
        "--bot",
        bundle.to_str().unwrap(),
        "--context",
        ctx.to_str().unwrap(),
        "我要退貨",
    ]));
    assert_eq!(a["schema"], 1);
    assert_eq!(a["language"]["script"], "Hant");
    assert_eq!(a["intent"]["top"], "return_refund");
    has_keys(
        &a,
        &[
            "language",
            "intent",
            "faq",
            "sentiment",
            "entities",
            "redacted_text",
            "decision",
        ],
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_exit_non_zero_and_name_the_place() {
    let dir = std::env::temp_dir().join(format!("kefu-cli-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.kefu");
    std::fs::write(&bad, b"NOTABUNDLE").unwrap();
    let o = kefu(&["analyze", "--bot", bad.to_str().unwrap(), "hi"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.kefu") && err.contains("magic"), "{err}");
    let def = dir.join("bot.yaml");
    std::fs::write(
        &def,
        "languages: [en]\nintents:\n  a: {examples: {en: [x]}}\n  b: {examples: {en: [\"  \"]}}\n",
    )
    .unwrap();
    let o = kefu(&[
        "train",
        def.to_str().unwrap(),
        "-o",
        dir.join("x.kefu").to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bot.yaml") && err.contains("intents.b.examples.en[0]: empty text"),
        "{err}"
    );
    let ctx = dir.join("ctx.json");
    std::fs::write(&ctx, r#"{"chanel": "web"}"#).unwrap();
    let o = kefu(&["analyze", "--context", ctx.to_str().unwrap(), "hi"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("chanel"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn eval_intent_keys() {
    let v = json_out(&kefu(&[
        "eval",
        "intent",
        "--train",
        &eval_file("intent_train.jsonl"),
        "--valid",
        &eval_file("intent_valid.jsonl"),
        "--test",
        &eval_file("intent_test.jsonl"),
        "--json",
    ]));
    has_keys(
        &v,
        &[
            "accuracy",
            "in_scope_accuracy",
            "oos_recall",
            "oos_precision",
            "macro_f1",
            "train_ms",
            "predict_us_per_msg",
            "model_bytes",
            "threshold",
        ],
    );
    let acc = v["accuracy"].as_f64().unwrap();
    assert!((0.0..=100.0).contains(&acc));
    assert!(v["in_scope_accuracy"].as_f64().unwrap() >= 50.0, "{v}");
}

#[test]
fn eval_intent_incremental_picks_the_intents_to_add() {
    let run = |extra: &[&str]| {
        let train = eval_file("intent_train.jsonl");
        let valid = eval_file("intent_valid.jsonl");
        let test = eval_file("intent_test.jsonl");
        let mut args = vec![
            "eval", "intent", "--train", &train, "--valid", &valid, "--test", &test, "--json",
        ];
        args.extend_from_slice(extra);
        kefu(&args)
    };
    // three intents (login, refund, track): skipping one adds `refund`
    let v = json_out(&run(&["--incremental", "1", "--incremental-skip", "1"]));
    assert_eq!(v["update_intents_added"], 1, "{v}");
    for k in ["update_accuracy", "update_time_ratio", "update_oos_recall"] {
        assert!(v[k].is_number(), "{k}: {v}");
    }
    // skipping every intent leaves nothing to add
    let v = json_out(&run(&["--incremental", "1", "--incremental-skip", "3"]));
    assert_eq!(v["update_intents_added"], 0, "{v}");
    // --incremental-skip needs --incremental
    assert!(!run(&["--incremental-skip", "1"]).status.success());
}

#[test]
fn eval_faq_keys() {
    let v = json_out(&kefu(&[
        "eval",
        "faq",
        "--faq",
        &eval_file("faq.jsonl"),
        "--queries",
        &eval_file("queries.jsonl"),
        "--json",
    ]));
    has_keys(
        &v,
        &[
            "p_at_1",
            "mrr",
            "recall_at_5",
            "answer_rate",
            "precision_when_answered",
            "query_us",
            "index_ms",
        ],
    );
    assert!(v["index_ms"].as_f64().unwrap() >= 0.0, "{v}");
    assert_eq!(v["queries"], 6);
    assert!(v["p_at_1"].as_f64().unwrap() >= 50.0, "{v}");
    let alt = json_out(&kefu(&[
        "eval",
        "faq",
        "--faq",
        &eval_file("faq.jsonl"),
        "--queries",
        &eval_file("queries.jsonl"),
        "--alternates",
        "1",
        "--json",
    ]));
    assert_eq!(
        alt["queries"], 3,
        "one alternate per FAQ is indexed and left out"
    );
}

#[test]
fn eval_lang_keys_and_scripts() {
    let v = json_out(&kefu(&[
        "eval",
        "lang",
        "--test",
        &eval_file("lang.jsonl"),
        "--json",
    ]));
    has_keys(
        &v,
        &[
            "accuracy",
            "by_kind",
            "by_lang",
            "texts_per_s",
            "script_accuracy",
        ],
    );
    assert_eq!(v["script_accuracy"], 100.0, "{v}");
    let r = json_out(&kefu(&[
        "eval",
        "lang",
        "--test",
        &eval_file("lang.jsonl"),
        "--languages",
        "en,es",
        "--json",
    ]));
    assert_eq!(r["rows"], 3, "--languages restricts the rows too: {r}");
}

#[test]
fn eval_sentiment_keys() {
    let v = json_out(&kefu(&[
        "eval",
        "sentiment",
        "--test",
        &eval_file("sentiment.jsonl"),
        "--json",
    ]));
    has_keys(&v, &["accuracy", "macro_f1", "texts_per_s"]);
    assert!(v["accuracy"].as_f64().unwrap() >= 75.0, "{v}");
    let t = json_out(&kefu(&[
        "eval",
        "sentiment",
        "--test",
        &eval_file("sentiment.jsonl"),
        "--train",
        &eval_file("sentiment.jsonl"),
        "--json",
    ]));
    has_keys(
        &t,
        &[
            "accuracy",
            "macro_f1",
            "texts_per_s",
            "train_ms",
            "model_bytes",
            "prior_weight",
        ],
    );
    assert!(t["model_bytes"].as_u64().unwrap() > 0, "{t}");
    // Training keys only when there is training.
    assert!(
        v.get("train_ms").is_none() && v.get("model_bytes").is_none(),
        "{v}"
    );
}

#[test]
fn eval_reports_bad_rows_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("kefu-cli-rows-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": 3}\n").unwrap();
    let o = kefu(&[
        "eval",
        "sentiment",
        "--test",
        bad.to_str().unwrap(),
        "--json",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.jsonl:2"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn gaps_groups_unanswered_questions_and_exports_jsonl() {
    let dir = std::env::temp_dir().join(format!("kefu-cli-gaps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let msgs = dir.join("msgs.jsonl");
    std::fs::write(
        &msgs,
        "{\"text\": \"where is your shop in Madrid?\"}\n{\"text\": \"do you have a physical store in madrid\"}\n{\"text\": \"my email is ana@example.com, is there a store in madrid\"}\n",
    )
    .unwrap();
    let out = dir.join("clusters.jsonl");
    let log = dir.join("gaps.json");
    let o = kefu(&[
        "gaps",
        msgs.to_str().unwrap(),
        "--export",
        out.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&out).unwrap();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["texts"].as_array().unwrap().len(), 3, "{text}");
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        !log_text.contains("ana@example.com"),
        "the gap log holds redacted text only"
    );
    assert!(log_text.contains("[EMAIL]"));
    std::fs::remove_dir_all(&dir).ok();
}

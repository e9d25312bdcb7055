//! Conversation memory through the CLI: the demo's failing customer, the
//! shop policy's memory rules, and `chat` keeping a conversation.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(args)
        .output()
        .expect("kefu runs")
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("kefu-conv-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn demo_customer_fails_twice_then_is_escalated_with_the_rule_shown() {
    let j = kefu(&["demo", "--json"]);
    assert!(j.status.success());
    let lines: Vec<Value> = String::from_utf8_lossy(&j.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let i = lines
        .iter()
        .position(|a| a["decision"]["rule"] == "bot_keeps_failing")
        .expect("a demo turn is escalated by bot_keeps_failing");
    assert!(i >= 2);
    for prev in &lines[i - 2..i] {
        assert_eq!(prev["decision"]["action"], "clarify", "{prev}");
    }
    assert_eq!(lines[i]["decision"]["action"], "handoff");
    let o = kefu(&["demo"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("bot_keeps_failing — conversation.failed_bot_turns >= 2 (2)"),
        "{out}"
    );
    assert!(
        out.contains("2 earlier turns · 2 failed bot turns"),
        "{out}"
    );
}

fn analyze_with_conversation(conv: &str) -> Value {
    let ctx = tmp(&format!("ctx-{}.json", conv.len()));
    std::fs::write(
        &ctx,
        format!(r#"{{"channel":"web","now":"2026-11-20T03:00:00Z","conversation":{conv}}}"#),
    )
    .unwrap();
    let o = kefu(&[
        "analyze",
        "where is my order SO-20261234?",
        "--context",
        ctx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn shop_policy_reads_the_memory_facts() {
    // rising anger across three turns → senior queue
    let a = analyze_with_conversation(r#"{"turns":2,"sentiment_trend":2}"#);
    assert_eq!(a["decision"]["rule"], "anger_rising", "{a}");
    assert_eq!(a["decision"]["queue"], "senior");
    // one rise is not enough; the routine question is answered
    let a = analyze_with_conversation(r#"{"turns":2,"sentiment_trend":1,"failed_bot_turns":1}"#);
    assert_eq!(a["decision"]["rule"], "default", "{a}");
    assert_eq!(a["decision"]["action"], "answer");
    let a = analyze_with_conversation(r#"{"turns":3,"failed_bot_turns":2}"#);
    assert_eq!(a["decision"]["rule"], "bot_keeps_failing", "{a}");
    // an unknown conversation key is rejected, not ignored
    let ctx = tmp("bad.json");
    std::fs::write(&ctx, r#"{"conversation":{"angry_turns":2}}"#).unwrap();
    let o = kefu(&["analyze", "hi", "--context", ctx.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("angry_turns"));
}

#[test]
fn chat_keeps_the_conversation() {
    let ctx = tmp("chat.json");
    std::fs::write(&ctx, r#"{"channel":"web"}"#).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(["chat", "--context", ctx.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"my thing with the stuff\nthe stuff from my thing\nno, I mean my order from last week\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("bot_keeps_failing") || out.contains("after_hours_ticket"),
        "{out}"
    );
    assert!(out.contains("conversation.failed_bot_turns >= 2"), "{out}");
}

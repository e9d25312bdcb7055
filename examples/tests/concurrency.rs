//! One `Bot` shared by 8 threads, each analyzing 20,000 messages (160,000
//! analyses), gives exactly the single-thread results.
//!
//! The messages cycle through the shared fixture file and the demo
//! conversation with variations (suffixes, case, order numbers, emails,
//! contexts), so every capability runs. Every thread walks the same 20,000
//! messages from a different starting point, so that threads analyze
//! different messages at the same moment.
//!
//! 180,000 analyses take minutes in an unoptimized build: the test runs in
//! optimized builds only (`scripts/test.sh` runs
//! `cargo test --release -p kefu-examples --test concurrency`); a debug
//! `cargo test` lists it as ignored.

use std::sync::Arc;

use kefu::{Bot, BotDefinition, Context, Message, TrainOptions};
use serde_json::Value;

const THREADS: usize = 8;
const PER_THREAD: usize = 20_000;

fn base_messages() -> Vec<(String, Context)> {
    let mut out = Vec::new();
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(kefu_examples::shop_cases()).unwrap())
            .unwrap();
    for c in cases["cases"].as_array().unwrap() {
        if let Some(t) = c["text"].as_str() {
            let ctx: Context = serde_json::from_value(c["context"].clone()).unwrap_or_default();
            out.push((t.to_string(), ctx));
        }
    }
    let demo = std::fs::read_to_string(kefu_examples::dir().join("shop/demo.jsonl")).unwrap();
    for line in demo.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let ctx: Context = serde_json::from_value(v["context"].clone()).unwrap();
        out.push((v["text"].as_str().unwrap().to_string(), ctx));
    }
    assert!(out.len() >= 20);
    out
}

/// Message `i`: a base message with one of several variations.
fn message(base: &[(String, Context)], i: usize) -> Message {
    let (text, ctx) = &base[i % base.len()];
    let round = i / base.len();
    let text = match round % 6 {
        0 => text.clone(),
        1 => format!("{text} SO-{:08}", 10_000_000 + i),
        2 => text.to_uppercase(),
        3 => format!("{text} contact me at user{i}@example.com!!"),
        4 => format!("hi, {text} thanks"),
        _ => format!("{text} {}", "please ".repeat(round % 4)),
    };
    let mut ctx = ctx.clone();
    if round % 5 == 1 {
        ctx.conversation.failed_bot_turns = Some((round % 4) as u32);
    }
    Message::with_context(text, ctx)
}

#[test]
#[cfg_attr(debug_assertions, ignore = "180k analyses: run with --release")]
fn eight_threads_share_one_bot_and_agree_with_one_thread() {
    let def = BotDefinition::from_path(kefu_examples::shop_definition()).unwrap();
    let bot = Bot::train(&def, &TrainOptions::default()).unwrap();
    let base = base_messages();
    let messages: Arc<Vec<Message>> =
        Arc::new((0..PER_THREAD).map(|i| message(&base, i)).collect());

    // Single thread: the reference, as JSON (what every binding returns).
    let expected: Arc<Vec<String>> = Arc::new(
        messages
            .iter()
            .map(|m| serde_json::to_string(&bot.analyze(m)).unwrap())
            .collect(),
    );
    // The variations exercise more than one outcome.
    let actions: std::collections::BTreeSet<&str> = expected
        .iter()
        .filter_map(|j| j.split("\"action\":\"").nth(1)?.split('"').next())
        .collect();
    assert!(actions.len() >= 3, "actions seen: {actions:?}");

    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let bot = bot.clone();
            let messages = Arc::clone(&messages);
            let expected = Arc::clone(&expected);
            std::thread::spawn(move || {
                let mut mismatches = Vec::new();
                let start = t * PER_THREAD / THREADS;
                for k in 0..PER_THREAD {
                    let i = (start + k) % PER_THREAD;
                    let got = serde_json::to_string(&bot.analyze(&messages[i])).unwrap();
                    if got != expected[i] {
                        mismatches.push(i);
                    }
                }
                (PER_THREAD, mismatches)
            })
        })
        .collect();
    let mut total = 0;
    for h in handles {
        let (n, mismatches) = h.join().expect("no thread panics");
        assert!(
            mismatches.is_empty(),
            "{} results differ from single-thread, first: message {}",
            mismatches.len(),
            mismatches[0]
        );
        total += n;
    }
    assert_eq!(total, THREADS * PER_THREAD);

    // analyze_batch (parallel with the `parallel` feature) agrees too.
    let batch = bot.analyze_batch(&messages[..2_000]);
    for (i, a) in batch.iter().enumerate() {
        assert_eq!(serde_json::to_string(a).unwrap(), expected[i]);
    }
}

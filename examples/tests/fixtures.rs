//! The shared fixture file (`examples/fixtures/shop_cases.json`) run
//! against the demo shop bot, plus the foundation's contracts: bundle round
//! trip, determinism, and definition errors that name their place.

use std::sync::OnceLock;

use kefu::{Analysis, Bot, BotDefinition, Context, Message, TrainOptions};
use serde_json::Value;

fn fixture() -> &'static Value {
    static F: OnceLock<Value> = OnceLock::new();
    F.get_or_init(|| {
        let text =
            std::fs::read_to_string(kefu_examples::shop_cases()).expect("fixture file exists");
        serde_json::from_str(&text).expect("fixture file is JSON")
    })
}

fn seed() -> u64 {
    fixture()["seed"].as_u64().expect("fixture has a seed")
}

fn shop_bot() -> &'static Bot {
    static B: OnceLock<Bot> = OnceLock::new();
    B.get_or_init(|| {
        let def = BotDefinition::from_path(kefu_examples::shop_definition())
            .expect("shop definition is valid");
        Bot::train(&def, &TrainOptions::with_seed(seed())).expect("shop bot trains")
    })
}

fn cases() -> Vec<(String, Message, Value)> {
    fixture()["cases"]
        .as_array()
        .expect("cases array")
        .iter()
        .map(|c| {
            let ctx: Context =
                serde_json::from_value(c["context"].clone()).expect("fixture context is valid");
            let name = c["name"].as_str().expect("case name").to_string();
            let text = c["text"].as_str().expect("case text").to_string();
            (name, Message::with_context(text, ctx), c["expect"].clone())
        })
        .collect()
}

/// Checks every expectation key present in `e`; returns the mismatches.
fn check(a: &Analysis, e: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let mut eq = |key: &str, got: Value| {
        if let Some(want) = e.get(key) {
            if *want != got {
                bad.push(format!("{key}: expected {want}, got {got}"));
            }
        }
    };
    eq("language", Value::from(a.language.code.clone()));
    eq(
        "script",
        a.language.script.clone().map_or(Value::Null, Value::from),
    );
    eq(
        "reply_language",
        Value::from(a.language.reply_language.clone()),
    );
    eq(
        "intent",
        a.intent.top.clone().map_or(Value::Null, Value::from),
    );
    eq("out_of_scope", Value::from(a.intent.out_of_scope));
    eq("faq_status", Value::from(a.faq.status.as_str()));
    eq(
        "faq_top",
        a.faq
            .hits
            .first()
            .map_or(Value::Null, |h| Value::from(h.id.clone())),
    );
    eq("sentiment", Value::from(a.sentiment.label.as_str()));
    eq("action", Value::from(a.decision.action.as_str()));
    eq(
        "queue",
        a.decision.queue.clone().map_or(Value::Null, Value::from),
    );
    eq("locked", Value::from(a.decision.locked));
    if let Some(kinds) = e.get("entities").and_then(Value::as_array) {
        for k in kinds {
            let k = k.as_str().unwrap_or_default();
            if !a.entities.iter().any(|x| x.kind == k) {
                bad.push(format!(
                    "entities: no `{k}` in {:?}",
                    a.entities.iter().map(|x| &x.kind).collect::<Vec<_>>()
                ));
            }
        }
    }
    if let Some(vals) = e.get("entity_values").and_then(Value::as_object) {
        for (k, v) in vals {
            if !a
                .entities
                .iter()
                .any(|x| x.kind == *k && v.as_str() == Some(x.value.as_str()))
            {
                bad.push(format!("entity_values: no `{k}` with value {v}"));
            }
        }
    }
    if let Some(s) = e.get("redacted_contains").and_then(Value::as_str) {
        if !a.redacted_text.contains(s) {
            bad.push(format!(
                "redacted_contains: `{s}` not in `{}`",
                a.redacted_text
            ));
        }
    }
    for s in e
        .get("redacted_excludes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap_or_default();
        if a.redacted_text.contains(s) {
            bad.push(format!(
                "redacted_excludes: `{s}` still in `{}`",
                a.redacted_text
            ));
        }
    }
    if let Some(n) = e.get("escalation_at_least").and_then(Value::as_u64) {
        if u64::from(a.sentiment.escalation) < n {
            bad.push(format!("escalation {} < {n}", a.sentiment.escalation));
        }
    }
    if let Some(n) = e.get("escalation_at_most").and_then(Value::as_u64) {
        if u64::from(a.sentiment.escalation) > n {
            bad.push(format!("escalation {} > {n}", a.sentiment.escalation));
        }
    }
    for s in e
        .get("signals_include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap_or_default();
        if !a.sentiment.signals.iter().any(|x| x == s) {
            bad.push(format!("signals: no `{s}` in {:?}", a.sentiment.signals));
        }
    }
    if let Some(m) = e.get("emotion_at_least").and_then(Value::as_object) {
        let emotions = a.sentiment.emotions.to_map();
        for (k, v) in m {
            let got = emotions.get(k.as_str()).copied().unwrap_or(-1.0);
            if f64::from(got) < v.as_f64().unwrap_or(0.0) {
                bad.push(format!("emotion {k}: {got} < {v}"));
            }
        }
    }
    let reply = a.decision.reply.clone().unwrap_or_default();
    if e.get("reply_nonempty") == Some(&Value::Bool(true)) && reply.trim().is_empty() {
        bad.push("reply is empty".into());
    }
    if let Some(s) = e.get("reply_contains").and_then(Value::as_str) {
        if !reply.contains(s) {
            bad.push(format!("reply_contains: `{s}` not in `{reply}`"));
        }
    }
    if let Some(s) = e.get("trace_mentions").and_then(Value::as_str) {
        let trace = serde_json::to_string(&a.decision.trace).unwrap_or_default();
        if !trace.contains(s) {
            bad.push(format!("trace_mentions: `{s}` not in {trace}"));
        }
    }
    bad
}

#[test]
fn every_fixture_case_holds() {
    let bot = shop_bot();
    let mut failures = Vec::new();
    for (name, msg, expect) in cases() {
        let a = bot.analyze(&msg);
        assert_eq!(a.schema, kefu::SCHEMA_VERSION);
        for f in check(&a, &expect) {
            failures.push(format!("{name}: {f}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_decision_explains_itself() {
    let bot = shop_bot();
    for (name, msg, _) in cases() {
        let d = bot.analyze(&msg).decision;
        let fired = d.trace.iter().find(|t| t.rule == d.rule);
        assert!(
            fired.is_some_and(|t| t.matched),
            "{name}: rule `{}` is not a matched step of the trace",
            d.rule
        );
    }
}

#[test]
fn bundle_round_trip_gives_identical_analyses() {
    let bot = shop_bot();
    let bytes = bot.to_bytes();
    let back = Bot::from_bytes(&bytes).expect("own bundle loads");
    for (name, msg, _) in cases() {
        assert_eq!(bot.analyze(&msg), back.analyze(&msg), "{name}");
    }
    assert_eq!(
        back.to_bytes(),
        bytes,
        "a loaded bot writes the same bundle"
    );
    let msgs: Vec<Message> = cases().into_iter().map(|c| c.1).collect();
    let batch = back.analyze_batch(&msgs);
    let single: Vec<Analysis> = msgs.iter().map(|m| bot.analyze(m)).collect();
    assert_eq!(batch, single);
}

#[test]
fn same_seed_gives_byte_identical_bundle() {
    let def = BotDefinition::from_path(kefu_examples::shop_definition()).unwrap();
    let a = Bot::train(&def, &TrainOptions::with_seed(seed()))
        .unwrap()
        .to_bytes();
    assert_eq!(a, shop_bot().to_bytes());
    let other = Bot::train(&def, &TrainOptions::with_seed(seed() + 1))
        .unwrap()
        .to_bytes();
    assert_ne!(a, other, "the seed reaches the model");
}

#[test]
fn corrupted_bundles_are_typed_errors() {
    let bytes = shop_bot().to_bytes();
    // bad magic
    let mut b = bytes.clone();
    b[0] = b'X';
    let e = Bot::from_bytes(&b).unwrap_err();
    assert!(e.is_bundle() && e.to_string().contains("magic"), "{e}");
    // newer version
    let mut b = bytes.clone();
    b[4..6].copy_from_slice(&(kefu::FORMAT_VERSION + 1).to_le_bytes());
    let e = Bot::from_bytes(&b).unwrap_err();
    assert!(e.is_bundle() && e.to_string().contains("newer"), "{e}");
    // truncation, at several places
    for cut in [3, 15, 16, bytes.len() / 2, bytes.len() - 1] {
        let e = Bot::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(e.is_bundle(), "cut at {cut}: {e}");
    }
    // a flipped payload byte is caught by the checksum
    let mut b = bytes.clone();
    let mid = 16 + (b.len() - 16) / 2;
    b[mid] ^= 0x40;
    let e = Bot::from_bytes(&b).unwrap_err();
    assert!(e.is_bundle() && e.to_string().contains("checksum"), "{e}");
}

#[test]
fn demo_script_analyzes() {
    let text = std::fs::read_to_string(kefu_examples::dir().join("shop/demo.jsonl")).unwrap();
    let bot = shop_bot();
    let mut n = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).unwrap();
        let ctx: Context = serde_json::from_value(v["context"].clone()).unwrap();
        let a = bot.analyze(&Message::with_context(v["text"].as_str().unwrap(), ctx));
        assert!(
            a.decision.reply.is_some(),
            "every demo turn gets a reply or notice"
        );
        n += 1;
    }
    assert!(n >= 10, "the demo has at least 10 messages, found {n}");
}

#[test]
fn shop_bot_meets_the_demo_brief() {
    let def = shop_bot().definition();
    let intents: Vec<&str> = def.intents.keys().filter(|k| *k != "oos").collect();
    assert!(intents.len() >= 12, "{intents:?}");
    for needed in [
        "order_status",
        "shipping_time",
        "return_refund",
        "payment_failed",
        "change_address",
        "cancel_order",
        "invoice",
        "product_availability",
        "coupon",
        "account_login",
        "complaint",
        "talk_to_human",
    ] {
        assert!(intents.contains(&needed), "missing intent {needed}");
    }
    assert!(def.faq.len() >= 15);
    for lang in ["en", "zh-Hans", "zh-Hant", "es"] {
        assert!(
            def.languages.iter().any(|l| l == lang),
            "missing language {lang}"
        );
    }
}

#[test]
fn yaml_errors_name_path_and_line() {
    let e = BotDefinition::from_yaml(
        "languages: [en]\nintents:\n  refund:\n    exampels:\n      en: [x]\n",
    )
    .unwrap_err();
    let s = e.to_string();
    assert!(e.is_definition());
    assert!(s.contains("intents.refund"), "{s}");
    assert!(s.contains("line 4"), "{s}");
    assert!(s.contains("did you mean `examples`"), "{s}");
    let e = BotDefinition::from_yaml("languages: [en, zh-Hans]\nintents:\n  a:\n    examples:\n      zh-Hant: [我]\n  b:\n    examples:\n      en: [y]\n")
        .unwrap_err();
    assert!(
        e.to_string().starts_with("intents.a.examples.zh-Hant"),
        "{e}"
    );
}

#[test]
fn file_loader_names_the_file() {
    let e = BotDefinition::from_path(kefu_examples::dir().join("shop/missing.yaml")).unwrap_err();
    assert!(e.to_string().contains("missing.yaml"), "{e}");
    let dir = std::env::temp_dir().join(format!("kefu-fixture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("bad.yaml");
    std::fs::write(&p, "languages: [en]\nintents: {a: {examples: {en: [x]}}, b: {examples: {en: [y]}}}\npolicy: {file: nope.kefu}\n").unwrap();
    let e = BotDefinition::from_path(&p).unwrap_err();
    assert!(
        e.to_string().contains("bad.yaml") && e.to_string().contains("nope.kefu"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

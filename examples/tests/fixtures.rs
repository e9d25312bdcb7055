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

/// The expectation keys a case is known to get wrong (`known_failure.keys`).
fn known_failure_keys(name: &str) -> Vec<String> {
    fixture()["cases"]
        .as_array()
        .expect("cases array")
        .iter()
        .find(|c| c["name"] == name)
        .and_then(|c| c["known_failure"]["keys"].as_array())
        .map(|ks| {
            ks.iter()
                .map(|k| {
                    k.as_str()
                        .expect("known_failure keys are strings")
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The mismatches of a case, honouring `known_failure`: its keys are left
/// out of the check, and each must still fail on its own (a fix of a known
/// failure is reported, so that the mark gets removed).
fn case_mismatches(a: &Analysis, expect: &Value, known: &[String]) -> Vec<String> {
    let mut rest = expect.clone();
    let mut bad = Vec::new();
    for k in known {
        let Some(want) = rest.as_object_mut().and_then(|o| o.remove(k)) else {
            bad.push(format!(
                "known_failure: `{k}` is not an expectation of the case"
            ));
            continue;
        };
        if check(a, &serde_json::json!({ k.as_str(): want })).is_empty() {
            bad.push(format!(
                "known_failure: `{k}` now holds; remove it from the case's known_failure"
            ));
        }
    }
    bad.extend(check(a, &rest));
    bad
}

#[test]
fn the_conformance_suite_is_broad() {
    let cases = fixture()["cases"].as_array().expect("cases");
    let errors = fixture()["error_cases"].as_array().expect("error_cases");
    assert!(
        cases.len() + errors.len() >= 200,
        "{} + {}",
        cases.len(),
        errors.len()
    );
    let mut names: Vec<&str> = cases
        .iter()
        .chain(errors)
        .map(|c| c["name"].as_str().expect("name"))
        .collect();
    names.sort_unstable();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n, "case names are unique");
    // every error kind reachable through train / load / analyze
    for kind in [
        "invalid_input",
        "definition",
        "bundle",
        "policy",
        "limit",
        "training",
    ] {
        assert!(
            errors.iter().any(|e| e["error"] == kind),
            "no error case of kind {kind}"
        );
    }
    // every language of the demo bot, with its script
    for (lang, script) in [
        ("en", None),
        ("zh", Some("Hans")),
        ("zh", Some("Hant")),
        ("es", None),
    ] {
        assert!(
            cases.iter().any(|c| c["expect"]["language"] == lang
                && script.is_none_or(|s| c["expect"]["script"] == s)),
            "no case for {lang} {script:?}"
        );
    }
}

#[test]
fn every_fixture_case_holds() {
    let bot = shop_bot();
    let mut failures = Vec::new();
    for (name, msg, expect) in cases() {
        let a = bot.analyze(&msg);
        assert_eq!(a.schema, kefu::SCHEMA_VERSION);
        for f in case_mismatches(&a, &expect, &known_failure_keys(&name)) {
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

/// The text of an `analyze` error case: `text`, or `text_repeat: [unit, n]`.
fn error_case_text(c: &Value) -> String {
    match c["text"].as_str() {
        Some(t) => t.to_string(),
        None => {
            let r = &c["text_repeat"];
            r[0].as_str()
                .expect("text_repeat unit")
                .repeat(r[1].as_u64().expect("text_repeat count") as usize)
        }
    }
}

/// `error_cases`: each call fails with the typed error of its kind, as in
/// every binding. A context that is not a valid `Context` is an
/// `invalid_input` error, as the bindings report it.
#[test]
fn every_error_case_fails_with_its_kind() {
    let codes = fixture()["error_codes"].as_object().expect("error_codes");
    let mut failures = Vec::new();
    for c in fixture()["error_cases"].as_array().expect("error_cases") {
        let name = c["name"].as_str().expect("name");
        let result: kefu::Result<()> = match c["op"].as_str().expect("op") {
            "train" => {
                let text = match c["definition_text"].as_str() {
                    Some(t) => t.to_string(),
                    None => c["definition"].to_string(),
                };
                BotDefinition::from_json(&text)
                    .and_then(|d| Bot::train(&d, &TrainOptions::with_seed(seed())))
                    .map(drop)
            }
            "load" => {
                let hex = c["bundle_hex"].as_str().expect("bundle_hex");
                let bytes: Vec<u8> = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                    .collect();
                Bot::from_bytes(&bytes).map(drop)
            }
            "analyze" => serde_json::from_value::<Context>(c["context"].clone())
                .map_err(|e| kefu::Error::new(kefu::ErrorKind::InvalidInput, e.to_string()))
                .and_then(|ctx| {
                    shop_bot()
                        .try_analyze(&Message::with_context(error_case_text(c), ctx))
                        .map(drop)
                }),
            other => panic!("{name}: unknown op {other}"),
        };
        let want = c["error"].as_str().expect("error");
        match result {
            Ok(()) => failures.push(format!("{name}: succeeded, expected a {want} error")),
            Err(e) => {
                if e.kind().name() != want {
                    failures.push(format!("{name}: expected a {want} error, got {e:?}"));
                }
                if codes[want].as_u64() != Some(u64::from(e.kind().code())) {
                    failures.push(format!(
                        "{name}: error_codes.{want} is not {}",
                        e.kind().code()
                    ));
                }
                let part = c["message_contains"].as_str().unwrap_or_default();
                if !e.to_string().contains(part) {
                    failures.push(format!("{name}: `{part}` not in the message `{e}`"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} error case mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

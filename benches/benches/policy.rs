//! Routing policy speed: evaluating a generated 100-rule policy (target
//! ≤ 2 µs per decision) with the full trace and with the trace of the rule
//! that fired, and compiling a generated 10,000-rule policy (target ≤ 1 s,
//! static checks included). Criterion reports the time per iteration of 8
//! decisions; divide by 8 (or read the throughput) for one decision.
//!
//! `cargo bench -p kefu-benches --bench policy`

use std::collections::BTreeMap;
use std::fmt::Write as _;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::analysis::{
    Emotions, Entity, FaqHit, FaqResult, FaqStatus, IntentResult, LanguageResult, RankedIntent,
    SentimentLabel, SentimentResult,
};
use kefu::context::AttributeValue;
use kefu::definition::AttributeType;
use kefu::policy::{Facts, Policy, PolicySchema, TraceLevel};
use kefu::Context;

const INTENTS: usize = 50;
const CHANNELS: [&str; 4] = ["web", "app", "email", "whatsapp"];
const LANGS: [&str; 4] = ["en", "zh", "es", "de"];

fn schema() -> PolicySchema {
    PolicySchema {
        intents: (0..INTENTS).map(|i| format!("intent_{i}")).collect(),
        faq_ids: vec!["shipping".into()],
        entity_kinds: vec!["card".into(), "email".into(), "order_id".into()],
        attributes: BTreeMap::from([
            ("segment".to_string(), AttributeType::String),
            ("cart_value".to_string(), AttributeType::Number),
        ]),
    }
}

/// A policy of `n` rules mixing every kind of clause: equality on
/// intents and strings, numeric thresholds, lists, entities, business
/// hours, regexes and attributes. No rule shadows another, so the static
/// checks accept it.
fn generate(n: usize) -> String {
    let mut s = String::new();
    for q in 0..10 {
        let _ = writeln!(
            s,
            "queue q{q} {{ skills [\"s{q}\", \"mandarin\", \"vip\"] }}"
        );
    }
    s.push_str(
        "calendar support {\n  time_zone \"Asia/Shanghai\"\n  hours mon-fri 09:00-21:00\n  hours sat 10:00-16:00\n  holiday 2026-10-01 to 2026-10-07\n}\n",
    );
    s.push_str(
        "calendar customer_day {\n  time_zone \"Europe/Berlin\"\n  local customer\n  hours mon-sun 08:00-22:00\n}\n",
    );
    for i in 0..n {
        let intent = format!("intent_{}", i % INTENTS);
        let q = i % 10;
        let when = match i % 6 {
            0 => format!(
                "intent == \"{intent}\" and sentiment.escalation >= {} and customer.tier in [\"gold\", \"vip\"] and conversation.turns != {i}",
                1 + i % 3
            ),
            1 => format!(
                "customer.lifetime_value < {} and not within business_hours(\"support\") and channel == \"{}\"",
                1000 + 10 * i,
                CHANNELS[(i / 6) % 4]
            ),
            2 => format!(
                "has entity(\"card\") and intent == \"{intent}\" and conversation.turns < {i}"
            ),
            3 => format!(
                "\"asks_for_human\" in sentiment.signals and language.code == \"{}\" and attr.segment == \"s{i}\"",
                LANGS[i % 4]
            ),
            4 => format!(
                "(intent.out_of_scope or faq.status == \"no_answer\") and conversation.failed_bot_turns <= {} and customer.complaints_90d > {}",
                i + 2,
                i % 7
            ),
            _ => format!(
                "intent == \"{intent}\" and (text matches /refund {i}/i or attr.cart_value < {}) and within business_hours(\"customer_day\")",
                500 + i
            ),
        };
        let then = match i % 3 {
            0 => format!(
                "handoff queue \"q{q}\" priority {} skills [\"s{q}\"] prefer [\"mandarin\"] script \"opener_{i}\" tags [\"t{i}\"]",
                i % 10
            ),
            1 => format!("ticket queue \"q{q}\" priority 3 tags [\"after_hours\"]"),
            _ => "clarify tags [\"c\"]".to_string(),
        };
        let _ = writeln!(s, "rule r{i}:\n    when {when}\n    then {then}");
    }
    s.push_str("default answer\n");
    s
}

/// One message's facts, owned.
struct Msg {
    text: String,
    language: LanguageResult,
    intent: IntentResult,
    faq: FaqResult,
    sentiment: SentimentResult,
    entities: Vec<Entity>,
    context: Context,
}

impl Msg {
    fn facts(&self) -> Facts<'_> {
        Facts {
            text: &self.text,
            language: &self.language,
            intent: &self.intent,
            faq: &self.faq,
            sentiment: &self.sentiment,
            entities: &self.entities,
            context: &self.context,
        }
    }
}

fn msg(intent: usize, escalation: u8, tier: &str, turns: u32, now: &str) -> Msg {
    let name = format!("intent_{intent}");
    let mut context = Context {
        channel: Some("web".into()),
        now: now.parse().ok(),
        ..Context::default()
    };
    context.customer.tier = Some(tier.into());
    context.customer.lifetime_value = Some(1200.0);
    context.customer.complaints_90d = Some(1);
    context.customer.time_zone = Some("Europe/Madrid".into());
    context.conversation.turns = Some(turns);
    context.conversation.failed_bot_turns = Some(1);
    context
        .attributes
        .insert("segment".into(), AttributeValue::String("s3".into()));
    context
        .attributes
        .insert("cart_value".into(), AttributeValue::Number(120.0));
    Msg {
        text: "I want a refund for order SO-20261234, it arrived broken".into(),
        language: LanguageResult {
            code: "en".into(),
            script: Some("Latn".into()),
            reply_language: "en".into(),
            confidence: 0.97,
            reliable: true,
            secondary: None,
        },
        intent: IntentResult {
            top: Some(name.clone()),
            confidence: 0.83,
            out_of_scope: false,
            ambiguous: false,
            oos_reason: None,
            ranking: vec![RankedIntent {
                intent: name,
                confidence: 0.83,
            }],
        },
        faq: FaqResult {
            status: FaqStatus::Answer,
            hits: vec![FaqHit {
                id: "shipping".into(),
                score: 0.7,
                question: "How long does shipping take?".into(),
                answer: "3-5 days.".into(),
            }],
        },
        sentiment: SentimentResult {
            score: if escalation > 0 { -0.6 } else { 0.1 },
            label: if escalation > 0 {
                SentimentLabel::Negative
            } else {
                SentimentLabel::Positive
            },
            emotions: Emotions::default(),
            escalation,
            signals: vec![],
        },
        entities: vec![],
        context,
    }
}

fn evaluate(c: &mut Criterion) {
    let policy = Policy::parse(&generate(100), &schema()).expect("the generated policy is valid");
    // Messages that fire early, in the middle, late, and none at all.
    let msgs = [
        msg(0, 2, "vip", 1, "2026-11-20T03:00:00Z"),       // r0
        msg(30, 1, "gold", 2, "2026-11-20T03:00:00Z"),     // r30
        msg(48, 3, "vip", 5, "2026-11-20T03:00:00Z"),      // r48
        msg(7, 0, "standard", 9, "2026-11-20T03:00:00Z"),  // default
        msg(44, 0, "standard", 0, "2026-11-21T23:00:00Z"), // r95 (Sunday night in Berlin)
        msg(11, 0, "standard", 3, "2026-11-20T03:00:00Z"), // default
        msg(13, 0, "standard", 3, "2026-11-20T14:00:00Z"), // r1 (after hours, web)
        msg(20, 1, "gold", 3, "2026-11-20T03:00:00Z"),     // default (escalation too low)
    ];
    let facts: Vec<Facts<'_>> = msgs.iter().map(Msg::facts).collect();
    let decisions: Vec<_> = facts.iter().map(|f| policy.evaluate(f)).collect();
    let rules_tried: usize = decisions.iter().map(|d| d.trace.len()).sum();
    let fired: Vec<&str> = decisions.iter().map(|d| d.rule.as_str()).collect();
    eprintln!(
        "policy/evaluate_100_rules: {} messages firing {fired:?}, {:.1} rules evaluated per decision on average",
        facts.len(),
        rules_tried as f64 / facts.len() as f64
    );
    let mut g = c.benchmark_group("policy");
    g.throughput(Throughput::Elements(facts.len() as u64));
    // The full trace: every rule tried, with each clause's value rendered.
    g.bench_function("evaluate_100_rules_full_trace", |b| {
        b.iter(|| {
            for f in &facts {
                std::hint::black_box(policy.evaluate(std::hint::black_box(f)));
            }
        })
    });
    // The trace of the rule that fired only.
    g.bench_function("evaluate_100_rules_fired_trace", |b| {
        b.iter(|| {
            for f in &facts {
                std::hint::black_box(policy.evaluate_with(
                    std::hint::black_box(f),
                    None,
                    TraceLevel::Fired,
                ));
            }
        })
    });
    g.finish();
}

fn compile(c: &mut Criterion) {
    let schema = schema();
    let text = generate(10_000);
    let mut g = c.benchmark_group("policy");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("compile_10000_rules", |b| {
        b.iter(|| Policy::parse(std::hint::black_box(&text), &schema).expect("valid"))
    });
    g.finish();
}

criterion_group!(benches, evaluate, compile);
criterion_main!(benches);

//! The documented limits (`kefu::limits`) are enforced with typed
//! `ErrorKind::Limit` errors that name the limit, at the limit's edge.

use kefu::{limits, Bot, BotDefinition, ErrorKind, Message, TrainOptions};
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "languages": ["en"],
        "intents": {
            "refund": {"examples": {"en": ["i want a refund", "give me my money back"]}},
            "track": {"examples": {"en": ["where is my order", "track my parcel"]}}
        },
        "faq": [{"id": "ship", "questions": {"en": ["how long is shipping"]}, "answer": {"en": "3 days"}}]
    })
}

fn bot() -> Bot {
    let def = BotDefinition::from_json(&base().to_string()).unwrap();
    Bot::train(&def, &TrainOptions::default()).unwrap()
}

fn limit_error(r: kefu::Result<impl std::fmt::Debug>) -> kefu::Error {
    let e = r.expect_err("over the limit");
    assert_eq!(e.kind(), ErrorKind::Limit, "{e}");
    e
}

/// A 10 MB message is refused by its size before any work is done: the
/// time is bounded by the limit, not asserted.
#[test]
fn ten_megabyte_message_is_a_limit_error() {
    let bot = bot();
    let text = "where is my order SO-12345678? ".repeat(10 * 1024 * 1024 / 31 + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let e = limit_error(bot.try_analyze(&Message::new(text.clone())));
    assert!(e.to_string().contains("the limit is 65536"), "{e}");
    assert!(e.to_string().contains(&text.len().to_string()), "{e}");
    let e = limit_error(bot.try_analyze_batch(&[Message::new("hi"), Message::new(text)]));
    assert!(e.to_string().contains("messages[1]"), "{e}");
}

#[test]
fn message_at_the_limit_is_analyzed() {
    let bot = bot();
    let mut text = "where is my order ".repeat(limits::MAX_MESSAGE_BYTES / 18 + 1);
    text.truncate(limits::MAX_MESSAGE_BYTES);
    assert_eq!(text.len(), limits::MAX_MESSAGE_BYTES);
    let a = bot.try_analyze(&Message::new(text.clone())).unwrap();
    assert_eq!(a.intent.top.as_deref(), Some("track"));
    text.push('x');
    limit_error(bot.try_analyze(&Message::new(text)));
}

#[test]
fn definition_text_size_is_limited() {
    // Checked before parsing: the text need not even be JSON.
    let big = " ".repeat(limits::MAX_DEFINITION_BYTES + 1);
    let e = limit_error(BotDefinition::from_json(&big));
    assert!(e.to_string().contains("definition:"), "{e}");
    // Whitespace padding up to the limit is fine.
    let mut ok = base().to_string();
    ok.push_str(&" ".repeat(1 << 20));
    BotDefinition::from_json(&ok).unwrap();
}

#[test]
fn too_many_intents() {
    let mut v = base();
    let intents = v["intents"].as_object_mut().unwrap();
    for i in 0..limits::MAX_INTENTS {
        intents.insert(
            format!("i{i}"),
            json!({"examples": {"en": [format!("example number {i}")]}}),
        );
    }
    assert!(intents.len() > limits::MAX_INTENTS);
    let e = limit_error(BotDefinition::from_json(&v.to_string()));
    assert!(e.to_string().contains("intents:"), "{e}");
    // Exactly at the limit validates.
    let intents = v["intents"].as_object_mut().unwrap();
    intents.remove("i0");
    intents.remove("i1");
    assert_eq!(intents.len(), limits::MAX_INTENTS);
    BotDefinition::from_json(&v.to_string()).unwrap();
}

#[test]
fn too_many_faq_entries() {
    let mut v = base();
    let faq = v["faq"].as_array_mut().unwrap();
    for i in 0..limits::MAX_FAQ_ENTRIES {
        faq.push(json!({"id": format!("f{i}"), "questions": {"en": ["q"]}, "answer": {"en": "a"}}));
    }
    let e = limit_error(BotDefinition::from_json(&v.to_string()));
    assert!(e.to_string().contains("faq:"), "{e}");
    let faq = v["faq"].as_array_mut().unwrap();
    faq.pop();
    assert_eq!(faq.len(), limits::MAX_FAQ_ENTRIES);
    BotDefinition::from_json(&v.to_string()).unwrap();
}

#[test]
fn example_text_size_is_limited() {
    let mut v = base();
    v["intents"]["refund"]["examples"]["en"][0] =
        Value::from("a".repeat(limits::MAX_TEXT_BYTES + 1));
    let e = limit_error(BotDefinition::from_json(&v.to_string()));
    assert!(
        e.to_string().contains("intents.refund.examples.en[0]"),
        "{e}"
    );
}

#[test]
fn too_many_languages() {
    let mut v = base();
    let langs: Vec<String> =
        std::iter::repeat_n("en".to_string(), limits::MAX_LANGUAGES + 1).collect();
    v["languages"] = json!(langs);
    limit_error(BotDefinition::from_json(&v.to_string()));
}

fn policy_with_rules(n: usize) -> String {
    let mut src = String::from("queue care\n");
    for i in 0..n {
        src.push_str(&format!(
            "rule r{i}:\n    when sentiment.escalation >= 3 and text matches /x{i}y/\n    then handoff queue \"care\"\n"
        ));
    }
    src.push_str("default answer\n");
    src
}

#[test]
fn too_many_rules() {
    let mut v = base();
    v["policy"] = json!({"source": policy_with_rules(limits::MAX_RULES + 1)});
    let e = limit_error(BotDefinition::from_json(&v.to_string()));
    assert!(e.to_string().contains("rules, the limit is"), "{e}");
}

#[test]
fn rules_at_the_limit_parse() {
    let mut v = base();
    v["policy"] = json!({"source": policy_with_rules(limits::MAX_RULES)});
    BotDefinition::from_json(&v.to_string()).unwrap();
}

#[test]
fn policy_text_size_is_limited() {
    let mut v = base();
    let mut src = policy_with_rules(1);
    src.push_str(&"# padding\n".repeat(limits::MAX_POLICY_BYTES / 10 + 1));
    v["policy"] = json!({"source": src});
    limit_error(BotDefinition::from_json(&v.to_string()));
}

/// `analyze` (no checks) stays bounded on a huge message too: it is linear,
/// so 1 MB of adversarial text (repeated near-entities) completes. No time
/// is asserted; a quadratic path would make this test hang.
#[test]
fn analyze_without_checks_handles_a_megabyte() {
    let bot = bot();
    let text = "4111 1111 1111 111 a@ +86 1380 SO-1234567 €".repeat(1 << 20 >> 6);
    let a = bot.analyze(&Message::new(text));
    assert!(a.decision.reply.is_some());
}

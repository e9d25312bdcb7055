//! Shared helpers of kefu's criterion benches (`cargo bench -p kefu-benches`).

use std::path::PathBuf;

/// The demo shop definition (`examples/shop/bot.yaml`).
pub fn shop_definition() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/shop/bot.yaml")
}

/// Trains the demo shop bot with the default options.
pub fn shop_bot() -> kefu::Bot {
    let def =
        kefu::BotDefinition::from_path(shop_definition()).expect("the shop definition is valid");
    kefu::Bot::train(&def, &kefu::TrainOptions::default()).expect("the shop bot trains")
}

/// The messages of the WASM bench (`bindings-wasm/bench/bench.mjs`): the
/// demo conversation (`examples/shop/demo.jsonl`) and every case of the
/// shared fixture (`examples/fixtures/shop_cases.json`), with their
/// contexts.
pub fn fixture_messages() -> Vec<kefu::Message> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("repo file exists");
    let message = |v: &serde_json::Value| {
        let text = v["text"].as_str().expect("a text").to_string();
        let context: kefu::Context = match v.get("context") {
            Some(c) => serde_json::from_value(c.clone()).expect("a valid context"),
            None => kefu::Context::default(),
        };
        kefu::Message::with_context(text, context)
    };
    let mut out: Vec<kefu::Message> = read("examples/shop/demo.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| message(&serde_json::from_str(l).expect("JSONL")))
        .collect();
    let fixture: serde_json::Value =
        serde_json::from_str(&read("examples/fixtures/shop_cases.json")).expect("JSON");
    out.extend(
        fixture["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(message),
    );
    out
}

/// Messages in several languages and moods, for throughput benches.
pub const MESSAGES: &[&str] = &[
    "Hi, where is my order SO-20261234? It still hasn't shipped.",
    "我上週買的外套太大了，想要退貨，要怎麼寄回去？",
    "寄到德国的话，收货时还要另外交关税吗？",
    "¿Cuántos días tarda en llegar un pedido a España?",
    "This is ridiculous!!! My order is late AGAIN, I'm cancelling everything.",
    "Please replace the card on my account, the new one is 4111 1111 1111 1111.",
    "I need to talk to a real person",
    "what's the weather on Mars right now?",
];

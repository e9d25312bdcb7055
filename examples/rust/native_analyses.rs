//! Trains the demo shop bot natively and writes what the cross-platform
//! determinism test of the WASM binding (bindings-wasm/tests/determinism.test.mjs)
//! compares against wasm32:
//!
//! * `OUT/shop.kefu`: the bundle (definition examples/shop/bot.yaml, seed of
//!   the shared fixture file);
//! * `OUT/definition.json`: the definition the bundle was trained from;
//! * `OUT/analyses.json`: `{seed, messages: [{name, text, context, analysis}]}`
//!   for every message of the shared fixture file and of the demo
//!   conversation (examples/shop/demo.jsonl).
//!
//! Run: `cargo run -p kefu-examples --example native_analyses -- OUT`.

use kefu::{Bot, BotDefinition, Context, Message, TrainOptions};
use serde_json::{json, Value};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: native_analyses OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let fixture: Value =
        serde_json::from_str(&std::fs::read_to_string(kefu_examples::shop_cases())?)?;
    let seed = fixture["seed"].as_u64().ok_or("fixture seed")?;
    let def = BotDefinition::from_path(kefu_examples::shop_definition())?;
    let bot = Bot::train(&def, &TrainOptions::with_seed(seed))?;
    std::fs::write(out.join("shop.kefu"), bot.to_bytes())?;
    std::fs::write(out.join("definition.json"), serde_json::to_string(&def)?)?;

    let mut inputs: Vec<(String, String, Value)> = Vec::new();
    for c in fixture["cases"].as_array().ok_or("cases")? {
        if let Some(t) = c["text"].as_str() {
            inputs.push((
                c["name"].as_str().unwrap_or("").into(),
                t.into(),
                c["context"].clone(),
            ));
        }
    }
    let demo = std::fs::read_to_string(kefu_examples::dir().join("shop/demo.jsonl"))?;
    for (i, line) in demo.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let v: Value = serde_json::from_str(line)?;
        let t = v["text"].as_str().ok_or("demo text")?;
        inputs.push((
            format!("demo.jsonl:{}", i + 1),
            t.into(),
            v["context"].clone(),
        ));
    }
    let mut messages = Vec::new();
    for (name, text, context) in inputs {
        let ctx: Context = if context.is_null() {
            Context::default()
        } else {
            serde_json::from_value(context.clone())?
        };
        // Messages the bot refuses (the fixture's error cases) are skipped:
        // the WASM suite checks those errors itself.
        let Ok(analysis) = bot.try_analyze(&Message::with_context(text.clone(), ctx)) else {
            continue;
        };
        messages
            .push(json!({"name": name, "text": text, "context": context, "analysis": analysis}));
    }
    let n = messages.len();
    std::fs::write(
        out.join("analyses.json"),
        serde_json::to_string(&json!({"seed": seed, "messages": messages}))?,
    )?;
    println!(
        "native_analyses: {n} analyses and the bundle in {}",
        out.display()
    );
    Ok(())
}

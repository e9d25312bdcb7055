//! Trains the demo bot (examples/shop) at build time, so that `kefu demo`
//! runs with no files and no arguments. A definition error fails the build
//! with the error's path.

use std::path::PathBuf;

fn main() {
    let root =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let shop = root.join("../examples/shop");
    for f in ["bot.yaml", "policy.kefu", "demo.jsonl"] {
        println!("cargo:rerun-if-changed={}", shop.join(f).display());
    }
    let def = match kefu::BotDefinition::from_path(shop.join("bot.yaml")) {
        Ok(d) => d,
        Err(e) => panic!("the demo bot definition is invalid: {e}"),
    };
    let bot = match kefu::Bot::train(&def, &kefu::TrainOptions::default()) {
        Ok(b) => b,
        Err(e) => panic!("the demo bot does not train: {e}"),
    };
    let out =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("demo.kefu");
    std::fs::write(&out, bot.to_bytes()).expect("OUT_DIR is writable");
}

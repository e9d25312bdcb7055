//! Arbitrary text plus arbitrary context JSON (after the first NUL byte) →
//! `Bot::analyze` and `Bot::try_analyze` of the demo shop bot.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/fuzz_input.rs");
}

fn bot() -> &'static kefu::Bot {
    static BOT: OnceLock<kefu::Bot> = OnceLock::new();
    BOT.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop/bot.yaml");
        let def = kefu::BotDefinition::from_path(path)
            .unwrap_or_else(|e| panic!("the demo definition is valid: {e}"));
        kefu::Bot::train(&def, &kefu::TrainOptions::default())
            .unwrap_or_else(|e| panic!("the demo bot trains: {e}"))
    })
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::analyze(bot(), data);
});

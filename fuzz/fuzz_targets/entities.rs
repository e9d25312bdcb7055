//! Arbitrary text → entity extraction and redaction (the demo bot's
//! extractor and one that redacts every kind): sound spans, and redacted
//! text never holds a redacted entity's bytes.
#![no_main]

use std::sync::OnceLock;

use kefu::entities::EntityExtractor;
use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/fuzz_input.rs");
}

fn extractors() -> &'static [EntityExtractor] {
    static X: OnceLock<Vec<EntityExtractor>> = OnceLock::new();
    X.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/shop/bot.yaml");
        let def = kefu::BotDefinition::from_path(path)
            .unwrap_or_else(|e| panic!("the demo definition is valid: {e}"));
        fuzz_input::extractors(&def)
    })
}

fuzz_target!(|data: &[u8]| {
    fuzz_input::entities(extractors(), data);
});

//! Helpers shared by the example programs and the fixture tests: where the
//! demo shop bot and the shared fixture file live.

use std::path::PathBuf;

/// The directory of this crate (`examples/`).
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/shop/bot.yaml`.
pub fn shop_definition() -> PathBuf {
    dir().join("shop/bot.yaml")
}

/// `examples/fixtures/shop_cases.json`.
pub fn shop_cases() -> PathBuf {
    dir().join("fixtures/shop_cases.json")
}

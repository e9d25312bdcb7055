//! WASM binding of kefu (npm package `kefu`).
//!
//! This crate is the seed of the WASM binding; issue 10 fills it with
//! wasm-bindgen exports (`Bot.train`, `Bot.fromBytes`, `bot.analyze`, …) and
//! the npm package. For now it only re-exports the core's versions, and the
//! test script checks that the core builds for `wasm32-unknown-unknown`.

/// The kefu version.
pub fn version() -> &'static str {
    kefu::VERSION
}

/// The result schema version.
pub fn schema_version() -> u32 {
    kefu::SCHEMA_VERSION
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions_come_from_core() {
        assert_eq!(super::version(), kefu::VERSION);
        assert_eq!(super::schema_version(), 1);
    }
}

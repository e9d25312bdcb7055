//! Python binding of kefu (`import kefu`).
//!
//! This crate is the seed of the PyO3 + maturin binding; issue 11 fills it
//! (abi3 wheel, `Bot.train`, `analyze_batch` releasing the GIL, type stubs).
//! It has `test = false` and no PyO3 dependency yet, so `cargo test
//! --workspace` needs no Python headers.

/// The kefu version.
pub fn version() -> &'static str {
    kefu::VERSION
}

//! Benchmarks of kefu (criterion benches and the anchor comparison live in
//! this crate; issues 3 and 13 fill them). This library holds shared helpers.

/// The demo shop definition, relative to the workspace root.
pub const SHOP_DEFINITION: &str = "examples/shop/bot.yaml";

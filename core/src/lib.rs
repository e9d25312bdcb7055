//! # kefu — embeddable customer-service NLP
//!
//! kefu (客服, "customer service") turns one customer message, plus what the
//! host app knows about the conversation, into an [`Analysis`]:
//!
//! * its **language** ([`lang`]), with Traditional vs Simplified Chinese;
//! * its **intent**, or "out of scope" ([`intent`]);
//! * the best **FAQ** answer, a clarification, or "no answer" ([`faq`]);
//! * **sentiment**, emotions and an escalation level ([`sentiment`]);
//! * **entities** and a redacted copy of the text ([`entities`]);
//! * a **routing decision** that explains itself ([`policy`]).
//!
//! A bot's author writes a [`BotDefinition`]; [`Bot::train`] builds a bot in
//! seconds, and [`Bot::to_bytes`] stores it as one versioned bundle. The core
//! is pure Rust, does no I/O, and builds for `wasm32-unknown-unknown`.
//!
//! ```
//! use kefu::{Bot, BotDefinition, Message, TrainOptions};
//!
//! let def = BotDefinition::from_json(r#"{
//!   "languages": ["en", "zh-Hans"],
//!   "intents": {
//!     "order_status": {"examples": {"en": ["where is my order", "track my package", "has my parcel shipped"],
//!                                   "zh-Hans": ["我的订单在哪里", "查一下物流"]}},
//!     "refund":       {"examples": {"en": ["i want a refund", "give me my money back", "return this item"],
//!                                   "zh-Hans": ["我要退款", "怎么退货"]}}
//!   }
//! }"#)?;
//! let bot = Bot::train(&def, &TrainOptions::default())?;
//! let bot = Bot::from_bytes(&bot.to_bytes())?;
//! let a = bot.analyze(&Message::new("我要退貨"));
//! assert_eq!(a.language.code, "zh");
//! assert_eq!(a.intent.top.as_deref(), Some("refund"));
//! # Ok::<(), kefu::Error>(())
//! ```

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// Input never reaches a panic: no unwrap/expect/panic! outside tests.
// (`cargo clippy --workspace --all-targets -- -D warnings` in scripts/test.sh
// lints the library target without cfg(test), so these hold for all library
// code; the tests may unwrap.)
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]
// Same bits on every platform: std's transcendental float functions are
// denied (core/clippy.toml lists them; use the `libm` crate).
#![deny(clippy::disallowed_methods)]

pub mod analysis;
mod bot;
pub mod bundle;
pub mod context;
pub mod conversation;
pub mod definition;
pub mod entities;
mod error;
pub mod faq;
pub mod feedback;
pub mod intent;
pub mod lang;
pub mod policy;
pub mod replies;
pub mod report;
pub mod review;
pub mod sentiment;
pub mod text;
mod tz;
mod validate;

pub use analysis::{Analysis, SCHEMA_VERSION};
pub use bot::{Bot, TrainOptions};
pub use bundle::FORMAT_VERSION;
pub use context::{Context, Message};
pub use conversation::Conversation;
pub use definition::BotDefinition;
pub use error::{Error, ErrorKind, Result};
pub use validate::limits;

/// The crate version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

//! What the host app knows about a conversation: [`Message`] and [`Context`].
//!
//! Every field is optional. A routing rule that reads a missing field does not
//! silently treat it as empty: the clause is false and the decision trace
//! says `missing`.
//!
//! ```
//! let ctx: kefu::Context = serde_json::from_str(r#"{
//!     "channel": "whatsapp",
//!     "now": "2026-11-20T10:30:00Z",
//!     "customer": {"tier": "vip", "complaints_90d": 2, "time_zone": "Europe/Madrid"},
//!     "attributes": {"cart_value": 320.5}
//! }"#).unwrap();
//! assert_eq!(ctx.customer.tier.as_deref(), Some("vip"));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One customer message plus its context.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The message text.
    pub text: String,
    /// What the host knows about the conversation.
    #[serde(default)]
    pub context: Context,
}

impl Message {
    /// A message without context.
    pub fn new(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            context: Context::default(),
        }
    }

    /// A message with context.
    pub fn with_context(text: impl Into<String>, context: Context) -> Message {
        Message {
            text: text.into(),
            context,
        }
    }
}

/// Context of a message. Unknown keys are rejected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// Channel: `"web"`, `"app"`, `"email"`, `"whatsapp"`, `"phone"`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// The customer.
    #[serde(default)]
    pub customer: Customer,
    /// The current time as an RFC 3339 timestamp with offset
    /// (`2026-11-20T10:30:00+08:00`). kefu never reads a clock itself: the
    /// host (or the CLI) supplies it. Business-hours rules need it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub now: Option<jiff::Timestamp>,
    /// Facts about the conversation so far.
    #[serde(default)]
    pub conversation: ConversationFacts,
    /// Custom attributes, declared with their types in the bot definition's
    /// `context.attributes`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, AttributeValue>,
}

/// The customer behind a message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// The host's customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Tier, such as `"standard"`, `"gold"`, `"vip"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Lifetime value in the shop's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_value: Option<f64>,
    /// Complaints in the last 90 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complaints_90d: Option<u32>,
    /// Preferred language tag (`"es"`, `"zh-Hant"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_language: Option<String>,
    /// IANA time zone (`"Europe/Madrid"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// Facts about the conversation so far, kept by the host.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationFacts {
    /// Customer turns before this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turns: Option<u32>,
    /// Earlier bot turns that failed (out of scope or no answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed_bot_turns: Option<u32>,
    /// Intents of earlier turns, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub previous_intents: Vec<String>,
    /// Customer turns directly before this one with the same intent as this
    /// one (see [`crate::conversation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_intent_repeats: Option<u32>,
    /// Rising anger: consecutive increases of anger over the customer turns
    /// ending with this one (`>= 2`: anger rose across three turns; see
    /// [`crate::conversation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentiment_trend: Option<u32>,
    /// This turn or an earlier one asked for a human.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_for_human: Option<bool>,
}

/// The value of a custom attribute.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AttributeValue {
    /// `true` / `false`.
    Bool(bool),
    /// Any JSON number.
    Number(f64),
    /// A string.
    String(String),
}

impl AttributeValue {
    /// The type name used in declarations: `bool`, `number` or `string`.
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::Bool(_) => "bool",
            AttributeValue::Number(_) => "number",
            AttributeValue::String(_) => "string",
        }
    }
}

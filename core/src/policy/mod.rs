//! Routing policy: parse, type-check, evaluate, explain. (Being written.)

use std::collections::BTreeMap;

use crate::analysis::{Action, Decision, Entity, FaqResult, IntentResult, LanguageResult, SentimentResult};
use crate::context::Context;
use crate::definition::AttributeType;
use crate::error::Result;

/// The policy used when a bot definition has none.
pub const DEFAULT_POLICY: &str = "default answer\n";

/// What a policy may refer to, for static validation (unknown intent names,
/// FAQ ids, entity kinds and attributes are errors with suggestions).
#[derive(Clone, Debug, Default)]
pub struct PolicySchema {
    /// Intent names of the bot.
    pub intents: Vec<String>,
    /// FAQ ids of the bot.
    pub faq_ids: Vec<String>,
    /// Entity kinds enabled in the bot.
    pub entity_kinds: Vec<String>,
    /// Declared custom attributes.
    pub attributes: BTreeMap<String, AttributeType>,
}

/// Everything a policy can read about one message.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The raw message text.
    pub text: &'a str,
    /// Language result.
    pub language: &'a LanguageResult,
    /// Intent result.
    pub intent: &'a IntentResult,
    /// FAQ result.
    pub faq: &'a FaqResult,
    /// Sentiment result.
    pub sentiment: &'a SentimentResult,
    /// Entities.
    pub entities: &'a [Entity],
    /// The host's context.
    pub context: &'a Context,
}

/// A compiled routing policy.
#[derive(Clone, Debug)]
pub struct Policy {
    source: String,
}

impl Policy {
    /// Parses and type-checks policy text against `schema`.
    pub fn parse(source: &str, _schema: &PolicySchema) -> Result<Policy> {
        Ok(Policy { source: source.to_string() })
    }

    /// The policy text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the rules in order; the first match wins. `reply` is left
    /// `None`: the bot fills it from the FAQ or intent responses.
    pub fn evaluate(&self, _facts: &Facts<'_>) -> Decision {
        Decision {
            action: Action::Answer,
            queue: None,
            priority: 0,
            skills: vec![],
            reply: None,
            tags: vec![],
            locked: false,
            rule: "default".into(),
            trace: vec![],
        }
    }
}

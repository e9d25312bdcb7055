//! Result schema v1: what [`Bot::analyze`](crate::Bot::analyze) returns.
//!
//! Every binding serializes [`Analysis`] with serde to the same JSON, with
//! `"schema": 1`. Field names are part of the contract; additions are
//! backwards compatible, renames and removals need a new schema number.
//!
//! Spans in [`Entity`] are given twice: as UTF-8 **byte** offsets
//! (`start`/`end`, for Rust, C and Python `bytes`) and as Unicode scalar
//! (**char**) offsets (`char_start`/`char_end`, for Python `str`). JS
//! strings use UTF-16, so JS callers should slice with the char offsets via
//! `Array.from(text)` or use `text` directly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the result schema this crate produces.
pub const SCHEMA_VERSION: u32 = 1;

/// The full analysis of one customer message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Always [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The detected language.
    pub language: LanguageResult,
    /// The intent, or out of scope.
    pub intent: IntentResult,
    /// The FAQ answer, clarification candidates, or no answer.
    pub faq: FaqResult,
    /// Sentiment, emotions and escalation.
    pub sentiment: SentimentResult,
    /// Entities found in the text, in order of `start`.
    pub entities: Vec<Entity>,
    /// The text with redacted entity kinds replaced by `[KIND]` placeholders.
    pub redacted_text: String,
    /// The routing decision and why it was taken.
    pub decision: Decision,
}

/// Language of a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LanguageResult {
    /// ISO 639-1 code (`"en"`, `"zh"`, `"es"`, …), or `"und"` when undetermined.
    pub code: String,
    /// ISO 15924 script when it matters (`"Hans"`, `"Hant"`, `"Jpan"`,
    /// `"Latn"`, `"Arab"`, …).
    pub script: Option<String>,
    /// The bot language tag chosen for replies (e.g. `"zh-Hant"`): the
    /// best match among the bot's languages, or its default language.
    pub reply_language: String,
    /// Confidence in 0..1.
    pub confidence: f32,
    /// Whether the detection is reliable enough to act on.
    pub reliable: bool,
    /// A second language of a mixed message (a clause or a script run
    /// confidently in another language), with its share of the letters;
    /// `null` for single-language text.
    #[serde(default)]
    pub secondary: Option<SecondaryLanguage>,
}

/// The second language of a mixed message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SecondaryLanguage {
    /// ISO 639-1 code.
    pub code: String,
    /// ISO 15924 script when known.
    pub script: Option<String>,
    /// Its share of the message's letters (CJK characters count double),
    /// in 0..1. The dominant language is the detection of the whole text,
    /// which on a near even mix may hold a little less.
    pub share: f32,
}

/// One ranked intent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RankedIntent {
    /// Intent name.
    pub intent: String,
    /// Calibrated probability in 0..1.
    pub confidence: f32,
}

/// Intent of a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IntentResult {
    /// The best intent, or `None` when out of scope.
    pub top: Option<String>,
    /// Probability of the best in-scope intent, 0..1.
    pub confidence: f32,
    /// True when the message matches no intent well enough.
    pub out_of_scope: bool,
    /// True when the top two intents are too close to call.
    pub ambiguous: bool,
    /// Why the message is out of scope: `no_features` (empty or nothing
    /// known), `oos_class` (the explicit out-of-scope class won) or
    /// `below_threshold`; `null` when in scope.
    pub oos_reason: Option<String>,
    /// The top-k intents, best first.
    pub ranking: Vec<RankedIntent>,
}

/// Outcome of the FAQ lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaqStatus {
    /// The top hit answers the question.
    Answer,
    /// Several hits are plausible and too close; ask the customer.
    Clarify,
    /// Nothing in the knowledge base answers it.
    NoAnswer,
}

impl FaqStatus {
    /// The schema name: `answer`, `clarify` or `no_answer`.
    pub fn as_str(self) -> &'static str {
        match self {
            FaqStatus::Answer => "answer",
            FaqStatus::Clarify => "clarify",
            FaqStatus::NoAnswer => "no_answer",
        }
    }
}

/// One FAQ hit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqHit {
    /// The FAQ entry id.
    pub id: String,
    /// Similarity in 0..1.
    pub score: f32,
    /// The entry's first question in the reply language.
    pub question: String,
    /// The answer in the reply language (or the bot's default language).
    pub answer: String,
}

/// FAQ result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqResult {
    /// `answer`, `clarify` or `no_answer`.
    pub status: FaqStatus,
    /// Best hits first (empty for `no_answer` only when nothing matched at all).
    pub hits: Vec<FaqHit>,
}

/// Polarity label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// score < -0.05
    Negative,
    /// -0.05 ≤ score ≤ 0.05
    Neutral,
    /// score > 0.05
    Positive,
}

impl SentimentLabel {
    /// `negative`, `neutral` or `positive`.
    pub fn as_str(self) -> &'static str {
        match self {
            SentimentLabel::Negative => "negative",
            SentimentLabel::Neutral => "neutral",
            SentimentLabel::Positive => "positive",
        }
    }
}

/// Emotion scores, each in 0..1.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Emotions {
    /// Anger, frustration.
    pub anger: f32,
    /// Worry, urgency.
    pub anxiety: f32,
    /// Disappointment, sadness.
    pub sadness: f32,
    /// Joy, satisfaction.
    pub joy: f32,
    /// Thanks.
    pub gratitude: f32,
}

/// Sentiment of a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentimentResult {
    /// Polarity in -1..1.
    pub score: f32,
    /// The label derived from `score`.
    pub label: SentimentLabel,
    /// Emotion scores.
    pub emotions: Emotions,
    /// Escalation level 0 (none) to 3 (urgent).
    pub escalation: u8,
    /// Customer-service signals that raised the escalation, such as
    /// `"asks_for_human"`, `"cancel_threat"`, `"profanity"`,
    /// `"repeat_contact"`, `"long_wait"`, `"public_complaint"`.
    pub signals: Vec<String>,
}

/// One entity found in a message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Kind: `email`, `phone`, `card`, `iban`, `money`, `date`, `url`, `ip`,
    /// or a custom kind from the bot definition.
    pub kind: String,
    /// UTF-8 byte offset of the first byte.
    pub start: usize,
    /// UTF-8 byte offset one past the last byte.
    pub end: usize,
    /// Char (Unicode scalar) offset of the first char.
    pub char_start: usize,
    /// Char offset one past the last char.
    pub char_end: usize,
    /// The matched text.
    pub text: String,
    /// A normalized value (digits of a phone, ISO date, `"12.50 USD"`…).
    pub value: String,
    /// Whether this kind is redacted in `redacted_text`.
    pub redacted: bool,
}

/// What the bot does with the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The bot answers with `reply`.
    Answer,
    /// The bot asks the customer to clarify, with `reply`.
    Clarify,
    /// Hand the conversation to a human queue now.
    Handoff,
    /// Open a ticket for a human to pick up later (e.g. after hours).
    Ticket,
}

impl Action {
    /// `answer`, `clarify`, `handoff` or `ticket`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Answer => "answer",
            Action::Clarify => "clarify",
            Action::Handoff => "handoff",
            Action::Ticket => "ticket",
        }
    }
}

/// One step of a decision trace: a rule and how its condition evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceStep {
    /// Rule name (`"default"` for the default action).
    pub rule: String,
    /// Whether the rule's condition held.
    pub matched: bool,
    /// The condition's clauses with the values seen, e.g.
    /// `sentiment.escalation >= 2 → false (escalation = 1)`.
    pub clauses: Vec<ClauseTrace>,
}

/// How one clause of a condition evaluated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClauseTrace {
    /// The clause as written in the policy.
    pub clause: String,
    /// The value of the field(s) it read, rendered as text (`"missing"` when
    /// the field was absent).
    pub value: String,
    /// The clause's result.
    pub result: bool,
}

/// The routing decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// Target queue for `handoff` and `ticket`.
    pub queue: Option<String>,
    /// Priority 0..=9, higher is more urgent.
    pub priority: u8,
    /// Skills an agent needs (required).
    pub skills: Vec<String>,
    /// Skills an agent should preferably have: routing prefers agents with
    /// them but does not wait for one.
    #[serde(default)]
    pub preferred_skills: Vec<String>,
    /// The reply for `answer` and `clarify`, in the reply language.
    pub reply: Option<String>,
    /// Tags for the host app (e.g. `"vip"`, `"quality_review"`).
    pub tags: Vec<String>,
    /// A suggested script for the human agent who takes a `handoff` or
    /// `ticket`: an id such as `"soothing_opener"` that the host maps to
    /// its own text, or the text itself.
    #[serde(default)]
    pub script: Option<String>,
    /// Whether the session is locked (high-risk: no bot replies until a
    /// human releases it).
    pub locked: bool,
    /// The name of the rule that fired (`"default"` if none did).
    pub rule: String,
    /// Why: every rule evaluated up to and including the one that fired
    /// (a [`Trace`](crate::policy::Trace), rendered when read).
    pub trace: crate::policy::Trace,
}

/// A map of emotion name → score, for callers that want to iterate.
impl Emotions {
    /// The emotions as `(name, score)` pairs, in schema order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f32)> {
        [
            ("anger", self.anger),
            ("anxiety", self.anxiety),
            ("sadness", self.sadness),
            ("joy", self.joy),
            ("gratitude", self.gratitude),
        ]
        .into_iter()
    }

    /// The emotions as a sorted map.
    pub fn to_map(&self) -> BTreeMap<&'static str, f32> {
        self.iter().collect()
    }
}

//! Conversation memory: a host-owned [`Conversation`] that remembers the
//! customer turns of one conversation and derives the routing facts of the
//! next message ([`ConversationFacts`]).
//!
//! kefu keeps no state: the host stores the `Conversation` (it is plain
//! serde data, a few dozen bytes per turn) next to its session and passes it
//! to [`Bot::analyze_in`](crate::Bot::analyze_in), which fills
//! `context.conversation` from it, analyzes the message and records the turn.
//!
//! The facts, all derived in [`Conversation::facts_with`] (the only place
//! that computes them):
//!
//! * `turns` — customer turns before this one;
//! * `failed_bot_turns` — earlier customer turns the bot kept (decision
//!   `answer` or `clarify`) but could not help with: the intent was out of
//!   scope, or the FAQ had no answer and the bot had to ask the customer to
//!   rephrase (an `answer` without any reply becomes `clarify`). See
//!   [`bot_failed`];
//! * `previous_intents` — in-scope intents of earlier turns, oldest first;
//! * `same_intent_repeats` — how many customer turns directly before this
//!   one had the same (in-scope) intent as this one: 0 for a new topic, 2
//!   when the customer says the same thing for the third time in a row;
//! * `sentiment_trend` — rising anger: the number of consecutive increases
//!   of the anger emotion (each by at least [`ANGER_RISE`]) over the customer
//!   turns ending with this one. 0 when this message is not angrier than the
//!   previous one; `>= 2` means anger rose across the last three turns;
//! * `asked_for_human` — this turn or an earlier one asked for a human (the
//!   `asks_for_human` sentiment signal).
//!
//! Agent turns ([`Conversation::record_agent`]) are kept for transcripts;
//! they do not count as customer turns.
//!
//! ```
//! use kefu::conversation::Conversation;
//! let conv = Conversation::default();
//! let f = conv.facts();
//! assert_eq!(f.turns, Some(0));
//! assert_eq!(f.failed_bot_turns, Some(0));
//! ```

use serde::{Deserialize, Serialize};

use crate::analysis::{Action, Analysis, FaqStatus, IntentResult, SentimentResult};
use crate::context::ConversationFacts;

/// The smallest increase of the anger emotion (0..1) that counts as a rise
/// for `sentiment_trend`.
pub const ANGER_RISE: f32 = 0.05;

/// Who spoke a turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Speaker {
    /// The customer (analyzed by the bot).
    Customer,
    /// A human agent.
    Agent,
}

/// What is remembered of one turn: a summary, not the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// Who spoke.
    pub speaker: Speaker,
    /// The in-scope intent of a customer turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// Anger (0..1) of a customer turn.
    #[serde(default)]
    pub anger: f32,
    /// Whether a customer turn asked for a human.
    #[serde(default)]
    pub asked_for_human: bool,
    /// Whether the bot kept a customer turn and failed it ([`bot_failed`]).
    #[serde(default)]
    pub bot_failed: bool,
    /// The decision's action for a customer turn (`None` for agent turns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
}

/// The memory of one conversation, oldest turn first. Serialize it with
/// serde to keep it between messages.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Conversation {
    /// The turns so far.
    #[serde(default)]
    pub turns: Vec<Turn>,
}

/// Whether the bot kept this turn (`answer` or `clarify`) without being
/// able to help: the intent was out of scope (and the FAQ did not answer),
/// or the FAQ had no answer and the decision is `clarify` (no FAQ answer
/// and no intent response, or an ambiguous message).
pub fn bot_failed(a: &Analysis) -> bool {
    let kept = matches!(a.decision.action, Action::Answer | Action::Clarify);
    let no_faq = a.faq.status != FaqStatus::Answer;
    kept && no_faq
        && (a.intent.out_of_scope
            || (a.faq.status == FaqStatus::NoAnswer && a.decision.action == Action::Clarify))
}

fn asks_for_human(s: &SentimentResult) -> bool {
    s.signals.iter().any(|x| x == "asks_for_human")
}

fn in_scope_intent(i: &IntentResult) -> Option<&str> {
    if i.out_of_scope {
        None
    } else {
        i.top.as_deref()
    }
}

impl Conversation {
    /// A new, empty conversation.
    pub fn new() -> Conversation {
        Conversation::default()
    }

    /// The customer turns, oldest first.
    pub fn customer_turns(&self) -> impl Iterator<Item = &Turn> {
        self.turns.iter().filter(|t| t.speaker == Speaker::Customer)
    }

    /// Records an analyzed customer message.
    pub fn record(&mut self, analysis: &Analysis) {
        self.turns.push(Turn {
            speaker: Speaker::Customer,
            intent: in_scope_intent(&analysis.intent).map(str::to_string),
            anger: analysis.sentiment.emotions.anger,
            asked_for_human: asks_for_human(&analysis.sentiment),
            bot_failed: bot_failed(analysis),
            action: Some(analysis.decision.action),
        });
    }

    /// Records a human agent's turn.
    pub fn record_agent(&mut self) {
        self.turns.push(Turn {
            speaker: Speaker::Agent,
            intent: None,
            anger: 0.0,
            asked_for_human: false,
            bot_failed: false,
            action: None,
        });
    }

    /// The facts that do not depend on the next message: `turns`,
    /// `failed_bot_turns`, `previous_intents` and `asked_for_human` (earlier
    /// turns only). `same_intent_repeats` and `sentiment_trend` need the
    /// next message and are left missing; use [`Conversation::facts_with`].
    pub fn facts(&self) -> ConversationFacts {
        let mut f = self.base_facts();
        f.asked_for_human = Some(self.customer_turns().any(|t| t.asked_for_human));
        f
    }

    fn base_facts(&self) -> ConversationFacts {
        let mut turns = 0u32;
        let mut failed = 0u32;
        let mut previous = Vec::new();
        for t in self.customer_turns() {
            turns = turns.saturating_add(1);
            failed = failed.saturating_add(u32::from(t.bot_failed));
            if let Some(i) = &t.intent {
                previous.push(i.clone());
            }
        }
        ConversationFacts {
            turns: Some(turns),
            failed_bot_turns: Some(failed),
            previous_intents: previous,
            same_intent_repeats: None,
            sentiment_trend: None,
            asked_for_human: None,
        }
    }

    /// All facts for a message with this `intent` and `sentiment` (see the
    /// module docs for their definitions).
    pub fn facts_with(
        &self,
        intent: &IntentResult,
        sentiment: &SentimentResult,
    ) -> ConversationFacts {
        let mut f = self.base_facts();
        let customer: Vec<&Turn> = self.customer_turns().collect();
        let current = in_scope_intent(intent);
        let repeats = match current {
            None => 0,
            Some(c) => customer
                .iter()
                .rev()
                .take_while(|t| t.intent.as_deref() == Some(c))
                .count(),
        };
        f.same_intent_repeats = Some(u32::try_from(repeats).unwrap_or(u32::MAX));
        let mut rises = 0u32;
        let mut later = sentiment.emotions.anger;
        for t in customer.iter().rev() {
            if later - t.anger >= ANGER_RISE {
                rises += 1;
                later = t.anger;
            } else {
                break;
            }
        }
        f.sentiment_trend = Some(rises);
        f.asked_for_human =
            Some(asks_for_human(sentiment) || customer.iter().any(|t| t.asked_for_human));
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::*;

    fn analysis(intent: Option<&str>, anger: f32, action: Action, faq: FaqStatus) -> Analysis {
        Analysis {
            schema: SCHEMA_VERSION,
            language: LanguageResult {
                code: "en".into(),
                script: None,
                reply_language: "en".into(),
                confidence: 1.0,
                reliable: true,
                secondary: None,
            },
            intent: IntentResult {
                top: intent.map(str::to_string),
                confidence: 0.9,
                out_of_scope: intent.is_none(),
                ambiguous: false,
                oos_reason: intent.is_none().then(|| "below_threshold".to_string()),
                ranking: vec![],
            },
            faq: FaqResult {
                status: faq,
                hits: vec![],
            },
            sentiment: SentimentResult {
                score: -anger,
                label: SentimentLabel::Neutral,
                emotions: Emotions {
                    anger,
                    ..Emotions::default()
                },
                escalation: 0,
                signals: vec![],
            },
            entities: vec![],
            redacted_text: String::new(),
            decision: Decision {
                action,
                queue: None,
                priority: 0,
                skills: vec![],
                preferred_skills: vec![],
                reply: None,
                tags: vec![],
                script: None,
                locked: false,
                rule: "default".into(),
                trace: Default::default(),
            },
        }
    }

    #[test]
    fn empty_conversation_facts() {
        let c = Conversation::new();
        let f = c.facts();
        assert_eq!(f.turns, Some(0));
        assert_eq!(f.failed_bot_turns, Some(0));
        assert_eq!(f.asked_for_human, Some(false));
        assert_eq!(f.same_intent_repeats, None);
        assert_eq!(f.sentiment_trend, None);
        let a = analysis(Some("refund"), 0.0, Action::Answer, FaqStatus::Answer);
        let f = c.facts_with(&a.intent, &a.sentiment);
        assert_eq!(f.same_intent_repeats, Some(0));
        assert_eq!(f.sentiment_trend, Some(0));
    }

    #[test]
    fn failed_bot_turns_count_only_kept_failures() {
        let mut c = Conversation::new();
        // out of scope, bot clarified: failed
        c.record(&analysis(None, 0.0, Action::Clarify, FaqStatus::NoAnswer));
        // out of scope but handed off: the bot did not keep it
        c.record(&analysis(None, 0.0, Action::Handoff, FaqStatus::NoAnswer));
        // in scope, answered by the intent response (FAQ no answer): not failed
        c.record(&analysis(
            Some("refund"),
            0.0,
            Action::Answer,
            FaqStatus::NoAnswer,
        ));
        // in scope, FAQ no answer, bot had to ask to rephrase: failed
        c.record(&analysis(
            Some("refund"),
            0.0,
            Action::Clarify,
            FaqStatus::NoAnswer,
        ));
        // out of scope but the FAQ answered: not failed
        c.record(&analysis(None, 0.0, Action::Answer, FaqStatus::Answer));
        let f = c.facts();
        assert_eq!(f.turns, Some(5));
        assert_eq!(f.failed_bot_turns, Some(2));
        assert_eq!(f.previous_intents, vec!["refund", "refund"]);
    }

    #[test]
    fn agent_turns_are_not_customer_turns() {
        let mut c = Conversation::new();
        c.record(&analysis(
            Some("refund"),
            0.0,
            Action::Answer,
            FaqStatus::Answer,
        ));
        c.record_agent();
        assert_eq!(c.turns.len(), 2);
        assert_eq!(c.facts().turns, Some(1));
    }

    #[test]
    fn same_intent_repeats_counts_the_run_before_this_turn() {
        let mut c = Conversation::new();
        for i in ["order_status", "refund", "refund"] {
            c.record(&analysis(Some(i), 0.0, Action::Answer, FaqStatus::Answer));
        }
        let a = analysis(Some("refund"), 0.0, Action::Answer, FaqStatus::Answer);
        assert_eq!(
            c.facts_with(&a.intent, &a.sentiment).same_intent_repeats,
            Some(2)
        );
        let b = analysis(Some("order_status"), 0.0, Action::Answer, FaqStatus::Answer);
        assert_eq!(
            c.facts_with(&b.intent, &b.sentiment).same_intent_repeats,
            Some(0)
        );
        // out of scope never repeats
        let o = analysis(None, 0.0, Action::Answer, FaqStatus::Answer);
        assert_eq!(
            c.facts_with(&o.intent, &o.sentiment).same_intent_repeats,
            Some(0)
        );
    }

    #[test]
    fn sentiment_trend_counts_consecutive_rises_ending_now() {
        let mut c = Conversation::new();
        for anger in [0.5, 0.0, 0.2, 0.4] {
            c.record(&analysis(
                Some("x"),
                anger,
                Action::Answer,
                FaqStatus::Answer,
            ));
        }
        let t = |anger: f32| {
            let a = analysis(Some("x"), anger, Action::Answer, FaqStatus::Answer);
            c.facts_with(&a.intent, &a.sentiment).sentiment_trend
        };
        // 0.0 → 0.2 → 0.4 → 0.7: three rises (0.5 → 0.0 is a fall)
        assert_eq!(t(0.7), Some(3));
        // not angrier than the last turn: no trend
        assert_eq!(t(0.4), Some(0));
        assert_eq!(t(0.1), Some(0));
        // a rise smaller than ANGER_RISE does not count
        assert_eq!(t(0.42), Some(0));
    }

    #[test]
    fn asked_for_human_is_sticky() {
        let mut c = Conversation::new();
        let mut a = analysis(Some("x"), 0.0, Action::Answer, FaqStatus::Answer);
        assert_eq!(
            c.facts_with(&a.intent, &a.sentiment).asked_for_human,
            Some(false)
        );
        a.sentiment.signals.push("asks_for_human".into());
        assert_eq!(
            c.facts_with(&a.intent, &a.sentiment).asked_for_human,
            Some(true)
        );
        c.record(&a);
        let b = analysis(Some("x"), 0.0, Action::Answer, FaqStatus::Answer);
        assert_eq!(
            c.facts_with(&b.intent, &b.sentiment).asked_for_human,
            Some(true)
        );
        assert_eq!(c.facts().asked_for_human, Some(true));
    }

    #[test]
    fn conversation_round_trips_through_json() {
        let mut c = Conversation::new();
        c.record(&analysis(None, 0.3, Action::Clarify, FaqStatus::NoAnswer));
        c.record_agent();
        let json = serde_json::to_string(&c).unwrap();
        let back: Conversation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
        assert!(
            serde_json::from_str::<Conversation>(r#"{"turns":[{"speaker":"robot"}]}"#).is_err()
        );
    }
}

//! Transcript review: score a whole conversation and flag what a quality
//! reviewer should look at.
//!
//! A [`Transcript`] is a list of turns marked `customer` or `agent`, with
//! optional RFC 3339 timestamps. [`Bot::review`] analyzes the customer turns
//! in order through a [`Conversation`] (so conversation facts apply) and
//! returns a [`TranscriptReview`] with these [`FlagKind`]s:
//!
//! * `negative_final_sentiment` — the customer's last turn is negative;
//! * `unhandled_escalation` — a customer turn with escalation level ≥ 2 or
//!   that asked for a human (`asks_for_human`), and no agent turn after it
//!   (the bot's own routing decision is not used: in a transcript with human
//!   agents it says little);
//! * `unanswered_question` — a customer turn with a question mark (`?`,
//!   `？`) followed by another customer turn or the end, with no agent turn
//!   in between;
//! * `forbidden_phrase` — an agent turn containing a phrase of
//!   [`ReviewConfig::forbidden_phrases`] (case-insensitive);
//! * `missing_required_phrase` — a phrase of
//!   [`ReviewConfig::required_phrases`] that no agent turn contains (only
//!   checked when the agent spoke);
//! * `long_gap` — the customer waited longer than
//!   [`ReviewConfig::max_gap_minutes`] between a customer turn and the
//!   next turn (both timestamped).
//!
//! The score starts at 100 and loses [`FlagKind::penalty`] per flag
//! (floored at 0).

use serde::{Deserialize, Serialize};

use crate::analysis::SentimentLabel;
use crate::context::{Context, Message};
use crate::conversation::{Conversation, Speaker};
use crate::error::{Error, Result};
use crate::Bot;

/// One turn of a transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptTurn {
    /// `customer` or `agent`.
    pub speaker: Speaker,
    /// What was said.
    pub text: String,
    /// When (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<jiff::Timestamp>,
}

/// A whole conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    /// The host's id of the conversation.
    #[serde(default)]
    pub id: Option<String>,
    /// Context used for every customer turn (`now` defaults to the turn's
    /// time).
    #[serde(default)]
    pub context: Context,
    /// The turns, in order.
    pub turns: Vec<TranscriptTurn>,
}

/// What is checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// Phrases an agent must never say.
    #[serde(default)]
    pub forbidden_phrases: Vec<String>,
    /// Phrases some agent turn must contain (a greeting, a closing).
    #[serde(default)]
    pub required_phrases: Vec<String>,
    /// Longest acceptable wait of the customer, in minutes.
    #[serde(default = "default_gap")]
    pub max_gap_minutes: f64,
}

fn default_gap() -> f64 {
    15.0
}

impl Default for ReviewConfig {
    fn default() -> ReviewConfig {
        ReviewConfig {
            forbidden_phrases: Vec::new(),
            required_phrases: Vec::new(),
            max_gap_minutes: default_gap(),
        }
    }
}

/// Kinds of review flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The customer's last turn is negative.
    NegativeFinalSentiment,
    /// An escalation no agent took up.
    UnhandledEscalation,
    /// A customer question nobody answered.
    UnansweredQuestion,
    /// An agent said a forbidden phrase.
    ForbiddenPhrase,
    /// No agent said a required phrase.
    MissingRequiredPhrase,
    /// The customer waited too long.
    LongGap,
}

impl FlagKind {
    /// Points taken off the score per flag.
    pub fn penalty(self) -> u32 {
        match self {
            FlagKind::NegativeFinalSentiment => 15,
            FlagKind::UnhandledEscalation => 30,
            FlagKind::UnansweredQuestion => 10,
            FlagKind::ForbiddenPhrase => 20,
            FlagKind::MissingRequiredPhrase => 10,
            FlagKind::LongGap => 10,
        }
    }
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flag {
    /// What was found.
    pub kind: FlagKind,
    /// The turn it concerns (1-based), if one.
    pub turn: Option<usize>,
    /// Human-readable detail.
    pub detail: String,
}

/// The review of one transcript.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptReview {
    /// The transcript's id.
    pub id: Option<String>,
    /// 0..=100, higher is better.
    pub score: u32,
    /// Customer turns.
    pub customer_turns: usize,
    /// Agent turns.
    pub agent_turns: usize,
    /// Sentiment label of the customer's last turn.
    pub final_sentiment: Option<SentimentLabel>,
    /// Sentiment score of the customer's last turn.
    pub final_sentiment_score: Option<f32>,
    /// The findings, in turn order.
    pub flags: Vec<Flag>,
}

fn contains_ci(haystack: &str, needle: &str) -> bool {
    !needle.trim().is_empty() && haystack.to_lowercase().contains(&needle.to_lowercase())
}

impl Bot {
    /// Reviews one transcript (see the [module docs](crate::review)). A
    /// transcript without turns, or with a non-positive gap limit, is an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error; customer
    /// turns are checked like [`Bot::try_analyze`].
    pub fn review(&self, t: &Transcript, config: &ReviewConfig) -> Result<TranscriptReview> {
        if t.turns.is_empty() {
            return Err(Error::invalid_input("transcript: no turns"));
        }
        if config.max_gap_minutes.is_nan() || config.max_gap_minutes <= 0.0 {
            return Err(Error::invalid_input(
                "review config: max_gap_minutes must be positive",
            ));
        }
        let mut conv = Conversation::new();
        let mut flags = Vec::new();
        let mut final_sent = None;
        // Customer turns waiting for an agent: (turn, escalated, question).
        let mut pending: Vec<(usize, bool, bool)> = Vec::new();
        let (mut customer_turns, mut agent_turns) = (0, 0);
        for (i, turn) in t.turns.iter().enumerate() {
            let n = i + 1;
            match turn.speaker {
                Speaker::Customer => {
                    customer_turns += 1;
                    let mut ctx = t.context.clone();
                    if turn.time.is_some() {
                        ctx.now = turn.time;
                    }
                    let a = self
                        .try_analyze_in(&mut conv, &Message::with_context(turn.text.clone(), ctx))
                        .map_err(|e| e.context(format!("turn {n}")))?;
                    let escalated = a.sentiment.escalation >= 2
                        || a.sentiment.signals.iter().any(|s| s == "asks_for_human");
                    let question = turn.text.contains('?') || turn.text.contains('？');
                    // A question followed by another customer turn is unanswered.
                    for &(p, _, q) in &pending {
                        if q {
                            flags.push(Flag {
                                kind: FlagKind::UnansweredQuestion,
                                turn: Some(p),
                                detail: "no agent reply before the customer wrote again".into(),
                            });
                        }
                    }
                    pending.retain(|p| p.1);
                    for p in &mut pending {
                        p.2 = false;
                    }
                    pending.push((n, escalated, question));
                    final_sent = Some((a.sentiment.label, a.sentiment.score, n));
                }
                Speaker::Agent => {
                    agent_turns += 1;
                    conv.record_agent();
                    pending.clear();
                    for p in &config.forbidden_phrases {
                        if contains_ci(&turn.text, p) {
                            flags.push(Flag {
                                kind: FlagKind::ForbiddenPhrase,
                                turn: Some(n),
                                detail: format!("agent said `{p}`"),
                            });
                        }
                    }
                }
            }
            if let (Some(next), Speaker::Customer) = (t.turns.get(i + 1), turn.speaker) {
                if let (Some(a), Some(b)) = (turn.time, next.time) {
                    let minutes = (b.as_second() - a.as_second()) as f64 / 60.0;
                    if minutes > config.max_gap_minutes {
                        flags.push(Flag {
                            kind: FlagKind::LongGap,
                            turn: Some(n + 1),
                            detail: format!(
                                "the customer waited {minutes:.0} min (limit {:.0})",
                                config.max_gap_minutes
                            ),
                        });
                    }
                }
            }
        }
        for &(p, escalated, question) in &pending {
            if escalated {
                flags.push(Flag {
                    kind: FlagKind::UnhandledEscalation,
                    turn: Some(p),
                    detail: "escalated, and no agent turn followed".into(),
                });
            }
            if question {
                flags.push(Flag {
                    kind: FlagKind::UnansweredQuestion,
                    turn: Some(p),
                    detail: "the transcript ends without an agent reply".into(),
                });
            }
        }
        if agent_turns > 0 {
            for p in &config.required_phrases {
                let said = t
                    .turns
                    .iter()
                    .any(|x| x.speaker == Speaker::Agent && contains_ci(&x.text, p));
                if !said {
                    flags.push(Flag {
                        kind: FlagKind::MissingRequiredPhrase,
                        turn: None,
                        detail: format!("no agent said `{p}`"),
                    });
                }
            }
        }
        if let Some((SentimentLabel::Negative, score, n)) = final_sent {
            flags.push(Flag {
                kind: FlagKind::NegativeFinalSentiment,
                turn: Some(n),
                detail: format!("the customer's last turn is negative ({score:+.2})"),
            });
        }
        flags.sort_by_key(|f| (f.turn.unwrap_or(usize::MAX), f.kind));
        let penalty: u32 = flags.iter().map(|f| f.kind.penalty()).sum();
        Ok(TranscriptReview {
            id: t.id.clone(),
            score: 100u32.saturating_sub(penalty),
            customer_turns,
            agent_turns,
            final_sentiment: final_sent.map(|f| f.0),
            final_sentiment_score: final_sent.map(|f| f.1),
            flags,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BotDefinition, TrainOptions};

    fn bot() -> Bot {
        let def = BotDefinition::from_json(
            r#"{"languages":["en"],"intents":{
            "order_status":{"examples":{"en":["where is my order","track my parcel","has my package shipped"]}},
            "refund":{"examples":{"en":["i want a refund","give me my money back","return this for a refund"]}}}}"#,
        )
        .unwrap();
        Bot::train(&def, &TrainOptions::default()).unwrap()
    }

    fn tr(turns: &[(&str, &str, Option<&str>)]) -> Transcript {
        Transcript {
            id: Some("t".into()),
            context: Context::default(),
            turns: turns
                .iter()
                .map(|(s, text, time)| TranscriptTurn {
                    speaker: if *s == "c" {
                        Speaker::Customer
                    } else {
                        Speaker::Agent
                    },
                    text: text.to_string(),
                    time: time.map(|t| t.parse().unwrap()),
                })
                .collect(),
        }
    }

    fn kinds(r: &TranscriptReview) -> Vec<FlagKind> {
        r.flags.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn a_good_conversation_scores_100() {
        let cfg = ReviewConfig {
            required_phrases: vec!["thank you for contacting".into()],
            forbidden_phrases: vec!["calm down".into()],
            ..ReviewConfig::default()
        };
        let r = bot()
            .review(
                &tr(&[
                    ("c", "where is my order?", Some("2026-11-20T10:00:00Z")),
                    (
                        "a",
                        "Thank you for contacting us, it ships today.",
                        Some("2026-11-20T10:02:00Z"),
                    ),
                    ("c", "great, thanks a lot!", Some("2026-11-20T10:03:00Z")),
                ]),
                &cfg,
            )
            .unwrap();
        assert_eq!(r.flags, vec![], "{r:?}");
        assert_eq!(r.score, 100);
        assert_eq!((r.customer_turns, r.agent_turns), (2, 1));
        assert_eq!(r.final_sentiment, Some(SentimentLabel::Positive));
    }

    #[test]
    fn flags_every_kind() {
        let cfg = ReviewConfig {
            required_phrases: vec!["thank you for contacting".into()],
            forbidden_phrases: vec!["calm down".into()],
            max_gap_minutes: 10.0,
        };
        let r = bot()
            .review(
                &tr(&[
                    ("c", "where is my order?", Some("2026-11-20T10:00:00Z")),
                    ("c", "hello??", Some("2026-11-20T10:05:00Z")),
                    (
                        "a",
                        "CALM DOWN please, it is coming.",
                        Some("2026-11-20T10:40:00Z"),
                    ),
                    (
                        "c",
                        "This is a disgrace, I am furious and I want to speak to a manager now!",
                        None,
                    ),
                ]),
                &cfg,
            )
            .unwrap();
        let k = kinds(&r);
        assert!(k.contains(&FlagKind::UnansweredQuestion), "{r:?}");
        assert_eq!(r.flags[0].turn, Some(1));
        assert!(k.contains(&FlagKind::LongGap), "{r:?}");
        assert!(k.contains(&FlagKind::ForbiddenPhrase), "{r:?}");
        assert!(k.contains(&FlagKind::MissingRequiredPhrase), "{r:?}");
        assert!(k.contains(&FlagKind::UnhandledEscalation), "{r:?}");
        assert!(k.contains(&FlagKind::NegativeFinalSentiment), "{r:?}");
        let gap = r
            .flags
            .iter()
            .find(|f| f.kind == FlagKind::LongGap)
            .unwrap();
        assert_eq!(gap.turn, Some(3));
        // 100 - (10 + 10 + 20 + 10 + 30 + 15)
        assert_eq!(r.score, 5);
    }

    #[test]
    fn bad_transcripts_are_typed_errors() {
        let b = bot();
        let e = b.review(&tr(&[]), &ReviewConfig::default()).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        let cfg = ReviewConfig {
            max_gap_minutes: 0.0,
            ..ReviewConfig::default()
        };
        assert!(b.review(&tr(&[("c", "hi", None)]), &cfg).is_err());
        let long = "a".repeat(crate::limits::MAX_MESSAGE_BYTES + 1);
        let e = b
            .review(&tr(&[("c", &long, None)]), &ReviewConfig::default())
            .unwrap_err();
        assert!(e.to_string().contains("turn 1"), "{e}");
        assert!(
            serde_json::from_str::<Transcript>(r#"{"turns":[{"speaker":"bot","text":"x"}]}"#)
                .is_err()
        );
    }
}

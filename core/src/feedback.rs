//! The feedback loop: corrections from agents or customers go back into the
//! bot through the incremental learner.
//!
//! A [`FeedbackItem`] is either a message with its correct intent
//! (`{"text": …, "intent": …}`) or a message that an FAQ entry answered
//! (`{"text": …, "faq": "entry id"}`). [`Bot::with_feedback`] returns a new
//! bot:
//!
//! * intent corrections are added to the intent's examples and learned with
//!   [`IntentClassifier::learn_corrections`]: a warm-started update that
//!   replays every example once at the learning rate a full run ends with
//!   and then divides the logits by a temperature that gives the replayed
//!   examples back the confidence they had (so that the stored out-of-scope
//!   threshold keeps its meaning), then, while some corrections are still
//!   misclassified by the new model, up to [`FeedbackOptions::max_rounds`]
//!   further update rounds in which only those are repeated. The check reads
//!   the corrections themselves, never held-out data;
//! * FAQ items become alternate questions of their entry
//!   ([`Bot::with_faq_questions`]).
//!
//! The language of an example is the item's `language`, else the bot
//! language the message is detected as.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bot::{Bot, TrainOptions};
use crate::error::{did_you_mean, Error, Result};
use crate::intent::{Example, IntentClassifier, IntentOptions};

/// One correction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackItem {
    /// The customer's message.
    pub text: String,
    /// Its correct intent (exactly one of `intent` and `faq`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// The FAQ entry that answers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<String>,
    /// The bot language tag of the text (default: detected).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl FeedbackItem {
    /// A message with its correct intent.
    pub fn intent(text: impl Into<String>, intent: impl Into<String>) -> FeedbackItem {
        FeedbackItem {
            text: text.into(),
            intent: Some(intent.into()),
            faq: None,
            language: None,
        }
    }

    /// A message that FAQ entry `faq` answers.
    pub fn faq(text: impl Into<String>, faq: impl Into<String>) -> FeedbackItem {
        FeedbackItem {
            text: text.into(),
            intent: None,
            faq: Some(faq.into()),
            language: None,
        }
    }
}

/// How feedback is applied.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedbackOptions {
    /// Training options (the seed and the intent options of the update).
    pub train: TrainOptions,
    /// Extra update rounds for corrections the first update did not fix.
    pub max_rounds: u32,
    /// How often a still-wrong correction is repeated in an extra round.
    pub repeat: usize,
}

impl Default for FeedbackOptions {
    fn default() -> FeedbackOptions {
        FeedbackOptions {
            train: TrainOptions::default(),
            // Chosen on CLINC150's validation split (corrections from its
            // errors, accuracy on the rest of it), never on the test split:
            // gentle repeats with more rounds drift least.
            max_rounds: 6,
            repeat: 1,
        }
    }
}

/// What [`Bot::with_feedback`] did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FeedbackSummary {
    /// Intent corrections added.
    pub intent_examples: usize,
    /// FAQ alternate questions added.
    pub faq_questions: usize,
    /// Update rounds run (0 without intent corrections).
    pub rounds: u32,
    /// Intent corrections the new model still gets wrong.
    pub still_wrong: Vec<String>,
}

/// Corrections the model does not (yet) predict right.
fn wrong<'a>(model: &IntentClassifier, corrections: &'a [Example]) -> Vec<&'a Example> {
    corrections
        .iter()
        .filter(|e| {
            let p = model.predict(&e.text);
            p.out_of_scope || p.best != e.label
        })
        .collect()
}

impl IntentClassifier {
    /// Learns `corrections` (already included in `all`, the full training
    /// set): one warm-started update (like
    /// [`update`](IntentClassifier::update), but replaying every old
    /// example once at the final learning rate of a full run, which moved
    /// the rest of CLINC150's valid split least), then up to
    /// `max_rounds` more from the new model in which the corrections it
    /// still gets wrong are repeated `repeat` extra times. Returns the model
    /// and the number of rounds run.
    pub fn learn_corrections(
        &self,
        all: &[Example],
        corrections: &[Example],
        opts: &IntentOptions,
        max_rounds: u32,
        repeat: usize,
    ) -> Result<(IntentClassifier, u32)> {
        let plan = crate::intent::UpdatePlan::feedback(opts);
        let mut model = self.update_with(all, corrections, opts, &plan)?;
        let mut rounds = 1;
        while rounds <= max_rounds {
            let still = wrong(&model, corrections);
            if still.is_empty() {
                break;
            }
            let mut extra: Vec<Example> = Vec::with_capacity(still.len() * repeat);
            for _ in 0..repeat.max(1) {
                extra.extend(still.iter().map(|e| (*e).clone()));
            }
            model = model.update_with(all, &extra, opts, &plan)?;
            rounds += 1;
        }
        Ok((model, rounds))
    }
}

impl Bot {
    /// A new bot that has learned `items` (see the [module
    /// docs](crate::feedback)). Unknown intents or FAQ ids, and items with
    /// both or neither of `intent` and `faq`, are
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) errors naming the
    /// item.
    pub fn with_feedback(
        &self,
        items: &[FeedbackItem],
        opts: &FeedbackOptions,
    ) -> Result<(Bot, FeedbackSummary)> {
        let intents: Vec<&str> = self
            .intent_classifier()
            .labels()
            .iter()
            .map(String::as_str)
            .collect();
        let faq_ids: Vec<&str> = self.faq_index().ids().collect();
        let mut additions: Vec<(String, String, String)> = Vec::new();
        let mut faq: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for (n, it) in items.iter().enumerate() {
            let at = |m: String| Error::invalid_input(format!("feedback item {}: {m}", n + 1));
            if it.text.trim().is_empty() {
                return Err(at("empty `text`".into()));
            }
            let language = match &it.language {
                Some(l) => l.clone(),
                None => {
                    let det = self.language_detector().detect(&it.text);
                    self.language_detector().reply_language(&det, None)
                }
            };
            match (&it.intent, &it.faq) {
                (Some(i), None) => {
                    if !intents.contains(&i.as_str()) {
                        return Err(at(format!(
                            "unknown intent `{i}`{}",
                            did_you_mean(i, intents.iter().copied())
                        )));
                    }
                    additions.push((i.clone(), language, it.text.clone()));
                }
                (None, Some(f)) => {
                    if !faq_ids.contains(&f.as_str()) {
                        return Err(at(format!(
                            "unknown FAQ entry `{f}`{}",
                            did_you_mean(f, faq_ids.iter().copied())
                        )));
                    }
                    faq.entry((f.clone(), language))
                        .or_default()
                        .push(it.text.clone());
                }
                _ => return Err(at("needs exactly one of `intent` and `faq`".into())),
            }
        }
        let mut summary = FeedbackSummary {
            intent_examples: additions.len(),
            faq_questions: faq.values().map(Vec::len).sum(),
            ..FeedbackSummary::default()
        };
        let mut bot = self.clone();
        if !additions.is_empty() {
            let (b, rounds, still) = bot.learn_intent_examples(&additions, opts)?;
            bot = b;
            summary.rounds = rounds;
            summary.still_wrong = still;
        }
        for ((id, lang), questions) in &faq {
            bot = bot.with_faq_questions(id, lang, questions)?;
        }
        Ok((bot, summary))
    }

    fn learn_intent_examples(
        &self,
        additions: &[(String, String, String)],
        opts: &FeedbackOptions,
    ) -> Result<(Bot, u32, Vec<String>)> {
        let corrections: Vec<Example> = additions
            .iter()
            .map(|(i, _, t)| Example::new(t.clone(), i.clone()))
            .collect();
        let mut rounds = 0;
        let bot = self.with_intent_examples_by(additions, &opts.train, |old, all, new, o| {
            let (m, r) = old.learn_corrections(all, new, o, opts.max_rounds, opts.repeat)?;
            rounds = r;
            Ok(m)
        })?;
        let still = wrong(bot.intent_classifier(), &corrections)
            .into_iter()
            .map(|e| e.text.clone())
            .collect();
        Ok((bot, rounds, still))
    }
}

/// Share (0..1) of `examples` whose predicted intent (`oos` when out of
/// scope) equals the label; 0 for no examples.
pub fn intent_accuracy(model: &IntentClassifier, examples: &[Example]) -> f64 {
    if examples.is_empty() {
        return 0.0;
    }
    let ok = examples
        .iter()
        .filter(|e| {
            let p = model.predict(&e.text);
            let pred = if p.out_of_scope {
                crate::intent::OOS_LABEL
            } else {
                p.best.as_str()
            };
            pred == e.label
        })
        .count();
    ok as f64 / examples.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BotDefinition;

    fn bot() -> Bot {
        let def = BotDefinition::from_json(
            r#"{"languages":["en"],"intents":{
            "order_status":{"examples":{"en":["where is my order","track my parcel","has my package shipped","when will my order arrive"]}},
            "refund":{"examples":{"en":["i want a refund","give me my money back","return this item for a refund","how do I get refunded"]}},
            "cancel":{"examples":{"en":["cancel my order","stop the order please","i no longer want it, cancel"]}}},
            "faq":[{"id":"gift-cards","questions":{"en":["do you sell gift cards"]},"answer":{"en":"Yes, in the shop."}}]}"#,
        )
        .unwrap();
        Bot::train(&def, &TrainOptions::default()).unwrap()
    }

    #[test]
    fn intent_feedback_fixes_the_corrected_message() {
        let b = bot();
        let text = "the courier never rang my bell";
        let items = vec![FeedbackItem::intent(text, "order_status")];
        let (nb, s) = b
            .with_feedback(&items, &FeedbackOptions::default())
            .unwrap();
        assert_eq!(s.intent_examples, 1);
        assert!(s.rounds >= 1);
        assert!(s.still_wrong.is_empty(), "{s:?}");
        let p = nb.intent_classifier().predict(text);
        assert_eq!(p.best, "order_status");
        assert!(!p.out_of_scope);
        // the old bot is unchanged and still knows its examples
        assert_eq!(
            nb.intent_classifier().predict("i want a refund").best,
            "refund"
        );
        assert!(nb
            .definition()
            .intents
            .get("order_status")
            .unwrap()
            .examples["en"]
            .contains(&text.to_string()));
        assert!(
            !b.definition().intents.get("order_status").unwrap().examples["en"]
                .contains(&text.to_string())
        );
    }

    #[test]
    fn faq_feedback_adds_an_alternate_question() {
        let b = bot();
        let items = vec![FeedbackItem::faq(
            "can I buy a voucher for a friend",
            "gift-cards",
        )];
        let (nb, s) = b
            .with_feedback(&items, &FeedbackOptions::default())
            .unwrap();
        assert_eq!((s.faq_questions, s.intent_examples, s.rounds), (1, 0, 0));
        let r = nb
            .faq_index()
            .search("can I buy a voucher for a friend", "en");
        assert_eq!(r.hits.first().map(|h| h.id.as_str()), Some("gift-cards"));
    }

    #[test]
    fn bad_feedback_is_a_typed_error() {
        let b = bot();
        let o = FeedbackOptions::default();
        let e = b
            .with_feedback(&[FeedbackItem::intent("x", "refnd")], &o)
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
        assert!(
            e.to_string().contains("item 1") && e.to_string().contains("refund"),
            "{e}"
        );
        let e = b
            .with_feedback(&[FeedbackItem::faq("x", "nope")], &o)
            .unwrap_err();
        assert!(e.to_string().contains("unknown FAQ entry"), "{e}");
        let both = FeedbackItem {
            faq: Some("gift-cards".into()),
            ..FeedbackItem::intent("x", "refund")
        };
        assert!(b.with_feedback(&[both], &o).is_err());
        assert!(b
            .with_feedback(&[FeedbackItem::intent("  ", "refund")], &o)
            .is_err());
        assert!(serde_json::from_str::<FeedbackItem>(r#"{"text":"a","label":"b"}"#).is_err());
    }

    #[test]
    fn accuracy_counts_oos_predictions() {
        let b = bot();
        let m = b.intent_classifier();
        let ex = vec![
            Example::new("where is my order", "order_status"),
            Example::new("give me my money back", "cancel"),
        ];
        assert!((intent_accuracy(m, &ex) - 0.5).abs() < 1e-9);
        assert_eq!(intent_accuracy(m, &[]), 0.0);
    }
}

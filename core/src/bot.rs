//! [`Bot`]: composes the capabilities into one [`Analysis`].
//!
//! The bot owns nothing clever of its own: it asks each capability for its
//! part, lets the [`Policy`] decide, and fills the decision's reply from the
//! FAQ answer, the intent's response, or a built-in prompt in the reply
//! language (see [`crate::replies`]).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analysis::{
    Action, Analysis, ClauseTrace, FaqStatus, LanguageResult, TraceStep, SCHEMA_VERSION,
};
use crate::bundle;
use crate::context::Message;
use crate::conversation::Conversation;
use crate::definition::BotDefinition;
use crate::entities::EntityExtractor;
use crate::error::{Error, Result};
use crate::faq::{FaqIndex, FaqOptions, FaqParts, Synonyms};
use crate::intent::{Example, IntentClassifier, IntentOptions, OOS_LABEL};
use crate::lang::{Booster, LanguageDetector};
use crate::policy::{Facts, Policy, PolicySchema, DEFAULT_POLICY};
use crate::replies;
use crate::sentiment::SentimentScorer;
use crate::text;

/// Options of [`Bot::train`].
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Seed of every random choice. Same definition + same seed ⇒
    /// byte-identical bundle.
    pub seed: u64,
    /// Intent classifier options (its `seed` is replaced by `seed`).
    pub intent: IntentOptions,
    /// FAQ decision thresholds.
    pub faq: FaqOptions,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 42,
            intent: IntentOptions::default(),
            faq: FaqOptions::default(),
        }
    }
}

impl TrainOptions {
    /// Default options with another seed.
    pub fn with_seed(seed: u64) -> TrainOptions {
        TrainOptions {
            seed,
            ..TrainOptions::default()
        }
    }
}

/// The components that are built, not learned, from a definition.
pub(crate) struct Components {
    sentiment: SentimentScorer,
    entities: EntityExtractor,
    policy: Policy,
}

/// Builds (and thereby validates) the non-learned components.
pub(crate) fn build_components(def: &BotDefinition) -> Result<Components> {
    let sentiment = SentimentScorer::new(&def.sentiment)?;
    let entities = EntityExtractor::new(&def.entities)?;
    let schema = PolicySchema {
        intents: def.intents.keys().map(String::from).collect(),
        faq_ids: def.faq.iter().map(|e| e.id.clone()).collect(),
        entity_kinds: entities.kinds().map(String::from).collect(),
        attributes: def.context.attributes.clone(),
    };
    let source = def
        .policy
        .as_ref()
        .and_then(|p| p.source.as_deref())
        .unwrap_or(DEFAULT_POLICY);
    let policy = Policy::parse(source, &schema)?;
    Ok(Components {
        sentiment,
        entities,
        policy,
    })
}

/// What the bundle stores. The definition travels as canonical JSON, so
/// that incremental training can start from it and so that optional fields
/// stay readable across versions.
#[derive(Serialize, Deserialize)]
struct Payload {
    definition_json: String,
    seed: u64,
    intent: IntentClassifier,
    faq: FaqParts,
    booster: Booster,
}

struct Inner {
    def: BotDefinition,
    seed: u64,
    lang: LanguageDetector,
    intent: IntentClassifier,
    faq: FaqIndex,
    parts: Components,
}

/// A trained bot: immutable, `Send + Sync`, cheap to clone (an `Arc`
/// inside). See the [crate docs](crate) for an example.
#[derive(Clone)]
pub struct Bot(Arc<Inner>);

impl std::fmt::Debug for Bot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bot")
            .field("name", &self.0.def.name)
            .field("languages", &self.0.def.languages)
            .field("intents", &self.0.intent.labels().len())
            .field("faq", &self.0.faq.len())
            .finish()
    }
}

/// The training examples of a definition, `oos` included.
fn examples(def: &BotDefinition) -> Vec<Example> {
    let mut out = Vec::new();
    for (name, intent) in def.intents.iter() {
        for texts in intent.examples.values() {
            for t in texts {
                out.push(Example::new(t.clone(), name.clone()));
            }
        }
    }
    out
}

/// The FAQ index of a definition, calibrated on its `oos` examples.
/// Looks the words of the intent examples up in the FAQ index once, so
/// that messages with them skip its stemmers and typo search (the results
/// are the same; the table is rebuilt on load, never serialized).
fn learn_customer_words(faq: &mut FaqIndex, def: &BotDefinition) {
    faq.learn_query_words(
        def.intents
            .iter()
            .flat_map(|(_, i)| i.examples.values().flatten())
            .map(String::as_str),
    );
}

fn build_faq(def: &BotDefinition, opts: &FaqOptions) -> Result<FaqIndex> {
    let synonyms = Synonyms::new(&def.synonyms)?;
    let mut faq = FaqIndex::build_with_synonyms(&def.faq, def.default_language(), opts, &synonyms)?;
    learn_customer_words(&mut faq, def);
    // The bot's explicit out-of-scope examples calibrate answerability.
    if let Some(oos) = def.intents.get(OOS_LABEL) {
        let negatives: Vec<String> = oos.examples.values().flatten().cloned().collect();
        faq.calibrate(&negatives);
    }
    Ok(faq)
}

fn booster(def: &BotDefinition) -> Booster {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (_, intent) in def.intents.iter() {
        for (tag, texts) in &intent.examples {
            pairs.extend(texts.iter().map(|t| (tag.as_str(), t.as_str())));
        }
    }
    for e in &def.faq {
        for (tag, qs) in &e.questions {
            pairs.extend(qs.iter().map(|t| (tag.as_str(), t.as_str())));
        }
    }
    Booster::train(pairs)
}

impl Bot {
    /// Validates `def` and trains every capability. Deterministic for
    /// `opts.seed`.
    pub fn train(def: &BotDefinition, opts: &TrainOptions) -> Result<Bot> {
        crate::validate::validate_structure(def)?;
        let parts = build_components(def)?;
        let intent_opts = IntentOptions {
            seed: opts.seed,
            ..opts.intent.clone()
        };
        let intent = IntentClassifier::train(&examples(def), None, &intent_opts)?;
        let faq = build_faq(def, &opts.faq)?;
        let lang = LanguageDetector::with_booster(&def.languages, booster(def));
        Ok(Bot(Arc::new(Inner {
            def: def.clone(),
            seed: opts.seed,
            lang,
            intent,
            faq,
            parts,
        })))
    }

    /// A new bot whose FAQ entry `faq_id` has `questions` (in `language`)
    /// as extra alternate questions — how an accepted
    /// [`GapCluster`](crate::faq::GapCluster) goes back into the bot. The
    /// intent model is kept; the FAQ index is rebuilt.
    pub fn with_faq_questions(
        &self,
        faq_id: &str,
        language: &str,
        questions: &[String],
    ) -> Result<Bot> {
        let mut def = self.0.def.clone();
        let ids: Vec<String> = def.faq.iter().map(|e| e.id.clone()).collect();
        let Some(entry) = def.faq.iter_mut().find(|e| e.id == faq_id) else {
            return Err(Error::invalid_input(format!(
                "faq: no entry `{faq_id}`{}",
                crate::error::did_you_mean(faq_id, ids.iter().map(String::as_str))
            )));
        };
        let list = entry.questions.entry(language.to_string()).or_default();
        for q in questions {
            if !list.contains(q) {
                list.push(q.clone());
            }
        }
        crate::validate::validate_structure(&def)?;
        let faq = build_faq(&def, self.0.faq.options())?;
        let lang = LanguageDetector::with_booster(&def.languages, booster(&def));
        let parts = build_components(&def)?;
        Ok(Bot(Arc::new(Inner {
            def,
            seed: self.0.seed,
            lang,
            intent: self.0.intent.clone(),
            faq,
            parts,
        })))
    }

    /// Incremental learning: a new bot with extra intent examples
    /// (`(intent, language, text)`, possibly for new intents), trained with
    /// [`IntentClassifier::update`] from this bot's model instead of from
    /// scratch. The bot itself is unchanged.
    pub fn with_intent_examples(
        &self,
        additions: &[(String, String, String)],
        opts: &TrainOptions,
    ) -> Result<Bot> {
        self.with_intent_examples_by(additions, opts, |old, all, new, o| old.update(all, new, o))
    }

    /// [`Bot::with_intent_examples`] with the learner given: `learn(old
    /// model, all examples, new examples, options)`.
    pub(crate) fn with_intent_examples_by(
        &self,
        additions: &[(String, String, String)],
        opts: &TrainOptions,
        mut learn: impl FnMut(
            &IntentClassifier,
            &[Example],
            &[Example],
            &IntentOptions,
        ) -> Result<IntentClassifier>,
    ) -> Result<Bot> {
        let mut def = self.0.def.clone();
        let mut new = Vec::with_capacity(additions.len());
        for (intent, lang, text) in additions {
            let mut entry = def.intents.get(intent).cloned().unwrap_or_default();
            entry
                .examples
                .entry(lang.clone())
                .or_default()
                .push(text.clone());
            def.intents.insert(intent.clone(), entry);
            new.push(Example::new(text.clone(), intent.clone()));
        }
        crate::validate::validate_structure(&def)?;
        let parts = build_components(&def)?;
        let intent_opts = IntentOptions {
            seed: self.0.seed,
            ..opts.intent.clone()
        };
        let intent = learn(&self.0.intent, &examples(&def), &new, &intent_opts)?;
        let lang = LanguageDetector::with_booster(&def.languages, booster(&def));
        Ok(Bot(Arc::new(Inner {
            def,
            seed: self.0.seed,
            lang,
            intent,
            faq: self.0.faq.clone(),
            parts,
        })))
    }

    /// The versioned binary bundle (see [`crate::bundle`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let inner = &self.0;
        let payload = Payload {
            definition_json: serde_json::to_string(&inner.def).unwrap_or_default(),
            seed: inner.seed,
            intent: inner.intent.clone(),
            faq: inner.faq.to_parts(),
            booster: inner.lang.booster().clone(),
        };
        // Serializing plain data into a Vec cannot fail.
        let bytes = postcard::to_allocvec(&payload).unwrap_or_default();
        bundle::encode(&bytes)
    }

    /// Loads a bundle. Never panics; every defect is a typed
    /// [`ErrorKind::Bundle`](crate::ErrorKind::Bundle) error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Bot> {
        let (_, payload) = bundle::decode(bytes)?;
        let p: Payload = postcard::from_bytes(payload).map_err(|e| {
            Error::bundle(format!("bundle payload is corrupt (checksum matched): {e}"))
        })?;
        let def: BotDefinition = serde_json::from_str(&p.definition_json).map_err(|e| {
            Error::bundle(format!("bundle holds an unreadable bot definition: {e}"))
        })?;
        // A definition that does not validate is a defect of the bundle: a
        // Bundle error, whatever kind the check reports (found by fuzzing).
        let invalid =
            |e: Error| Error::bundle(format!("bundle holds an invalid bot definition: {e}"));
        crate::validate::validate_structure(&def).map_err(invalid)?;
        let parts = build_components(&def).map_err(invalid)?;
        let mut faq = FaqIndex::from_parts(p.faq)?;
        learn_customer_words(&mut faq, &def);
        p.intent.check()?;
        let lang = LanguageDetector::with_booster(&def.languages, p.booster);
        Ok(Bot(Arc::new(Inner {
            def,
            seed: p.seed,
            lang,
            intent: p.intent,
            faq,
            parts,
        })))
    }

    /// The definition the bot was trained from.
    pub fn definition(&self) -> &BotDefinition {
        &self.0.def
    }

    /// The intent classifier.
    pub fn intent_classifier(&self) -> &IntentClassifier {
        &self.0.intent
    }

    /// The FAQ index.
    pub fn faq_index(&self) -> &FaqIndex {
        &self.0.faq
    }

    /// The language detector.
    pub fn language_detector(&self) -> &LanguageDetector {
        &self.0.lang
    }

    /// The routing policy.
    pub fn policy(&self) -> &Policy {
        &self.0.parts.policy
    }

    /// Analyzes one message. Takes `&self`: share one bot across threads.
    pub fn analyze(&self, message: &Message) -> Analysis {
        self.analyze_with(message, None)
    }

    /// Analyzes one message of a conversation and records it there: the
    /// message's `context.conversation` is replaced by the facts derived
    /// from `conversation` and this message
    /// ([`Conversation::facts_with`]), so rules can read
    /// `conversation.failed_bot_turns`, `conversation.sentiment_trend`, …
    ///
    /// ```
    /// # let def = kefu::BotDefinition::from_json(r#"{"languages":["en"],"intents":{
    /// #   "a":{"examples":{"en":["where is my order","track my parcel"]}},
    /// #   "b":{"examples":{"en":["refund please","i want my money back"]}}}}"#)?;
    /// # let bot = kefu::Bot::train(&def, &kefu::TrainOptions::default())?;
    /// let mut conv = kefu::Conversation::new();
    /// bot.analyze_in(&mut conv, &kefu::Message::new("where is my order"));
    /// let a = bot.analyze_in(&mut conv, &kefu::Message::new("where is my order?"));
    /// assert_eq!(conv.facts().turns, Some(2));
    /// # Ok::<(), kefu::Error>(())
    /// ```
    pub fn analyze_in(&self, conversation: &mut Conversation, message: &Message) -> Analysis {
        let a = self.analyze_with(message, Some(conversation));
        conversation.record(&a);
        a
    }

    /// [`Bot::try_analyze`] for [`Bot::analyze_in`]: checks the message
    /// first and records nothing when it is rejected.
    pub fn try_analyze_in(
        &self,
        conversation: &mut Conversation,
        message: &Message,
    ) -> Result<Analysis> {
        self.check_message(message)?;
        Ok(self.analyze_in(conversation, message))
    }

    fn analyze_with(&self, message: &Message, conversation: Option<&Conversation>) -> Analysis {
        let inner = &self.0;
        let text = message.text.as_str();
        let ctx = &message.context;
        let norm = text::normalize(text);
        let det = inner.lang.detect_normalized(&norm);
        let reply_language = inner
            .lang
            .reply_language(&det, ctx.customer.preferred_language.as_deref());
        let language = LanguageResult {
            code: det.code.clone(),
            script: det.script.clone(),
            reply_language: reply_language.clone(),
            confidence: det.confidence,
            reliable: det.reliable,
            secondary: det.secondary.clone(),
        };
        let matching = text::simplified(&norm);
        // Tokens and intent features are extracted once: the FAQ reads the
        // tokens, and its classifier over alternate questions the features
        // when it reads the same spec.
        let toks = text::tokens(&matching);
        let spec = inner.intent.spec();
        let mut feats = Vec::with_capacity(matching.len() * 4);
        text::features_of_tokens(&toks, spec, &mut feats);
        // Sorted once here, so that both classifiers find their feature ids
        // already in order (a vocabulary's id order is its hash order) and
        // skip sorting them each.
        feats.sort_unstable();
        let intent = inner.intent.predict_features(&feats).into();
        let faq =
            inner
                .faq
                .search_prepared(&matching, &toks, Some((spec, &feats)), &reply_language);
        let sentiment = inner.parts.sentiment.score(text, &det.code);
        let entities = inner.parts.entities.extract(text);
        let redacted_text = inner.parts.entities.redact(text, &entities);
        let with_conversation;
        let ctx = match conversation {
            None => ctx,
            Some(c) => {
                let mut x = ctx.clone();
                x.conversation = c.facts_with(&intent, &sentiment);
                with_conversation = x;
                &with_conversation
            }
        };
        let facts = Facts {
            text,
            language: &language,
            intent: &intent,
            faq: &faq,
            sentiment: &sentiment,
            entities: &entities,
            context: ctx,
        };
        let mut decision = inner.parts.policy.evaluate(&facts);
        let intent_response = intent
            .top
            .as_deref()
            .filter(|t| *t != OOS_LABEL)
            .and_then(|t| inner.def.intents.get(t))
            .and_then(|i| {
                replies::pick(&i.responses, &reply_language, inner.def.default_language())
            });
        match decision.action {
            Action::Answer => {
                let faq_answer = (faq.status == FaqStatus::Answer)
                    .then(|| faq.hits.first().map(|h| h.answer.clone()))
                    .flatten();
                decision.reply = faq_answer.or(intent_response);
                if decision.reply.is_none() {
                    decision.trace.push(TraceStep {
                        rule: "reply".into(),
                        matched: true,
                        clauses: vec![ClauseTrace {
                            clause: "answer needs a reply (FAQ answer or intent response)".into(),
                            value: format!(
                                "faq.status = {}, intent = {}",
                                faq.status.as_str(),
                                intent.top.as_deref().unwrap_or("out of scope")
                            ),
                            result: false,
                        }],
                    });
                    decision.action = Action::Clarify;
                    decision.reply = Some(replies::clarify(&faq, &reply_language));
                }
            }
            Action::Clarify => decision.reply = Some(replies::clarify(&faq, &reply_language)),
            Action::Handoff => decision.reply = Some(replies::handoff(&reply_language).to_string()),
            Action::Ticket => decision.reply = Some(replies::ticket(&reply_language).to_string()),
        }
        Analysis {
            schema: SCHEMA_VERSION,
            language,
            intent,
            faq,
            sentiment,
            entities,
            redacted_text,
            decision,
        }
    }

    /// Checks a message, then analyzes it: the text must be at most
    /// [`limits::MAX_MESSAGE_BYTES`](crate::limits::MAX_MESSAGE_BYTES)
    /// (an [`ErrorKind::Limit`](crate::ErrorKind::Limit) error otherwise), and
    /// the context must pass [`Bot::check_context`].
    ///
    /// [`analyze`](Bot::analyze) accepts anything and stays linear in the
    /// input; use this one at a trust boundary.
    pub fn try_analyze(&self, message: &Message) -> Result<Analysis> {
        self.check_message(message)?;
        Ok(self.analyze(message))
    }

    /// [`try_analyze`](Bot::try_analyze) for many messages: every message is
    /// checked first (an error names `messages[i]`), then all are analyzed
    /// with [`analyze_batch`](Bot::analyze_batch).
    pub fn try_analyze_batch(&self, messages: &[Message]) -> Result<Vec<Analysis>> {
        for (i, m) in messages.iter().enumerate() {
            self.check_message(m)
                .map_err(|e| e.context(format!("messages[{i}]")))?;
        }
        Ok(self.analyze_batch(messages))
    }

    /// The checks of [`try_analyze`](Bot::try_analyze): the size limit and
    /// [`check_context`](Bot::check_context).
    pub fn check_message(&self, message: &Message) -> Result<()> {
        let n = message.text.len();
        if n > crate::limits::MAX_MESSAGE_BYTES {
            return Err(Error::limit(format!(
                "text: the message is {n} bytes, the limit is {}",
                crate::limits::MAX_MESSAGE_BYTES
            )));
        }
        self.check_context(&message.context)
    }

    /// Checks a context against the bot: custom attributes must be declared
    /// in the definition with the same type, and time zones must be IANA
    /// names. Errors are [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
    /// and name the field.
    pub fn check_context(&self, ctx: &crate::Context) -> Result<()> {
        let declared = &self.0.def.context.attributes;
        for (name, value) in &ctx.attributes {
            match declared.get(name) {
                None => {
                    return Err(Error::invalid_input(format!(
                        "context.attributes.{name}: attribute `{name}` is not declared in the bot definition{}",
                        crate::error::did_you_mean(name, declared.keys().map(String::as_str))
                    )))
                }
                Some(t) if t.as_str() != value.type_name() => {
                    return Err(Error::invalid_input(format!(
                        "context.attributes.{name}: declared as {}, found a {}",
                        t.as_str(),
                        value.type_name()
                    )))
                }
                Some(_) => {}
            }
        }
        if let Some(tz) = &ctx.customer.time_zone {
            if crate::tz::zone(tz).is_none() {
                return Err(Error::invalid_input(format!(
                    "context.customer.time_zone: `{tz}` is not an IANA time zone name"
                )));
            }
        }
        Ok(())
    }

    /// Analyzes many messages; in parallel with the `parallel` feature.
    /// Results are in input order and identical to calling
    /// [`analyze`](Bot::analyze) one by one.
    pub fn analyze_batch(&self, messages: &[Message]) -> Vec<Analysis> {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            messages.par_iter().map(|m| self.analyze(m)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            messages.iter().map(|m| self.analyze(m)).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    fn bot() -> Bot {
        let def = BotDefinition::from_json(
            r#"{"languages": ["en"],
                "intents": {"a": {"examples": {"en": ["hello there", "hi"]}},
                            "b": {"examples": {"en": ["goodbye now", "bye"]}}},
                "context": {"attributes": {"cart_value": "number"}}}"#,
        )
        .unwrap();
        Bot::train(&def, &TrainOptions::default()).unwrap()
    }

    #[test]
    fn analyze_shares_features_with_the_same_results() {
        let def = BotDefinition::from_json(
            r#"{"languages": ["en", "zh-Hans"],
                "intents": {"track": {"examples": {"en": ["where is my order", "track my parcel"]}},
                            "refund": {"examples": {"en": ["i want a refund", "money back please"]}}},
                "faq": [{"id": "ship", "questions": {"en": ["which countries do you ship to", "do you deliver abroad"]},
                         "answer": {"en": "40 countries."}},
                        {"id": "pay", "questions": {"en": ["which payment methods do you accept", "can i pay with paypal"],
                                                    "zh-Hans": ["可以用支付宝付款吗"]},
                         "answer": {"en": "Cards and PayPal."}}]}"#,
        )
        .unwrap();
        let bot = Bot::train(&def, &TrainOptions::default()).unwrap();
        for t in [
            "Do you ship to Canada?",
            "can I pay with PayPall",
            "可以用支付寶付款嗎",
            "where is my order",
            "",
            "🙂",
        ] {
            let a = bot.analyze(&Message::new(t));
            let lang = a.language.reply_language.clone();
            assert_eq!(a.faq, bot.faq_index().search(t, &lang), "{t}");
            let want: crate::analysis::IntentResult = bot.intent_classifier().predict(t).into();
            assert_eq!(a.intent, want, "{t}");
        }
        // a bundle round trip learns the same words and answers the same
        let back = Bot::from_bytes(&bot.to_bytes()).unwrap();
        let m = Message::new("can I pay with PayPall");
        assert_eq!(back.analyze(&m).faq, bot.analyze(&m).faq);
    }

    #[test]
    fn try_analyze_checks_size_and_context() {
        let bot = bot();
        let big = Message::new("a".repeat(crate::limits::MAX_MESSAGE_BYTES + 1));
        let e = bot.try_analyze(&big).unwrap_err();
        assert!(e.is_limit() && e.to_string().starts_with("text:"), "{e}");
        let ctx: crate::Context =
            serde_json::from_str(r#"{"attributes": {"cart_valeu": 3}}"#).unwrap();
        let e = bot
            .try_analyze(&Message::with_context("hi", ctx))
            .unwrap_err();
        assert!(e.is_invalid_input(), "{e}");
        assert!(e.to_string().contains("did you mean `cart_value`"), "{e}");
        let ctx: crate::Context =
            serde_json::from_str(r#"{"attributes": {"cart_value": "lots"}}"#).unwrap();
        let e = bot
            .try_analyze(&Message::with_context("hi", ctx))
            .unwrap_err();
        assert!(
            e.to_string().contains("declared as number, found a string"),
            "{e}"
        );
        let ctx: crate::Context =
            serde_json::from_str(r#"{"customer": {"time_zone": "Mars/Olympus"}}"#).unwrap();
        assert!(bot
            .try_analyze(&Message::with_context("hi", ctx))
            .unwrap_err()
            .is_invalid_input());
        let ok: crate::Context = serde_json::from_str(
            r#"{"attributes": {"cart_value": 3}, "customer": {"time_zone": "Europe/Madrid"}}"#,
        )
        .unwrap();
        let a = bot
            .try_analyze(&Message::with_context("hello there", ok))
            .unwrap();
        assert_eq!(a.intent.top.as_deref(), Some("a"));
    }

    #[test]
    fn incremental_examples_and_faq_questions_give_new_bots() {
        let bot = bot();
        let added = bot
            .with_intent_examples(
                &[
                    ("thanks".into(), "en".into(), "thank you so much".into()),
                    ("thanks".into(), "en".into(), "many thanks".into()),
                    ("thanks".into(), "en".into(), "thanks a lot".into()),
                ],
                &TrainOptions::default(),
            )
            .unwrap();
        assert_eq!(
            added.analyze(&Message::new("thanks a lot")).intent.ranking[0].intent,
            "thanks"
        );
        assert!(
            bot.definition().intents.get("thanks").is_none(),
            "the old bot is unchanged"
        );
        let e = bot
            .with_faq_questions("nope", "en", &["x".into()])
            .unwrap_err();
        assert!(e.is_invalid_input());
        let e = bot
            .with_intent_examples(
                &[("a".into(), "fr".into(), "bonjour".into())],
                &TrainOptions::default(),
            )
            .unwrap_err();
        assert!(e.to_string().contains("intents.a.examples.fr"), "{e}");
    }

    #[test]
    fn bot_is_send_sync() {
        assert_send_sync::<Bot>();
        // `analyze` takes `&self`: this only compiles if so.
        let _f: fn(&Bot, &Message) -> Analysis = Bot::analyze;
    }
}

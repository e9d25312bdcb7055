//! Routing policy: parse, type-check, evaluate, explain.
//!
//! A policy is a short text, written by the bot's author, that turns the
//! analysis of a message (plus the host's [`Context`]) into a [`Decision`]:
//! answer, ask to clarify, hand off to a human queue, or open a ticket.
//! Rules are tried in order and the first whose condition holds fires;
//! `default` fires when none does. Every decision carries a trace of the
//! rules and clauses evaluated, with the values they read.
//!
//! ```text
//! # Comments start with '#'.
//! queue risk { skills ["risk", "payments"] }   # a queue and its agents' skills
//! queue general
//!
//! calendar support {
//!     time_zone "Asia/Shanghai"     # the site's IANA zone
//!     local site                    # or `local customer`
//!     hours mon-fri 09:00-18:00
//!     hours sat,sun 10:00-12:00, 13:00-16:00
//!     holiday 2026-01-01
//!     holiday 2026-10-01 to 2026-10-07
//! }
//!
//! rule payment_change_risk:
//!     when intent == "change_payment" or (has entity("card") and intent == "payment_failed")
//!     then handoff queue "risk" priority 9 skills ["risk"] prefer ["payments"]
//!          script "verify_identity_first" lock tags ["high_risk"]
//!
//! rule after_hours:
//!     when (intent.out_of_scope or sentiment.escalation >= 2) and not within business_hours("support")
//!     then ticket queue "general" tags ["after_hours"]
//!
//! rule clarify_ambiguous:
//!     when intent.ambiguous or faq.status == "clarify"
//!     then clarify
//!
//! default answer
//! ```
//!
//! [`Policy::parse`] checks everything it can before a message arrives:
//! unknown fields, intents, FAQ ids, entity kinds, attributes, queues,
//! skills and calendars are errors with a suggestion, as are type
//! mismatches, bad regexes, bad time zones, out-of-range priorities, and
//! rules that can never fire (see [Unreachable rules](#unreachable-rules)).
//! Every message names `line:col`:
//!
//! ```
//! use kefu::policy::{Policy, PolicySchema};
//!
//! let schema = PolicySchema { intents: vec!["refund".into()], ..Default::default() };
//! let policy = Policy::parse(
//!     "queue care\n\nrule angry:\n    when sentiment.escalation >= 2\n    then handoff queue \"care\" priority 8\n\ndefault answer\n",
//!     &schema,
//! )?;
//! assert_eq!(policy.rule_names().collect::<Vec<_>>(), ["angry"]);
//!
//! let err = Policy::parse("rule r: when intent == \"refnd\" then clarify\ndefault answer", &schema).unwrap_err();
//! assert_eq!(err.to_string(), "policy:1:24: unknown intent `refnd` (did you mean `refund`?)");
//! # Ok::<(), kefu::Error>(())
//! ```
//!
//! # Grammar
//!
//! Whitespace and newlines are free-form; words are only keywords where the
//! grammar expects them.
//!
//! ```text
//! policy    = { queue | calendar | rule } default ;
//! default   = "default" action ;                      (* mandatory, last *)
//! rule      = "rule" NAME ":" "when" cond "then" action ;
//!
//! queue     = "queue" NAME [ "{" [ "skills" list ] "}" ] ;
//!
//! calendar  = "calendar" NAME "{" { statement } "}" ;
//! statement = "time_zone" STRING                      (* IANA name, mandatory *)
//!           | "local" ( "site" | "customer" )         (* default: site *)
//!           | "hours" days { "," days } span { "," span }
//!           | "holiday" dates { "," dates } ;
//! days      = DAY [ "-" DAY ] ;                        (* mon tue wed thu fri sat sun *)
//! span      = TIME "-" TIME ;                          (* HH:MM, end exclusive, 24:00 allowed *)
//! dates     = DATE [ "to" DATE ] ;                     (* YYYY-MM-DD, inclusive *)
//!
//! cond      = all { "or" all } ;
//! all       = unary { "and" unary } ;
//! unary     = "not" unary | primary ;
//! primary   = "(" cond ")"
//!           | FIELD ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) literal
//!           | FIELD [ "not" ] "in" "[" [ literal { "," literal } [ "," ] ] "]"
//!           | STRING "in" FIELD                        (* FIELD is a list *)
//!           | FIELD "matches" REGEX                    (* /pattern/ or /pattern/i *)
//!           | "has" "entity" "(" STRING ")"            (* an entity of that kind was found *)
//!           | "has" FIELD                              (* the field is present *)
//!           | "within" "business_hours" "(" STRING ")"
//!           | FIELD ;                                  (* a bool field *)
//! literal   = STRING | [ "-" ] NUMBER | "true" | "false" ;
//!
//! action    = ( "answer" | "clarify" ) [ "tags" list ]
//!           | "handoff" "queue" STRING { routing | "lock" }
//!           | "ticket" "queue" STRING { routing } ;
//! routing   = "priority" INT | "skills" list | "prefer" list
//!           | "script" STRING | "tags" list ;
//! list      = "[" [ STRING { "," STRING } [ "," ] ] "]" ;
//! ```
//!
//! `not` binds tighter than `and`, which binds tighter than `or`. Strings
//! are `"…"` with the escapes `\"`, `\\`, `\n`, `\t`, `\r` and `\u{…}`; in a
//! regex, `\/` stands for `/`. Action options may come in any order, each at
//! most once. Priorities are whole numbers 0–9, higher is more urgent; a
//! `handoff` or `ticket` without one gets 5, `answer` and `clarify` get 0.
//! Rule names are stable ids: they must be unique, and `default` is
//! reserved.
//!
//! **Queues.** Every queue an action names must be declared with `queue
//! NAME` (names are plain names, like rule and calendar names). A
//! declaration may list the skills its agents have; then every skill an
//! action on that queue requires (`skills`) or prefers (`prefer`) must be
//! one of them. A declaration without a list does not restrict skills. A
//! skill is either required or preferred, not both.
//!
//! **Skills and scripts.** `skills` are required: the host routes only to
//! agents who have all of them. `prefer` lists skills to prefer when such an
//! agent is free ([`Decision::preferred_skills`]). `script` suggests what the
//! human agent opens with: an id the host maps to its own text (`script
//! "soothing_opener"`) or the text itself ([`Decision::script`]).
//!
//! # Fields
//!
//! | Field | Type | Missing when |
//! |---|---|---|
//! | `text` | string | never |
//! | `language.code`, `language.reply_language` | string | never |
//! | `language.script` | string | no script was detected |
//! | `language.confidence` | number | never |
//! | `language.reliable` | bool | never |
//! | `intent`, `intent.top` | string, a known intent | out of scope |
//! | `intent.confidence` | number | never |
//! | `intent.out_of_scope`, `intent.ambiguous` | bool | never |
//! | `faq.status` | string: `answer`, `clarify` or `no_answer` | never |
//! | `faq.top` | string, a known FAQ id | no FAQ hit |
//! | `faq.score` | number, the top hit's score | no FAQ hit |
//! | `sentiment.score`, `sentiment.escalation` | number | never |
//! | `sentiment.label` | string: `negative`, `neutral` or `positive` | never |
//! | `sentiment.anger`, `.anxiety`, `.sadness`, `.joy`, `.gratitude` | number | never |
//! | `sentiment.signals` | list of strings | never |
//! | `entities.count` | number | never |
//! | `channel` | string | not in the context |
//! | `customer.id`, `.tier`, `.preferred_language`, `.time_zone` | string | not in the context |
//! | `customer.lifetime_value`, `customer.complaints_90d` | number | not in the context |
//! | `conversation.turns`, `conversation.failed_bot_turns` | number | not in the context |
//! | `conversation.previous_intents` | list of strings (known intents) | never (may be empty) |
//! | `conversation.same_intent_repeats`, `conversation.sentiment_trend` | number | not in the context |
//! | `conversation.asked_for_human` | bool | not in the context |
//! | `attr.NAME` | as declared in [`PolicySchema::attributes`] | not in the context, or of another type |
//!
//! `==`/`!=` compare strings (exactly, case-sensitively), numbers and bools;
//! `<`, `<=`, `>`, `>=` compare numbers only. Fields stored as 32-bit floats
//! (confidences, scores, emotions) are compared with the literal rounded to
//! 32 bits, so `intent.confidence >= 0.8` holds for a confidence of `0.8`.
//!
//! # Missing values
//!
//! A clause that reads a missing field is *unknown*, never silently empty or
//! zero, and conditions use three-valued (Kleene) logic: `not unknown` is
//! unknown, `false and unknown` is false, `true or unknown` is true. A rule
//! fires only when its condition is definitely true, so
//! `not customer.tier == "vip"` does not fire for a customer without a tier.
//! `has FIELD` tests presence and is never unknown. The trace renders missing
//! values as `missing`.
//!
//! # Business hours
//!
//! `within business_hours("c")` converts [`Context::now`] to the calendar's
//! zone (with `local customer`, to `context.customer.time_zone` when that is
//! a valid IANA name; an invalid or missing customer zone falls back to the
//! site zone and the trace says so), then checks the weekday's hour spans
//! (end exclusive) and the holidays (dates in that zone). Without `now` the
//! clause is unknown. The bundled tz database is used; nothing is read from
//! the system.
//!
//! # The clock
//!
//! The evaluator never reads a clock: business hours are checked at
//! [`Context::now`], which the host supplies (the CLI fills it in for
//! `kefu analyze`), or at the instant given to [`Policy::evaluate_at`] or
//! [`Policy::evaluate_with`], which override it, so tests and replays are
//! reproducible. Without either, `within business_hours(..)` is unknown.
//!
//! # Trace
//!
//! [`Decision::trace`] has one step per rule evaluated, up to and including
//! the one that fired (plus a `default` step when none did). Each step lists
//! the leaf clauses evaluated (`and`/`or` short-circuit, but every clause
//! that decided the outcome is listed), pretty-printed with the literal it
//! compares against (the threshold: `sentiment.escalation >= 2`,
//! `intent.confidence < 0.4`), with the value read: `2`, `vip`, `missing`,
//! `1 found`, or for business hours the local time and that day's opening
//! hours, `2026-11-20T18:30:00+08:00 (Fri, hours 09:00-18:00) outside`. A
//! clause's `result` is `true` only when it definitely held (a clause
//! under `not` shows its own result).
//!
//! [`TraceLevel::Fired`] (with [`Policy::evaluate_with`]) keeps only the
//! step of the rule that fired, which is much cheaper on long policies.
//!
//! [`Policy::why_not`] explains any rule on given facts: which clauses kept
//! it from firing (false, or unknown for a missing value, each with the
//! value read), or which earlier rule fired first.
//!
//! # Unreachable rules
//!
//! A rule that can never fire is an error at compile time:
//!
//! * a rule whose condition is written exactly like an earlier rule's;
//! * a contradiction: `channel == "web" and channel == "app"`,
//!   `sentiment.escalation > 2 and sentiment.escalation < 1`,
//!   `has customer.tier and not has customer.tier`, `channel in []`;
//! * a rule shadowed by earlier ones: whenever it would fire, an earlier
//!   rule fires first (`sentiment.escalation >= 3 and customer.tier == "vip"`
//!   after `sentiment.escalation >= 2`);
//! * a rule whose condition is always true (`has text`), which leaves the
//!   rules after it and `default` unused.
//!
//! The check is sound (it never rejects a rule that some facts make fire,
//! missing values and NaN included) and conservative (some dead rules pass).
//! It expands each condition into a disjunction of conjunctions and compares
//! them field by field: sets of strings (closed for `faq.status` and
//! `sentiment.label`), intervals of numbers, bools, list membership and
//! presence; regexes, `has entity(..)` and business hours are compared by
//! their text. It does not combine several earlier rules to cover one
//! conjunction (`x > 5`, then `x <= 5`, then `has x` passes), does not know
//! value ranges the language cannot express (confidences are at most 1),
//! and on very large policies bounds its own work.
//!
//! # JSON and text forms
//!
//! [`Policy::to_json`] serializes the syntax tree (rule names included) and
//! [`Policy::from_json`] reads it back; [`Policy::to_text`] pretty-prints the
//! policy in canonical form. Text → JSON → text round-trips.

mod ast;
mod calendar;
mod check;
mod eval;
mod lexer;
mod parser;
mod reach;
mod trace;

pub use trace::{ClauseRef, ClauseRefs, StepRef, Steps, Trace};
#[cfg(test)]
mod tests;

/// The input decoding and invariants of the fuzz targets (fuzz/), shared
/// with the corpus replay test.
#[cfg(test)]
mod fuzz_input {
    // The shared file names this crate `kefu`, as the fuzz targets do.
    extern crate self as kefu;
    include!("fuzz_input.rs");
}

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::analysis::{Decision, Entity, FaqResult, IntentResult, LanguageResult, SentimentResult};
use crate::context::Context;
use crate::definition::{AttributeType, BotDefinition};
use crate::entities::EntityExtractor;
use crate::error::{did_you_mean, Error, Result};

/// The policy used when a bot definition has none: clarify what is
/// ambiguous, hand urgent cases and out-of-scope questions without an FAQ
/// answer to the `general` queue, and answer everything else.
pub const DEFAULT_POLICY: &str = r#"# kefu's built-in routing policy, used when a bot definition has none.

queue general

rule clarify_ambiguous:
    when intent.ambiguous or faq.status == "clarify"
    then clarify

rule escalated:
    when sentiment.escalation >= 3 or "asks_for_human" in sentiment.signals
    then handoff queue "general" priority 7 tags ["escalated"]

rule out_of_scope:
    when intent.out_of_scope and faq.status == "no_answer"
    then handoff queue "general" priority 3 tags ["out_of_scope"]

default answer
"#;

/// The longest policy text accepted, in bytes (4 MiB: room for tens of
/// thousands of rules).
pub const MAX_POLICY_BYTES: usize = 4 << 20;

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

impl PolicySchema {
    /// The schema of a bot definition: its intents, FAQ ids, enabled entity
    /// kinds and declared attributes (what the bot checks its policy
    /// against).
    pub fn from_definition(def: &BotDefinition) -> Result<PolicySchema> {
        let entities = EntityExtractor::new(&def.entities)?;
        Ok(PolicySchema {
            intents: def.intents.keys().map(String::from).collect(),
            faq_ids: def.faq.iter().map(|e| e.id.clone()).collect(),
            entity_kinds: entities.kinds().map(String::from).collect(),
            attributes: def.context.attributes.clone(),
        })
    }
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

impl<'a> Facts<'a> {
    /// The facts of a message whose analysis is known (a logged
    /// [`Analysis`](crate::Analysis), for replays): the policy reads
    /// `analysis`'s language, intent, FAQ, sentiment and entities; its
    /// decision is ignored.
    pub fn from_analysis(
        text: &'a str,
        analysis: &'a crate::Analysis,
        context: &'a Context,
    ) -> Facts<'a> {
        Facts {
            text,
            language: &analysis.language,
            intent: &analysis.intent,
            faq: &analysis.faq,
            sentiment: &analysis.sentiment,
            entities: &analysis.entities,
            context,
        }
    }
}

/// A compiled routing policy. See the [module docs](self) for the language.
///
/// Parsing checks and compiles everything (fields, literals, regexes, time
/// zones), so [`evaluate`](Policy::evaluate) cannot fail.
#[derive(Clone, Debug)]
pub struct Policy {
    source: String,
    ast: ast::Ast,
    compiled: std::sync::Arc<check::Compiled>,
}

fn check_size(len: usize) -> Result<()> {
    if len > MAX_POLICY_BYTES {
        return Err(Error::limit(format!(
            "policy: {len} bytes is over the limit of {MAX_POLICY_BYTES} bytes"
        )));
    }
    Ok(())
}

impl Policy {
    /// Parses and type-checks policy text against `schema`.
    ///
    /// Errors are [`ErrorKind::Policy`](crate::ErrorKind::Policy) and start
    /// with `policy:LINE:COL:`; a text longer than [`MAX_POLICY_BYTES`] or with
    /// more than [`MAX_RULES`](crate::limits::MAX_RULES) rules is an
    /// [`ErrorKind::Limit`](crate::ErrorKind::Limit) error.
    pub fn parse(source: &str, schema: &PolicySchema) -> Result<Policy> {
        check_size(source.len())?;
        let ast = parser::parse(source)?;
        if ast.rules.len() > crate::limits::MAX_RULES {
            return Err(Error::limit(format!(
                "policy: {} rules, the limit is {}",
                ast.rules.len(),
                crate::limits::MAX_RULES
            )));
        }
        let compiled = check::compile(&ast, schema)?;
        Ok(Policy {
            source: source.to_string(),
            ast,
            compiled: std::sync::Arc::new(compiled),
        })
    }

    /// Reads a policy from the JSON form produced by [`to_json`](Policy::to_json)
    /// and checks it against `schema` like [`parse`](Policy::parse). Its
    /// [`source`](Policy::source) is the canonical text; positions in errors
    /// refer to that text.
    pub fn from_json(json: &str, schema: &PolicySchema) -> Result<Policy> {
        check_size(json.len())?;
        let tree: ast::Ast =
            serde_json::from_str(json).map_err(|e| Error::policy(format!("policy JSON: {e}")))?;
        let text = tree.to_string();
        let policy = Policy::parse(&text, schema).map_err(|e| e.context("policy JSON, as text"))?;
        // Names and patterns that do not survive printing (e.g. a field name
        // with spaces) would silently change meaning; refuse them.
        if policy.ast != tree {
            return Err(Error::policy(
                "policy JSON: the policy uses names that cannot be written as policy text",
            ));
        }
        Ok(policy)
    }

    /// The policy as JSON: calendars, rules (with their names, in order) and
    /// the default action. [`from_json`](Policy::from_json) reads it back.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.ast).unwrap_or_default()
    }

    /// The policy pretty-printed in canonical form (comments dropped,
    /// calendars first, one clause per line as `when`/`then`).
    pub fn to_text(&self) -> String {
        self.ast.to_string()
    }

    /// The policy text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The rule names, in evaluation order (without `default`).
    pub fn rule_names(&self) -> impl Iterator<Item = &str> {
        self.compiled.rules.iter().map(|r| r.name.as_str())
    }

    /// The declared queue names, in order.
    pub fn queue_names(&self) -> impl Iterator<Item = &str> {
        self.ast.queues.iter().map(|q| q.name.v.as_str())
    }

    /// The declared calendar names, in order.
    pub fn calendar_names(&self) -> impl Iterator<Item = &str> {
        self.ast.calendars.iter().map(|c| c.name.v.as_str())
    }

    /// Evaluates the rules in order; the first match wins. `reply` is left
    /// `None`: the bot fills it from the FAQ or intent responses.
    ///
    /// Business hours are checked at `facts.context.now`; without it they
    /// are unknown. The evaluator never reads a clock.
    pub fn evaluate(&self, facts: &Facts<'_>) -> Decision {
        check::Compiled::evaluate(&self.compiled, facts, facts.context.now, TraceLevel::Full)
    }

    /// Evaluates as [`evaluate`](Policy::evaluate) does, with the clock
    /// injected: business hours are checked at `now`, whatever
    /// `facts.context.now` says. For tests and replays.
    pub fn evaluate_at(&self, facts: &Facts<'_>, now: jiff::Timestamp) -> Decision {
        check::Compiled::evaluate(&self.compiled, facts, Some(now), TraceLevel::Full)
    }

    /// Evaluates with a choice of trace: business hours are checked at
    /// `now` when given, else at `facts.context.now`. The decision is the
    /// same at every [`TraceLevel`]; only its `trace` differs.
    pub fn evaluate_with(
        &self,
        facts: &Facts<'_>,
        now: Option<jiff::Timestamp>,
        trace: TraceLevel,
    ) -> Decision {
        check::Compiled::evaluate(&self.compiled, facts, now.or(facts.context.now), trace)
    }

    /// Explains why rule `rule` did or did not decide on these facts: which
    /// of its clauses were false or unknown (with the values read), and
    /// whether an earlier rule fired first. `"default"` asks about the
    /// default action. Evaluates at `facts.context.now`.
    ///
    /// An unknown rule name is an [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput)
    /// error that suggests the nearest rule.
    ///
    /// ```
    /// # use kefu::policy::{Facts, Policy, PolicySchema};
    /// let policy = Policy::parse(
    ///     r#"queue care
    ///        rule angry: when sentiment.escalation >= 2 and channel == "web" then handoff queue "care"
    ///        default answer"#,
    ///     &PolicySchema::default(),
    /// )?;
    /// let analysis: kefu::Analysis = serde_json::from_str(r#"{"schema": 1,
    ///     "language": {"code": "en", "script": null, "reply_language": "en", "confidence": 1.0, "reliable": true},
    ///     "intent": {"top": null, "confidence": 0.1, "out_of_scope": true, "ambiguous": false, "ranking": []},
    ///     "faq": {"status": "no_answer", "hits": []},
    ///     "sentiment": {"score": -0.6, "label": "negative", "emotions": {"anger": 0.7, "anxiety": 0.0, "sadness": 0.0, "joy": 0.0, "gratitude": 0.0},
    ///                   "escalation": 1, "signals": []},
    ///     "entities": [], "redacted_text": "this is taking forever",
    ///     "decision": {"action": "answer", "queue": null, "priority": 0, "skills": [], "reply": null,
    ///                  "tags": [], "locked": false, "rule": "default", "trace": []}}"#).unwrap();
    /// let context = kefu::Context::default();
    /// let facts = Facts::from_analysis("this is taking forever", &analysis, &context);
    /// let why = policy.why_not("angry", &facts)?;
    /// assert_eq!(
    ///     why.explanation,
    ///     "rule `angry` did not fire: `sentiment.escalation >= 2` is false (value: 1); \
    ///      `channel == \"web\"` is unknown (value: missing)"
    /// );
    /// assert!(policy.why_not("angyr", &facts).unwrap_err().to_string().contains("did you mean `angry`?"));
    /// # Ok::<(), kefu::Error>(())
    /// ```
    pub fn why_not(&self, rule: &str, facts: &Facts<'_>) -> Result<WhyNot> {
        self.why_not_at(rule, facts, facts.context.now)
    }

    /// [`why_not`](Policy::why_not) at an injected instant (`None`: unknown).
    pub fn why_not_at(
        &self,
        rule: &str,
        facts: &Facts<'_>,
        now: Option<jiff::Timestamp>,
    ) -> Result<WhyNot> {
        let index = if rule == "default" {
            None
        } else {
            match self.compiled.rules.iter().position(|r| r.name == rule) {
                Some(i) => Some(i),
                None => {
                    let names = self.rule_names().chain(["default"]);
                    return Err(Error::invalid_input(format!(
                        "why_not: unknown rule `{rule}`{}",
                        did_you_mean(rule, names)
                    )));
                }
            }
        };
        Ok(self.compiled.why_not(index, facts, now))
    }
}

/// How much of the evaluation a [`Decision::trace`] records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceLevel {
    /// Every rule tried, in order, with each evaluated clause's value and
    /// result (see [Trace](self#trace)). What [`Policy::evaluate`] and
    /// [`Bot::analyze`](crate::Bot::analyze) return.
    #[default]
    Full,
    /// Only the step of the rule that fired (or of `default`), with its
    /// clauses and values. The rules before it were tried and did not
    /// match (the first match wins); [`Policy::why_not`] explains any of
    /// them on demand. Much faster on long policies: nothing is rendered or
    /// allocated for the rules that do not fire.
    Fired,
}

/// A three-valued truth: a clause that reads a missing value is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    /// Definitely holds.
    True,
    /// Definitely does not hold.
    False,
    /// A value it reads is missing (or of another type than declared).
    Unknown,
}

/// One clause of a [`WhyNot`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhyNotClause {
    /// The clause as printed, with the literal it compares against
    /// (`sentiment.escalation >= 2`).
    pub clause: String,
    /// The value read (`1`, `gold`, `missing`, …).
    pub value: String,
    /// The clause's truth value.
    pub truth: Truth,
}

/// The answer of [`Policy::why_not`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhyNot {
    /// The rule asked about (`"default"` for the default action).
    pub rule: String,
    /// Whether this rule decided.
    pub fired: bool,
    /// Whether its condition is true on these facts, whatever the rules
    /// before it did (always true for `default`).
    pub matched: bool,
    /// The earlier rule that fired first, if one did.
    pub preempted_by: Option<String>,
    /// The clauses that keep the condition from being true: false or
    /// unknown ones, each needed for the condition to hold. Empty when it
    /// holds.
    pub failed: Vec<WhyNotClause>,
    /// Every clause of the condition, evaluated without short-circuiting.
    pub clauses: Vec<WhyNotClause>,
    /// One line for people, e.g. ``rule `vip` did not fire: `customer.tier
    /// == "vip"` is false (value: gold)``.
    pub explanation: String,
}

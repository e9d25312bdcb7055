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
//!     then handoff queue "risk" priority 9 skills ["risk", "payments"] lock tags ["high_risk"]
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
//! unknown fields, intents, FAQ ids, entity kinds, attributes and calendars
//! are errors with a suggestion, as are type mismatches, bad regexes, bad
//! time zones and out-of-range priorities. Every message names `line:col`:
//!
//! ```
//! use kefu::policy::{Policy, PolicySchema};
//!
//! let schema = PolicySchema { intents: vec!["refund".into()], ..Default::default() };
//! let policy = Policy::parse(
//!     "rule angry:\n    when sentiment.escalation >= 2\n    then handoff queue \"care\" priority 8\n\ndefault answer\n",
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
//! policy    = { calendar | rule } default ;
//! default   = "default" action ;                      (* mandatory, last *)
//! rule      = "rule" NAME ":" "when" cond "then" action ;
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
//!           | "handoff" "queue" STRING { "priority" INT | "skills" list | "lock" | "tags" list }
//!           | "ticket" "queue" STRING { "priority" INT | "skills" list | "tags" list } ;
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
//! # Trace
//!
//! [`Decision::trace`] has one step per rule evaluated, up to and including
//! the one that fired (plus a `default` step when none did). Each step lists
//! the leaf clauses evaluated (`and`/`or` short-circuit, but every clause
//! that decided the outcome is listed), pretty-printed, with the value read:
//! `2`, `vip`, `missing`, `1 found`, or for business hours
//! `2026-11-20T18:30:00+08:00 (Fri) outside`. A clause's `result` is `true`
//! only when it definitely held.
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
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::analysis::{Decision, Entity, FaqResult, IntentResult, LanguageResult, SentimentResult};
use crate::context::Context;
use crate::definition::AttributeType;
use crate::error::{Error, Result};

/// The policy used when a bot definition has none: clarify what is
/// ambiguous, hand urgent cases and out-of-scope questions without an FAQ
/// answer to the `general` queue, and answer everything else.
pub const DEFAULT_POLICY: &str = r#"# kefu's built-in routing policy, used when a bot definition has none.

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

/// The longest policy text accepted, in bytes.
pub const MAX_POLICY_BYTES: usize = 1 << 20;

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

/// A compiled routing policy. See the [module docs](self) for the language.
///
/// Parsing checks and compiles everything (fields, literals, regexes, time
/// zones), so [`evaluate`](Policy::evaluate) cannot fail.
#[derive(Clone, Debug)]
pub struct Policy {
    source: String,
    ast: ast::Ast,
    compiled: check::Compiled,
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
    /// with `policy:LINE:COL:`; a text longer than [`MAX_POLICY_BYTES`] is an
    /// [`ErrorKind::Limit`](crate::ErrorKind::Limit) error.
    pub fn parse(source: &str, schema: &PolicySchema) -> Result<Policy> {
        check_size(source.len())?;
        let ast = parser::parse(source)?;
        let compiled = check::compile(&ast, schema)?;
        Ok(Policy {
            source: source.to_string(),
            ast,
            compiled,
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

    /// Evaluates the rules in order; the first match wins. `reply` is left
    /// `None`: the bot fills it from the FAQ or intent responses.
    pub fn evaluate(&self, facts: &Facts<'_>) -> Decision {
        self.compiled.evaluate(facts)
    }
}

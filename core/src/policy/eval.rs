//! Evaluation of a compiled policy with three-valued (Kleene) logic.

use std::sync::Arc;

use jiff::Timestamp;

use super::calendar::Calendar;
use super::check::{Builtin, CAction, CCond, Compiled, Field, Leaf, Test};
use super::lexer::CmpOp;
use super::trace::{RClause, RStep, RValue, Recorded, Trace};
use super::{Facts, TraceLevel, Truth, WhyNot, WhyNotClause};
use crate::analysis::Decision;
use crate::context::AttributeValue;
use crate::definition::AttributeType;

/// A truth value: a clause that reads a missing field is `Unknown`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tv {
    True,
    False,
    Unknown,
}

impl Tv {
    fn from_bool(b: bool) -> Tv {
        if b {
            Tv::True
        } else {
            Tv::False
        }
    }

    fn not(self) -> Tv {
        match self {
            Tv::True => Tv::False,
            Tv::False => Tv::True,
            Tv::Unknown => Tv::Unknown,
        }
    }
}

/// A value read from the facts, borrowed.
#[derive(Clone, Copy, Debug)]
enum Val<'a> {
    Str(&'a str),
    Num(f64),
    /// A number stored as `f32`, kept so it renders as written (`0.8`).
    F32(f32),
    Bool(bool),
    List(&'a [String]),
}

impl Val<'_> {
    fn num(self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(n),
            Val::F32(n) => Some(f64::from(n)),
            _ => None,
        }
    }

    /// Records the value for a trace.
    fn record(self, text: &mut String) -> RValue {
        match self {
            Val::Str(s) => RValue::text(s, text),
            Val::Num(n) => RValue::Num(n),
            Val::F32(n) => RValue::F32(n),
            Val::Bool(b) => RValue::Bool(b),
            Val::List(items) => RValue::list(items, text),
        }
    }
}

/// The result of reading a field.
enum Read<'a> {
    Value(Val<'a>),
    Missing,
    /// A custom attribute whose value has another type than declared.
    WrongType {
        got: &'static str,
        declared: AttributeType,
    },
}

fn read<'a>(field: &Field, facts: &Facts<'a>) -> Read<'a> {
    use Builtin as B;
    let opt_str = |s: Option<&'a String>| s.map_or(Read::Missing, |s| Read::Value(Val::Str(s)));
    let opt_num = |n: Option<f64>| n.map_or(Read::Missing, |n| Read::Value(Val::Num(n)));
    let f32v = |n: f32| Read::Value(Val::F32(n));
    let b = match field {
        Field::Builtin(b) => *b,
        Field::Attr(name, declared) => {
            return match (facts.context.attributes.get(name), declared) {
                (None, _) => Read::Missing,
                (Some(AttributeValue::Bool(b)), AttributeType::Bool) => Read::Value(Val::Bool(*b)),
                (Some(AttributeValue::Number(n)), AttributeType::Number) => {
                    Read::Value(Val::Num(*n))
                }
                (Some(AttributeValue::String(s)), AttributeType::String) => {
                    Read::Value(Val::Str(s))
                }
                (Some(v), _) => Read::WrongType {
                    got: v.type_name(),
                    declared: *declared,
                },
            }
        }
    };
    let (lang, intent, sent, ctx) = (facts.language, facts.intent, facts.sentiment, facts.context);
    match b {
        B::Text => Read::Value(Val::Str(facts.text)),
        B::LangCode => Read::Value(Val::Str(&lang.code)),
        B::LangScript => opt_str(lang.script.as_ref()),
        B::LangReply => Read::Value(Val::Str(&lang.reply_language)),
        B::LangConfidence => f32v(lang.confidence),
        B::LangReliable => Read::Value(Val::Bool(lang.reliable)),
        B::Intent => opt_str(intent.top.as_ref()),
        B::IntentConfidence => f32v(intent.confidence),
        B::IntentOutOfScope => Read::Value(Val::Bool(intent.out_of_scope)),
        B::IntentAmbiguous => Read::Value(Val::Bool(intent.ambiguous)),
        B::FaqStatus => Read::Value(Val::Str(facts.faq.status.as_str())),
        B::FaqTop => opt_str(facts.faq.hits.first().map(|h| &h.id)),
        B::FaqScore => facts
            .faq
            .hits
            .first()
            .map_or(Read::Missing, |h| f32v(h.score)),
        B::SentScore => f32v(sent.score),
        B::SentLabel => Read::Value(Val::Str(sent.label.as_str())),
        B::SentEscalation => Read::Value(Val::Num(f64::from(sent.escalation))),
        B::SentAnger => f32v(sent.emotions.anger),
        B::SentAnxiety => f32v(sent.emotions.anxiety),
        B::SentSadness => f32v(sent.emotions.sadness),
        B::SentJoy => f32v(sent.emotions.joy),
        B::SentGratitude => f32v(sent.emotions.gratitude),
        B::SentSignals => Read::Value(Val::List(&sent.signals)),
        B::EntitiesCount => Read::Value(Val::Num(facts.entities.len() as f64)),
        B::Channel => opt_str(ctx.channel.as_ref()),
        B::CustomerId => opt_str(ctx.customer.id.as_ref()),
        B::CustomerTier => opt_str(ctx.customer.tier.as_ref()),
        B::CustomerPreferredLanguage => opt_str(ctx.customer.preferred_language.as_ref()),
        B::CustomerTimeZone => opt_str(ctx.customer.time_zone.as_ref()),
        B::CustomerLifetimeValue => opt_num(ctx.customer.lifetime_value),
        B::CustomerComplaints90d => opt_num(ctx.customer.complaints_90d.map(f64::from)),
        B::ConvTurns => opt_num(ctx.conversation.turns.map(f64::from)),
        B::ConvFailedBotTurns => opt_num(ctx.conversation.failed_bot_turns.map(f64::from)),
        B::ConvPreviousIntents => Read::Value(Val::List(&ctx.conversation.previous_intents)),
        B::ConvSameIntentRepeats => opt_num(ctx.conversation.same_intent_repeats.map(f64::from)),
        B::ConvSentimentTrend => opt_num(ctx.conversation.sentiment_trend.map(f64::from)),
        B::ConvAskedForHuman => ctx
            .conversation
            .asked_for_human
            .map_or(Read::Missing, |b| Read::Value(Val::Bool(b))),
    }
}

/// Reads `field` and applies `test` to its value; missing or ill-typed
/// values are `Unknown`. The value is recorded in `rec` when given.
fn with_value(
    field: &Field,
    facts: &Facts<'_>,
    rec: Option<&mut String>,
    test: impl FnOnce(Val<'_>) -> bool,
) -> (Tv, RValue) {
    match read(field, facts) {
        Read::Value(v) => (
            Tv::from_bool(test(v)),
            rec.map_or(RValue::Missing, |t| v.record(t)),
        ),
        Read::Missing => (Tv::Unknown, RValue::Missing),
        Read::WrongType { got, declared } => (Tv::Unknown, RValue::Invalid { got, declared }),
    }
}

fn cmp(op: CmpOp, a: f64, b: f64) -> bool {
    match op {
        CmpOp::Eq => a == b,
        CmpOp::Ne => a != b,
        CmpOp::Lt => a < b,
        CmpOp::Le => a <= b,
        CmpOp::Gt => a > b,
        CmpOp::Ge => a >= b,
    }
}

/// What evaluation reads besides the facts: the calendars and the clock.
#[derive(Clone, Copy)]
struct Env<'a> {
    calendars: &'a [Calendar],
    /// The evaluation instant: [`Policy::evaluate_at`](super::Policy::evaluate_at)'s
    /// argument, else `context.now`. Never the system clock.
    now: Option<Timestamp>,
}

/// Business-hours checks of one decision, per calendar: many rules may ask
/// the same calendar, and converting time zones is the costliest part of
/// evaluation. (Explanations are made only when a trace is read.)
#[derive(Default)]
struct HoursCache {
    open: Vec<Option<bool>>,
}

impl HoursCache {
    fn open(&mut self, i: usize, cal: &Calendar, now: Timestamp, facts: &Facts<'_>) -> bool {
        if self.open.len() <= i {
            self.open.resize(i + 1, None);
        }
        *self.open[i].get_or_insert_with(|| {
            cal.check(now, facts.context.customer.time_zone.as_deref(), false)
                .open
        })
    }
}

/// Evaluates a leaf; records the value read in `rec` when given.
fn eval_leaf(
    leaf: &Leaf,
    facts: &Facts<'_>,
    env: Env<'_>,
    hours: &mut HoursCache,
    rec: Option<&mut String>,
) -> (Tv, RValue) {
    match &leaf.test {
        Test::StrEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, rec, |v| {
            matches!(v, Val::Str(s) if s == lit) != *negated
        }),
        Test::BoolEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, rec, |v| {
            matches!(v, Val::Bool(b) if b == *lit) != *negated
        }),
        Test::NumCmp { field, op, lit } => with_value(field, facts, rec, |v| {
            v.num().is_some_and(|n| cmp(*op, n, *lit))
        }),
        Test::StrIn {
            field,
            items,
            negated,
        } => with_value(field, facts, rec, |v| {
            matches!(v, Val::Str(s) if items.iter().any(|i| i == s)) != *negated
        }),
        Test::NumIn {
            field,
            items,
            negated,
        } => with_value(field, facts, rec, |v| {
            v.num().is_some_and(|n| items.contains(&n)) != *negated
        }),
        Test::Contains { field, item } => with_value(
            field,
            facts,
            rec,
            |v| matches!(v, Val::List(l) if l.iter().any(|i| i == item)),
        ),
        Test::Matches { field, regex } => with_value(
            field,
            facts,
            rec,
            |v| matches!(v, Val::Str(s) if regex.is_match(s)),
        ),
        Test::Is { field } => with_value(field, facts, rec, |v| matches!(v, Val::Bool(true))),
        Test::Present { field } => {
            let (tv, value) = with_value(field, facts, rec, |_| true);
            // Presence is never unknown: missing or ill-typed is absent.
            (if tv == Tv::True { Tv::True } else { Tv::False }, value)
        }
        Test::HasEntity { kind } => {
            let n = facts.entities.iter().filter(|e| e.kind == *kind).count();
            (Tv::from_bool(n > 0), RValue::Entities(n as u32))
        }
        Test::Within { calendar } => match (env.now, env.calendars.get(*calendar)) {
            (Some(now), Some(cal)) => {
                let open = hours.open(*calendar, cal, now, facts);
                (Tv::from_bool(open), RValue::Hours(*calendar as u32))
            }
            _ => (Tv::Unknown, RValue::Missing),
        },
    }
}

/// Where a traced evaluation records its clauses.
struct Recorder<'a> {
    clauses: &'a mut Vec<RClause>,
    text: &'a mut String,
}

/// Evaluates a condition with short-circuits. With `out`, the leaves
/// evaluated are recorded with their values; without, nothing is recorded.
fn eval(
    c: &CCond,
    facts: &Facts<'_>,
    env: Env<'_>,
    hours: &mut HoursCache,
    mut out: Option<&mut Recorder<'_>>,
) -> Tv {
    match c {
        CCond::All(items) => {
            let mut result = Tv::True;
            for item in items {
                match eval(item, facts, env, hours, out.as_deref_mut()) {
                    Tv::False => return Tv::False,
                    Tv::Unknown => result = Tv::Unknown,
                    Tv::True => {}
                }
            }
            result
        }
        CCond::Any(items) => {
            let mut result = Tv::False;
            for item in items {
                match eval(item, facts, env, hours, out.as_deref_mut()) {
                    Tv::True => return Tv::True,
                    Tv::Unknown => result = Tv::Unknown,
                    Tv::False => {}
                }
            }
            result
        }
        CCond::Not(inner) => eval(inner, facts, env, hours, out).not(),
        CCond::Leaf(leaf) => match out {
            Some(out) => {
                let (tv, value) = eval_leaf(leaf, facts, env, hours, Some(&mut *out.text));
                out.clauses.push(RClause {
                    leaf: leaf.ordinal,
                    value,
                    result: tv == Tv::True,
                });
                tv
            }
            None => eval_leaf(leaf, facts, env, hours, None).0,
        },
    }
}

fn decision(a: &CAction, rule: &str, trace: Trace) -> Decision {
    Decision {
        action: a.action,
        queue: a.queue.clone(),
        priority: a.priority,
        skills: a.skills.clone(),
        preferred_skills: a.preferred_skills.clone(),
        script: a.script.clone(),
        reply: None,
        tags: a.tags.clone(),
        locked: a.locked,
        rule: rule.to_string(),
        trace,
    }
}

impl Compiled {
    fn env(&self, now: Option<Timestamp>) -> Env<'_> {
        Env {
            calendars: &self.calendars,
            now,
        }
    }

    /// Evaluates the rules in order at the instant `now` (`None`: unknown).
    /// The trace records references into `this`, rendered when read.
    pub(crate) fn evaluate(
        this: &Arc<Compiled>,
        facts: &Facts<'_>,
        now: Option<Timestamp>,
        level: TraceLevel,
    ) -> Decision {
        let env = this.env(now);
        let mut hours = HoursCache::default();
        let mut steps = Vec::new();
        let mut clauses = Vec::new();
        let mut text = String::new();
        let mut fired = None;
        if level == TraceLevel::Fired {
            // Decide without recording anything, then trace the rule that fired.
            fired = this
                .rules
                .iter()
                .position(|r| eval(&r.cond, facts, env, &mut hours, None) == Tv::True);
            if let Some(i) = fired {
                let mut rec = Recorder {
                    clauses: &mut clauses,
                    text: &mut text,
                };
                eval(&this.rules[i].cond, facts, env, &mut hours, Some(&mut rec));
                steps.push(RStep {
                    rule: Some(i as u32),
                    matched: true,
                    clauses: (0, clauses.len() as u32),
                });
            }
        } else {
            steps.reserve(this.rules.len() + 1);
            clauses.reserve(this.rules.len() * 2);
            for (i, rule) in this.rules.iter().enumerate() {
                let start = clauses.len() as u32;
                let mut rec = Recorder {
                    clauses: &mut clauses,
                    text: &mut text,
                };
                let matched = eval(&rule.cond, facts, env, &mut hours, Some(&mut rec)) == Tv::True;
                steps.push(RStep {
                    rule: Some(i as u32),
                    matched,
                    clauses: (start, clauses.len() as u32),
                });
                if matched {
                    fired = Some(i);
                    break;
                }
            }
        }
        if fired.is_none() {
            let at = clauses.len() as u32;
            steps.push(RStep {
                rule: None,
                matched: true,
                clauses: (at, at),
            });
        }
        let customer_zone = facts.context.customer.time_zone.as_deref().map(|z| {
            let start = text.len() as u32;
            text.push_str(z);
            (start, text.len() as u32)
        });
        let trace = Trace::recorded(Recorded {
            policy: Arc::clone(this),
            steps,
            clauses,
            text,
            now,
            customer_zone,
        });
        match fired.and_then(|i| this.rules.get(i)) {
            Some(rule) => decision(&rule.action, &rule.name, trace),
            None => decision(&this.default, "default", trace),
        }
    }
}

// ---------------------------------------------------------------- why not

/// A condition evaluated in full (no short-circuit), for [`WhyNot`].
enum Node {
    Leaf(usize),
    All(Vec<(Tv, Node)>),
    Any(Vec<(Tv, Node)>),
    Not(Box<(Tv, Node)>),
}

fn eval_full(
    c: &CCond,
    facts: &Facts<'_>,
    env: Env<'_>,
    hours: &mut HoursCache,
    out: &mut Vec<(Tv, WhyNotClause)>,
    text: &mut String,
) -> (Tv, Node) {
    match c {
        CCond::All(items) | CCond::Any(items) => {
            let all = matches!(c, CCond::All(_));
            let evals: Vec<(Tv, Node)> = items
                .iter()
                .map(|i| eval_full(i, facts, env, hours, out, text))
                .collect();
            let tvs = evals.iter().map(|e| e.0);
            let tv = if all {
                tvs.fold(Tv::True, |acc, t| match (acc, t) {
                    (Tv::False, _) | (_, Tv::False) => Tv::False,
                    (Tv::Unknown, _) | (_, Tv::Unknown) => Tv::Unknown,
                    _ => Tv::True,
                })
            } else {
                tvs.fold(Tv::False, |acc, t| match (acc, t) {
                    (Tv::True, _) | (_, Tv::True) => Tv::True,
                    (Tv::Unknown, _) | (_, Tv::Unknown) => Tv::Unknown,
                    _ => Tv::False,
                })
            };
            (
                tv,
                if all {
                    Node::All(evals)
                } else {
                    Node::Any(evals)
                },
            )
        }
        CCond::Not(inner) => {
            let e = eval_full(inner, facts, env, hours, out, text);
            (e.0.not(), Node::Not(Box::new(e)))
        }
        CCond::Leaf(leaf) => {
            let (tv, value) = eval_leaf(leaf, facts, env, hours, Some(&mut *text));
            out.push((
                tv,
                WhyNotClause {
                    clause: leaf.text.clone(),
                    value: value.render(text, |i| match (env.now, env.calendars.get(i as usize)) {
                        (Some(now), Some(cal)) => {
                            cal.check(now, facts.context.customer.time_zone.as_deref(), true)
                                .explain
                        }
                        _ => "missing".to_string(),
                    }),
                    truth: tv.into(),
                },
            ));
            (tv, Node::Leaf(out.len() - 1))
        }
    }
}

/// Collects the leaves that keep `node` (whose value is `tv`) from being
/// `want`: for `want = True`, a false or unknown leaf of an `and`, every
/// operand of an `or`, and what keeps the operand of a `not` from being
/// false.
fn blockers(tv: Tv, node: &Node, want: Tv, out: &mut Vec<usize>) {
    if tv == want {
        return;
    }
    match node {
        Node::Leaf(i) => out.push(*i),
        Node::All(items) | Node::Any(items) => {
            for (t, n) in items {
                blockers(*t, n, want, out);
            }
        }
        Node::Not(inner) => blockers(inner.0, &inner.1, want.not(), out),
    }
}

impl From<Tv> for Truth {
    fn from(tv: Tv) -> Truth {
        match tv {
            Tv::True => Truth::True,
            Tv::False => Truth::False,
            Tv::Unknown => Truth::Unknown,
        }
    }
}

fn describe(c: &WhyNotClause) -> String {
    let what = match c.truth {
        Truth::True => "true",
        Truth::False => "false",
        Truth::Unknown => "unknown",
    };
    format!("`{}` is {what} (value: {})", c.clause, c.value)
}

impl Compiled {
    /// Explains rule `index` (`None` for `default`) on these facts.
    pub(crate) fn why_not(
        &self,
        index: Option<usize>,
        facts: &Facts<'_>,
        now: Option<Timestamp>,
    ) -> WhyNot {
        let env = self.env(now);
        let name = index
            .and_then(|i| self.rules.get(i))
            .map_or("default", |r| r.name.as_str())
            .to_string();
        // The rule that decides, among those before the asked-about one.
        let before = index.unwrap_or(self.rules.len());
        let mut hours = HoursCache::default();
        let earlier = self.rules[..before]
            .iter()
            .find(|r| eval(&r.cond, facts, env, &mut hours, None) == Tv::True);
        let (matched, clauses, failed) = match index.and_then(|i| self.rules.get(i)) {
            None => (true, Vec::new(), Vec::new()),
            Some(rule) => {
                let mut leaves = Vec::new();
                let mut text = String::new();
                let (tv, node) =
                    eval_full(&rule.cond, facts, env, &mut hours, &mut leaves, &mut text);
                let mut idx = Vec::new();
                blockers(tv, &node, Tv::True, &mut idx);
                idx.sort_unstable();
                idx.dedup();
                let failed: Vec<WhyNotClause> = idx
                    .iter()
                    .filter_map(|&i| leaves.get(i))
                    .map(|l| l.1.clone())
                    .collect();
                (
                    tv == Tv::True,
                    leaves.into_iter().map(|l| l.1).collect(),
                    failed,
                )
            }
        };
        let preempted_by = earlier.map(|r| r.name.clone());
        let fired = matched && preempted_by.is_none();
        let subject = if index.is_some() {
            format!("rule `{name}`")
        } else {
            "`default`".to_string()
        };
        let own = if failed.is_empty() {
            String::new()
        } else {
            failed.iter().map(describe).collect::<Vec<_>>().join("; ")
        };
        let explanation = match (&preempted_by, matched, index.is_some()) {
            (None, true, true) => format!("{subject} fired: its condition holds"),
            (None, true, false) => format!("{subject} decided: no rule fired"),
            (Some(by), _, false) => format!("{subject} was not used: rule `{by}` fired"),
            (None, false, _) => format!("{subject} did not fire: {own}"),
            (Some(by), true, true) => {
                format!("{subject} matches, but rule `{by}` comes first and fired")
            }
            (Some(by), false, true) => {
                format!("{subject} did not fire: rule `{by}` comes first and fired, and {own}")
            }
        };
        WhyNot {
            rule: name,
            fired,
            matched,
            preempted_by,
            failed,
            clauses,
            explanation,
        }
    }
}

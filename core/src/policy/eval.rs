//! Evaluation of a compiled policy with three-valued (Kleene) logic.

use super::calendar::Calendar;
use super::check::{Builtin, CAction, CCond, Compiled, Field, Leaf, Test};
use super::lexer::CmpOp;
use super::Facts;
use crate::analysis::{ClauseTrace, Decision, TraceStep};
use crate::context::AttributeValue;
use crate::definition::AttributeType;

/// Rendered strings longer than this (in chars) are cut in the trace.
const MAX_TRACE_VALUE_CHARS: usize = 120;

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

    fn render(self) -> String {
        match self {
            Val::Str(s) => truncate(s),
            Val::Num(n) => n.to_string(),
            Val::F32(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
            Val::List(items) => {
                let mut s = String::from("[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    s.push_str(item);
                }
                s.push(']');
                truncate(&s)
            }
        }
    }
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(MAX_TRACE_VALUE_CHARS) {
        None => s.to_string(),
        Some((cut, _)) => {
            let mut t = s[..cut].to_string();
            t.push('…');
            t
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
    }
}

/// Reads `field` and applies `test` to its value; missing or ill-typed
/// values are `Unknown`.
fn with_value(
    field: &Field,
    facts: &Facts<'_>,
    test: impl FnOnce(Val<'_>) -> bool,
) -> (Tv, String) {
    match read(field, facts) {
        Read::Value(v) => (Tv::from_bool(test(v)), v.render()),
        Read::Missing => (Tv::Unknown, "missing".to_string()),
        Read::WrongType { got, declared } => (
            Tv::Unknown,
            format!("invalid ({got}, declared {})", declared.as_str()),
        ),
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

fn eval_leaf(leaf: &Leaf, facts: &Facts<'_>, calendars: &[Calendar]) -> (Tv, String) {
    match &leaf.test {
        Test::StrEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, |v| {
            matches!(v, Val::Str(s) if s == lit) != *negated
        }),
        Test::BoolEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, |v| {
            matches!(v, Val::Bool(b) if b == *lit) != *negated
        }),
        Test::NumCmp { field, op, lit } => {
            with_value(field, facts, |v| v.num().is_some_and(|n| cmp(*op, n, *lit)))
        }
        Test::StrIn {
            field,
            items,
            negated,
        } => with_value(field, facts, |v| {
            matches!(v, Val::Str(s) if items.iter().any(|i| i == s)) != *negated
        }),
        Test::NumIn {
            field,
            items,
            negated,
        } => with_value(field, facts, |v| {
            v.num().is_some_and(|n| items.contains(&n)) != *negated
        }),
        Test::Contains { field, item } => with_value(
            field,
            facts,
            |v| matches!(v, Val::List(l) if l.iter().any(|i| i == item)),
        ),
        Test::Matches { field, regex } => with_value(
            field,
            facts,
            |v| matches!(v, Val::Str(s) if regex.is_match(s)),
        ),
        Test::Is { field } => with_value(field, facts, |v| matches!(v, Val::Bool(true))),
        Test::Present { field } => match read(field, facts) {
            Read::Value(v) => (Tv::True, v.render()),
            Read::Missing => (Tv::False, "missing".to_string()),
            Read::WrongType { got, declared } => (
                Tv::False,
                format!("invalid ({got}, declared {})", declared.as_str()),
            ),
        },
        Test::HasEntity { kind } => {
            let n = facts.entities.iter().filter(|e| e.kind == *kind).count();
            let value = if n == 0 {
                "none".to_string()
            } else {
                format!("{n} found")
            };
            (Tv::from_bool(n > 0), value)
        }
        Test::Within { calendar } => match (facts.context.now, calendars.get(*calendar)) {
            (Some(now), Some(cal)) => {
                let check = cal.check(now, facts.context.customer.time_zone.as_deref());
                (Tv::from_bool(check.open), check.explain)
            }
            _ => (Tv::Unknown, "missing".to_string()),
        },
    }
}

fn eval(c: &CCond, facts: &Facts<'_>, calendars: &[Calendar], out: &mut Vec<ClauseTrace>) -> Tv {
    match c {
        CCond::All(items) => {
            let mut result = Tv::True;
            for item in items {
                match eval(item, facts, calendars, out) {
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
                match eval(item, facts, calendars, out) {
                    Tv::True => return Tv::True,
                    Tv::Unknown => result = Tv::Unknown,
                    Tv::False => {}
                }
            }
            result
        }
        CCond::Not(inner) => eval(inner, facts, calendars, out).not(),
        CCond::Leaf(leaf) => {
            let (tv, value) = eval_leaf(leaf, facts, calendars);
            out.push(ClauseTrace {
                clause: leaf.text.clone(),
                value,
                result: tv == Tv::True,
            });
            tv
        }
    }
}

fn decision(a: &CAction, rule: &str, trace: Vec<TraceStep>) -> Decision {
    Decision {
        action: a.action,
        queue: a.queue.clone(),
        priority: a.priority,
        skills: a.skills.clone(),
        reply: None,
        tags: a.tags.clone(),
        locked: a.locked,
        rule: rule.to_string(),
        trace,
    }
}

impl Compiled {
    pub(crate) fn evaluate(&self, facts: &Facts<'_>) -> Decision {
        let mut trace = Vec::with_capacity(self.rules.len() + 1);
        for rule in &self.rules {
            let mut clauses = Vec::new();
            let matched = eval(&rule.cond, facts, &self.calendars, &mut clauses) == Tv::True;
            trace.push(TraceStep {
                rule: rule.name.clone(),
                matched,
                clauses,
            });
            if matched {
                return decision(&rule.action, &rule.name, trace);
            }
        }
        trace.push(TraceStep {
            rule: "default".to_string(),
            matched: true,
            clauses: Vec::new(),
        });
        decision(&self.default, "default", trace)
    }
}

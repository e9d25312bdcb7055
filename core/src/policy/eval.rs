//! Evaluation of a compiled policy with three-valued (Kleene) logic.

use jiff::Timestamp;

use super::calendar::Calendar;
use super::check::{Builtin, CAction, CCond, Compiled, Field, Leaf, Test};
use super::lexer::CmpOp;
use super::{Facts, TraceLevel, Truth, WhyNot, WhyNotClause};
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
            // Bytes bound chars: a short string needs no scan.
            Val::Str(s) if s.len() <= MAX_TRACE_VALUE_CHARS => s.to_string(),
            Val::Str(s) => truncate(s),
            // Whole numbers (escalation, counts, amounts) print as integers.
            Val::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => (n as i64).to_string(),
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
        B::ConvSameIntentRepeats => opt_num(ctx.conversation.same_intent_repeats.map(f64::from)),
        B::ConvSentimentTrend => opt_num(ctx.conversation.sentiment_trend.map(f64::from)),
        B::ConvAskedForHuman => ctx
            .conversation
            .asked_for_human
            .map_or(Read::Missing, |b| Read::Value(Val::Bool(b))),
    }
}

/// Reads `field` and applies `test` to its value; missing or ill-typed
/// values are `Unknown`. The value is rendered for the trace only when
/// `render` is true (an empty string otherwise: no allocation).
fn with_value(
    field: &Field,
    facts: &Facts<'_>,
    render: bool,
    test: impl FnOnce(Val<'_>) -> bool,
) -> (Tv, String) {
    match read(field, facts) {
        Read::Value(v) => (
            Tv::from_bool(test(v)),
            if render { v.render() } else { String::new() },
        ),
        Read::Missing => (
            Tv::Unknown,
            if render {
                "missing".to_string()
            } else {
                String::new()
            },
        ),
        Read::WrongType { got, declared } => (
            Tv::Unknown,
            if render {
                format!("invalid ({got}, declared {})", declared.as_str())
            } else {
                String::new()
            },
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

/// What evaluation reads besides the facts: the calendars and the clock.
#[derive(Clone, Copy)]
struct Env<'a> {
    calendars: &'a [Calendar],
    /// The evaluation instant: [`Policy::evaluate_at`](super::Policy::evaluate_at)'s
    /// argument, else `context.now`. Never the system clock.
    now: Option<Timestamp>,
}

/// Business-hours checks of one decision, per calendar: many rules may ask
/// the same calendar, and converting time zones and printing dates is the
/// costliest part of evaluation.
#[derive(Default)]
struct HoursCache {
    open: Vec<Option<bool>>,
    explain: Vec<Option<String>>,
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

    fn explain(&mut self, i: usize, cal: &Calendar, now: Timestamp, facts: &Facts<'_>) -> String {
        if self.explain.len() <= i {
            self.explain.resize(i + 1, None);
        }
        self.explain[i]
            .get_or_insert_with(|| {
                cal.check(now, facts.context.customer.time_zone.as_deref(), true)
                    .explain
            })
            .clone()
    }
}

/// Evaluates a leaf; renders the value read when `render` is true.
fn eval_leaf(
    leaf: &Leaf,
    facts: &Facts<'_>,
    env: Env<'_>,
    hours: &mut HoursCache,
    render: bool,
) -> (Tv, String) {
    match &leaf.test {
        Test::StrEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, render, |v| {
            matches!(v, Val::Str(s) if s == lit) != *negated
        }),
        Test::BoolEq {
            field,
            lit,
            negated,
        } => with_value(field, facts, render, |v| {
            matches!(v, Val::Bool(b) if b == *lit) != *negated
        }),
        Test::NumCmp { field, op, lit } => with_value(field, facts, render, |v| {
            v.num().is_some_and(|n| cmp(*op, n, *lit))
        }),
        Test::StrIn {
            field,
            items,
            negated,
        } => with_value(field, facts, render, |v| {
            matches!(v, Val::Str(s) if items.iter().any(|i| i == s)) != *negated
        }),
        Test::NumIn {
            field,
            items,
            negated,
        } => with_value(field, facts, render, |v| {
            v.num().is_some_and(|n| items.contains(&n)) != *negated
        }),
        Test::Contains { field, item } => with_value(
            field,
            facts,
            render,
            |v| matches!(v, Val::List(l) if l.iter().any(|i| i == item)),
        ),
        Test::Matches { field, regex } => with_value(
            field,
            facts,
            render,
            |v| matches!(v, Val::Str(s) if regex.is_match(s)),
        ),
        Test::Is { field } => with_value(field, facts, render, |v| matches!(v, Val::Bool(true))),
        Test::Present { field } => {
            let (tv, value) = with_value(field, facts, render, |_| true);
            // Presence is never unknown: missing or ill-typed is absent.
            (if tv == Tv::True { Tv::True } else { Tv::False }, value)
        }
        Test::HasEntity { kind } => {
            let n = facts.entities.iter().filter(|e| e.kind == *kind).count();
            let value = match (render, n) {
                (false, _) => String::new(),
                (true, 0) => "none".to_string(),
                (true, n) => format!("{n} found"),
            };
            (Tv::from_bool(n > 0), value)
        }
        Test::Within { calendar } => match (env.now, env.calendars.get(*calendar)) {
            (Some(now), Some(cal)) => {
                let open = hours.open(*calendar, cal, now, facts);
                let value = if render {
                    hours.explain(*calendar, cal, now, facts)
                } else {
                    String::new()
                };
                (Tv::from_bool(open), value)
            }
            _ => (
                Tv::Unknown,
                if render {
                    "missing".to_string()
                } else {
                    String::new()
                },
            ),
        },
    }
}

/// Evaluates a condition with short-circuits. With `out`, the leaves
/// evaluated are traced with their values; without, nothing is rendered
/// or allocated.
fn eval(
    c: &CCond,
    facts: &Facts<'_>,
    env: Env<'_>,
    hours: &mut HoursCache,
    mut out: Option<&mut Vec<ClauseTrace>>,
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
        CCond::Leaf(leaf) => {
            let (tv, value) = eval_leaf(leaf, facts, env, hours, out.is_some());
            if let Some(out) = out {
                out.push(ClauseTrace {
                    clause: leaf.text.clone(),
                    value,
                    result: tv == Tv::True,
                });
            }
            tv
        }
    }
}

fn default_step() -> TraceStep {
    TraceStep {
        rule: "default".to_string(),
        matched: true,
        clauses: Vec::new(),
    }
}

fn decision(a: &CAction, rule: &str, trace: Vec<TraceStep>) -> Decision {
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
    pub(crate) fn evaluate(
        &self,
        facts: &Facts<'_>,
        now: Option<Timestamp>,
        level: TraceLevel,
    ) -> Decision {
        let env = self.env(now);
        let mut hours = HoursCache::default();
        if level == TraceLevel::Fired {
            // Decide without rendering anything, then trace the rule that fired.
            let fired = self
                .rules
                .iter()
                .find(|r| eval(&r.cond, facts, env, &mut hours, None) == Tv::True);
            return match fired {
                Some(rule) => {
                    let mut clauses = Vec::new();
                    eval(&rule.cond, facts, env, &mut hours, Some(&mut clauses));
                    let step = TraceStep {
                        rule: rule.name.clone(),
                        matched: true,
                        clauses,
                    };
                    decision(&rule.action, &rule.name, vec![step])
                }
                None => decision(&self.default, "default", vec![default_step()]),
            };
        }
        let mut trace = Vec::with_capacity(self.rules.len() + 1);
        for rule in &self.rules {
            // Short-circuits often stop early: room for a few clauses.
            let mut clauses = Vec::with_capacity(rule.leaves.min(4));
            let matched = eval(&rule.cond, facts, env, &mut hours, Some(&mut clauses)) == Tv::True;
            trace.push(TraceStep {
                rule: rule.name.clone(),
                matched,
                clauses,
            });
            if matched {
                return decision(&rule.action, &rule.name, trace);
            }
        }
        trace.push(default_step());
        decision(&self.default, "default", trace)
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
) -> (Tv, Node) {
    match c {
        CCond::All(items) | CCond::Any(items) => {
            let all = matches!(c, CCond::All(_));
            let evals: Vec<(Tv, Node)> = items
                .iter()
                .map(|i| eval_full(i, facts, env, hours, out))
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
            let e = eval_full(inner, facts, env, hours, out);
            (e.0.not(), Node::Not(Box::new(e)))
        }
        CCond::Leaf(leaf) => {
            let (tv, value) = eval_leaf(leaf, facts, env, hours, true);
            out.push((
                tv,
                WhyNotClause {
                    clause: leaf.text.clone(),
                    value,
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
                let (tv, node) = eval_full(&rule.cond, facts, env, &mut hours, &mut leaves);
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

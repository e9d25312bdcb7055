//! [`Trace`]: the record of a decision, kept cheap to make and rendered
//! when read.
//!
//! A decision over a long policy tries many rules, and a trace that owned
//! a rendered string for every rule name, clause and value would cost
//! several allocations per rule tried: far more than deciding. So the
//! evaluator records *references* instead: the index of each rule tried,
//! the position of each clause within its rule, and each value read as a
//! number, a flag or a range of one text buffer. Reading the trace
//! ([`Trace::iter`], [`Trace::get`], serializing it) renders
//! [`TraceStep`]s from the compiled policy, which the trace shares.
//!
//! A trace read back from JSON (or built from steps with `From`) holds the
//! steps themselves. Both kinds compare, print and serialize alike.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::check::{CCond, Compiled, Leaf};
use crate::analysis::{ClauseTrace, TraceStep};
use crate::definition::AttributeType;

/// Rendered strings longer than this (in chars) are cut in the trace.
pub(crate) const MAX_TRACE_VALUE_CHARS: usize = 120;

/// Why a decision was taken: every rule tried, in order, with each
/// evaluated clause, the value it read and its result. See the
/// [module docs](self).
#[derive(Clone, Default)]
pub struct Trace {
    base: Repr,
    /// Steps pushed after the evaluation (a recorded trace is immutable).
    extra: Vec<TraceStep>,
}

#[derive(Clone)]
enum Repr {
    Steps(Vec<TraceStep>),
    Recorded(Arc<Recorded>),
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Steps(Vec::new())
    }
}

/// What the evaluator records.
pub(crate) struct Recorded {
    pub policy: Arc<Compiled>,
    pub steps: Vec<RStep>,
    pub clauses: Vec<RClause>,
    /// Text of the string values read, each a range of this buffer.
    pub text: String,
    /// The evaluation instant, for explaining business hours on demand.
    pub now: Option<jiff::Timestamp>,
    /// The customer's time zone (a range of `text`), likewise.
    pub customer_zone: Option<(u32, u32)>,
}

/// One rule tried.
pub(crate) struct RStep {
    /// Index in `policy.rules`; `None` for `default`.
    pub rule: Option<u32>,
    pub matched: bool,
    /// Range of `Recorded::clauses`.
    pub clauses: (u32, u32),
}

/// One clause evaluated.
pub(crate) struct RClause {
    /// The clause's [`Leaf::ordinal`] in its rule.
    pub leaf: u32,
    pub value: RValue,
    pub result: bool,
}

/// A value read by a clause, rendered on demand.
#[derive(Clone, Copy, Debug)]
pub(crate) enum RValue {
    Missing,
    /// A number; whole numbers print as integers.
    Num(f64),
    /// A number stored as `f32`, printed as written (`0.8`).
    F32(f32),
    Bool(bool),
    /// `start..end` of the recorded text.
    Text(u32, u32),
    /// A custom attribute of another type than declared.
    Invalid {
        got: &'static str,
        declared: AttributeType,
    },
    /// The number of entities of a kind.
    Entities(u32),
    /// Calendar `i` of the policy, explained when rendered.
    Hours(u32),
}

impl RValue {
    /// Records a string value (cut to [`MAX_TRACE_VALUE_CHARS`] chars) in
    /// `text`.
    pub(crate) fn text(s: &str, text: &mut String) -> RValue {
        let start = text.len();
        // enough bytes for one char more than is kept, whatever the chars
        let mut end = s.len().min(4 * (MAX_TRACE_VALUE_CHARS + 1));
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(&s[..end]);
        Self::cut(start, text)
    }

    /// Records a list value as `[a, b]` in `text`.
    pub(crate) fn list(items: &[String], text: &mut String) -> RValue {
        let start = text.len();
        text.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                text.push_str(", ");
            }
            text.push_str(item);
        }
        text.push(']');
        Self::cut(start, text)
    }

    /// The value recorded from `start` on, cut to
    /// [`MAX_TRACE_VALUE_CHARS`] chars.
    fn cut(start: usize, text: &mut String) -> RValue {
        // Bytes bound chars: a short value needs no scan.
        if text.len() - start > MAX_TRACE_VALUE_CHARS {
            if let Some((i, _)) = text[start..].char_indices().nth(MAX_TRACE_VALUE_CHARS) {
                text.truncate(start + i);
                text.push('…');
            }
        }
        RValue::Text(start as u32, text.len() as u32)
    }

    /// The value as the trace shows it. `hours` explains a calendar.
    pub(crate) fn render(self, text: &str, hours: impl FnOnce(u32) -> String) -> String {
        match self {
            RValue::Hours(i) => hours(i),
            RValue::Missing => "missing".to_string(),
            // Whole numbers (escalation, counts, amounts) print as integers.
            RValue::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => (n as i64).to_string(),
            RValue::Num(n) => n.to_string(),
            RValue::F32(n) => n.to_string(),
            RValue::Bool(b) => b.to_string(),
            RValue::Text(s, e) => text.get(s as usize..e as usize).unwrap_or("").to_string(),
            RValue::Invalid { got, declared } => {
                format!("invalid ({got}, declared {})", declared.as_str())
            }
            RValue::Entities(0) => "none".to_string(),
            RValue::Entities(n) => format!("{n} found"),
        }
    }
}

/// The leaf numbered `ordinal` in `cond`.
fn leaf(cond: &CCond, ordinal: u32) -> Option<&Leaf> {
    match cond {
        CCond::Leaf(l) => (l.ordinal == ordinal).then_some(&**l),
        CCond::All(items) | CCond::Any(items) => items.iter().find_map(|c| leaf(c, ordinal)),
        CCond::Not(inner) => leaf(inner, ordinal),
    }
}

impl Recorded {
    /// Why calendar `i` is open or closed at the evaluation instant.
    fn explain_hours(&self, i: u32) -> String {
        let zone = self
            .customer_zone
            .and_then(|(s, e)| self.text.get(s as usize..e as usize));
        match (self.now, self.policy.calendars.get(i as usize)) {
            (Some(now), Some(cal)) => cal.check(now, zone, true).explain,
            _ => "missing".to_string(),
        }
    }

    fn step(&self, s: &RStep) -> TraceStep {
        let rule = s.rule.and_then(|i| self.policy.rules.get(i as usize));
        let clauses = self
            .clauses
            .get(s.clauses.0 as usize..s.clauses.1 as usize)
            .unwrap_or(&[])
            .iter()
            .map(|c| ClauseTrace {
                clause: rule
                    .and_then(|r| leaf(&r.cond, c.leaf))
                    .map_or_else(String::new, |l| l.text.clone()),
                value: c.value.render(&self.text, |i| self.explain_hours(i)),
                result: c.result,
            })
            .collect();
        TraceStep {
            rule: rule.map_or_else(|| "default".to_string(), |r| r.name.clone()),
            matched: s.matched,
            clauses,
        }
    }
}

impl Trace {
    pub(crate) fn recorded(r: Recorded) -> Trace {
        Trace {
            base: Repr::Recorded(Arc::new(r)),
            extra: Vec::new(),
        }
    }

    fn base_len(&self) -> usize {
        match &self.base {
            Repr::Steps(s) => s.len(),
            Repr::Recorded(r) => r.steps.len(),
        }
    }

    /// The number of steps (rules tried, `default` included when reached).
    pub fn len(&self) -> usize {
        self.base_len() + self.extra.len()
    }

    /// Appends a step (the bot notes here why it changed the policy's
    /// action, e.g. an `answer` without any reply).
    pub fn push(&mut self, step: TraceStep) {
        match &mut self.base {
            Repr::Steps(s) => s.push(step),
            Repr::Recorded(_) => self.extra.push(step),
        }
    }

    /// Whether there are no steps.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Step `i`, rendered.
    pub fn get(&self, i: usize) -> Option<TraceStep> {
        if let Some(j) = i.checked_sub(self.base_len()) {
            return self.extra.get(j).cloned();
        }
        match &self.base {
            Repr::Steps(s) => s.get(i).cloned(),
            Repr::Recorded(r) => r.steps.get(i).map(|s| r.step(s)),
        }
    }

    /// The last step (the rule that fired, or `default`), rendered.
    pub fn last(&self) -> Option<TraceStep> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }

    /// The steps, rendered one by one.
    pub fn iter(&self) -> Steps<'_> {
        Steps {
            trace: self,
            range: 0..self.len(),
        }
    }

    /// The names of the rules tried, in order, without rendering anything
    /// else.
    pub fn rule_names(&self) -> impl Iterator<Item = &str> + '_ {
        let base: Box<dyn Iterator<Item = &str> + '_> = match &self.base {
            Repr::Steps(s) => Box::new(s.iter().map(|s| s.rule.as_str())),
            Repr::Recorded(r) => Box::new(r.steps.iter().map(|s| {
                s.rule
                    .and_then(|k| r.policy.rules.get(k as usize))
                    .map_or("default", |rule| rule.name.as_str())
            })),
        };
        base.chain(self.extra.iter().map(|s| s.rule.as_str()))
    }

    /// All steps, rendered.
    pub fn to_vec(&self) -> Vec<TraceStep> {
        self.iter().collect()
    }
}

/// The steps of a [`Trace`], rendered one by one: see [`Trace::iter`].
#[derive(Clone, Debug)]
pub struct Steps<'a> {
    trace: &'a Trace,
    range: std::ops::Range<usize>,
}

impl Iterator for Steps<'_> {
    type Item = TraceStep;

    fn next(&mut self) -> Option<TraceStep> {
        self.range.next().and_then(|i| self.trace.get(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

impl DoubleEndedIterator for Steps<'_> {
    fn next_back(&mut self) -> Option<TraceStep> {
        self.range.next_back().and_then(|i| self.trace.get(i))
    }
}

impl ExactSizeIterator for Steps<'_> {}

impl<'a> IntoIterator for &'a Trace {
    type Item = TraceStep;
    type IntoIter = Steps<'a>;

    fn into_iter(self) -> Steps<'a> {
        self.iter()
    }
}

impl From<Vec<TraceStep>> for Trace {
    fn from(steps: Vec<TraceStep>) -> Trace {
        Trace {
            base: Repr::Steps(steps),
            extra: Vec::new(),
        }
    }
}

impl PartialEq for Trace {
    fn eq(&self, other: &Trace) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Trace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Trace {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Trace {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Trace, D::Error> {
        Vec::<TraceStep>::deserialize(deserializer).map(Trace::from)
    }
}

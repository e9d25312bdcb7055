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
//! [`TraceStep`]s from the compiled policy, which the trace shares. A
//! reader that copies the steps elsewhere (the WASM binding's result tape)
//! can borrow them instead ([`Trace::iter_ref`], [`Trace::get_ref`]): the
//! rule names and clauses are then the policy's own strings, and each value
//! is written straight into the reader's buffer.
//!
//! A trace read back from JSON (or built from steps with `From`) holds the
//! steps themselves. Both kinds compare, print and serialize alike.

use std::fmt::{self, Write as _};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::check::{CCond, CRule, Compiled, Leaf};
use crate::analysis::{ClauseTrace, TraceStep};
use crate::definition::AttributeType;

/// Rendered strings longer than this (in chars) are cut in the trace.
pub(crate) const MAX_TRACE_VALUE_CHARS: usize = 120;

/// Why a decision was taken: every rule tried, in order, with each
/// evaluated clause, the value it read and its result.
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
            _ => {
                let mut out = String::new();
                self.write(text, &mut out, |_, _| {});
                out
            }
        }
    }

    /// Appends the value as the trace shows it to `out`. `hours` appends
    /// the explanation of a calendar.
    fn write(self, text: &str, out: &mut String, hours: impl FnOnce(u32, &mut String)) {
        match self {
            RValue::Hours(i) => hours(i, out),
            RValue::Missing => out.push_str("missing"),
            // Whole numbers (escalation, counts, amounts) print as integers.
            RValue::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => write_int(n as i64, out),
            RValue::Num(n) => {
                let _ = write!(out, "{n}");
            }
            RValue::F32(n) => {
                let _ = write!(out, "{n}");
            }
            RValue::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            RValue::Text(s, e) => out.push_str(text.get(s as usize..e as usize).unwrap_or("")),
            RValue::Invalid { got, declared } => {
                let _ = write!(out, "invalid ({got}, declared {})", declared.as_str());
            }
            RValue::Entities(0) => out.push_str("none"),
            RValue::Entities(n) => {
                write_int(n.into(), out);
                out.push_str(" found");
            }
        }
    }
}

/// Appends `n` as `Display` writes it (a value of most traces: counts,
/// escalation levels, amounts), without the formatting machinery.
fn write_int(n: i64, out: &mut String) {
    out.push_str(itoa::Buffer::new().format(n));
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
    /// Appends why calendar `i` is open or closed at the evaluation
    /// instant to `out`.
    fn explain_hours(&self, i: u32, out: &mut String) {
        let zone = self
            .customer_zone
            .and_then(|(s, e)| self.text.get(s as usize..e as usize));
        match (self.now, self.policy.calendars.get(i as usize)) {
            (Some(now), Some(cal)) => {
                // about what one takes
                out.reserve(64);
                cal.explain(now, zone, out);
            }
            _ => out.push_str("missing"),
        }
    }
}

/// One step of a [`Trace`], borrowed from it: see [`Trace::get_ref`].
/// Its strings are the policy's own and its values are rendered only when
/// written ([`ClauseRef::write_value`]).
#[derive(Clone, Copy)]
pub struct StepRef<'a>(StepSrc<'a>);

#[derive(Clone, Copy)]
enum StepSrc<'a> {
    Step(&'a TraceStep),
    Recorded(&'a Recorded, &'a RStep),
}

impl<'a> StepRef<'a> {
    fn rule_of(r: &'a Recorded, s: &RStep) -> Option<&'a CRule> {
        s.rule.and_then(|i| r.policy.rules.get(i as usize))
    }

    /// The rule's name (`"default"` for the default action).
    pub fn rule(self) -> &'a str {
        match self.0 {
            StepSrc::Step(s) => &s.rule,
            StepSrc::Recorded(r, s) => Self::rule_of(r, s).map_or("default", |r| &r.name),
        }
    }

    /// Whether the rule's condition held.
    pub fn matched(self) -> bool {
        match self.0 {
            StepSrc::Step(s) => s.matched,
            StepSrc::Recorded(_, s) => s.matched,
        }
    }

    /// The clauses evaluated, in order.
    pub fn clauses(self) -> ClauseRefs<'a> {
        ClauseRefs(match self.0 {
            StepSrc::Step(s) => ClausesSrc::Steps(s.clauses.iter()),
            StepSrc::Recorded(r, s) => ClausesSrc::Recorded(
                r,
                Self::rule_of(r, s),
                r.clauses
                    .get(s.clauses.0 as usize..s.clauses.1 as usize)
                    .unwrap_or(&[])
                    .iter(),
            ),
        })
    }

    /// The step, rendered (as [`Trace::get`] returns it).
    pub fn to_step(self) -> TraceStep {
        match self.0 {
            StepSrc::Step(s) => s.clone(),
            StepSrc::Recorded(..) => TraceStep {
                rule: self.rule().to_string(),
                matched: self.matched(),
                clauses: self
                    .clauses()
                    .map(|c| ClauseTrace {
                        clause: c.clause().to_string(),
                        value: c.value(),
                        result: c.result(),
                    })
                    .collect(),
            },
        }
    }
}

/// The clauses of a [`StepRef`], borrowed one by one.
pub struct ClauseRefs<'a>(ClausesSrc<'a>);

enum ClausesSrc<'a> {
    Steps(std::slice::Iter<'a, ClauseTrace>),
    Recorded(
        &'a Recorded,
        Option<&'a CRule>,
        std::slice::Iter<'a, RClause>,
    ),
}

impl<'a> Iterator for ClauseRefs<'a> {
    type Item = ClauseRef<'a>;

    fn next(&mut self) -> Option<ClauseRef<'a>> {
        match &mut self.0 {
            ClausesSrc::Steps(it) => it.next().map(|c| ClauseRef {
                clause: &c.clause,
                value: ValueSrc::Text(&c.value),
                result: c.result,
            }),
            ClausesSrc::Recorded(r, rule, it) => it.next().map(|c| ClauseRef {
                clause: rule
                    .and_then(|rule| leaf(&rule.cond, c.leaf))
                    .map_or("", |l| &l.text),
                value: ValueSrc::Recorded(r, c.value),
                result: c.result,
            }),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            ClausesSrc::Steps(it) => it.size_hint(),
            ClausesSrc::Recorded(_, _, it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for ClauseRefs<'_> {}

/// One clause of a [`StepRef`], borrowed.
pub struct ClauseRef<'a> {
    clause: &'a str,
    value: ValueSrc<'a>,
    result: bool,
}

enum ValueSrc<'a> {
    Text(&'a str),
    Recorded(&'a Recorded, RValue),
}

impl<'a> ClauseRef<'a> {
    /// The clause as written in the policy.
    pub fn clause(&self) -> &'a str {
        self.clause
    }

    /// The clause's result.
    pub fn result(&self) -> bool {
        self.result
    }

    /// Appends the value the clause read, rendered as text, to `out`
    /// (what [`ClauseTrace::value`] holds).
    pub fn write_value(&self, out: &mut String) {
        match self.value {
            ValueSrc::Text(v) => out.push_str(v),
            ValueSrc::Recorded(r, v) => v.write(&r.text, out, |i, out| r.explain_hours(i, out)),
        }
    }

    /// The value the clause read, rendered as text.
    pub fn value(&self) -> String {
        let mut out = String::new();
        self.write_value(&mut out);
        out
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
        self.get_ref(i).map(|s| s.to_step())
    }

    /// Step `i`, borrowed: nothing is rendered until asked.
    pub fn get_ref(&self, i: usize) -> Option<StepRef<'_>> {
        if let Some(j) = i.checked_sub(self.base_len()) {
            return self.extra.get(j).map(|s| StepRef(StepSrc::Step(s)));
        }
        match &self.base {
            Repr::Steps(s) => s.get(i).map(|s| StepRef(StepSrc::Step(s))),
            Repr::Recorded(r) => r.steps.get(i).map(|s| StepRef(StepSrc::Recorded(r, s))),
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

    /// The steps, borrowed one by one: for readers that copy them somewhere
    /// (an encoder), without the strings of [`Trace::iter`].
    pub fn iter_ref(&self) -> impl Iterator<Item = StepRef<'_>> + '_ {
        (0..self.len()).filter_map(|i| self.get_ref(i))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_as_display_writes_them() {
        for n in [
            0,
            1,
            -1,
            9,
            10,
            -10,
            99,
            12_345,
            -999_999_999_999_999,
            i64::MIN,
            i64::MAX,
        ] {
            let mut out = String::from("x");
            write_int(n, &mut out);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn values_render_as_they_were_rendered() {
        let text = "abc";
        for (v, want) in [
            (RValue::Missing, "missing"),
            (RValue::Num(3.0), "3"),
            (RValue::Num(-2.5), "-2.5"),
            (RValue::Num(1e16), "10000000000000000"),
            (RValue::F32(0.8), "0.8"),
            (RValue::Bool(true), "true"),
            (RValue::Bool(false), "false"),
            (RValue::Text(1, 3), "bc"),
            (RValue::Text(2, 9), ""),
            (
                RValue::Invalid {
                    got: "text",
                    declared: AttributeType::Number,
                },
                "invalid (text, declared number)",
            ),
            (RValue::Entities(0), "none"),
            (RValue::Entities(3), "3 found"),
            (RValue::Hours(2), "hours 2"),
        ] {
            assert_eq!(v.render(text, |i| format!("hours {i}")), want);
            let mut out = String::from("x");
            v.write(text, &mut out, |i, out| out.push_str(&format!("hours {i}")));
            assert_eq!(out, format!("x{want}"));
        }
    }
}

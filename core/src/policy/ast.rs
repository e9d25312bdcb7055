//! The syntax tree of a policy: what the parser produces, what
//! [`Policy::to_json`](super::Policy::to_json) serializes, and what the
//! pretty-printer renders back to text.

use std::fmt::{self, Write as _};

use jiff::civil::Date;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lexer::{CmpOp, Pos};
use crate::analysis::Action;

/// A value with the position it was read from. Serializes as the bare value;
/// positions are not part of the JSON form and are ignored by `==`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sp<T> {
    pub v: T,
    pub pos: Pos,
}

impl<T> Sp<T> {
    pub(crate) fn new(v: T, pos: Pos) -> Sp<T> {
        Sp { v, pos }
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.v == other.v
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.v.serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|v| Sp {
            v,
            pos: Pos::default(),
        })
    }
}

/// A whole policy.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ast {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<QueueAst>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calendars: Vec<CalendarAst>,
    #[serde(default)]
    pub rules: Vec<RuleAst>,
    pub default: ActionAst,
}

/// Whose local time a calendar's hours are in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Local {
    /// The calendar's own `time_zone`.
    #[default]
    Site,
    /// `context.customer.time_zone` when it is a valid IANA name.
    Customer,
}

/// A day of the week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    pub(crate) const ALL: [Day; 7] = [
        Day::Mon,
        Day::Tue,
        Day::Wed,
        Day::Thu,
        Day::Fri,
        Day::Sat,
        Day::Sun,
    ];
    pub(crate) const NAMES: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    pub(crate) fn name(self) -> &'static str {
        Day::NAMES[self.index()]
    }

    /// 0 for Monday … 6 for Sunday.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn from_name(name: &str) -> Option<Day> {
        Day::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Day::ALL[i])
    }
}

/// A time of day as minutes since midnight, 0..=1440. JSON: `"HH:MM"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Clock(pub u16);

impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Clock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let bad = || {
            serde::de::Error::custom(format!(
                "invalid time `{s}` (expected HH:MM from 00:00 to 24:00)"
            ))
        };
        let (h, m) = s.split_once(':').ok_or_else(bad)?;
        if h.is_empty()
            || h.len() > 2
            || m.len() != 2
            || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if m > 59 || h > 24 || (h == 24 && m != 0) {
            return Err(bad());
        }
        Ok(Clock(h * 60 + m))
    }
}

/// `start-end`, end exclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimeRange {
    pub start: Sp<Clock>,
    pub end: Clock,
}

/// `hours DAYS RANGES`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HoursAst {
    pub days: Vec<Day>,
    pub times: Vec<TimeRange>,
}

/// `holiday DATE [to DATE]`, both ends inclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HolidayAst {
    pub from: Sp<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
}

/// `calendar NAME { ... }`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarAst {
    pub name: Sp<String>,
    pub time_zone: Sp<String>,
    #[serde(default)]
    pub local: Local,
    #[serde(default)]
    pub hours: Vec<HoursAst>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidayAst>,
}

/// `queue NAME [{ skills [..] }]`: a queue actions may route to, with the
/// skills its agents offer (`None`: not declared, so not checked).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QueueAst {
    pub name: Sp<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
}

/// `rule NAME: when COND then ACTION`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleAst {
    pub name: Sp<String>,
    pub when: Cond,
    pub then: ActionAst,
}

/// An action with its options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionAst {
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue: Option<Sp<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<u8>,
    /// Required skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<Sp<String>>,
    /// Preferred skills.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<Sp<String>>,
    /// A suggested agent script: an id such as `soothing_opener`, or text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<Sp<String>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub lock: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A literal value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum Lit {
    Bool(bool),
    Num(f64),
    Str(String),
}

impl Lit {
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Lit::Bool(_) => "bool",
            Lit::Num(_) => "number",
            Lit::Str(_) => "string",
        }
    }
}

/// A condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum Cond {
    /// `a and b and …`
    All(Vec<Cond>),
    /// `a or b or …`
    Any(Vec<Cond>),
    /// `not a`
    Not(Box<Cond>),
    /// `field OP literal`
    Compare {
        field: Sp<String>,
        op: CmpOp,
        value: Sp<Lit>,
    },
    /// `field in [..]` / `field not in [..]`
    In {
        field: Sp<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        negated: bool,
        values: Vec<Sp<Lit>>,
    },
    /// `"x" in list_field`
    Contains { value: Sp<String>, list: Sp<String> },
    /// `field matches /re/`
    Matches {
        field: Sp<String>,
        pattern: Sp<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        case_insensitive: bool,
    },
    /// A bare bool field.
    Is { field: Sp<String> },
    /// `has field`: the field is present.
    Present { field: Sp<String> },
    /// `has entity("kind")`
    HasEntity { kind: Sp<String> },
    /// `within business_hours("calendar")`
    Within { calendar: Sp<String> },
}

impl Cond {
    fn is_compound(&self) -> bool {
        matches!(self, Cond::All(_) | Cond::Any(_))
    }
}

// ---------------------------------------------------------------- printing

/// Writes `s` as a policy string literal.
pub(crate) fn write_str_lit(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

pub(crate) fn write_lit(out: &mut String, lit: &Lit) {
    match lit {
        Lit::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Lit::Num(n) => {
            let _ = write!(out, "{n}");
        }
        Lit::Str(s) => write_str_lit(out, s),
    }
}

fn write_list<'a, T: 'a>(
    out: &mut String,
    items: impl IntoIterator<Item = &'a T>,
    mut each: impl FnMut(&mut String, &T),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        each(out, item);
    }
    out.push(']');
}

fn write_regex(out: &mut String, pattern: &str, case_insensitive: bool) {
    out.push('/');
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                match chars.next() {
                    Some('\n') => out.push('n'),
                    Some(n) => out.push(n),
                    None => out.push('\\'),
                }
            }
            '/' => out.push_str("\\/"),
            // A regex ends at a newline, so a newline (possible only from
            // JSON) cannot be written; `from_json` refuses what changes.
            // Every other char is written as is, so text round-trips.
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('/');
    if case_insensitive {
        out.push('i');
    }
}

/// Writes a condition with the fewest parentheses that keep its tree
/// (every `and`/`or` nested in another one, or under `not`, is
/// parenthesized).
pub(crate) fn write_cond(out: &mut String, c: &Cond) {
    match c {
        Cond::All(items) | Cond::Any(items) => {
            let sep = if matches!(c, Cond::All(_)) {
                " and "
            } else {
                " or "
            };
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                write_operand(out, item);
            }
        }
        Cond::Not(inner) => {
            out.push_str("not ");
            write_operand(out, inner);
        }
        Cond::Compare { field, op, value } => {
            let _ = write!(out, "{} {} ", field.v, op.as_str());
            write_lit(out, &value.v);
        }
        Cond::In {
            field,
            negated,
            values,
        } => {
            let _ = write!(out, "{} {}in ", field.v, if *negated { "not " } else { "" });
            write_list(out, values, |o, v| write_lit(o, &v.v));
        }
        Cond::Contains { value, list } => {
            write_str_lit(out, &value.v);
            let _ = write!(out, " in {}", list.v);
        }
        Cond::Matches {
            field,
            pattern,
            case_insensitive,
        } => {
            let _ = write!(out, "{} matches ", field.v);
            write_regex(out, &pattern.v, *case_insensitive);
        }
        Cond::Is { field } => out.push_str(&field.v),
        Cond::Present { field } => {
            let _ = write!(out, "has {}", field.v);
        }
        Cond::HasEntity { kind } => {
            out.push_str("has entity(");
            write_str_lit(out, &kind.v);
            out.push(')');
        }
        Cond::Within { calendar } => {
            out.push_str("within business_hours(");
            write_str_lit(out, &calendar.v);
            out.push(')');
        }
    }
}

fn write_operand(out: &mut String, c: &Cond) {
    if c.is_compound() {
        out.push('(');
        write_cond(out, c);
        out.push(')');
    } else {
        write_cond(out, c);
    }
}

/// Conditions longer than this are printed one top-level operand per line.
const WRAP_WHEN_AT: usize = 80;

/// Writes a rule's condition, wrapping a long top-level `and`/`or` chain.
fn write_when(out: &mut String, c: &Cond) {
    let one_line = cond_text(c);
    let (Cond::All(items) | Cond::Any(items)) = c else {
        out.push_str(&one_line);
        return;
    };
    if one_line.chars().count() <= WRAP_WHEN_AT {
        out.push_str(&one_line);
        return;
    }
    let sep = if matches!(c, Cond::All(_)) {
        "\n        and "
    } else {
        "\n        or "
    };
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        write_operand(out, item);
    }
}

/// The text of a condition.
pub(crate) fn cond_text(c: &Cond) -> String {
    let mut s = String::new();
    write_cond(&mut s, c);
    s
}

pub(crate) fn write_action(out: &mut String, a: &ActionAst) {
    out.push_str(a.action.as_str());
    if let Some(q) = &a.queue {
        out.push_str(" queue ");
        write_str_lit(out, &q.v);
    }
    if let Some(p) = a.priority {
        let _ = write!(out, " priority {p}");
    }
    if !a.skills.is_empty() {
        out.push_str(" skills ");
        write_list(out, &a.skills, |o, s| write_str_lit(o, &s.v));
    }
    if !a.prefer.is_empty() {
        out.push_str(" prefer ");
        write_list(out, &a.prefer, |o, s| write_str_lit(o, &s.v));
    }
    if let Some(script) = &a.script {
        out.push_str(" script ");
        write_str_lit(out, &script.v);
    }
    if a.lock {
        out.push_str(" lock");
    }
    if !a.tags.is_empty() {
        out.push_str(" tags ");
        write_list(out, &a.tags, |o, s| write_str_lit(o, s));
    }
}

/// Days as written: runs of three or more consecutive days become `a-b`.
fn write_days(out: &mut String, days: &[Day]) {
    let mut i = 0;
    let mut first = true;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1].index() == days[j].index() + 1 {
            j += 1;
        }
        let run = if j - i >= 2 { j } else { i };
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(days[i].name());
        if run > i {
            out.push('-');
            out.push_str(days[run].name());
        }
        i = run + 1;
    }
}

impl fmt::Display for Ast {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for q in &self.queues {
            let _ = write!(out, "queue {}", q.name.v);
            if let Some(skills) = &q.skills {
                out.push_str(" { skills ");
                write_list(&mut out, skills, |o, s| write_str_lit(o, s));
                out.push_str(" }");
            }
            out.push('\n');
        }
        if !self.queues.is_empty() {
            out.push('\n');
        }
        for cal in &self.calendars {
            let _ = writeln!(out, "calendar {} {{", cal.name.v);
            out.push_str("    time_zone ");
            write_str_lit(&mut out, &cal.time_zone.v);
            out.push('\n');
            if cal.local == Local::Customer {
                out.push_str("    local customer\n");
            }
            for h in &cal.hours {
                out.push_str("    hours ");
                write_days(&mut out, &h.days);
                for (i, t) in h.times.iter().enumerate() {
                    out.push_str(if i == 0 { " " } else { ", " });
                    let _ = write!(out, "{}-{}", t.start.v, t.end);
                }
                out.push('\n');
            }
            for h in &cal.holidays {
                let _ = write!(out, "    holiday {}", h.from.v);
                if let Some(to) = h.to {
                    let _ = write!(out, " to {to}");
                }
                out.push('\n');
            }
            out.push_str("}\n\n");
        }
        for rule in &self.rules {
            let _ = write!(out, "rule {}:\n    when ", rule.name.v);
            write_when(&mut out, &rule.when);
            out.push_str("\n    then ");
            write_action(&mut out, &rule.then);
            out.push_str("\n\n");
        }
        out.push_str("default ");
        write_action(&mut out, &self.default);
        out.push('\n');
        f.write_str(&out)
    }
}

//! Tokens → [`Ast`]. Purely syntactic; names and types are checked in
//! [`check`](super::check).

use super::ast::{
    ActionAst, Ast, CalendarAst, Clock, Cond, Day, HolidayAst, HoursAst, Lit, Local, QueueAst,
    RuleAst, Sp, TimeRange,
};
use super::lexer::{error_at, tokenize, Pos, Tok, Token};
use crate::analysis::Action;
use crate::error::{did_you_mean, Result};

/// How deeply conditions may nest (parentheses and `not`), so hostile input
/// cannot exhaust the stack.
pub(crate) const MAX_DEPTH: u32 = 64;

/// The highest priority.
pub(crate) const MAX_PRIORITY: u8 = 9;

/// Words that end a condition or an action and so cannot be field names.
const RESERVED: &[&str] = &[
    "and", "or", "not", "in", "matches", "then", "when", "rule", "default", "calendar",
];

const ACTION_OPTIONS: &[&str] = &[
    "queue", "priority", "skills", "prefer", "script", "lock", "tags",
];
const ACTIONS: &[&str] = &["answer", "clarify", "handoff", "ticket"];
const TOP_LEVEL: &[&str] = &["rule", "calendar", "queue", "default"];
const CALENDAR_STATEMENTS: &[&str] = &["time_zone", "local", "hours", "holiday"];

pub(crate) fn parse(src: &str) -> Result<Ast> {
    let toks = tokenize(src)?;
    let mut p = Parser {
        toks: &toks,
        i: 0,
        depth: 0,
    };
    p.policy()
}

struct Parser<'t> {
    toks: &'t [Token],
    i: usize,
    depth: u32,
}

/// True when `s` is a plain name (`[A-Za-z_][A-Za-z0-9_]*`).
pub(crate) fn is_simple_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // The token list always ends with Eof, and `bump` never moves past it.
        &self.toks[self.i.min(self.toks.len() - 1)]
    }

    fn peek2(&self) -> &Tok {
        &self.toks[(self.i + 1).min(self.toks.len() - 1)].tok
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.peek().tok, Tok::Ident(s) if s == word)
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let yes = self.is_word(word);
        if yes {
            self.bump();
        }
        yes
    }

    fn unexpected(&self, expected: &str) -> crate::Error {
        let t = self.peek();
        error_at(t.pos, format!("expected {expected}, found {}", t.tok))
    }

    fn expect_word(&mut self, word: &str) -> Result<Pos> {
        if self.is_word(word) {
            Ok(self.bump().pos)
        } else {
            Err(self.unexpected(&format!("`{word}`")))
        }
    }

    fn expect(&mut self, tok: Tok) -> Result<Pos> {
        if self.peek().tok == tok {
            Ok(self.bump().pos)
        } else {
            Err(self.unexpected(&tok.to_string()))
        }
    }

    fn string(&mut self, what: &str) -> Result<Sp<String>> {
        match &self.peek().tok {
            Tok::Str(s) => {
                let s = Sp::new(s.clone(), self.peek().pos);
                self.bump();
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn name(&mut self, what: &str) -> Result<Sp<String>> {
        match &self.peek().tok {
            Tok::Ident(s) if RESERVED.contains(&s.as_str()) => Err(error_at(
                self.peek().pos,
                format!("`{s}` is a reserved word and cannot be {what}"),
            )),
            Tok::Ident(s) if is_simple_name(s) => {
                let s = Sp::new(s.clone(), self.peek().pos);
                self.bump();
                Ok(s)
            }
            _ => Err(self.unexpected(what)),
        }
    }

    fn policy(&mut self) -> Result<Ast> {
        let mut calendars = Vec::new();
        let mut queues = Vec::new();
        let mut rules = Vec::new();
        loop {
            let t = self.peek();
            match &t.tok {
                Tok::Ident(w) if w == "calendar" => calendars.push(self.calendar()?),
                Tok::Ident(w) if w == "queue" => queues.push(self.queue()?),
                Tok::Ident(w) if w == "rule" => rules.push(self.rule()?),
                Tok::Ident(w) if w == "default" => {
                    self.bump();
                    let default = self.action()?;
                    if self.peek().tok != Tok::Eof {
                        return Err(error_at(
                            self.peek().pos,
                            format!(
                                "nothing may follow the `default` action, found {}",
                                self.peek().tok
                            ),
                        ));
                    }
                    return Ok(Ast {
                        queues,
                        calendars,
                        rules,
                        default,
                    });
                }
                Tok::Eof => {
                    return Err(error_at(
                        t.pos,
                        "missing `default` action (a policy ends with one, e.g. `default answer`)",
                    ))
                }
                Tok::Ident(w) => {
                    return Err(error_at(
                        t.pos,
                        format!(
                            "expected `rule`, `queue`, `calendar` or `default`, found `{w}`{}",
                            did_you_mean(w, TOP_LEVEL.iter().chain(ACTION_OPTIONS).copied())
                        ),
                    ))
                }
                _ => return Err(self.unexpected("`rule`, `queue`, `calendar` or `default`")),
            }
        }
    }

    // --------------------------------------------------------------- queues

    /// `queue NAME` or `queue NAME { skills [..] }`.
    fn queue(&mut self) -> Result<QueueAst> {
        self.expect_word("queue")?;
        let name = self.name("a queue name")?;
        let mut skills = None;
        if self.peek().tok == Tok::LBrace {
            self.bump();
            loop {
                let t = self.bump();
                match &t.tok {
                    Tok::RBrace => break,
                    Tok::Ident(w) if w == "skills" => {
                        if skills.is_some() {
                            return Err(error_at(t.pos, "`skills` is given twice"));
                        }
                        skills = Some(self.str_list()?.into_iter().map(|s| s.v).collect());
                    }
                    Tok::Ident(w) => {
                        return Err(error_at(
                            t.pos,
                            format!(
                                "unknown queue statement `{w}`{}",
                                did_you_mean(w, ["skills"])
                            ),
                        ))
                    }
                    Tok::Eof => return Err(error_at(name.pos, "unclosed queue (missing `}`)")),
                    other => {
                        return Err(error_at(
                            t.pos,
                            format!("expected `skills` or `}}`, found {other}"),
                        ))
                    }
                }
            }
        }
        Ok(QueueAst { name, skills })
    }

    // ------------------------------------------------------------ calendars

    fn calendar(&mut self) -> Result<CalendarAst> {
        let start = self.expect_word("calendar")?;
        let name = self.name("a calendar name")?;
        self.expect(Tok::LBrace)?;
        let mut time_zone: Option<Sp<String>> = None;
        let mut local: Option<Local> = None;
        let mut hours = Vec::new();
        let mut holidays = Vec::new();
        loop {
            let t = self.bump();
            match &t.tok {
                Tok::RBrace => break,
                Tok::Ident(w) if w == "time_zone" => {
                    if time_zone.is_some() {
                        return Err(error_at(t.pos, "`time_zone` is given twice"));
                    }
                    time_zone = Some(self.string("a time zone name such as \"Asia/Shanghai\"")?);
                }
                Tok::Ident(w) if w == "local" => {
                    if local.is_some() {
                        return Err(error_at(t.pos, "`local` is given twice"));
                    }
                    local = Some(if self.eat_word("site") {
                        Local::Site
                    } else if self.eat_word("customer") {
                        Local::Customer
                    } else {
                        return Err(self.unexpected("`site` or `customer`"));
                    });
                }
                Tok::Ident(w) if w == "hours" => hours.push(self.hours()?),
                Tok::Ident(w) if w == "holiday" => loop {
                    holidays.push(self.holiday()?);
                    if self.peek().tok != Tok::Comma {
                        break;
                    }
                    self.bump();
                },
                Tok::Ident(w) => {
                    return Err(error_at(
                        t.pos,
                        format!(
                            "unknown calendar statement `{w}`{}",
                            did_you_mean(w, CALENDAR_STATEMENTS.iter().copied())
                        ),
                    ))
                }
                Tok::Eof => return Err(error_at(start, "unclosed calendar (missing `}`)")),
                other => {
                    return Err(error_at(
                        t.pos,
                        format!(
                        "expected `time_zone`, `local`, `hours`, `holiday` or `}}`, found {other}"
                    ),
                    ))
                }
            }
        }
        let Some(time_zone) = time_zone else {
            return Err(error_at(
                name.pos,
                format!(
                    "calendar `{}` needs a `time_zone`, e.g. `time_zone \"Asia/Shanghai\"`",
                    name.v
                ),
            ));
        };
        Ok(CalendarAst {
            name,
            time_zone,
            local: local.unwrap_or_default(),
            hours,
            holidays,
        })
    }

    fn day(&mut self) -> Result<Day> {
        let t = self.bump();
        match &t.tok {
            Tok::Ident(w) => Day::from_name(w).ok_or_else(|| {
                error_at(
                    t.pos,
                    format!(
                        "unknown day `{w}`{}",
                        did_you_mean(w, Day::NAMES.iter().copied())
                    ),
                )
            }),
            other => Err(error_at(
                t.pos,
                format!("expected a day (mon … sun), found {other}"),
            )),
        }
    }

    fn time(&mut self) -> Result<Sp<Clock>> {
        let t = self.bump();
        match t.tok {
            Tok::Time(m) => Ok(Sp::new(Clock(m), t.pos)),
            other => Err(error_at(
                t.pos,
                format!("expected a time HH:MM, found {other}"),
            )),
        }
    }

    /// After `hours`: `mon-fri, sat 09:00-12:00, 13:00-18:00`.
    fn hours(&mut self) -> Result<HoursAst> {
        let mut days = Vec::new();
        loop {
            let first = self.day()?;
            let last = if self.peek().tok == Tok::Minus {
                self.bump();
                self.day()?
            } else {
                first
            };
            // Ranges may wrap around the week (`sat-mon`).
            let mut d = first.index();
            loop {
                days.push(Day::ALL[d]);
                if d == last.index() {
                    break;
                }
                d = (d + 1) % 7;
            }
            if self.peek().tok == Tok::Comma && matches!(self.peek2(), Tok::Ident(_)) {
                self.bump();
            } else {
                break;
            }
        }
        let mut times = Vec::new();
        loop {
            let start = self.time()?;
            self.expect(Tok::Minus)?;
            let end = self.time()?;
            if start.v.0 >= end.v.0 {
                return Err(error_at(
                    start.pos,
                    format!(
                        "empty hours range {}-{} (the end must be after the start; split overnight hours into two ranges)",
                        start.v, end.v
                    ),
                ));
            }
            times.push(TimeRange { start, end: end.v });
            if self.peek().tok == Tok::Comma && matches!(self.peek2(), Tok::Time(_)) {
                self.bump();
            } else {
                break;
            }
        }
        Ok(HoursAst { days, times })
    }

    fn date(&mut self) -> Result<Sp<jiff::civil::Date>> {
        let t = self.bump();
        match t.tok {
            Tok::Date(d) => Ok(Sp::new(d, t.pos)),
            other => Err(error_at(
                t.pos,
                format!("expected a date YYYY-MM-DD, found {other}"),
            )),
        }
    }

    /// After `holiday`: `2026-10-01` or `2026-10-01 to 2026-10-07`.
    fn holiday(&mut self) -> Result<HolidayAst> {
        let from = self.date()?;
        let to = if self.eat_word("to") {
            let to = self.date()?;
            if to.v < from.v {
                return Err(error_at(
                    to.pos,
                    format!(
                        "holiday range ends ({}) before it starts ({})",
                        to.v, from.v
                    ),
                ));
            }
            Some(to.v)
        } else {
            None
        };
        Ok(HolidayAst { from, to })
    }

    // ---------------------------------------------------------------- rules

    fn rule(&mut self) -> Result<RuleAst> {
        self.expect_word("rule")?;
        let name = self.name("a rule name")?;
        self.expect(Tok::Colon)?;
        self.expect_word("when")?;
        let when = self.or_cond()?;
        if !self.is_word("then") {
            return Err(self.unexpected("`and`, `or` or `then`"));
        }
        self.bump();
        let then = self.action()?;
        Ok(RuleAst { name, when, then })
    }

    fn or_cond(&mut self) -> Result<Cond> {
        let mut items = vec![self.and_cond()?];
        while self.eat_word("or") {
            items.push(self.and_cond()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Cond::Any(items)
        })
    }

    fn and_cond(&mut self) -> Result<Cond> {
        let mut items = vec![self.unary()?];
        while self.eat_word("and") {
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.swap_remove(0)
        } else {
            Cond::All(items)
        })
    }

    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(error_at(
                self.peek().pos,
                format!("condition nested too deeply (the limit is {MAX_DEPTH})"),
            ));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Cond> {
        if self.is_word("not") {
            self.bump();
            self.nest()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Cond::Not(Box::new(inner)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Cond> {
        let t = self.peek().clone();
        match t.tok {
            Tok::LParen => {
                self.bump();
                self.nest()?;
                let c = self.or_cond()?;
                self.depth -= 1;
                if self.peek().tok != Tok::RParen {
                    return Err(self.unexpected("`and`, `or` or `)`"));
                }
                self.bump();
                Ok(c)
            }
            Tok::Str(s) => {
                self.bump();
                self.expect_word("in")?;
                let list = self.field()?;
                Ok(Cond::Contains {
                    value: Sp::new(s, t.pos),
                    list,
                })
            }
            Tok::Ident(w) if w == "has" => {
                self.bump();
                if self.is_word("entity") && *self.peek2() == Tok::LParen {
                    self.bump();
                    let kind = self.call_arg("an entity kind such as \"card\"")?;
                    Ok(Cond::HasEntity { kind })
                } else {
                    Ok(Cond::Present {
                        field: self.field()?,
                    })
                }
            }
            Tok::Ident(w) if w == "within" => {
                self.bump();
                self.expect_word("business_hours")?;
                let calendar = self.call_arg("a calendar name such as \"support\"")?;
                Ok(Cond::Within { calendar })
            }
            Tok::Ident(_) => self.field_clause(),
            _ => Err(self.unexpected("a condition")),
        }
    }

    /// `( "string" )`
    fn call_arg(&mut self, what: &str) -> Result<Sp<String>> {
        self.expect(Tok::LParen)?;
        let s = self.string(what)?;
        self.expect(Tok::RParen)?;
        Ok(s)
    }

    fn field(&mut self) -> Result<Sp<String>> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Ident(w) if !RESERVED.contains(&w.as_str()) => {
                self.bump();
                if self.peek().tok == Tok::LParen {
                    let hint = match w.as_str() {
                        "entity" => " (write `has entity(\"kind\")`)",
                        "business_hours" => " (write `within business_hours(\"calendar\")`)",
                        _ => "",
                    };
                    return Err(error_at(
                        t.pos,
                        format!("`{w}(...)` cannot be used here{hint}"),
                    ));
                }
                Ok(Sp::new(w, t.pos))
            }
            _ => Err(self.unexpected("a field name")),
        }
    }

    /// A clause that starts with a field name.
    fn field_clause(&mut self) -> Result<Cond> {
        let field = self.field()?;
        let t = self.peek().clone();
        match t.tok {
            Tok::Op(op) => {
                self.bump();
                let value = self.literal()?;
                Ok(Cond::Compare { field, op, value })
            }
            Tok::Ident(w) if w == "in" => {
                self.bump();
                let values = self.lit_list()?;
                Ok(Cond::In {
                    field,
                    negated: false,
                    values,
                })
            }
            Tok::Ident(w) if w == "not" && matches!(self.peek2(), Tok::Ident(n) if n == "in") => {
                self.bump();
                self.bump();
                let values = self.lit_list()?;
                Ok(Cond::In {
                    field,
                    negated: true,
                    values,
                })
            }
            Tok::Ident(w) if w == "matches" => {
                self.bump();
                let r = self.bump();
                match r.tok {
                    Tok::Regex {
                        pattern,
                        case_insensitive,
                    } => Ok(Cond::Matches {
                        field,
                        pattern: Sp::new(pattern, r.pos),
                        case_insensitive,
                    }),
                    other => Err(error_at(
                        r.pos,
                        format!("expected a regex /.../ after `matches`, found {other}"),
                    )),
                }
            }
            _ => Ok(Cond::Is { field }),
        }
    }

    fn literal(&mut self) -> Result<Sp<Lit>> {
        let t = self.bump();
        let lit = match t.tok {
            Tok::Str(s) => Lit::Str(s),
            Tok::Num(n) => Lit::Num(n),
            Tok::Minus => match self.bump().tok {
                Tok::Num(n) => Lit::Num(-n),
                _ => return Err(error_at(t.pos, "expected a number after `-`")),
            },
            Tok::Ident(w) if w == "true" => Lit::Bool(true),
            Tok::Ident(w) if w == "false" => Lit::Bool(false),
            Tok::Ident(w) => {
                return Err(error_at(
                    t.pos,
                    format!("expected a value (a \"string\", a number, true or false), found `{w}` (fields can only be compared with values; quote strings)"),
                ))
            }
            other => return Err(error_at(t.pos, format!("expected a value, found {other}"))),
        };
        Ok(Sp::new(lit, t.pos))
    }

    /// `[lit, lit, …]`, a trailing comma allowed.
    fn lit_list(&mut self) -> Result<Vec<Sp<Lit>>> {
        if self.peek().tok != Tok::LBracket {
            return Err(self.unexpected("a list `[...]`"));
        }
        self.bump();
        let mut items = Vec::new();
        loop {
            if self.peek().tok == Tok::RBracket {
                self.bump();
                return Ok(items);
            }
            items.push(self.literal()?);
            match self.peek().tok {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBracket => {}
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }

    fn str_list(&mut self) -> Result<Vec<Sp<String>>> {
        let pos = self.peek().pos;
        let items = self.lit_list()?;
        items
            .into_iter()
            .map(|l| match l.v {
                Lit::Str(s) => Ok(Sp::new(s, l.pos)),
                other => Err(error_at(
                    if l.pos == Pos::default() { pos } else { l.pos },
                    format!("expected a string, found a {}", other.type_name()),
                )),
            })
            .collect()
    }

    // -------------------------------------------------------------- actions

    fn action(&mut self) -> Result<ActionAst> {
        let t = self.bump();
        let action = match &t.tok {
            Tok::Ident(w) if w == "answer" => Action::Answer,
            Tok::Ident(w) if w == "clarify" => Action::Clarify,
            Tok::Ident(w) if w == "handoff" => Action::Handoff,
            Tok::Ident(w) if w == "ticket" => Action::Ticket,
            Tok::Ident(w) => {
                return Err(error_at(
                    t.pos,
                    format!(
                        "unknown action `{w}`{}",
                        did_you_mean(w, ACTIONS.iter().copied())
                    ),
                ))
            }
            other => {
                return Err(error_at(
                    t.pos,
                    format!(
                        "expected an action (answer, clarify, handoff or ticket), found {other}"
                    ),
                ))
            }
        };
        let routed = matches!(action, Action::Handoff | Action::Ticket);
        let mut a = ActionAst {
            action,
            queue: None,
            priority: None,
            skills: vec![],
            prefer: vec![],
            script: None,
            lock: false,
            tags: vec![],
        };
        if routed {
            self.expect_word("queue").map_err(|_| {
                error_at(
                    self.peek().pos,
                    format!(
                        "`{}` needs a queue: `{} queue \"name\"`",
                        action.as_str(),
                        action.as_str()
                    ),
                )
            })?;
            let q = self.string("a queue name")?;
            if q.v.trim().is_empty() {
                return Err(error_at(q.pos, "the queue name is empty"));
            }
            a.queue = Some(q);
        }
        let mut seen: Vec<&str> = Vec::new();
        loop {
            let t = self.peek().clone();
            let Tok::Ident(word) = &t.tok else { break };
            // `queue NAME` (a name, not a string) starts a queue declaration.
            if word == "queue" && matches!(self.peek2(), Tok::Ident(_)) {
                break;
            }
            let Some(option) = ACTION_OPTIONS.iter().copied().find(|o| o == word) else {
                if TOP_LEVEL.contains(&word.as_str()) {
                    break;
                }
                return Err(error_at(
                    t.pos,
                    format!(
                        "unknown option `{word}` for `{}`{}",
                        action.as_str(),
                        did_you_mean(word, ACTION_OPTIONS.iter().copied())
                    ),
                ));
            };
            let allowed = match option {
                "tags" => true,
                "lock" => action == Action::Handoff,
                "queue" => false,
                // priority, skills, prefer, script
                _ => routed,
            };
            if !allowed {
                let why = match (option, action) {
                    ("lock", Action::Ticket) => "only a handoff can lock the session".to_string(),
                    ("queue", _) if routed => {
                        "the queue is given once, right after the action".to_string()
                    }
                    _ => format!("`{}` takes only `tags`", action.as_str()),
                };
                return Err(error_at(
                    t.pos,
                    format!("`{option}` is not allowed here: {why}"),
                ));
            }
            if seen.contains(&option) {
                return Err(error_at(t.pos, format!("`{option}` is given twice")));
            }
            seen.push(option);
            self.bump();
            match option {
                "priority" => {
                    let n = self.bump();
                    let p = match n.tok {
                        Tok::Num(p) if p.fract() == 0.0 && p <= f64::from(MAX_PRIORITY) => p as u8,
                        Tok::Num(p) => {
                            return Err(error_at(
                                n.pos,
                                format!("priority {p} is out of range (a whole number from 0 to {MAX_PRIORITY})"),
                            ))
                        }
                        Tok::Minus => {
                            return Err(error_at(
                                n.pos,
                                format!("a negative priority is out of range (a whole number from 0 to {MAX_PRIORITY})"),
                            ))
                        }
                        other => return Err(error_at(n.pos, format!("expected a priority 0-{MAX_PRIORITY}, found {other}"))),
                    };
                    a.priority = Some(p);
                }
                "skills" => a.skills = self.str_list()?,
                "prefer" => a.prefer = self.str_list()?,
                "script" => {
                    let s = self.string("a script id or text, e.g. \"soothing_opener\"")?;
                    if s.v.trim().is_empty() {
                        return Err(error_at(s.pos, "the script is empty"));
                    }
                    a.script = Some(s);
                }
                "tags" => a.tags = self.str_list()?.into_iter().map(|s| s.v).collect(),
                _ => a.lock = true,
            }
        }
        Ok(a)
    }
}

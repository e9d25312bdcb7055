//! Static checks and compilation: [`Ast`] + [`PolicySchema`] → [`Compiled`].
//!
//! Every field is resolved to a typed accessor, every literal is checked
//! against the field's type and (for intents, FAQ ids, FAQ statuses,
//! sentiment labels and entity kinds) against the names that exist, regexes
//! are compiled and calendars resolved, so evaluation never fails.

use regex_automata::meta::Regex;
use regex_automata::util::syntax;

use super::ast::{cond_text, write_lit, ActionAst, Ast, Cond, Lit, QueueAst, Sp};
use super::calendar::Calendar;
use super::lexer::{error_at, CmpOp, Pos};
use super::{reach, PolicySchema};
use crate::analysis::Action;
use crate::definition::AttributeType;
use crate::error::{did_you_mean, nearest, Result};

/// The NFA size limit of one `matches` regex.
const REGEX_NFA_LIMIT: usize = 1 << 20;

/// The type of a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Str,
    Num,
    Bool,
    /// A list of strings.
    List,
}

impl Ty {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ty::Str => "a string",
            Ty::Num => "a number",
            Ty::Bool => "a bool",
            Ty::List => "a list of strings",
        }
    }
}

/// Which names a string field's literals must come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Domain {
    Free,
    Intents,
    FaqIds,
    FaqStatus,
    SentimentLabel,
}

/// A built-in field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Builtin {
    Text,
    LangCode,
    LangScript,
    LangReply,
    LangConfidence,
    LangReliable,
    Intent,
    IntentConfidence,
    IntentOutOfScope,
    IntentAmbiguous,
    FaqStatus,
    FaqTop,
    FaqScore,
    SentScore,
    SentLabel,
    SentEscalation,
    SentAnger,
    SentAnxiety,
    SentSadness,
    SentJoy,
    SentGratitude,
    SentSignals,
    EntitiesCount,
    Channel,
    CustomerId,
    CustomerTier,
    CustomerPreferredLanguage,
    CustomerTimeZone,
    CustomerLifetimeValue,
    CustomerComplaints90d,
    ConvTurns,
    ConvFailedBotTurns,
    ConvPreviousIntents,
    ConvSameIntentRepeats,
    ConvSentimentTrend,
    ConvAskedForHuman,
}

/// Every built-in field: name, accessor, type, literal domain.
const BUILTINS: &[(&str, Builtin, Ty, Domain)] = {
    use Builtin as B;
    use Domain as D;
    use Ty as T;
    &[
        ("text", B::Text, T::Str, D::Free),
        ("language.code", B::LangCode, T::Str, D::Free),
        ("language.script", B::LangScript, T::Str, D::Free),
        ("language.reply_language", B::LangReply, T::Str, D::Free),
        ("language.confidence", B::LangConfidence, T::Num, D::Free),
        ("language.reliable", B::LangReliable, T::Bool, D::Free),
        ("intent", B::Intent, T::Str, D::Intents),
        ("intent.top", B::Intent, T::Str, D::Intents),
        ("intent.confidence", B::IntentConfidence, T::Num, D::Free),
        ("intent.out_of_scope", B::IntentOutOfScope, T::Bool, D::Free),
        ("intent.ambiguous", B::IntentAmbiguous, T::Bool, D::Free),
        ("faq.status", B::FaqStatus, T::Str, D::FaqStatus),
        ("faq.top", B::FaqTop, T::Str, D::FaqIds),
        ("faq.score", B::FaqScore, T::Num, D::Free),
        ("sentiment.score", B::SentScore, T::Num, D::Free),
        ("sentiment.label", B::SentLabel, T::Str, D::SentimentLabel),
        ("sentiment.escalation", B::SentEscalation, T::Num, D::Free),
        ("sentiment.anger", B::SentAnger, T::Num, D::Free),
        ("sentiment.anxiety", B::SentAnxiety, T::Num, D::Free),
        ("sentiment.sadness", B::SentSadness, T::Num, D::Free),
        ("sentiment.joy", B::SentJoy, T::Num, D::Free),
        ("sentiment.gratitude", B::SentGratitude, T::Num, D::Free),
        ("sentiment.signals", B::SentSignals, T::List, D::Free),
        ("entities.count", B::EntitiesCount, T::Num, D::Free),
        ("channel", B::Channel, T::Str, D::Free),
        ("customer.id", B::CustomerId, T::Str, D::Free),
        ("customer.tier", B::CustomerTier, T::Str, D::Free),
        (
            "customer.preferred_language",
            B::CustomerPreferredLanguage,
            T::Str,
            D::Free,
        ),
        ("customer.time_zone", B::CustomerTimeZone, T::Str, D::Free),
        (
            "customer.lifetime_value",
            B::CustomerLifetimeValue,
            T::Num,
            D::Free,
        ),
        (
            "customer.complaints_90d",
            B::CustomerComplaints90d,
            T::Num,
            D::Free,
        ),
        ("conversation.turns", B::ConvTurns, T::Num, D::Free),
        (
            "conversation.failed_bot_turns",
            B::ConvFailedBotTurns,
            T::Num,
            D::Free,
        ),
        (
            "conversation.previous_intents",
            B::ConvPreviousIntents,
            T::List,
            D::Intents,
        ),
        (
            "conversation.same_intent_repeats",
            B::ConvSameIntentRepeats,
            T::Num,
            D::Free,
        ),
        (
            "conversation.sentiment_trend",
            B::ConvSentimentTrend,
            T::Num,
            D::Free,
        ),
        (
            "conversation.asked_for_human",
            B::ConvAskedForHuman,
            T::Bool,
            D::Free,
        ),
    ]
};

/// The names of the built-in fields, for documentation and suggestions.
pub(crate) fn builtin_field_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|b| b.0)
}

impl Builtin {
    /// True for fields that are never missing (see the table in the module
    /// docs): `has` on them is always true.
    pub(crate) fn always_present(self) -> bool {
        use Builtin as B;
        !matches!(
            self,
            B::LangScript
                | B::Intent
                | B::FaqTop
                | B::FaqScore
                | B::Channel
                | B::CustomerId
                | B::CustomerTier
                | B::CustomerPreferredLanguage
                | B::CustomerTimeZone
                | B::CustomerLifetimeValue
                | B::CustomerComplaints90d
                | B::ConvTurns
                | B::ConvFailedBotTurns
                | B::ConvSameIntentRepeats
                | B::ConvSentimentTrend
                | B::ConvAskedForHuman
        )
    }

    /// The values a string field can take, when they are a closed set.
    pub(crate) fn closed_values(self) -> Option<&'static [&'static str]> {
        match self {
            Builtin::FaqStatus => Some(&FAQ_STATUSES),
            Builtin::SentLabel => Some(&SENTIMENT_LABELS),
            _ => None,
        }
    }

    /// True for fields stored as `f32`: literals are rounded to `f32` before
    /// comparing, so `intent.confidence >= 0.8` holds for a confidence of
    /// `0.8_f32`.
    fn is_f32(self) -> bool {
        matches!(
            self,
            Builtin::LangConfidence
                | Builtin::IntentConfidence
                | Builtin::FaqScore
                | Builtin::SentScore
                | Builtin::SentAnger
                | Builtin::SentAnxiety
                | Builtin::SentSadness
                | Builtin::SentJoy
                | Builtin::SentGratitude
        )
    }
}

/// A resolved field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Field {
    Builtin(Builtin),
    /// `attr.NAME` with its declared type.
    Attr(String, AttributeType),
}

/// What a leaf clause tests.
#[derive(Clone, Debug)]
pub(crate) enum Test {
    StrEq {
        field: Field,
        lit: String,
        negated: bool,
    },
    BoolEq {
        field: Field,
        lit: bool,
        negated: bool,
    },
    NumCmp {
        field: Field,
        op: CmpOp,
        lit: f64,
    },
    StrIn {
        field: Field,
        items: Vec<String>,
        negated: bool,
    },
    NumIn {
        field: Field,
        items: Vec<f64>,
        negated: bool,
    },
    Contains {
        field: Field,
        item: String,
    },
    Matches {
        field: Field,
        regex: Regex,
    },
    Is {
        field: Field,
    },
    Present {
        field: Field,
    },
    HasEntity {
        kind: String,
    },
    Within {
        calendar: usize,
    },
}

/// A leaf clause with its text for the trace.
#[derive(Clone, Debug)]
pub(crate) struct Leaf {
    pub text: String,
    /// The leaf's position among its rule's leaves, depth first (traces
    /// refer to clauses by it).
    pub ordinal: u32,
    pub test: Test,
    /// Where the clause starts in the policy text.
    pub pos: Pos,
}

/// The values of `faq.status`.
const FAQ_STATUSES: [&str; 3] = ["answer", "clarify", "no_answer"];
/// The values of `sentiment.label`.
const SENTIMENT_LABELS: [&str; 3] = ["negative", "neutral", "positive"];

/// A compiled condition.
#[derive(Clone, Debug)]
pub(crate) enum CCond {
    All(Vec<CCond>),
    Any(Vec<CCond>),
    Not(Box<CCond>),
    Leaf(Box<Leaf>),
}

impl CCond {
    /// Numbers the leaves depth first from `*next`.
    fn number_leaves(&mut self, next: &mut u32) {
        match self {
            CCond::All(items) | CCond::Any(items) => {
                for c in items {
                    c.number_leaves(next);
                }
            }
            CCond::Not(inner) => inner.number_leaves(next),
            CCond::Leaf(l) => {
                l.ordinal = *next;
                *next += 1;
            }
        }
    }
}

/// A compiled action: the decision fields a rule sets.
#[derive(Clone, Debug)]
pub(crate) struct CAction {
    pub action: Action,
    pub queue: Option<String>,
    pub priority: u8,
    pub skills: Vec<String>,
    pub preferred_skills: Vec<String>,
    pub script: Option<String>,
    pub tags: Vec<String>,
    pub locked: bool,
}

/// The priority of a handoff or ticket that gives none.
pub(crate) const DEFAULT_ROUTED_PRIORITY: u8 = 5;

#[derive(Clone, Debug)]
pub(crate) struct CRule {
    pub name: String,
    /// Where the rule's name is written.
    pub pos: Pos,
    pub cond: CCond,
    pub action: CAction,
}

/// A checked, compiled policy, ready to evaluate.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub rules: Vec<CRule>,
    pub default: CAction,
    pub calendars: Vec<Calendar>,
}

pub(crate) fn compile(ast: &Ast, schema: &PolicySchema) -> Result<Compiled> {
    for (i, q) in ast.queues.iter().enumerate() {
        if let Some(first) = ast.queues[..i].iter().find(|p| p.name.v == q.name.v) {
            return Err(error_at(
                q.name.pos,
                format!(
                    "duplicate queue `{}` (first declared at {})",
                    q.name.v, first.name.pos
                ),
            ));
        }
    }
    let mut calendars: Vec<Calendar> = Vec::with_capacity(ast.calendars.len());
    for cal in &ast.calendars {
        if calendars.iter().any(|c| c.name == cal.name.v) {
            return Err(error_at(
                cal.name.pos,
                format!("duplicate calendar `{}`", cal.name.v),
            ));
        }
        calendars.push(Calendar::compile(cal)?);
    }
    let checker = Checker {
        schema,
        calendars: &calendars,
    };
    let mut rules: Vec<CRule> = Vec::with_capacity(ast.rules.len());
    let mut names: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for rule in &ast.rules {
        if rule.name.v == "default" {
            return Err(error_at(
                rule.name.pos,
                "`default` is reserved for the default action; name the rule differently",
            ));
        }
        if !names.insert(rule.name.v.as_str()) {
            return Err(error_at(
                rule.name.pos,
                format!(
                    "duplicate rule name `{}` (rule names are stable ids and must be unique)",
                    rule.name.v
                ),
            ));
        }
        let mut cond = checker.cond(&rule.when)?;
        cond.number_leaves(&mut 0);
        rules.push(CRule {
            name: rule.name.v.clone(),
            pos: rule.name.pos,
            cond,
            action: action(&rule.then, &ast.queues)?,
        });
    }
    let default = action(&ast.default, &ast.queues)?;
    reach::check(&ast.rules, &rules)?;
    Ok(Compiled {
        rules,
        default,
        calendars,
    })
}

/// Checks an action's queue and skills against the declared queues.
fn action(a: &ActionAst, queues: &[QueueAst]) -> Result<CAction> {
    if let Some(q) = &a.queue {
        let Some(decl) = queues.iter().find(|d| d.name.v == q.v) else {
            let hint = match nearest(&q.v, queues.iter().map(|d| d.name.v.as_str())) {
                Some(near) => format!(" (did you mean `{near}`?)"),
                None if super::parser::is_simple_name(&q.v) => {
                    format!(" (declare it with `queue {}`)", q.v)
                }
                None => {
                    " (queues are declared with `queue NAME`, NAME a plain name such as `tier_2`)"
                        .to_string()
                }
            };
            return Err(error_at(q.pos, format!("unknown queue `{}`{hint}", q.v)));
        };
        if let Some(offered) = &decl.skills {
            for s in a.skills.iter().chain(&a.prefer) {
                if !offered.contains(&s.v) {
                    let listed = if offered.is_empty() {
                        "it declares no skills".to_string()
                    } else {
                        format!("its skills: {}", offered.join(", "))
                    };
                    return Err(error_at(
                        s.pos,
                        format!(
                            "queue `{}` has no agents with skill `{}` ({listed}){}",
                            q.v,
                            s.v,
                            did_you_mean(&s.v, offered.iter().map(String::as_str))
                        ),
                    ));
                }
            }
        }
    }
    for p in &a.prefer {
        if a.skills.iter().any(|s| s.v == p.v) {
            return Err(error_at(
                p.pos,
                format!(
                    "skill `{}` is both required (`skills`) and preferred (`prefer`); keep one",
                    p.v
                ),
            ));
        }
    }
    let routed = matches!(a.action, Action::Handoff | Action::Ticket);
    let strings = |v: &[Sp<String>]| v.iter().map(|s| s.v.clone()).collect::<Vec<_>>();
    Ok(CAction {
        action: a.action,
        queue: a.queue.as_ref().map(|q| q.v.clone()),
        priority: a
            .priority
            .unwrap_or(if routed { DEFAULT_ROUTED_PRIORITY } else { 0 }),
        skills: strings(&a.skills),
        preferred_skills: strings(&a.prefer),
        script: a.script.as_ref().map(|s| s.v.clone()),
        tags: a.tags.clone(),
        locked: a.lock,
    })
}

/// Where a leaf clause starts.
fn leaf_pos(c: &Cond) -> Pos {
    match c {
        Cond::Compare { field, .. }
        | Cond::In { field, .. }
        | Cond::Matches { field, .. }
        | Cond::Is { field }
        | Cond::Present { field } => field.pos,
        Cond::Contains { value, .. } => value.pos,
        Cond::HasEntity { kind } => kind.pos,
        Cond::Within { calendar } => calendar.pos,
        Cond::All(items) | Cond::Any(items) => items.first().map_or(Pos::default(), leaf_pos),
        Cond::Not(inner) => leaf_pos(inner),
    }
}

/// Builds a `matches` regex with size limits.
pub(crate) fn build_regex(
    pattern: &str,
    case_insensitive: bool,
) -> std::result::Result<Regex, String> {
    Regex::builder()
        .configure(Regex::config().nfa_size_limit(Some(REGEX_NFA_LIMIT)))
        .syntax(syntax::Config::new().case_insensitive(case_insensitive))
        .build(pattern)
        .map_err(|e| regex_error_message(&e))
}

/// A one-line reason from a regex build error: the innermost cause, without
/// the multi-line pattern excerpt regex-syntax adds.
fn regex_error_message(e: &(dyn std::error::Error + 'static)) -> String {
    let mut inner = e;
    while let Some(source) = inner.source() {
        inner = source;
    }
    let text = inner.to_string();
    match text.lines().find_map(|l| l.strip_prefix("error: ")) {
        Some(reason) => reason.to_string(),
        None => text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

struct Checker<'a> {
    schema: &'a PolicySchema,
    calendars: &'a [Calendar],
}

impl Checker<'_> {
    fn cond(&self, c: &Cond) -> Result<CCond> {
        let test = match c {
            Cond::All(items) => {
                return Ok(CCond::All(
                    items.iter().map(|i| self.cond(i)).collect::<Result<_>>()?,
                ))
            }
            Cond::Any(items) => {
                return Ok(CCond::Any(
                    items.iter().map(|i| self.cond(i)).collect::<Result<_>>()?,
                ))
            }
            Cond::Not(inner) => return Ok(CCond::Not(Box::new(self.cond(inner)?))),
            Cond::Compare { field, op, value } => self.compare(field, *op, value)?,
            Cond::In {
                field,
                negated,
                values,
            } => self.in_list(field, *negated, values)?,
            Cond::Contains { value, list } => {
                let (f, ty, domain) = self.field(list)?;
                if ty != Ty::List {
                    return Err(error_at(
                        list.pos,
                        format!(
                            "`\"…\" in {}` needs a list field, but `{}` is {} (write `{} == \"…\"` or `{} in [\"…\"]`)",
                            list.v,
                            list.v,
                            ty.name(),
                            list.v,
                            list.v
                        ),
                    ));
                }
                self.check_domain(&list.v, domain, &value.v, value.pos)?;
                Test::Contains {
                    field: f,
                    item: value.v.clone(),
                }
            }
            Cond::Matches {
                field,
                pattern,
                case_insensitive,
            } => {
                let (f, ty, _) = self.field(field)?;
                if ty != Ty::Str {
                    return Err(error_at(
                        field.pos,
                        format!(
                            "`matches` needs a string field, but `{}` is {}",
                            field.v,
                            ty.name()
                        ),
                    ));
                }
                let regex = build_regex(&pattern.v, *case_insensitive).map_err(|e| {
                    error_at(pattern.pos, format!("invalid regex /{}/: {e}", pattern.v))
                })?;
                Test::Matches { field: f, regex }
            }
            Cond::Is { field } => {
                let (f, ty, _) = self.field(field)?;
                if ty != Ty::Bool {
                    let hint = match ty {
                        Ty::Str => format!(
                            "compare it, e.g. `{} == \"…\"`, or test presence with `has {}`",
                            field.v, field.v
                        ),
                        Ty::Num => format!("compare it, e.g. `{} >= 1`", field.v),
                        _ => format!("test membership, e.g. `\"…\" in {}`", field.v),
                    };
                    return Err(error_at(
                        field.pos,
                        format!("`{}` is {}, not a bool; {hint}", field.v, ty.name()),
                    ));
                }
                Test::Is { field: f }
            }
            Cond::Present { field } => Test::Present {
                field: self.field(field)?.0,
            },
            Cond::HasEntity { kind } => {
                let kinds = &self.schema.entity_kinds;
                if !kinds.contains(&kind.v) {
                    return Err(error_at(
                        kind.pos,
                        format!(
                            "unknown entity kind `{}`{}",
                            kind.v,
                            did_you_mean(&kind.v, kinds.iter().map(String::as_str))
                        ),
                    ));
                }
                Test::HasEntity {
                    kind: kind.v.clone(),
                }
            }
            Cond::Within { calendar } => {
                let Some(i) = self.calendars.iter().position(|c| c.name == calendar.v) else {
                    let declared = if self.calendars.is_empty() {
                        " (declare one with `calendar NAME { … }`)".to_string()
                    } else {
                        did_you_mean(&calendar.v, self.calendars.iter().map(|c| c.name.as_str()))
                    };
                    return Err(error_at(
                        calendar.pos,
                        format!("unknown calendar `{}`{declared}", calendar.v),
                    ));
                };
                Test::Within { calendar: i }
            }
        };
        Ok(CCond::Leaf(Box::new(Leaf {
            text: cond_text(c),
            ordinal: 0,
            test,
            pos: leaf_pos(c),
        })))
    }

    /// Resolves a field name.
    fn field(&self, name: &Sp<String>) -> Result<(Field, Ty, Domain)> {
        if let Some(&(_, b, ty, domain)) = BUILTINS.iter().find(|b| b.0 == name.v) {
            return Ok((Field::Builtin(b), ty, domain));
        }
        let attrs = &self.schema.attributes;
        if let Some(attr) = name.v.strip_prefix("attr.") {
            return match attrs.get(attr) {
                Some(&t) => {
                    let ty = match t {
                        AttributeType::Bool => Ty::Bool,
                        AttributeType::Number => Ty::Num,
                        AttributeType::String => Ty::Str,
                    };
                    Ok((Field::Attr(attr.to_string(), t), ty, Domain::Free))
                }
                None => {
                    let hint = match nearest(attr, attrs.keys().map(String::as_str)) {
                        Some(near) => format!(" (did you mean `attr.{near}`?)"),
                        None => {
                            " (declare it in the bot definition's `context.attributes`)".to_string()
                        }
                    };
                    Err(error_at(
                        name.pos,
                        format!("undeclared attribute `{}`{hint}", name.v),
                    ))
                }
            };
        }
        let attr_names: Vec<String> = attrs.keys().map(|k| format!("attr.{k}")).collect();
        let mut names: Vec<&str> = builtin_field_names().collect();
        names.extend(attr_names.iter().map(String::as_str));
        let mut hint = did_you_mean(&name.v, names);
        if hint.is_empty() && attrs.contains_key(&name.v) {
            hint = format!(" (did you mean `attr.{}`?)", name.v);
        }
        Err(error_at(
            name.pos,
            format!("unknown field `{}`{hint}", name.v),
        ))
    }

    fn check_domain(&self, field: &str, domain: Domain, value: &str, pos: Pos) -> Result<()> {
        let (what, names): (&str, Vec<&str>) = match domain {
            Domain::Free => return Ok(()),
            Domain::Intents => (
                "intent",
                self.schema.intents.iter().map(String::as_str).collect(),
            ),
            Domain::FaqIds => (
                "FAQ id",
                self.schema.faq_ids.iter().map(String::as_str).collect(),
            ),
            Domain::FaqStatus => ("FAQ status", FAQ_STATUSES.to_vec()),
            Domain::SentimentLabel => ("sentiment label", SENTIMENT_LABELS.to_vec()),
        };
        if names.contains(&value) {
            return Ok(());
        }
        let mut msg = format!(
            "unknown {what} `{value}`{}",
            did_you_mean(value, names.iter().copied())
        );
        if matches!(domain, Domain::FaqStatus | Domain::SentimentLabel) {
            msg.push_str(&format!(" (`{field}` is one of {})", names.join(", ")));
        }
        Err(error_at(pos, msg))
    }

    fn mismatch(&self, field: &Sp<String>, ty: Ty, value: &Sp<Lit>) -> crate::Error {
        let mut lit = String::new();
        write_lit(&mut lit, &value.v);
        error_at(
            value.pos,
            format!(
                "type mismatch: `{}` is {} but `{lit}` is a {}",
                field.v,
                ty.name(),
                value.v.type_name()
            ),
        )
    }

    fn compare(&self, field: &Sp<String>, op: CmpOp, value: &Sp<Lit>) -> Result<Test> {
        let (f, ty, domain) = self.field(field)?;
        match (ty, &value.v) {
            (Ty::List, _) => Err(error_at(
                field.pos,
                format!(
                    "`{}` is a list of strings and cannot be compared with `{}`; test membership with `\"…\" in {}`",
                    field.v,
                    op.as_str(),
                    field.v
                ),
            )),
            (Ty::Num, Lit::Num(n)) => Ok(Test::NumCmp {
                lit: self.num_lit(&f, *n),
                field: f,
                op,
            }),
            (Ty::Str | Ty::Bool, _) if !op.is_equality() => Err(error_at(
                field.pos,
                format!("`{}` needs numbers, but `{}` is {}", op.as_str(), field.v, ty.name()),
            )),
            (Ty::Str, Lit::Str(s)) => {
                self.check_domain(&field.v, domain, s, value.pos)?;
                Ok(Test::StrEq {
                    field: f,
                    lit: s.clone(),
                    negated: op == CmpOp::Ne,
                })
            }
            (Ty::Bool, Lit::Bool(b)) => Ok(Test::BoolEq {
                field: f,
                lit: *b,
                negated: op == CmpOp::Ne,
            }),
            _ => Err(self.mismatch(field, ty, value)),
        }
    }

    fn num_lit(&self, field: &Field, n: f64) -> f64 {
        match field {
            Field::Builtin(b) if b.is_f32() => f64::from(n as f32),
            _ => n,
        }
    }

    fn in_list(&self, field: &Sp<String>, negated: bool, values: &[Sp<Lit>]) -> Result<Test> {
        let (f, ty, domain) = self.field(field)?;
        match ty {
            Ty::Str => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match &v.v {
                        Lit::Str(s) => {
                            self.check_domain(&field.v, domain, s, v.pos)?;
                            items.push(s.clone());
                        }
                        _ => return Err(self.mismatch(field, ty, v)),
                    }
                }
                Ok(Test::StrIn {
                    field: f,
                    items,
                    negated,
                })
            }
            Ty::Num => {
                let mut items = Vec::with_capacity(values.len());
                for v in values {
                    match &v.v {
                        Lit::Num(n) => items.push(self.num_lit(&f, *n)),
                        _ => return Err(self.mismatch(field, ty, v)),
                    }
                }
                Ok(Test::NumIn {
                    field: f,
                    items,
                    negated,
                })
            }
            Ty::Bool => Err(error_at(
                field.pos,
                format!(
                    "`{}` is a bool; test it directly (`{}` or `not {}`)",
                    field.v, field.v, field.v
                ),
            )),
            Ty::List => Err(error_at(
                field.pos,
                format!(
                    "`{}` is a list of strings; test membership with `\"…\" in {}`",
                    field.v, field.v
                ),
            )),
        }
    }
}

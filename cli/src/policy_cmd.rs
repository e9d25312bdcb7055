//! `kefu policy check|test|diff`: work on a routing policy without training
//! a bot.
//!
//! * `kefu policy check FILE` parses and type-checks a policy (text, or the
//!   JSON form when FILE ends in `.json`) against a bot's intents, FAQ ids,
//!   entity kinds and attributes, and prints `OK` or `FILE:LINE:COL: error`.
//! * `kefu policy test FILE CASES.jsonl` runs fixture cases and exits with 1
//!   when one fails.
//! * `kefu policy diff OLD NEW LOG.jsonl` replays logged inputs through two
//!   policies and shows where they decide differently.
//!
//! The schema comes from `--bot-def DEF` (YAML or JSON) or, by default, the
//! embedded demo bot. No command reads the clock: a case without
//! `context.now` has unknown business hours unless `--now` is given.
//!
//! # Cases and logs (JSON Lines)
//!
//! One JSON object per line; blank lines and lines starting with `#` or
//! `//` are skipped.
//!
//! ```json
//! {"name": "angry_zh", "text": "…", "context": {"now": "2026-11-20T03:00:00Z", "customer": {"tier": "vip"}},
//!  "analysis": {"language": "zh-Hans", "intent": "complaint", "faq": "no_answer",
//!               "sentiment": {"escalation": 2, "signals": ["profanity"]}, "entities": ["order_id"]},
//!  "expect": {"action": "handoff", "queue": "senior", "preferred_skills": ["mandarin"]}}
//! ```
//!
//! * `context` is a kefu context (all optional).
//! * `analysis` is a partial analysis; each part has a short form and a full
//!   one, so a logged [`kefu::Analysis`] (as `kefu analyze` prints it) works
//!   as is:
//!   - `language`: `"en"`, `"zh-Hant"` (code and script) or an object
//!     `{code, script, reply_language, confidence, reliable}`; absent: `und`;
//!   - `intent`: a name (confidence 1), `null` or absent (out of scope), or
//!     `{top, confidence, out_of_scope, ambiguous}`;
//!   - `faq`: a status (`answer`, `clarify`, `no_answer`) or `{status, top,
//!     score}` or `{status, hits}`; absent: `no_answer`;
//!   - `sentiment`: `{score, label, escalation, signals, emotions}`, every
//!     key optional (the label follows the score when absent); absent:
//!     neutral;
//!   - `entities`: kinds (`["card"]`) or entity objects.
//! * `expect` (cases only) lists the decision fields to check: `action`,
//!   `queue` (`null` for none), `priority`, `rule`, `skills`,
//!   `preferred_skills`, `script`, `tags`, `locked`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use kefu::analysis::{
    Action, Decision, Emotions, Entity, FaqHit, FaqResult, FaqStatus, IntentResult, LanguageResult,
    SentimentLabel, SentimentResult,
};
use kefu::policy::{Facts, Policy, PolicySchema};
use kefu::{Bot, BotDefinition, Context};
use serde::{Deserialize, Deserializer};

use crate::CliResult;

/// `kefu policy …`
#[derive(Subcommand)]
pub(crate) enum PolicyCommand {
    /// Parse and type-check a policy; print OK, or the error as FILE:LINE:COL.
    Check {
        /// The policy (`.kefu` text, or `.json` for the JSON form).
        file: PathBuf,
        /// Check names against this bot definition (default: the embedded demo bot).
        #[arg(long, value_name = "DEF")]
        bot_def: Option<PathBuf>,
    },
    /// Run fixture cases (context + analysis → expected decision); exit 1 on a failure.
    Test {
        /// The policy.
        file: PathBuf,
        /// The cases, one JSON object per line.
        cases: PathBuf,
        /// Check names against this bot definition (default: the embedded demo bot).
        #[arg(long, value_name = "DEF")]
        bot_def: Option<PathBuf>,
        /// The time for cases whose context has no `now` (RFC 3339).
        #[arg(long)]
        now: Option<jiff::Timestamp>,
        /// Print the trace of passing cases too.
        #[arg(short, long)]
        verbose: bool,
    },
    /// Replay logged inputs through two policies; show where they decide differently.
    Diff {
        /// The current policy.
        old: PathBuf,
        /// The candidate policy.
        new: PathBuf,
        /// Logged inputs, one JSON object per line (context + analysis).
        log: PathBuf,
        /// Check names against this bot definition (default: the embedded demo bot).
        #[arg(long, value_name = "DEF")]
        bot_def: Option<PathBuf>,
        /// The time for inputs whose context has no `now` (RFC 3339).
        #[arg(long)]
        now: Option<jiff::Timestamp>,
        /// Exit with 1 when some input is decided differently.
        #[arg(long)]
        exit_code: bool,
    },
}

pub(crate) fn run(cmd: PolicyCommand) -> CliResult<()> {
    match cmd {
        PolicyCommand::Check { file, bot_def } => {
            let (schema, from) = load_schema(bot_def.as_deref())?;
            let p = load_policy(&file, &schema)?;
            let count =
                |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
            println!(
                "OK {}: {}, {}, {} (names checked against {from})",
                file.display(),
                count(p.rule_names().count(), "rule"),
                count(p.queue_names().count(), "queue"),
                count(p.calendar_names().count(), "calendar"),
            );
            Ok(())
        }
        PolicyCommand::Test {
            file,
            cases,
            bot_def,
            now,
            verbose,
        } => {
            let (schema, _) = load_schema(bot_def.as_deref())?;
            let p = load_policy(&file, &schema)?;
            test(&p, &cases, now, verbose)
        }
        PolicyCommand::Diff {
            old,
            new,
            log,
            bot_def,
            now,
            exit_code,
        } => {
            let (schema, _) = load_schema(bot_def.as_deref())?;
            let old_p = load_policy(&old, &schema)?;
            let new_p = load_policy(&new, &schema)?;
            diff(&old_p, &new_p, &log, now, exit_code)
        }
    }
}

// ------------------------------------------------------------ loading

/// The schema to check names against, and where it came from.
fn load_schema(bot_def: Option<&Path>) -> CliResult<(PolicySchema, String)> {
    let Some(path) = bot_def else {
        let bot = Bot::from_bytes(crate::DEMO_BUNDLE)?;
        let schema = PolicySchema::from_definition(bot.definition())?;
        return Ok((schema, "the embedded demo bot".to_string()));
    };
    let def = match BotDefinition::from_path(path) {
        Ok(def) => def,
        // The definition's own policy is broken (maybe the very file being
        // checked): its names are still usable.
        Err(e) if e.is_policy() => definition_without_policy(path).map_err(|_| e)?,
        Err(e) => return Err(e.into()),
    };
    Ok((
        PolicySchema::from_definition(&def)?,
        path.display().to_string(),
    ))
}

/// Loads a definition with its `policy` section left out.
fn definition_without_policy(path: &Path) -> CliResult<BotDefinition> {
    let text = read(path)?;
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if yaml {
        // Drop the top-level `policy:` key and its indented block.
        let mut out = String::with_capacity(text.len());
        let mut skipping = false;
        for line in text.lines() {
            let top_level = !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty();
            if top_level {
                skipping = line.starts_with("policy:");
            }
            if !skipping {
                out.push_str(line);
                out.push('\n');
            }
        }
        Ok(BotDefinition::from_yaml(&out)?)
    } else {
        let mut v: serde_json::Value = serde_json::from_str(&text)?;
        if let Some(map) = v.as_object_mut() {
            map.remove("policy");
        }
        Ok(BotDefinition::from_json(&v.to_string())?)
    }
}

fn read(path: &Path) -> CliResult<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()).into())
}

/// Parses a policy file; errors are `FILE:LINE:COL: message`.
fn load_policy(path: &Path, schema: &PolicySchema) -> CliResult<Policy> {
    let text = read(path)?;
    let json = path.extension().is_some_and(|e| e == "json");
    let parsed = if json {
        Policy::from_json(&text, schema)
    } else {
        Policy::parse(&text, schema)
    };
    parsed.map_err(|e| {
        let msg = e.message();
        match msg.strip_prefix("policy:") {
            Some(rest) if !json => format!("{}:{rest}", path.display()).into(),
            _ => format!("{}: {e}", path.display()).into(),
        }
    })
}

// ------------------------------------------------------- cases and logs

/// `Some(value)` for a present key, so that `null` can be told from absent.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// One line of a cases or log file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    #[serde(default, alias = "id")]
    name: Option<String>,
    #[serde(default)]
    text: String,
    #[serde(default)]
    context: Context,
    #[serde(default)]
    analysis: AnalysisIn,
    #[serde(default)]
    expect: Option<Expect>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AnalysisIn {
    /// Accepted (and ignored) so that a logged analysis reads as is.
    #[serde(default)]
    schema: Option<u32>,
    #[serde(default)]
    language: Option<LanguageIn>,
    #[serde(default)]
    intent: Option<IntentIn>,
    #[serde(default)]
    faq: Option<FaqIn>,
    #[serde(default)]
    sentiment: SentimentIn,
    #[serde(default)]
    entities: Vec<EntityIn>,
    #[serde(default)]
    redacted_text: Option<String>,
    /// A logged decision: ignored, the policy decides again.
    #[serde(default)]
    decision: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum LanguageIn {
    Tag(String),
    Full {
        code: String,
        #[serde(default)]
        script: Option<String>,
        #[serde(default)]
        reply_language: Option<String>,
        #[serde(default)]
        confidence: Option<f32>,
        #[serde(default)]
        reliable: Option<bool>,
    },
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IntentIn {
    Name(String),
    Full(IntentFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IntentFull {
    #[serde(default)]
    top: Option<String>,
    #[serde(default)]
    confidence: Option<f32>,
    #[serde(default)]
    out_of_scope: Option<bool>,
    #[serde(default)]
    ambiguous: bool,
    #[serde(default)]
    oos_reason: Option<String>,
    #[serde(default)]
    ranking: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum FaqIn {
    Status(FaqStatus),
    Full(FaqFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaqFull {
    status: FaqStatus,
    #[serde(default)]
    top: Option<String>,
    #[serde(default)]
    score: Option<f32>,
    #[serde(default)]
    hits: Vec<FaqHit>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SentimentIn {
    #[serde(default)]
    score: f32,
    #[serde(default)]
    label: Option<SentimentLabel>,
    #[serde(default)]
    escalation: u8,
    #[serde(default)]
    signals: Vec<String>,
    #[serde(default)]
    emotions: EmotionsIn,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct EmotionsIn {
    #[serde(default)]
    anger: f32,
    #[serde(default)]
    anxiety: f32,
    #[serde(default)]
    sadness: f32,
    #[serde(default)]
    joy: f32,
    #[serde(default)]
    gratitude: f32,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum EntityIn {
    Kind(String),
    Full(EntityFull),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityFull {
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    start: usize,
    #[serde(default)]
    end: usize,
    #[serde(default)]
    char_start: usize,
    #[serde(default)]
    char_end: usize,
    #[serde(default)]
    redacted: bool,
}

/// The decision fields a case checks.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Expect {
    #[serde(default)]
    action: Option<Action>,
    #[serde(default, deserialize_with = "present")]
    queue: Option<Option<String>>,
    #[serde(default)]
    priority: Option<u8>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    skills: Option<Vec<String>>,
    #[serde(default)]
    preferred_skills: Option<Vec<String>>,
    #[serde(default, deserialize_with = "present")]
    script: Option<Option<String>>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    locked: Option<bool>,
}

/// A line turned into what a policy reads.
struct Input {
    name: String,
    text: String,
    language: LanguageResult,
    intent: IntentResult,
    faq: FaqResult,
    sentiment: SentimentResult,
    entities: Vec<Entity>,
    context: Context,
    expect: Option<Expect>,
}

impl Input {
    fn facts(&self) -> Facts<'_> {
        Facts {
            text: &self.text,
            language: &self.language,
            intent: &self.intent,
            faq: &self.faq,
            sentiment: &self.sentiment,
            entities: &self.entities,
            context: &self.context,
        }
    }

    fn from_line(line: Line, number: usize, now: Option<jiff::Timestamp>) -> Input {
        let a = line.analysis;
        let _ = (a.schema, a.redacted_text, a.decision);
        let language = match a.language {
            None => LanguageResult {
                code: "und".into(),
                script: None,
                reply_language: "und".into(),
                confidence: 0.0,
                reliable: false,
                secondary: None,
            },
            Some(LanguageIn::Tag(tag)) => {
                let (code, script) = match tag.split_once('-') {
                    Some((c, s)) => (c.to_string(), Some(s.to_string())),
                    None => (tag.clone(), None),
                };
                LanguageResult {
                    code,
                    script,
                    reply_language: tag,
                    confidence: 1.0,
                    reliable: true,
                    secondary: None,
                }
            }
            Some(LanguageIn::Full {
                code,
                script,
                reply_language,
                confidence,
                reliable,
            }) => LanguageResult {
                reply_language: reply_language.unwrap_or_else(|| code.clone()),
                code,
                script,
                confidence: confidence.unwrap_or(1.0),
                reliable: reliable.unwrap_or(true),
                secondary: None,
            },
        };
        let intent = match a.intent {
            None => IntentResult {
                top: None,
                confidence: 0.0,
                out_of_scope: true,
                ambiguous: false,
                oos_reason: None,
                ranking: vec![],
            },
            Some(IntentIn::Name(name)) => IntentResult {
                top: Some(name),
                confidence: 1.0,
                out_of_scope: false,
                ambiguous: false,
                oos_reason: None,
                ranking: vec![],
            },
            Some(IntentIn::Full(f)) => {
                let _ = f.ranking;
                IntentResult {
                    out_of_scope: f.out_of_scope.unwrap_or(f.top.is_none()),
                    confidence: f
                        .confidence
                        .unwrap_or(if f.top.is_some() { 1.0 } else { 0.0 }),
                    top: f.top,
                    ambiguous: f.ambiguous,
                    oos_reason: f.oos_reason,
                    ranking: vec![],
                }
            }
        };
        let faq = match a.faq {
            None => FaqResult {
                status: FaqStatus::NoAnswer,
                hits: vec![],
            },
            Some(FaqIn::Status(status)) => FaqResult {
                status,
                hits: vec![],
            },
            Some(FaqIn::Full(f)) => {
                let mut hits = f.hits;
                if let Some(id) = f.top {
                    hits.insert(
                        0,
                        FaqHit {
                            id,
                            score: f.score.unwrap_or(1.0),
                            question: String::new(),
                            answer: String::new(),
                        },
                    );
                }
                FaqResult {
                    status: f.status,
                    hits,
                }
            }
        };
        let s = a.sentiment;
        let label = s.label.unwrap_or(if s.score < -0.05 {
            SentimentLabel::Negative
        } else if s.score > 0.05 {
            SentimentLabel::Positive
        } else {
            SentimentLabel::Neutral
        });
        let sentiment = SentimentResult {
            score: s.score,
            label,
            emotions: Emotions {
                anger: s.emotions.anger,
                anxiety: s.emotions.anxiety,
                sadness: s.emotions.sadness,
                joy: s.emotions.joy,
                gratitude: s.emotions.gratitude,
            },
            escalation: s.escalation,
            signals: s.signals,
        };
        let entities = a
            .entities
            .into_iter()
            .map(|e| match e {
                EntityIn::Kind(kind) => Entity {
                    kind,
                    start: 0,
                    end: 0,
                    char_start: 0,
                    char_end: 0,
                    text: String::new(),
                    value: String::new(),
                    redacted: false,
                },
                EntityIn::Full(f) => Entity {
                    value: f.value.unwrap_or_else(|| f.text.clone()),
                    kind: f.kind,
                    start: f.start,
                    end: f.end,
                    char_start: f.char_start,
                    char_end: f.char_end,
                    text: f.text,
                    redacted: f.redacted,
                },
            })
            .collect();
        let mut context = line.context;
        if context.now.is_none() {
            context.now = now;
        }
        Input {
            name: line.name.unwrap_or_else(|| format!("line {number}")),
            text: line.text,
            language,
            intent,
            faq,
            sentiment,
            entities,
            context,
            expect: line.expect,
        }
    }
}

/// Reads a JSON Lines file of cases or logged inputs.
fn read_lines(path: &Path, now: Option<jiff::Timestamp>) -> CliResult<Vec<(usize, Input)>> {
    let text = read(path)?;
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let t = raw.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            continue;
        }
        let line: Line =
            serde_json::from_str(t).map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
        out.push((i + 1, Input::from_line(line, i + 1, now)));
    }
    Ok(out)
}

// ----------------------------------------------------------------- test

fn show_opt(v: Option<&str>) -> String {
    v.map_or("none".to_string(), |s| format!("{s:?}"))
}

/// What differs between a decision and what a case expects.
fn mismatches(d: &Decision, e: &Expect) -> Vec<String> {
    let mut bad = Vec::new();
    if let Some(a) = e.action {
        if a != d.action {
            bad.push(format!(
                "action: expected {}, got {}",
                a.as_str(),
                d.action.as_str()
            ));
        }
    }
    if let Some(q) = &e.queue {
        if *q != d.queue {
            bad.push(format!(
                "queue: expected {}, got {}",
                show_opt(q.as_deref()),
                show_opt(d.queue.as_deref())
            ));
        }
    }
    if let Some(p) = e.priority {
        if p != d.priority {
            bad.push(format!("priority: expected {p}, got {}", d.priority));
        }
    }
    if let Some(r) = &e.rule {
        if *r != d.rule {
            bad.push(format!("rule: expected `{r}`, got `{}`", d.rule));
        }
    }
    let lists = [
        ("skills", &e.skills, &d.skills),
        ("preferred_skills", &e.preferred_skills, &d.preferred_skills),
        ("tags", &e.tags, &d.tags),
    ];
    for (what, want, got) in lists {
        if let Some(want) = want {
            if want != got {
                bad.push(format!("{what}: expected {want:?}, got {got:?}"));
            }
        }
    }
    if let Some(s) = &e.script {
        if *s != d.script {
            bad.push(format!(
                "script: expected {}, got {}",
                show_opt(s.as_deref()),
                show_opt(d.script.as_deref())
            ));
        }
    }
    if let Some(l) = e.locked {
        if l != d.locked {
            bad.push(format!("locked: expected {l}, got {}", d.locked));
        }
    }
    bad
}

/// The trace, one rule per line.
fn print_trace(d: &Decision) {
    for step in &d.trace {
        let mark = if step.matched { "✓" } else { "✗" };
        let clauses: Vec<String> = step
            .clauses
            .iter()
            .map(|c| {
                format!(
                    "{} [{}] {}",
                    c.clause,
                    c.value,
                    if c.result { "true" } else { "not true" }
                )
            })
            .collect();
        println!("        {mark} {}: {}", step.rule, clauses.join("; "));
    }
}

fn test(p: &Policy, cases: &Path, now: Option<jiff::Timestamp>, verbose: bool) -> CliResult<()> {
    let inputs = read_lines(cases, now)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    for (line, input) in &inputs {
        let Some(expect) = &input.expect else {
            return Err(format!(
                "{}:{line}: case `{}` has no `expect`",
                cases.display(),
                input.name
            )
            .into());
        };
        let facts = input.facts();
        let d = p.evaluate(&facts);
        let bad = mismatches(&d, expect);
        if bad.is_empty() {
            passed += 1;
            println!("PASS  {} (rule {})", input.name, d.rule);
            if verbose {
                print_trace(&d);
            }
            continue;
        }
        failed += 1;
        println!("FAIL  {} ({}:{line})", input.name, cases.display());
        for b in &bad {
            println!("      {b}");
        }
        // Why the expected rule did not decide, or how the decision came about.
        match expect.rule.as_deref().filter(|r| *r != d.rule) {
            Some(rule) => match p.why_not(rule, &facts) {
                Ok(w) => println!("      why not: {}", w.explanation),
                Err(e) => println!("      why not: {e}"),
            },
            None => {
                println!("      trace:");
                print_trace(&d);
            }
        }
    }
    println!("\n{passed} passed, {failed} failed");
    if failed > 0 {
        return Err(format!("{failed} of {} policy cases failed", passed + failed).into());
    }
    Ok(())
}

// ----------------------------------------------------------------- diff

/// A decision in one line: `handoff senior p8 skills [deescalation] (rule angry)`.
fn summary(d: &Decision) -> String {
    let mut s = d.action.as_str().to_string();
    if let Some(q) = &d.queue {
        s.push(' ');
        s.push_str(q);
    }
    if matches!(d.action, Action::Handoff | Action::Ticket) {
        s.push_str(&format!(" p{}", d.priority));
    }
    if !d.skills.is_empty() {
        s.push_str(&format!(" skills [{}]", d.skills.join(", ")));
    }
    if !d.preferred_skills.is_empty() {
        s.push_str(&format!(" prefer [{}]", d.preferred_skills.join(", ")));
    }
    if let Some(script) = &d.script {
        s.push_str(&format!(" script {script:?}"));
    }
    if d.locked {
        s.push_str(" locked");
    }
    if !d.tags.is_empty() {
        s.push_str(&format!(" tags [{}]", d.tags.join(", ")));
    }
    s.push_str(&format!(" (rule {})", d.rule));
    s
}

/// The decision without the rule name and trace, to compare outcomes.
fn outcome(d: &Decision) -> Decision {
    Decision {
        rule: String::new(),
        trace: Default::default(),
        ..d.clone()
    }
}

fn diff(
    old: &Policy,
    new: &Policy,
    log: &Path,
    now: Option<jiff::Timestamp>,
    exit_code: bool,
) -> CliResult<()> {
    let inputs = read_lines(log, now)?;
    let (mut changed, mut renamed) = (0usize, 0usize);
    for (line, input) in &inputs {
        let facts = input.facts();
        let a = old.evaluate(&facts);
        let b = new.evaluate(&facts);
        if outcome(&a) != outcome(&b) {
            changed += 1;
            println!("{}:{line} {}", log.display(), input.name);
            println!("    old: {}", summary(&a));
            println!("    new: {}", summary(&b));
            // Say why the new policy did not keep the old rule, when it has one.
            if a.rule != b.rule {
                if let Ok(w) = new.why_not(&a.rule, &facts) {
                    println!("    new policy: {}", w.explanation);
                }
            }
        } else if a.rule != b.rule {
            renamed += 1;
        }
    }
    println!(
        "\n{} inputs: {changed} decided differently, {renamed} by another rule with the same outcome",
        inputs.len()
    );
    if exit_code && changed > 0 {
        return Err(format!("{changed} of {} inputs decided differently", inputs.len()).into());
    }
    Ok(())
}

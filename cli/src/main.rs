//! `kefu`: the command-line face of the kefu engine.
//!
//! * `kefu demo` — a scripted conversation through the embedded demo shop bot;
//! * `kefu train DEF -o bot.kefu` — train a bot from a YAML or JSON definition;
//! * `kefu analyze --bot bot.kefu "text" [--context ctx.json]` — JSON analysis;
//! * `kefu chat --bot bot.kefu` — interactive;
//! * `kefu eval intent|faq|lang|sentiment …` — the evaluation contract of DESIGN.md;
//! * `kefu info bot.kefu` — bundle header and contents;
//! * `kefu policy check|test|diff …` — check, test and compare routing policies;
//! * `kefu feedback apply bot.kefu feedback.jsonl -o new.kefu` — learn from corrections;
//! * `kefu report analyses.jsonl -o report.html` — analytics with charts;
//! * `kefu review transcripts.jsonl` — score whole conversations.

mod eval;
mod eval_emotion;
mod feedback_cmd;
mod policy_cmd;
mod render;
mod report_cmd;
mod review_cmd;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kefu::{Bot, BotDefinition, Context, Message, TrainOptions};

/// The demo shop bot, trained by build.rs from examples/shop.
const DEMO_BUNDLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/demo.kefu"));
/// The scripted demo conversation.
const DEMO_SCRIPT: &str = include_str!("../../examples/shop/demo.jsonl");

#[derive(Parser)]
#[command(
    name = "kefu",
    version,
    about = "Embeddable customer-service NLP: language, intent, FAQ, sentiment, entities, routing"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scripted conversation through the embedded demo shop bot.
    Demo {
        /// Print one JSON analysis per line instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Train a bot from a definition (YAML or JSON) and write its bundle.
    Train {
        /// The bot definition (`.yaml`, `.yml` or `.json`).
        definition: PathBuf,
        /// Where to write the bundle.
        #[arg(short, long)]
        output: PathBuf,
        /// Training seed (same seed ⇒ byte-identical bundle).
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Analyze one message and print the analysis as JSON.
    Analyze {
        /// A bundle from `kefu train` (default: the embedded demo bot).
        #[arg(long)]
        bot: Option<PathBuf>,
        /// The message text.
        text: String,
        /// A JSON file with the message context. `now` defaults to the current time.
        #[arg(long)]
        context: Option<PathBuf>,
        /// Pretty-print the JSON.
        #[arg(long)]
        pretty: bool,
    },
    /// Chat with a bot on the terminal (one message per line; Ctrl-D ends).
    Chat {
        /// A bundle from `kefu train` (default: the embedded demo bot).
        #[arg(long)]
        bot: Option<PathBuf>,
        /// A JSON file with the context used for every message.
        #[arg(long)]
        context: Option<PathBuf>,
    },
    /// Knowledge gaps: analyze messages, group the ones the FAQ could not
    /// answer, print the clusters and optionally export them as JSONL.
    Gaps {
        /// A bundle from `kefu train` (default: the embedded demo bot).
        #[arg(long)]
        bot: Option<PathBuf>,
        /// Messages, JSONL rows `{"text", "context"?}`.
        messages: PathBuf,
        /// Cosine similarity for two questions to share a cluster.
        #[arg(long, default_value_t = 0.3)]
        min_similarity: f32,
        /// Write the clusters here as JSONL.
        #[arg(long)]
        export: Option<PathBuf>,
        /// Write the gap log (serde JSON) here.
        #[arg(long)]
        log: Option<PathBuf>,
    },
    /// Show a bundle's header and contents.
    Info {
        /// The bundle.
        bundle: PathBuf,
    },
    /// Evaluate a capability on JSONL data (the `kefu eval` contract).
    #[command(subcommand)]
    Eval(eval::EvalCommand),
    /// Check, test and compare routing policies.
    #[command(subcommand)]
    Policy(policy_cmd::PolicyCommand),
    /// Learn from corrections: message → intent, or message → FAQ entry.
    #[command(subcommand)]
    Feedback(feedback_cmd::FeedbackCommand),
    /// Analytics: aggregate analyses (JSONL of `Analysis` with optional
    /// `channel`, `language`, `time`) into an HTML page with charts.
    Report {
        /// The analyses, one JSON object per line.
        analyses: PathBuf,
        /// Write the self-contained HTML report here.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Print the numbers as JSON on stdout.
        #[arg(long)]
        json: bool,
        /// How many knowledge-gap clusters to show.
        #[arg(long, default_value_t = 10)]
        top_gaps: usize,
    },
    /// Transcript review: score whole conversations (JSONL, one transcript
    /// per line) and flag what a quality reviewer should look at.
    Review {
        /// Transcripts, one JSON object per line.
        transcripts: PathBuf,
        /// A bundle from `kefu train` (default: the embedded demo bot).
        #[arg(long)]
        bot: Option<PathBuf>,
        /// Review configuration (JSON): forbidden/required agent phrases,
        /// the long-gap limit.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Print one JSON review per line.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The CLI's error: a kefu error or an I/O message.
pub(crate) type CliResult<T> = Result<T, Box<dyn std::error::Error>>;

fn load_bot(path: Option<&Path>) -> CliResult<Bot> {
    match path {
        None => Ok(Bot::from_bytes(DEMO_BUNDLE)?),
        Some(p) => {
            let bytes =
                std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            Ok(Bot::from_bytes(&bytes).map_err(|e| e.context(p.display().to_string()))?)
        }
    }
}

/// Reads a context file; fills `now` from the system clock when absent.
fn load_context(path: Option<&Path>) -> CliResult<Context> {
    let mut ctx = match path {
        None => Context::default(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: invalid context: {e}", p.display()))?
        }
    };
    if ctx.now.is_none() {
        ctx.now = Some(jiff::Timestamp::now());
    }
    Ok(ctx)
}

fn run(cmd: Command) -> CliResult<()> {
    match cmd {
        Command::Demo { json } => demo(json),
        Command::Train {
            definition,
            output,
            seed,
        } => {
            let def = BotDefinition::from_path(&definition)?;
            let started = std::time::Instant::now();
            let bot = Bot::train(&def, &TrainOptions::with_seed(seed))?;
            let bytes = bot.to_bytes();
            std::fs::write(&output, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
            eprintln!(
                "trained {} intents, {} FAQ entries in {:.2} s → {} ({} bytes)",
                bot.intent_classifier().labels().len(),
                bot.faq_index().len(),
                started.elapsed().as_secs_f64(),
                output.display(),
                bytes.len()
            );
            Ok(())
        }
        Command::Analyze {
            bot,
            text,
            context,
            pretty,
        } => {
            let bot = load_bot(bot.as_deref())?;
            let ctx = load_context(context.as_deref())?;
            let a = bot.analyze(&Message::with_context(text, ctx));
            let out = if pretty {
                serde_json::to_string_pretty(&a)?
            } else {
                serde_json::to_string(&a)?
            };
            println!("{out}");
            Ok(())
        }
        Command::Chat { bot, context } => {
            let bot = load_bot(bot.as_deref())?;
            let base = load_context(context.as_deref())?;
            let stdin = std::io::stdin();
            let mut conv = kefu::Conversation::new();
            print!("> ");
            std::io::stdout().flush()?;
            for line in stdin.lock().lines() {
                let line = line?;
                if !line.trim().is_empty() {
                    let mut ctx = base.clone();
                    ctx.now = Some(jiff::Timestamp::now());
                    let a = bot.analyze_in(&mut conv, &Message::with_context(line.clone(), ctx));
                    render::table(&line, &a, None);
                }
                print!("> ");
                std::io::stdout().flush()?;
            }
            println!();
            Ok(())
        }
        Command::Info { bundle } => {
            let bytes = std::fs::read(&bundle)
                .map_err(|e| format!("cannot read {}: {e}", bundle.display()))?;
            let h = kefu::bundle::read_header(&bytes)?;
            let bot = Bot::from_bytes(&bytes)?;
            let def = bot.definition();
            println!("bundle         {}", bundle.display());
            println!(
                "format         v{} (flags {:#06x}), {} bytes, crc32 {:#010x}",
                h.version,
                h.flags,
                bytes.len(),
                h.checksum
            );
            println!("name           {}", def.name.as_deref().unwrap_or("-"));
            println!("languages      {}", def.languages.join(", "));
            println!(
                "intents        {}",
                bot.intent_classifier().labels().join(", ")
            );
            println!("oos threshold  {:.3}", bot.intent_classifier().threshold());
            println!("faq entries    {}", bot.faq_index().len());
            Ok(())
        }
        Command::Eval(e) => eval::run(e),
        Command::Gaps {
            bot,
            messages,
            min_similarity,
            export,
            log,
        } => gaps(
            bot.as_deref(),
            &messages,
            min_similarity,
            export.as_deref(),
            log.as_deref(),
        ),
        Command::Policy(p) => policy_cmd::run(p),
        Command::Feedback(f) => feedback_cmd::run(f),
        Command::Report {
            analyses,
            output,
            json,
            top_gaps,
        } => report_cmd::run(&analyses, output.as_deref(), json, top_gaps),
        Command::Review {
            transcripts,
            bot,
            config,
            json,
        } => review_cmd::run(&transcripts, bot.as_deref(), config.as_deref(), json),
    }
}

fn gaps(
    bot: Option<&Path>,
    messages: &Path,
    min_similarity: f32,
    export: Option<&Path>,
    log_path: Option<&Path>,
) -> CliResult<()> {
    let bot = load_bot(bot)?;
    let text = std::fs::read_to_string(messages)
        .map_err(|e| format!("cannot read {}: {e}", messages.display()))?;
    let mut log = kefu::faq::GapLog::default();
    let mut n = 0;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let d: DemoLine = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: {e}", messages.display(), i + 1))?;
        let a = bot
            .try_analyze(&Message::with_context(d.text, d.context))
            .map_err(|e| e.context(format!("{}:{}", messages.display(), i + 1)))?;
        log.record(&a);
        n += 1;
    }
    let clusters = log.clusters(min_similarity);
    println!(
        "{n} messages, {} gaps, {} clusters",
        log.events.len(),
        clusters.len()
    );
    for c in &clusters {
        println!(
            "#{:<3} {:>3} × {}{}",
            c.id,
            c.texts.len(),
            c.representative,
            c.suggested_faq
                .as_deref()
                .map(|f| format!("   (near FAQ {f})"))
                .unwrap_or_default()
        );
    }
    if let Some(p) = export {
        std::fs::write(p, kefu::faq::clusters_to_jsonl(&clusters))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    if let Some(p) = log_path {
        std::fs::write(p, serde_json::to_string_pretty(&log)?)
            .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct DemoLine {
    text: String,
    #[serde(default)]
    context: Context,
    /// Lines with the same session share a [`kefu::Conversation`]: their
    /// `context.conversation` facts come from its memory.
    #[serde(default)]
    session: Option<String>,
}

fn demo(json: bool) -> CliResult<()> {
    let bot = Bot::from_bytes(DEMO_BUNDLE)?;
    let mut lines = Vec::new();
    for (i, l) in DEMO_SCRIPT
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let d: DemoLine = serde_json::from_str(l)
            .map_err(|e| format!("examples/shop/demo.jsonl:{}: {e}", i + 1))?;
        lines.push(d);
    }
    if !json {
        println!(
            "kefu {} demo — {} ({} languages, {} intents, {} FAQ entries)\n",
            kefu::VERSION,
            bot.definition().name.as_deref().unwrap_or("demo bot"),
            bot.definition().languages.len(),
            bot.intent_classifier().labels().len(),
            bot.faq_index().len()
        );
    }
    let n = lines.len();
    let mut sessions: std::collections::BTreeMap<String, kefu::Conversation> = Default::default();
    for (i, d) in lines.into_iter().enumerate() {
        let message = Message::with_context(d.text.clone(), d.context.clone());
        let (a, ctx) = match &d.session {
            None => (bot.analyze(&message), d.context),
            Some(id) => {
                let conv = sessions.entry(id.clone()).or_default();
                let before = conv.clone();
                let a = bot.analyze_in(conv, &message);
                let mut ctx = d.context;
                ctx.conversation = before.facts_with(&a.intent, &a.sentiment);
                (a, ctx)
            }
        };
        if json {
            println!("{}", serde_json::to_string(&a)?);
        } else {
            render::table(&d.text, &a, Some((i + 1, n, &ctx)));
        }
    }
    Ok(())
}

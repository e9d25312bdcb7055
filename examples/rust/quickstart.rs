use kefu::{Bot, BotDefinition, Context, Message, TrainOptions};

fn main() -> Result<(), kefu::Error> {
    // Load and validate a definition (YAML needs the `yaml` + `fs` features).
    let def = BotDefinition::from_path("examples/shop/bot.yaml")?;
    // Train (deterministic for a seed) and store as one versioned bundle.
    let bot = Bot::train(&def, &TrainOptions::default())?;
    let bundle: Vec<u8> = bot.to_bytes();
    // Later, or in another process: load it without touching the filesystem.
    let bot = Bot::from_bytes(&bundle)?;
    // Analyze a message with what the host app knows about the conversation.
    let ctx: Context = serde_json::from_str(r#"{"channel": "web", "now": "2026-11-20T03:00:00Z"}"#)
        .expect("valid context JSON");
    let a = bot.analyze(&Message::with_context("我要退貨，訂單 SO-20261234", ctx));
    println!("language {} {:?}", a.language.code, a.language.script);
    println!("intent   {:?} ({:.2})", a.intent.top, a.intent.confidence);
    println!(
        "decision {} via rule {}",
        a.decision.action.as_str(),
        a.decision.rule
    );
    println!("reply    {}", a.decision.reply.unwrap_or_default());
    Ok(())
}

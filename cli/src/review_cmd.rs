//! `kefu review`: score whole transcripts with `kefu::review`.

use std::path::Path;

use kefu::review::{ReviewConfig, Transcript};

use crate::CliResult;

pub fn run(
    transcripts: &Path,
    bot: Option<&Path>,
    config: Option<&Path>,
    json: bool,
) -> CliResult<()> {
    let bot = crate::load_bot(bot)?;
    let config: ReviewConfig = match config {
        None => ReviewConfig::default(),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{}: invalid review config: {e}", p.display()))?
        }
    };
    let text = std::fs::read_to_string(transcripts)
        .map_err(|e| format!("cannot read {}: {e}", transcripts.display()))?;
    let (mut n, mut flagged, mut sum) = (0usize, 0usize, 0u64);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = format!("{}:{}", transcripts.display(), i + 1);
        let t: Transcript = serde_json::from_str(line).map_err(|e| format!("{at}: {e}"))?;
        let r = bot.review(&t, &config).map_err(|e| e.context(at.clone()))?;
        n += 1;
        sum += u64::from(r.score);
        flagged += usize::from(!r.flags.is_empty());
        if json {
            println!("{}", serde_json::to_string(&r)?);
            continue;
        }
        println!(
            "{:<12} score {:>3} · {} customer / {} agent turns · final sentiment {}",
            r.id.as_deref().unwrap_or("-"),
            r.score,
            r.customer_turns,
            r.agent_turns,
            r.final_sentiment.map(|s| s.as_str()).unwrap_or("-"),
        );
        for f in &r.flags {
            let kind = serde_json::to_value(f.kind)?;
            println!(
                "    {:<24} {:<8} {}",
                kind.as_str().unwrap_or("?"),
                f.turn.map(|t| format!("turn {t}")).unwrap_or_default(),
                f.detail
            );
        }
    }
    if !json {
        println!(
            "{n} transcripts, {flagged} flagged, mean score {:.1}",
            if n == 0 { 0.0 } else { sum as f64 / n as f64 }
        );
    }
    Ok(())
}

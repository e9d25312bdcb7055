//! Readable tables of an [`Analysis`] for the terminal.

use kefu::analysis::{Action, Analysis, FaqStatus};
use kefu::Context;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const WIDTH: usize = 96;
const KEY: usize = 11;

/// Wraps `s` to `width` display columns (CJK characters are two wide).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut w = 0;
    for word in s.split_inclusive(' ') {
        let ww = word.width();
        if w + word.trim_end().width() > width && !cur.is_empty() {
            lines.push(cur.trim_end().to_string());
            cur.clear();
            w = 0;
        }
        if ww > width {
            for c in word.chars() {
                let cw = c.width().unwrap_or(0);
                if w + cw > width {
                    lines.push(std::mem::take(&mut cur));
                    w = 0;
                }
                cur.push(c);
                w += cw;
            }
        } else {
            cur.push_str(word);
            w += ww;
        }
    }
    if !cur.trim().is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

fn row(key: &str, value: &str) {
    for (i, l) in wrap(value, WIDTH - KEY - 3).into_iter().enumerate() {
        let k = if i == 0 { key } else { "" };
        println!(" {k:<KEY$} │ {l}");
    }
}

/// Prints one analysis as a table. `step` is (index, total, context) in the demo.
pub fn table(text: &str, a: &Analysis, step: Option<(usize, usize, &Context)>) {
    let mut head = String::new();
    if let Some((i, n, ctx)) = step {
        head.push_str(&format!("{i}/{n}"));
        if let Some(ch) = &ctx.channel {
            head.push_str(&format!(" · {ch}"));
        }
        if let Some(t) = &ctx.customer.tier {
            head.push_str(&format!(" · {t} customer"));
        }
        if let Some(now) = &ctx.now {
            head.push_str(&format!(" · {}", now.strftime("%Y-%m-%d %H:%MZ")));
        }
    }
    let fill = WIDTH.saturating_sub(head.width() + 5);
    println!("─── {head} {}", "─".repeat(fill));
    row("message", text);
    if let Some((_, _, ctx)) = step {
        let c = &ctx.conversation;
        if let Some(turns) = c.turns {
            let mut m = format!("{turns} earlier turns");
            if let Some(f) = c.failed_bot_turns {
                m.push_str(&format!(" · {f} failed bot turns"));
            }
            if let Some(r) = c.same_intent_repeats {
                m.push_str(&format!(" · same intent repeated {r}×"));
            }
            if let Some(t) = c.sentiment_trend {
                m.push_str(&format!(" · anger rising {t}×"));
            }
            if c.asked_for_human == Some(true) {
                m.push_str(" · asked for a human");
            }
            row("memory", &m);
        }
    }
    let l = &a.language;
    row(
        "language",
        &format!(
            "{}{} · {:.2}{} → reply in {}",
            l.code,
            l.script
                .as_deref()
                .map(|s| format!("-{s}"))
                .unwrap_or_default(),
            l.confidence,
            if l.reliable { " reliable" } else { " unsure" },
            l.reply_language
        ),
    );
    let i = &a.intent;
    let intent = match &i.top {
        Some(t) => format!(
            "{t} · {:.2}{}",
            i.confidence,
            if i.ambiguous { " (ambiguous)" } else { "" }
        ),
        None => format!(
            "out of scope (best {} · {:.2})",
            i.ranking.first().map(|r| r.intent.as_str()).unwrap_or("-"),
            i.confidence
        ),
    };
    row("intent", &intent);
    let faq = match (a.faq.status, a.faq.hits.first()) {
        (FaqStatus::Answer, Some(h)) => format!("answer · {} · {:.2}", h.id, h.score),
        (FaqStatus::Clarify, _) => format!(
            "clarify · {}",
            a.faq
                .hits
                .iter()
                .map(|h| format!("{} {:.2}", h.id, h.score))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (_, Some(h)) => format!("no answer (best {} · {:.2})", h.id, h.score),
        (_, None) => "no answer".to_string(),
    };
    row("faq", &faq);
    let s = &a.sentiment;
    let mut emo: Vec<(&str, f32)> = s.emotions.iter().filter(|(_, v)| *v >= 0.2).collect();
    emo.sort_by(|x, y| y.1.total_cmp(&x.1));
    let emo: Vec<String> = emo.iter().map(|(k, v)| format!("{k} {v:.2}")).collect();
    row(
        "sentiment",
        &format!(
            "{} {:+.2} · escalation {}{}{}",
            s.label.as_str(),
            s.score,
            s.escalation,
            if emo.is_empty() {
                String::new()
            } else {
                format!(" · {}", emo.join(", "))
            },
            if s.signals.is_empty() {
                String::new()
            } else {
                format!(" · signals: {}", s.signals.join(", "))
            }
        ),
    );
    if !a.entities.is_empty() {
        let ents: Vec<String> = a
            .entities
            .iter()
            .map(|e| format!("{} {}", e.kind, e.value))
            .collect();
        row("entities", &ents.join(", "));
    }
    if a.redacted_text != text {
        row("redacted", &a.redacted_text);
    }
    let d = &a.decision;
    let mut dec = d.action.as_str().to_string();
    if matches!(d.action, Action::Handoff | Action::Ticket) {
        if let Some(q) = &d.queue {
            dec.push_str(&format!(" → queue {q}, priority {}", d.priority));
        }
        if !d.skills.is_empty() {
            dec.push_str(&format!(", skills [{}]", d.skills.join(", ")));
        }
        if !d.preferred_skills.is_empty() {
            dec.push_str(&format!(", prefers [{}]", d.preferred_skills.join(", ")));
        }
        if let Some(script) = &d.script {
            dec.push_str(&format!(", agent script `{script}`"));
        }
    }
    if d.locked {
        dec.push_str(" · session LOCKED");
    }
    if !d.tags.is_empty() {
        dec.push_str(&format!(" · tags [{}]", d.tags.join(", ")));
    }
    row("decision", &dec);
    let why = d
        .trace
        .iter()
        .find(|t| t.rule == d.rule)
        .map(|t| {
            t.clauses
                .iter()
                .filter(|c| c.result)
                .map(|c| format!("{} ({})", c.clause, c.value))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default();
    row(
        "rule",
        &if why.is_empty() {
            d.rule.clone()
        } else {
            format!("{} — {why}", d.rule)
        },
    );
    if let Some(r) = &d.reply {
        row("reply", r);
    }
    println!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_counts_cjk_as_two_columns() {
        let lines = wrap("我要退货我要退货", 8);
        assert_eq!(lines, ["我要退货", "我要退货"]);
        assert_eq!(wrap("a b c", 3), ["a b", "c"]);
        assert_eq!(wrap("", 3), [""]);
    }
}

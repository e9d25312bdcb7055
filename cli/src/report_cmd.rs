//! `kefu report`: aggregate analyses (`kefu::report`) into one
//! self-contained HTML page with hand-written SVG charts, or JSON.
//!
//! The charts are plain SVG written here (bars, stacked bars, a line): no
//! plotting dependency, no scripts, no network assets. Every chart is an
//! `<svg class="chart" data-chart="NAME">` so tests can find them.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use kefu::report::{Report, ReportSummary, SentimentStats};

use crate::CliResult;

/// Reads JSONL records (see [`Report::add_json`]) into a report.
pub fn build(path: &Path) -> CliResult<Report> {
    use std::io::BufRead;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut r = Report::new();
    // Streamed line by line: memory stays flat however many records.
    for (i, line) in std::io::BufReader::with_capacity(1 << 20, file)
        .lines()
        .enumerate()
    {
        let line = line.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if line.trim().is_empty() {
            continue;
        }
        r.add_json(&line)
            .map_err(|e| e.context(format!("{}:{}", path.display(), i + 1)))?;
    }
    Ok(r)
}

pub fn run(input: &Path, output: Option<&Path>, json: bool, top_gaps: usize) -> CliResult<()> {
    let t = Instant::now();
    let report = build(input)?;
    let s = report.summary(top_gaps);
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    }
    if let Some(out) = output {
        std::fs::write(out, html(&s))
            .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
        eprintln!(
            "{} analyses → {} in {:.2} s",
            s.total,
            out.display(),
            t.elapsed().as_secs_f64()
        );
    } else if !json {
        return Err("give -o report.html and/or --json".into());
    }
    Ok(())
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const PALETTE: [&str; 4] = ["#2f6fb0", "#d9822b", "#3a9a5b", "#b03a48"];
const NEG: &str = "#c8474f";
const NEU: &str = "#a9b0b8";
const POS: &str = "#3a9a5b";

/// Horizontal bars: one row per (label, value).
fn hbar(name: &str, title: &str, rows: &[(String, f64)], fmt: impl Fn(f64) -> String) -> String {
    let row_h = 22.0;
    let (lw, bw, w) = (170.0, 360.0, 720.0);
    let h = 30.0 + row_h * rows.len().max(1) as f64 + 10.0;
    let max = rows.iter().map(|r| r.1).fold(0.0f64, f64::max).max(1e-9);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure><figcaption>{}</figcaption><svg class="chart" data-chart="{name}" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title)
    );
    if rows.is_empty() {
        let _ = write!(s, r#"<text x="10" y="40" class="empty">no data</text>"#);
    }
    for (i, (label, v)) in rows.iter().enumerate() {
        let y = 20.0 + i as f64 * row_h;
        let len = bw * v / max;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text><rect class="bar" x="{lw}" y="{}" width="{len:.1}" height="{}" fill="{}"><title>{}: {}</title></rect><text x="{:.1}" y="{}" class="value">{}</text>"#,
            lw - 6.0,
            y + 15.0,
            esc(label),
            y + 3.0,
            row_h - 6.0,
            PALETTE[0],
            esc(label),
            fmt(*v),
            lw + len + 5.0,
            y + 15.0,
            fmt(*v)
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

/// 100 % stacked bars of negative / neutral / positive per group.
fn stacked(name: &str, title: &str, groups: &[(&String, &SentimentStats)]) -> String {
    let row_h = 22.0;
    let (lw, bw, w) = (170.0, 360.0, 720.0);
    let h = 50.0 + row_h * groups.len().max(1) as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure><figcaption>{}</figcaption><svg class="chart" data-chart="{name}" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title)
    );
    if groups.is_empty() {
        let _ = write!(s, r#"<text x="10" y="40" class="empty">no data</text>"#);
    }
    for (i, (label, st)) in groups.iter().enumerate() {
        let y = 10.0 + i as f64 * row_h;
        let n = st.count.max(1) as f64;
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" text-anchor="end" class="label">{}</text>"#,
            lw - 6.0,
            y + 15.0,
            esc(label)
        );
        let mut x = lw;
        for (part, v, color) in [
            ("negative", st.negative, NEG),
            ("neutral", st.neutral, NEU),
            ("positive", st.positive, POS),
        ] {
            let len = bw * v as f64 / n;
            let _ = write!(
                s,
                r#"<rect class="bar {part}" x="{x:.1}" y="{}" width="{len:.1}" height="{}" fill="{color}"><title>{}: {v} {part} of {}</title></rect>"#,
                y + 3.0,
                row_h - 6.0,
                esc(label),
                st.count
            );
            x += len;
        }
        let _ = write!(
            s,
            r#"<text x="{}" y="{}" class="value">n={} · mean {:+.2}</text>"#,
            lw + bw + 6.0,
            y + 15.0,
            st.count,
            st.mean_score
        );
    }
    let ly = h - 14.0;
    for (i, (part, color)) in [("negative", NEG), ("neutral", NEU), ("positive", POS)]
        .iter()
        .enumerate()
    {
        let x = lw + i as f64 * 100.0;
        let _ = write!(
            s,
            r#"<rect class="legend" x="{x}" y="{}" width="10" height="10" fill="{color}"/><text x="{}" y="{ly}" class="label">{part}</text>"#,
            ly - 9.0,
            x + 14.0
        );
    }
    s.push_str("</svg></figure>\n");
    s
}

/// Mean sentiment score per day as a line (y from -1 to 1).
fn line(name: &str, title: &str, points: &[(&String, &SentimentStats)]) -> String {
    let (w, h) = (720.0, 220.0);
    let (x0, x1, y0, y1) = (50.0, 660.0, 20.0, 180.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<figure><figcaption>{}</figcaption><svg class="chart" data-chart="{name}" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{}">"#,
        esc(title),
        esc(title)
    );
    let y = |v: f64| y0 + (1.0 - (v.clamp(-1.0, 1.0) + 1.0) / 2.0) * (y1 - y0);
    for v in [-1.0, -0.5, 0.0, 0.5, 1.0] {
        let _ = write!(
            s,
            r##"<line class="grid" x1="{x0}" x2="{x1}" y1="{0:.1}" y2="{0:.1}" stroke="#ddd"/><text x="{1}" y="{2:.1}" text-anchor="end" class="label">{v:+.1}</text>"##,
            y(v),
            x0 - 6.0,
            y(v) + 4.0
        );
    }
    if points.is_empty() {
        let _ = write!(
            s,
            r#"<text x="60" y="100" class="empty">no timestamps</text>"#
        );
    }
    let n = points.len();
    let x = |i: usize| {
        if n <= 1 {
            (x0 + x1) / 2.0
        } else {
            x0 + (x1 - x0) * i as f64 / (n - 1) as f64
        }
    };
    let path: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, (_, st))| format!("{:.1},{:.1}", x(i), y(st.mean_score)))
        .collect();
    if n > 1 {
        let _ = write!(
            s,
            r#"<polyline class="series" fill="none" stroke="{}" stroke-width="2" points="{}"/>"#,
            PALETTE[0],
            path.join(" ")
        );
    }
    let every = n.div_ceil(8).max(1);
    for (i, (day, st)) in points.iter().enumerate() {
        let _ = write!(
            s,
            r#"<circle class="point" cx="{:.1}" cy="{:.1}" r="3" fill="{}"><title>{}: mean {:+.3}, n={}</title></circle>"#,
            x(i),
            y(st.mean_score),
            PALETTE[0],
            esc(day),
            st.mean_score,
            st.count
        );
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{}" text-anchor="{}" class="label">{}</text>"#,
                x(i),
                y1 + 18.0,
                match (i, i + 1 == n) {
                    (0, _) if n > 1 => "start",
                    (_, true) if n > 1 => "end",
                    _ => "middle",
                },
                esc(day)
            );
        }
    }
    s.push_str("</svg></figure>\n");
    s
}

fn pct(x: f64) -> String {
    format!("{:.1} %", x * 100.0)
}

fn sorted_desc(m: &std::collections::BTreeMap<String, u64>, top: usize) -> Vec<(String, f64)> {
    let mut v: Vec<(String, f64)> = m.iter().map(|(k, v)| (k.clone(), *v as f64)).collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(top);
    v
}

/// The whole page.
pub fn html(s: &ReportSummary) -> String {
    let count = |v: f64| format!("{v:.0}");
    let mut body = String::new();
    let _ = write!(
        body,
        r#"<h1>kefu report</h1><p class="sub">{} analyses{}</p>"#,
        s.total,
        match (&s.first, &s.last) {
            (Some(f), Some(l)) => format!(" · {f} – {l}"),
            _ => String::new(),
        }
    );
    // Summary table.
    body.push_str(r#"<table class="summary"><tbody>"#);
    let act = |k: &str| s.actions.get(k).copied().unwrap_or(0);
    let faq = |k: &str| s.faq_rates.get(k).copied().unwrap_or(0.0);
    for (k, v) in [
        ("Analyses", s.total.to_string()),
        (
            "Bot containment (answer or clarify)",
            pct(s.containment_rate),
        ),
        ("Escalation (handoff or ticket)", pct(s.escalation_rate)),
        (
            "Decisions",
            format!(
                "answer {} · clarify {} · handoff {} · ticket {}",
                act("answer"),
                act("clarify"),
                act("handoff"),
                act("ticket")
            ),
        ),
        ("FAQ answer rate", pct(faq("answer"))),
        ("FAQ clarify rate", pct(faq("clarify"))),
        ("FAQ no-answer rate", pct(faq("no_answer"))),
        ("Intents seen", s.intent_mix.len().to_string()),
        ("Knowledge-gap questions", s.gap_events.to_string()),
    ] {
        let _ = write!(body, "<tr><th>{}</th><td>{}</td></tr>", esc(k), esc(&v));
    }
    body.push_str("</tbody></table>\n<div class=\"grid\">\n");
    body.push_str(&hbar(
        "intent-mix",
        "Intent mix (top 15)",
        &sorted_desc(&s.intent_mix, 15),
        count,
    ));
    let outcomes: Vec<(String, f64)> = ["answer", "clarify", "handoff", "ticket"]
        .iter()
        .map(|k| (k.to_string(), act(k) as f64))
        .collect();
    body.push_str(&hbar("decisions", "Decisions", &outcomes, count));
    let faq_rows: Vec<(String, f64)> = ["answer", "clarify", "no_answer"]
        .iter()
        .map(|k| (k.to_string(), faq(k)))
        .collect();
    body.push_str(&hbar("faq-status", "FAQ outcome", &faq_rows, pct));
    body.push_str(&hbar(
        "escalation-reasons",
        "Escalation reasons (rule that fired)",
        &sorted_desc(&s.escalation_reasons, 12),
        count,
    ));
    let days: Vec<_> = s.sentiment_by_day.iter().collect();
    body.push_str(&line(
        "sentiment-day-line",
        "Mean sentiment by day (UTC)",
        &days,
    ));
    body.push_str(&stacked("sentiment-day", "Sentiment by day", &days));
    let ch: Vec<_> = s.sentiment_by_channel.iter().collect();
    body.push_str(&stacked("sentiment-channel", "Sentiment by channel", &ch));
    let lang: Vec<_> = s.sentiment_by_language.iter().collect();
    body.push_str(&stacked(
        "sentiment-language",
        "Sentiment by language",
        &lang,
    ));
    body.push_str("</div>\n<h2>Top knowledge-gap clusters</h2>\n");
    if s.gap_clusters.is_empty() {
        body.push_str("<p>No unanswered questions.</p>");
    } else {
        body.push_str(
            r#"<table class="gaps"><thead><tr><th>#</th><th>Questions</th><th>Representative</th><th>Languages</th><th>Near FAQ</th></tr></thead><tbody>"#,
        );
        for c in &s.gap_clusters {
            let langs: Vec<String> = c
                .languages
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect();
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                c.id,
                c.texts.len(),
                esc(&c.representative),
                esc(&langs.join(", ")),
                esc(c.suggested_faq.as_deref().unwrap_or("–"))
            );
        }
        body.push_str("</tbody></table>");
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kefu report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fafafa}}
h1{{margin:0 0 4px}} .sub{{color:#666;margin:0 0 16px}}
table{{border-collapse:collapse;background:#fff;margin:8px 0 20px}}
th,td{{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}}
.summary th{{background:#f0f3f7;font-weight:600}}
.grid{{display:flex;flex-wrap:wrap;gap:16px}}
figure{{margin:0;background:#fff;border:1px solid #ddd;padding:8px}}
figcaption{{font-weight:600;margin-bottom:4px}}
svg text{{font-size:12px;fill:#333}} svg .value{{fill:#555}} svg .empty{{fill:#999}}
</style></head>
<body>
{body}
</body></html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn empty_report_still_has_every_chart() {
        let page = html(&Report::new().summary(10));
        assert_eq!(page.matches(r#"class="chart""#).count(), 8);
        assert!(page.contains("no data"));
        assert!(!page.contains("<script"));
        assert!(!page.contains("http://") || !page.contains("src=\"http"));
    }
}

//! A deterministic workload for profilers and a ranking dump for checking
//! that an optimization changes no result.
//!
//! ```text
//! faq_profile analyze N      # Bot::analyze over the 210 bench messages, N times
//! faq_profile faq N          # the shop FAQ alone on the same messages, N times
//! faq_profile big N [E]      # 2,000 queries on the E-entry synthetic index, N times
//! faq_profile dump DATA      # every ranking, scores as bits (DATA: /work/shared/data)
//! ```
//!
//! Instruction counts (`valgrind --tool=callgrind`) of `analyze` and `faq`
//! are the FAQ work's primary measure on a noisy machine; `dump` before and
//! after a change must print the same bytes.

use std::fmt::Write as _;
use std::path::Path;

use kefu::definition::FaqEntry;
use kefu::faq::{FaqIndex, FaqOptions};

fn arg(i: usize, default: usize) -> usize {
    std::env::args()
        .nth(i)
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

fn ranking_line(out: &mut String, ranked: &[(usize, f32)]) {
    for (e, s) in ranked {
        let _ = write!(out, " {e}:{:08x}", s.to_bits());
    }
    out.push('\n');
}

fn read_jsonl(p: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(p)
        .expect("readable data file")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("JSONL"))
        .collect()
}

/// StackFAQ as `kefu eval faq` builds it, with `alternates` queries of each
/// entry indexed as alternate questions.
fn stackfaq(data: &Path, alternates: usize, opts: &FaqOptions) -> (FaqIndex, Vec<String>) {
    let rows = read_jsonl(&data.join("stackfaq/faq.jsonl"));
    let queries = read_jsonl(&data.join("stackfaq/queries.jsonl"));
    let mut used = std::collections::BTreeMap::<String, usize>::new();
    let mut alt = std::collections::BTreeMap::<String, Vec<String>>::new();
    let mut texts = Vec::new();
    for q in &queries {
        let id = q["faq_id"].as_str().unwrap_or_default().to_string();
        let text = q["text"].as_str().unwrap_or_default().to_string();
        let n = used.entry(id.clone()).or_insert(0);
        if *n < alternates {
            *n += 1;
            alt.entry(id).or_default().push(text.clone());
        }
        texts.push(text);
    }
    let entries: Vec<FaqEntry> = rows
        .iter()
        .map(|r| {
            let id = r["id"].as_str().unwrap_or_default().to_string();
            let mut qs = vec![r["question"].as_str().unwrap_or_default().to_string()];
            qs.extend(alt.get(&id).cloned().unwrap_or_default());
            FaqEntry {
                id,
                questions: [("en".to_string(), qs)].into(),
                answer: [(
                    "en".to_string(),
                    r["answer"].as_str().unwrap_or_default().to_string(),
                )]
                .into(),
                tags: vec![],
            }
        })
        .collect();
    let idx = FaqIndex::build(&entries, "en", opts).expect("StackFAQ builds");
    (idx, texts)
}

fn dump(data: &Path) {
    let mut out = String::new();
    let bot = kefu_benches::shop_bot();
    for m in kefu_benches::fixture_messages() {
        let a = bot.analyze(&m);
        let _ = writeln!(
            out,
            "shop {} {}",
            serde_json::to_string(&a.faq).unwrap_or_default(),
            serde_json::to_string(&a.intent).unwrap_or_default()
        );
        let matching = kefu::text::simplified(&kefu::text::normalize(&m.text));
        out.push_str("shop-scores");
        ranking_line(&mut out, &bot.faq_index().scores(&matching));
    }
    let offtopic: Vec<String> = read_jsonl(&data.join("clinc150/test.jsonl"))
        .iter()
        .filter(|r| r["label"].as_str().is_none_or(|l| l == "oos"))
        .map(|r| r["text"].as_str().unwrap_or_default().to_string())
        .collect();
    for cw in [1.0, 3.0] {
        for alternates in [0, 3] {
            let opts = FaqOptions {
                classifier_weight: cw,
                ..FaqOptions::default()
            };
            let (idx, texts) = stackfaq(data, alternates, &opts);
            for t in texts.iter().chain(&offtopic) {
                let _ = write!(out, "stackfaq{alternates}/{cw}");
                ranking_line(&mut out, &idx.scores(&kefu::text::matching_form(t)));
                let r = idx.search(t, "en");
                let _ = writeln!(out, "  {}", serde_json::to_string(&r).unwrap_or_default());
            }
        }
    }
    let n = kefu_benches::faq_bench_entries();
    let opts = FaqOptions {
        index_answers: false,
        ..FaqOptions::default()
    };
    let idx = FaqIndex::build(&kefu_benches::faq_entries(n), "en", &opts).expect("builds");
    for q in kefu_benches::faq_queries(2_000, n) {
        out.push_str("big");
        ranking_line(&mut out, &idx.scores(&kefu::text::matching_form(&q)));
        let r = idx.search(&q, "en");
        let _ = writeln!(out, "  {}", serde_json::to_string(&r).unwrap_or_default());
    }
    print!("{out}");
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "analyze" => {
            let bot = kefu_benches::shop_bot();
            let msgs = kefu_benches::fixture_messages();
            let mut total = 0usize;
            for _ in 0..arg(2, 100) {
                for m in &msgs {
                    total += bot.analyze(m).faq.hits.len();
                }
            }
            println!("{total}");
        }
        "faq" => {
            let bot = kefu_benches::shop_bot();
            let matching: Vec<String> = kefu_benches::fixture_messages()
                .iter()
                .map(|m| kefu::text::simplified(&kefu::text::normalize(&m.text)))
                .collect();
            let mut total = 0usize;
            for _ in 0..arg(2, 100) {
                for m in &matching {
                    total += bot.faq_index().search_matching(m, "en").hits.len();
                }
            }
            println!("{total}");
        }
        "big" => {
            let n = arg(3, 100_000);
            let opts = FaqOptions {
                index_answers: false,
                ..FaqOptions::default()
            };
            let idx = FaqIndex::build(&kefu_benches::faq_entries(n), "en", &opts).expect("builds");
            let qs = kefu_benches::faq_queries(2_000, n);
            let mut total = 0usize;
            for _ in 0..arg(2, 1) {
                for q in &qs {
                    total += idx.search(q, "en").hits.len();
                }
            }
            println!("{total}");
        }
        "dump" => dump(Path::new(
            &std::env::args()
                .nth(2)
                .unwrap_or_else(|| "/work/shared/data".into()),
        )),
        _ => eprintln!("usage: faq_profile analyze|faq|big|dump …"),
    }
}

//! A deterministic workload for profilers and a ranking dump for checking
//! that an optimization changes no result.
//!
//! ```text
//! faq_profile analyze N      # Bot::analyze over the 210 bench messages, N times
//! faq_profile faq N          # the shop FAQ alone on the same messages, N times
//! faq_profile big N [E]      # 2,000 queries on the E-entry synthetic index, N times
//!                            # (FAQ_PROFILE_ONLY=item: only queries with `item`)
//! faq_profile dump DATA      # every ranking, scores as bits (DATA: /work/shared/data)
//! faq_profile tune DATA      # StackFAQ P@1 on the tuning queries only
//! faq_profile fixtures       # the shop fixture's FAQ expectations
//! ```
//!
//! `tune` and `fixtures` read FAQ options from the environment
//! (`FAQ_CLASSIFIER_WEIGHT`, `FAQ_ANSWER_WEIGHT`, `FAQ_WORD_WEIGHT`), for
//! choosing defaults on the tuning queries: the first three queries of
//! each StackFAQ entry (the ones `kefu eval faq --alternates 3` indexes),
//! zero-shot, and with alternates by indexing two of them and scoring the
//! third, in turn. The reported queries are never read.
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

/// The English FAQ entry of StackFAQ row `r`: its question, then the
/// alternate questions `alternates(id)`.
fn entry(r: &serde_json::Value, alternates: impl Fn(&str) -> Vec<String>) -> FaqEntry {
    let id = r["id"].as_str().unwrap_or_default().to_string();
    let mut qs = vec![r["question"].as_str().unwrap_or_default().to_string()];
    qs.extend(alternates(&id));
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
        .map(|r| entry(r, |id| alt.get(id).cloned().unwrap_or_default()))
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

/// Default FAQ options with the overrides of the environment.
fn env_options() -> FaqOptions {
    let mut o = FaqOptions::default();
    let get = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f32>().ok());
    if let Some(x) = get("FAQ_CLASSIFIER_WEIGHT") {
        o.classifier_weight = x;
    }
    if let Some(x) = get("FAQ_ANSWER_WEIGHT") {
        o.answer_weight = x;
    }
    if let Some(x) = get("FAQ_WORD_WEIGHT") {
        o.word_weight = x;
    }
    if let Some(x) = get("FAQ_FUZZY_WEIGHT") {
        o.fuzzy_weight = x;
    }
    o
}

/// P@1 on the tuning queries (see the module docs): zero-shot and with
/// two alternates per entry.
fn tune(data: &Path) {
    let opts = env_options();
    let rows = read_jsonl(&data.join("stackfaq/faq.jsonl"));
    let queries = read_jsonl(&data.join("stackfaq/queries.jsonl"));
    let mut tuning = std::collections::BTreeMap::<String, Vec<String>>::new();
    for q in &queries {
        let id = q["faq_id"].as_str().unwrap_or_default().to_string();
        let v = tuning.entry(id).or_default();
        if v.len() < 3 {
            v.push(q["text"].as_str().unwrap_or_default().to_string());
        }
    }
    let build = |held: Option<usize>| {
        let entries: Vec<FaqEntry> = rows
            .iter()
            .map(|r| {
                entry(r, |id| match held {
                    Some(h) => tuning
                        .get(id)
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .enumerate()
                        .filter(|(i, _)| *i != h)
                        .map(|x| x.1)
                        .collect(),
                    None => Vec::new(),
                })
            })
            .collect();
        FaqIndex::build(&entries, "en", &opts).expect("StackFAQ builds")
    };
    let ids: Vec<String> = rows
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    let p1 = |idx: &FaqIndex, held: Option<usize>| {
        let (mut n, mut right, mut answered, mut answered_right) = (0, 0, 0, 0);
        for (id, qs) in &tuning {
            for (i, q) in qs.iter().enumerate() {
                if held.is_some_and(|h| h != i) {
                    continue;
                }
                let ranked = idx.scores(&kefu::text::matching_form(q));
                n += 1;
                let top_right = ranked.first().is_some_and(|r| &ids[r.0] == id);
                right += usize::from(top_right);
                if idx.decide(ranked, "en").status == kefu::analysis::FaqStatus::Answer {
                    answered += 1;
                    answered_right += usize::from(top_right);
                }
            }
        }
        (n, right, answered, answered_right)
    };
    let zs = p1(&build(None), None);
    let mut alt = (0, 0, 0, 0);
    for h in 0..3 {
        let r = p1(&build(Some(h)), Some(h));
        alt = (alt.0 + r.0, alt.1 + r.1, alt.2 + r.2, alt.3 + r.3);
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "tune zero-shot P@1 {:.2} ({} q), answered {:.1} % at precision {:.1}; alternates P@1 {:.2} ({} q), answered {:.1} % at precision {:.1}",
        pct(zs.1, zs.0),
        zs.0,
        pct(zs.2, zs.0),
        pct(zs.3, zs.2),
        pct(alt.1, alt.0),
        alt.0,
        pct(alt.2, alt.0),
        pct(alt.3, alt.2)
    );
}

/// The zero-shot tuning queries whose top entry is wrong: the query, the
/// right entry's question and rank, and the top entry's question.
fn errors(data: &Path) {
    let opts = env_options();
    let rows = read_jsonl(&data.join("stackfaq/faq.jsonl"));
    let queries = read_jsonl(&data.join("stackfaq/queries.jsonl"));
    let mut used = std::collections::BTreeMap::<String, usize>::new();
    let entries: Vec<FaqEntry> = rows.iter().map(|r| entry(r, |_| Vec::new())).collect();
    let idx = FaqIndex::build(&entries, "en", &opts).expect("StackFAQ builds");
    let q_of = |e: usize| rows[e]["question"].as_str().unwrap_or_default().to_string();
    for q in &queries {
        let id = q["faq_id"].as_str().unwrap_or_default();
        let n = used.entry(id.to_string()).or_insert(0);
        *n += 1;
        if *n > 3 {
            continue;
        }
        let text = q["text"].as_str().unwrap_or_default();
        let ranked = idx.scores(&kefu::text::matching_form(text));
        let right = entries.iter().position(|e| e.id == id).unwrap_or(0);
        let rank = ranked.iter().position(|r| r.0 == right);
        if rank != Some(0) {
            let top = ranked.first().map_or(0, |r| r.0);
            println!(
                "Q {text}\n  want #{} {:.3} {}\n  got {:.3} {}",
                rank.map_or(-1, |r| r as i64),
                rank.map_or(0.0, |r| ranked[r].1),
                q_of(right),
                ranked.first().map_or(0.0, |r| r.1),
                q_of(top)
            );
        }
    }
}

/// The FAQ expectations of the shop fixture (`faq_status`, `faq_top`,
/// `action`) with the options of the environment; prints mismatches.
fn fixtures() {
    let def = kefu::BotDefinition::from_path(kefu_benches::shop_definition()).expect("valid");
    let fixture: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../examples/fixtures/shop_cases.json"),
        )
        .expect("fixture file"),
    )
    .expect("JSON");
    let mut opts = kefu::TrainOptions::with_seed(fixture["seed"].as_u64().unwrap_or(0));
    opts.faq = env_options();
    let bot = kefu::Bot::train(&def, &opts).expect("trains");
    let mut bad = 0;
    let cases = fixture["cases"].as_array().cloned().unwrap_or_default();
    for c in &cases {
        let ctx: kefu::Context = serde_json::from_value(c["context"].clone()).unwrap_or_default();
        let text = c["text"].as_str().unwrap_or_default();
        let a = bot.analyze(&kefu::Message::with_context(text, ctx));
        let e = &c["expect"];
        let got = [
            ("faq_status", serde_json::Value::from(a.faq.status.as_str())),
            (
                "faq_top",
                a.faq
                    .hits
                    .first()
                    .map_or(serde_json::Value::Null, |h| h.id.clone().into()),
            ),
            (
                "action",
                serde_json::Value::from(a.decision.action.as_str()),
            ),
        ];
        let known: Vec<&str> = c["known_failure"]["keys"]
            .as_array()
            .map(|ks| ks.iter().filter_map(|k| k.as_str()).collect())
            .unwrap_or_default();
        // the reply must hold its expected text (an answer the FAQ no
        // longer gives falls back to another reply)
        let reply = a.decision.reply.clone().unwrap_or_default();
        let holds = e["reply_contains"]
            .as_str()
            .is_none_or(|w| reply.contains(w));
        let got = got.into_iter().chain([(
            "reply_contains",
            if holds {
                e["reply_contains"].clone()
            } else {
                serde_json::Value::from(reply)
            },
        )]);
        for (k, v) in got {
            let Some(want) = e.get(k) else { continue };
            // a known failure must still fail (the fixture test says so)
            if (*want != v) != known.contains(&k) {
                bad += 1;
                let how = if known.contains(&k) {
                    "known failure now holds"
                } else {
                    "mismatch"
                };
                println!("{}: {k} {how}: expected {want}, got {v}", c["name"]);
            }
        }
    }
    println!("{} cases, {bad} FAQ mismatches", cases.len());
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
            // `FAQ_PROFILE_ONLY=item` keeps the queries with that text (e.g.
            // the ones with a product code), to profile one kind alone.
            let only = std::env::var("FAQ_PROFILE_ONLY").unwrap_or_default();
            let qs: Vec<String> = kefu_benches::faq_queries(2_000, n)
                .into_iter()
                .filter(|q| q.contains(only.as_str()))
                .collect();
            let mut total = 0usize;
            for _ in 0..arg(2, 1) {
                for q in &qs {
                    total += idx.search(q, "en").hits.len();
                }
            }
            println!("{total}");
        }
        "tune" => tune(Path::new(
            &std::env::args()
                .nth(2)
                .unwrap_or_else(|| "/work/shared/data".into()),
        )),
        "fixtures" => fixtures(),
        "errors" => errors(Path::new(
            &std::env::args()
                .nth(2)
                .unwrap_or_else(|| "/work/shared/data".into()),
        )),
        "dump" => dump(Path::new(
            &std::env::args()
                .nth(2)
                .unwrap_or_else(|| "/work/shared/data".into()),
        )),
        _ => eprintln!("usage: faq_profile analyze|faq|big|dump|tune|fixtures …"),
    }
}

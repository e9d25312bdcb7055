//! FAQ index at scale: build time and query time with 100,000 synthetic
//! entries (issue target: build ≤ 10 s, query ≤ 200 µs at p99).
//!
//! Criterion reports means; the p99 target needs the tail, so before the
//! criterion groups the bench times one build and 2,000 different queries
//! one by one and prints their p50 / p99 / max (`faq_100k p99: …`).
//! `FAQ_BENCH_ENTRIES` changes the entry count (default 100,000);
//! `FAQ_BENCH_ROUNDS=5` keeps each query's best of five rounds (for a
//! loaded machine, where preemption makes the tail).
//!
//! `faq_shop/fixture_210` times the demo shop bot's FAQ alone on the 210
//! messages of `analyze/fixture_210` (run it with `FAQ_BENCH_ENTRIES=1000`
//! to skip most of the 100,000-entry setup).

use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use kefu::faq::{FaqIndex, FaqOptions};
use kefu_benches::{
    faq_bench_entries as n_entries, faq_entries as entries, faq_queries as queries,
};

/// Times `queries` one by one and prints p50 / p99 / max in µs.
fn tail_latency(idx: &FaqIndex, queries: &[String]) {
    // warm-up
    for q in queries.iter().take(100) {
        std::hint::black_box(idx.search(q, "en"));
    }
    // `FAQ_BENCH_ROUNDS=n` times every query in n rounds and keeps its
    // fastest time: on a loaded machine, the tail is otherwise the
    // scheduler's (other processes preempting a query), not the index's.
    let rounds: usize = std::env::var("FAQ_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut us = vec![f64::INFINITY; queries.len()];
    for _ in 0..rounds {
        for (q, best) in queries.iter().zip(&mut us) {
            let t = Instant::now();
            std::hint::black_box(idx.search(q, "en"));
            *best = best.min(t.elapsed().as_secs_f64() * 1e6);
        }
    }
    if std::env::var("FAQ_BENCH_SLOWEST").is_ok() {
        let mut by: Vec<(f64, &String)> = us.iter().copied().zip(queries).collect();
        by.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (t, q) in by.iter().take(8) {
            println!("  {t:.0} µs: {q}");
        }
    }
    us.sort_by(f64::total_cmp);
    let at = |p: f64| us[((us.len() as f64 * p).ceil() as usize).clamp(1, us.len()) - 1];
    println!(
        "faq_{}k p99: {} queries (best of {rounds}), p50 {:.1} µs, p99 {:.1} µs, max {:.1} µs",
        idx.len() / 1000,
        us.len(),
        at(0.50),
        at(0.99),
        at(1.0)
    );
}

fn scale(c: &mut Criterion) {
    let n = n_entries();
    let e = entries(n);
    let opts = FaqOptions {
        index_answers: false,
        ..FaqOptions::default()
    };
    let t = Instant::now();
    let idx = FaqIndex::build(&e, "en", &opts).expect("builds");
    println!(
        "faq_{}k build: {:.2} s (one build)",
        n / 1000,
        t.elapsed().as_secs_f64()
    );
    tail_latency(&idx, &queries(2_000, n));
    let mut g = c.benchmark_group(format!("faq_{}k", n / 1000));
    g.sample_size(10);
    g.bench_function("build", |b| {
        b.iter(|| FaqIndex::build(&e, "en", &opts).expect("builds"))
    });
    g.bench_function("query", |b| {
        b.iter(|| {
            std::hint::black_box(idx.search("how do I get a refund for a damaged parcel", "en"))
        })
    });
    g.finish();
}

/// The demo shop bot's FAQ (36 entries in four languages, alternate
/// questions, so the classifier over them runs too) on the 210 messages of
/// the analyze bench: the FAQ's share of `analyze/fixture_210`.
fn shop(c: &mut Criterion) {
    let bot = kefu_benches::shop_bot();
    let idx = bot.faq_index();
    let matching: Vec<String> = kefu_benches::fixture_messages()
        .iter()
        .map(|m| kefu::text::simplified(&kefu::text::normalize(&m.text)))
        .collect();
    let mut g = c.benchmark_group("faq_shop");
    g.throughput(criterion::Throughput::Elements(matching.len() as u64));
    g.bench_function("fixture_210", |b| {
        b.iter(|| {
            for m in &matching {
                std::hint::black_box(idx.search_matching(m, "en"));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, shop, scale);
criterion_main!(benches);

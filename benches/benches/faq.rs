//! FAQ index at scale: build time and query time with 100,000 synthetic
//! entries (issue target: build ≤ 10 s, query ≤ 200 µs at p99).

use criterion::{criterion_group, criterion_main, Criterion};
use kefu::definition::FaqEntry;
use kefu::faq::{FaqIndex, FaqOptions};

const WORDS: &[&str] = &[
    "order", "refund", "shipping", "invoice", "coupon", "password", "account", "delivery",
    "return", "payment", "card", "address", "warranty", "size", "gift", "customs", "tracking",
    "parcel", "cancel", "discount", "store", "price", "stock", "color", "email", "phone", "login",
    "receipt", "exchange", "damaged",
];

/// Deterministic synthetic entries: 6-word questions from a small
/// vocabulary plus a unique product code, so entries are distinct.
fn entries(n: usize) -> Vec<FaqEntry> {
    let mut x: u64 = 0x9e37_79b9;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n)
        .map(|i| {
            let q: Vec<&str> = (0..6)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect();
            FaqEntry {
                id: format!("e{i}"),
                questions: [("en".to_string(), vec![format!("{} item{}", q.join(" "), i)])].into(),
                answer: [("en".to_string(), format!("answer {i}"))].into(),
                tags: vec![],
            }
        })
        .collect()
}

fn scale(c: &mut Criterion) {
    let e = entries(100_000);
    let opts = FaqOptions {
        index_answers: false,
        ..FaqOptions::default()
    };
    let mut g = c.benchmark_group("faq_100k");
    g.sample_size(10);
    g.bench_function("build", |b| {
        b.iter(|| FaqIndex::build(&e, "en", &opts).expect("builds"))
    });
    let idx = FaqIndex::build(&e, "en", &opts).expect("builds");
    g.bench_function("query", |b| {
        b.iter(|| {
            std::hint::black_box(idx.search("how do I get a refund for a damaged parcel", "en"))
        })
    });
    g.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);

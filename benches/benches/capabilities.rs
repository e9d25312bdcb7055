//! The capabilities that have no bench file of their own, each alone on the
//! demo shop bot's configuration and the shared eight messages: sentiment
//! scoring (language given) and entity extraction with redaction.
//!
//! `cargo bench -p kefu-benches --bench capabilities`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::entities::EntityExtractor;
use kefu::lang::LanguageDetector;
use kefu::sentiment::SentimentScorer;

fn sentiment(c: &mut Criterion) {
    let def =
        kefu::BotDefinition::from_path(kefu_benches::shop_definition()).expect("valid definition");
    let scorer = SentimentScorer::new(&def.sentiment).expect("valid sentiment config");
    // The language is detected once, outside the timed loop.
    let det = LanguageDetector::new(&[]);
    let msgs: Vec<(&str, String)> = kefu_benches::MESSAGES
        .iter()
        .map(|t| (*t, det.detect(t).code))
        .collect();
    let mut g = c.benchmark_group("sentiment");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("score_shop_mixed_8", |b| {
        b.iter(|| {
            for (t, lang) in &msgs {
                std::hint::black_box(scorer.score(t, lang));
            }
        })
    });
    g.finish();
}

fn entities(c: &mut Criterion) {
    let def =
        kefu::BotDefinition::from_path(kefu_benches::shop_definition()).expect("valid definition");
    let ex = EntityExtractor::new(&def.entities).expect("valid entity config");
    let mut g = c.benchmark_group("entities");
    g.throughput(Throughput::Elements(kefu_benches::MESSAGES.len() as u64));
    g.bench_function("extract_shop_mixed_8", |b| {
        b.iter(|| {
            for t in kefu_benches::MESSAGES {
                std::hint::black_box(ex.extract(t));
            }
        })
    });
    g.bench_function("extract_redact_shop_mixed_8", |b| {
        b.iter(|| {
            for t in kefu_benches::MESSAGES {
                let found = ex.extract(t);
                std::hint::black_box(ex.redact(t, &found));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, sentiment, entities);
criterion_main!(benches);

//! Full analyses per second of the demo shop bot, plus training time.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::{Context, Message};

fn analyze(c: &mut Criterion) {
    let bot = kefu_benches::shop_bot();
    let ctx = context();
    let msgs: Vec<Message> = kefu_benches::MESSAGES
        .iter()
        .map(|t| Message::with_context(*t, ctx.clone()))
        .collect();
    let mut g = c.benchmark_group("analyze");
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("shop_mixed_8", |b| {
        b.iter(|| {
            for m in &msgs {
                std::hint::black_box(bot.analyze(m));
            }
        })
    });
    // The same 210 messages as the WASM bench (bindings-wasm/bench/bench.mjs):
    // the demo conversation and every fixture case, with their contexts.
    let msgs = kefu_benches::fixture_messages();
    g.throughput(Throughput::Elements(msgs.len() as u64));
    g.bench_function("fixture_210", |b| {
        b.iter(|| {
            for m in &msgs {
                std::hint::black_box(bot.analyze(m));
            }
        })
    });
    g.finish();
}

fn context() -> Context {
    Context {
        channel: Some("web".into()),
        now: "2026-11-20T03:00:00Z".parse().ok(),
        ..Context::default()
    }
}

fn train(c: &mut Criterion) {
    let def =
        kefu::BotDefinition::from_path(kefu_benches::shop_definition()).expect("valid definition");
    let mut g = c.benchmark_group("train");
    g.sample_size(10);
    g.bench_function("shop_bot", |b| {
        b.iter(|| kefu::Bot::train(&def, &kefu::TrainOptions::default()).expect("trains"))
    });
    g.finish();
}

criterion_group!(benches, analyze, train);
criterion_main!(benches);

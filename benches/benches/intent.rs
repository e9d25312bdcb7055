//! Intent classifier: predictions per second and training time, on the demo
//! shop bot's examples (all four languages).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::intent::{Example, IntentClassifier, IntentOptions};

fn shop_examples() -> Vec<Example> {
    let def =
        kefu::BotDefinition::from_path(kefu_benches::shop_definition()).expect("valid definition");
    let mut out = Vec::new();
    for (name, intent) in def.intents.iter() {
        for texts in intent.examples.values() {
            out.extend(texts.iter().map(|t| Example::new(t.clone(), name.clone())));
        }
    }
    out
}

fn predict(c: &mut Criterion) {
    let clf =
        IntentClassifier::train(&shop_examples(), None, &IntentOptions::default()).expect("trains");
    let mut g = c.benchmark_group("intent");
    g.throughput(Throughput::Elements(kefu_benches::MESSAGES.len() as u64));
    g.bench_function("predict_shop_mixed_8", |b| {
        b.iter(|| {
            for m in kefu_benches::MESSAGES {
                std::hint::black_box(clf.predict(m));
            }
        })
    });
    g.finish();
}

fn train(c: &mut Criterion) {
    let ex = shop_examples();
    let mut g = c.benchmark_group("intent");
    g.sample_size(10);
    g.bench_function("train_shop_with_cv", |b| {
        b.iter(|| IntentClassifier::train(&ex, None, &IntentOptions::default()).expect("trains"))
    });
    g.finish();
}

criterion_group!(benches, predict, train);
criterion_main!(benches);

//! Intent classifier: predictions per second and training time, on the demo
//! shop bot's examples (all four languages) and on a synthetic
//! CLINC150-sized task (150 intents + `oos`, 100 examples each, English-like
//! words), since the prediction target (≥ 100k messages/s on one thread) is
//! about models of that size; and the incremental update of that model with
//! 5 new intents. The synthetic data is generated here, so the
//! bench reads no dataset.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::intent::{Example, IntentClassifier, IntentOptions, OnConflict};
use kefu_benches::clinc_sized;

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

fn clinc_options() -> IntentOptions {
    IntentOptions {
        on_conflict: OnConflict::Keep,
        cv_folds: 0,
        ..IntentOptions::default()
    }
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
    let (train, messages) = clinc_sized(1000);
    let clf = IntentClassifier::train(&train, None, &clinc_options()).expect("trains");
    g.throughput(Throughput::Elements(messages.len() as u64));
    g.bench_function("predict_clinc_sized_151_classes", |b| {
        b.iter(|| {
            for m in &messages {
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
    let (train, _) = clinc_sized(0);
    g.bench_function("train_clinc_sized_15100_examples", |b| {
        b.iter(|| IntentClassifier::train(&train, None, &clinc_options()).expect("trains"))
    });
    // incremental learning: the last 5 intents added to a model trained
    // without them (what `kefu eval intent --incremental 5` times)
    let new_labels: Vec<String> = (145..150).map(|i| format!("intent_{i:03}")).collect();
    let (new, base): (Vec<Example>, Vec<Example>) = train
        .iter()
        .cloned()
        .partition(|e| new_labels.contains(&e.label));
    let old = IntentClassifier::train(&base, None, &clinc_options()).expect("trains");
    g.bench_function("update_clinc_sized_5_new_intents", |b| {
        b.iter(|| old.update(&train, &new, &clinc_options()).expect("updates"))
    });
    g.finish();
}

criterion_group!(benches, predict, train);
criterion_main!(benches);

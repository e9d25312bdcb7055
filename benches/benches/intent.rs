//! Intent classifier: predictions per second and training time, on the demo
//! shop bot's examples (all four languages) and on a synthetic
//! CLINC150-sized task (150 intents + `oos`, 100 examples each, English-like
//! words), since the prediction target (≥ 100k messages/s on one thread) is
//! about models of that size; and the incremental update of that model with
//! 5 new intents. The synthetic data is generated here, so the
//! bench reads no dataset.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kefu::intent::{Example, IntentClassifier, IntentOptions, OnConflict, OOS_LABEL};

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

/// splitmix64, for reproducible synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A pronounceable word of 2–4 syllables.
fn word(rng: &mut Rng) -> String {
    const C: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w",
    ];
    const V: &[&str] = &["a", "e", "i", "o", "u", "ay", "ee", "ou"];
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| format!("{}{}", C[rng.below(C.len())], V[rng.below(V.len())]))
        .collect()
}

/// 150 intents + `oos` × 100 examples, and `n_messages` held-out messages.
/// Each intent has 8 keywords; a message mixes 2–3 of them with 3–6 words
/// of a shared 400-word pool, like a short customer request.
fn clinc_sized(n_messages: usize) -> (Vec<Example>, Vec<String>) {
    let mut rng = Rng(7);
    let common: Vec<String> = (0..400).map(|_| word(&mut rng)).collect();
    let keywords: Vec<Vec<String>> = (0..151)
        .map(|_| (0..8).map(|_| word(&mut rng)).collect())
        .collect();
    let sentence = |rng: &mut Rng, intent: usize| {
        let mut ws: Vec<&str> = Vec::new();
        for _ in 0..2 + rng.below(2) {
            ws.push(&keywords[intent][rng.below(8)]);
        }
        for _ in 0..3 + rng.below(4) {
            let at = rng.below(ws.len() + 1);
            ws.insert(at, &common[rng.below(common.len())]);
        }
        ws.join(" ")
    };
    let mut train = Vec::new();
    for intent in 0..151 {
        let label = if intent == 150 {
            OOS_LABEL.to_string()
        } else {
            format!("intent_{intent:03}")
        };
        for _ in 0..100 {
            train.push(Example::new(sentence(&mut rng, intent), label.clone()));
        }
    }
    let messages = (0..n_messages)
        .map(|_| {
            let i = rng.below(151);
            sentence(&mut rng, i)
        })
        .collect();
    (train, messages)
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

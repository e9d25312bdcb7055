//! A fixed amount of analysis work, for instruction counts under valgrind
//! (`perf stat` has no hardware counters on some VMs) and for checking that
//! an optimization leaves every result unchanged.
//!
//! ```text
//! cargo build --release -p kefu-benches --example analyze_loop
//! # instructions per analysis: the difference of two runs, over 210 × (N - 0)
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/analyze_loop loop 0
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/analyze_loop loop 20
//! # every analysis as one JSON line: the 210 fixture messages, then the
//! # `text` of each line of the given JSONL files (analyzed without context)
//! target/release/examples/analyze_loop dump [file.jsonl …] > before.jsonl
//! # training the demo bot N times (instructions per training, as above),
//! # then its bundle's FNV-1a hash (training must stay deterministic)
//! valgrind --tool=callgrind target/release/examples/analyze_loop train 1
//! # intent predictions alone: the `intent` bench's CLINC150-sized model
//! # over its 1,000 messages, N rounds (or a model trained on TRAIN.jsonl
//! # predicting the texts of TEST.jsonl); `intent-dump` prints each
//! # prediction's label and probability bits (to compare two builds)
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/analyze_loop intent 5 [TRAIN.jsonl TEST.jsonl]
//! target/release/examples/analyze_loop intent-dump 1 [TRAIN.jsonl TEST.jsonl] > before.txt
//! ```

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("train") {
        let n: usize = args
            .get(1)
            .and_then(|s| s.parse().ok())
            .expect("train N: a number of trainings");
        let mut bytes = Vec::new();
        let t = std::time::Instant::now();
        for _ in 0..n {
            bytes = kefu_benches::shop_bot().to_bytes();
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / n.max(1) as f64;
        let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        println!("{n} trainings, {ms:.1} ms each (with YAML load and to_bytes); bundle {} bytes, fnv {hash:016x}", bytes.len());
        return;
    }
    if let Some(mode @ ("intent" | "intent-dump")) = args.first().map(String::as_str) {
        intent(mode == "intent-dump", &args[1..]);
        return;
    }
    let bot = kefu_benches::shop_bot();
    let msgs = kefu_benches::fixture_messages();
    match args.first().map(String::as_str) {
        Some("loop") => {
            let n: usize = args
                .get(1)
                .and_then(|s| s.parse().ok())
                .expect("loop N: a number of rounds");
            let mut acc = 0usize;
            for _ in 0..n {
                for m in &msgs {
                    acc += std::hint::black_box(bot.analyze(m)).entities.len();
                }
            }
            println!("{n} rounds of {} messages ({acc})", msgs.len());
        }
        Some("dump") => {
            let mut all = msgs;
            for path in &args[1..] {
                all.extend(rows(path).into_iter().map(|(text, _)| kefu::Message::new(text)));
            }
            for m in &all {
                let a = bot.analyze(m);
                println!("{}", serde_json::to_string(&a).expect("serializable"));
            }
        }
        _ => eprintln!(
            "usage: analyze_loop loop N | analyze_loop dump [file.jsonl …] | analyze_loop train N | analyze_loop intent[-dump] N [TRAIN.jsonl TEST.jsonl]"
        ),
    }
}

/// The (text, label) rows of a JSONL file.
fn rows(path: &str) -> Vec<(String, String)> {
    let src = std::fs::read_to_string(path).expect("a readable JSONL file");
    src.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSONL");
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (field("text"), field("label"))
        })
        .collect()
}

/// `intent N [TRAIN TEST]`: N rounds of predictions (see the module docs).
fn intent(dump: bool, args: &[String]) {
    use kefu::intent::{Example, IntentClassifier, IntentOptions, OnConflict};
    let n: usize = args
        .first()
        .and_then(|s| s.parse().ok())
        .expect("intent N: a number of rounds");
    let (train, messages) = match (args.get(1), args.get(2)) {
        (Some(train), Some(test)) => (
            rows(train)
                .into_iter()
                .map(|(t, l)| Example::new(t, l))
                .collect(),
            rows(test).into_iter().map(|(t, _)| t).collect(),
        ),
        _ => kefu_benches::clinc_sized(1000),
    };
    let options = IntentOptions {
        on_conflict: OnConflict::Keep,
        cv_folds: 0,
        ..IntentOptions::default()
    };
    let clf = IntentClassifier::train(&train, None, &options).expect("trains");
    let mut acc = 0usize;
    for _ in 0..n {
        for m in &messages {
            let p = std::hint::black_box(clf.predict(m));
            acc += p.ranking.len();
            if dump {
                println!("{} {:08x}", p.best, p.confidence.to_bits());
            }
        }
    }
    eprintln!("{n} rounds of {} predictions ({acc})", messages.len());
}

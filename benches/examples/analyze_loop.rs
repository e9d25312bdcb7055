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
                let src = std::fs::read_to_string(path).expect("a readable JSONL file");
                for line in src.lines().filter(|l| !l.trim().is_empty()) {
                    let v: serde_json::Value = serde_json::from_str(line).expect("JSONL");
                    let text = v["text"].as_str().unwrap_or_default();
                    all.push(kefu::Message::new(text));
                }
            }
            for m in &all {
                let a = bot.analyze(m);
                println!("{}", serde_json::to_string(&a).expect("serializable"));
            }
        }
        _ => eprintln!(
            "usage: analyze_loop loop N | analyze_loop dump [file.jsonl …] | analyze_loop train N"
        ),
    }
}

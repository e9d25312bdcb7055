//! Shared helpers of kefu's criterion benches (`cargo bench -p kefu-benches`).

use std::path::PathBuf;

use kefu::definition::FaqEntry;

/// The demo shop definition (`examples/shop/bot.yaml`).
pub fn shop_definition() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/shop/bot.yaml")
}

/// Trains the demo shop bot with the default options.
pub fn shop_bot() -> kefu::Bot {
    let def =
        kefu::BotDefinition::from_path(shop_definition()).expect("the shop definition is valid");
    kefu::Bot::train(&def, &kefu::TrainOptions::default()).expect("the shop bot trains")
}

/// The messages of the WASM bench (`bindings-wasm/bench/bench.mjs`): the
/// demo conversation (`examples/shop/demo.jsonl`) and every case of the
/// shared fixture (`examples/fixtures/shop_cases.json`), with their
/// contexts.
pub fn fixture_messages() -> Vec<kefu::Message> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).expect("repo file exists");
    let message = |v: &serde_json::Value| {
        let text = v["text"].as_str().expect("a text").to_string();
        let context: kefu::Context = match v.get("context") {
            Some(c) => serde_json::from_value(c.clone()).expect("a valid context"),
            None => kefu::Context::default(),
        };
        kefu::Message::with_context(text, context)
    };
    let mut out: Vec<kefu::Message> = read("examples/shop/demo.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| message(&serde_json::from_str(l).expect("JSONL")))
        .collect();
    let fixture: serde_json::Value =
        serde_json::from_str(&read("examples/fixtures/shop_cases.json")).expect("JSON");
    out.extend(
        fixture["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .map(message),
    );
    out
}

/// Messages in several languages and moods, for throughput benches.
pub const MESSAGES: &[&str] = &[
    "Hi, where is my order SO-20261234? It still hasn't shipped.",
    "我上週買的外套太大了，想要退貨，要怎麼寄回去？",
    "寄到德国的话，收货时还要另外交关税吗？",
    "¿Cuántos días tarda en llegar un pedido a España?",
    "This is ridiculous!!! My order is late AGAIN, I'm cancelling everything.",
    "Please replace the card on my account, the new one is 4111 1111 1111 1111.",
    "I need to talk to a real person",
    "what's the weather on Mars right now?",
];

const WORDS: &[&str] = &[
    "order", "refund", "shipping", "invoice", "coupon", "password", "account", "delivery",
    "return", "payment", "card", "address", "warranty", "size", "gift", "customs", "tracking",
    "parcel", "cancel", "discount", "store", "price", "stock", "color", "email", "phone", "login",
    "receipt", "exchange", "damaged",
];

/// Words that customers add around the FAQ vocabulary (none is indexed).
const FILLER: &[&str] = &[
    "how",
    "do",
    "i",
    "get",
    "a",
    "for",
    "my",
    "the",
    "can",
    "you",
    "please",
    "why",
    "is",
    "where",
    "when",
    "what",
    "urgently",
    "yesterday",
];

/// A deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

/// The `faq` bench's entry count: `FAQ_BENCH_ENTRIES`, default 100,000.
pub fn faq_bench_entries() -> usize {
    std::env::var("FAQ_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Deterministic synthetic FAQ entries (the `faq` bench's 100,000-entry index): 6-word questions from a small
/// vocabulary plus a unique product code, so entries are distinct.
pub fn faq_entries(n: usize) -> Vec<FaqEntry> {
    let mut rng = Rng(0x9e37_79b9);
    (0..n)
        .map(|i| {
            let q: Vec<&str> = (0..6).map(|_| rng.pick(WORDS)).collect();
            FaqEntry {
                id: format!("e{i}"),
                questions: [("en".to_string(), vec![format!("{} item{}", q.join(" "), i)])].into(),
                answer: [("en".to_string(), format!("answer {i}"))].into(),
                tags: vec![],
            }
        })
        .collect()
}

/// Customer-like queries for [`faq_entries`]: 2–5 FAQ words (one with a typo in a quarter of
/// them), filler words, and in a third of them an entry's product code.
pub fn faq_queries(n: usize, entries: usize) -> Vec<String> {
    let mut rng = Rng(0x5151_7a7a);
    (0..n)
        .map(|_| {
            let mut q: Vec<String> = Vec::new();
            for _ in 0..2 + rng.next() % 3 {
                q.push(rng.pick(FILLER).to_string());
            }
            for _ in 0..2 + rng.next() % 4 {
                let mut w = rng.pick(WORDS).to_string();
                if rng.next().is_multiple_of(4) && w.len() > 5 {
                    w.remove(2);
                }
                q.push(w);
            }
            if rng.next().is_multiple_of(3) {
                q.push(format!("item{}", rng.next() % entries as u64));
            }
            q.join(" ")
        })
        .collect()
}

/// splitmix64, for reproducible synthetic data.
struct SplitMix(u64);

impl SplitMix {
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
fn syllable_word(rng: &mut SplitMix) -> String {
    const C: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w",
    ];
    const V: &[&str] = &["a", "e", "i", "o", "u", "ay", "ee", "ou"];
    let n = 2 + rng.below(3);
    (0..n)
        .map(|_| format!("{}{}", C[rng.below(C.len())], V[rng.below(V.len())]))
        .collect()
}

/// The intent bench's synthetic CLINC150-sized task: 150 intents + `oos` × 100 examples, and `n_messages` held-out messages.
/// Each intent has 8 keywords; a message mixes 2–3 of them with 3–6 words
/// of a shared 400-word pool, like a short customer request.
pub fn clinc_sized(n_messages: usize) -> (Vec<kefu::intent::Example>, Vec<String>) {
    let mut rng = SplitMix(7);
    let common: Vec<String> = (0..400).map(|_| syllable_word(&mut rng)).collect();
    let keywords: Vec<Vec<String>> = (0..151)
        .map(|_| (0..8).map(|_| syllable_word(&mut rng)).collect())
        .collect();
    let sentence = |rng: &mut SplitMix, intent: usize| {
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
            kefu::intent::OOS_LABEL.to_string()
        } else {
            format!("intent_{intent:03}")
        };
        for _ in 0..100 {
            train.push(kefu::intent::Example::new(
                sentence(&mut rng, intent),
                label.clone(),
            ));
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

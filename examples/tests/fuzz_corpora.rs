//! Replays the committed corpora of the bot-level fuzz targets
//! (`fuzz/corpus/{bundle,definition,analyze,entities}/`) through what the
//! targets do (`core/src/fuzz_input.rs`), so that `cargo test` covers them
//! on stable. `write_seed_corpora` (ignored) regenerates the seeds from
//! `examples/`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kefu::{Bot, BotDefinition, TrainOptions};

#[allow(dead_code)]
mod fuzz_input {
    include!("../../core/src/fuzz_input.rs");
}

fn corpus(target: &str) -> PathBuf {
    kefu_examples::dir().join("../fuzz/corpus").join(target)
}

fn files(target: &str) -> Vec<PathBuf> {
    let dir = corpus(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{} holds too few files", dir.display());
    files
}

fn shop_def() -> &'static BotDefinition {
    static D: OnceLock<BotDefinition> = OnceLock::new();
    D.get_or_init(|| BotDefinition::from_path(kefu_examples::shop_definition()).unwrap())
}

fn shop_bot() -> &'static Bot {
    static B: OnceLock<Bot> = OnceLock::new();
    B.get_or_init(|| Bot::train(shop_def(), &TrainOptions::default()).unwrap())
}

#[test]
fn bundle_corpus_replays() {
    let mut loaded = 0;
    for p in files("bundle") {
        let data = std::fs::read(&p).unwrap();
        fuzz_input::bundle(&data);
        let bytes = match data.split_first() {
            Some((b, rest)) if b & 1 == 1 => fuzz_input::with_header(rest),
            _ => data.clone(),
        };
        loaded += usize::from(Bot::from_bytes(&bytes).is_ok());
    }
    assert!(loaded >= 1, "the seeds hold at least one loadable bundle");
    fuzz_input::bundle(b"");
    fuzz_input::bundle(b"KEFU");
    fuzz_input::bundle(&[1]);
}

#[test]
fn definition_corpus_replays() {
    let mut valid = 0;
    for p in files("definition") {
        let data = std::fs::read(&p).unwrap();
        fuzz_input::definition(&data);
        if let Ok(t) = std::str::from_utf8(&data) {
            valid += usize::from(
                BotDefinition::from_json(t).is_ok() || BotDefinition::from_yaml(t).is_ok(),
            );
        }
    }
    assert!(valid >= 2, "the seeds hold valid definitions");
    fuzz_input::definition(b"");
    fuzz_input::definition(b"{}");
}

#[test]
fn analyze_corpus_replays() {
    for p in files("analyze") {
        fuzz_input::analyze(shop_bot(), &std::fs::read(&p).unwrap());
    }
    fuzz_input::analyze(shop_bot(), b"\0{\"now\": 1e999}");
}

#[test]
fn entities_corpus_replays() {
    let xs = fuzz_input::extractors(shop_def());
    for p in files("entities") {
        fuzz_input::entities(&xs, &std::fs::read(&p).unwrap());
    }
}

#[test]
fn crc32_matches_the_bundle_checksum() {
    // with_header must produce what Bot::to_bytes writes, or the bundle
    // target would never get past the checksum.
    let bytes = shop_bot().to_bytes();
    let payload = &bytes[kefu::bundle::HEADER_LEN..];
    assert_eq!(fuzz_input::with_header(payload), bytes);
    assert_eq!(fuzz_input::crc32(b"123456789"), 0xCBF4_3926);
}

fn write(dir: &Path, name: &str, data: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

const SMALL_JSON: &str = r#"{
  "languages": ["en", "zh-Hans"],
  "intents": {
    "order_status": {"examples": {"en": ["where is my order", "track my package"], "zh-Hans": ["我的订单在哪里"]},
                     "responses": {"en": "Let me check."}},
    "refund": {"examples": {"en": ["i want a refund", "return this item"], "zh-Hans": ["我要退款"]}},
    "oos": {"examples": {"en": ["what is the weather"]}}
  },
  "faq": [{"id": "ship", "questions": {"en": ["how long does shipping take"]}, "answer": {"en": "3 days."}}],
  "synonyms": {"shipping": ["delivery"], "退款": ["退钱"]},
  "entities": {"custom": {"order_id": {"pattern": "SO-\\d{8}"}}, "redact": ["email", "order_id"]},
  "sentiment": {"lexicon": {"en": {"too slow": -0.6}}},
  "context": {"attributes": {"vip": "bool", "cart": "number"}},
  "policy": {"source": "queue care\nrule angry:\n  when sentiment.escalation >= 2 or attr.vip == true\n  then handoff queue \"care\" priority 5\ndefault answer\n"}
}"#;

const SMALL_YAML: &str = r#"languages: [es, en]
intents:
  pedido:
    examples:
      es: ["dónde está mi pedido", "no ha llegado mi paquete"]
      en: ["where is my order"]
  reembolso:
    examples:
      es: ["quiero un reembolso", "devolver el producto"]
faq:
  - id: envio
    questions: {es: ["cuánto tarda el envío"]}
    answer: {es: "Tres días."}
entities:
  builtin: [email, phone, money]
"#;

/// Writes the seed corpora from `examples/` (run with `--ignored`, then
/// shrink with `cargo fuzz cmin`; see fuzz/README.md).
#[test]
#[ignore]
fn write_seed_corpora() {
    // bundle: two small bots, raw and as payload behind the header flag
    let mut defs = vec![BotDefinition::from_json(SMALL_JSON).unwrap()];
    defs.push(BotDefinition::from_yaml(SMALL_YAML).unwrap());
    let dir = corpus("bundle");
    for (i, d) in defs.iter().enumerate() {
        let bytes = Bot::train(d, &TrainOptions::default()).unwrap().to_bytes();
        let mut flagged = vec![1u8];
        flagged.extend_from_slice(&bytes[kefu::bundle::HEADER_LEN..]);
        write(&dir, &format!("seed-bot{i}"), &bytes);
        write(&dir, &format!("seed-bot{i}-payload"), &flagged);
        write(
            &dir,
            &format!("seed-bot{i}-truncated"),
            &bytes[..bytes.len() / 2],
        );
        write(
            &dir,
            &format!("seed-bot{i}-header"),
            &bytes[..kefu::bundle::HEADER_LEN],
        );
    }
    // definition: the small ones, and the demo in YAML and JSON
    let dir = corpus("definition");
    write(&dir, "seed-small.json", SMALL_JSON.as_bytes());
    write(&dir, "seed-small.yaml", SMALL_YAML.as_bytes());
    write(
        &dir,
        "seed-shop.json",
        serde_json::to_string_pretty(shop_def()).unwrap().as_bytes(),
    );
    let yaml = std::fs::read_to_string(kefu_examples::shop_definition()).unwrap();
    write(&dir, "seed-shop.yaml", yaml.as_bytes());
    write(
        &dir,
        "seed-bad-lang.json",
        br#"{"languages": ["xx"], "intents": {}}"#,
    );
    write(
        &dir,
        "seed-bad-pattern.yaml",
        b"languages: [en]\nintents:\n  a: {examples: {en: [hi]}}\n  b: {examples: {en: [bye]}}\nentities:\n  custom:\n    x: {pattern: '('}\n",
    );
    // analyze and entities: the demo conversation and the fixture messages
    let mut messages: Vec<(String, String)> = Vec::new();
    let demo = std::fs::read_to_string(kefu_examples::dir().join("shop/demo.jsonl")).unwrap();
    for line in demo.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        messages.push((v["text"].as_str().unwrap().into(), v["context"].to_string()));
    }
    let cases: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(kefu_examples::shop_cases()).unwrap())
            .unwrap();
    for c in cases["cases"].as_array().unwrap() {
        if let Some(t) = c["text"].as_str() {
            messages.push((t.into(), c["context"].to_string()));
        }
    }
    let extra = [
        "ann@example.com 138 0013 8000 ４１１１ １１１１ １１１１ １１１１",
        "IBAN GB82 WEST 1234 5698 7654 32, ip 192.168.0.1 and 2001:db8::1",
        "refund $12.50 or €30 or 100元 on 2026-11-20, 上週五, el próximo lunes",
        "see https://example.com/a?b=c. or www.example.org!",
        "SO-12345678SO-87654321 tk-abc123 TK_ZZ99",
    ];
    messages.extend(extra.iter().map(|t| (t.to_string(), "{}".into())));
    let dir = corpus("analyze");
    for (i, (t, c)) in messages.iter().enumerate() {
        let mut data = t.as_bytes().to_vec();
        data.push(0);
        data.extend_from_slice(c.as_bytes());
        write(&dir, &format!("seed-{i:03}"), &data);
    }
    let dir = corpus("entities");
    for (i, (t, _)) in messages.iter().enumerate() {
        write(&dir, &format!("seed-{i:03}"), t.as_bytes());
    }
}

/// Rewrites the two `crash-*` bundle inputs below in the current bundle
/// format, from the small seed bot: the same defects (a NaN intent weight;
/// an example language the definition does not declare) found again by
/// mutating a valid payload. Run after a format change:
/// `cargo test -p kefu-examples --test fuzz_corpora -- --ignored rewrite_bundle_crash_inputs`.
#[test]
#[ignore]
fn rewrite_bundle_crash_inputs() {
    let def = BotDefinition::from_json(SMALL_JSON).unwrap();
    let bytes = Bot::train(&def, &TrainOptions::default())
        .unwrap()
        .to_bytes();
    let payload = &bytes[kefu::bundle::HEADER_LEN..];
    let dir = corpus("bundle");
    let flagged = |p: &[u8]| [&[1u8][..], p].concat();
    // an example language renamed to an undeclared one (same length)
    let mut renamed = None;
    for (i, w) in payload.windows(7).enumerate() {
        if w == b"zh-Hans" {
            let mut p = payload.to_vec();
            p[i] = b'j';
            if let Err(e) = Bot::from_bytes(&fuzz_input::with_header(&p)) {
                if e.to_string().contains("invalid bot definition")
                    && e.to_string().contains("jh-Hans")
                {
                    renamed = Some(p);
                    break;
                }
            }
        }
    }
    write(
        &dir,
        "crash-invalid-definition",
        &flagged(&renamed.expect("a renamable example language")),
    );
    // a NaN written over one 4-byte float of the intent model
    let mut nan = None;
    for i in (0..payload.len().saturating_sub(4)).rev() {
        let mut p = payload.to_vec();
        p[i..i + 4].copy_from_slice(&f32::NAN.to_le_bytes());
        if let Err(e) = Bot::from_bytes(&fuzz_input::with_header(&p)) {
            if e.to_string().contains("inconsistent") {
                nan = Some(p);
                break;
            }
        }
    }
    write(
        &dir,
        "crash-nan-weights",
        &flagged(&nan.expect("a float to poison")),
    );
}

/// Found by the `bundle` target: a payload with a valid checksum whose
/// intent weights decode to NaN loaded, and its analyses carried NaN
/// confidences (`null` in JSON, unreadable as an `Analysis`). Bundles with
/// non-finite or absurd weights are now Bundle errors.
#[test]
fn bundle_with_nan_weights_is_rejected() {
    let data = std::fs::read(corpus("bundle").join("crash-nan-weights")).unwrap();
    let e = Bot::from_bytes(&fuzz_input::with_header(&data[1..])).unwrap_err();
    assert_eq!(e.kind(), kefu::ErrorKind::Bundle, "{e}");
    assert!(e.to_string().contains("inconsistent"), "{e}");
}

/// Found by the `bundle` target: a checksummed payload whose embedded
/// definition does not validate (an undeclared example language) was
/// refused with a Definition error; `Bot::from_bytes` promises Bundle
/// errors for every defect.
#[test]
fn bundle_with_invalid_definition_is_a_bundle_error() {
    let data = std::fs::read(corpus("bundle").join("crash-invalid-definition")).unwrap();
    let e = Bot::from_bytes(&fuzz_input::with_header(&data[1..])).unwrap_err();
    assert_eq!(e.kind(), kefu::ErrorKind::Bundle, "{e}");
    assert!(e.to_string().contains("invalid bot definition"), "{e}");
    assert!(e.to_string().contains("jh-Hans"), "{e}");
}

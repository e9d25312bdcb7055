//! Property test of the redaction guarantee: whatever the input, the
//! redacted text never contains the matched text of an entity of a
//! redacted kind, spans always fit the input, and extracting again from the
//! output finds none of the redacted values.
//!
//! Inputs are assembled from fragments that look like every built-in kind
//! (valid and near-miss), a custom order-id kind, separators of several
//! scripts, full-width forms and arbitrary chars, so the generator reaches
//! adjacent, overlapping and repeated entities.

use kefu::definition::{CustomEntity, EntityConfig};
use kefu::entities::{EntityExtractor, BUILTIN_KINDS, DEFAULT_REDACT};
use std::sync::OnceLock;

use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "ann.lee@example.com",
    "a@b.io",
    "x-y.z@mail.example.cn",
    "+86 138 0013 8000",
    "13800138000",
    "１３８００１３８０００",
    "(415) 555-2671",
    "+44 20 7946 0958",
    "4111 1111 1111 1111",
    "4111-1111-1111-1112",
    "5500005555555559",
    "DE89 3704 0044 0532 0130 00",
    "ES9121000418450200051332",
    "GB00 BAD0 0000 0000 00",
    "192.168.0.1",
    "10.0.0.256",
    "2001:db8::1",
    "https://shop.example.com/a?b=c",
    "www.example.org",
    "$12.50",
    "100元",
    "€30",
    "2026-11-20",
    "上周五",
    "yesterday",
    "SO-12345678",
    "SO-1234567",
    "[EMAIL]",
    "[ORDER_ID]",
];

const SEPARATORS: &[&str] = &[
    " ", "", ",", "，", "。", "-", ".", "@", ":", "\n", "　", "：", "/", "0", "9",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_string),
        3 => prop::sample::select(SEPARATORS).prop_map(str::to_string),
        2 => prop::collection::vec(prop::char::range('0', '9'), 1..20)
            .prop_map(|v| v.into_iter().collect::<String>()),
        2 => any::<char>().prop_map(|c| c.to_string()),
        1 => prop::collection::vec(
                prop::sample::select(vec!['我', '的', '號', 'a', 'Z', 'é', '🙂', '\u{301}']),
                1..6,
            )
            .prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

fn input() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..24).prop_map(|v| v.concat())
}

/// Every built-in kind and a custom order id, all redacted (built once:
/// compiling the patterns dominates a debug-build case).
fn redact_everything() -> &'static EntityExtractor {
    static X: OnceLock<EntityExtractor> = OnceLock::new();
    X.get_or_init(build_redact_everything)
}

fn default_extractor() -> &'static EntityExtractor {
    static X: OnceLock<EntityExtractor> = OnceLock::new();
    X.get_or_init(|| EntityExtractor::new(&EntityConfig::default()).expect("default config"))
}

fn build_redact_everything() -> EntityExtractor {
    let mut config = EntityConfig {
        redact: Some(
            BUILTIN_KINDS
                .iter()
                .map(|s| s.to_string())
                .chain(["order_id".to_string()])
                .collect(),
        ),
        ..EntityConfig::default()
    };
    config.custom.insert(
        "order_id",
        CustomEntity {
            pattern: r"SO-\d{8}".into(),
            description: None,
        },
    );
    EntityExtractor::new(&config).expect("the test config is valid")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn redaction_never_leaves_a_detected_value(text in input()) {
        let x = redact_everything();
        let found = x.extract(&text);
        let mut last = 0;
        for e in &found {
            prop_assert!(e.start >= last && e.start < e.end && e.end <= text.len(), "{found:?}");
            prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
            prop_assert_eq!(text[..e.start].chars().count(), e.char_start);
            prop_assert!(e.redacted);
            last = e.end;
        }
        let out = x.redact(&text, &found);
        for e in &found {
            prop_assert!(!out.contains(&e.text), "{text:?} → {out:?} still holds {:?}", e.text);
        }
        // nothing found in the input comes back from the output
        for again in x.extract(&out) {
            prop_assert!(
                !found.iter().any(|e| e.text == again.text),
                "{text:?} → {out:?} re-detects {:?}", again.text
            );
        }
    }

    #[test]
    fn the_default_policy_redacts_exactly_the_pii_kinds(text in input()) {
        let x = default_extractor();
        let found = x.extract(&text);
        let out = x.redact(&text, &found);
        for e in &found {
            let pii = DEFAULT_REDACT.contains(&e.kind.as_str());
            prop_assert_eq!(e.redacted, pii, "{:?}", e);
            if pii {
                prop_assert!(!out.contains(&e.text), "{text:?} → {out:?} still holds {:?}", e.text);
            }
        }
    }
}

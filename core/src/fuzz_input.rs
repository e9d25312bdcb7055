// What the bot-level fuzz targets (fuzz/fuzz_targets/{bundle,definition,
// analyze,entities}.rs) do with their input, shared with the corpus replay
// test (examples/tests/fuzz_corpora.rs), which `include!`s this file too and
// replays every committed corpus file on stable. Not part of the library:
// `kefu` names the crate, as seen from outside. Fuzzing only: a panic here
// means a broken invariant (a bug in the core).

use kefu::analysis::{Analysis, Entity};
use kefu::bundle::{FORMAT_VERSION, HEADER_LEN, MAGIC};
use kefu::entities::EntityExtractor;
use kefu::{Bot, BotDefinition, Context, Message, TrainOptions};

/// Definitions larger than this (in bytes) are parsed and validated but not
/// trained, so that a fuzz run spends its time on parsing.
pub const MAX_TRAIN_INPUT: usize = 4096;

/// Messages every bot that loads or trains analyzes.
pub const PROBES: &[&str] = &[
    "where is my order SO-12345678",
    "我要退货，太慢了！！",
    "我要退貨",
    "¿dónde está mi pedido?",
    "",
    "mail ann@example.com or call +1 415 555 2671, card 4111 1111 1111 1111",
];

/// CRC-32 (IEEE), bit by bit: the fuzz crate does not depend on crc32fast.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// `payload` behind a valid bundle header (magic, version, length, CRC), so
/// that the fuzzer reaches the payload decoder past the checksum.
pub fn with_header(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32(payload).to_le_bytes());
    out.extend_from_slice(payload);
    out
}

/// Invariants of one analysis of `text` by `bot`.
pub fn check_analysis(bot: &Bot, text: &str, a: &Analysis) {
    assert_eq!(a.schema, kefu::SCHEMA_VERSION);
    check_entities(text, &a.entities);
    check_redaction(&a.redacted_text, &a.entities, |e| e.redacted);
    for e in &a.entities {
        assert_eq!(
            e.redacted,
            bot.definition()
                .entities
                .redact
                .as_ref()
                .map_or(kefu::entities::DEFAULT_REDACT.contains(&e.kind.as_str()), |r| r
                    .contains(&e.kind)),
            "redacted flag: {e:?}"
        );
    }
    assert!(
        a.decision.reply.is_some(),
        "every decision carries a reply: {:?}",
        a.decision
    );
    // The result schema round-trips through JSON.
    let json = serde_json::to_string(a).unwrap_or_else(|e| panic!("analysis serializes: {e}"));
    let back: Analysis =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("analysis reads back: {e}\n{json}"));
    assert_eq!(
        serde_json::to_string(&back).ok().as_deref(),
        Some(json.as_str()),
        "analysis JSON is stable"
    );
}

/// Entities are ordered, do not overlap, sit on char boundaries of `text`
/// and carry the text and char offsets of their span.
pub fn check_entities(text: &str, entities: &[Entity]) {
    let mut last_end = 0usize;
    for e in entities {
        assert!(e.start < e.end, "empty or reversed span: {e:?}");
        assert!(e.start >= last_end, "entities overlap or are out of order");
        last_end = e.end;
        let span = text
            .get(e.start..e.end)
            .unwrap_or_else(|| panic!("span is not on char boundaries of the text: {e:?}"));
        assert_eq!(span, e.text, "entity text is its span");
        let cs = text[..e.start].chars().count();
        assert_eq!(e.char_start, cs, "char_start: {e:?}");
        assert_eq!(e.char_end, cs + span.chars().count(), "char_end: {e:?}");
        assert!(!e.kind.is_empty());
    }
}

/// The redacted text never contains the matched bytes of an entity that is
/// redacted.
pub fn check_redaction(redacted: &str, entities: &[Entity], is_redacted: impl Fn(&Entity) -> bool) {
    for e in entities.iter().filter(|e| is_redacted(e)) {
        assert!(
            !redacted.contains(e.text.as_str()),
            "redacted text {redacted:?} still holds {:?} ({})",
            e.text,
            e.kind
        );
    }
}

/// `fuzz_targets/bundle.rs`: bytes → [`Bot::from_bytes`]. An odd first
/// byte wraps the rest in a valid header (reaching the payload decoder);
/// otherwise the bytes are read as they are. A bundle that loads must
/// analyze the probes and write a bundle that loads back to the same bytes.
pub fn bundle(data: &[u8]) {
    let bytes = match data.split_first() {
        Some((b, rest)) if b & 1 == 1 => with_header(rest),
        _ => data.to_vec(),
    };
    let bot = match Bot::from_bytes(&bytes) {
        Ok(bot) => bot,
        Err(e) => {
            assert_eq!(e.kind(), kefu::ErrorKind::Bundle, "{e}");
            return;
        }
    };
    for p in PROBES {
        let a = bot.analyze(&Message::new(*p));
        check_analysis(&bot, p, &a);
    }
    let again = bot.to_bytes();
    let bot2 = Bot::from_bytes(&again).unwrap_or_else(|e| panic!("a written bundle loads: {e}"));
    assert_eq!(bot2.to_bytes(), again, "bundle bytes are a fixed point");
}

/// `fuzz_targets/definition.rs`: text → [`BotDefinition::from_json`] and
/// [`BotDefinition::from_yaml`] (the first byte picks which goes first; both
/// always run). Errors must be typed definition or limit errors. A small
/// definition that validates must train, and its bundle must load back to
/// the same bytes and the same analyses.
pub fn definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [BotDefinition::from_json(text), BotDefinition::from_yaml(text)];
    for r in &parsed {
        if let Err(e) = r {
            assert!(
                matches!(
                    e.kind(),
                    kefu::ErrorKind::Definition | kefu::ErrorKind::Limit | kefu::ErrorKind::Policy
                ),
                "unexpected error kind {:?}: {e}",
                e.kind()
            );
        }
    }
    let Some(def) = parsed.into_iter().find_map(|r| r.ok()) else {
        return;
    };
    // The canonical JSON form reads back as the same definition.
    let json = serde_json::to_string(&def).unwrap_or_else(|e| panic!("definition serializes: {e}"));
    let back = BotDefinition::from_json(&json)
        .unwrap_or_else(|e| panic!("the JSON form of a valid definition is valid: {e}\n{json}"));
    assert_eq!(back, def, "definition JSON round trip");
    if data.len() > MAX_TRAIN_INPUT {
        return;
    }
    let bot = match Bot::train(&def, &TrainOptions::with_seed(7)) {
        Ok(bot) => bot,
        Err(e) => {
            // validate() accepts what train() accepts, except that the
            // examples may give no usable features.
            assert_eq!(e.kind(), kefu::ErrorKind::Training, "{e}");
            return;
        }
    };
    let bytes = bot.to_bytes();
    let loaded = Bot::from_bytes(&bytes).unwrap_or_else(|e| panic!("a trained bot loads: {e}"));
    assert_eq!(loaded.to_bytes(), bytes, "bundle round trip");
    for p in PROBES {
        let m = Message::new(*p);
        let a = bot.analyze(&m);
        check_analysis(&bot, p, &a);
        assert_eq!(loaded.analyze(&m), a, "a loaded bot analyzes as the trained one");
    }
}

/// Splits fuzz input at the first NUL: message text before, context JSON
/// after (invalid UTF-8 is replaced).
pub fn split_message(data: &[u8]) -> (String, Option<String>) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            Some(String::from_utf8_lossy(&data[i + 1..]).into_owned()),
        ),
        None => (String::from_utf8_lossy(data).into_owned(), None),
    }
}

/// `fuzz_targets/analyze.rs`: text + context JSON → [`Bot::try_analyze`]
/// and [`Bot::analyze`] of the demo shop bot. A context that does not parse
/// is an error for the host; the text is then analyzed with an empty one.
/// `try_analyze` either gives a typed input or limit error or the same
/// analysis as `analyze`.
pub fn analyze(bot: &Bot, data: &[u8]) {
    let (text, ctx_json) = split_message(data);
    let ctx = ctx_json
        .and_then(|j| serde_json::from_str::<Context>(&j).ok())
        .unwrap_or_default();
    let m = Message::with_context(text, ctx);
    let a = bot.analyze(&m);
    check_analysis(bot, &m.text, &a);
    match bot.try_analyze(&m) {
        Ok(b) => assert_eq!(a, b, "try_analyze agrees with analyze"),
        Err(e) => assert!(
            matches!(
                e.kind(),
                kefu::ErrorKind::InvalidInput | kefu::ErrorKind::Limit
            ),
            "unexpected error kind {:?}: {e}",
            e.kind()
        ),
    }
}

/// The extractors `fuzz_targets/entities.rs` runs: the demo bot's
/// (built-ins, `order_id`, default redaction) and one that enables and
/// redacts every built-in kind plus two custom kinds.
pub fn extractors(shop: &BotDefinition) -> Vec<EntityExtractor> {
    let mut all = kefu::definition::EntityConfig {
        builtin: None,
        ..Default::default()
    };
    all.custom.insert(
        "order_id",
        kefu::definition::CustomEntity {
            pattern: r"SO-\d{8}".into(),
            description: None,
        },
    );
    all.custom.insert(
        "ticket",
        kefu::definition::CustomEntity {
            pattern: r"(?i)tk[-_ ]?[a-z0-9]{4,12}".into(),
            description: None,
        },
    );
    let mut kinds: Vec<String> = kefu::entities::BUILTIN_KINDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    kinds.push("order_id".into());
    kinds.push("ticket".into());
    all.redact = Some(kinds);
    [&shop.entities, &all]
        .into_iter()
        .map(|c| EntityExtractor::new(c).unwrap_or_else(|e| panic!("fuzz extractor builds: {e}")))
        .collect()
}

/// `fuzz_targets/entities.rs`: text (invalid UTF-8 replaced) → extraction
/// and redaction by every extractor. Spans are sound, and the redacted text
/// never contains the matched text of a redacted entity.
pub fn entities(extractors: &[EntityExtractor], data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for x in extractors {
        let found = x.extract(&text);
        check_entities(&text, &found);
        for e in &found {
            assert_eq!(e.redacted, x.redacts(&e.kind), "redacted flag: {e:?}");
        }
        let redacted = x.redact(&text, &found);
        check_redaction(&redacted, &found, |e| x.redacts(&e.kind));
    }
}

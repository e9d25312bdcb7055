use super::*;
use crate::definition::{CustomEntity, UniqueMap};

fn x() -> EntityExtractor {
    EntityExtractor::new(&EntityConfig::default()).unwrap()
}

fn found(text: &str) -> Vec<(String, String, String)> {
    x().extract(text)
        .into_iter()
        .map(|e| (e.kind, e.text, e.value))
        .collect()
}

#[track_caller]
fn one(text: &str, kind: &str, matched: &str, value: &str) {
    let f = found(text);
    let want = (kind.to_string(), matched.to_string(), value.to_string());
    assert!(f.contains(&want), "{text:?}: want {want:?} in {f:?}");
}

#[track_caller]
fn none_of(text: &str, kind: &str) {
    let f = found(text);
    assert!(
        !f.iter().any(|(k, _, _)| k == kind),
        "{text:?}: no {kind} expected in {f:?}"
    );
}

/// Every span is right in bytes and in chars, and entities are ordered and disjoint.
#[track_caller]
fn check_spans(text: &str, es: &[Entity]) {
    let chars: Vec<char> = text.chars().collect();
    let mut last = 0;
    for e in es {
        assert!(e.start >= last && e.start < e.end, "{es:?}");
        last = e.end;
        assert_eq!(&text[e.start..e.end], e.text);
        let by_chars: String = chars[e.char_start..e.char_end].iter().collect();
        assert_eq!(by_chars, e.text);
        assert_eq!(text[..e.start].chars().count(), e.char_start);
    }
}

fn custom(entries: &[(&str, &str)]) -> UniqueMap<CustomEntity> {
    let mut m = UniqueMap::default();
    for (k, p) in entries {
        m.insert(
            *k,
            CustomEntity {
                pattern: p.to_string(),
                description: None,
            },
        );
    }
    m
}

#[test]
fn email() {
    one(
        "write to Ann.Lee+cs@Example.co.uk please",
        "email",
        "Ann.Lee+cs@Example.co.uk",
        "ann.lee+cs@example.co.uk",
    );
    one(
        "邮箱：abc_1@qq.com。",
        "email",
        "abc_1@qq.com",
        "abc_1@qq.com",
    );
    none_of("not an email: a@b, @example.com, foo@", "email");
    // RFC 5321 lengths: 64 bytes before the `@`, 63 per domain label
    let local64 = format!("{}@example.com", "a".repeat(64));
    one(&local64, "email", &local64, &local64);
    none_of(&format!("{}@example.com", "a".repeat(65)), "email");
    none_of(&format!("ann@{}.com", "b".repeat(64)), "email");
    // a too-long local part broken by dots: the part after the last break
    // that fits is the address
    let long = format!("{}.ann@example.com", "x".repeat(70));
    one(&long, "email", "ann@example.com", "ann@example.com");
}

#[test]
fn phone() {
    one(
        "call +1 (415) 555-2671 now",
        "phone",
        "+1 (415) 555-2671",
        "+14155552671",
    );
    one(
        "+44 20 7946 0958",
        "phone",
        "+44 20 7946 0958",
        "+442079460958",
    );
    one(
        "电话13800138000谢谢",
        "phone",
        "13800138000",
        "+8613800138000",
    );
    one(
        "手机 138-0013-8000",
        "phone",
        "138-0013-8000",
        "+8613800138000",
    );
    one(
        "+86 138 0013 8000",
        "phone",
        "+86 138 0013 8000",
        "+8613800138000",
    );
    one("tel 415-555-2671", "phone", "415-555-2671", "+14155552671");
    none_of("order 12345678901234567890", "phone");
    none_of("12800138000", "phone"); // 12x is not a mobile prefix
    none_of("138001380001", "phone"); // 12 digits
    none_of("+12 3", "phone");
}

#[test]
fn card_needs_luhn() {
    one(
        "card 4111 1111 1111 1111 exp 12/27",
        "card",
        "4111 1111 1111 1111",
        "****1111",
    );
    one(
        "4111-1111-1111-1111",
        "card",
        "4111-1111-1111-1111",
        "****1111",
    );
    one(
        "amex 3782 822463 10005",
        "card",
        "3782 822463 10005",
        "****0005",
    );
    one("5555555555554444", "card", "5555555555554444", "****4444");
    none_of("card 4111 1111 1111 1112", "card");
    none_of("1234567890123", "card");
    // a trailing group that breaks the checksum is cut off
    one(
        "4111 1111 1111 1111 2026",
        "card",
        "4111 1111 1111 1111",
        "****1111",
    );
}

#[test]
fn iban_needs_mod97() {
    one(
        "IBAN DE89 3704 0044 0532 0130 00, thanks",
        "iban",
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
    );
    one(
        "GB82WEST12345698765432",
        "iban",
        "GB82WEST12345698765432",
        "GB82WEST12345698765432",
    );
    none_of("DE89 3704 0044 0532 0130 01", "iban");
    none_of("AB12 CDEF GHIJ KLMN", "iban");
}

#[test]
fn money() {
    one("it cost ¥ 199", "money", "¥ 199", "199 CNY");
    one("only $12.50!", "money", "$12.50", "12.50 USD");
    one("€30 or 30 € or 30€", "money", "€30", "30 EUR");
    one("€30 or 30 € or 30€", "money", "30 €", "30 EUR");
    one("退了100元", "money", "100元", "100 CNY");
    one("才 100 块", "money", "100 块", "100 CNY");
    one("about 20 usd", "money", "20 usd", "20 USD");
    one("US$5 only", "money", "US$5", "5 USD");
    one("EUR 12,50", "money", "EUR 12,50", "12.50 EUR");
    one("HK$1,200.00", "money", "HK$1,200.00", "1200.00 HKD");
    one("付了￥１９９", "money", "￥１９９", "199 CNY");
    none_of("I have 20 apples", "money");
}

#[test]
fn dates() {
    one("delivered 2026-11-20?", "date", "2026-11-20", "2026-11-20");
    one("on 20/11/2026", "date", "20/11/2026", "2026-11-20");
    one("since Nov 20", "date", "Nov 20", "--11-20");
    one(
        "by November 20th, 2026",
        "date",
        "November 20th, 2026",
        "2026-11-20",
    );
    one("2026年11月20日下单", "date", "2026年11月20日", "2026-11-20");
    one("11月20日到货", "date", "11月20日", "--11-20");
    one("I ordered yesterday", "date", "yesterday", "relative:-1d");
    one("arrives Tomorrow", "date", "Tomorrow", "relative:+1d");
    one(
        "since last friday",
        "date",
        "last friday",
        "relative:last:fri",
    );
    one(
        "next Monday please",
        "date",
        "next Monday",
        "relative:next:mon",
    );
    one("3 days ago", "date", "3 days ago", "relative:-3d");
    one("今天能到吗", "date", "今天", "relative:0d");
    one("昨天下的单", "date", "昨天", "relative:-1d");
    one("明天", "date", "明天", "relative:+1d");
    one("前天买的", "date", "前天", "relative:-2d");
    one("上周五买的", "date", "上周五", "relative:last:fri");
    one("下周一发货", "date", "下周一", "relative:next:mon");
    one("上個星期五買的", "date", "上個星期五", "relative:last:fri");
    one("三天前", "date", "三天前", "relative:-3d");
    one("lo pedí ayer", "date", "ayer", "relative:-1d");
    one(
        "llega el próximo lunes",
        "date",
        "el próximo lunes",
        "relative:next:mon",
    );
    one("el 20 de noviembre", "date", "20 de noviembre", "--11-20");
    none_of("2026-13-45", "date");
    none_of("version 31/02/2026", "date");
}

#[test]
fn url_and_ip() {
    one(
        "see https://example.com/a?b=1.",
        "url",
        "https://example.com/a?b=1",
        "https://example.com/a?b=1",
    );
    one(
        "(www.example.com/x)",
        "url",
        "www.example.com/x",
        "www.example.com/x",
    );
    one(
        "链接https://kefu.example/订单",
        "url",
        "https://kefu.example/",
        "https://kefu.example/",
    );
    none_of("http:// nothing", "url");
    one(
        "from 192.168.1.10 today",
        "ip",
        "192.168.1.10",
        "192.168.1.10",
    );
    one("ip 2001:db8::1 blocked", "ip", "2001:db8::1", "2001:db8::1");
    one(
        "2001:0db8:0000:0000:0000:0000:0000:0001",
        "ip",
        "2001:0db8:0000:0000:0000:0000:0000:0001",
        "2001:db8::1",
    );
    none_of("version 1.2.3.4.5", "ip");
    none_of("999.1.1.1", "ip");
    none_of("at 12:30:45", "ip");
    none_of("std::vector", "ip");
}

#[test]
fn chinese_text_offsets_bytes_vs_chars() {
    let text = "您好，我的订单号SO-12345678，邮箱是张三ann@example.com，手机１３８００１３８０００，退款¥199。";
    let cfg = EntityConfig {
        custom: custom(&[("order_id", r"SO-\d{8}")]),
        ..Default::default()
    };
    let x = EntityExtractor::new(&cfg).unwrap();
    let es = x.extract(text);
    check_spans(text, &es);
    let kinds: Vec<&str> = es.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["order_id", "email", "phone", "money"], "{es:?}");
    let email = &es[1];
    assert_ne!(email.start, email.char_start);
    assert_eq!(email.char_end - email.char_start, "ann@example.com".len());
    // full-width digits are found and spans point at them
    assert_eq!(es[2].text, "１３８００１３８０００");
    assert_eq!(es[2].value, "+8613800138000");
    assert_eq!(es[2].end - es[2].start, 33);
    assert_eq!(es[2].char_end - es[2].char_start, 11);
}

#[test]
fn custom_kinds() {
    let cfg = EntityConfig {
        custom: custom(&[("order_id", r"SO-\d{8}"), ("ticket", r"#\d{4,6}")]),
        builtin: Some(vec!["email".into()]),
        redact: Some(vec!["email".into(), "order_id".into()]),
    };
    let x = EntityExtractor::new(&cfg).unwrap();
    assert_eq!(
        x.kinds().collect::<Vec<_>>(),
        ["email", "order_id", "ticket"]
    );
    let text = "order SO-20261120 and ticket #4821, mail a@b.io, phone +1 415 555 2671";
    let es = x.extract(text);
    check_spans(text, &es);
    let got: Vec<(&str, &str, bool)> = es
        .iter()
        .map(|e| (e.kind.as_str(), e.value.as_str(), e.redacted))
        .collect();
    assert_eq!(
        got,
        [
            ("order_id", "SO-20261120", true),
            ("ticket", "#4821", false),
            ("email", "a@b.io", true)
        ]
    );
    assert_eq!(
        x.redact(text, &es),
        "order [ORDER_ID] and ticket #4821, mail [EMAIL], phone +1 415 555 2671"
    );
    // a custom kind wins a tie with a built-in one of the same length
    let cfg = EntityConfig {
        custom: custom(&[("mobile", r"1[3-9]\d{9}")]),
        ..Default::default()
    };
    let es = EntityExtractor::new(&cfg).unwrap().extract("13800138000");
    assert_eq!(es[0].kind, "mobile");
}

#[test]
fn config_errors_name_the_path() {
    let bad = |cfg: EntityConfig| EntityExtractor::new(&cfg).unwrap_err();
    let e = bad(EntityConfig {
        custom: custom(&[("order_id", r"SO-(\d{8}")]),
        ..Default::default()
    });
    assert!(e.is_definition());
    assert!(
        e.to_string().contains("entities.custom.order_id.pattern"),
        "{e}"
    );
    assert!(e.to_string().contains("unclosed"), "{e}");
    let e = bad(EntityConfig {
        custom: custom(&[("huge", r"\w{1000}\w{1000}")]),
        ..Default::default()
    });
    assert!(
        e.to_string().contains("entities.custom.huge.pattern"),
        "{e}"
    );
    let e = bad(EntityConfig {
        custom: custom(&[("maybe", r"x*")]),
        ..Default::default()
    });
    assert!(
        e.to_string().contains("entities.custom.maybe.pattern") && e.to_string().contains("empty"),
        "{e}"
    );
    let e = bad(EntityConfig {
        custom: custom(&[("email", r"x+")]),
        ..Default::default()
    });
    assert!(
        e.to_string().contains("entities.custom.email") && e.to_string().contains("built-in"),
        "{e}"
    );
    let e = bad(EntityConfig {
        custom: custom(&[("order id", r"x+")]),
        ..Default::default()
    });
    assert!(e.to_string().contains("entities.custom.order id"), "{e}");
    let e = bad(EntityConfig {
        builtin: Some(vec!["email".into(), "phone".into(), "emial".into()]),
        ..Default::default()
    });
    assert!(e.is_definition());
    assert!(e.to_string().contains("entities.builtin[2]"), "{e}");
    assert!(e.to_string().contains("did you mean `email`"), "{e}");
    let e = bad(EntityConfig {
        redact: Some(vec!["email".into(), "phnoe".into()]),
        ..Default::default()
    });
    assert!(
        e.to_string().contains("entities.redact[1]")
            && e.to_string().contains("did you mean `phone`"),
        "{e}"
    );
    // a custom kind may be redacted
    let ok = EntityConfig {
        custom: custom(&[("order_id", r"SO-\d+")]),
        redact: Some(vec!["order_id".into()]),
        ..Default::default()
    };
    assert!(EntityExtractor::new(&ok).unwrap().redacts("order_id"));
}

#[test]
fn builtin_selection_and_defaults() {
    let x = x();
    assert_eq!(x.kinds().collect::<Vec<_>>(), BUILTIN_KINDS);
    assert_eq!(x.redact_kinds().collect::<Vec<_>>(), DEFAULT_REDACT);
    let es = x.extract("mail a@b.io on 2026-11-20 for $5");
    let flags: Vec<(&str, bool)> = es.iter().map(|e| (e.kind.as_str(), e.redacted)).collect();
    assert_eq!(flags, [("email", true), ("date", false), ("money", false)]);
    let only = EntityExtractor::new(&EntityConfig {
        builtin: Some(vec!["date".into()]),
        ..Default::default()
    })
    .unwrap();
    let es = only.extract("mail a@b.io on 2026-11-20");
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].kind, "date");
    let nothing = EntityExtractor::new(&EntityConfig {
        builtin: Some(vec![]),
        ..Default::default()
    })
    .unwrap();
    assert!(nothing.extract("a@b.io").is_empty());
    assert_eq!(nothing.redact("a@b.io", &[]), "a@b.io");
}

#[test]
fn overlaps_resolve_to_first_start_then_longest() {
    // the url starts first and contains an email
    let es = x().extract("https://x.io/?to=a@b.io done");
    assert_eq!(es.len(), 1);
    assert_eq!(es[0].kind, "url");
    // a failed card does not hide the phone after it
    let text = "4111 1111 1111 1112 +44 20 7946 0958";
    let es = x().extract(text);
    assert!(
        es.iter()
            .any(|e| e.kind == "phone" && e.value == "+442079460958"),
        "{es:?}"
    );
    assert!(!es.iter().any(|e| e.kind == "card"));
    check_spans(text, &es);
}

#[test]
fn redaction_never_leaks_redacted_text() {
    let x = x();
    let texts = [
        "mail a@b.io or a@b.io, call 13800138000 or 13800138000!",
        "adjacent:a@b.io13800138000 and +86 138 0013 8000",
        "card 4111111111111111 iban DE89370400440532013000 ip 10.0.0.1",
        "我的邮箱a@b.io，再说一遍a@b.io；电话+86 138-0013-8000",
        "prefix913800138000 vs 13800138000",
        "１３８００１３８０００ and 13800138000",
    ];
    for t in texts {
        let es = x.extract(t);
        check_spans(t, &es);
        let out = x.redact(t, &es);
        for e in es.iter().filter(|e| e.redacted) {
            assert!(!out.contains(&e.text), "{t:?} → {out:?} leaks {:?}", e.text);
        }
        assert!(out.contains('['), "{out}");
    }
    // overlapping and adjacent spans given by the caller
    let text = "abcdefghij";
    let mk = |s: usize, e: usize, kind: &str| Entity {
        kind: kind.into(),
        start: s,
        end: e,
        char_start: s,
        char_end: e,
        text: text[s..e].into(),
        value: String::new(),
        redacted: true,
    };
    let out = x.redact(
        text,
        &[mk(1, 4, "email"), mk(3, 6, "phone"), mk(6, 8, "ip")],
    );
    assert_eq!(out, "a[EMAIL][IP]ij");
    // spans that do not fit are ignored, but their text still goes
    let mut bad = mk(2, 5, "email");
    bad.start = 100;
    bad.end = 200;
    assert_eq!(x.redact(text, &[bad]), "ab[EMAIL]fghij");
    let mut odd = mk(0, 3, "email");
    odd.end = 2;
    odd.start = 3;
    assert_eq!(
        x.redact(
            "ÿÿ",
            &[Entity {
                start: 1,
                end: 2,
                ..mk(0, 1, "email")
            }]
        ),
        "ÿÿ"
    );
    let _ = odd;
    // not redacted kinds stay
    let es = x.extract("pay $5 on 2026-11-20");
    assert_eq!(
        x.redact("pay $5 on 2026-11-20", &es),
        "pay $5 on 2026-11-20"
    );
}

#[test]
fn redaction_of_a_custom_kind_whose_text_spells_its_placeholder() {
    let cfg = EntityConfig {
        custom: custom(&[("word", r"WORD")]),
        redact: Some(vec!["word".into()]),
        ..Default::default()
    };
    let x = EntityExtractor::new(&cfg).unwrap();
    let t = "a WORD b";
    let es = x.extract(t);
    let out = x.redact(t, &es);
    assert!(!out.contains("WORD"), "{out}");
}

#[test]
fn large_digit_input_is_linear_and_sane() {
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 19 {
        text.push_str("1 2 3 4 5 6 7 8 9 0 ");
    }
    while text.len() < 1 << 20 {
        text.push_str("1234567890");
    }
    let x = x();
    let es = x.extract(&text);
    check_spans(&text, &es);
    assert!(es.len() < 10, "{}", es.len());
    let out = x.redact(&text, &es);
    assert!(out.len() <= text.len() + 16 * es.len());
    // many real entities in a large text
    let mut many = String::new();
    for i in 0..2000 {
        many.push_str(&format!("user{i}@example.com 1380013{:04} ", i));
    }
    let es = x.extract(&many);
    check_spans(&many, &es);
    assert_eq!(es.len(), 4000);
    let out = x.redact(&many, &es);
    assert!(!out.contains("@example.com"));
}

#[test]
fn odd_input_never_panics() {
    let x = x();
    for t in [
        "",
        " ",
        "@",
        "+",
        "+8",
        "¥",
        "$",
        "http://",
        "::",
        ":::::::",
        "1.1.1.1.",
        "\u{0}\u{FFFF}",
        "ÿ@ÿ.ÿÿ",
        "１",
        "＋８６",
        "2026年",
        "上",
        "hace",
        "4111 1111 1111 1111 1111 1111",
    ] {
        let es = x.extract(t);
        check_spans(t, &es);
        let _ = x.redact(t, &es);
    }
}

#[test]
fn extractor_is_send_sync() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<EntityExtractor>();
    assert!(format!("{:?}", x()).len() < 400);
}

#[test]
fn module_doc_example_holds() {
    let x = x();
    let text = "我的邮箱是 Ann@Example.com，电话 138 0013 8000";
    let found = x.extract(text);
    assert_eq!(found[0].kind, "email");
    assert_eq!(found[0].value, "ann@example.com");
    assert_eq!(&text[found[0].start..found[0].end], "Ann@Example.com");
    assert_eq!(found[1].value, "+8613800138000");
    assert_eq!(x.redact(text, &found), "我的邮箱是 [EMAIL]，电话 [PHONE]");
}

#[test]
fn unbounded_custom_patterns_stay_bounded() {
    // a custom pattern that never matches but keeps going, next to
    // candidates that are all rejected (dotted numbers are no IPs)
    let cfg = EntityConfig {
        custom: custom(&[("runaway", r"[\d.]+x")]),
        ..Default::default()
    };
    let x = EntityExtractor::new(&cfg).unwrap();
    let text = "1.2.3.4.".repeat(200) + "5x";
    let es = x.extract(&text);
    check_spans(&text, &es);
    assert_eq!(
        es.len(),
        1,
        "{:?}",
        es.iter().map(|e| &e.kind).collect::<Vec<_>>()
    );
    assert_eq!(es[0].kind, "runaway");
    assert!(es[0].text.len() <= MAX_ENTITY_LEN);
    // entities across window borders are found whole
    let mut t = "x ".repeat(WINDOW / 2 - 5);
    t.push_str("mail ann@example.com ok ");
    t.push_str(&"y ".repeat(WINDOW));
    t.push_str("call 13800138000");
    let es = EntityExtractor::new(&EntityConfig::default())
        .unwrap()
        .extract(&t);
    let got: Vec<&str> = es.iter().map(|e| e.value.as_str()).collect();
    assert_eq!(got, ["ann@example.com", "+8613800138000"]);
    check_spans(&t, &es);
}

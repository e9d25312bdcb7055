use std::collections::BTreeMap;

use super::*;

fn scorer() -> SentimentScorer {
    SentimentScorer::new(&SentimentConfig::default()).unwrap()
}

fn s(text: &str, lang: &str) -> SentimentResult {
    scorer().score(text, lang)
}

fn has(r: &SentimentResult, sig: &str) -> bool {
    r.signals.iter().any(|x| x == sig)
}

#[track_caller]
fn neg(text: &str, lang: &str) {
    let r = s(text, lang);
    assert_eq!(r.label, SentimentLabel::Negative, "{text:?} → {r:?}");
}

#[track_caller]
fn pos(text: &str, lang: &str) {
    let r = s(text, lang);
    assert_eq!(r.label, SentimentLabel::Positive, "{text:?} → {r:?}");
}

#[track_caller]
fn neutral(text: &str, lang: &str) {
    let r = s(text, lang);
    assert_eq!(r.label, SentimentLabel::Neutral, "{text:?} → {r:?}");
}

#[test]
fn builtin_lexicons_are_well_formed() {
    // every built-in entry normalizes to a matchable key (checked in build)
    let b = Builtin::get().unwrap();
    assert_eq!(b.langs.len(), BUILTIN_LANGUAGES.len());
    assert!(
        b.langs[0].map.len() >= 400,
        "en has {}",
        b.langs[0].map.len()
    );
    assert!(
        b.langs[1].map.len() >= 400,
        "zh has {}",
        b.langs[1].map.len()
    );
    assert!(
        b.langs[2].map.len() >= 150,
        "es has {}",
        b.langs[2].map.len()
    );
    for lex in &b.langs {
        for (k, e) in &lex.map {
            assert!((-1.0..=1.0).contains(&e.valence), "{k}");
            assert!(e.boost == 0.0 || (0.3..=2.0).contains(&e.boost), "{k}");
        }
    }
    // cues of anger, sadness, joy and gratitude are polar words too
    let mut missing = Vec::new();
    for data in lexicon::languages() {
        let lex = Lexicon::from_lang(data).unwrap();
        for (i, list) in data.emotions.iter().enumerate() {
            if i == Emo::Anxiety as usize {
                continue;
            }
            for entry in lexicon::weighted(list) {
                let (w, _) = entry.unwrap();
                let (k, _) = lexicon::normalize_key(w).unwrap();
                if lex.map[&k].valence == 0.0 {
                    missing.push(format!("{}:{w}", data.code));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "emotion cues without polarity: {missing:?}"
    );
    // every emoticon in the symbol table is recognized by the tokenizer
    let symbols: Vec<_> = lexicon_emoji::symbols().map(|e| e.unwrap()).collect();
    assert!(symbols.len() >= 100, "{} symbols", symbols.len());
    for (sym, _, _) in symbols {
        assert!(b.symbols.map.contains_key(sym), "{sym}");
    }
    assert_eq!(
        lexicon_emoji::symbols().find(|e| e.as_ref().is_ok_and(|s| s.0 == "😡")),
        Some(Ok(("😡", -0.8, Some((Emo::Anger, 1.0)))))
    );
}

#[test]
fn basic_polarity() {
    pos("The product is good", "en");
    neg("The product is terrible", "en");
    neutral("Where is my order", "en");
    pos("质量很好", "zh");
    neg("质量很差", "zh");
    pos("es muy bueno", "es");
    neg("es malo", "es");
    pos("très bon service", "fr");
    neg("sehr schlecht", "de");
    pos("muito bom", "pt");
    neg("最悪です", "ja");
}

#[test]
fn routine_requests_are_not_negative() {
    // Review vocabulary must not make a routine service request negative:
    // asking how to return an item, or whether remote areas get delivery.
    neutral(
        "您好，我上禮拜買的外套尺寸太大，想要退貨，請問要怎麼寄回去？",
        "zh",
    );
    neutral("我想退货", "zh");
    neutral("偏远地区能送吗", "zh");
    neutral("不如您先帮我查一下订单", "zh");
    // … while the review words themselves still count
    neg("效果不佳，一无是处", "zh");
    neg("性价比低，不建议购买", "zh");
    pos("很有收获，值得一读", "zh");
}

#[test]
fn negation_flips() {
    neg("not good", "en");
    neg("this is not good at all", "en");
    neg("I don't like it", "en");
    pos("not bad", "en");
    neg("不好", "zh");
    neg("我不喜欢", "zh");
    neg("不满意", "zh");
    pos("不错", "zh");
    pos("没问题", "zh");
    neg("no es bueno", "es");
    neg("no me gusta", "es");
    neg("ce n'est pas bon", "fr");
    neg("nicht gut", "de");
    neg("não é bom", "pt");
    // a booster between the negator and the word softens
    let mild = s("不太好", "zh").score;
    let plain = s("不好", "zh").score;
    assert!(mild < 0.0 && mild > plain, "{mild} vs {plain}");
}

#[test]
fn contrast_weighs_the_last_clause() {
    neg("the product is good but delivery was terrible", "en");
    pos("delivery was slow but the product is excellent", "en");
    neg("东西不错，但是物流太慢了", "zh");
    neg("el producto es bueno pero el envío fue terrible", "es");
    neg("although the price is good, the quality is terrible", "en");
}

#[test]
fn intensifiers_and_downtoners() {
    let good = s("good", "en").score;
    let very = s("very good", "en").score;
    let bit = s("a bit slow", "en").score;
    let slow = s("slow", "en").score;
    assert!(very > good, "{very} > {good}");
    assert!(bit > slow && bit < 0.0, "{bit} vs {slow}");
    assert!(s("非常好", "zh").score > s("好", "zh").score);
    assert!(s("有点慢", "zh").score > s("慢", "zh").score);
    assert!(s("muy malo", "es").score < s("malo", "es").score);
    assert!(s("un poco caro", "es").score > s("caro", "es").score);
    // 好 before a polar word is an intensifier, not "good"
    neg("好慢啊", "zh");
}

#[test]
fn caps_exclamation_elongation_increase_magnitude() {
    let base = s("this is terrible", "en").score;
    assert!(s("this is TERRIBLE", "en").score < base);
    assert!(s("this is terrible!!!", "en").score < base);
    let good = s("good", "en").score;
    assert!(s("goooood", "en").score > good);
    assert!(s("sooo good", "en").score > good);
    neg("noooo", "en");
    assert!(s("太差了！！！", "zh").score < s("太差了", "zh").score);
}

#[test]
fn emoji_and_emoticons() {
    pos("😊", "und");
    pos("👍", "en");
    neg("😡", "und");
    neg("👎", "zh");
    neg("my order :(", "en");
    pos("got it :)", "en");
    pos("love it ❤️", "en");
    neg("到货了😭", "zh");
    let r = s("😡😡😡", "und");
    assert!(r.emotions.anger > 0.6, "{r:?}");
    let r = s("thank you 🙏", "en");
    assert!(r.emotions.gratitude > 0.5, "{r:?}");
    // no emoticon inside URLs
    neutral("see http://example.com/path", "en");
}

#[test]
fn traditional_chinese_works() {
    neg("服務太差了", "zh");
    neg("服務太差了", "und");
    pos("非常滿意，謝謝", "zh");
    neg("我不喜歡", "zh");
    let r = s("謝謝你們", "zh");
    assert!(r.emotions.gratitude > 0.5, "{r:?}");
}

#[test]
fn und_applies_all_lexicons() {
    neg("not good", "und");
    neg("不好", "und");
    neg("no es bueno", "und");
    neg("not good", "xx");
    pos("excelente servicio", "und");
}

#[test]
fn signals_asks_for_human() {
    for (t, l) in [
        ("I want to talk to a human", "en"),
        ("let me speak with a real person please", "en"),
        ("agent", "en"),
        ("转人工", "zh"),
        ("我要人工客服", "zh"),
        ("幫我轉人工", "zh"),
        ("找真人客服", "zh"),
        ("quiero hablar con una persona", "es"),
        ("necesito hablar con un agente", "es"),
    ] {
        assert!(has(&s(t, l), "asks_for_human"), "{t}");
    }
    assert!(!has(&s("人工智能很厉害", "zh"), "asks_for_human"));
}

#[test]
fn signals_cancel_threat() {
    for (t, l) in [
        ("I will cancel my subscription", "en"),
        ("please cancel my account", "en"),
        ("I'll never buy from you again", "en"),
        ("I'm never buying again", "en"),
        ("取消订单", "zh"),
        ("不买了", "zh"),
        ("再也不来了", "zh"),
        ("quiero darme de baja", "es"),
        ("voy a cancelar mi cuenta", "es"),
    ] {
        assert!(has(&s(t, l), "cancel_threat"), "{t}");
    }
    assert!(!has(
        &s("I don't want to cancel my subscription", "en"),
        "cancel_threat"
    ));
}

#[test]
fn signals_public_complaint() {
    for (t, l) in [
        ("I'll leave a bad review", "en"),
        ("I will post this on twitter", "en"),
        ("I'm going to report you", "en"),
        ("I'll file a complaint with the BBB", "en"),
        ("我要投诉", "zh"),
        ("给你们差评", "zh"),
        ("我要打12315", "zh"),
        ("我要打12345热线", "zh"),
        ("再不处理我就打12345", "zh"),
        ("我要去消费者协会", "zh"),
        ("我要曝光你们", "zh"),
        ("voy a denunciar", "es"),
        ("quiero poner una reclamación", "es"),
    ] {
        assert!(has(&s(t, l), "public_complaint"), "{t}");
    }
    assert!(!has(
        &s("can you review my order", "en"),
        "public_complaint"
    ));
    // The Chinese hotlines 12345 and 315 need a Chinese verb or noun next
    // to them: as bare numbers they are order numbers and amounts.
    for (t, l) in [
        ("where is my order 12345?", "en"),
        ("订单号12345还没发货", "zh"),
        ("it cost 315 dollars", "en"),
    ] {
        assert!(!has(&s(t, l), "public_complaint"), "{t}");
    }
}

#[test]
fn signals_profanity() {
    for (t, l) in [
        ("wtf is this", "en"),
        ("this is shit", "en"),
        ("damn it", "en"),
        ("f*ck this", "en"),
        ("fucking useless", "en"),
        ("他妈的", "zh"),
        ("垃圾", "zh"),
        ("妈的又坏了", "zh"),
        ("qué mierda", "es"),
        ("joder", "es"),
    ] {
        assert!(has(&s(t, l), "profanity"), "{t}");
    }
    assert!(!has(&s("hello, class starts at nine", "en"), "profanity"));
}

#[test]
fn signals_repeat_contact() {
    for (t, l) in [
        ("this is the third time I'm writing", "en"),
        ("I have asked 3 times", "en"),
        ("I called you several times", "en"),
        ("again and again the same problem", "en"),
        ("已经第三次了", "zh"),
        ("我已经联系多次了", "zh"),
        ("又坏了", "zh"),
        ("otra vez el mismo problema", "es"),
        ("es la tercera vez que llamo", "es"),
    ] {
        assert!(has(&s(t, l), "repeat_contact"), "{t}");
    }
    assert!(!has(&s("first time ordering", "en"), "repeat_contact"));
}

#[test]
fn signals_long_wait() {
    for (t, l) in [
        ("it's been 2 weeks", "en"),
        ("I've been waiting for 10 days", "en"),
        ("ordered two weeks ago and still nothing", "en"),
        ("I still haven't received my package", "en"),
        ("两个星期了还没到", "zh"),
        ("等了一个月", "zh"),
        ("十天了还没发货", "zh"),
        ("到现在还没收到", "zh"),
        ("llevo dos semanas esperando", "es"),
        ("hace semanas que pedí", "es"),
        ("todavía no he recibido el pedido", "es"),
    ] {
        assert!(has(&s(t, l), "long_wait"), "{t}");
    }
    assert!(!has(
        &s("can I return it within 30 days?", "en"),
        "long_wait"
    ));
    assert!(!has(&s("7天无理由退货吗", "zh"), "long_wait"));
}

#[test]
fn signals_have_a_stable_order() {
    let r = s("wtf, third time asking, it's been 2 weeks, let me talk to a human or I'll cancel my account and leave a bad review", "en");
    let want: Vec<&str> = SIGNALS.to_vec();
    assert_eq!(r.signals, want, "{r:?}");
}

#[test]
fn escalation_levels() {
    let calm = s("Hi, can you tell me where my order is?", "en");
    assert_eq!(calm.escalation, 0, "{calm:?}");
    assert!(calm.signals.is_empty());

    let annoyed = s("My package is a bit late.", "en");
    assert_eq!(annoyed.escalation, 1, "{annoyed:?}");
    // one soft signal is not counted twice (signal + the score it lowers)
    let waiting = s("Hi, where is my order? It still hasn't shipped.", "en");
    assert!(has(&waiting, "long_wait"), "{waiting:?}");
    assert_eq!(waiting.escalation, 1, "{waiting:?}");

    let human = s("can I talk to a human please", "en");
    assert_eq!(human.escalation, 1, "{human:?}");
    let human_neg = s("this bot is useless, let me talk to a human", "en");
    assert_eq!(human_neg.escalation, 2, "{human_neg:?}");

    let angry = s("I am furious, this is unacceptable!", "en");
    assert_eq!(angry.escalation, 2, "{angry:?}");

    let furious = s(
        "This is RIDICULOUS!!! I'm furious. Cancel my account now or I'll post this on twitter",
        "en",
    );
    assert_eq!(furious.escalation, 3, "{furious:?}");
    assert!(has(&furious, "cancel_threat") && has(&furious, "strong_anger"));

    let zh = s("已经第三次了，再不解决我就去12315投诉你们！", "zh");
    assert_eq!(zh.escalation, 3, "{zh:?}");

    let es = s(
        "Es la tercera vez que escribo, voy a poner una reclamación",
        "es",
    );
    assert_eq!(es.escalation, 3, "{es:?}");

    let cancel = s("Can I cancel my order?", "en");
    assert_eq!(cancel.escalation, 1, "{cancel:?}");
    assert!(has(&cancel, "cancel_threat"));
    let cancel = s("取消订单，太差了", "zh");
    assert_eq!(cancel.escalation, 2, "{cancel:?}");

    let happy = s("Thanks, everything arrived on time!", "en");
    assert_eq!(happy.escalation, 0, "{happy:?}");
}

#[test]
fn emotions() {
    let r = s("thanks so much!", "en");
    assert!(r.emotions.gratitude > 0.6, "{r:?}");
    assert_eq!(r.label, SentimentLabel::Positive);
    assert!(s("非常感谢！", "zh").emotions.gratitude > 0.6);
    assert!(s("¡muchas gracias!", "es").emotions.gratitude > 0.6);
    let r = s("I'm worried, it's urgent, I need it asap", "en");
    assert!(r.emotions.anxiety > 0.6, "{r:?}");
    assert!(s("我很着急，担心收不到", "zh").emotions.anxiety > 0.5);
    let r = s("I'm so angry, this is outrageous", "en");
    assert!(r.emotions.anger > 0.6 && r.emotions.joy == 0.0, "{r:?}");
    assert!(s("very disappointed", "en").emotions.sadness > 0.5);
    assert!(s("I'm so happy with it", "en").emotions.joy > 0.5);
    // a negated cue does not count
    assert!(s("not worried at all", "en").emotions.anxiety < 0.1);
    assert!(s("damn it", "en").emotions.anger >= 0.5);
    for (_, v) in s("F*CK!!! 😡😡 WORST SERVICE EVER, I'm furious", "en")
        .emotions
        .iter()
    {
        assert!((0.0..=1.0).contains(&v));
    }
}

#[test]
fn scores_stay_in_range() {
    let long = "terrible awful horrible ".repeat(200);
    let r = s(&long, "en");
    assert!(r.score >= -1.0 && r.score < -0.9);
    for t in [
        "",
        "   ",
        "!!!",
        "???",
        "😊😊😊😊😊😊😊😊",
        "\u{0}\u{FEFF}",
        "ＧＯＯＤ",
        ":):):)",
        "a\u{301}",
    ] {
        let r = s(t, "und");
        assert!((-1.0..=1.0).contains(&r.score), "{t:?}");
        assert!(r.escalation <= 3);
    }
    neg("where is my order???", "en");
    neutral("", "en");
}

#[test]
fn full_width_and_mixed_case_input() {
    neg("ＮＯＴ ＧＯＯＤ", "en");
    pos("Good", "en");
}

fn cfg(entries: &[(&str, &str, f32)]) -> SentimentConfig {
    let mut lexicon: BTreeMap<String, BTreeMap<String, f32>> = BTreeMap::new();
    for (tag, w, v) in entries {
        lexicon
            .entry(tag.to_string())
            .or_default()
            .insert(w.to_string(), *v);
    }
    SentimentConfig { lexicon }
}

#[test]
fn lexicon_additions_apply() {
    let base = scorer();
    assert_eq!(
        base.score("the zorblax was meh-tastic", "en").label,
        SentimentLabel::Neutral
    );
    let sc = SentimentScorer::new(&cfg(&[
        ("en", "zorblax", 0.8),
        ("en", "meh-tastic", 0.0),
        ("en", "good", -0.5),
        ("zh-Hant", "爛透了", -0.9),
        ("es", "chido", 0.7),
        ("und", "🤡", -0.6),
        ("it", "bellissimo", 0.9),
    ]))
    .unwrap();
    assert_eq!(
        sc.score("the zorblax was meh-tastic", "en").label,
        SentimentLabel::Positive
    );
    // an addition replaces the built-in polarity
    assert_eq!(sc.score("good", "en").label, SentimentLabel::Negative);
    // a Traditional addition matches both scripts
    assert_eq!(sc.score("真是烂透了", "zh").label, SentimentLabel::Negative);
    assert_eq!(sc.score("真是爛透了", "zh").label, SentimentLabel::Negative);
    assert_eq!(
        sc.score("está muy chido", "es").label,
        SentimentLabel::Positive
    );
    assert_eq!(sc.score("🤡", "en").label, SentimentLabel::Negative);
    assert_eq!(sc.score("bellissimo", "it").label, SentimentLabel::Positive);
    assert_eq!(
        sc.score("bellissimo", "und").label,
        SentimentLabel::Positive
    );
    // an added booster keeps its role
    let sc = SentimentScorer::new(&cfg(&[("en", "very", 0.0)])).unwrap();
    assert!(sc.score("very good", "en").score > sc.score("good", "en").score);
    assert!(sc.languages().contains(&"en"));
}

#[test]
fn bad_lexicon_additions_are_rejected_with_the_path() {
    let e = SentimentScorer::new(&cfg(&[("en", "great", 1.5)])).unwrap_err();
    assert!(e.is_definition());
    assert!(e.to_string().contains("sentiment.lexicon.en.great"), "{e}");
    let e = SentimentScorer::new(&cfg(&[("zh-Hans", "好", f32::NAN)])).unwrap_err();
    assert!(
        e.to_string().contains("sentiment.lexicon.zh-Hans.好"),
        "{e}"
    );
    let e = SentimentScorer::new(&cfg(&[("en", "", 0.5)])).unwrap_err();
    assert!(e.is_definition());
    assert!(e.to_string().contains("sentiment.lexicon.en"), "{e}");
    assert!(e.to_string().contains("empty"), "{e}");
    let e = SentimentScorer::new(&cfg(&[("en", "  ", 0.5)])).unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");
    let e = SentimentScorer::new(&cfg(&[("en", "!!!", 0.5)])).unwrap_err();
    assert!(e.to_string().contains("sentiment.lexicon.en.!!!"), "{e}");
    let e = SentimentScorer::new(&cfg(&[("english-x", "good", 0.5)])).unwrap_err();
    assert!(e.to_string().contains("sentiment.lexicon.english-x"), "{e}");
    let e = SentimentScorer::new(&cfg(&[("zh", "好abc", 0.5)])).unwrap_err();
    assert!(e.to_string().contains("sentiment.lexicon.zh.好abc"), "{e}");
}

#[test]
fn scorer_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<SentimentScorer>();
    let a = scorer();
    let b = a.clone();
    assert_eq!(a.score("good", "en"), b.score("good", "en"));
    assert!(format!("{a:?}").len() < 500);
}

#[test]
fn module_doc_example_holds() {
    let r = s("服務太差了，我要投訴！", "zh");
    assert_eq!(r.label.as_str(), "negative");
    assert!(has(&r, "public_complaint"));
    assert!(r.escalation >= 2);
}

#[test]
fn derived_prior_fills_gaps_only() {
    let b = Builtin::get().unwrap();
    let en = b.lang("en").unwrap();
    let hand = Lexicon::from_lang(&lexicon_en::EN).unwrap();
    let mut n = 0;
    for &(q, words) in lexicon_en_derived::DERIVED {
        assert!(q != 0 && q.abs() <= 100, "weight {q}");
        for w in words.split(' ') {
            // stored in matching form, one word, not hand-written
            let (key, kind) = lexicon::normalize_key(w).unwrap();
            assert_eq!((key.as_str(), kind), (w, lexicon::KeyKind::Words(1)));
            assert!(!hand.map.contains_key(w), "`{w}` is hand-written");
            let e = en.map.get(w).unwrap();
            assert!(
                e.prior && e.valence.signum() == f32::from(q).signum(),
                "{w}"
            );
            n += 1;
        }
    }
    assert!((50..=3000).contains(&n), "{n} derived words");
    // function and customer-service words carry no derived polarity
    for w in [
        "the", "and", "i", "you", "order", "help", "support", "refund", "please", "hey", "wish",
    ] {
        assert!(!en.map.get(w).is_some_and(|e| e.prior), "`{w}` is derived");
    }
    // hand-written entries win over a derived table
    let mut lex = Lexicon::from_lang(&lexicon_en::EN).unwrap();
    let good = lex.map.get("good").copied().unwrap();
    lex.add_derived(&[(-90, "good zzzunseen")], 0.5).unwrap();
    assert_eq!(lex.map.get("good").copied().unwrap(), good);
    let added = lex.map.get("zzzunseen").unwrap();
    assert!(added.prior && (added.valence + 0.45).abs() < 1e-6);
    assert!(lex.add_derived(&[(10, "a,b")], 0.5).is_err());
}

#[test]
fn derived_words_follow_the_rules() {
    // "adorable", "terrifying" come from the derived table
    let b = Builtin::get().unwrap();
    assert!(b.lang("en").unwrap().map.get("adorable").unwrap().prior);
    pos("the puppy is adorable", "en");
    neg("the puppy is not adorable", "en");
    neg("that was terrifying", "en");
    pos("that was not terrifying", "en");
    assert!(s("so adorable", "en").score > s("adorable", "en").score);
    // contrast: the clause after "but" weighs more
    neg("it was adorable but broken", "en");
    // derived words add no emotion evidence
    let r = s("adorable", "en");
    assert_eq!(r.emotions.joy, 0.0, "{r:?}");
    // applied under `und` too
    pos("adorable", "und");
}

/// `examples/fixtures/sentiment/multilingual.jsonl` (see its README): every
/// expectation a row states holds.
#[test]
fn multilingual_fixture() {
    let src = include_str!("../../../examples/fixtures/sentiment/multilingual.jsonl");
    let sc = scorer();
    let mut failures = Vec::new();
    let mut rows = 0;
    for (n, line) in src.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("fixture row");
        rows += 1;
        let text = v["text"].as_str().expect("text");
        let r = sc.score(text, v["lang"].as_str().expect("lang"));
        let mut fail =
            |what: String| failures.push(format!("row {}: {text:?}: {what} in {r:?}", n + 1));
        if let Some(label) = v["label"].as_str() {
            if r.label.as_str() != label {
                fail(format!("label {label} expected"));
            }
        }
        if let Some(min) = v["min_escalation"].as_u64() {
            if u64::from(r.escalation) < min {
                fail(format!("escalation >= {min} expected"));
            }
        }
        if let Some(max) = v["max_escalation"].as_u64() {
            if u64::from(r.escalation) > max {
                fail(format!("escalation <= {max} expected"));
            }
        }
        if let Some(want) = v["signals"].as_array() {
            let want: Vec<&str> = want.iter().filter_map(|s| s.as_str()).collect();
            if want.is_empty() && !r.signals.is_empty() {
                fail("no signal expected".into());
            }
            for w in want {
                if !has(&r, w) {
                    fail(format!("signal {w} expected"));
                }
            }
        }
        if let Some(emo) = v["emotion"].as_str() {
            let e = &r.emotions;
            let all = [
                ("anger", e.anger),
                ("anxiety", e.anxiety),
                ("sadness", e.sadness),
                ("joy", e.joy),
                ("gratitude", e.gratitude),
            ];
            let best = all
                .iter()
                .copied()
                .fold(("", -1.0f32), |b, x| if x.1 > b.1 { x } else { b });
            let score = all.iter().find(|x| x.0 == emo).map_or(0.0, |x| x.1);
            if best.0 != emo || score < 0.3 {
                fail(format!("strongest emotion {emo} (>= 0.3) expected"));
            }
        }
    }
    assert!(rows >= 40, "the fixture has {rows} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn arabic_is_folded_and_prefixes_are_stripped() {
    // harakat, tatweel and letter variants do not matter
    for t in [
        "الخدمة ممتازة",
        "الخدمه ممتازه",
        "الخدمةُ مُمْتازةٌ",
        "الخدمة ممتـــازة",
    ] {
        pos(t, "ar");
    }
    // attached conjunction + article, and the accusative alef
    pos("وبالمنتج الرائع", "ar");
    neg("ليس جيدا", "ar");
    neg("والاسوأ", "ar");
    // a negator behind a conjunction still negates
    neg("ولم يكن جيدا", "ar");
    // the Arabic question mark is a question mark
    let t = tokenize::tokenize("لماذا؟؟؟");
    assert_eq!(t.questions, 3);
    // Arabic-Indic digits are digits (long waits are written with them)
    assert!(has(&s("انتظر منذ ٣ أسابيع", "ar"), "long_wait"));
    // a two-letter remainder is the least a prefix leaves
    assert_eq!(s("وال", "ar").score, 0.0);
}

#[test]
fn arabic_is_a_builtin_language() {
    assert!(BUILTIN_LANGUAGES.contains(&"ar"));
    let b = Builtin::get().unwrap();
    let ar = b.lang("ar").unwrap();
    assert!(ar.map.len() >= 150, "ar has {}", ar.map.len());
    // `und` reads every lexicon, Arabic included
    neg("الخدمة سيئة", "und");
}

#[test]
fn weighted_lists_parse_lines_and_name_bad_ones() {
    let ok: Vec<_> = lexicon::weighted(
        "
        # a comment
        pas mal 0.3
        bad -0.5  # trailing comment

        ",
    )
    .collect::<std::result::Result<_, _>>()
    .unwrap();
    assert_eq!(ok, vec![("pas mal", 0.3), ("bad", -0.5)]);
    for bad in ["good", "good x", "0.5", "good NaN"] {
        let e = lexicon::weighted(bad).next().unwrap().unwrap_err();
        assert!(e.contains(&format!("`{bad}`")), "{e}");
    }
}

#[test]
fn symbol_lines_parse_and_name_bad_ones() {
    let ok: Vec<_> = lexicon_emoji::parse_symbols("\n# c\n:) 0.5 joy 0.6\n👎 -0.6\n")
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    assert_eq!(
        ok,
        vec![(":)", 0.5, Some((Emo::Joy, 0.6))), ("👎", -0.6, None)]
    );
    for bad in [
        ":)",
        ":) x",
        ":) 0.5 joy",
        ":) 0.5 glee 1",
        ":) 0.5 joy 1 2",
        ":) NaN",
    ] {
        let e = lexicon_emoji::parse_symbols(bad)
            .next()
            .unwrap()
            .unwrap_err();
        assert!(e.contains(&format!("`{bad}`")), "{e}");
    }
}

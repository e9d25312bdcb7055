// What the policy fuzz targets do with their input, shared with the corpus
// replay test: `include!`d by fuzz/fuzz_targets/*.rs and, under
// `cfg(test)`, by core/src/policy/mod.rs (where `kefu` names this crate).
// Fuzzing only: panics here mean a broken invariant.

use std::collections::BTreeMap;

use kefu::analysis::{
    Emotions, Entity, FaqHit, FaqResult, FaqStatus, IntentResult, LanguageResult, RankedIntent,
    SentimentLabel, SentimentResult,
};
use kefu::context::{AttributeValue, Context};
use kefu::definition::AttributeType;
use kefu::policy::{Facts, Policy, PolicySchema, TraceLevel};

/// Intents the fuzz schema knows.
pub const INTENTS: &[&str] = &[
    "order_status",
    "return_refund",
    "payment_failed",
    "complaint",
    "talk_to_human",
    "change_payment",
    "coupon",
    "invoice",
];

/// Entity kinds the fuzz schema knows.
pub const ENTITY_KINDS: &[&str] = &["email", "phone", "card", "iban", "money", "order_id"];

/// The schema both targets check against.
pub fn schema() -> PolicySchema {
    PolicySchema {
        intents: INTENTS.iter().map(|s| s.to_string()).collect(),
        faq_ids: vec!["delivery-times".into(), "return-policy".into()],
        entity_kinds: ENTITY_KINDS.iter().map(|s| s.to_string()).collect(),
        attributes: BTreeMap::from([
            ("cart_value".to_string(), AttributeType::Number),
            ("is_guest".to_string(), AttributeType::Bool),
            ("plan".to_string(), AttributeType::String),
        ]),
    }
}

/// The fixed policy `policy_eval` evaluates: every kind of clause, both
/// kinds of calendar, zones with daylight saving.
pub const POLICY: &str = r#"
queue risk { skills ["risk", "payments"] }
queue senior { skills ["deescalation", "vip", "mandarin"] }
queue care
queue general

calendar support {
    time_zone "Asia/Shanghai"
    hours mon-fri 09:00-21:00
    hours sat 10:00-12:00, 13:00-16:00
    holiday 2026-10-01 to 2026-10-07
}
calendar local_day {
    time_zone "America/New_York"
    local customer
    hours mon-sun 08:00-22:00
    holiday 2026-12-25
}

rule risk:
    when intent == "change_payment" or has entity("card") or text matches /\biban\b|\d{4}[ -]?\d{4}/i
    then handoff queue "risk" priority 9 skills ["risk"] prefer ["payments"] script "verify" lock tags ["pci"]
rule after_hours:
    when not within business_hours("support")
        and (sentiment.escalation >= 2 or customer.tier in ["vip", "gold"] or attr.cart_value >= 1000.5)
    then ticket queue "general" priority 6 tags ["after_hours"]
rule angry_zh:
    when sentiment.escalation >= 2 and language.code == "zh" and not language.script == "Hant"
    then handoff queue "senior" priority 8 skills ["deescalation"] prefer ["mandarin"] script "soothing_opener"
rule angry:
    when sentiment.escalation >= 2 or sentiment.anger > 0.75 or "profanity" in sentiment.signals
    then handoff queue "senior" priority 8 skills ["deescalation"]
rule vip:
    when (customer.tier == "vip" or customer.lifetime_value >= 10000) and within business_hours("local_day")
    then handoff queue "senior" priority 7 skills ["vip"]
rule unhappy_repeat:
    when customer.complaints_90d > 2 and conversation.turns >= 3 and "complaint" in conversation.previous_intents
    then handoff queue "care" priority 6
rule plan:
    when attr.plan not in ["free", "trial"] and not attr.is_guest and has attr.plan and channel != "email"
    then answer tags ["paid"]
rule human:
    when intent == "talk_to_human" or "asks_for_human" in sentiment.signals or conversation.failed_bot_turns >= 2
    then handoff queue "general" priority 5
rule oos:
    when intent.out_of_scope and faq.status == "no_answer" and not has faq.top
    then handoff queue "general" priority 3
rule clarify:
    when (intent.ambiguous and faq.status != "answer") or (faq.status == "clarify" and intent.confidence < 0.4)
        or (faq.top == "delivery-times" and faq.score in [0.5, 0.25]) or sentiment.label == "negative" and entities.count == 0
    then clarify
default answer
"#;

/// Reads values off the fuzzer's bytes; zeros once they run out.
struct Bytes<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn i64(&mut self) -> i64 {
        (u64::from(self.u32()) | (u64::from(self.u32()) << 32)) as i64
    }

    /// Any `f32`, NaN and infinities included.
    fn f32(&mut self) -> f32 {
        f32::from_bits(self.u32())
    }

    fn f64(&mut self) -> f64 {
        f64::from_bits(self.i64() as u64)
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[usize::from(self.byte()) % items.len()]
    }

    /// A word from a list the policy uses, or (rarely) arbitrary text.
    fn word(&mut self, items: &[&str]) -> String {
        if self.byte() < 230 {
            self.pick(items).to_string()
        } else {
            self.text()
        }
    }

    /// Up to 64 bytes as (lossy) UTF-8.
    fn text(&mut self) -> String {
        let n = usize::from(self.byte() % 65);
        let start = self.at.min(self.data.len());
        let end = (start + n).min(self.data.len());
        self.at += n;
        String::from_utf8_lossy(&self.data[start..end]).into_owned()
    }

    fn opt<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.flag() {
            Some(f(self))
        } else {
            None
        }
    }
}

const TIERS: &[&str] = &["vip", "gold", "standard", ""];
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Berlin",
    "Asia/Shanghai",
    "Australia/Lord_Howe",
    "Mars/Olympus",
    "",
];
const SIGNALS: &[&str] = &["asks_for_human", "profanity", "long_wait", "repeat_contact"];
const LANGS: &[&str] = &["zh", "en", "es", "und"];
const SCRIPTS: &[&str] = &["Hans", "Hant", "Latn"];
const FAQ_IDS: &[&str] = &["delivery-times", "return-policy"];
const PLANS: &[&str] = &["free", "trial", "pro"];

/// An instant around 2026 (DST switches included), or anywhere jiff allows.
fn instant(b: &mut Bytes<'_>) -> Option<jiff::Timestamp> {
    let secs = if b.flag() {
        1_767_225_600 + i64::from(b.u32() % (366 * 86_400))
    } else {
        b.i64()
    };
    jiff::Timestamp::from_second(secs).ok()
}

/// One message's facts, decoded from fuzzer bytes.
pub struct Input {
    text: String,
    language: LanguageResult,
    intent: IntentResult,
    faq: FaqResult,
    sentiment: SentimentResult,
    entities: Vec<Entity>,
    context: Context,
    /// An instant to evaluate at besides `context.now`.
    pub at: Option<jiff::Timestamp>,
}

impl Input {
    /// Decodes any bytes.
    pub fn decode(data: &[u8]) -> Input {
        let mut b = Bytes { data, at: 0 };
        let b = &mut b;
        let mut context = Context {
            channel: b.opt(|b| b.word(&["web", "email", "app"])),
            now: instant(b),
            ..Context::default()
        };
        context.customer.tier = b.opt(|b| b.word(TIERS));
        context.customer.time_zone = b.opt(|b| b.word(ZONES));
        context.customer.lifetime_value = b.opt(|b| b.f64());
        context.customer.complaints_90d = b.opt(|b| b.u32() % 8);
        context.conversation.turns = b.opt(|b| b.u32() % 8);
        context.conversation.failed_bot_turns = b.opt(|b| b.u32() % 4);
        for _ in 0..b.byte() % 3 {
            let i = b.word(INTENTS);
            context.conversation.previous_intents.push(i);
        }
        for _ in 0..b.byte() % 4 {
            let name = b.word(&["cart_value", "is_guest", "plan", "other"]);
            let value = match b.byte() % 3 {
                0 => AttributeValue::Bool(b.flag()),
                1 => AttributeValue::Number(if b.flag() {
                    f64::from(b.u32() % 3000)
                } else {
                    b.f64()
                }),
                _ => AttributeValue::String(b.word(PLANS)),
            };
            context.attributes.insert(name, value);
        }
        let code = b.word(LANGS);
        let language = LanguageResult {
            reply_language: code.clone(),
            code,
            script: b.opt(|b| b.word(SCRIPTS)),
            confidence: b.f32(),
            reliable: b.flag(),
            secondary: None,
        };
        let top = b.opt(|b| b.word(INTENTS));
        let confidence = if b.flag() {
            f32::from(b.byte()) / 255.0
        } else {
            b.f32()
        };
        let intent = IntentResult {
            out_of_scope: top.is_none() || b.flag(),
            ranking: top
                .iter()
                .map(|t| RankedIntent {
                    intent: t.clone(),
                    confidence,
                })
                .collect(),
            top,
            confidence,
            ambiguous: b.flag(),
            oos_reason: None,
        };
        let status = match b.byte() % 3 {
            0 => FaqStatus::Answer,
            1 => FaqStatus::Clarify,
            _ => FaqStatus::NoAnswer,
        };
        let mut hits = Vec::new();
        for _ in 0..b.byte() % 3 {
            hits.push(FaqHit {
                id: b.word(FAQ_IDS),
                score: if b.flag() { 0.5 } else { b.f32() },
                question: String::new(),
                answer: String::new(),
            });
        }
        let faq = FaqResult { status, hits };
        let mut signals = Vec::new();
        for _ in 0..b.byte() % 3 {
            signals.push(b.word(SIGNALS));
        }
        let sentiment = SentimentResult {
            score: b.f32(),
            label: match b.byte() % 3 {
                0 => SentimentLabel::Negative,
                1 => SentimentLabel::Neutral,
                _ => SentimentLabel::Positive,
            },
            emotions: Emotions {
                anger: b.f32(),
                anxiety: b.f32(),
                sadness: 0.0,
                joy: 0.0,
                gratitude: 0.0,
            },
            escalation: b.byte() % 5,
            signals,
        };
        let mut entities = Vec::new();
        for _ in 0..b.byte() % 3 {
            entities.push(Entity {
                kind: b.word(ENTITY_KINDS),
                start: 0,
                end: 0,
                char_start: 0,
                char_end: 0,
                text: String::new(),
                value: String::new(),
                redacted: false,
            });
        }
        let at = b.opt(instant).flatten();
        let text = b.text();
        Input {
            text,
            language,
            intent,
            faq,
            sentiment,
            entities,
            context,
            at,
        }
    }

    /// The facts a policy reads.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            text: &self.text,
            language: &self.language,
            intent: &self.intent,
            faq: &self.faq,
            sentiment: &self.sentiment,
            entities: &self.entities,
            context: &self.context,
        }
    }
}

/// Evaluates `policy` on facts decoded from `data`, at both trace levels,
/// at an injected instant, and asks `why_not` about every rule; checks
/// that they agree.
pub fn evaluate(policy: &Policy, data: &[u8]) {
    let input = Input::decode(data);
    let facts = input.facts();
    let full = policy.evaluate(&facts);
    let fired = policy.evaluate_with(&facts, None, TraceLevel::Fired);
    assert_eq!(full.rule, fired.rule);
    assert_eq!(full.trace.last(), fired.trace.last());
    assert!(full.trace.iter().rev().skip(1).all(|s| !s.matched));
    if let Some(at) = input.at {
        let a = policy.evaluate_at(&facts, at);
        let b = policy.evaluate_with(&facts, Some(at), TraceLevel::Fired);
        assert_eq!(a.rule, b.rule);
    }
    let names: Vec<String> = policy
        .rule_names()
        .chain(["default"])
        .map(String::from)
        .collect();
    for name in &names {
        let w = policy
            .why_not(name, &facts)
            .unwrap_or_else(|e| panic!("why_not({name}): {e}"));
        assert_eq!(w.fired, *name == full.rule, "{name}: {w:?}");
        assert_eq!(w.matched, w.failed.is_empty(), "{name}: {w:?}");
    }
    let json = serde_json::to_string(&full).unwrap_or_default();
    assert!(!json.is_empty());
}

/// Parses `data` as policy text; when it is a policy, checks that its text
/// and JSON forms read back to the same policy, and evaluates it.
pub fn parse(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let schema = schema();
    let Ok(policy) = Policy::parse(text, &schema) else {
        return;
    };
    let printed = policy.to_text();
    let again = Policy::parse(&printed, &schema)
        .unwrap_or_else(|e| panic!("the printed policy does not parse: {e}\n{printed}"));
    assert_eq!(again.to_text(), printed);
    let back = Policy::from_json(&policy.to_json(), &schema)
        .unwrap_or_else(|e| panic!("the JSON form does not read back: {e}\n{printed}"));
    assert_eq!(back.to_json(), policy.to_json());
    evaluate(&policy, data);
}

use std::collections::BTreeMap;

use super::*;
use crate::analysis::{
    Action, Emotions, FaqHit, FaqStatus, RankedIntent, SentimentLabel, TraceStep,
};
use crate::context::AttributeValue;

// ------------------------------------------------------------------ helpers

const INTENTS: &[&str] = &[
    "order_status",
    "shipping_time",
    "return_refund",
    "payment_failed",
    "change_address",
    "cancel_order",
    "invoice",
    "product_availability",
    "coupon",
    "account_login",
    "complaint",
    "talk_to_human",
    "change_payment",
];

const KINDS: &[&str] = &[
    "email", "phone", "card", "iban", "money", "date", "url", "ip", "order_id",
];

fn schema() -> PolicySchema {
    PolicySchema {
        intents: INTENTS.iter().map(|s| s.to_string()).collect(),
        faq_ids: vec!["shipping_fees".into(), "return_window".into()],
        entity_kinds: KINDS.iter().map(|s| s.to_string()).collect(),
        attributes: BTreeMap::from([
            ("cart_value".to_string(), AttributeType::Number),
            ("is_guest".to_string(), AttributeType::Bool),
            ("plan".to_string(), AttributeType::String),
        ]),
    }
}

/// One message's analysis and context, built by hand.
struct Msg {
    text: String,
    language: LanguageResult,
    intent: IntentResult,
    faq: FaqResult,
    sentiment: SentimentResult,
    entities: Vec<Entity>,
    context: Context,
}

impl Msg {
    /// A neutral, in-scope `intent` message with an FAQ answer and an empty context.
    fn new(intent: &str) -> Msg {
        Msg {
            text: "where is my order".into(),
            language: LanguageResult {
                code: "en".into(),
                script: Some("Latn".into()),
                reply_language: "en".into(),
                confidence: 0.95,
                reliable: true,
            },
            intent: IntentResult {
                top: Some(intent.into()),
                confidence: 0.9,
                out_of_scope: false,
                ambiguous: false,
                oos_reason: None,
                ranking: vec![RankedIntent {
                    intent: intent.into(),
                    confidence: 0.9,
                }],
            },
            faq: FaqResult {
                status: FaqStatus::Answer,
                hits: vec![FaqHit {
                    id: "shipping_fees".into(),
                    score: 0.8,
                    question: "How much is shipping?".into(),
                    answer: "Free over $50.".into(),
                }],
            },
            sentiment: SentimentResult {
                score: 0.0,
                label: SentimentLabel::Neutral,
                emotions: Emotions::default(),
                escalation: 0,
                signals: vec![],
            },
            entities: vec![],
            context: Context::default(),
        }
    }

    fn out_of_scope() -> Msg {
        let mut m = Msg::new("order_status");
        m.intent.top = None;
        m.intent.out_of_scope = true;
        m.intent.confidence = 0.2;
        m.faq = FaqResult {
            status: FaqStatus::NoAnswer,
            hits: vec![],
        };
        m
    }

    fn escalation(mut self, level: u8) -> Msg {
        self.sentiment.escalation = level;
        self.sentiment.label = SentimentLabel::Negative;
        self.sentiment.score = -0.7;
        self
    }

    fn tier(mut self, tier: &str) -> Msg {
        self.context.customer.tier = Some(tier.into());
        self
    }

    fn now(mut self, rfc3339: &str) -> Msg {
        self.context.now = Some(rfc3339.parse().unwrap());
        self
    }

    fn customer_zone(mut self, zone: &str) -> Msg {
        self.context.customer.time_zone = Some(zone.into());
        self
    }

    fn entity(mut self, kind: &str, text: &str) -> Msg {
        self.entities.push(Entity {
            kind: kind.into(),
            start: 0,
            end: text.len(),
            char_start: 0,
            char_end: text.chars().count(),
            text: text.into(),
            value: text.into(),
            redacted: true,
        });
        self
    }

    fn attr(mut self, name: &str, value: AttributeValue) -> Msg {
        self.context.attributes.insert(name.into(), value);
        self
    }

    fn facts(&self) -> Facts<'_> {
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

fn policy(src: &str) -> Policy {
    match Policy::parse(src, &schema()) {
        Ok(p) => p,
        Err(e) => panic!("policy should parse: {e}\n{src}"),
    }
}

fn err(src: &str) -> String {
    match Policy::parse(src, &schema()) {
        Ok(_) => panic!("policy should not parse:\n{src}"),
        Err(e) => {
            assert!(e.is_policy(), "{e:?}");
            e.to_string()
        }
    }
}

/// Evaluates a one-rule policy and says whether the rule fired.
fn fires(cond: &str, msg: &Msg) -> bool {
    let p = policy(&format!("rule r: when {cond} then clarify\ndefault answer"));
    p.evaluate(&msg.facts()).rule == "r"
}

fn clauses(step: &TraceStep) -> Vec<(&str, &str, bool)> {
    step.clauses
        .iter()
        .map(|c| (c.clause.as_str(), c.value.as_str(), c.result))
        .collect()
}

const HOURS: &str = r#"
calendar support {
    time_zone "Asia/Shanghai"
    hours mon-fri 09:00-18:00
    hours sat 10:00-12:00, 13:00-16:00
    holiday 2026-10-01 to 2026-10-07
    holiday 2026-12-25
}
calendar follow_the_customer {
    time_zone "Asia/Shanghai"
    local customer
    hours mon-fri 09:00-18:00
}
rule open: when within business_hours("support") then answer tags ["open"]
rule open_for_customer: when within business_hours("follow_the_customer") then answer tags ["customer_open"]
default ticket queue "general"
"#;

/// The trace value of the first clause of the first rule.
fn hours_value(p: &Policy, msg: &Msg) -> (bool, String) {
    let d = p.evaluate(&msg.facts());
    let c = &d.trace[0].clauses[0];
    (c.result, c.value.clone())
}

// ------------------------------------------------------------ parse errors

#[test]
fn unknown_field_names_position_and_suggestion() {
    assert_eq!(
        err("rule r:\n    when sentiment.escalaton >= 2\n    then clarify\ndefault answer"),
        "policy:2:10: unknown field `sentiment.escalaton` (did you mean `sentiment.escalation`?)"
    );
    assert_eq!(
        err("rule r: when custmer.tier == \"vip\" then clarify\ndefault answer"),
        "policy:1:14: unknown field `custmer.tier` (did you mean `customer.tier`?)"
    );
    // A declared attribute written without `attr.`.
    assert!(
        err("rule r: when cart_value > 3 then clarify\ndefault answer")
            .ends_with("unknown field `cart_value` (did you mean `attr.cart_value`?)")
    );
}

#[test]
fn undeclared_attribute_suggests_declared_one() {
    assert_eq!(
        err("rule r: when attr.cart_valu > 3 then clarify\ndefault answer"),
        "policy:1:14: undeclared attribute `attr.cart_valu` (did you mean `attr.cart_value`?)"
    );
    assert!(err("rule r: when attr.zzz then clarify\ndefault answer").contains("declare it"));
}

#[test]
fn unknown_names_in_literals_are_errors_with_suggestions() {
    assert_eq!(
        err("rule r: when intent == \"order_stauts\" then clarify\ndefault answer"),
        "policy:1:24: unknown intent `order_stauts` (did you mean `order_status`?)"
    );
    assert_eq!(
        err("rule r: when intent.top in [\"coupon\", \"invoce\"] then clarify\ndefault answer"),
        "policy:1:39: unknown intent `invoce` (did you mean `invoice`?)"
    );
    assert!(err(
        "rule r: when \"refnd\" in conversation.previous_intents then clarify\ndefault answer"
    )
    .starts_with("policy:1:14: unknown intent `refnd`"));
    assert_eq!(
        err("rule r: when faq.status == \"clarfy\" then clarify\ndefault answer"),
        "policy:1:28: unknown FAQ status `clarfy` (did you mean `clarify`?) (`faq.status` is one of answer, clarify, no_answer)"
    );
    assert!(
        err("rule r: when faq.top == \"shiping_fees\" then clarify\ndefault answer")
            .ends_with("unknown FAQ id `shiping_fees` (did you mean `shipping_fees`?)")
    );
    assert!(
        err("rule r: when sentiment.label == \"angry\" then clarify\ndefault answer")
            .contains("unknown sentiment label `angry`")
    );
    assert_eq!(
        err("rule r: when has entity(\"crad\") then clarify\ndefault answer"),
        "policy:1:25: unknown entity kind `crad` (did you mean `card`?)"
    );
}

#[test]
fn type_mismatches_name_both_types() {
    assert_eq!(
        err("rule r:\n  when sentiment.escalation == \"high\"\n  then clarify\ndefault answer"),
        "policy:2:32: type mismatch: `sentiment.escalation` is a number but `\"high\"` is a string"
    );
    assert_eq!(
        err("rule r: when customer.tier == 3 then clarify\ndefault answer"),
        "policy:1:31: type mismatch: `customer.tier` is a string but `3` is a number"
    );
    assert!(
        err("rule r: when intent.ambiguous == \"yes\" then clarify\ndefault answer")
            .contains("`intent.ambiguous` is a bool but `\"yes\"` is a string")
    );
    assert!(
        err("rule r: when entities.count in [1, \"2\"] then clarify\ndefault answer")
            .contains("`entities.count` is a number but `\"2\"` is a string")
    );
    assert!(
        err("rule r: when customer.tier > \"gold\" then clarify\ndefault answer")
            .contains("`>` needs numbers, but `customer.tier` is a string")
    );
    assert!(err("rule r: when channel then clarify\ndefault answer")
        .contains("`channel` is a string, not a bool"));
    assert!(
        err("rule r: when sentiment.signals == \"x\" then clarify\ndefault answer")
            .contains("is a list of strings and cannot be compared")
    );
    assert!(
        err("rule r: when \"web\" in channel then clarify\ndefault answer")
            .contains("needs a list field")
    );
    assert!(
        err("rule r: when entities.count matches /1/ then clarify\ndefault answer")
            .contains("`matches` needs a string field")
    );
    assert!(
        err("rule r: when attr.cart_value == true then clarify\ndefault answer")
            .contains("`attr.cart_value` is a number but `true` is a bool")
    );
}

#[test]
fn structural_errors() {
    assert_eq!(
        err("rule r: when intent.ambiguous then clarify\n"),
        "policy:2:1: missing `default` action (a policy ends with one, e.g. `default answer`)"
    );
    assert!(err("").starts_with("policy:1:1: missing `default`"));
    assert_eq!(
        err("rule r: when intent.ambiguous then clarify\nrule r: when intent.out_of_scope then answer\ndefault answer"),
        "policy:2:6: duplicate rule name `r` (rule names are stable ids and must be unique)"
    );
    assert!(
        err("default answer\nrule r: when intent.ambiguous then clarify")
            .starts_with("policy:2:1: nothing may follow the `default` action")
    );
    assert!(
        err("rule default: when intent.ambiguous then clarify\ndefault answer")
            .contains("reserved")
    );
    assert!(
        err("rule r when intent.ambiguous then clarify\ndefault answer")
            .starts_with("policy:1:8: expected `:`")
    );
    assert!(err("rule r: when intent.ambiguous clarify\ndefault answer")
        .starts_with("policy:1:31: expected `and`, `or` or `then`, found `clarify`"));
    assert!(
        err("rule r: when (intent.ambiguous then clarify\ndefault answer")
            .contains("expected `and`, `or` or `)`")
    );
    assert!(
        err("rule r: when intent.ambiguous then reply\ndefault answer")
            .contains("unknown action `reply`")
    );
    assert!(
        err("rule r: when entity(\"card\") then clarify\ndefault answer")
            .contains("write `has entity(\"kind\")`")
    );
    assert!(
        err("rule r: when intent == order_status then clarify\ndefault answer")
            .contains("quote strings")
    );
    assert!(
        err("ruel r: when intent.ambiguous then clarify\ndefault answer")
            .contains("(did you mean `rule`?)")
    );
}

#[test]
fn action_errors() {
    assert_eq!(
        err("rule r: when intent.ambiguous then handoff queue \"x\" priority 10\ndefault answer"),
        "policy:1:63: priority 10 is out of range (a whole number from 0 to 9)"
    );
    assert!(
        err("default handoff queue \"x\" priority 1.5").contains("priority 1.5 is out of range")
    );
    assert!(err("default handoff queue \"x\" priority -1")
        .contains("negative priority is out of range"));
    assert!(err("default handoff priority 3").contains("`handoff` needs a queue"));
    assert!(err("default ticket queue \"x\" lock").contains("only a handoff can lock"));
    assert!(err("default answer priority 3").contains("`answer` takes only `tags`"));
    assert!(err("default clarify queue \"x\"").contains("`clarify` takes only `tags`"));
    assert!(err("default handoff queue \"x\" lock lock").contains("`lock` is given twice"));
    assert!(err("default handoff queue \"x\" priorty 3")
        .contains("unknown option `priorty` for `handoff` (did you mean `priority`?)"));
    assert!(err("default handoff queue \"\"").contains("queue name is empty"));
    assert!(
        err("default handoff queue \"x\" skills [1]").contains("expected a string, found a number")
    );
}

#[test]
fn unterminated_string_and_lexical_errors() {
    assert_eq!(
        err("rule r:\n  when customer.tier == \"vip\n  then clarify\ndefault answer"),
        "policy:2:25: unterminated string (a string ends with `\"` on the same line)"
    );
    assert!(
        err("rule r: when intent = \"coupon\" then clarify\ndefault answer")
            .starts_with("policy:1:21: `=` is not an operator (did you mean `==`?)")
    );
}

#[test]
fn bad_regex_is_a_policy_error_at_the_regex() {
    let e = err("rule r:\n  when text matches /(unclosed/\n  then clarify\ndefault answer");
    assert!(
        e.starts_with("policy:2:21: invalid regex /(unclosed/:"),
        "{e}"
    );
    // Regexes are compiled with an NFA size limit.
    let e = err("rule r: when text matches /\\w{1000}{1000}/ then clarify\ndefault answer");
    assert!(e.starts_with("policy:1:27: invalid regex"), "{e}");
}

#[test]
fn calendar_errors() {
    assert_eq!(
        err("calendar support { time_zone \"Asia/Shanghia\" }\ndefault answer"),
        "policy:1:30: unknown time zone `Asia/Shanghia` (did you mean `Asia/Shanghai`?) (use an IANA name such as \"Asia/Shanghai\")"
    );
    assert_eq!(
        err("calendar support { time_zone \"UTC\" }\nrule r: when within business_hours(\"suport\") then answer\ndefault answer"),
        "policy:2:36: unknown calendar `suport` (did you mean `support`?)"
    );
    assert!(
        err("rule r: when within business_hours(\"x\") then answer\ndefault answer")
            .contains("declare one")
    );
    assert!(
        err("calendar c { hours mon-fri 09:00-18:00 }\ndefault answer")
            .starts_with("policy:1:10: calendar `c` needs a `time_zone`")
    );
    assert!(
        err("calendar c { time_zone \"UTC\" hours mon 18:00-09:00 }\ndefault answer")
            .starts_with("policy:1:40: empty hours range 18:00-09:00")
    );
    assert!(
        err("calendar c { time_zone \"UTC\" hours monday 09:00-18:00 }\ndefault answer")
            .contains("unknown day `monday` (did you mean `mon`?)")
    );
    assert!(
        err("calendar c { time_zone \"UTC\" hours mon 09:00-24:30 }\ndefault answer")
            .contains("invalid time `24:30`")
    );
    assert!(err(
        "calendar c { time_zone \"UTC\" holiday 2026-10-07 to 2026-10-01 }\ndefault answer"
    )
    .contains("holiday range ends (2026-10-01) before it starts (2026-10-07)"));
    assert!(err(
        "calendar c { time_zone \"UTC\" }\ncalendar c { time_zone \"UTC\" }\ndefault answer"
    )
    .starts_with("policy:2:10: duplicate calendar `c`"));
    assert!(
        err("calendar c { time_zone \"UTC\" time_zone \"UTC\" }\ndefault answer")
            .contains("`time_zone` is given twice")
    );
    assert!(err("calendar c { timezone \"UTC\" }\ndefault answer")
        .contains("did you mean `time_zone`?"));
    assert!(err("calendar c { time_zone \"UTC\"\ndefault answer")
        .contains("unknown calendar statement `default`"));
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!(
        "rule r: when {}intent.ambiguous{} then clarify\ndefault answer",
        "(".repeat(200),
        ")".repeat(200)
    );
    assert!(err(&deep).contains("nested too deeply"));
    let nots = format!(
        "rule r: when {}intent.ambiguous then clarify\ndefault answer",
        "not ".repeat(200)
    );
    assert!(err(&nots).contains("nested too deeply"));
    let ok = format!(
        "rule r: when {}intent.ambiguous{} then clarify\ndefault answer",
        "(".repeat(30),
        ")".repeat(30)
    );
    policy(&ok);
}

#[test]
fn oversized_policy_is_a_limit_error() {
    let big = format!("{}default answer", "#".repeat(MAX_POLICY_BYTES));
    assert!(Policy::parse(&big, &schema()).unwrap_err().is_limit());
}

// --------------------------------------------------------------- evaluation

#[test]
fn first_match_wins_and_trace_lists_rules_up_to_it() {
    let p = policy(
        r#"
rule vip: when customer.tier == "vip" then handoff queue "senior" priority 7 skills ["vip"] tags ["vip"]
rule angry: when sentiment.escalation >= 2 then handoff queue "care" priority 8 lock
rule also_angry: when sentiment.escalation >= 1 then ticket queue "never"
default answer tags ["bot"]
"#,
    );
    assert_eq!(
        p.rule_names().collect::<Vec<_>>(),
        ["vip", "angry", "also_angry"]
    );

    let d = p.evaluate(&Msg::new("order_status").escalation(2).tier("gold").facts());
    assert_eq!(d.rule, "angry");
    assert_eq!(d.action, Action::Handoff);
    assert_eq!(d.queue.as_deref(), Some("care"));
    assert_eq!(d.priority, 8);
    assert!(d.locked);
    assert_eq!(d.reply, None);
    assert_eq!(
        d.trace.len(),
        2,
        "rules after the one that fired are not evaluated"
    );
    assert_eq!(d.trace[0].rule, "vip");
    assert!(!d.trace[0].matched);
    assert_eq!(
        clauses(&d.trace[0]),
        [("customer.tier == \"vip\"", "gold", false)]
    );
    assert_eq!(d.trace[1].rule, "angry");
    assert!(d.trace[1].matched);
    assert_eq!(
        clauses(&d.trace[1]),
        [("sentiment.escalation >= 2", "2", true)]
    );

    // Both vip and angry: the first rule wins.
    let d = p.evaluate(&Msg::new("order_status").escalation(3).tier("vip").facts());
    assert_eq!(d.rule, "vip");
    assert_eq!(
        (d.priority, d.skills.clone(), d.tags.clone(), d.locked),
        (7, vec!["vip".to_string()], vec!["vip".to_string()], false)
    );
    assert_eq!(d.trace.len(), 1);

    // Nothing matches: every rule plus a default step.
    let d = p.evaluate(&Msg::new("order_status").facts());
    assert_eq!(d.rule, "default");
    assert_eq!(d.action, Action::Answer);
    assert_eq!(d.tags, ["bot"]);
    assert_eq!(d.queue, None);
    assert_eq!(d.priority, 0);
    let rules: Vec<_> = d
        .trace
        .iter()
        .map(|s| (s.rule.as_str(), s.matched))
        .collect();
    assert_eq!(
        rules,
        [
            ("vip", false),
            ("angry", false),
            ("also_angry", false),
            ("default", true)
        ]
    );
    assert_eq!(
        clauses(&d.trace[0]),
        [("customer.tier == \"vip\"", "missing", false)]
    );
    assert!(d.trace[3].clauses.is_empty());
}

#[test]
fn routed_actions_default_to_priority_five() {
    let p = policy(
        "rule r: when intent.ambiguous then ticket queue \"q\"\ndefault handoff queue \"h\"",
    );
    let mut m = Msg::new("coupon");
    assert_eq!(p.evaluate(&m.facts()).priority, 5);
    m.intent.ambiguous = true;
    let d = p.evaluate(&m.facts());
    assert_eq!(
        (d.action, d.priority, d.queue.as_deref()),
        (Action::Ticket, 5, Some("q"))
    );
}

#[test]
fn trace_lists_every_deciding_clause_with_values() {
    let p = policy(
        r#"rule payment_change_risk:
    when intent == "change_payment" or (has entity("card") and intent == "payment_failed")
    then handoff queue "risk" priority 9 skills ["risk", "payments"] lock tags ["high_risk"]
default answer"#,
    );
    let d = p.evaluate(
        &Msg::new("payment_failed")
            .entity("card", "4111 1111 1111 1111")
            .facts(),
    );
    assert_eq!(d.rule, "payment_change_risk");
    assert_eq!(
        clauses(&d.trace[0]),
        [
            ("intent == \"change_payment\"", "payment_failed", false),
            ("has entity(\"card\")", "1 found", true),
            ("intent == \"payment_failed\"", "payment_failed", true),
        ]
    );
    assert_eq!(d.skills, ["risk", "payments"]);
    assert_eq!(d.tags, ["high_risk"]);
    assert!(d.locked);

    // Short-circuit: a true first `or` operand decides alone.
    let d = p.evaluate(&Msg::new("change_payment").facts());
    assert_eq!(
        clauses(&d.trace[0]),
        [("intent == \"change_payment\"", "change_payment", true)]
    );

    // A false `and` operand decides alone, and is listed.
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!(d.rule, "default");
    assert_eq!(
        clauses(&d.trace[0]),
        [
            ("intent == \"change_payment\"", "coupon", false),
            ("has entity(\"card\")", "none", false)
        ]
    );
}

#[test]
fn missing_values_are_unknown_not_empty() {
    let m = Msg::new("order_status"); // no tier, no channel, no turns
    assert!(!fires("customer.tier == \"vip\"", &m));
    assert!(
        !fires("customer.tier != \"vip\"", &m),
        "!= on a missing value is unknown"
    );
    assert!(
        !fires("not customer.tier == \"vip\"", &m),
        "not unknown is unknown"
    );
    assert!(!fires("not not customer.tier == \"vip\"", &m));
    assert!(!fires("customer.tier not in [\"vip\", \"gold\"]", &m));
    assert!(
        !fires("conversation.turns < 3", &m),
        "a missing number is not zero"
    );
    assert!(!fires("not conversation.turns >= 3", &m));
    // Kleene: true or unknown = true; false and unknown = false.
    assert!(fires(
        "customer.tier == \"vip\" or intent == \"order_status\"",
        &m
    ));
    assert!(fires(
        "not (intent == \"coupon\" and customer.tier == \"vip\")",
        &m
    ));
    assert!(!fires(
        "intent == \"order_status\" and customer.tier == \"vip\"",
        &m
    ));
    assert!(!fires(
        "not (intent == \"order_status\" and customer.tier == \"vip\")",
        &m
    ));
    // Presence tests are never unknown.
    assert!(fires("not has customer.tier", &m));
    assert!(fires("has customer.tier", &m.tier("gold")));

    // Out of scope: `intent` is missing.
    let oos = Msg::out_of_scope();
    assert!(!fires("intent != \"coupon\"", &oos));
    assert!(fires("not has intent", &oos));
    assert!(
        !fires("faq.score < 0.5", &oos),
        "no FAQ hits: faq.score is missing"
    );
    assert!(!fires("has faq.top", &oos));

    // The trace says `missing` and the clause result is false.
    let p = policy("rule r: when not customer.tier == \"vip\" then clarify\ndefault answer");
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!(d.rule, "default");
    assert!(!d.trace[0].matched);
    assert_eq!(
        clauses(&d.trace[0]),
        [("customer.tier == \"vip\"", "missing", false)]
    );
}

#[test]
fn attributes_are_typed_and_ill_typed_values_are_unknown() {
    let m = Msg::new("coupon")
        .attr("cart_value", AttributeValue::Number(1200.0))
        .attr("is_guest", AttributeValue::Bool(true))
        .attr("plan", AttributeValue::String("pro".into()));
    assert!(fires("attr.cart_value >= 1000", &m));
    assert!(fires("attr.is_guest", &m));
    assert!(fires("attr.plan in [\"pro\", \"team\"]", &m));
    assert!(!fires("attr.cart_value >= 1000", &Msg::new("coupon")));

    let bad = Msg::new("coupon").attr("cart_value", AttributeValue::String("lots".into()));
    assert!(!fires("attr.cart_value >= 1000", &bad));
    assert!(!fires("not attr.cart_value >= 1000", &bad));
    let p = policy("rule r: when attr.cart_value < 5 then clarify\ndefault answer");
    let d = p.evaluate(&bad.facts());
    assert_eq!(
        d.trace[0].clauses[0].value,
        "invalid (string, declared number)"
    );
}

#[test]
fn operators_over_all_field_kinds() {
    let mut m = Msg::new("return_refund");
    m.text = "I want my money back for order SO-12345678".into();
    m.sentiment.signals = vec!["asks_for_human".into(), "repeat_contact".into()];
    m.context.channel = Some("whatsapp".into());
    m.context.conversation.previous_intents = vec!["order_status".into()];
    m.context.conversation.turns = Some(4);
    m.context.customer.lifetime_value = Some(2500.0);
    m.context.customer.complaints_90d = Some(2);

    assert!(fires("\"asks_for_human\" in sentiment.signals", &m));
    assert!(!fires("\"profanity\" in sentiment.signals", &m));
    assert!(fires("not \"profanity\" in sentiment.signals", &m));
    assert!(fires(
        "\"order_status\" in conversation.previous_intents",
        &m
    ));
    assert!(fires("text matches /SO-\\d{8}/", &m));
    assert!(fires("text matches /MONEY BACK/i", &m));
    assert!(!fires("text matches /MONEY BACK/", &m));
    assert!(fires("channel in [\"whatsapp\", \"web\"]", &m));
    assert!(fires("channel not in [\"email\"]", &m));
    assert!(fires("conversation.turns in [3, 4]", &m));
    assert!(fires(
        "conversation.turns > 3 and conversation.turns <= 4",
        &m
    ));
    assert!(fires(
        "customer.lifetime_value >= 2500 and customer.complaints_90d != 0",
        &m
    ));
    assert!(fires("entities.count == 0", &m));
    assert!(fires(
        "language.code == \"en\" and language.script == \"Latn\" and language.reliable",
        &m
    ));
    assert!(fires(
        "intent.ambiguous == false and intent.out_of_scope != true",
        &m
    ));
    assert!(fires(
        "sentiment.label == \"neutral\" and sentiment.score > -0.05",
        &m
    ));
    assert!(fires(
        "faq.top == \"shipping_fees\" and faq.status == \"answer\"",
        &m
    ));
    assert!(fires("sentiment.anger < 0.5 and sentiment.joy == 0", &m));
    // f32 fields compare with the literal rounded to f32.
    assert!(fires(
        "intent.confidence >= 0.9 and intent.confidence <= 0.9",
        &m
    ));
    assert!(fires("faq.score == 0.8", &m));
    assert!(fires("language.confidence in [0.95]", &m));
    // Negative literals.
    let m = Msg::new("coupon").escalation(1);
    assert!(fires("sentiment.score < -0.5", &m));
    assert!(fires("sentiment.label == \"negative\"", &m));
}

#[test]
fn trace_values_render_lists_and_truncate_long_text() {
    let mut m = Msg::new("coupon");
    m.text = "x".repeat(500);
    m.sentiment.signals = vec!["long_wait".into(), "profanity".into()];
    let p = policy("rule r: when text matches /y/ or \"asks_for_human\" in sentiment.signals then clarify\ndefault answer");
    let d = p.evaluate(&m.facts());
    let c = &d.trace[0].clauses;
    assert_eq!(c[0].value.chars().count(), 121);
    assert!(c[0].value.ends_with('…'));
    assert_eq!(c[1].clause, "\"asks_for_human\" in sentiment.signals");
    assert_eq!(c[1].value, "[long_wait, profanity]");
}

// ----------------------------------------------------------- business hours

#[test]
fn business_hours_in_the_site_zone() {
    let p = policy(HOURS);
    let m = Msg::new("coupon");
    // 2026-11-20 is a Friday. 02:00Z = 10:00 in Shanghai.
    assert_eq!(
        hours_value(&p, &m.now("2026-11-20T02:00:00Z")),
        (true, "2026-11-20T10:00:00+08:00 (Fri) within".to_string())
    );
    let m = Msg::new("coupon");
    // 12:00Z = 20:00 in Shanghai.
    assert_eq!(
        hours_value(&p, &m.now("2026-11-20T12:00:00Z")),
        (false, "2026-11-20T20:00:00+08:00 (Fri) outside".to_string())
    );
    let at = |ts: &str| hours_value(&p, &Msg::new("coupon").now(ts));
    // The end of a span is exclusive, the start inclusive.
    assert!(at("2026-11-20T09:59:59Z").0);
    assert!(!at("2026-11-20T10:00:00Z").0);
    assert!(at("2026-11-20T01:00:00Z").0);
    assert!(!at("2026-11-20T00:59:59Z").0);
    // Offsets in `now` don't matter, only the instant: Fri 10:00 Shanghai.
    assert!(at("2026-11-19T21:00:00-05:00").0);
    // Saturday has two spans with a lunch break; Sunday is closed.
    assert!(at("2026-11-21T02:30:00Z").0); // Sat 10:30
    assert!(!at("2026-11-21T04:30:00Z").0); // Sat 12:30
    assert!(at("2026-11-21T05:30:00Z").0); // Sat 13:30
    assert_eq!(
        at("2026-11-22T02:30:00Z"),
        (false, "2026-11-22T10:30:00+08:00 (Sun) outside".into())
    );
    // Late Thursday UTC is already Friday in Shanghai.
    assert_eq!(
        at("2026-11-19T23:30:00Z").1,
        "2026-11-20T07:30:00+08:00 (Fri) outside"
    );
}

#[test]
fn business_hours_holidays_use_the_local_date() {
    let p = policy(HOURS);
    let at = |ts: &str| hours_value(&p, &Msg::new("coupon").now(ts));
    // Fri 2026-12-25 10:00 Shanghai: a holiday.
    assert_eq!(
        at("2026-12-25T02:00:00Z"),
        (false, "2026-12-25T10:00:00+08:00 (Fri) holiday".into())
    );
    // Thu 2026-12-24 17:00Z is already the 25th in Shanghai (01:00): holiday.
    assert_eq!(
        at("2026-12-24T17:00:00Z").1,
        "2026-12-25T01:00:00+08:00 (Fri) holiday"
    );
    // Inside the National Day range (inclusive ends).
    assert!(!at("2026-10-01T02:00:00Z").0);
    assert!(!at("2026-10-07T02:00:00Z").0);
    assert!(at("2026-10-08T02:00:00Z").0); // Thursday after the holidays
                                           // Holidays belong to their calendar: Monday 2026-10-05 is a holiday for
                                           // `support` but not for `follow_the_customer`.
    let d = p.evaluate(&Msg::new("coupon").now("2026-10-05T02:00:00Z").facts());
    assert_eq!(d.rule, "open_for_customer");
    assert_eq!(
        d.trace[0].clauses[0].value,
        "2026-10-05T10:00:00+08:00 (Mon) holiday"
    );
}

#[test]
fn business_hours_in_the_customer_zone() {
    let p = policy(HOURS);
    let site_rule =
        "rule open: when within business_hours(\"support\") then answer tags [\"open\"]\n";
    assert!(HOURS.contains(site_rule));
    let only_customer = policy(&HOURS.replace(site_rule, ""));
    let customer_step = |m: &Msg| {
        let d = only_customer.evaluate(&m.facts());
        let step = d
            .trace
            .iter()
            .find(|s| s.rule == "open_for_customer")
            .cloned()
            .unwrap();
        (step.clauses[0].result, step.clauses[0].value.clone())
    };
    // 2026-11-20T14:00Z: Fri 22:00 in Shanghai (closed), Fri 09:00 in New York (open).
    let m = Msg::new("coupon")
        .now("2026-11-20T14:00:00Z")
        .customer_zone("America/New_York");
    assert!(!hours_value(&p, &m).0, "the site calendar is closed");
    assert_eq!(
        customer_step(&m),
        (
            true,
            "2026-11-20T09:00:00-05:00 (Fri, customer zone America/New_York) within".to_string()
        )
    );
    assert_eq!(p.evaluate(&m.facts()).tags, ["customer_open"]);

    // In summer New York is UTC-4: 2026-07-10T13:00Z is Fri 09:00 EDT.
    let m = Msg::new("coupon")
        .now("2026-07-10T13:00:00Z")
        .customer_zone("America/New_York");
    assert_eq!(
        customer_step(&m).1,
        "2026-07-10T09:00:00-04:00 (Fri, customer zone America/New_York) within"
    );

    // An invalid customer zone falls back to the site zone, and says so.
    let m = Msg::new("coupon")
        .now("2026-11-20T14:00:00Z")
        .customer_zone("Mars/Olympus");
    assert_eq!(
        customer_step(&m),
        (
            false,
            "2026-11-20T22:00:00+08:00 (Fri, customer zone `Mars/Olympus` invalid, used site zone) outside".to_string()
        )
    );
    // No customer zone: the site zone.
    let m = Msg::new("coupon").now("2026-11-20T02:00:00Z");
    assert_eq!(
        customer_step(&m).1,
        "2026-11-20T10:00:00+08:00 (Fri, customer zone missing, used site zone) within"
    );
}

#[test]
fn business_hours_without_now_are_unknown() {
    let p = policy(
        r#"calendar support { time_zone "Asia/Shanghai" hours mon-sun 00:00-24:00 }
rule closed: when not within business_hours("support") then ticket queue "general"
rule open: when within business_hours("support") then answer
default clarify"#,
    );
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!(d.rule, "default");
    assert_eq!(d.action, Action::Clarify);
    assert_eq!(
        clauses(&d.trace[0]),
        [("within business_hours(\"support\")", "missing", false)]
    );
    assert_eq!(
        clauses(&d.trace[1]),
        [("within business_hours(\"support\")", "missing", false)]
    );
    // 24:00 closes the day: always open.
    let d = p.evaluate(&Msg::new("coupon").now("2026-11-22T15:59:59Z").facts());
    assert_eq!(d.rule, "open");
}

// ------------------------------------------------------- JSON and printing

#[test]
fn json_round_trips_and_keeps_rule_names() {
    let src = format!("{HOURS}\nrule extra:\n  when (intent in [\"coupon\"] or text matches /a\\/b/i) and not has entity(\"card\") and attr.cart_value > -1.5\n  then handoff queue \"q\" priority 2 skills [\"s\"] lock tags [\"t\"]\ndefault answer");
    // Move `extra` before the default: the HOURS policy already ends with one.
    let src = src.replace("default ticket queue \"general\"\n", "");
    let p = policy(&src);
    let json = p.to_json();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rules"][0]["name"], "open");
    assert_eq!(v["rules"][2]["name"], "extra");
    assert_eq!(v["calendars"][0]["time_zone"], "Asia/Shanghai");
    assert_eq!(v["calendars"][0]["hours"][0]["times"][0]["start"], "09:00");

    let back = Policy::from_json(&json, &schema()).unwrap();
    assert_eq!(
        back.rule_names().collect::<Vec<_>>(),
        ["open", "open_for_customer", "extra"]
    );
    assert_eq!(back.to_json(), json);
    assert_eq!(back.to_text(), p.to_text());
    assert_eq!(back.source(), p.to_text());
    // The printed text parses to the same policy.
    let reparsed = policy(&p.to_text());
    assert_eq!(reparsed.to_json(), json);
    // And evaluates the same.
    let m = Msg::new("coupon")
        .now("2026-11-20T14:00:00Z")
        .customer_zone("America/New_York");
    assert_eq!(back.evaluate(&m.facts()), p.evaluate(&m.facts()));
}

#[test]
fn to_text_is_canonical() {
    let p = policy(
        "calendar c { time_zone \"UTC\" hours mon,tue,wed,sat-sun 09:00-12:00,13:00-18:00 holiday 2026-01-01, 2026-05-01 to 2026-05-03 }\n\
         rule a: when intent.ambiguous or faq.status == \"clarify\" and not (entities.count > 2 or text matches /x\\/y/) then clarify tags [\"t\"]\n\
         default answer",
    );
    assert_eq!(
        p.to_text(),
        "calendar c {\n    time_zone \"UTC\"\n    hours mon-wed,sat,sun 09:00-12:00, 13:00-18:00\n    holiday 2026-01-01\n    holiday 2026-05-01 to 2026-05-03\n}\n\n\
         rule a:\n    when intent.ambiguous\n        or (faq.status == \"clarify\" and not (entities.count > 2 or text matches /x\\/y/))\n    then clarify tags [\"t\"]\n\n\
         default answer\n"
    );
}

#[test]
fn from_json_reports_bad_json_and_bad_policies() {
    let e = Policy::from_json("{\"rules\": []}", &schema()).unwrap_err();
    assert!(e.is_policy());
    assert!(e.to_string().contains("missing field `default`"), "{e}");
    let e = Policy::from_json("{\"default\": {\"action\": \"answr\"}}", &schema()).unwrap_err();
    assert!(e.to_string().starts_with("policy JSON:"), "{e}");
    // Checked against the schema like text.
    let json = r#"{"rules": [{"name": "r", "when": {"compare": {"field": "intent", "op": "==", "value": "refnd"}}, "then": {"action": "clarify"}}],
                   "default": {"action": "answer"}}"#;
    let e = Policy::from_json(json, &schema()).unwrap_err();
    assert!(e.to_string().contains("unknown intent `refnd`"), "{e}");
    // A field "name" that would change meaning when printed is refused.
    let json = r#"{"rules": [{"name": "r", "when": {"is": {"field": "intent.ambiguous or intent.out_of_scope"}}, "then": {"action": "clarify"}}],
                   "default": {"action": "answer"}}"#;
    assert!(Policy::from_json(json, &schema()).is_err());
    // A valid hand-written JSON policy.
    let json = r#"{"rules": [{"name": "r", "when": {"any": [{"is": {"field": "intent.ambiguous"}}, {"has_entity": {"kind": "card"}}]},
                                "then": {"action": "handoff", "queue": "risk", "priority": 9, "lock": true}}],
                   "default": {"action": "answer"}}"#;
    let p = Policy::from_json(json, &schema()).unwrap();
    assert_eq!(p.source(), "rule r:\n    when intent.ambiguous or has entity(\"card\")\n    then handoff queue \"risk\" priority 9 lock\n\ndefault answer\n");
    let d = p.evaluate(
        &Msg::new("coupon")
            .entity("card", "4111111111111111")
            .facts(),
    );
    assert!(d.locked);
}

// ------------------------------------------------------- built-in and demo

#[test]
fn default_policy_parses_with_an_empty_schema_and_routes_sensibly() {
    let p = Policy::parse(DEFAULT_POLICY, &PolicySchema::default()).unwrap();
    assert_eq!(
        p.evaluate(&Msg::new("coupon").facts()).action,
        Action::Answer
    );
    let mut m = Msg::new("coupon");
    m.intent.ambiguous = true;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Clarify);
    let mut m = Msg::new("coupon");
    m.faq.status = FaqStatus::Clarify;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Clarify);
    let d = p.evaluate(&Msg::out_of_scope().facts());
    assert_eq!(
        (d.action, d.queue.as_deref(), d.rule.as_str()),
        (Action::Handoff, Some("general"), "out_of_scope")
    );
    // Out of scope but the FAQ answers: answer.
    let mut m = Msg::out_of_scope();
    m.faq = Msg::new("coupon").faq;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Answer);
    let mut m = Msg::new("coupon");
    m.sentiment.signals.push("asks_for_human".into());
    assert_eq!(p.evaluate(&m.facts()).rule, "escalated");
}

const SHOP_POLICY: &str = include_str!("../../../examples/shop/policy.kefu");

fn shop_schema() -> PolicySchema {
    PolicySchema {
        intents: INTENTS.iter().map(|s| s.to_string()).collect(),
        faq_ids: vec![],
        entity_kinds: KINDS.iter().map(|s| s.to_string()).collect(),
        attributes: BTreeMap::from([("cart_value".to_string(), AttributeType::Number)]),
    }
}

#[test]
fn shop_demo_policy_routes_as_specified() {
    let p = Policy::parse(SHOP_POLICY, &shop_schema()).unwrap_or_else(|e| panic!("{e}"));
    // 2026-11-20 is a Friday: 02:00Z = 10:00 Shanghai (open), 14:00Z = 22:00 (closed).
    const OPEN: &str = "2026-11-20T02:00:00Z";
    const CLOSED: &str = "2026-11-20T14:00:00Z";

    // A neutral order-status question in business hours: the bot answers.
    let d = p.evaluate(&Msg::new("order_status").now(OPEN).facts());
    assert_eq!((d.action, d.rule.as_str()), (Action::Answer, "default"));

    // VIP → senior queue.
    let d = p.evaluate(&Msg::new("order_status").tier("vip").now(OPEN).facts());
    assert_eq!(
        (d.action, d.queue.as_deref(), d.rule.as_str()),
        (Action::Handoff, Some("senior"), "vip_customer")
    );
    assert!((7..=8).contains(&d.priority));
    assert!(!d.skills.is_empty());
    // A big cart counts as VIP.
    let d = p.evaluate(
        &Msg::new("order_status")
            .attr("cart_value", AttributeValue::Number(1500.0))
            .now(OPEN)
            .facts(),
    );
    assert_eq!(d.queue.as_deref(), Some("senior"));

    // Angry → senior, more urgent than VIP.
    let d = p.evaluate(&Msg::new("return_refund").escalation(2).now(OPEN).facts());
    assert_eq!((d.queue.as_deref(), d.priority), (Some("senior"), 8));

    // change_payment → risk, locked, highest priority; even after hours.
    for now in [OPEN, CLOSED] {
        let d = p.evaluate(&Msg::new("change_payment").now(now).facts());
        assert_eq!(
            (d.action, d.queue.as_deref(), d.priority, d.locked),
            (Action::Handoff, Some("risk"), 9, true)
        );
    }
    // So does sharing an IBAN in any intent.
    let d = p.evaluate(
        &Msg::new("invoice")
            .entity("iban", "DE89370400440532013000")
            .now(OPEN)
            .facts(),
    );
    assert_eq!((d.queue.as_deref(), d.locked), (Some("risk"), true));

    // After hours, a case that needs a human → ticket.
    let d = p.evaluate(&Msg::new("complaint").now(CLOSED).facts());
    assert_eq!(
        (d.action, d.queue.as_deref(), d.rule.as_str()),
        (Action::Ticket, Some("general"), "after_hours_ticket")
    );
    assert_eq!(d.tags, ["after_hours"]);
    assert!(
        d.trace[1].clauses[0].value.ends_with("(Fri) outside"),
        "{:?}",
        d.trace[1]
    );
    let d = p.evaluate(&Msg::new("order_status").tier("vip").now(CLOSED).facts());
    assert_eq!(d.action, Action::Ticket);
    // ... on a holiday too, in the daytime.
    let d = p.evaluate(
        &Msg::new("talk_to_human")
            .now("2026-10-02T02:00:00Z")
            .facts(),
    );
    assert_eq!(d.action, Action::Ticket);
    // After hours, what the bot can answer is still answered.
    let d = p.evaluate(&Msg::new("order_status").now(CLOSED).facts());
    assert_eq!(d.action, Action::Answer);

    // In hours: human requests, complaints, out of scope, ambiguity.
    let d = p.evaluate(&Msg::new("talk_to_human").now(OPEN).facts());
    assert_eq!(
        (d.queue.as_deref(), d.rule.as_str()),
        (Some("general"), "human_requested")
    );
    let mut m = Msg::new("shipping_time").now(OPEN);
    m.sentiment.signals.push("asks_for_human".into());
    assert_eq!(p.evaluate(&m.facts()).rule, "human_requested");
    let d = p.evaluate(&Msg::new("complaint").now(OPEN).facts());
    assert_eq!(
        (d.queue.as_deref(), d.rule.as_str()),
        (Some("care"), "complaint")
    );
    let d = p.evaluate(&Msg::out_of_scope().now(OPEN).facts());
    assert_eq!(
        (d.action, d.queue.as_deref()),
        (Action::Handoff, Some("general"))
    );
    // An ambiguous intent asks back unless the FAQ has a clear answer.
    let mut m = Msg::new("coupon").now(OPEN);
    m.intent.ambiguous = true;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Answer);
    m.faq.status = FaqStatus::NoAnswer;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Clarify);
    // Close FAQ hits ask back only when the intent is unsure too.
    let mut m = Msg::new("shipping_time").now(OPEN);
    m.faq.status = FaqStatus::Clarify;
    m.intent.confidence = 0.9;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Answer);
    m.intent.confidence = 0.3;
    assert_eq!(p.evaluate(&m.facts()).action, Action::Clarify);

    // Without `now`, business hours are unknown: humans are reached live.
    let d = p.evaluate(&Msg::new("complaint").facts());
    assert_eq!(
        (d.action, d.queue.as_deref()),
        (Action::Handoff, Some("care"))
    );

    // The demo survives JSON and text round trips.
    let back = Policy::from_json(&p.to_json(), &shop_schema()).unwrap();
    assert_eq!(back.to_text(), p.to_text());
}

#[test]
fn doc_example_matches() {
    let schema = PolicySchema {
        intents: vec!["refund".into()],
        ..Default::default()
    };
    let policy = Policy::parse(
        "rule angry:\n    when sentiment.escalation >= 2\n    then handoff queue \"care\" priority 8\n\ndefault answer\n",
        &schema,
    )
    .unwrap();
    assert_eq!(policy.rule_names().collect::<Vec<_>>(), ["angry"]);
    assert_eq!(policy.to_text(), policy.source());
    let err = Policy::parse(
        "rule r: when intent == \"refnd\" then clarify\ndefault answer",
        &schema,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "policy:1:24: unknown intent `refnd` (did you mean `refund`?)"
    );
    // The example in the module docs parses.
    let module_example = r#"
calendar support {
    time_zone "Asia/Shanghai"
    local site
    hours mon-fri 09:00-18:00
    hours sat,sun 10:00-12:00, 13:00-16:00
    holiday 2026-01-01
    holiday 2026-10-01 to 2026-10-07
}
rule payment_change_risk:
    when intent == "change_payment" or (has entity("card") and intent == "payment_failed")
    then handoff queue "risk" priority 9 skills ["risk", "payments"] lock tags ["high_risk"]
rule after_hours:
    when (intent.out_of_scope or sentiment.escalation >= 2) and not within business_hours("support")
    then ticket queue "general" tags ["after_hours"]
rule clarify_ambiguous:
    when intent.ambiguous or faq.status == "clarify"
    then clarify
default answer
"#;
    policy_ok(module_example);
}

fn policy_ok(src: &str) {
    policy(src);
}

#[test]
fn policy_is_send_sync_and_evaluation_is_fast_enough() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Policy>();

    let p = Policy::parse(SHOP_POLICY, &shop_schema()).unwrap();
    let m = Msg::new("order_status").now("2026-11-20T02:00:00Z");
    let start = std::time::Instant::now();
    let n = 2_000;
    for _ in 0..n {
        assert_eq!(p.evaluate(&m.facts()).action, Action::Answer);
    }
    // Debug build, shared machine: a very loose bound (the bar is tens of
    // thousands per second in release).
    assert!(start.elapsed().as_secs_f64() < 10.0);
}

#[test]
fn to_text_wraps_long_conditions_one_operand_per_line() {
    let p = Policy::parse(SHOP_POLICY, &shop_schema()).unwrap();
    let text = p.to_text();
    assert!(text.contains(
        "rule payment_details_risk:\n    when intent == \"change_payment\" or has entity(\"card\") or has entity(\"iban\")\n"
    ));
    assert!(text.contains(
        "rule after_hours_ticket:\n    when not within business_hours(\"support\")\n        and (sentiment.escalation >= 2 or "
    ));
    // Wrapped text parses back to the same policy.
    assert_eq!(
        Policy::parse(&text, &shop_schema()).unwrap().to_json(),
        p.to_json()
    );
}

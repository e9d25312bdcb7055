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
                secondary: None,
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
queue general
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
    let c = &d.trace.to_vec()[0].clauses[0];
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
queue senior
queue care
queue never
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
    assert_eq!(d.trace.to_vec()[0].rule, "vip");
    assert!(!d.trace.to_vec()[0].matched);
    assert_eq!(
        clauses(&d.trace.to_vec()[0]),
        [("customer.tier == \"vip\"", "gold", false)]
    );
    assert_eq!(d.trace.to_vec()[1].rule, "angry");
    assert!(d.trace.to_vec()[1].matched);
    assert_eq!(
        clauses(&d.trace.to_vec()[1]),
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
    let steps = d.trace.to_vec();
    let rules: Vec<_> = steps.iter().map(|s| (s.rule.as_str(), s.matched)).collect();
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
        clauses(&d.trace.to_vec()[0]),
        [("customer.tier == \"vip\"", "missing", false)]
    );
    assert!(d.trace.to_vec()[3].clauses.is_empty());
}

#[test]
fn routed_actions_default_to_priority_five() {
    let p = policy(
        "queue q\nqueue h\nrule r: when intent.ambiguous then ticket queue \"q\"\ndefault handoff queue \"h\"",
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
        r#"queue risk
rule payment_change_risk:
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
        clauses(&d.trace.to_vec()[0]),
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
        clauses(&d.trace.to_vec()[0]),
        [("intent == \"change_payment\"", "change_payment", true)]
    );

    // A false `and` operand decides alone, and is listed.
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!(d.rule, "default");
    assert_eq!(
        clauses(&d.trace.to_vec()[0]),
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
    assert!(!d.trace.to_vec()[0].matched);
    assert_eq!(
        clauses(&d.trace.to_vec()[0]),
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
        d.trace.to_vec()[0].clauses[0].value,
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
    let c = &d.trace.to_vec()[0].clauses;
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
        (
            true,
            "2026-11-20T10:00:00+08:00 (Fri, hours 09:00-18:00) within".to_string()
        )
    );
    let m = Msg::new("coupon");
    // 12:00Z = 20:00 in Shanghai.
    assert_eq!(
        hours_value(&p, &m.now("2026-11-20T12:00:00Z")),
        (
            false,
            "2026-11-20T20:00:00+08:00 (Fri, hours 09:00-18:00) outside".to_string()
        )
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
        (
            false,
            "2026-11-22T10:30:00+08:00 (Sun, closed all day) outside".into()
        )
    );
    // Late Thursday UTC is already Friday in Shanghai.
    assert_eq!(
        at("2026-11-19T23:30:00Z").1,
        "2026-11-20T07:30:00+08:00 (Fri, hours 09:00-18:00) outside"
    );
}

#[test]
fn business_hours_holidays_use_the_local_date() {
    let p = policy(HOURS);
    let at = |ts: &str| hours_value(&p, &Msg::new("coupon").now(ts));
    // Fri 2026-12-25 10:00 Shanghai: a holiday.
    assert_eq!(
        at("2026-12-25T02:00:00Z"),
        (
            false,
            "2026-12-25T10:00:00+08:00 (Fri, hours 09:00-18:00) holiday".into()
        )
    );
    // Thu 2026-12-24 17:00Z is already the 25th in Shanghai (01:00): holiday.
    assert_eq!(
        at("2026-12-24T17:00:00Z").1,
        "2026-12-25T01:00:00+08:00 (Fri, hours 09:00-18:00) holiday"
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
        d.trace.to_vec()[0].clauses[0].value,
        "2026-10-05T10:00:00+08:00 (Mon, hours 09:00-18:00) holiday"
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
            "2026-11-20T09:00:00-05:00 (Fri, customer zone America/New_York, hours 09:00-18:00) within".to_string()
        )
    );
    assert_eq!(p.evaluate(&m.facts()).tags, ["customer_open"]);

    // In summer New York is UTC-4: 2026-07-10T13:00Z is Fri 09:00 EDT.
    let m = Msg::new("coupon")
        .now("2026-07-10T13:00:00Z")
        .customer_zone("America/New_York");
    assert_eq!(
        customer_step(&m).1,
        "2026-07-10T09:00:00-04:00 (Fri, customer zone America/New_York, hours 09:00-18:00) within"
    );

    // An invalid customer zone falls back to the site zone, and says so.
    let m = Msg::new("coupon")
        .now("2026-11-20T14:00:00Z")
        .customer_zone("Mars/Olympus");
    assert_eq!(
        customer_step(&m),
        (
            false,
            "2026-11-20T22:00:00+08:00 (Fri, customer zone `Mars/Olympus` invalid, used site zone, hours 09:00-18:00) outside".to_string()
        )
    );
    // No customer zone: the site zone.
    let m = Msg::new("coupon").now("2026-11-20T02:00:00Z");
    assert_eq!(
        customer_step(&m).1,
        "2026-11-20T10:00:00+08:00 (Fri, customer zone missing, used site zone, hours 09:00-18:00) within"
    );
}

#[test]
fn business_hours_without_now_are_unknown() {
    let p = policy(
        r#"queue general
calendar support { time_zone "Asia/Shanghai" hours mon-sun 00:00-24:00 }
rule closed: when not within business_hours("support") then ticket queue "general"
rule open: when within business_hours("support") then answer
default clarify"#,
    );
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!(d.rule, "default");
    assert_eq!(d.action, Action::Clarify);
    assert_eq!(
        clauses(&d.trace.to_vec()[0]),
        [("within business_hours(\"support\")", "missing", false)]
    );
    assert_eq!(
        clauses(&d.trace.to_vec()[1]),
        [("within business_hours(\"support\")", "missing", false)]
    );
    // 24:00 closes the day: always open.
    let d = p.evaluate(&Msg::new("coupon").now("2026-11-22T15:59:59Z").facts());
    assert_eq!(d.rule, "open");
}

// ------------------------------------------------------- JSON and printing

#[test]
fn json_round_trips_and_keeps_rule_names() {
    let src = format!("{HOURS}\nqueue q\nrule extra:\n  when (intent in [\"coupon\"] or text matches /a\\/b/i) and not has entity(\"card\") and attr.cart_value > -1.5\n  then handoff queue \"q\" priority 2 skills [\"s\"] lock tags [\"t\"]\ndefault answer");
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
    let json = r#"{"queues": [{"name": "risk"}],
                   "rules": [{"name": "r", "when": {"any": [{"is": {"field": "intent.ambiguous"}}, {"has_entity": {"kind": "card"}}]},
                                "then": {"action": "handoff", "queue": "risk", "priority": 9, "lock": true}}],
                   "default": {"action": "answer"}}"#;
    let p = Policy::from_json(json, &schema()).unwrap();
    assert_eq!(p.source(), "queue risk\n\nrule r:\n    when intent.ambiguous or has entity(\"card\")\n    then handoff queue \"risk\" priority 9 lock\n\ndefault answer\n");
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
        d.trace.to_vec()[1].clauses[0]
            .value
            .ends_with("(Fri, hours 09:00-21:00) outside"),
        "{:?}",
        d.trace.to_vec()[1]
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
        "queue care\n\nrule angry:\n    when sentiment.escalation >= 2\n    then handoff queue \"care\" priority 8\n\ndefault answer\n",
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
queue risk { skills ["risk", "payments"] }
queue general
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

// ------------------------------------------------------- queues and skills

const QUEUES: &str = "queue risk { skills [\"risk\", \"payments\"] }\nqueue general\n";

#[test]
fn actions_carry_required_and_preferred_skills_and_a_script() {
    let p = policy(&format!(
        "{QUEUES}rule r:\n    when has entity(\"card\")\n    then handoff queue \"risk\" priority 9 skills [\"risk\"] prefer [\"payments\"] script \"verify_identity_first\" lock tags [\"pci\"]\n\
         rule t: when intent.out_of_scope then ticket queue \"general\" script \"Sorry for the wait, {{name}}.\\nI'm on it.\"\n\
         default answer"
    ));
    let d = p.evaluate(&Msg::new("coupon").entity("card", "4111").facts());
    assert_eq!(d.skills, ["risk"]);
    assert_eq!(d.preferred_skills, ["payments"]);
    assert_eq!(d.script.as_deref(), Some("verify_identity_first"));
    assert!(d.locked);
    let d = p.evaluate(&Msg::out_of_scope().facts());
    assert_eq!(d.action, Action::Ticket);
    assert_eq!(
        d.script.as_deref(),
        Some("Sorry for the wait, {name}.\nI'm on it.")
    );
    assert!(d.preferred_skills.is_empty());
    // Answers carry neither.
    let d = p.evaluate(&Msg::new("coupon").facts());
    assert_eq!((d.script, d.preferred_skills.len()), (None, 0));

    // Text and JSON keep them.
    let json: serde_json::Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(json["queues"][0]["name"], "risk");
    assert_eq!(json["queues"][0]["skills"][1], "payments");
    assert!(json["queues"][1].get("skills").is_none());
    assert_eq!(json["rules"][0]["then"]["prefer"][0], "payments");
    assert_eq!(json["rules"][0]["then"]["script"], "verify_identity_first");
    assert!(p.to_text().starts_with(
        "queue risk { skills [\"risk\", \"payments\"] }\nqueue general\n\nrule r:\n    when has entity(\"card\")\n    then handoff queue \"risk\" priority 9 skills [\"risk\"] prefer [\"payments\"] script \"verify_identity_first\" lock tags [\"pci\"]\n"
    ));
    let back = Policy::from_json(&p.to_json(), &schema()).unwrap();
    assert_eq!(back.to_text(), p.to_text());
    assert_eq!(policy(&p.to_text()).to_json(), p.to_json());
    assert!(p.queue_names().eq(["risk", "general"]));

    // The decision serializes the new fields.
    let v = serde_json::to_value(d_of(&p)).unwrap();
    assert_eq!(v["preferred_skills"][0], "payments");
    assert_eq!(v["script"], "verify_identity_first");
}

fn d_of(p: &Policy) -> Decision {
    p.evaluate(&Msg::new("coupon").entity("card", "4111").facts())
}

#[test]
fn queue_declarations_are_checked() {
    // An undeclared queue, with a suggestion or a declaration hint.
    assert_eq!(
        err(&format!(
            "{QUEUES}rule r: when intent.ambiguous then handoff queue \"rsik\"\ndefault answer"
        )),
        "policy:3:50: unknown queue `rsik` (did you mean `risk`?)"
    );
    assert_eq!(
        err("rule r: when intent.ambiguous then handoff queue \"care\"\ndefault answer"),
        "policy:1:50: unknown queue `care` (declare it with `queue care`)"
    );
    assert_eq!(
        err("default ticket queue \"tier-2\""),
        "policy:1:22: unknown queue `tier-2` (queues are declared with `queue NAME`, NAME a plain name such as `tier_2`)"
    );
    // The default action is checked too.
    assert_eq!(
        err(&format!("{QUEUES}default handoff queue \"genral\"")),
        "policy:3:23: unknown queue `genral` (did you mean `general`?)"
    );
    // Duplicates.
    assert_eq!(
        err("queue a\nqueue b\nqueue a { skills [] }\ndefault answer"),
        "policy:3:7: duplicate queue `a` (first declared at 1:7)"
    );
    // Skills the queue's agents do not have.
    assert_eq!(
        err(&format!("{QUEUES}default handoff queue \"risk\" skills [\"risk\", \"paymnets\"]")),
        "policy:3:46: queue `risk` has no agents with skill `paymnets` (its skills: risk, payments) (did you mean `payments`?)"
    );
    assert_eq!(
        err(&format!("{QUEUES}default handoff queue \"risk\" prefer [\"mandarin\"]")),
        "policy:3:38: queue `risk` has no agents with skill `mandarin` (its skills: risk, payments)"
    );
    assert_eq!(
        err("queue q { skills [] }\ndefault ticket queue \"q\" skills [\"x\"]"),
        "policy:2:34: queue `q` has no agents with skill `x` (it declares no skills)"
    );
    // A queue without a skills list does not restrict skills.
    policy(&format!(
        "{QUEUES}default handoff queue \"general\" skills [\"anything\"] prefer [\"else\"]"
    ));
    assert_eq!(
        err(&format!(
            "{QUEUES}default handoff queue \"risk\" skills [\"risk\"] prefer [\"risk\"]"
        )),
        "policy:3:54: skill `risk` is both required (`skills`) and preferred (`prefer`); keep one"
    );
    // Syntax of declarations.
    assert_eq!(
        err("queue a { skils [] }\ndefault answer"),
        "policy:1:11: unknown queue statement `skils` (did you mean `skills`?)"
    );
    assert_eq!(
        err("queue rule\ndefault answer"),
        "policy:1:7: `rule` is a reserved word and cannot be a queue name"
    );
    assert_eq!(
        err("queue \"a b\"\ndefault answer"),
        "policy:1:7: expected a queue name, found string \"a b\""
    );
    assert_eq!(
        err("queue a { skills [\"x\"]\ndefault answer"),
        "policy:2:1: unknown queue statement `default`"
    );
    assert_eq!(
        err("queue a { skills [\"x\"] skills [] }\ndefault answer"),
        "policy:1:24: `skills` is given twice"
    );
    // A declaration right after an action is not mistaken for its option.
    let p = policy("queue a\nrule r: when intent.ambiguous then ticket queue \"a\"\nqueue b\ndefault handoff queue \"b\"");
    assert!(p.queue_names().eq(["a", "b"]));
}

#[test]
fn script_and_prefer_errors() {
    assert_eq!(
        err("default answer script \"x\""),
        "policy:1:16: `script` is not allowed here: `answer` takes only `tags`"
    );
    assert_eq!(
        err("default clarify prefer [\"x\"]"),
        "policy:1:17: `prefer` is not allowed here: `clarify` takes only `tags`"
    );
    assert_eq!(
        err("queue q\ndefault handoff queue \"q\" script \"  \""),
        "policy:2:34: the script is empty"
    );
    assert_eq!(
        err("queue q\ndefault handoff queue \"q\" script opener"),
        "policy:2:34: expected a script id or text, e.g. \"soothing_opener\", found `opener`"
    );
    assert_eq!(
        err("queue q\ndefault handoff queue \"q\" script \"a\" script \"b\""),
        "policy:2:38: `script` is given twice"
    );
    assert_eq!(
        err("queue q\ndefault handoff queue \"q\" prefr [\"a\"]"),
        "policy:2:27: unknown option `prefr` for `handoff` (did you mean `prefer`?)"
    );
}

// ------------------------------------------------------ unreachable rules

#[test]
fn a_rule_after_a_broader_one_is_unreachable() {
    assert_eq!(
        err("rule any_angry: when sentiment.escalation >= 2 then clarify\n\
             rule very_angry: when sentiment.escalation >= 3 and customer.tier == \"vip\" then answer\n\
             default answer"),
        "policy:2:6: rule `very_angry` can never fire: rule `any_angry` (line 1) comes first and fires whenever it would (move `very_angry` above it, or remove it)"
    );
    // Closed sets, lists, presence and negation are understood.
    for (first, second) in [
        ("intent.confidence < 0.5", "intent.confidence < 0.4"),
        (
            "sentiment.label in [\"neutral\", \"positive\"]",
            "sentiment.label != \"negative\"",
        ),
        (
            "faq.status != \"answer\"",
            "faq.status == \"clarify\" and intent.ambiguous",
        ),
        (
            "\"asks_for_human\" in sentiment.signals",
            "\"long_wait\" in sentiment.signals and \"asks_for_human\" in sentiment.signals",
        ),
        ("has customer.tier", "customer.tier == \"gold\""),
        ("not customer.tier == \"vip\"", "customer.tier == \"gold\""),
        (
            "customer.tier != \"vip\"",
            "not customer.tier in [\"vip\", \"gold\"]",
        ),
        (
            "not has customer.tier",
            "not has customer.tier and not has channel",
        ),
        (
            "has entity(\"card\")",
            "has entity(\"card\") and text matches /visa/i",
        ),
        (
            "not within business_hours(\"c\")",
            "intent == \"complaint\" and not within business_hours(\"c\")",
        ),
        (
            "attr.is_guest",
            "attr.is_guest == true and attr.cart_value > 10",
        ),
        (
            "intent in [\"coupon\", \"invoice\"]",
            "intent == \"coupon\" or (intent == \"invoice\" and sentiment.escalation > 1)",
        ),
        ("entities.count in [1, 2, 3]", "entities.count == 2"),
    ] {
        let src = format!(
            "calendar c {{ time_zone \"UTC\" hours mon 09:00-10:00 }}\nrule a: when {first} then clarify\nrule b: when {second} then answer\ndefault answer"
        );
        let e = err(&src);
        assert!(
            e.starts_with("policy:3:6: rule `b` can never fire: rule `a` (line 2) comes first"),
            "{first} / {second}: {e}"
        );
    }
}

#[test]
fn a_rule_with_the_same_condition_is_unreachable() {
    assert_eq!(
        err("rule a:\n    when intent == \"coupon\" or intent.ambiguous\n    then clarify\nrule b: when intent == \"coupon\" or intent.ambiguous then answer\ndefault answer"),
        "policy:4:6: rule `b` can never fire: it has the same condition as rule `a` (line 1), which comes first (remove one, or merge their actions)"
    );
}

#[test]
fn a_rule_covered_by_several_earlier_rules_is_unreachable() {
    assert_eq!(
        err("rule a: when customer.tier == \"vip\" then clarify\n\
             rule b: when sentiment.escalation >= 2 then clarify\n\
             rule c: when customer.tier == \"vip\" or sentiment.escalation == 3 then answer\n\
             default answer"),
        "policy:3:6: rule `c` can never fire: rules `a` (line 1) and `b` (line 2) come first and together fire whenever it would (move `c` above them, or remove it)"
    );
}

#[test]
fn contradictions_are_reported_at_the_clause() {
    assert_eq!(
        err("rule r:\n    when customer.tier == \"a\" and customer.tier == \"b\"\n    then clarify\ndefault answer"),
        "policy:2:35: rule `r` can never fire: `customer.tier == \"a\"` and `customer.tier == \"b\"` cannot both be true"
    );
    assert_eq!(
        err("rule r: when sentiment.escalation > 2 and intent.ambiguous and sentiment.escalation < 1 then clarify\ndefault answer"),
        "policy:1:64: rule `r` can never fire: `sentiment.escalation > 2` and `sentiment.escalation < 1` cannot both be true"
    );
    assert_eq!(
        err("rule r: when has customer.tier and not has customer.tier then clarify\ndefault answer"),
        "policy:1:44: rule `r` can never fire: `has customer.tier` and `not has customer.tier` cannot both be true"
    );
    assert_eq!(
        err("rule r: when customer.tier == \"vip\" and not has customer.tier then clarify\ndefault answer"),
        "policy:1:49: rule `r` can never fire: `customer.tier == \"vip\"` and `not has customer.tier` cannot both be true"
    );
    assert_eq!(
        err("calendar c { time_zone \"UTC\" }\nrule r: when within business_hours(\"c\") and not (within business_hours(\"c\") or intent.ambiguous) then clarify\ndefault answer"),
        "policy:2:72: rule `r` can never fire: `within business_hours(\"c\")` and `not within business_hours(\"c\")` cannot both be true"
    );
    assert_eq!(
        err("rule r: when \"x\" in sentiment.signals and not \"x\" in sentiment.signals then clarify\ndefault answer"),
        "policy:1:47: rule `r` can never fire: `\"x\" in sentiment.signals` and `not \"x\" in sentiment.signals` cannot both be true"
    );
    assert_eq!(
        err("rule r: when channel in [] then clarify\ndefault answer"),
        "policy:1:14: rule `r` can never fire: `channel in []` is never true"
    );
    assert_eq!(
        err("rule r: when not has text then clarify\ndefault answer"),
        "policy:1:22: rule `r` can never fire: `not has text` is never true"
    );
    assert_eq!(
        err("rule r: when sentiment.label == \"negative\" and sentiment.label != \"negative\" then clarify\ndefault answer"),
        "policy:1:48: rule `r` can never fire: `sentiment.label == \"negative\"` and `sentiment.label != \"negative\"` cannot both be true"
    );
    assert_eq!(
        err("rule r: when attr.cart_value >= 10 and attr.cart_value <= 20 and attr.cart_value in [5, 25] then clarify\ndefault answer"),
        "policy:1:66: rule `r` can never fire: `attr.cart_value >= 10`, `attr.cart_value <= 20` and `attr.cart_value in [5, 25]` cannot all be true"
    );
    // Every branch of an `or` contradicts itself.
    assert_eq!(
        err("rule r: when intent.ambiguous and (channel == \"a\" or channel == \"b\") and channel == \"c\" then clarify\ndefault answer"),
        "policy:1:74: rule `r` can never fire: `channel == \"a\"` and `channel == \"c\"` cannot both be true (nor can any other way its condition could hold)"
    );
}

#[test]
fn an_always_true_rule_hides_the_default() {
    assert_eq!(
        err("rule r: when faq.status in [\"answer\", \"clarify\", \"no_answer\"] then clarify\ndefault answer"),
        "policy:1:6: rule `r` always fires (its condition is always true), so no later rule and not `default` can ever be used; make its action the `default`"
    );
    assert!(err("rule x: when intent.ambiguous then answer\nrule r: when has text or intent.ambiguous then clarify\ndefault answer")
        .starts_with("policy:2:6: rule `r` always fires"));
    assert!(
        err("rule r: when has intent.confidence and not has entity(\"card\") or has text then clarify\ndefault answer")
            .starts_with("policy:1:6: rule `r` always fires")
    );
}

#[test]
fn reachable_rules_are_not_reported() {
    for (first, second) in [
        // Narrower first, broader later: fine.
        ("sentiment.escalation >= 3", "sentiment.escalation >= 2"),
        ("customer.tier == \"vip\"", "customer.tier != \"gold\""),
        // Missing values: `x != "vip"` is unknown when x is missing, so
        // `not has x` can still fire after it.
        ("customer.tier != \"vip\"", "not has customer.tier"),
        ("not customer.tier == \"vip\"", "not has customer.tier"),
        // NaN: `not (x >= 1000)` holds for NaN, `x < 1000` does not.
        ("attr.cart_value < 1000", "not attr.cart_value >= 1000"),
        (
            "within business_hours(\"c\")",
            "not within business_hours(\"c\")",
        ),
        ("has entity(\"card\")", "not has entity(\"card\")"),
        // Regexes are opaque: different patterns are unrelated.
        ("text matches /a/", "text matches /a/i"),
        // Coverage that needs both earlier branches at once is not claimed
        // (sound but conservative).
        (
            "customer.tier == \"vip\" or customer.tier != \"vip\"",
            "has customer.tier",
        ),
        (
            "intent.ambiguous and faq.status == \"clarify\"",
            "intent.ambiguous",
        ),
    ] {
        policy(&format!(
            "calendar c {{ time_zone \"UTC\" hours mon 09:00-10:00 }}\nrule a: when {first} then clarify\nrule b: when {second} then answer\ndefault answer"
        ));
    }
    // The shop policy, the built-in one and the module example pass.
    Policy::parse(SHOP_POLICY, &shop_schema()).unwrap();
    Policy::parse(DEFAULT_POLICY, &PolicySchema::default()).unwrap();
}

/// A tiny deterministic generator for the soundness test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const SOUNDNESS_CLAUSES: &[&str] = &[
    "customer.tier == \"gold\"",
    "customer.tier != \"vip\"",
    "customer.tier in [\"gold\", \"vip\"]",
    "customer.tier not in [\"vip\"]",
    "has customer.tier",
    "sentiment.escalation >= 2",
    "sentiment.escalation < 2",
    "sentiment.escalation == 1",
    "sentiment.escalation != 3",
    "sentiment.escalation in [1, 3]",
    "sentiment.escalation > 0",
    "intent.confidence < 0.4",
    "intent.confidence >= 0.4",
    "intent.confidence >= 0.8",
    "sentiment.label == \"negative\"",
    "sentiment.label != \"positive\"",
    "sentiment.label in [\"neutral\", \"positive\"]",
    "\"asks_for_human\" in sentiment.signals",
    "\"long_wait\" in sentiment.signals",
    "has entity(\"card\")",
    "within business_hours(\"c\")",
    "attr.cart_value >= 1000",
    "attr.cart_value < 1000",
    "attr.cart_value == 500",
    "has attr.cart_value",
];

fn random_cond(rng: &mut Rng, depth: u32) -> String {
    let leaf = |rng: &mut Rng| rng.pick(SOUNDNESS_CLAUSES).to_string();
    if depth == 0 {
        return leaf(rng);
    }
    match rng.next() % 6 {
        0 | 1 => leaf(rng),
        2 => format!("not ({})", random_cond(rng, depth - 1)),
        3 => format!(
            "({}) or ({})",
            random_cond(rng, depth - 1),
            random_cond(rng, depth - 1)
        ),
        _ => format!(
            "({}) and ({})",
            random_cond(rng, depth - 1),
            random_cond(rng, depth - 1)
        ),
    }
}

/// Every combination of values of the fields the soundness clauses read,
/// with missing values, NaN and ill-typed attributes.
fn soundness_grid() -> Vec<Msg> {
    let tiers = [None, Some("gold"), Some("vip"), Some("bronze")];
    let escalations = [0u8, 1, 2, 3];
    let confidences = [0.2f32, 0.4, 0.9, f32::NAN];
    let labels = [
        SentimentLabel::Negative,
        SentimentLabel::Neutral,
        SentimentLabel::Positive,
    ];
    let signals: [&[&str]; 3] = [&[], &["asks_for_human"], &["long_wait", "asks_for_human"]];
    let nows = [
        None,
        Some("2026-11-16T09:30:00Z"),
        Some("2026-11-16T11:00:00Z"),
    ];
    let carts = [
        None,
        Some(AttributeValue::Number(500.0)),
        Some(AttributeValue::Number(1000.0)),
        Some(AttributeValue::Number(f64::NAN)),
        Some(AttributeValue::String("lots".into())),
    ];
    let mut out = Vec::new();
    for tier in tiers {
        for &esc in &escalations {
            for &conf in &confidences {
                for &label in &labels {
                    for sig in signals {
                        for card in [false, true] {
                            for now in nows {
                                for cart in &carts {
                                    let mut m = Msg::new("coupon");
                                    m.context.customer.tier = tier.map(String::from);
                                    m.sentiment.escalation = esc;
                                    m.intent.confidence = conf;
                                    m.sentiment.label = label;
                                    m.sentiment.signals =
                                        sig.iter().map(|s| s.to_string()).collect();
                                    if card {
                                        m = m.entity("card", "4111");
                                    }
                                    m.context.now = now.map(|n| n.parse().unwrap());
                                    if let Some(c) = cart {
                                        m.context.attributes.insert("cart_value".into(), c.clone());
                                    }
                                    out.push(m);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Whatever the analysis reports as unreachable really is: no facts of the
/// grid make the rule fire (checked by evaluating the two conditions in
/// policies the analysis cannot object to).
#[test]
fn unreachability_reports_are_sound() {
    let cal = "calendar c { time_zone \"UTC\" hours mon 09:00-10:00 }\n";
    // Wrapped so that the analysis accepts them alone; on the grid (no
    // email or phone entities) they are equivalent to `cond`.
    let alone = |name: &str, cond: &str| {
        policy(&format!(
            "{cal}rule {name}: when (({cond}) and not has entity(\"email\")) or has entity(\"phone\") then clarify\ndefault answer"
        ))
    };
    let grid = soundness_grid();
    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    let (mut reported, mut checked) = (0, 0);
    for _ in 0..600 {
        let a = random_cond(&mut rng, 2);
        let b = random_cond(&mut rng, 2);
        let src = format!(
            "{cal}rule a: when {a} then clarify\nrule b: when {b} then answer\ndefault answer"
        );
        checked += 1;
        let Err(e) = Policy::parse(&src, &schema()) else {
            continue;
        };
        let e = e.to_string();
        let (pa, pb) = (alone("a", &a), alone("b", &b));
        let fires = |p: &Policy, m: &Msg, rule: &str| p.evaluate(&m.facts()).rule == rule;
        if e.contains("rule `a` can never fire") {
            reported += 1;
            assert!(
                !grid.iter().any(|m| fires(&pa, m, "a")),
                "false contradiction: {a}\n{e}"
            );
        } else if e.contains("rule `b` can never fire") {
            reported += 1;
            assert!(
                !grid
                    .iter()
                    .any(|m| fires(&pb, m, "b") && !fires(&pa, m, "a")),
                "rule b is reachable: {a} / {b}\n{e}"
            );
        } else if e.contains("rule `a` always fires") {
            reported += 1;
            assert!(grid.iter().all(|m| fires(&pa, m, "a")), "{a}\n{e}");
        } else if e.contains("rule `b` always fires") {
            reported += 1;
            assert!(grid.iter().all(|m| fires(&pb, m, "b")), "{b}\n{e}");
        } else {
            panic!("unexpected error for {a} / {b}: {e}");
        }
    }
    // The generator produces a fair share of dead rules.
    assert!(
        reported > 20 && reported < checked,
        "{reported} of {checked}"
    );
}

#[test]
fn unreachability_analysis_is_bounded_on_huge_conditions() {
    // 2^20 DNF conjunctions: not expanded, so not analyzed (and fast).
    let big: Vec<String> = (0..20)
        .map(|i| format!("(conversation.turns == {i} or customer.tier == \"t{i}\")"))
        .collect();
    let src = format!(
        "rule a: when {} then clarify\nrule b: when {} then answer\ndefault answer",
        big.join(" and "),
        big.join(" and ").replace("t0", "x0")
    );
    let start = std::time::Instant::now();
    policy(&src);
    assert!(start.elapsed().as_secs_f64() < 5.0);
}

// ------------------------------------------------------------- explanation

#[test]
fn why_not_names_the_failed_clauses() {
    let p = policy(&format!(
        "{QUEUES}rule risk:\n    when intent == \"change_payment\" or has entity(\"card\")\n    then handoff queue \"risk\" lock\n\
         rule vip:\n    when customer.tier == \"vip\" and (sentiment.escalation >= 2 or attr.cart_value >= 1000)\n    then handoff queue \"general\" priority 7\n\
         rule calm: when not sentiment.escalation >= 1 then answer\n\
         default clarify"
    ));
    let m = Msg::new("coupon").tier("gold").escalation(1);
    let w = p.why_not("vip", &m.facts()).unwrap();
    assert!(!w.fired && !w.matched);
    assert_eq!(w.preempted_by, None);
    let failed: Vec<(&str, &str, Truth)> = w
        .failed
        .iter()
        .map(|c| (c.clause.as_str(), c.value.as_str(), c.truth))
        .collect();
    // `customer.tier == "vip"` is false, and both operands of the `or`
    // fail: one false, one unknown. The thresholds are in the clause text.
    assert_eq!(
        failed,
        [
            ("customer.tier == \"vip\"", "gold", Truth::False),
            ("sentiment.escalation >= 2", "1", Truth::False),
            ("attr.cart_value >= 1000", "missing", Truth::Unknown),
        ]
    );
    assert_eq!(w.clauses.len(), 3, "every clause, without short-circuit");
    assert_eq!(
        w.explanation,
        "rule `vip` did not fire: `customer.tier == \"vip\"` is false (value: gold); `sentiment.escalation >= 2` is false (value: 1); `attr.cart_value >= 1000` is unknown (value: missing)"
    );

    // A true clause of an `and` is not blamed.
    let m = Msg::new("coupon").tier("vip").escalation(1);
    let w = p.why_not("vip", &m.facts()).unwrap();
    assert_eq!(w.failed.len(), 2);
    assert!(w.clauses.iter().any(|c| c.truth == Truth::True));

    // Under `not`: what keeps the operand from being false.
    let w = p
        .why_not("calm", &Msg::new("coupon").escalation(2).facts())
        .unwrap();
    assert_eq!(
        (w.failed[0].clause.as_str(), w.failed[0].truth),
        ("sentiment.escalation >= 1", Truth::True)
    );

    // Matches, but an earlier rule fired first.
    let m = Msg::new("change_payment").tier("vip").escalation(3);
    let w = p.why_not("vip", &m.facts()).unwrap();
    assert!(w.matched && !w.fired);
    assert_eq!(w.preempted_by.as_deref(), Some("risk"));
    assert!(w.failed.is_empty());
    assert_eq!(
        w.explanation,
        "rule `vip` matches, but rule `risk` comes first and fired"
    );
    // Neither.
    let w = p.why_not("calm", &m.facts()).unwrap();
    assert_eq!(
        w.explanation,
        "rule `calm` did not fire: rule `risk` comes first and fired, and `sentiment.escalation >= 1` is true (value: 3)"
    );
    // The rule that fired.
    let w = p.why_not("risk", &m.facts()).unwrap();
    assert!(w.fired && w.matched);
    assert_eq!(w.explanation, "rule `risk` fired: its condition holds");
    // The default.
    let w = p.why_not("default", &m.facts()).unwrap();
    assert_eq!(
        (w.fired, w.explanation.as_str()),
        (false, "`default` was not used: rule `risk` fired")
    );
    let w = p
        .why_not("default", &Msg::new("coupon").escalation(1).facts())
        .unwrap();
    assert_eq!(
        (w.fired, w.explanation.as_str()),
        (true, "`default` decided: no rule fired")
    );
    // An unknown rule name.
    let e = p.why_not("vipp", &m.facts()).unwrap_err();
    assert!(e.is_invalid_input());
    assert_eq!(
        e.to_string(),
        "why_not: unknown rule `vipp` (did you mean `vip`?)"
    );
    assert_eq!(
        p.why_not("zzz", &m.facts()).unwrap_err().to_string(),
        "why_not: unknown rule `zzz`"
    );
    // It serializes for the bindings.
    let v = serde_json::to_value(p.why_not("vip", &Msg::new("coupon").facts()).unwrap()).unwrap();
    assert_eq!(v["failed"][0]["truth"], "unknown");
}

#[test]
fn trace_shows_thresholds_and_opening_hours() {
    let p = policy(
        "calendar c { time_zone \"Europe/Berlin\" hours mon-fri 09:00-12:00, 13:00-17:30 }\n\
         rule r: when within business_hours(\"c\") and intent.confidence >= 0.75 and attr.cart_value > 1250.5 then clarify\n\
         default answer",
    );
    let m = Msg::new("coupon")
        .now("2026-11-20T11:30:00Z")
        .attr("cart_value", AttributeValue::Number(99.0));
    let d = p.evaluate(&m.facts());
    assert_eq!(
        clauses(&d.trace.to_vec()[0]),
        [(
            "within business_hours(\"c\")",
            "2026-11-20T12:30:00+01:00 (Fri, hours 09:00-12:00 13:00-17:30) outside",
            false
        ),]
    );
    let d = p.evaluate(&m.now("2026-11-20T12:30:00Z").facts());
    assert_eq!(
        clauses(&d.trace.to_vec()[0])[1..],
        [
            ("intent.confidence >= 0.75", "0.9", true),
            ("attr.cart_value > 1250.5", "99", false),
        ]
    );
}

// ------------------------------------------------------------ the clock

#[test]
fn the_clock_is_injected_never_read() {
    let p = policy(HOURS);
    // Without `now`, business hours are unknown.
    let m = Msg::new("coupon");
    let d = p.evaluate(&m.facts());
    assert_eq!(d.trace.to_vec()[0].clauses[0].value, "missing");
    // `evaluate_at` injects the instant.
    let open: jiff::Timestamp = "2026-11-20T02:00:00Z".parse().unwrap();
    let d = p.evaluate_at(&m.facts(), open);
    assert_eq!(
        (d.rule.as_str(), d.tags.as_slice()),
        ("open", &["open".to_string()][..])
    );
    // ... and overrides `context.now`.
    let m = Msg::new("coupon").now("2026-11-20T14:00:00Z");
    assert_eq!(p.evaluate(&m.facts()).rule, "default");
    assert_eq!(p.evaluate_at(&m.facts(), open).rule, "open");
    assert!(p.why_not_at("open", &m.facts(), Some(open)).unwrap().fired);
    assert!(!p.why_not("open", &m.facts()).unwrap().fired);
    // Same facts, same instant: same decision, whenever it runs.
    assert_eq!(
        p.evaluate_at(&m.facts(), open),
        p.evaluate_at(&m.facts(), open)
    );

    // No source file of the policy module reads a clock.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/policy");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for clock in [
            "Timestamp::now",
            "Zoned::now",
            "SystemTime",
            "Instant::now",
            "civil::Date::today",
        ] {
            assert!(
                !text.contains(clock),
                "{} reads a clock ({clock})",
                path.display()
            );
        }
    }
}

// ------------------------------------------------------- daylight saving

const DST: &str = r#"
calendar new_york {
    time_zone "America/New_York"
    hours mon-sun 09:00-17:00
}
calendar berlin {
    time_zone "Europe/Berlin"
    hours mon-sun 09:00-17:00
}
calendar night_shift {
    time_zone "America/New_York"
    hours sun 01:00-02:00, 02:00-03:00
}
calendar berlin_for_customer {
    time_zone "Europe/Berlin"
    local customer
    hours mon-sun 09:00-17:00
}
rule ny: when within business_hours("new_york") then answer tags ["ny"]
rule berlin: when within business_hours("berlin") then answer tags ["berlin"]
rule night: when within business_hours("night_shift") then answer tags ["night"]
rule customer: when within business_hours("berlin_for_customer") then answer tags ["customer"]
default clarify
"#;

/// The trace value of rule `rule`'s business-hours clause at `ts`.
fn hours_at(p: &Policy, rule: &str, ts: &str, customer_zone: Option<&str>) -> (bool, String) {
    let mut m = Msg::new("coupon");
    if let Some(z) = customer_zone {
        m = m.customer_zone(z);
    }
    let w = p
        .why_not_at(rule, &m.facts(), Some(ts.parse().unwrap()))
        .unwrap();
    let c = &w.clauses[0];
    (c.truth == Truth::True, c.value.clone())
}

#[test]
fn business_hours_across_daylight_saving_switches() {
    let p = policy(DST);
    let at = |rule: &str, ts: &str| hours_at(&p, rule, ts, None);

    // US spring forward, Sunday 2026-03-08 02:00 EST -> 03:00 EDT.
    // 13:30Z is 08:30 EST (closed) before the switch and 09:30 EDT after.
    assert_eq!(
        at("ny", "2026-03-07T13:30:00Z"),
        (
            false,
            "2026-03-07T08:30:00-05:00 (Sat, hours 09:00-17:00) outside".into()
        )
    );
    assert_eq!(
        at("ny", "2026-03-08T13:30:00Z"),
        (
            true,
            "2026-03-08T09:30:00-04:00 (Sun, hours 09:00-17:00) within".into()
        )
    );
    // Closing time moves an hour earlier in UTC: 21:30Z is 16:30 EST, 17:30 EDT.
    assert!(at("ny", "2026-03-07T21:30:00Z").0);
    assert!(!at("ny", "2026-03-08T21:30:00Z").0);
    // The skipped hour: local 02:00-03:00 never happens on 2026-03-08.
    assert_eq!(
        at("night", "2026-03-08T06:59:59Z"),
        (
            true,
            "2026-03-08T01:59:59-05:00 (Sun, hours 01:00-02:00 02:00-03:00) within".into()
        )
    );
    assert_eq!(
        at("night", "2026-03-08T07:00:00Z"),
        (
            false,
            "2026-03-08T03:00:00-04:00 (Sun, hours 01:00-02:00 02:00-03:00) outside".into()
        )
    );

    // Between the switches (2026-03-09 .. 2026-03-28) New York is UTC-4 but
    // Berlin still UTC+1: the offices overlap one hour longer. 13:30Z is
    // 09:30 in New York and 14:30 in Berlin.
    assert!(at("ny", "2026-03-20T13:30:00Z").0);
    assert_eq!(
        at("berlin", "2026-03-20T13:30:00Z"),
        (
            true,
            "2026-03-20T14:30:00+01:00 (Fri, hours 09:00-17:00) within".into()
        )
    );
    // EU spring forward, Sunday 2026-03-29 02:00 CET -> 03:00 CEST.
    // 07:30Z is 08:30 CET (closed) on Saturday and 09:30 CEST on Sunday.
    assert_eq!(
        at("berlin", "2026-03-28T07:30:00Z"),
        (
            false,
            "2026-03-28T08:30:00+01:00 (Sat, hours 09:00-17:00) outside".into()
        )
    );
    assert_eq!(
        at("berlin", "2026-03-29T07:30:00Z"),
        (
            true,
            "2026-03-29T09:30:00+02:00 (Sun, hours 09:00-17:00) within".into()
        )
    );
    // 15:30Z: 16:30 CET (open) before, 17:30 CEST (closed) after.
    assert!(at("berlin", "2026-03-28T15:30:00Z").0);
    assert!(!at("berlin", "2026-03-29T15:30:00Z").0);

    // EU fall back, Sunday 2026-10-25 03:00 CEST -> 02:00 CET.
    assert_eq!(
        at("berlin", "2026-10-24T07:30:00Z"),
        (
            true,
            "2026-10-24T09:30:00+02:00 (Sat, hours 09:00-17:00) within".into()
        )
    );
    assert_eq!(
        at("berlin", "2026-10-25T07:30:00Z"),
        (
            false,
            "2026-10-25T08:30:00+01:00 (Sun, hours 09:00-17:00) outside".into()
        )
    );
    assert!(at("berlin", "2026-10-25T15:30:00Z").0, "16:30 CET");

    // US fall back, Sunday 2026-11-01 02:00 EDT -> 01:00 EST: local 01:00-02:00
    // happens twice, and both are within the night shift.
    assert_eq!(
        at("night", "2026-11-01T05:30:00Z"),
        (
            true,
            "2026-11-01T01:30:00-04:00 (Sun, hours 01:00-02:00 02:00-03:00) within".into()
        )
    );
    assert_eq!(
        at("night", "2026-11-01T06:30:00Z"),
        (
            true,
            "2026-11-01T01:30:00-05:00 (Sun, hours 01:00-02:00 02:00-03:00) within".into()
        )
    );
    assert!(at("night", "2026-11-01T07:30:00Z").0, "02:30 EST");
    assert!(!at("night", "2026-11-01T08:00:00Z").0, "03:00 EST");
    assert_eq!(
        at("ny", "2026-11-02T13:30:00Z"),
        (
            false,
            "2026-11-02T08:30:00-05:00 (Mon, hours 09:00-17:00) outside".into()
        )
    );
    assert!(at("ny", "2026-10-30T13:30:00Z").0, "09:30 EDT");

    // A customer-local calendar follows the customer's zone across its own
    // switch: a customer in New York on the US switch day, site in Berlin.
    let ny = Some("America/New_York");
    assert_eq!(
        hours_at(&p, "customer", "2026-03-08T13:30:00Z", ny),
        (true, "2026-03-08T09:30:00-04:00 (Sun, customer zone America/New_York, hours 09:00-17:00) within".into())
    );
    assert!(!hours_at(&p, "customer", "2026-03-07T13:30:00Z", ny).0);
    // The whole policy: the same UTC instant routes differently on either
    // side of the US switch.
    let m = Msg::new("coupon");
    let at_policy = |ts: &str| p.evaluate_at(&m.facts(), ts.parse().unwrap()).tags;
    assert_eq!(at_policy("2026-03-07T13:30:00Z"), ["berlin"]);
    assert_eq!(at_policy("2026-03-08T13:30:00Z"), ["ny"]);
}

#[test]
fn trace_levels_decide_the_same() {
    let p = Policy::parse(SHOP_POLICY, &shop_schema()).unwrap();
    let grid = soundness_grid();
    for (i, m) in grid.iter().enumerate().step_by(7) {
        let mut m2 = Msg::new(INTENTS[i % INTENTS.len()]);
        m2.sentiment = m.sentiment.clone();
        m2.context = m.context.clone();
        m2.entities = m.entities.clone();
        if i % 5 == 0 {
            m2.intent.out_of_scope = true;
            m2.intent.top = None;
            m2.faq.status = FaqStatus::NoAnswer;
        }
        let full = p.evaluate(&m2.facts());
        let fired = p.evaluate_with(&m2.facts(), None, TraceLevel::Fired);
        assert_eq!(fired.trace.len(), 1);
        assert_eq!(fired.trace.last(), full.trace.last());
        assert_eq!(
            Decision {
                trace: Default::default(),
                ..fired
            },
            Decision {
                trace: Default::default(),
                ..full
            }
        );
    }
    // `now` given to `evaluate_with` overrides the context's.
    let m = Msg::new("complaint").now("2026-11-20T02:00:00Z");
    let closed: jiff::Timestamp = "2026-11-20T14:00:00Z".parse().unwrap();
    assert_eq!(
        p.evaluate_with(&m.facts(), None, TraceLevel::Fired).rule,
        "complaint"
    );
    assert_eq!(
        p.evaluate_with(&m.facts(), Some(closed), TraceLevel::Fired)
            .rule,
        "after_hours_ticket"
    );
}

// ------------------------------------------------------------ fuzz corpora

/// Replays the committed fuzz corpora (fuzz/corpus/policy_parse and
/// fuzz/corpus/policy_eval) through what the fuzz targets do, so that
/// `cargo test` covers them without a nightly toolchain.
#[test]
fn fuzz_corpora_replay_without_panics() {
    use super::fuzz_input;
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    let files = |target: &str| {
        let dir = corpus.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{} is empty", dir.display());
        files
    };
    for path in files("policy_parse") {
        let data = std::fs::read(&path).unwrap();
        fuzz_input::parse(&data);
    }
    // The seed corpus holds the demo policy: it parses under the fuzz schema
    // once its intents are known, so the target starts from real policies.
    let policy =
        Policy::parse(fuzz_input::POLICY, &fuzz_input::schema()).unwrap_or_else(|e| panic!("{e}"));
    for path in files("policy_eval") {
        let data = std::fs::read(&path).unwrap();
        fuzz_input::evaluate(&policy, &data);
    }
    // Empty and tiny inputs too.
    fuzz_input::parse(b"");
    fuzz_input::evaluate(&policy, b"");
    fuzz_input::evaluate(&policy, &[0xff; 3]);
}

/// Found by `policy_parse`: a regex with a raw carriage return was printed
/// as `\r`, so the JSON form did not read back.
#[test]
fn regexes_with_control_chars_round_trip() {
    let p = policy("rule r: when text matches /a\r\u{1}|b/i then clarify\ndefault answer");
    let back = Policy::from_json(&p.to_json(), &schema()).unwrap();
    assert_eq!(back.to_json(), p.to_json());
    assert_eq!(policy(&p.to_text()).to_text(), p.to_text());
    let mut m = Msg::new("coupon");
    m.text = "xA\r\u{1}y".into();
    assert_eq!(back.evaluate(&m.facts()).rule, "r");
}

#[test]
fn recorded_traces_render_like_owned_ones() {
    let p = policy(HOURS);
    // 22:00 in Shanghai: both calendars closed
    let m = Msg::new("complaint").now("2026-11-20T14:00:00Z");
    let d = p.evaluate(&m.facts());
    // a recorded trace: steps render on demand, names without rendering
    assert_eq!(
        d.trace.rule_names().collect::<Vec<_>>(),
        ["open", "open_for_customer", "default"]
    );
    let steps = d.trace.to_vec();
    assert_eq!(d.trace.iter().len(), 3);
    assert_eq!(d.trace.iter().next_back(), d.trace.last());
    assert_eq!(d.trace.get(3), None);
    // the calendar is explained when read, as why_not explains it
    let why = p.why_not("open", &m.facts()).unwrap();
    assert_eq!(steps[0].clauses[0].value, why.clauses[0].value);
    assert!(!steps[0].clauses[0].result);
    assert!(
        !["", "missing"].contains(&steps[0].clauses[0].value.as_str()),
        "{:?}",
        steps[0].clauses[0]
    );
    // JSON round trip gives an owned trace equal to the recorded one
    let json = serde_json::to_string(&d).unwrap();
    let back: crate::analysis::Decision = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    assert_eq!(serde_json::to_string(&back).unwrap(), json);
    assert_eq!(format!("{:?}", back.trace), format!("{:?}", d.trace));
    // pushing after evaluation appends to both kinds
    let extra = crate::analysis::TraceStep {
        rule: "reply".into(),
        matched: true,
        clauses: Vec::new(),
    };
    let (mut a, mut b) = (d.trace.clone(), back.trace.clone());
    a.push(extra.clone());
    b.push(extra.clone());
    assert_eq!(a, b);
    assert_eq!(a.len(), 4);
    assert_eq!(a.last(), Some(extra));
    assert_eq!(a.rule_names().last(), Some("reply"));
    assert_ne!(a, d.trace);
}

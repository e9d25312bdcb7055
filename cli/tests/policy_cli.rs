//! `kefu policy check|test|diff` end to end, through the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn kefu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kefu"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("kefu runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes `text` to a scratch file named `name` and returns its path.
fn scratch(name: &str, text: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("policy_cli");
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("scratch file");
    path.display().to_string()
}

const SHOP: &str = "examples/shop/policy.kefu";
const CASES: &str = "examples/fixtures/policy/shop_cases.jsonl";
const LOG: &str = "examples/fixtures/policy/shop_log.jsonl";
const CANDIDATE: &str = "examples/fixtures/policy/shop_policy_candidate.kefu";

#[test]
fn check_accepts_the_demo_policy() {
    let o = kefu(&["policy", "check", SHOP]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "OK examples/shop/policy.kefu: 11 rules, 4 queues, 1 calendar (names checked against the embedded demo bot)\n"
    );
    let o = kefu(&[
        "policy",
        "check",
        SHOP,
        "--bot-def",
        "examples/shop/bot.yaml",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).ends_with("(names checked against examples/shop/bot.yaml)\n"));
}

#[test]
fn check_reports_file_line_col_and_a_suggestion() {
    let bad = scratch(
        "bad.kefu",
        "queue general\n\nrule r:\n    when sentiment.escalaton >= 2\n    then handoff queue \"general\"\ndefault answer\n",
    );
    let o = kefu(&["policy", "check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!("error: {bad}:4:10: unknown field `sentiment.escalaton` (did you mean `sentiment.escalation`?)\n")
    );
    assert!(stdout(&o).is_empty());

    // Names are checked against the bot: an intent the demo bot lacks.
    let bad = scratch(
        "bad_intent.kefu",
        "rule r: when intent == \"refnd\" then clarify\ndefault answer\n",
    );
    let o = kefu(&["policy", "check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!("{bad}:1:24: unknown intent `refnd`")),
        "{}",
        stderr(&o)
    );

    // A shadowed rule.
    let bad = scratch(
        "shadowed.kefu",
        "rule a: when sentiment.escalation >= 2 then clarify\nrule b: when sentiment.escalation >= 3 then answer\ndefault answer\n",
    );
    let o = kefu(&["policy", "check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{bad}:2:6: rule `b` can never fire: rule `a` (line 1) comes first"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_uses_the_names_of_a_definition_whose_own_policy_is_broken() {
    // A copy of the shop bot whose policy file has a typo: the definition
    // cannot load, but its names still check the (broken) policy.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("policy_cli_shop");
    std::fs::create_dir_all(&dir).unwrap();
    let shop = repo().join("examples/shop");
    std::fs::copy(shop.join("bot.yaml"), dir.join("bot.yaml")).unwrap();
    let policy = std::fs::read_to_string(shop.join("policy.kefu"))
        .unwrap()
        .replace("queue \"care\"", "queue \"kare\"");
    std::fs::write(dir.join("policy.kefu"), policy).unwrap();
    let policy_path = dir.join("policy.kefu").display().to_string();
    let def_path = dir.join("bot.yaml").display().to_string();
    let o = kefu(&["policy", "check", &policy_path, "--bot-def", &def_path]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.starts_with(&format!("error: {policy_path}:"))
            && e.contains("unknown queue `kare` (did you mean `care`?)"),
        "{e}"
    );
}

#[test]
fn check_reads_the_json_form() {
    let json = r#"{"queues": [{"name": "risk"}],
        "rules": [{"name": "r", "when": {"has_entity": {"kind": "card"}},
                   "then": {"action": "handoff", "queue": "risk", "priority": 9, "lock": true}}],
        "default": {"action": "answer"}}"#;
    let path = scratch("policy.json", json);
    let o = kefu(&["policy", "check", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("OK {path}: 1 rule, 1 queue, 0 calendars")));
    let bad = scratch("bad.json", &json.replace("\"risk\"}]", "\"rsik\"}]"));
    let o = kefu(&["policy", "check", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown queue `risk` (did you mean `rsik`?)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn test_runs_the_shop_cases() {
    let o = kefu(&["policy", "test", SHOP, CASES]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out
        .contains("PASS  angry_chinese_customer_prefers_mandarin_agent (rule angry_customer_zh)"));
    assert!(out.ends_with("\n21 passed, 0 failed\n"), "{out}");
    // --verbose prints the traces.
    let o = kefu(&["policy", "test", SHOP, CASES, "--verbose"]);
    assert!(stdout(&o)
        .contains("✓ payment_details_risk: intent == \"change_payment\" [change_payment] true"));
}

#[test]
fn test_reports_failures_with_why_not_and_exits_1() {
    let cases = scratch(
        "failing.jsonl",
        concat!(
            "# a comment line\n",
            r#"{"name": "vip_after_hours", "context": {"now": "2026-11-20T14:00:00Z", "customer": {"tier": "vip"}}, "analysis": {"language": "en", "intent": "order_status", "faq": "answer"}, "expect": {"action": "handoff", "queue": "senior", "rule": "vip_customer"}}"#,
            "\n",
            r#"{"name": "fine", "analysis": {"intent": "complaint"}, "expect": {"queue": "care"}}"#,
            "\n",
            r#"{"name": "wrong_priority", "analysis": {"intent": "complaint"}, "expect": {"priority": 9, "script": null}}"#,
            "\n"
        ),
    );
    let o = kefu(&["policy", "test", SHOP, &cases]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("FAIL  vip_after_hours ({cases}:2)")),
        "{out}"
    );
    assert!(
        out.contains("      action: expected handoff, got ticket\n"),
        "{out}"
    );
    assert!(
        out.contains("      queue: expected \"senior\", got \"general\"\n"),
        "{out}"
    );
    assert!(
        out.contains("      rule: expected `vip_customer`, got `after_hours_ticket`\n"),
        "{out}"
    );
    assert!(
        out.contains("      why not: rule `vip_customer` matches, but rule `after_hours_ticket` comes first and fired\n"),
        "{out}"
    );
    assert!(out.contains("PASS  fine (rule complaint)"), "{out}");
    assert!(out.contains("      priority: expected 9, got 6\n"), "{out}");
    assert!(
        out.contains("      script: expected none, got \"apologize_and_own_it\"\n"),
        "{out}"
    );
    assert!(out.ends_with("\n1 passed, 2 failed\n"), "{out}");
    assert_eq!(stderr(&o), "error: 2 of 3 policy cases failed\n");
}

#[test]
fn test_fills_a_missing_now_from_the_flag_only() {
    let cases = scratch(
        "now.jsonl",
        r#"{"name": "complaint", "analysis": {"intent": "complaint"}, "expect": {"action": "ticket"}}"#,
    );
    // No clock read: without `now`, business hours are unknown.
    let o = kefu(&["policy", "test", SHOP, &cases]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("action: expected ticket, got handoff"));
    let o = kefu(&[
        "policy",
        "test",
        SHOP,
        &cases,
        "--now",
        "2026-11-20T14:00:00Z",
    ]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn test_rejects_malformed_lines_with_their_line_number() {
    let cases = scratch(
        "malformed.jsonl",
        "\n{\"analysis\": {\"intnet\": \"complaint\"}, \"expect\": {}}\n",
    );
    let o = kefu(&["policy", "test", SHOP, &cases]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.starts_with(&format!("error: {cases}:2: unknown field `intnet`")),
        "{e}"
    );
    let cases = scratch("no_expect.jsonl", "{\"name\": \"x\"}\n");
    let o = kefu(&["policy", "test", SHOP, &cases]);
    assert_eq!(
        stderr(&o),
        format!("error: {cases}:1: case `x` has no `expect`\n")
    );
    let cases = scratch("bad_expect.jsonl", "{\"expect\": {\"qeue\": \"x\"}}\n");
    let o = kefu(&["policy", "test", SHOP, &cases]);
    assert!(
        stderr(&o).contains("unknown field `qeue`, expected one of"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn diff_shows_inputs_decided_differently() {
    let o = kefu(&["policy", "diff", SHOP, CANDIDATE, LOG]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!(
            "{LOG}:3 web-1002\n    old: ticket general p6 tags [after_hours] (rule after_hours_ticket)\n    new: handoff senior p7 skills [vip] tags [vip] (rule vip_customer)\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "{LOG}:6 web-1005\n    old: answer (rule default)\n    new: clarify (rule clarify_ambiguous)\n"
        )),
        "{out}"
    );
    // The logged full analysis (line 2) decides the same in both.
    assert!(!out.contains("web-1001"), "{out}");
    assert!(
        out.ends_with(
            "\n7 inputs: 3 decided differently, 0 by another rule with the same outcome\n"
        ),
        "{out}"
    );
    // --exit-code makes differences fail.
    let o = kefu(&["policy", "diff", SHOP, CANDIDATE, LOG, "--exit-code"]);
    assert_eq!(o.status.code(), Some(1));
    // A policy against itself.
    let o = kefu(&["policy", "diff", SHOP, SHOP, LOG, "--exit-code"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        "\n7 inputs: 0 decided differently, 0 by another rule with the same outcome\n"
    );
}

#[test]
fn diff_counts_renamed_rules_with_the_same_outcome() {
    let renamed = std::fs::read_to_string(repo().join(SHOP))
        .unwrap()
        .replace("rule complaint:", "rule complaint_to_care:");
    let path = scratch("renamed.kefu", &renamed);
    let o = kefu(&["policy", "diff", SHOP, &path, LOG]);
    assert!(o.status.success());
    assert!(
        stdout(&o).ends_with(
            "\n7 inputs: 0 decided differently, 1 by another rule with the same outcome\n"
        ),
        "{}",
        stdout(&o)
    );
}

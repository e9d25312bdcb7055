"""The shared fixture file (examples/fixtures/shop_cases.json) through the
Python binding, checked key by key exactly as examples/tests/fixtures.rs
checks it in Rust (and bindings-c/tests/fixtures.py in C)."""

from __future__ import annotations

import json
import struct

import pytest

import kefu

from conftest import load_fixture

CASES = load_fixture()["cases"]


def compact(v) -> str:
    """JSON text as serde_json writes it (no spaces, UTF-8 kept)."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def f32(x: float) -> float:
    """f64::from(x as f32): the Rust test compares the exact f32 score."""
    return struct.unpack("f", struct.pack("f", x))[0]


def check(a: dict, e: dict) -> list[str]:
    """Port of `check` in examples/tests/fixtures.rs: the mismatches."""
    bad = []

    def eq(key, got):
        if key in e and e[key] != got:
            bad.append(f"{key}: expected {compact(e[key])}, got {compact(got)}")

    eq("language", a["language"]["code"])
    eq("script", a["language"]["script"])
    eq("reply_language", a["language"]["reply_language"])
    eq("intent", a["intent"]["top"])
    eq("out_of_scope", a["intent"]["out_of_scope"])
    eq("faq_status", a["faq"]["status"])
    eq("faq_top", a["faq"]["hits"][0]["id"] if a["faq"]["hits"] else None)
    eq("sentiment", a["sentiment"]["label"])
    eq("action", a["decision"]["action"])
    eq("queue", a["decision"]["queue"])
    eq("locked", a["decision"]["locked"])
    kinds = [x["kind"] for x in a["entities"]]
    for k in e.get("entities", []):
        if k not in kinds:
            bad.append(f"entities: no `{k}` in {kinds}")
    for k, v in e.get("entity_values", {}).items():
        if not any(x["kind"] == k and x["value"] == v for x in a["entities"]):
            bad.append(f"entity_values: no `{k}` with value {compact(v)}")
    redacted = a["redacted_text"]
    if "redacted_contains" in e and e["redacted_contains"] not in redacted:
        bad.append(f"redacted_contains: `{e['redacted_contains']}` not in `{redacted}`")
    for s in e.get("redacted_excludes", []):
        if s in redacted:
            bad.append(f"redacted_excludes: `{s}` still in `{redacted}`")
    esc = a["sentiment"]["escalation"]
    if "escalation_at_least" in e and esc < e["escalation_at_least"]:
        bad.append(f"escalation {esc} < {e['escalation_at_least']}")
    if "escalation_at_most" in e and esc > e["escalation_at_most"]:
        bad.append(f"escalation {esc} > {e['escalation_at_most']}")
    for s in e.get("signals_include", []):
        if s not in a["sentiment"]["signals"]:
            bad.append(f"signals: no `{s}` in {a['sentiment']['signals']}")
    emotions = a["sentiment"]["emotions"]
    for k, v in e.get("emotion_at_least", {}).items():
        got = f32(emotions[k]) if k in emotions else -1.0
        if got < v:
            bad.append(f"emotion {k}: {emotions.get(k, -1.0)} < {v}")
    reply = a["decision"]["reply"] or ""
    if e.get("reply_nonempty") is True and not reply.strip():
        bad.append("reply is empty")
    if "reply_contains" in e and e["reply_contains"] not in reply:
        bad.append(f"reply_contains: `{e['reply_contains']}` not in `{reply}`")
    if "trace_mentions" in e:
        # serde_json::to_string(&a.decision.trace), as the Rust test does.
        trace = compact(a["decision"]["trace"])
        if e["trace_mentions"] not in trace:
            bad.append(f"trace_mentions: `{e['trace_mentions']}` not in {trace}")
    return bad


def context_of(case: dict) -> dict:
    """The case's context as the Rust test uses it: `now` only when the
    fixture gives one. (Bot.analyze would otherwise fill in the current
    time, as the CLI does; `"now": None` asks for no clock.)"""
    ctx = dict(case.get("context", {}))
    ctx.setdefault("now", None)
    return ctx


def case_mismatches(a: dict, case: dict) -> list[str]:
    """Port of `case_mismatches` in examples/tests/fixtures.rs: the keys of
    `known_failure` are left out of the check and must each still fail."""
    rest = dict(case["expect"])
    bad = []
    for k in case.get("known_failure", {}).get("keys", []):
        if k not in rest:
            bad.append(f"known_failure: `{k}` is not an expectation of the case")
            continue
        if not check(a, {k: rest.pop(k)}):
            bad.append(f"known_failure: `{k}` now holds; remove it from the case's known_failure")
    return bad + check(a, rest)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_case(shop_bot, case):
    a = shop_bot.analyze(case["text"], context_of(case))
    assert a["schema"] == kefu.SCHEMA_VERSION == 1
    bad = case_mismatches(a, case)
    assert not bad, f"{case['name']}:\n  " + "\n  ".join(bad)


ERROR_CASES = load_fixture()["error_cases"]
ERROR_CODES = load_fixture()["error_codes"]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[c["name"] for c in ERROR_CASES])
def test_error_case(shop_bot, fixture, case):
    """`error_cases`: the call fails with a KefuError of the case's kind and
    code, as in the Rust, C and WASM suites."""
    op = case["op"]
    with pytest.raises(kefu.KefuError) as info:
        if op == "train":
            text = case.get("definition_text")
            if text is None:
                text = json.dumps(case["definition"], ensure_ascii=False)
            kefu.Bot.train(text, seed=fixture["seed"])
        elif op == "load":
            kefu.Bot.from_bytes(bytes.fromhex(case["bundle_hex"]))
        elif op == "analyze":
            text = case.get("text")
            if text is None:
                unit, count = case["text_repeat"]
                text = unit * count
            shop_bot.analyze(text, case["context"])
        else:
            raise AssertionError(f"unknown op {op}")
    e = info.value
    assert e.kind == case["error"], f"{type(e).__name__}: {e}"
    assert e.code == ERROR_CODES[case["error"]], e
    assert case["message_contains"] in str(e), str(e)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_decision_explains_itself(shop_bot, case):
    d = shop_bot.analyze(case["text"], context_of(case))["decision"]
    assert any(t["rule"] == d["rule"] and t["matched"] for t in d["trace"]), (
        f"rule `{d['rule']}` is not a matched step of the trace"
    )


def test_batch_equals_single(shop_bot):
    texts = [c["text"] for c in CASES]
    contexts = [context_of(c) for c in CASES]
    single = [shop_bot.analyze(t, c) for t, c in zip(texts, contexts)]
    assert shop_bot.analyze_batch(texts, contexts) == single
    assert shop_bot.analyze_batch(texts, contexts, threads=1) == single
    assert shop_bot.analyze_batch(texts, contexts, threads=3) == single


def test_bundle_round_trip(shop_bot):
    data = shop_bot.to_bytes()
    back = kefu.Bot.from_bytes(data)
    assert back.to_bytes() == data
    for c in CASES:
        assert back.analyze(c["text"], context_of(c)) == shop_bot.analyze(c["text"], context_of(c))

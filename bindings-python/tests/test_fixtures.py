"""The shared fixture file (examples/fixtures/shop_cases.json) through the
Python binding, checked key by key exactly as examples/tests/fixtures.rs
checks it in Rust, with the port in examples/fixtures/expectations.py that
the C suite uses too."""

from __future__ import annotations

import json

import pytest

import kefu

from conftest import load_fixture
from expectations import case_mismatches, explains_itself

CASES = load_fixture()["cases"]


def context_of(case: dict) -> dict:
    """The case's context as the Rust test uses it: `now` only when the
    fixture gives one. (Bot.analyze would otherwise fill in the current
    time, as the CLI does; `"now": None` asks for no clock.)"""
    ctx = dict(case.get("context", {}))
    ctx.setdefault("now", None)
    return ctx


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_case(shop_bot, case):
    a = shop_bot.analyze(case["text"], context_of(case))
    assert a["schema"] == kefu.SCHEMA_VERSION == 1
    bad = case_mismatches(a, case) + explains_itself(a)
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

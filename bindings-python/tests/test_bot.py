"""kefu.Bot: training from every definition form, bundles, analyze and
analyze_batch, the clock, pickling, and parity with the CLI."""

from __future__ import annotations

import json
import pickle
import subprocess
import threading
from datetime import datetime, timedelta, timezone

import pytest

import kefu

from conftest import ROOT, SHOP

NOW = "2026-11-20T03:00:00Z"

SMALL = {
    "languages": ["en", "zh-Hans"],
    "intents": {
        "order_status": {
            "examples": {
                "en": ["where is my order", "track my package", "has my parcel shipped"],
                "zh-Hans": ["我的订单在哪里", "查一下物流"],
            }
        },
        "refund": {
            "examples": {
                "en": ["i want a refund", "give me my money back", "return this item"],
                "zh-Hans": ["我要退款", "怎么退货"],
            }
        },
    },
}


def test_module_metadata():
    assert kefu.__version__ == "0.1.0"
    assert kefu.SCHEMA_VERSION == 1
    assert kefu.FORMAT_VERSION >= 1
    assert kefu.DEFAULT_SEED == 42
    assert kefu.MAX_MESSAGE_BYTES == 64 * 1024
    for name in kefu.__all__:
        obj = getattr(kefu, name)
        if callable(obj):
            assert obj.__doc__, f"kefu.{name} has no docstring"


def test_public_methods_have_docstrings():
    for cls in (kefu.Bot, kefu.IntentClassifier, kefu.SentimentScorer, kefu.LanguageDetector):
        for name in dir(cls):
            if name.startswith("_"):
                continue
            attr = getattr(cls, name)
            if callable(attr) or isinstance(attr, property):
                assert getattr(attr, "__doc__", None), f"{cls.__name__}.{name} has no docstring"


def test_train_from_dict_text_and_path_give_the_same_bundle(shop_bot):
    from_path = kefu.Bot.train(SHOP)
    assert from_path.to_bytes() == shop_bot.to_bytes()
    # The definition property is the canonical JSON (policy inline).
    definition = from_path.definition
    assert "source" in definition["policy"] and "file" not in definition["policy"]
    assert kefu.Bot.train(definition).to_bytes() == from_path.to_bytes()
    assert kefu.Bot.train(json.dumps(definition)).to_bytes() == from_path.to_bytes()
    # YAML text
    yaml_text = (
        "languages: [en]\n"
        "intents:\n"
        "  a: {examples: {en: [hello there, hi]}}\n"
        "  b: {examples: {en: [goodbye now, bye]}}\n"
    )
    bot = kefu.Bot.train(yaml_text)
    assert bot.intents == ["a", "b"]


def test_seed_reaches_the_model():
    a = kefu.Bot.train(SMALL).to_bytes()
    assert kefu.Bot.train(SMALL, seed=42).to_bytes() == a
    assert kefu.Bot.train(SMALL, seed=7).to_bytes() != a


def test_bundle_matches_kefu_train(cli, shop_bot, tmp_path):
    out = tmp_path / "cli.kefu"
    subprocess.run([cli, "train", str(SHOP), "--seed", "42", "-o", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == shop_bot.to_bytes()


def test_analysis_equals_cli_json(cli, shop_bot, tmp_path, fixture):
    """A result dict equals json.loads of `kefu analyze` for the same bundle
    and context: same keys in the same order, same float values."""
    bundle = tmp_path / "shop.kefu"
    shop_bot.save(bundle)
    for case in fixture["cases"][:6]:
        ctx = dict(case["context"])
        ctx.setdefault("now", NOW)
        ctx_file = tmp_path / "ctx.json"
        ctx_file.write_text(json.dumps(ctx), encoding="utf-8")
        out = subprocess.run(
            [cli, "analyze", "--bot", str(bundle), case["text"], "--context", str(ctx_file)],
            check=True, capture_output=True, text=True,
        ).stdout
        expected = json.loads(out)
        got = shop_bot.analyze(case["text"], ctx)
        assert got == expected, case["name"]
        assert json.dumps(got) == json.dumps(expected), "key order differs"


def test_save_load_and_pickle(shop_bot, tmp_path):
    p = tmp_path / "bot.kefu"
    shop_bot.save(p)
    assert kefu.Bot.load(p).to_bytes() == shop_bot.to_bytes()
    assert kefu.Bot.load(str(p)).to_bytes() == shop_bot.to_bytes()
    assert kefu.Bot.from_bytes(bytearray(p.read_bytes())).to_bytes() == shop_bot.to_bytes()
    assert kefu.Bot.from_bytes(memoryview(p.read_bytes())).to_bytes() == shop_bot.to_bytes()
    back = pickle.loads(pickle.dumps(shop_bot))
    assert isinstance(back, kefu.Bot)
    assert back.to_bytes() == shop_bot.to_bytes()


def test_properties_and_repr(shop_bot):
    assert shop_bot.name == "Lumen Goods support"
    assert shop_bot.languages[0] == "en"
    assert "order_status" in shop_bot.intents and "oos" in shop_bot.intents
    assert len(shop_bot.faq_ids) >= 15
    r = repr(shop_bot)
    assert r.startswith("<kefu.Bot") and "intents=13" in r


def test_result_schema_and_char_offsets(shop_bot):
    text = "我要退貨，訂單 SO-20261234，email me at ana@example.com"
    a = shop_bot.analyze(text, {"channel": "web", "now": NOW})
    assert list(a) == [
        "schema", "language", "intent", "faq", "sentiment", "entities", "redacted_text", "decision",
    ]
    assert isinstance(a["intent"]["confidence"], float)
    for e in a["entities"]:
        assert text[e["char_start"]:e["char_end"]] == e["text"]
        assert text.encode()[e["start"]:e["end"]].decode() == e["text"]
    # f32 scores read as their shortest form, as json.loads of the JSON
    for r in a["intent"]["ranking"]:
        assert len(repr(r["confidence"])) <= 12


def clock_seen(analysis) -> str:
    """What the policy's business-hours clause saw."""
    for step in analysis["decision"]["trace"]:
        for clause in step["clauses"]:
            if "business_hours" in clause["clause"]:
                return clause["value"]
    raise AssertionError("no business-hours clause in the trace")


def test_now_defaults_to_the_clock(shop_bot):
    text = "I want to speak to an agent please"
    no_clock = shop_bot.analyze(text, {"channel": "web", "now": None})
    assert clock_seen(no_clock) == "missing"
    for ctx in (None, {"channel": "web"}):
        seen = clock_seen(shop_bot.analyze(text, ctx))
        assert seen != "missing" and seen.startswith("20"), (ctx, seen)
    assert clock_seen(shop_bot.analyze(text, {"now": NOW})).startswith("2026-11-20T11:00:00+08:00")
    # an aware datetime is the same as its RFC 3339 text
    dt = datetime(2026, 11, 20, 11, 0, tzinfo=timezone(timedelta(hours=8)))
    assert shop_bot.analyze(text, {"now": dt}) == shop_bot.analyze(text, {"now": dt.isoformat()})


def test_analyze_batch_inputs(shop_bot):
    texts = ["where is my order SO-20261234", "我要退貨", "¿Cuánto tarda el envío?"]
    ctx = {"channel": "web", "now": NOW}
    single = [shop_bot.analyze(t, ctx) for t in texts]
    assert shop_bot.analyze_batch(texts, ctx) == single
    assert shop_bot.analyze_batch(tuple(texts), [ctx, ctx, ctx]) == single
    assert shop_bot.analyze_batch(iter(texts), [ctx] * 3, threads=2) == single
    assert shop_bot.analyze_batch([], ctx) == []
    mixed = shop_bot.analyze_batch(texts, [ctx, None, {"now": None}])
    assert len(mixed) == 3


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_large_batch_keeps_order(shop_bot, fixture, threads):
    """Thousands of messages cross many chunks and the builder's window."""
    base = [c["text"] for c in fixture["cases"]]
    ctx = {"now": NOW}
    want = {t: shop_bot.analyze(t, ctx) for t in base}
    texts = [base[(i * 7) % len(base)] for i in range(3001)]
    got = shop_bot.analyze_batch(texts, ctx, threads=threads)
    assert len(got) == len(texts)
    assert all(g == want[t] for g, t in zip(got, texts))


def test_batch_leaves_the_garbage_collector_as_it_was(shop_bot):
    import gc

    assert gc.isenabled()
    shop_bot.analyze_batch(["hello", "我要退貨"], {"now": NOW})
    assert gc.isenabled()
    gc.disable()
    try:
        shop_bot.analyze_batch(["hello"], {"now": NOW})
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_analyze_batch_with_pandas_and_numpy(shop_bot):
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    texts = ["where is my order", "我要退貨"]
    ctx = {"now": NOW}
    want = shop_bot.analyze_batch(texts, ctx)
    assert shop_bot.analyze_batch(pd.Series(texts), ctx) == want
    assert shop_bot.analyze_batch(np.array(texts), ctx) == want


def test_one_bot_many_python_threads(shop_bot, fixture):
    texts = [c["text"] for c in fixture["cases"]]
    ctx = {"now": NOW}
    want = [shop_bot.analyze(t, ctx) for t in texts]
    errors = []

    def work():
        try:
            for _ in range(3):
                assert [shop_bot.analyze(t, ctx) for t in texts] == want
                assert shop_bot.analyze_batch(texts, ctx, threads=2) == want
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_example_from_rust_docs():
    bot = kefu.Bot.train(SMALL)
    bot = kefu.Bot.from_bytes(bot.to_bytes())
    a = bot.analyze("我要退貨")
    assert a["language"]["code"] == "zh"
    assert a["intent"]["top"] == "refund"


def test_demo_script_gets_replies(shop_bot):
    with open(ROOT / "examples" / "shop" / "demo.jsonl", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    results = shop_bot.analyze_batch([r["text"] for r in rows], [r["context"] for r in rows])
    assert len(results) >= 10
    assert all(r["decision"]["reply"] for r in results)

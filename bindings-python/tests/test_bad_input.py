"""Bad input gives a KefuError subclass with a stable .code and a message
that names the place; never a crash or a bare PyO3 error."""

from __future__ import annotations

import copy
import os

import pytest

import kefu

from conftest import SHOP

NOW = "2026-11-20T03:00:00Z"


def raises(cls, code, *fragments):
    """pytest.raises for a kefu error class whose message has `fragments`."""

    class _Check:
        def __enter__(self):
            self.cm = pytest.raises(cls)
            self.info = self.cm.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.cm.__exit__(*exc)  # raises unless `cls` was raised
            if not handled:
                return handled
            e = self.info.value
            assert isinstance(e, kefu.KefuError), type(e)
            assert e.code == code, (e.code, str(e))
            for f in fragments:
                assert f in str(e), f"{f!r} not in {str(e)!r}"
            return handled

    return _Check()


def test_error_hierarchy():
    assert issubclass(kefu.InvalidTypeError, kefu.InvalidInputError)
    assert issubclass(kefu.InvalidTypeError, TypeError)
    assert issubclass(kefu.DefinitionError, ValueError)
    assert issubclass(kefu.KefuIOError, OSError)
    assert {c: cls.code for c, cls in kefu.ERROR_CLASSES.items()} == {
        1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 99: 99,
    }
    assert kefu.ERROR_CLASSES[2] is kefu.DefinitionError
    assert kefu.DefinitionError.kind == "definition"


# ---------------------------------------------------------------- wrong types


@pytest.mark.parametrize("bad", [b"where is my order", None, 42, ["text"]])
def test_analyze_text_must_be_str(shop_bot, bad):
    with raises(kefu.InvalidTypeError, 1, "text: expected str, found") as info:
        shop_bot.analyze(bad)
    assert isinstance(info.value, TypeError)


def test_bytes_hint(shop_bot):
    with raises(kefu.InvalidTypeError, 1, "found bytes", "decode"):
        shop_bot.analyze(b"\xe6\x88\x91")


def test_batch_names_the_bad_item(shop_bot):
    with raises(kefu.InvalidTypeError, 1, "texts[2]: expected str, found bytes"):
        shop_bot.analyze_batch(["a", "b", b"c"])
    with raises(kefu.InvalidTypeError, 1, "texts[1]: expected str, found None"):
        shop_bot.analyze_batch(["a", None])
    with raises(kefu.InvalidTypeError, 1, "texts: expected a sequence of str", "single str"):
        shop_bot.analyze_batch("where is my order")
    with raises(kefu.InvalidTypeError, 1, "texts: expected a sequence of str", "found int"):
        shop_bot.analyze_batch(5)


def test_lone_surrogate_is_invalid_input(shop_bot):
    with raises(kefu.InvalidInputError, 1, "text: not valid Unicode"):
        shop_bot.analyze("abc\udc80")


def test_too_long_is_a_limit_error(shop_bot):
    with raises(kefu.LimitError, 5, "text:", "65536"):
        shop_bot.analyze("a" * (kefu.MAX_MESSAGE_BYTES + 1))
    with raises(kefu.LimitError, 5, "messages[1]"):
        shop_bot.analyze_batch(["ok", "a" * (kefu.MAX_MESSAGE_BYTES + 1)])


# ------------------------------------------------------------------ contexts


def test_context_errors_name_the_field(shop_bot):
    with raises(kefu.InvalidTypeError, 1, "context: expected a dict or None, found str"):
        shop_bot.analyze("hi", '{"channel": "web"}')
    with raises(kefu.InvalidInputError, 1, "context", "unknown field `chanel`"):
        shop_bot.analyze("hi", {"chanel": "web"})
    with raises(kefu.InvalidInputError, 1, "context.customer.tier"):
        shop_bot.analyze("hi", {"customer": {"tier": 3}})
    with raises(kefu.InvalidInputError, 1, "context.now"):
        shop_bot.analyze("hi", {"now": "yesterday"})
    with raises(kefu.InvalidInputError, 1, "context.customer.time_zone", "Mars/Olympus"):
        shop_bot.analyze("hi", {"customer": {"time_zone": "Mars/Olympus"}})
    with raises(kefu.InvalidInputError, 1, "context.attributes.cart_valeu", "not declared",
                "did you mean `cart_value`"):
        shop_bot.analyze("hi", {"attributes": {"cart_valeu": 3}})
    with raises(kefu.InvalidInputError, 1, "context.attributes.cart_value", "declared as number"):
        shop_bot.analyze("hi", {"attributes": {"cart_value": "lots"}})
    with raises(kefu.InvalidInputError, 1, "context.channel: expected dict, list, str", "found bytes"):
        shop_bot.analyze("hi", {"channel": b"web"})
    with raises(kefu.InvalidInputError, 1, "context: keys must be str"):
        shop_bot.analyze("hi", {1: "web"})
    with raises(kefu.InvalidInputError, 1, "context.customer.lifetime_value", "finite"):
        shop_bot.analyze("hi", {"customer": {"lifetime_value": float("nan")}})


def test_naive_datetime_is_rejected(shop_bot):
    from datetime import datetime

    with raises(kefu.InvalidInputError, 1, "context.now", "naive datetime"):
        shop_bot.analyze("hi", {"now": datetime(2026, 11, 20, 10, 0)})


def test_batch_contexts(shop_bot):
    with raises(kefu.InvalidInputError, 1, "contexts: 1 contexts for 2 texts"):
        shop_bot.analyze_batch(["a", "b"], [{"now": NOW}])
    with raises(kefu.InvalidInputError, 1, "contexts[1]", "unknown field `chanel`"):
        shop_bot.analyze_batch(["a", "b"], [{"now": NOW}, {"chanel": "x"}])
    with raises(kefu.InvalidTypeError, 1, "contexts[0]: expected a dict or None, found int"):
        shop_bot.analyze_batch(["a"], [3])
    with raises(kefu.InvalidTypeError, 1, "contexts: expected None, a dict or a sequence"):
        shop_bot.analyze_batch(["a"], "web")


@pytest.mark.parametrize("bad", [0, -1, 100000])
def test_threads_must_be_positive(shop_bot, bad):
    with raises(kefu.InvalidInputError, 1, "threads"):
        shop_bot.analyze_batch(["a"], threads=bad)


def test_threads_type(shop_bot):
    with raises(kefu.InvalidTypeError, 1, "threads: expected a positive int or None, found str"):
        shop_bot.analyze_batch(["a"], threads="2")


# --------------------------------------------------------------- definitions


def test_definition_bad_key_names_its_path(shop_bot):
    d = copy.deepcopy(shop_bot.definition)
    d["intents"]["return_refund"]["exampels"] = d["intents"]["return_refund"].pop("examples")
    with raises(
        kefu.DefinitionError,
        2,
        "intents.return_refund.exampels",
        "unknown field `exampels`",
        "did you mean `examples`",
    ) as info:
        kefu.Bot.train(d)
    # A dict has no text positions: none are quoted.
    assert "line 1 column" not in str(info.value)


def test_definition_errors_name_nested_places(shop_bot):
    d = copy.deepcopy(shop_bot.definition)
    d["intents"]["return_refund"]["examples"]["en"][3] = b"bytes"
    with raises(kefu.DefinitionError, 2, "intents.return_refund.examples.en[3]", "found bytes"):
        kefu.Bot.train(d)
    d = copy.deepcopy(shop_bot.definition)
    d["intents"]["return_refund"]["examples"]["en"][3] = 17
    with raises(kefu.DefinitionError, 2, "intents.return_refund.examples.en[3]"):
        kefu.Bot.train(d)
    d = copy.deepcopy(shop_bot.definition)
    d["intents"]["return_refund"]["examples"]["zh-TW"] = ["退貨"]
    with raises(kefu.DefinitionError, 2, "intents.return_refund.examples.zh-TW", "not declared"):
        kefu.Bot.train(d)
    d = copy.deepcopy(shop_bot.definition)
    d["faq"][1]["id"] = d["faq"][0]["id"]
    with raises(kefu.DefinitionError, 2, "faq[1].id", "duplicate"):
        kefu.Bot.train(d)


def test_policy_error_has_line_and_column(shop_bot):
    d = copy.deepcopy(shop_bot.definition)
    d["policy"]["source"] = "rule broken {\n  when ??? then nothing\n}\n"
    with pytest.raises(kefu.KefuError) as info:
        kefu.Bot.train(d)
    assert info.value.code in (2, 4), str(info.value)


def test_definition_types():
    with raises(kefu.InvalidTypeError, 1, "definition: expected a dict, JSON or YAML text"):
        kefu.Bot.train(42)
    with raises(kefu.InvalidTypeError, 1, "definition", "found None"):
        kefu.Bot.train(None)
    with raises(kefu.InvalidTypeError, 1, "definition", "found bytes"):
        kefu.Bot.train(b'{"languages": ["en"]}')
    with raises(kefu.DefinitionError, 2, "not a file name", "pathlib.Path"):
        kefu.Bot.train("examples/shop/bot.yaml")
    with raises(kefu.DefinitionError, 2):
        kefu.Bot.train('{"languages": ["en"], "intents": ')
    with raises(kefu.DefinitionError, 2, "intents: a bot needs at least 2 intents"):
        kefu.Bot.train({"languages": ["en"], "intents": {"a": {"examples": {"en": ["x"]}}}})
    with raises(kefu.DefinitionError, 2, "intents.b.examples.en[0]", "already appears"):
        kefu.Bot.train({"languages": ["en"], "intents": {"a": {"examples": {"en": ["hello"]}},
                                                         "b": {"examples": {"en": ["hello"]}}}})
    with raises(kefu.InvalidTypeError, 1, "seed: expected int"):
        kefu.Bot.train(SHOP, seed="42")
    with raises(kefu.InvalidInputError, 1, "seed"):
        kefu.Bot.train(SHOP, seed=-1)


def test_unresolved_policy_file_says_how():
    d = {"languages": ["en"], "policy": {"file": "policy.kefu"},
         "intents": {"a": {"examples": {"en": ["hello there"]}}, "b": {"examples": {"en": ["bye now"]}}}}
    with raises(kefu.DefinitionError, 2, "policy.file", "pathlib.Path"):
        kefu.Bot.train(d)


def test_missing_definition_file_is_io(tmp_path):
    with raises(kefu.KefuIOError, 7, "missing.yaml") as info:
        kefu.Bot.train(tmp_path / "missing.yaml")
    assert isinstance(info.value, OSError)


# ------------------------------------------------------------------- bundles


def test_corrupted_bundle_file(shop_bot, tmp_path):
    data = bytearray(shop_bot.to_bytes())
    mid = 16 + (len(data) - 16) // 2
    data[mid] ^= 0x40
    p = tmp_path / "corrupt.kefu"
    p.write_bytes(bytes(data))
    with raises(kefu.BundleError, 3, "corrupt.kefu", "checksum"):
        kefu.Bot.load(p)


def test_bad_bundles(shop_bot, tmp_path):
    data = shop_bot.to_bytes()
    with raises(kefu.BundleError, 3, "magic"):
        kefu.Bot.from_bytes(b"X" + data[1:])
    for cut in (0, 3, 15, 16, len(data) // 2, len(data) - 1):
        with raises(kefu.BundleError, 3):
            kefu.Bot.from_bytes(data[:cut])
    text = tmp_path / "text.kefu"
    text.write_text("not a bundle")
    with raises(kefu.BundleError, 3, "text.kefu"):
        kefu.Bot.load(text)
    with raises(kefu.InvalidTypeError, 1, "data: expected bytes, found str"):
        kefu.Bot.from_bytes("KEFU")
    with raises(kefu.InvalidTypeError, 1, "data: expected bytes, found None"):
        kefu.Bot.from_bytes(None)


def test_file_errors(shop_bot, tmp_path):
    with raises(kefu.KefuIOError, 7, "cannot read", "nope.kefu"):
        kefu.Bot.load(tmp_path / "nope.kefu")
    with raises(kefu.KefuIOError, 7, "cannot write"):
        shop_bot.save(tmp_path / "no" / "such" / "dir.kefu")
    with raises(kefu.InvalidTypeError, 1, "path: expected a path"):
        shop_bot.save(42)
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        with raises(kefu.KefuIOError, 7):
            shop_bot.save(ro / "x.kefu")

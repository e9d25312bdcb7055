"""kefu.evaluate_intents (the definitions of `kefu eval intent`) and the
DataFrame-ready flattening (kefu.to_records, kefu.to_frame)."""

from __future__ import annotations

import pytest

import kefu

NOW = "2026-11-20T03:00:00Z"


def test_evaluate_intents_by_hand():
    y_true = ["a", "a", "b", "oos", "oos", "b"]
    y_pred = ["a", "b", "b", "oos", "a", "oos"]
    r = kefu.evaluate_intents(y_true, y_pred)
    assert r["rows"] == 6
    assert r["accuracy"] == pytest.approx(100 * 3 / 6)
    assert r["in_scope_accuracy"] == pytest.approx(100 * 2 / 4)
    assert r["oos_recall"] == pytest.approx(50.0)
    assert r["oos_precision"] == pytest.approx(50.0)
    # F1: a = 2·1/(2+1+1) = .5; b = 2·1/(2+1+1) = .5; oos = 2·1/(2+1+1) = .5
    assert r["macro_f1"] == pytest.approx(50.0)
    assert r["labels"] == ["a", "b", "oos"]
    assert r["confusion"] == {"a": {"a": 1, "b": 1}, "b": {"b": 1, "oos": 1}, "oos": {"a": 1, "oos": 1}}
    assert r["per_label"]["a"] == {"precision": 50.0, "recall": 50.0, "f1": 50.0, "support": 2}


def test_evaluate_intents_edge_cases():
    r = kefu.evaluate_intents([], [])
    assert r["accuracy"] == 0.0 and r["macro_f1"] == 0.0 and r["rows"] == 0
    # a label that is only predicted counts in macro-F1 with F1 0
    r = kefu.evaluate_intents(["a", "a"], ["a", "c"])
    assert r["macro_f1"] == pytest.approx(100 * (2 / 3 + 0) / 2)
    assert r["oos_recall"] == 0.0 and r["oos_precision"] == 0.0
    r = kefu.evaluate_intents(["x", "NONE"], ["x", "NONE"], oos_label="NONE")
    assert r["oos_recall"] == 100.0 and r["in_scope_accuracy"] == 100.0
    with pytest.raises(kefu.InvalidInputError, match="2 true labels but 1 predictions"):
        kefu.evaluate_intents(["a", "b"], ["a"])


ENTITIES = [
    {"kind": "order_id", "start": 22, "end": 33, "char_start": 22, "char_end": 33,
     "text": "SO-20261234", "value": "SO-20261234", "redacted": False},
    {"kind": "email", "start": 41, "end": 56, "char_start": 41, "char_end": 56,
     "text": "ana@example.com", "value": "ana@example.com", "redacted": True},
    {"kind": "order_id", "start": 60, "end": 71, "char_start": 60, "char_end": 71,
     "text": "SO-20269999", "value": "SO-20269999", "redacted": False},
]


def test_to_records(shop_bot):
    texts = ["Hi, where is my order SO-20261234? email ana@example.com or SO-20269999", "我要退貨"]
    results = shop_bot.analyze_batch(texts, {"channel": "web", "now": NOW})
    # The flattening of entities, whatever the extractor finds today.
    results[0]["entities"] = ENTITIES
    rows = kefu.to_records(results, texts)
    assert [r["text"] for r in rows] == texts
    r0 = rows[0]
    assert list(r0)[: len(kefu.RECORD_COLUMNS) + 1] == ["text", *kefu.RECORD_COLUMNS]
    assert r0["intent"] == results[0]["intent"]["top"]
    assert r0["action"] == results[0]["decision"]["action"]
    assert r0["entity_order_id"] == "SO-20261234"
    assert r0["entity_kinds"] == "email,order_id" and r0["n_entities"] == 3
    assert r0["entity_email"] == "ana@example.com"
    assert all(not isinstance(v, (dict, list)) for v in r0.values())
    assert "trace" in kefu.to_records(results, include_trace=True)[1]
    with pytest.raises(kefu.InvalidInputError, match="1 texts for 2 analyses"):
        kefu.to_records(results, texts[:1])
    with pytest.raises(kefu.InvalidTypeError, match=r"analyses\[0\]"):
        kefu.to_records(["nope"])
    with pytest.raises(kefu.InvalidInputError, match=r"analyses\[0\]: not an analysis"):
        kefu.to_records([{"schema": 1}])


def test_to_frame(shop_bot):
    pd = pytest.importorskip("pandas")
    texts = ["where is my order SO-20261234", "我要退貨", "I want a human NOW, this is useless"]
    df = kefu.to_frame(shop_bot.analyze_batch(texts, {"now": NOW}), texts)
    assert isinstance(df, pd.DataFrame)
    assert len(df) == 3 and list(df.columns[:3]) == ["text", "language", "script"]
    assert df["escalation"].dtype.kind in "iu"
    assert set(df["action"]) <= {"answer", "clarify", "handoff", "ticket"}
    empty = kefu.to_frame([])
    assert len(empty) == 0 and list(empty.columns) == list(kefu.RECORD_COLUMNS)

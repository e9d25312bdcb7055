"""IntentClassifier, SentimentScorer and LanguageDetector: scikit-learn
conventions (with and without scikit-learn), parity with `kefu eval
intent`, pickling and bad input."""

from __future__ import annotations

import json
import math
import pickle
import subprocess

import pytest

import kefu
from kefu import _native

from conftest import EVAL


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def split(rows, key="label"):
    return [r["text"] for r in rows], [r[key] for r in rows]


@pytest.fixture(scope="module")
def shop_data(shop_bot):
    X, y = [], []
    for name, intent in shop_bot.definition["intents"].items():
        for texts in intent["examples"].values():
            X.extend(texts)
            y.extend([name] * len(texts))
    return X, y


@pytest.fixture(scope="module")
def clf(shop_data):
    X, y = shop_data
    return kefu.IntentClassifier().fit(X, y)


def as_list(v):
    return list(v.tolist()) if hasattr(v, "tolist") else list(v)


# ------------------------------------------------------------ IntentClassifier


def test_defaults_are_the_library_defaults():
    params = kefu.IntentClassifier().get_params()
    for k, v in _native.intent_defaults().items():
        got = params[k]
        if isinstance(v, float):
            assert math.isclose(got, v, rel_tol=1e-6), k
        else:
            assert tuple(got) == tuple(v) if isinstance(v, tuple) else got == v, k


def test_fit_predict_classes(clf, shop_data):
    X, y = shop_data
    assert as_list(clf.classes_) == sorted(set(y))
    assert "oos" in as_list(clf.classes_)
    assert 0.0 <= clf.threshold_ <= 1.0 and clf.n_features_ > 0
    pred = as_list(clf.predict(["where is my order?", "我要退貨", "tell me a joke about cats"]))
    assert pred[0] == "order_status" and pred[1] == "return_refund"
    assert clf.score(X, y) > 0.9


def test_predict_proba(clf):
    texts = ["where is my order?", "我要退貨", "what's the weather on mars"]
    proba = clf.predict_proba(texts)
    rows = proba.tolist() if hasattr(proba, "tolist") else proba
    classes = as_list(clf.classes_)
    assert len(rows) == 3 and all(len(r) == len(classes) for r in rows)
    for r in rows:
        assert math.isclose(sum(r), 1.0, abs_tol=1e-4)
        assert all(0.0 <= p <= 1.0 for p in r)
    details = clf.predict_intents(texts, top_k=len(classes))
    for r, d in zip(rows, details):
        in_scope = {x["intent"]: x["confidence"] for x in d["ranking"]}
        for c, p in zip(classes, r):
            if c != "oos":
                assert math.isclose(p, in_scope[c], rel_tol=1e-6, abs_tol=1e-9)
        best = max((c for c in classes if c != "oos"), key=lambda c: r[classes.index(c)])
        if not d["out_of_scope"]:
            assert best == d["top"]


def test_predict_intents_schema(clf):
    (d,) = clf.predict_intents(["where is my order"])
    assert set(d) == {"top", "confidence", "out_of_scope", "ambiguous", "oos_reason", "ranking"}
    assert len(d["ranking"]) == 5
    e = clf.explain("where is my order")
    assert e["intent"] == "order_status" and e["features"]
    assert isinstance(e["features"][0][0], str)
    with pytest.raises(kefu.InvalidInputError, match="did you mean"):
        clf.explain("where is my order", "order_statsu")


def test_custom_oos_label(shop_data):
    X, y = shop_data
    y2 = ["NONE" if v == "oos" else v for v in y]
    c = kefu.IntentClassifier(oos_label="NONE").fit(X, y2)
    assert "NONE" in as_list(c.classes_) and "oos" not in as_list(c.classes_)
    base = kefu.IntentClassifier().fit(X, y)
    texts = ["tell me a joke", "where is my order"]
    assert [("oos" if p == "NONE" else p) for p in as_list(c.predict(texts))] == as_list(base.predict(texts))
    with pytest.raises(kefu.InvalidInputError, match="reserved"):
        kefu.IntentClassifier(oos_label="NONE").fit(X, y)


def test_get_set_params_and_repr():
    c = kefu.IntentClassifier(epochs=3)
    assert c.get_params()["epochs"] == 3
    assert c.set_params(epochs=5, char_ngrams=(3, 5)) is c
    assert c.epochs == 5 and c.char_ngrams == (3, 5)
    assert "epochs=5" in repr(c)
    with pytest.raises((kefu.InvalidInputError, ValueError)):
        c.set_params(nope=1)


def test_not_fitted():
    with pytest.raises(kefu.NotFittedError) as info:
        kefu.IntentClassifier().predict(["x"])
    assert isinstance(info.value, kefu.KefuError) and info.value.code == 1
    assert isinstance(info.value, AttributeError)


def test_pickle_fitted_model(clf):
    texts = ["where is my order?", "我要退貨", "hello?"]
    back = pickle.loads(pickle.dumps(clf))
    assert as_list(back.predict(texts)) == as_list(clf.predict(texts))
    assert back.threshold_ == clf.threshold_
    with pytest.raises(kefu.BundleError):
        _native.IntentModel._from_state(b"garbage")


def test_deterministic(shop_data):
    X, y = shop_data
    a = pickle.dumps(kefu.IntentClassifier(seed=1).fit(X, y).model_)
    b = pickle.dumps(kefu.IntentClassifier(seed=1).fit(X, y).model_)
    assert a == b


def test_training_errors(shop_data):
    X, y = shop_data
    with pytest.raises(kefu.TrainingError, match="at least 2"):
        kefu.IntentClassifier().fit(["a", "b"], ["x", "x"])
    with pytest.raises(kefu.TrainingError, match="both"):
        kefu.IntentClassifier().fit(["hello", "hello", "bye"], ["a", "b", "b"])
    c = kefu.IntentClassifier(on_conflict="keep").fit(
        ["hello", "hello", "bye", "see you"], ["a", "b", "b", "b"]
    )
    assert c.conflicts_ == [("hello", "a", "b")]
    with pytest.raises(kefu.InvalidInputError, match="on_conflict"):
        kefu.IntentClassifier(on_conflict="drop").fit(X, y)
    with pytest.raises(kefu.InvalidInputError, match="char_ngrams"):
        kefu.IntentClassifier(char_ngrams=(5, 2)).fit(X, y)
    with pytest.raises(kefu.InvalidTypeError, match=r"y\[1\]: expected str, found int"):
        kefu.IntentClassifier().fit(["a", "b"], ["x", 2])
    with pytest.raises(kefu.InvalidTypeError, match=r"X\[0\]: expected str, found bytes"):
        kefu.IntentClassifier().fit([b"a", "b"], ["x", "y"])
    with pytest.raises(kefu.InvalidInputError, match="3 texts but 2 labels"):
        kefu.IntentClassifier().fit(["a", "b", "c"], ["x", "y"])
    with pytest.raises(kefu.InvalidInputError, match="give both or neither"):
        kefu.IntentClassifier().fit(X, y, X_valid=X)


def test_matches_kefu_eval_intent(cli):
    """Python reproduces `kefu eval intent` on the same files: the same
    model (threshold) and the same metrics."""
    train, valid, test = (read_jsonl(EVAL / f"intent_{s}.jsonl") for s in ("train", "valid", "test"))
    out = subprocess.run(
        [cli, "eval", "intent", "--train", str(EVAL / "intent_train.jsonl"),
         "--valid", str(EVAL / "intent_valid.jsonl"), "--test", str(EVAL / "intent_test.jsonl"), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    want = json.loads(out)
    Xt, yt = split(train)
    Xv, yv = split(valid)
    Xs, ys = split(test)
    c = kefu.IntentClassifier(on_conflict="keep").fit(Xt, yt, X_valid=Xv, y_valid=yv)
    got = kefu.evaluate_intents(ys, c.predict(Xs))
    assert round(c.threshold_, 4) == want["threshold"]
    for k in ("accuracy", "in_scope_accuracy", "oos_recall", "oos_precision", "macro_f1"):
        assert abs(got[k] - want[k]) <= 0.005 + 1e-9, (k, got[k], want[k])
    assert got["rows"] == want["rows"]


# --------------------------------------------------------------- scikit-learn


def test_sklearn_pipeline_and_cross_validation(shop_data):
    sklearn = pytest.importorskip("sklearn")
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    X, y = shop_data
    est = kefu.IntentClassifier(epochs=6)
    c = clone(est)
    assert c.get_params() == est.get_params() and c is not est
    scores = cross_val_score(est, X, y, cv=StratifiedKFold(3, shuffle=True, random_state=0))
    assert len(scores) == 3 and min(scores) > 0.5
    pipe = make_pipeline(FunctionTransformer(lambda xs: [x.lower() for x in xs]), kefu.IntentClassifier())
    pipe.fit(X, y)
    assert pipe.predict(["WHERE IS MY ORDER"])[0] == "order_status"
    grid = GridSearchCV(kefu.IntentClassifier(), {"epochs": [4, 8]}, cv=3)
    grid.fit(X, y)
    assert grid.best_params_["epochs"] in (4, 8)
    assert sklearn.base.is_classifier(est)


def test_fallback_base_without_sklearn():
    """The fallback base gives the same get_params/set_params/score."""
    from kefu._estimators import _FallbackEstimator

    class Tiny(_FallbackEstimator):
        def __init__(self, *, a=1, b="x"):
            self.a = a
            self.b = b

        def predict(self, X):
            return ["p" for _ in X]

    t = Tiny(a=2)
    assert t.get_params() == {"a": 2, "b": "x"}
    assert t.set_params(b="y") is t and t.b == "y"
    assert t.score(["1", "2"], ["p", "q"]) == 0.5
    assert repr(t) == "Tiny(a=2, b='y')"
    with pytest.raises(kefu.InvalidInputError, match="not a parameter"):
        t.set_params(c=1)


# -------------------------------------------------- Sentiment and languages


def test_sentiment_scorer():
    s = kefu.SentimentScorer()
    r = s.analyze("thank you so much, it arrived early and it is perfect")
    assert r["label"] == "positive" and set(r) >= {"score", "label", "emotions", "escalation", "signals"}
    rows = read_jsonl(EVAL / "sentiment.jsonl")
    X, y = split(rows)
    assert as_list(s.fit().predict(X)) == [r["label"] for r in s.analyze_batch(X)]
    assert 0.0 <= s.score(X, y) <= 1.0
    scores = as_list(s.decision_function(X))
    assert all(-1.0 <= v <= 1.0 for v in scores)
    assert s.analyze_batch(X, "en", threads=1) == [s.analyze(x, "en") for x in X]
    assert as_list(s.classes_) == ["negative", "neutral", "positive"]
    assert "en" in _native.SentimentModel().languages


def test_sentiment_scorer_adapts_to_labelled_rows():
    X = [f"parcel {i} arrived broken and late" for i in range(8)]
    X += [f"parcel {i} arrived early, great packing" for i in range(8)]
    X += [f"parcel {i} is in transit" for i in range(8)]
    y = ["negative"] * 8 + ["positive"] * 8 + ["neutral"] * 8
    s = kefu.SentimentScorer().fit(X, y)
    assert 0.0 <= s.prior_weight_ <= 12.0
    assert 0.0 <= s.nb_weight_ <= 1.0
    assert as_list(s.predict(["my parcel arrived broken", "parcel in transit"])) == [
        "negative",
        "neutral",
    ]
    assert s.score(X, y) >= 0.9
    # rules still apply: asking for a human escalates
    assert "asks_for_human" in s.analyze("I want to talk to a person", "en")["signals"]
    back = pickle.loads(pickle.dumps(s))
    assert back.analyze_batch(X, "en") == s.analyze_batch(X, "en")
    # refitting without labels goes back to the built-in scorer
    assert s.fit().analyze("parcel in transit", "en") == kefu.SentimentScorer().analyze(
        "parcel in transit", "en"
    )
    with pytest.raises(kefu.TrainingError, match=r"row 3.*`meh`"):
        kefu.SentimentScorer().fit(["a", "b", "c"], ["negative", "positive", "meh"])
    with pytest.raises(kefu.BundleError):
        _native.SentimentModel().with_adapter(b"\x01\x02")


def test_sentiment_lexicon():
    text = "the parcel arrived wonky"
    plain = kefu.SentimentScorer().analyze(text, "en")
    custom = kefu.SentimentScorer(lexicon={"en": {"wonky": -0.9}}).analyze(text, "en")
    assert custom["score"] < plain["score"]
    with pytest.raises(kefu.DefinitionError, match="sentiment.lexicon.en.great"):
        kefu.SentimentScorer(lexicon={"en": {"great": 3.0}}).fit()
    with pytest.raises(kefu.DefinitionError, match="sentiment.lexicon.en.great"):
        kefu.SentimentScorer(lexicon={"en": {"great": "very"}}).fit()
    with pytest.raises(kefu.InvalidTypeError, match="lexicon"):
        kefu.SentimentScorer(lexicon=["en"]).fit()
    s = kefu.SentimentScorer(lexicon={"en": {"wonky": -0.9}})
    back = pickle.loads(pickle.dumps(s.fit()))
    assert back.analyze(text, "en") == custom
    with pytest.raises(kefu.InvalidInputError, match="langs: 1 languages for 2 texts"):
        s.analyze_batch(["a", "b"], ["en"])


def test_language_detector():
    d = kefu.LanguageDetector()
    r = d.detect("我的订单在哪里")
    assert r["code"] == "zh" and r["script"] == "Hans"
    assert d.detect("我的訂單在哪裡")["script"] == "Hant"
    rows = read_jsonl(EVAL / "lang.jsonl")
    X, y = split(rows, "lang")
    assert as_list(d.predict(X)) == [r["code"] for r in d.detect_batch(X)]
    assert d.score(X, y) >= 0.5
    assert d.detect_batch(X, threads=2) == [d.detect(x) for x in X]
    assert "en" in kefu.LanguageDetector.known_languages()
    limited = kefu.LanguageDetector(languages=["en", "es"])
    assert as_list(limited.classes_) == ["en", "es", "und"]
    assert limited.detect("¿dónde está mi pedido?")["code"] == "es"
    with pytest.raises(kefu.InvalidInputError, match=r"languages\[1\]"):
        kefu.LanguageDetector(languages=["en", "xx"]).fit()
    with pytest.raises(kefu.InvalidTypeError, match="text: expected str"):
        d.detect(None)
    assert pickle.loads(pickle.dumps(limited)).detect("hola amigo") == limited.detect("hola amigo")

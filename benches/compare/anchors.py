#!/usr/bin/env python3
"""The Python anchors of benches/compare, on the same splits as `kefu eval`.

    python anchors.py --data ../shared/data --out results/ [--only intent,faq,sentiment]

Writes one JSON file per task into --out (`intent_<dataset>.json`,
`faq_stackfaq.json`, `sentiment_<dataset>.json`). Metrics follow the
definitions of `kefu eval` (cli/src/eval.rs): percentages, macro-F1 over the
union of gold and predicted labels, `oos` as a class.

Speed: every number names the API it timed. scikit-learn and fastText are
timed on their native batch APIs (one vectorized `predict` on the whole test
list; fastText's `predict` on a list of strings); VADER and rank_bm25 have no
batch API, so they are timed one call per text. Training is single-threaded
everywhere (run.sh sets the BLAS/OpenMP thread counts to 1; fastText gets
thread=1), like kefu's.

Hyper-parameters: the features are fixed and the same on every dataset (the
configurations of the reference points in ../shared/data/README.md: word
1-2 + char 2-5 TF-IDF; fastText epoch 50, char 2-5, word bigrams). For
intents, one parameter per anchor is chosen on the valid split (or a 10%
stratified holdout of train when there is none): C for LinearSVC
(0.1/1/10) and LogReg (1/10/100), the learning rate for fastText
(0.1/0.5/1.0); then the anchor is retrained on all of train, and only that
training is timed. Sentiment's TF-IDF + LogReg keeps scikit-learn's default
C=1 (large training sets). Nothing is tuned on a test split.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

OOS = "oos"


# --- shared helpers ---------------------------------------------------------

def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def texts_labels(path: Path) -> tuple[list[str], list[str]]:
    rows = read_jsonl(path)
    return [r["text"] for r in rows], [r["label"] for r in rows]


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, process CPU seconds)."""
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def pct(n: float, d: float) -> float:
    return 0.0 if d == 0 else round(100.0 * n / d, 2)


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Macro-F1 (percent) over the union of gold and predicted labels, as
    `kefu eval` computes it."""
    labels = set(gold) | set(pred)
    if not labels:
        return 0.0
    total = 0.0
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        total += 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return round(100.0 * total / len(labels), 2)


def intent_metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    n = len(gold)
    in_scope = [(g, p) for g, p in zip(gold, pred) if g != OOS]
    oos_gold = sum(1 for g in gold if g == OOS)
    oos_pred = sum(1 for p in pred if p == OOS)
    oos_hit = sum(1 for g, p in zip(gold, pred) if g == OOS and p == OOS)
    return {
        "accuracy": pct(sum(1 for g, p in zip(gold, pred) if g == p), n),
        "in_scope_accuracy": pct(sum(1 for g, p in in_scope if g == p), len(in_scope)),
        "oos_recall": pct(oos_hit, oos_gold),
        "oos_precision": pct(oos_hit, oos_pred),
        "macro_f1": macro_f1(gold, pred),
    }


def single_call_us(fn: Callable[[str], Any], texts: list[str], n: int = 300) -> float:
    """Mean microseconds of one call on one message (first n test texts)."""
    sample = texts[:n]
    t0 = time.perf_counter()
    for t in sample:
        fn(t)
    return round(1e6 * (time.perf_counter() - t0) / max(1, len(sample)), 2)


def tfidf_union():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_union

    return make_union(
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )


SVC_CS = [0.1, 1.0, 10.0]
LOGREG_CS = [1.0, 10.0, 100.0]


def make_clf(kind: str, C: float):
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    return LinearSVC(C=C) if kind == "linearsvc" else LogisticRegression(C=C, max_iter=1000)


def choose_c(kind: str, X: list[str], y: list[str],
             valid: tuple[list[str], list[str]] | None) -> tuple[float, str]:
    """C chosen on the valid split (or a 10% holdout of train): the TF-IDF
    features are fitted once on the selection rows, then one classifier per C."""
    if valid is not None:
        Xs, ys, Xv, yv = X, y, valid[0], valid[1]
        on = "valid split"
    else:
        Xs, ys, Xv, yv = holdout(X, y)
        on = "10% stratified holdout of train"
    feats = tfidf_union()
    A = feats.fit_transform(Xs)
    B = feats.transform(Xv)
    grid = SVC_CS if kind == "linearsvc" else LOGREG_CS
    scores = {}
    for C in grid:
        pred = make_clf(kind, C).fit(A, ys).predict(B)
        scores[C] = sum(1 for g, p in zip(yv, pred) if g == p) / max(1, len(yv))
    best = max(grid, key=lambda c: (scores[c], -c))
    return best, f"C={best:g} of {grid} chosen on the {on} (accuracy " + ", ".join(
        f"C={k:g}: {100 * v:.1f}" for k, v in scores.items()) + ")"


def sklearn_system(kind: str, X: list[str], y: list[str], Xt: list[str],
                   valid: tuple[list[str], list[str]] | None = None,
                   select: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Fit TF-IDF word+char with LinearSVC or LogReg; time fit and the
    vectorized predict. With `select`, C is chosen first (not timed)."""
    from sklearn.pipeline import make_pipeline

    if select:
        C, how = choose_c(kind, X, y, valid)
    else:
        C, how = 1.0, "C=1 (scikit-learn's default)"
    pipe = make_pipeline(tfidf_union(), make_clf(kind, C))
    _, wall, cpu = timed(lambda: pipe.fit(X, y))
    pred, pwall, _ = timed(lambda: list(pipe.predict(Xt)))
    name = "LinearSVC" if kind == "linearsvc" else "LogisticRegression(lbfgs, max_iter=1000)"
    info = {
        "train_s": round(wall, 3),
        "train_cpu_s": round(cpu, 3),
        "predict_us_per_msg": round(1e6 * pwall / max(1, len(Xt)), 2),
        "predict_api": "Pipeline.predict(list of all test texts) (vectorized batch)",
        "single_call_us": single_call_us(lambda t: pipe.predict([t]), Xt),
        "model_bytes": len(pickle.dumps(pipe)),
        "model_format": "pickle of the fitted Pipeline",
        "C": C,
        "params": f"TfidfVectorizer word (1,2) + char_wb (2,5), sublinear_tf; {name}, {how}",
    }
    return info, [str(p) for p in pred]


CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af])")


def fasttext_text(t: str) -> str:
    """fastText splits on whitespace only: lower-case, one line, and every
    CJK character its own token (Chinese has no spaces)."""
    t = t.replace("\n", " ").replace("\r", " ").lower()
    return re.sub(r"\s+", " ", CJK.sub(r" \1 ", t)).strip()


FASTTEXT_PARAMS = dict(epoch=50, minn=2, maxn=5, wordNgrams=2, thread=1, seed=0, verbose=0)
FASTTEXT_LRS = [0.1, 0.5, 1.0]


def fasttext_train(X: list[str], y: list[str], lr: float, tmp: str) -> Any:
    import fasttext

    path = os.path.join(tmp, "train.txt")
    with open(path, "w", encoding="utf-8") as f:
        for t, lab in zip(X, y):
            f.write(f"__label__{lab.replace(' ', '_')} {fasttext_text(t)}\n")
    return fasttext.train_supervised(input=path, lr=lr, **FASTTEXT_PARAMS)


def fasttext_predict(model: Any, texts: list[str], y: list[str]) -> list[str]:
    labels, _ = model.predict(texts, k=1)
    label_map = {lab.replace(" ", "_"): lab for lab in set(y)}
    return [label_map.get(ls[0][len("__label__"):], "") if ls else "" for ls in labels]


def holdout(X: list[str], y: list[str], share: float = 0.1) -> tuple[list[str], list[str], list[str], list[str]]:
    """A stratified split of train (seed 0) for choosing hyper-parameters
    when a dataset has no valid split."""
    from sklearn.model_selection import train_test_split

    a, b, ya, yb = train_test_split(X, y, test_size=share, random_state=0, stratify=y)
    return list(a), list(ya), list(b), list(yb)


def fasttext_system(X: list[str], y: list[str], Xt: list[str],
                    valid: tuple[list[str], list[str]] | None) -> tuple[dict[str, Any], list[str]]:
    """fastText with the learning rate chosen on valid (or a 10% holdout of
    train), then trained on all of train."""
    if valid is not None:
        Xs, ys, Xv, yv = X, y, valid[0], valid[1]
        chosen_on = "valid split"
    else:
        Xs, ys, Xv, yv = holdout(X, y)
        chosen_on = "10% stratified holdout of train (no valid split)"
    Xv_clean = [fasttext_text(t) for t in Xv]
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        for lr in FASTTEXT_LRS:
            m = fasttext_train(Xs, ys, lr, tmp)
            pred = fasttext_predict(m, Xv_clean, y)
            scores[lr] = sum(1 for g, p in zip(yv, pred) if g == p) / max(1, len(yv))
        lr = max(FASTTEXT_LRS, key=lambda v: (scores[v], -v))
        model, wall, cpu = timed(lambda: fasttext_train(X, y, lr, tmp))
        model_path = os.path.join(tmp, "model.bin")
        model.save_model(model_path)
        size = os.path.getsize(model_path)
    texts = [fasttext_text(t) for t in Xt]
    pred, pwall, _ = timed(lambda: fasttext_predict(model, texts, y))
    info = {
        "train_s": round(wall, 3),
        "train_cpu_s": round(cpu, 3),
        "predict_us_per_msg": round(1e6 * pwall / max(1, len(Xt)), 2),
        "predict_api": "model.predict(list of all test texts, k=1) (native batch)",
        "single_call_us": single_call_us(lambda t: model.predict(t, k=1), texts),
        "model_bytes": size,
        "model_format": "fastText .bin (save_model; 2M hash buckets x dim 100, the default)",
        "params": f"train_supervised lr={lr} (of {FASTTEXT_LRS}, chosen on the {chosen_on}: "
        + ", ".join(f"{k}: {100 * v:.1f}" for k, v in scores.items())
        + ") epoch=50 minn=2 maxn=5 wordNgrams=2 thread=1; lower-cased, CJK characters split into tokens",
    }
    return info, pred


# --- tasks --------------------------------------------------------------------

INTENT_SETS = ["clinc150", "banking77", "smp2017_ecdt"]
SENTIMENT_SETS = ["sst2", "tweeteval_sentiment", "chnsenticorp"]


def run_intent(data: Path, name: str) -> dict[str, Any]:
    d = data / name
    X, y = texts_labels(d / "train.jsonl")
    Xt, yt = texts_labels(d / "test.jsonl")
    valid = texts_labels(d / "valid.jsonl") if (d / "valid.jsonl").exists() else None
    out: dict[str, Any] = {"dataset": name, "train_rows": len(X), "test_rows": len(Xt)}
    for key, fn in [
        ("tfidf_linearsvc", lambda: sklearn_system("linearsvc", X, y, Xt, valid, select=True)),
        ("tfidf_logreg", lambda: sklearn_system("logreg", X, y, Xt, valid, select=True)),
        ("fasttext", lambda: fasttext_system(X, y, Xt, valid)),
    ]:
        log(f"intent {name}: {key}")
        info, pred = fn()
        out[key] = {**intent_metrics(yt, pred), **info}
    return out


def tokenize(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def ranking_metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks)
    return {
        "p_at_1": pct(sum(1 for r in ranks if r == 0), n),
        "mrr": round(100.0 * sum(1.0 / (r + 1) for r in ranks if r is not None) / max(1, n), 2),
        "recall_at_5": pct(sum(1 for r in ranks if r is not None and r < 5), n),
    }


def run_faq(data: Path) -> dict[str, Any]:
    import numpy as np
    from rank_bm25 import BM25Okapi
    from sklearn.feature_extraction.text import TfidfVectorizer

    d = data / "stackfaq"
    faq = read_jsonl(d / "faq.jsonl")
    queries = read_jsonl(d / "queries.jsonl")
    ids = [f["id"] for f in faq]
    relevant = [{q["faq_id"], *q.get("relevant_faq_ids", [])} for q in queries]
    texts = [q["text"] for q in queries]

    def rank_of(scores: Any, rel: set[str]) -> int | None:
        order = np.argsort(-np.asarray(scores), kind="stable")
        for pos, i in enumerate(order):
            if ids[i] in rel:
                return pos
        return None

    out: dict[str, Any] = {"dataset": "stackfaq", "faqs": len(faq), "queries": len(queries),
                           "setting": "zero-shot: only each FAQ's question (and answer where said) is indexed; all queries scored"}
    for key, docs in [
        ("bm25_question", [f["question"] for f in faq]),
        ("bm25_question_answer", [f["question"] + " " + f["answer"] for f in faq]),
    ]:
        log(f"faq: {key}")
        bm, wall, _ = timed(lambda: BM25Okapi([tokenize(t) for t in docs]))
        t0 = time.perf_counter()
        ranks = [rank_of(bm.get_scores(tokenize(q)), rel) for q, rel in zip(texts, relevant)]
        q_us = 1e6 * (time.perf_counter() - t0) / len(texts)
        out[key] = {
            **ranking_metrics(ranks),
            "index_ms": round(1e3 * wall, 2),
            "query_us": round(q_us, 2),
            "query_api": "BM25Okapi.get_scores(tokens), one call per query (rank_bm25 has no multi-query API); includes tokenizing and ranking",
            "model_bytes": len(pickle.dumps(bm)),
            "model_format": "pickle of BM25Okapi",
            "params": "rank_bm25 BM25Okapi defaults (k1=1.5, b=0.75), lower-cased \\w+ tokens",
        }
    log("faq: tfidf_char")
    docs = [f["question"] for f in faq]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    m, wall, _ = timed(lambda: vec.fit_transform(docs))
    sims, qwall, _ = timed(lambda: (vec.transform(texts) @ m.T).toarray())
    ranks = [rank_of(sims[i], rel) for i, rel in enumerate(relevant)]
    out["tfidf_char_question"] = {
        **ranking_metrics(ranks),
        "index_ms": round(1e3 * wall, 2),
        "query_us": round(1e6 * qwall / len(texts), 2),
        "query_api": "vectorizer.transform(all queries) @ index.T (vectorized batch; ranking excluded)",
        "model_bytes": len(pickle.dumps((vec, m))),
        "model_format": "pickle of (TfidfVectorizer, matrix)",
        "params": "TfidfVectorizer char_wb (2,5), sublinear_tf, cosine",
    }
    return out


def run_sentiment(data: Path, name: str) -> dict[str, Any]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    d = data / name
    Xt, yt = texts_labels(d / "test.jsonl")
    X, y = texts_labels(d / "train.jsonl")
    two_class = "neutral" not in set(yt)
    out: dict[str, Any] = {"dataset": name, "train_rows": len(X), "test_rows": len(Xt),
                           "classes": 2 if two_class else 3}

    log(f"sentiment {name}: vader")
    analyzer, load_wall, _ = timed(SentimentIntensityAnalyzer)

    def vader_label(t: str) -> str:
        c = analyzer.polarity_scores(t)["compound"]
        if two_class:
            return "negative" if c < 0 else "positive"
        return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"

    pred, wall, _ = timed(lambda: [vader_label(t) for t in Xt])
    out["vader"] = {
        "accuracy": pct(sum(1 for g, p in zip(yt, pred) if g == p), len(yt)),
        "macro_f1": macro_f1(yt, pred),
        "predict_us_per_msg": round(1e6 * wall / len(Xt), 2),
        "predict_api": "SentimentIntensityAnalyzer.polarity_scores(text), one call per text (VADER has no batch API)",
        "load_ms": round(1e3 * load_wall, 1),
        "model_bytes": lexicon_bytes(),
        "model_format": "vader_lexicon.txt + emoji_utf8_lexicon.txt",
        "params": ("2 classes: compound < 0 -> negative, else positive (kefu's rule)" if two_class
                   else "3 classes: compound >= 0.05 positive, <= -0.05 negative, else neutral (VADER's thresholds)"),
    }

    log(f"sentiment {name}: tfidf_logreg")
    info, pred = sklearn_system("logreg", X, y, Xt)
    out["tfidf_logreg"] = {
        "accuracy": pct(sum(1 for g, p in zip(yt, pred) if g == p), len(yt)),
        "macro_f1": macro_f1(yt, pred),
        **info,
    }
    return out


def lexicon_bytes() -> int:
    import vaderSentiment

    base = Path(vaderSentiment.__file__).parent
    return sum(p.stat().st_size for p in base.glob("*.txt"))


def log(msg: str) -> None:
    print(f"[anchors {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {"python": platform.python_version()}
    for p in ["numpy", "scipy", "scikit-learn", "fasttext-wheel", "vaderSentiment", "rank-bm25"]:
        try:
            out[p] = version(p)
        except Exception:  # noqa: BLE001 - report what is there
            out[p] = "?"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the shared data directory (../shared/data)")
    ap.add_argument("--out", required=True, help="directory for the JSON results")
    ap.add_argument("--only", default="intent,faq,sentiment", help="comma-separated tasks")
    args = ap.parse_args()
    data, out = Path(args.data), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tasks = set(args.only.split(","))

    def write(name: str, v: dict[str, Any]) -> None:
        v["versions"] = versions()
        (out / f"{name}.json").write_text(json.dumps(v, indent=1), encoding="utf-8")

    if "intent" in tasks:
        for name in INTENT_SETS:
            write(f"anchors_intent_{name}", run_intent(data, name))
    if "faq" in tasks:
        write("anchors_faq_stackfaq", run_faq(data))
    if "sentiment" in tasks:
        for name in SENTIMENT_SETS:
            write(f"anchors_sentiment_{name}", run_sentiment(data, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())

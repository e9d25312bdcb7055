#!/usr/bin/env python3
"""kefu.IntentClassifier vs scikit-learn LinearSVC on TF-IDF word+char
n-grams, side by side on CLINC150 (a benchmark script, not a test).

Both train single-threaded on the same rows; the out-of-scope class (`oos`)
is a class for both. kefu picks its out-of-scope threshold on the
validation split, exactly as `kefu eval intent --valid` does; LinearSVC
predicts the arg-max class. Both are scored with kefu.evaluate_intents (the
definitions of `kefu eval intent`).

Reported: training time (wall clock and CPU time of the training thread:
CPU time is the fair number on a busy machine), prediction time, model
size, and the metrics. With the `kefu` CLI built (`cargo build --release -p
kefu-cli`, found at target/release/kefu or given with --cli), the script
also runs `kefu eval intent` on the same files and checks that Python
reproduces its metrics within 0.1 points.

    pip install ./bindings-python scikit-learn
    python benches/python/intent_vs_linearsvc.py [--data ../shared/data/clinc150] [--repeat 3]

Targets (issue 11): kefu trains >= 5x faster than TF-IDF + LinearSVC, and
matches `kefu eval intent` within 0.1 points.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import kefu

ROOT = Path(__file__).resolve().parents[2]


def read_jsonl(path: Path) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(row["label"])
    return texts, labels


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds of this thread)."""
    w0, c0 = time.perf_counter(), time.thread_time()
    out = fn()
    return out, time.perf_counter() - w0, time.thread_time() - c0


def best_of(n: int, fn: Callable[[], Any]) -> tuple[Any, float, float]:
    runs = [timed(fn) for _ in range(n)]
    return runs[-1][0], min(r[1] for r in runs), min(r[2] for r in runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "clinc150"),
                    help="directory with train.jsonl, valid.jsonl, test.jsonl (default: ../shared/data/clinc150)")
    ap.add_argument("--repeat", type=int, default=3, help="training runs per model; the best time counts")
    ap.add_argument("--cli", default=None, help="the kefu CLI (default: target/release/kefu when built)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC
        import sklearn
    except ImportError:
        print("this benchmark needs scikit-learn: pip install scikit-learn", file=sys.stderr)
        return 2

    data = Path(args.data)
    X, y = read_jsonl(data / "train.jsonl")
    Xv, yv = read_jsonl(data / "valid.jsonl")
    Xt, yt = read_jsonl(data / "test.jsonl")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    info = f"{len(X)} train / {len(Xv)} valid / {len(Xt)} test rows, {len(set(y))} labels; " \
           f"{os.cpu_count()} CPUs, load average {load:.1f}"
    if not args.json:
        print(f"CLINC150 from {data}: {info}")
        print(f"kefu {kefu.__version__}, scikit-learn {sklearn.__version__}")

    # --- kefu --------------------------------------------------------------
    def fit_kefu() -> kefu.IntentClassifier:
        return kefu.IntentClassifier(on_conflict="keep").fit(X, y, X_valid=Xv, y_valid=yv)

    clf, k_wall, k_cpu = best_of(args.repeat, fit_kefu)
    k_pred, k_pwall, _ = timed(lambda: list(clf.predict(Xt)))
    _, k_pwall1, _ = timed(lambda: clf.set_params(threads=1).predict(Xt))
    k_metrics = kefu.evaluate_intents(yt, k_pred)
    k_bytes = len(pickle.dumps(clf.model_))

    # --- scikit-learn: TF-IDF word 1-2-grams + char_wb 2-4-grams, LinearSVC --
    def fit_svc() -> Any:
        pipe = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            ),
            LinearSVC(C=1.0),
        )
        return pipe.fit(X, y)

    svc, s_wall, s_cpu = best_of(args.repeat, fit_svc)
    s_pred, s_pwall, _ = timed(lambda: list(svc.predict(Xt)))
    s_metrics = kefu.evaluate_intents(yt, s_pred)
    s_bytes = len(pickle.dumps(svc))

    keys = ("accuracy", "in_scope_accuracy", "oos_recall", "oos_precision", "macro_f1")
    result: dict[str, Any] = {
        "data": info,
        "kefu": {
            **{k: round(k_metrics[k], 2) for k in keys},
            "train_s_wall": round(k_wall, 3),
            "train_s_cpu": round(k_cpu, 3),
            "predict_us_per_msg": round(1e6 * k_pwall / len(Xt), 2),
            "predict_us_per_msg_1_thread": round(1e6 * k_pwall1 / len(Xt), 2),
            "model_bytes": k_bytes,
            "threshold": round(clf.threshold_, 4),
        },
        "linearsvc_tfidf": {
            **{k: round(s_metrics[k], 2) for k in keys},
            "train_s_wall": round(s_wall, 3),
            "train_s_cpu": round(s_cpu, 3),
            "predict_us_per_msg": round(1e6 * s_pwall / len(Xt), 2),
            "model_bytes": s_bytes,
        },
        "train_speedup_wall": round(s_wall / k_wall, 2),
        "train_speedup_cpu": round(s_cpu / k_cpu, 2),
    }

    # --- parity with `kefu eval intent` ------------------------------------
    cli = args.cli or str(ROOT / "target" / "release" / "kefu")
    if os.path.exists(cli):
        out = subprocess.run(
            [cli, "eval", "intent", "--train", str(data / "train.jsonl"), "--valid",
             str(data / "valid.jsonl"), "--test", str(data / "test.jsonl"), "--json"],
            check=True, capture_output=True, text=True,
        ).stdout
        want = json.loads(out)
        diffs = {k: round(abs(k_metrics[k] - want[k]), 3) for k in keys}
        result["cli"] = {k: want[k] for k in (*keys, "threshold", "train_ms")}
        result["cli_max_abs_diff_points"] = max(diffs.values())
        result["cli_match_within_0.1"] = max(diffs.values()) <= 0.1

    if args.json:
        print(json.dumps(result))
        return 0
    print(f"\n{'':<22}{'kefu':>12}{'TF-IDF+LinearSVC':>20}")
    for k in keys:
        print(f"{k:<22}{k_metrics[k]:>12.2f}{s_metrics[k]:>20.2f}")
    print(f"{'train s (wall)':<22}{k_wall:>12.2f}{s_wall:>20.2f}")
    print(f"{'train s (CPU)':<22}{k_cpu:>12.2f}{s_cpu:>20.2f}")
    print(f"{'predict us/msg':<22}{1e6 * k_pwall / len(Xt):>12.1f}{1e6 * s_pwall / len(Xt):>20.1f}")
    print(f"{'model bytes':<22}{k_bytes:>12}{s_bytes:>20}")
    print(f"\nkefu trains {result['train_speedup_cpu']}x faster (CPU time; "
          f"{result['train_speedup_wall']}x wall clock). Target: >= 5x.")
    if "cli" in result:
        print(f"`kefu eval intent`: " + ", ".join(f"{k} {result['cli'][k]}" for k in keys)
              + f"; largest difference {result['cli_max_abs_diff_points']} points (target <= 0.1)")
    else:
        print(f"(build the CLI with `cargo build --release -p kefu-cli` to compare with `kefu eval intent`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

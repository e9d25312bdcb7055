#!/usr/bin/env python3
"""Renders BENCHMARKS.md from the JSON results of benches/compare/run.sh.

    python report.py --results benches/compare/results --out BENCHMARKS.md \
        --command "benches/compare/run.sh" --started 2026-01-01T00:00:00Z \
        --elapsed-s 1234 --criterion-dir target/criterion --root .

Every figure in the report comes from a file in --results written in the
same run (and, for the criterion section, from the estimates criterion
wrote after the run's `criterion.stamp`). Only the standard library is used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

LANGS = "en zh es fr de pt ja ko ru ar it id vi th tr".split()


def load(results: Path, name: str) -> dict[str, Any] | None:
    p = results / f"{name}.json"
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def size(n: int | None) -> str:
    if n is None:
        return "–"
    for unit, div in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= div:
            return f"{n / div:.1f} {unit}"
    return f"{n} B"


def num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def dur_s(s: float | None) -> str:
    if s is None:
        return "–"
    return f"{s * 1e3:.0f} ms" if s < 1 else f"{s:.1f} s"


def us(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.1f} µs" if x < 1000 else f"{x / 1000:.2f} ms"


def ratio(anchor: float | None, kefu: float | None) -> str:
    """kefu's speed relative to the anchor: anchor time / kefu time."""
    if anchor is None or kefu is None or kefu <= 0 or anchor <= 0:
        return "–"
    r = anchor / kefu
    if 0.95 <= r < 1.05:
        return "≈ same"
    if r >= 1:
        return f"**{r:.0f}× faster**" if r >= 10 else f"**{r:.1f}× faster**"
    inv = 1 / r
    return f"{inv:.0f}× slower" if inv >= 10 else f"{inv:.1f}× slower"


def table(head: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def machine(elapsed_s: float | None, started: str, results: Path) -> str:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    rustc = run(["rustc", "--version"])
    loads = []
    log = results / "load.log"
    if log.exists():
        for line in log.read_text().splitlines():
            parts = line.split(" ", 4)
            if len(parts) >= 2:
                loads.append(float(parts[1]))
    load = f"1-min load average during the run {min(loads):.1f}–{max(loads):.1f}" if loads else ""
    el = f"; the run took {elapsed_s / 60:.1f} min" if elapsed_s else ""
    return (f"{started}; {cpu}, {os.cpu_count()} cores, {mem}; {platform.system()} {platform.release()}; "
            f"{rustc}; {load}{el}")


def run(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


# --- sections ---------------------------------------------------------------------

INTENT_TITLES = {
    "clinc150": "CLINC150 (150 intents + out-of-scope, English; 15,100 train / 3,100 valid / 5,500 test)",
    "banking77": "BANKING77 (77 intents, English; 10,003 train / 3,080 test, no valid split)",
    "smp2017_ecdt": "SMP2017-ECDT (31 classes, Chinese; 2,299 train / 770 valid / 667 test)",
}
ANCHOR_NAMES = {
    "tfidf_linearsvc": "TF-IDF word+char + LinearSVC",
    "tfidf_logreg": "TF-IDF word+char + LogReg",
    "fasttext": "fastText",
}


def intent_section(results: Path) -> str:
    parts = ["## Intent classification", "",
             "kefu: `kefu eval intent` (`IntentClassifier::train`, then `predict` one message at a time "
             "from Rust; the training time includes choosing the out-of-scope threshold on valid, or by "
             "cross-validation on train when there is no valid split). Anchors: `anchors.py`; scikit-learn "
             "and fastText predict the whole test list in one batch call. All train single-threaded. "
             "`oos` is a class for the anchors; kefu also rejects by its threshold.", ""]
    for ds, title in INTENT_TITLES.items():
        k = load(results, f"kefu_intent_{ds}")
        a = load(results, f"anchors_intent_{ds}")
        if k is None or a is None:
            parts += [f"### {title}", "", "_not run (missing results)_", ""]
            continue
        k_train = k["train_ms"] / 1e3
        oos = ds == "clinc150"
        head = ["system", "in-scope acc." if oos else "accuracy"]
        if oos:
            head += ["accuracy (all, `oos` a class)", "OOS recall"]
        head += ["macro-F1", "train time", "kefu train speed", "predict / msg", "kefu predict speed", "model size"]
        rows = []
        krow = ["**kefu**", num(k["in_scope_accuracy"] if oos else k["accuracy"])]
        if oos:
            krow += [num(k["accuracy"]), num(k["oos_recall"])]
        krow += [num(k["macro_f1"]), dur_s(k_train), "–", us(k["predict_us_per_msg"]) + " (Rust, one message per call)",
                 "–", size(k["model_bytes"])]
        rows.append(krow)
        for key, name in ANCHOR_NAMES.items():
            s = a.get(key)
            if not s:
                continue
            row = [name, num(s["in_scope_accuracy"] if oos else s["accuracy"])]
            if oos:
                row += [num(s["accuracy"]), num(s["oos_recall"])]
            row += [num(s["macro_f1"]), f"{dur_s(s['train_s'])} (CPU {dur_s(s['train_cpu_s'])})",
                    ratio(s["train_s"], k_train),
                    us(s["predict_us_per_msg"]) + f" (batch; one-message call {us(s['single_call_us'])})",
                    ratio(s["predict_us_per_msg"], k["predict_us_per_msg"]), size(s["model_bytes"])]
            rows.append(row)
        parts += [f"### {title}", "", table(head, rows), ""]
        notes = [f"kefu: library defaults, out-of-scope threshold {k['threshold']}"]
        for key, name in ANCHOR_NAMES.items():
            if key in a:
                notes.append(f"{name}: {a[key]['params']}")
        parts += ["<sub>" + "<br>".join(notes) + ".</sub>", ""]
    return "\n".join(parts)


def faq_section(results: Path) -> str:
    k = load(results, "kefu_faq_stackfaq")
    a = load(results, "anchors_faq_stackfaq")
    parts = ["## FAQ retrieval: StackFAQ (125 FAQs, 1,249 paraphrased queries, zero-shot)", "",
             "Only each FAQ's question (and, where said, its answer) is indexed; every query is scored. "
             "P@1, MRR and recall@5 as `kefu eval faq` defines them (rank of the first relevant FAQ). "
             "kefu: `kefu eval faq` (`FaqIndex::scores` one query at a time from Rust; it also reports "
             "answer/no-answer decisions). There is no trained model here: \"training\" is building the index.", ""]
    if k is None or a is None:
        return "\n".join(parts + ["_not run (missing results)_", ""])
    head = ["system", "P@1", "MRR", "recall@5", "index build", "query time", "kefu query speed", "index size"]
    rows = [["**kefu**", num(k["p_at_1"]), num(k["mrr"]), num(k["recall_at_5"]),
             f"{k.get('index_ms', 0):.1f} ms" if "index_ms" in k else "–",
             us(k["query_us"]) + " (Rust, one query per call)", "–", "– (rebuilt from the bundle's entries)"]]
    names = {"bm25_question": "rank_bm25 BM25Okapi, question",
             "bm25_question_answer": "rank_bm25 BM25Okapi, question + answer",
             "tfidf_char_question": "scikit-learn char TF-IDF cosine, question"}
    for key, name in names.items():
        s = a.get(key)
        if not s:
            continue
        api = "one query per call" if key.startswith("bm25") else "batch"
        rows.append([name, num(s["p_at_1"]), num(s["mrr"]), num(s["recall_at_5"]), f"{s['index_ms']:.1f} ms",
                     us(s["query_us"]) + f" ({api})", ratio(s["query_us"], k["query_us"]), size(s["model_bytes"])])
    parts += [table(head, rows), "",
              f"<sub>kefu answers {num(k['answer_rate'])}% of the queries and is right on "
              f"{num(k['precision_when_answered'])}% of those it answers (the rest get a clarifying question or "
              "\"no answer\"). The anchors rank only.</sub>", ""]
    return "\n".join(parts)


def lingua_model_bytes(results: Path) -> int | None:
    p = results / "langid_metadata.json"
    if not p.exists():
        return None
    meta = json.loads(p.read_text(encoding="utf-8"))
    total = 0
    for pkg in meta.get("packages", []):
        if pkg["name"].startswith("lingua-") and pkg["name"].endswith("-language-model"):
            d = Path(pkg["manifest_path"]).parent / "models"
            total += sum(f.stat().st_size for f in d.rglob("*") if f.is_file())
    return total or None


def lang_section(results: Path) -> str:
    k = load(results, "kefu_lang_langid")
    a = load(results, "anchors_lang_langid")
    parts = ["## Language identification: langid, 15 languages", "",
             f"The `langid` test rows of {', '.join(LANGS)} (Lingua's test data: single words, word pairs, "
             "sentences), every detector restricted to those 15 languages. kefu: `kefu eval lang --languages …` "
             "(`LanguageDetector::detect`, one text per call). whatlang 0.18 (`Detector::with_allowlist`, "
             "`detect_lang`) and Lingua 1.8 (`LanguageDetectorBuilder::from_languages`, models preloaded, "
             "`detect_language_of`) run in `benches/compare/langid`, one text per call on one thread, "
             "the same way.", ""]
    if k is None or a is None:
        return "\n".join(parts + ["_not run (missing results)_", ""])
    head = ["system", "accuracy", "word", "pair", "sentence", "texts / s", "µs / text", "kefu speed", "model size"]
    k_us = 1e6 / k["texts_per_s"]
    rows = [["**kefu**", num(k["accuracy"]), num(k["by_kind"].get("word")), num(k["by_kind"].get("pair")),
             num(k["by_kind"].get("sentence")), f"{k['texts_per_s']:,.0f}", f"{k_us:.1f}", "–", "compiled in"]]
    lingua_size = lingua_model_bytes(results)
    names = {"whatlang": ("whatlang", "compiled in"),
             "lingua_high": ("Lingua, high accuracy", size(lingua_size) + " (15 model crates)"),
             "lingua_low": ("Lingua, low accuracy", size(lingua_size) + " (15 model crates)")}
    for key, (name, sz) in names.items():
        s = a.get(key)
        if not s:
            continue
        rows.append([name, num(s["accuracy"]), num(s["by_kind"].get("word")), num(s["by_kind"].get("pair")),
                     num(s["by_kind"].get("sentence")), f"{s['texts_per_s']:,.0f}", f"{s['us_per_text']:.1f}",
                     ratio(s["us_per_text"], k_us), sz])
    parts += [table(head, rows), "", f"<sub>{k['rows']:,} rows. Accuracy per language, kefu: " +
              ", ".join(f"{lang} {v}" for lang, v in sorted(k["by_lang"].items())) + "</sub>", ""]
    return "\n".join(parts)


SENT_TITLES = {
    "sst2": ("SST-2 (English movie-review phrases, 2 classes; test = GLUE dev, 872 rows)", "accuracy"),
    "tweeteval_sentiment": ("TweetEval sentiment (English tweets, 3 classes; 5,000-row test sample)", "macro_f1"),
    "chnsenticorp": ("ChnSentiCorp (Chinese reviews, 2 classes; 1,200 test rows)", "accuracy"),
}


def sentiment_section(results: Path) -> str:
    parts = ["## Sentiment", "",
             "kefu built-in: `kefu eval sentiment` (`SentimentScorer::score` after `LanguageDetector::detect`, "
             "one text per call; no training data). kefu trained: `kefu eval sentiment --train` (an "
             "`IntentClassifier` on the training rows, `predict` one text per call). VADER has no batch API "
             "(one `polarity_scores` call per text); TF-IDF + LogReg predicts the test list in one batch call. "
             "2-class sets: a negative score means negative, otherwise positive (VADER and kefu alike); "
             "3-class: VADER's ±0.05 thresholds.", ""]
    for ds, (title, main) in SENT_TITLES.items():
        kb = load(results, f"kefu_sentiment_builtin_{ds}")
        kt = load(results, f"kefu_sentiment_trained_{ds}")
        a = load(results, f"anchors_sentiment_{ds}")
        if kb is None or kt is None or a is None:
            parts += [f"### {title}", "", "_not run (missing results)_", ""]
            continue
        kb_us, kt_us = 1e6 / kb["texts_per_s"], 1e6 / kt["texts_per_s"]
        head = ["system", "accuracy", "macro-F1", "train time", "kefu trained: train speed", "predict / msg",
                "kefu speed (same kind)", "model size"]
        v, lr = a["vader"], a["tfidf_logreg"]
        rows = [
            ["**kefu built-in** (lexicon)", num(kb["accuracy"]), num(kb["macro_f1"]), "none", "–",
             us(kb_us) + " (Rust, one text per call, incl. language ID)", "–", "compiled in"],
            ["VADER (lexicon)", num(v["accuracy"]), num(v["macro_f1"]), "none", "–",
             us(v["predict_us_per_msg"]) + " (one text per call)", ratio(v["predict_us_per_msg"], kb_us),
             size(v["model_bytes"]) + " (lexicon files)"],
            ["**kefu trained**", num(kt["accuracy"]), num(kt["macro_f1"]),
             dur_s(kt["train_ms"] / 1e3) if "train_ms" in kt else "–", "–",
             us(kt_us) + " (Rust, one text per call)", "–", size(kt.get("model_bytes"))],
            ["TF-IDF word+char + LogReg", num(lr["accuracy"]), num(lr["macro_f1"]),
             f"{dur_s(lr['train_s'])} (CPU {dur_s(lr['train_cpu_s'])})",
             ratio(lr["train_s"], kt["train_ms"] / 1e3 if "train_ms" in kt else None),
             us(lr["predict_us_per_msg"]) + f" (batch; one-message call {us(lr['single_call_us'])})",
             ratio(lr["predict_us_per_msg"], kt_us), size(lr["model_bytes"])],
        ]
        metric = "accuracy" if main == "accuracy" else "macro-F1 (the closest of kefu eval's keys to TweetEval's macro-recall)"
        parts += [f"### {title}", "", f"Headline metric: {metric}.", "", table(head, rows), "",
                  "<sub>\"kefu speed (same kind)\": kefu built-in vs VADER, kefu trained vs TF-IDF + LogReg.</sub>", ""]
    return "\n".join(parts)


def criterion_section(crit: Path, stamp: Path) -> str:
    parts = ["## Criterion benches (`cargo bench -p kefu-benches`)", "",
             "Run by `run.sh` with `-- --warm-up-time 1 --measurement-time 3`; mean time per iteration and per "
             "element (the shared eight mixed-language messages, unless the name says otherwise).", ""]
    if not stamp.exists() or not crit.is_dir():
        return "\n".join(parts + ["_not run (`--no-criterion`)_", ""])
    since = stamp.stat().st_mtime
    rows = []
    for est in sorted(crit.rglob("new/estimates.json")):
        if est.stat().st_mtime < since:
            continue
        bench = json.loads((est.parent / "benchmark.json").read_text(encoding="utf-8"))
        mean_ns = json.loads(est.read_text(encoding="utf-8"))["mean"]["point_estimate"]
        tp = bench.get("throughput") or {}
        per = "–"
        if "Elements" in tp and tp["Elements"]:
            n = tp["Elements"]
            per = f"{mean_ns / n / 1e3:.2f} µs / element ({n} elements, {1e9 * n / mean_ns:,.0f} /s)"
        elif "Bytes" in tp and tp["Bytes"]:
            per = f"{tp['Bytes'] / mean_ns * 1e3:.0f} MB/s"
        rows.append([f"`{bench.get('full_id', est.parent.parent.name)}`", fmt_ns(mean_ns), per])
    if not rows:
        return "\n".join(parts + ["_no estimates written in this run_", ""])
    parts += [table(["bench", "mean / iteration", "per element"], rows), ""]
    return "\n".join(parts)


def fmt_ns(ns: float) -> str:
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def summary(results: Path) -> str:
    """One line per task: kefu's headline metric next to the best anchor's."""
    rows = []
    for ds in INTENT_TITLES:
        k, a = load(results, f"kefu_intent_{ds}"), load(results, f"anchors_intent_{ds}")
        if not k or not a:
            continue
        key = "in_scope_accuracy" if ds == "clinc150" else "accuracy"
        best = max(ANCHOR_NAMES, key=lambda n: a[n][key] if n in a else -1)
        rows.append([f"intent {ds}", key.replace("_", " "), num(k[key]), f"{num(a[best][key])} ({ANCHOR_NAMES[best]})",
                     ratio(a[best]["train_s"], k["train_ms"] / 1e3), ratio(a[best]["predict_us_per_msg"], k["predict_us_per_msg"])])
    k, a = load(results, "kefu_faq_stackfaq"), load(results, "anchors_faq_stackfaq")
    if k and a:
        s = a["bm25_question"]
        rows.append(["FAQ stackfaq", "P@1", num(k["p_at_1"]), f"{num(s['p_at_1'])} (rank_bm25)",
                     "–", ratio(s["query_us"], k["query_us"])])
    k, a = load(results, "kefu_lang_langid"), load(results, "anchors_lang_langid")
    if k and a:
        k_us = 1e6 / k["texts_per_s"]
        for key, name in (("whatlang", "whatlang"), ("lingua_high", "Lingua high")):
            s = a[key]
            rows.append([f"language ID (vs {name})", "accuracy", num(k["accuracy"]), f"{num(s['accuracy'])} ({name})", "–",
                         ratio(s["us_per_text"], k_us)])
    for ds, (_, main) in SENT_TITLES.items():
        kb, kt, a = (load(results, f"kefu_sentiment_builtin_{ds}"), load(results, f"kefu_sentiment_trained_{ds}"),
                     load(results, f"anchors_sentiment_{ds}"))
        if not kb or not kt or not a:
            continue
        m = main.replace("_", "-").replace("macro-f1", "macro-F1")
        rows.append([f"sentiment {ds}, lexicon", m, num(kb[main]) + " (built-in)", f"{num(a['vader'][main])} (VADER)", "–",
                     ratio(a["vader"]["predict_us_per_msg"], 1e6 / kb["texts_per_s"])])
        tr = a["tfidf_logreg"]
        rows.append([f"sentiment {ds}, trained", m, num(kt[main]) + " (trained)", f"{num(tr[main])} (TF-IDF + LogReg)",
                     ratio(tr["train_s"], kt["train_ms"] / 1e3 if "train_ms" in kt else None),
                     ratio(tr["predict_us_per_msg"], 1e6 / kt["texts_per_s"])])
    return table(["task", "metric", "kefu", "anchor", "kefu train speed", "kefu predict speed"], rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", default="benches/compare/run.sh")
    ap.add_argument("--started", default="?")
    ap.add_argument("--elapsed-s", type=float, default=None)
    ap.add_argument("--criterion-dir", default="target/criterion")
    ap.add_argument("--root", default=".")
    ap.add_argument("--note", default="", help="an extra bullet about this run (e.g. a step re-run by hand)")
    args = ap.parse_args()
    results = Path(args.results)
    versions = {}
    for name in ("anchors_intent_clinc150", "anchors_sentiment_sst2", "anchors_faq_stackfaq"):
        v = load(results, name)
        if v and "versions" in v:
            versions = v["versions"]
            break
    commit = run(["git", "-C", args.root, "rev-parse", "--short", "HEAD"])
    ver = ", ".join(f"{k} {v}" for k, v in versions.items())
    doc = [
        "# Benchmarks: kefu side by side with its anchors",
        "",
        "<!-- Generated by benches/compare/report.py; do not edit by hand: re-run the command below. -->",
        "",
        f"- **Command:** `{args.command.strip()}` (from the repository root; data from `../shared/data`, "
        "or `--data DIR` / `KEFU_DATA`)",
        f"- **Date and machine:** {machine(args.elapsed_s, args.started, results)}",
        f"- **Code:** kefu at commit `{commit}`; anchors: {ver}; whatlang 0.18.0, lingua 1.8 (Rust, release).",
        *([f"- **Note on this run:** {args.note}"] if args.note else []),
        "- **How to read the speed columns:** \"kefu … speed\" is the anchor's time divided by kefu's, both "
        "measured in this run: \"3× faster\" means kefu took a third of the anchor's time. Every time says which "
        "API it timed. kefu is always timed from its Rust API (`kefu eval`), one message per call, one thread; "
        "scikit-learn and fastText on their batch APIs (one call for the whole test list), which favours them. "
        "Training is single-threaded everywhere; train times are wall clock (the anchors' CPU time is in "
        "brackets). The machine is shared, so absolute times drift between runs: compare the ratios.",
        "- **Hyper-parameters:** kefu uses its library defaults everywhere. The anchors' features are fixed and the "
        "same on every dataset (TF-IDF word 1–2 + char 2–5 grams; fastText epoch 50, char 2–5, word bigrams). For "
        "intents, one parameter per anchor is chosen on the valid split, or a 10% holdout of train when there is "
        "none (C of LinearSVC and LogReg, fastText's learning rate); the anchor is then retrained on all of train "
        "and only that training is timed. Sentiment's TF-IDF + LogReg uses scikit-learn's default C=1. Nothing "
        "is tuned on a test split.",
        "",
        "## Summary",
        "",
        summary(results),
        "",
        "<sub>The anchor column shows the best anchor on the metric (intent) or the named one.</sub>",
        "",
        intent_section(results),
        faq_section(results),
        lang_section(results),
        sentiment_section(results),
        criterion_section(Path(args.criterion_dir), results / "criterion.stamp"),
        "## Reproduce",
        "",
        "```sh",
        "benches/compare/run.sh                 # everything; regenerates BENCHMARKS.md",
        "benches/compare/run.sh --data /path/to/shared/data --no-criterion",
        "```",
        "",
        "Raw results of the run are in `benches/compare/results/*.json` (not committed). The anchors are pinned "
        "in `benches/compare/requirements.txt` and `benches/compare/langid/Cargo.lock`.",
        "",
    ]
    Path(args.out).write_text("\n".join(doc), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

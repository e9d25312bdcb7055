#!/usr/bin/env python3
"""Bot.analyze_batch over many messages on 1 thread vs 2 (or more) threads
(a benchmark script, not a test).

The messages are the repository's own: the shared fixture cases, the demo
conversation and examples/python/support_intents.csv, cycled (each copy
numbered, so no two texts are equal) to --messages texts. Every run is the
whole call as a Python user sees it: converting the texts and contexts,
the parallel analysis with the GIL released, and building the result
dicts (which holds the GIL, so it does not parallelize).

    pip install ./bindings-python
    python benches/python/analyze_batch_threads.py [--messages 100000] [--threads 1,2] [--repeat 2]

Target (issue 11): 100k messages on 2 threads >= 1.7x faster than on 1.
Timings are wall clock: run it on an otherwise idle machine (the load
average is printed).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import sys
import time
from pathlib import Path

import kefu

ROOT = Path(__file__).resolve().parents[2]


def corpus() -> list[str]:
    texts = [c["text"] for c in json.loads((ROOT / "examples/fixtures/shop_cases.json").read_text("utf-8"))["cases"]]
    with open(ROOT / "examples/shop/demo.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    with open(ROOT / "examples/python/support_intents.csv", encoding="utf-8", newline="") as f:
        texts += [row["text"] for row in csv.DictReader(f)]
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--threads", default="1,2", help="comma-separated thread counts (the first is the baseline)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per thread count; the best counts")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()

    base = corpus()
    texts = [f"{base[i % len(base)]} #{i // len(base)}" if i >= len(base) else base[i]
             for i in range(args.messages)]
    context = {"channel": "web", "now": "2026-11-20T03:00:00Z"}
    bot = kefu.Bot.train(ROOT / "examples/shop/bot.yaml")
    bot.analyze_batch(texts[:200], context)  # warm up

    counts = [int(t) for t in args.threads.split(",")]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    if not args.json:
        print(f"{args.messages} messages ({len(base)} distinct texts cycled), {os.cpu_count()} CPUs, "
              f"load average {load:.1f} before the runs")
    best: dict[int, float] = {}
    for _ in range(args.repeat):
        for n in counts:
            gc.collect()
            t0 = time.perf_counter()
            results = bot.analyze_batch(texts, context, threads=n)
            dt = time.perf_counter() - t0
            assert len(results) == len(texts)
            del results
            best[n] = min(best.get(n, dt), dt)
            if not args.json:
                print(f"  threads={n}: {dt:7.2f} s  ({1e6 * dt / len(texts):7.1f} us/message)")
    # The serial part: building the result dicts from JSON under the GIL.
    sample = bot.analyze_batch(texts[:2000], context)
    blob = json.dumps(sample)
    t0 = time.perf_counter()
    json.loads(blob)
    serial_us = 1e6 * (time.perf_counter() - t0) / len(sample)

    b = counts[0]
    out = {
        "messages": args.messages,
        "cpus": os.cpu_count(),
        "load_average_before": round(load, 2),
        "seconds": {str(n): round(t, 3) for n, t in best.items()},
        "us_per_message": {str(n): round(1e6 * t / args.messages, 1) for n, t in best.items()},
        "speedup_vs_%d_thread" % b: {str(n): round(best[b] / t, 2) for n, t in best.items()},
        "result_dict_build_us_per_message": round(serial_us, 1),
    }
    if args.json:
        print(json.dumps(out))
    else:
        for n in counts[1:]:
            print(f"speedup {n} threads vs {b}: {best[b] / best[n]:.2f}x (target >= 1.7x for 2 vs 1)")
        print(f"building the result dicts (serial, holds the GIL): ~{serial_us:.0f} us/message of "
              f"{1e6 * best[counts[-1]] / args.messages:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

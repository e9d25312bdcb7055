#!/usr/bin/env python3
"""Generates a large JSONL of analyses for `kefu report` benchmarks.

Usage: scripts/gen_analyses.py N OUT.jsonl [--kefu target/release/kefu]

Records are `{channel, language, time, analysis}`; the analyses are the real ones of `kefu demo --json` (the demo bot), each
copied with a random channel, a time spread over 30 days and, for FAQ gaps,
one of ~300 varied question texts (so gap clustering has work to do).
Deterministic (seed 14).
"""
import argparse
import json
import random
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("n", type=int)
ap.add_argument("out")
ap.add_argument("--kefu", default="target/release/kefu")
args = ap.parse_args()

demo = [json.loads(l) for l in subprocess.run(
    [args.kefu, "demo", "--json"], check=True, capture_output=True, text=True
).stdout.splitlines() if l.strip()]
rng = random.Random(14)
subjects = ["gift card", "loyalty points", "store in Madrid", "bulk order", "student discount",
            "wholesale price", "repair service", "size chart", "newsletter", "careers page",
            "rental", "engraving", "gift wrapping", "warranty", "price match"]
forms = ["do you have a {}?", "how does the {} work", "where can I find the {}",
         "is there a {} for my country", "can I get a {} with my order",
         "what is your policy on {}", "I have a question about the {}",
         "tell me about {} please", "any news on the {}?", "who handles the {}"]
gaps = [f.format(s) for s in subjects for f in forms] + [
    f"{f.format(s)} ({i})" for i, (s, f) in enumerate(
        (rng.choice(subjects), rng.choice(forms)) for _ in range(150))]
channels = ["web", "app", "whatsapp", "email"]
with open(args.out, "w", encoding="utf-8") as f:
    for i in range(args.n):
        a = dict(rng.choice(demo))
        day = rng.randrange(30)
        if a["faq"]["status"] != "answer":
            a["redacted_text"] = rng.choice(gaps)
        rec = {"channel": rng.choice(channels),
               "language": a["language"]["code"],
               "time": f"2026-11-{1 + day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
               "analysis": a}
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")

#!/usr/bin/env python3
"""kefu's trained sentiment against the TF-IDF + LogReg anchor on validation
splits, where neither side can have been tuned on the test files.

The splits:
- SST-2 (whose `test.jsonl` is GLUE's dev set) has no validation split, so
  two are made from train: each holds out 872 full sentences (rows of at
  least 15 words that are no sub-phrase of another row, shuffled with seed
  0; the first 872, then the next 872), and every train row that is a
  sub-phrase of a held-out sentence is removed from that split's training
  part (SST-2 train holds the phrases of its sentences).
- ChnSentiCorp has its own `dev.jsonl`.

For each split it prints kefu's accuracy (`kefu eval sentiment --train
--test --json`, release build) and the anchor's (anchors.py's word 1-2 +
char_wb 2-5 TF-IDF and LogisticRegression) for each of anchors.py's C
values. A benchmark, not a test.

Usage (from the repository root, with the compare venv of run.sh):
    benches/compare/.venv/bin/python benches/compare/sentiment_valid.py \
        --data ../shared/data --work /tmp/kefu-sentiment-valid
"""
import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import anchors  # noqa: E402  (tfidf_union, make_clf, LOGREG_CS)

ROOT = Path(__file__).resolve().parents[2]


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def sst2_splits(data: Path, work: Path) -> list[tuple[str, Path, Path]]:
    rows = read(data / "sst2" / "train.jsonl")
    texts = [r["text"] for r in rows]
    blob = "\n".join(texts)
    roots = [i for i, t in enumerate(texts) if len(t.split()) >= 15 and blob.count(t) == 1]
    random.Random(0).shuffle(roots)
    out = []
    for part in (0, 1):
        held = set(roots[872 * part : 872 * (part + 1)])
        held_text = "\n".join(" " + texts[i] + " " for i in held)
        train = [r for i, r in enumerate(rows)
                 if i not in held and (" " + r["text"] + " ") not in held_text]
        valid = [rows[i] for i in sorted(held)]
        t, v = work / f"sst2_train{part + 1}.jsonl", work / f"sst2_valid{part + 1}.jsonl"
        write(t, train)
        write(v, valid)
        out.append((f"sst2 held-out {part + 1} ({len(train)} train rows)", t, v))
    return out


def kefu_accuracy(kefu: Path, train: Path, test: Path) -> float:
    out = subprocess.run([str(kefu), "eval", "sentiment", "--train", str(train),
                          "--test", str(test), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["accuracy"]


def anchor_accuracies(train: Path, test: Path) -> list[tuple[float, float]]:
    X = [r["text"] for r in read(train)]
    y = [r["label"] for r in read(train)]
    Xt = [r["text"] for r in read(test)]
    yt = [r["label"] for r in read(test)]
    vec = anchors.tfidf_union()
    A = vec.fit_transform(X)
    B = vec.transform(Xt)
    out = []
    for C in anchors.LOGREG_CS:
        pred = anchors.make_clf("logreg", C).fit(A, y).predict(B)
        out.append((C, round(100.0 * sum(p == g for p, g in zip(pred, yt)) / len(yt), 2)))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--work", default="/tmp/kefu-sentiment-valid")
    args = ap.parse_args()
    data, work = Path(args.data), Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "kefu-cli"], cwd=ROOT, check=True)
    kefu = ROOT / "target" / "release" / "kefu"
    splits = sst2_splits(data, work)
    chn = data / "chnsenticorp"
    splits.append(("chnsenticorp dev", chn / "train.jsonl", chn / "dev.jsonl"))
    print("| split | kefu --train | TF-IDF + LogReg, C = " + " / ".join(map(str, anchors.LOGREG_CS)) + " |")
    print("|---|---|---|")
    for name, train, test in splits:
        k = kefu_accuracy(kefu, train, test)
        a = anchor_accuracies(train, test)
        print(f"| {name} | {k:.2f} | " + " / ".join(f"{acc:.2f}" for _, acc in a) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

# %% [markdown]
# # kefu from Python
#
# A notebook-style walk-through (the `# %%` cells run in Jupyter, VS Code or
# as a plain script: `python examples/python/quickstart.py`):
#
# 1. train a standalone intent classifier on a CSV of labelled messages,
# 2. evaluate it with the definitions of `kefu eval intent`,
# 3. score the same messages with the demo shop bot in one parallel batch,
#    into a pandas DataFrame when pandas is installed,
# 4. print the intent mix and the escalation rate.
#
# Install the binding first: `pip install ./bindings-python` (from the
# repository root; needs Rust). pandas and scikit-learn are optional.

# %%
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import kefu

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent

with open(HERE / "support_intents.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
train = [r for r in rows if r["split"] == "train"]
test = [r for r in rows if r["split"] == "test"]
print(f"kefu {kefu.__version__}: {len(train)} training and {len(test)} test messages")

# %% [markdown]
# ## 1. Train an intent classifier
#
# `IntentClassifier` follows scikit-learn's conventions (`fit`, `predict`,
# `predict_proba`, `classes_`, `get_params`…). Rows labelled `oos` are
# explicit out-of-scope examples; `predict` returns `oos` for messages that
# match no intent well enough.

# %%
clf = kefu.IntentClassifier(seed=7)
clf.fit([r["text"] for r in train], [r["intent"] for r in train])
print(f"classes: {list(clf.classes_)}")
print(f"out-of-scope threshold: {clf.threshold_:.3f}, {clf.n_features_} features")

# %% [markdown]
# ## 2. Evaluate
#
# `evaluate_intents` reproduces `kefu eval intent`: percentages, with
# out of scope counted as a class.

# %%
y_true = [r["intent"] for r in test]
y_pred = list(clf.predict([r["text"] for r in test]))
report = kefu.evaluate_intents(y_true, y_pred)
for key in ("accuracy", "in_scope_accuracy", "oos_recall", "macro_f1"):
    print(f"{key:>18}: {report[key]:6.2f}")
mistakes = [(r["text"], t, p) for r, t, p in zip(test, y_true, y_pred) if t != p]
for text, t, p in mistakes[:5]:
    print(f"  {text!r}: expected {t}, predicted {p}")
top = clf.explain("where is my parcel")
print(f"why {top['intent']}? " + ", ".join(f"{f!r} {w:+.2f}" for f, w in top["features"][:4]))

# %% [markdown]
# ## 3. Score a batch with a full bot
#
# The demo shop bot (`examples/shop/bot.yaml`) adds FAQ answers, sentiment,
# entities and routing. `analyze_batch` releases the GIL and uses every
# core. A fixed `now` keeps this output reproducible; without it kefu uses
# the current time (business-hours rules depend on it).

# %%
bot = kefu.Bot.train(ROOT / "examples" / "shop" / "bot.yaml")
messages = [r["text"] for r in rows]
results = bot.analyze_batch(messages, {"channel": "web", "now": "2026-11-20T03:00:00Z"})

try:
    import pandas as pd  # noqa: F401  (optional)

    HAVE_PANDAS = True
except ImportError:
    HAVE_PANDAS = False

# %% [markdown]
# ## 4. Intent mix and escalation rate
#
# The escalation rate is the share of messages the bot hands to a human
# (`handoff` now, or a `ticket` for later).

# %%
if HAVE_PANDAS:
    df = kefu.to_frame(results, messages)
    mix = df["intent"].fillna("(out of scope)").value_counts(normalize=True)
    escalated = float(df["action"].isin(["handoff", "ticket"]).mean())
    angry = float((df["escalation"] >= 2).mean())
    print(df[["text", "language", "intent", "sentiment", "action", "queue"]].head(8).to_string())
    print("\nintent mix:")
    for intent, share in mix.items():
        print(f"  {intent:<22} {share:6.1%}")
else:
    records = kefu.to_records(results, messages)
    counts = Counter(r["intent"] or "(out of scope)" for r in records)
    escalated = sum(r["action"] in ("handoff", "ticket") for r in records) / len(records)
    angry = sum(r["escalation"] >= 2 for r in records) / len(records)
    print("intent mix (install pandas for a DataFrame):")
    for intent, n in counts.most_common():
        print(f"  {intent:<22} {n / len(records):6.1%}")

print(f"\nescalation rate: {escalated:.1%} of messages go to a human "
      f"({angry:.1%} with sentiment escalation >= 2)")

"""Intent evaluation with the definitions of ``kefu eval intent``."""

from __future__ import annotations

from collections import Counter
from typing import Any, Hashable, Iterable

from ._errors import InvalidInputError

__all__ = ["evaluate_intents"]


def _pct(n: int, d: int) -> float:
    return 0.0 if d == 0 else 100.0 * n / d


def evaluate_intents(
    y_true: Iterable[Hashable],
    y_pred: Iterable[Hashable],
    *,
    oos_label: Hashable = "oos",
) -> dict[str, Any]:
    """Scores intent predictions exactly as ``kefu eval intent`` does
    (``cli/src/eval.rs``), so its numbers can be reproduced from Python.

    ``y_true`` and ``y_pred`` are equally long sequences of labels;
    ``oos_label`` marks out of scope in both (``IntentClassifier.predict``
    returns it for out-of-scope texts). Rates are percentages (0–100), not
    rounded (the CLI prints them rounded to 2 decimals):

    - ``accuracy``: all rows, out of scope counted as a class;
    - ``in_scope_accuracy``: rows whose true label is not ``oos_label``;
    - ``oos_recall``, ``oos_precision``: of ``oos_label``;
    - ``macro_f1``: the mean F1 over the union of true and predicted labels
      (F1 = 2·TP / (2·TP + FP + FN), 0 when TP is 0);
    - ``rows``: the number of rows;
    - ``labels``: the sorted union of labels;
    - ``per_label``: ``{label: {"precision", "recall", "f1", "support"}}``
      (percentages, and the number of true rows);
    - ``confusion``: ``{true label: {predicted label: count}}`` with the
      non-zero cells only (``pandas.DataFrame(r["confusion"]).T.fillna(0)``
      gives the full table).
    """
    gold = list(y_true)
    pred = list(y_pred)
    if len(gold) != len(pred):
        raise InvalidInputError(
            f"y_true and y_pred: {len(gold)} true labels but {len(pred)} predictions", 1
        )
    pairs = Counter(zip(gold, pred))
    gold_count = Counter(gold)
    pred_count = Counter(pred)
    n = len(gold)
    correct = sum(c for (g, p), c in pairs.items() if g == p)
    in_scope = n - gold_count.get(oos_label, 0)
    in_scope_correct = sum(c for (g, p), c in pairs.items() if g == p and g != oos_label)
    oos_hit = pairs.get((oos_label, oos_label), 0)
    seen: list[Any] = list(dict.fromkeys([*gold, *pred]))
    try:
        labels = sorted(seen)
    except TypeError:  # labels of mixed types: keep first-seen order
        labels = seen
    per_label: dict[Any, dict[str, float]] = {}
    f1_sum = 0.0
    for label in labels:
        tp = pairs.get((label, label), 0)
        fp = pred_count.get(label, 0) - tp
        fn = gold_count.get(label, 0) - tp
        f1 = 0.0 if tp == 0 else 2.0 * tp / (2.0 * tp + fp + fn)
        f1_sum += f1
        per_label[label] = {
            "precision": _pct(tp, tp + fp),
            "recall": _pct(tp, tp + fn),
            "f1": 100.0 * f1,
            "support": gold_count.get(label, 0),
        }
    confusion: dict[Any, dict[Any, int]] = {}
    order = {label: i for i, label in enumerate(labels)}
    for (g, p), c in sorted(pairs.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]])):
        confusion.setdefault(g, {})[p] = c
    return {
        "accuracy": _pct(correct, n),
        "in_scope_accuracy": _pct(in_scope_correct, in_scope),
        "oos_recall": _pct(oos_hit, gold_count.get(oos_label, 0)),
        "oos_precision": _pct(oos_hit, pred_count.get(oos_label, 0)),
        "macro_f1": 0.0 if not labels else 100.0 * f1_sum / len(labels),
        "rows": n,
        "labels": labels,
        "per_label": per_label,
        "confusion": confusion,
    }

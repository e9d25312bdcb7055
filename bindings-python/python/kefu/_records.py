"""Flat, DataFrame-ready rows from analyses (result schema v1)."""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from ._errors import InvalidInputError, InvalidTypeError

__all__ = ["to_records", "to_frame", "RECORD_COLUMNS"]

RECORD_COLUMNS: tuple[str, ...] = (
    "language",
    "script",
    "reply_language",
    "language_confidence",
    "language_reliable",
    "intent",
    "intent_confidence",
    "out_of_scope",
    "ambiguous",
    "oos_reason",
    "faq_status",
    "faq_top",
    "faq_score",
    "sentiment",
    "sentiment_score",
    "escalation",
    "signals",
    "emotion_anger",
    "emotion_anxiety",
    "emotion_sadness",
    "emotion_joy",
    "emotion_gratitude",
    "entity_kinds",
    "n_entities",
    "redacted_text",
    "action",
    "queue",
    "priority",
    "skills",
    "tags",
    "locked",
    "rule",
    "reply",
)
"""The fixed columns of :func:`to_records`, in order. Rows may add
``text`` (first), one ``entity_<kind>`` column per entity kind found, and
``trace``."""


def _joined(values: Sequence[str]) -> str:
    return ",".join(values)


def _record(a: Mapping[str, Any], include_trace: bool) -> dict[str, Any]:
    lang = a["language"]
    intent = a["intent"]
    faq = a["faq"]
    sent = a["sentiment"]
    dec = a["decision"]
    top_hit = faq["hits"][0] if faq["hits"] else None
    row: dict[str, Any] = {
        "language": lang["code"],
        "script": lang["script"],
        "reply_language": lang["reply_language"],
        "language_confidence": lang["confidence"],
        "language_reliable": lang["reliable"],
        "intent": intent["top"],
        "intent_confidence": intent["confidence"],
        "out_of_scope": intent["out_of_scope"],
        "ambiguous": intent["ambiguous"],
        "oos_reason": intent.get("oos_reason"),
        "faq_status": faq["status"],
        "faq_top": top_hit["id"] if top_hit else None,
        "faq_score": top_hit["score"] if top_hit else None,
        "sentiment": sent["label"],
        "sentiment_score": sent["score"],
        "escalation": sent["escalation"],
        "signals": _joined(sent["signals"]),
    }
    for name, score in sent["emotions"].items():
        row[f"emotion_{name}"] = score
    entities = a["entities"]
    row["entity_kinds"] = _joined(sorted({e["kind"] for e in entities}))
    row["n_entities"] = len(entities)
    row["redacted_text"] = a["redacted_text"]
    row.update(
        {
            "action": dec["action"],
            "queue": dec["queue"],
            "priority": dec["priority"],
            "skills": _joined(dec["skills"]),
            "tags": _joined(dec["tags"]),
            "locked": dec["locked"],
            "rule": dec["rule"],
            "reply": dec["reply"],
        }
    )
    # One column per entity kind: the value of its first occurrence.
    for e in entities:
        row.setdefault(f"entity_{e['kind']}", e["value"])
    if include_trace:
        row["trace"] = dec["trace"]
    return row


def to_records(
    analyses: Iterable[Mapping[str, Any]],
    texts: Iterable[str] | None = None,
    *,
    include_trace: bool = False,
) -> list[dict[str, Any]]:
    """Flattens analyses (dicts from ``Bot.analyze``/``analyze_batch``) into
    one flat dict per analysis, ready for ``pandas.DataFrame``, ``csv`` or a
    database.

    Columns are :data:`RECORD_COLUMNS` (nested names joined with ``_``: the
    top FAQ hit as ``faq_top``/``faq_score``, each emotion as
    ``emotion_<name>``); list fields (``signals``, ``skills``, ``tags``,
    ``entity_kinds``) become comma-separated strings; each entity kind found
    adds an ``entity_<kind>`` column with the value of its first occurrence
    (``entity_order_id``). ``texts``, when given (as long as ``analyses``),
    becomes a first column ``text``. ``include_trace=True`` adds the decision
    trace (a list) as ``trace``.
    """
    analyses = list(analyses)
    text_list = None if texts is None else list(texts)
    if text_list is not None and len(text_list) != len(analyses):
        raise InvalidInputError(
            f"texts: {len(text_list)} texts for {len(analyses)} analyses", 1
        )
    out = []
    for i, a in enumerate(analyses):
        if not isinstance(a, Mapping):
            raise InvalidTypeError(
                f"analyses[{i}]: expected a dict from Bot.analyze, found {type(a).__name__}", 1
            )
        try:
            row = _record(a, include_trace)
        except (KeyError, TypeError, IndexError) as e:
            raise InvalidInputError(
                f"analyses[{i}]: not an analysis in result schema v1 (missing or bad {e})", 1
            ) from None
        if text_list is not None:
            row = {"text": text_list[i], **row}
        out.append(row)
    return out


def to_frame(
    analyses: Iterable[Mapping[str, Any]],
    texts: Iterable[str] | None = None,
    *,
    include_trace: bool = False,
) -> Any:
    """:func:`to_records` as a ``pandas.DataFrame`` (one row per analysis,
    the fixed columns always present, even for no analyses). Needs pandas:
    raises ``ImportError`` when it is not installed."""
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("kefu.to_frame needs pandas: pip install pandas") from e
    records = to_records(analyses, texts, include_trace=include_trace)
    columns = list(RECORD_COLUMNS)
    if texts is not None:
        columns.insert(0, "text")
    extra = []
    for r in records:
        for k in r:
            if k not in columns and k not in extra:
                extra.append(k)
    return pd.DataFrame.from_records(records, columns=columns + extra)

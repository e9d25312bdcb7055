"""Analytics: :func:`report` aggregates analyses into the numbers of a
support dashboard (the same as ``kefu report --json``)."""

from __future__ import annotations

import datetime as _dt
import json
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional

from . import _native

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Report", "report"]

_SENTIMENT_KEYS = ("sentiment_by_day", "sentiment_by_channel", "sentiment_by_language")
_COUNT_KEYS = ("intent_mix", "actions", "escalation_reasons", "faq_status")


class Report(Dict[str, Any]):
    """The report: a plain ``dict`` with the keys of ``kefu report --json``
    (``total``, ``intent_mix``, ``actions``, ``containment_rate``,
    ``escalation_rate``, ``escalation_reasons``, ``faq_status``,
    ``faq_rates``, ``sentiment_by_day``, ``sentiment_by_channel``,
    ``sentiment_by_language``, ``gap_events``, ``gap_clusters``, ``first``,
    ``last``), plus :meth:`to_pandas`."""

    def to_pandas(self) -> Dict[str, "pd.DataFrame"]:
        """The report's tables as pandas DataFrames (needs pandas):

        - ``intent_mix``, ``actions``, ``escalation_reasons``,
          ``faq_status``: columns ``name``, ``count``, largest first;
        - ``sentiment_by_day``, ``sentiment_by_channel``,
          ``sentiment_by_language``: one row per group (the index), columns
          ``count``, ``mean_score``, ``mean_anger``, ``negative``,
          ``neutral``, ``positive``, ``escalated``;
        - ``gap_clusters``: one row per cluster;
        - ``summary``: one row with ``total``, ``containment_rate``,
          ``escalation_rate``, ``gap_events`` and the FAQ rates.
        """
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("Report.to_pandas() needs pandas: pip install pandas") from e
        out: Dict[str, pd.DataFrame] = {}
        for k in _COUNT_KEYS:
            rows = sorted(self[k].items(), key=lambda kv: (-kv[1], kv[0]))
            out[k] = pd.DataFrame(rows, columns=["name", "count"])
        for k in _SENTIMENT_KEYS:
            cols = ["count", "mean_score", "mean_anger", "negative", "neutral", "positive", "escalated"]
            df = pd.DataFrame.from_dict(self[k], orient="index", columns=cols)
            df.index.name = k.rsplit("_", 1)[-1]
            out[k] = df
        out["gap_clusters"] = pd.DataFrame(
            self["gap_clusters"],
            columns=["id", "representative", "texts", "languages", "suggested_faq"],
        )
        summary = {
            "total": self["total"],
            "containment_rate": self["containment_rate"],
            "escalation_rate": self["escalation_rate"],
            "gap_events": self["gap_events"],
        }
        summary.update({f"faq_{k}_rate": v for k, v in self["faq_rates"].items()})
        out["summary"] = pd.DataFrame([summary])
        return out


def _default(o: Any) -> Any:
    if isinstance(o, _dt.datetime):
        if o.tzinfo is None:
            raise ValueError("report: `time` datetimes need a time zone")
        return o.isoformat()
    raise TypeError(f"report: cannot serialize {type(o).__name__} to JSON")


def report(
    analyses: Iterable[Mapping[str, Any]],
    *,
    channels: Optional[Iterable[Optional[str]]] = None,
    times: Optional[Iterable[Any]] = None,
    top_gaps: int = 10,
) -> Report:
    """Aggregates analyses (dicts from :meth:`Bot.analyze`) into a
    :class:`Report`.

    Each item is an analysis, optionally with ``channel`` and ``time``
    keys, or a record ``{"analysis": ..., "channel": ..., "language": ...,
    "time": ...}``. ``channels`` and ``times`` (same length as
    ``analyses``) set them from separate lists. Times are RFC 3339 strings
    or time-zone-aware ``datetime`` objects. Bad records raise
    :class:`kefu.InvalidInputError` naming the position.
    """
    items: List[Mapping[str, Any]] = list(analyses)
    extra: Dict[str, List[Any]] = {}
    for key, values in (("channel", channels), ("time", times)):
        if values is not None:
            vs = list(values)
            if len(vs) != len(items):
                raise ValueError(f"report: {len(vs)} {key}s for {len(items)} analyses")
            extra[key] = vs
    lines: List[str] = []
    for i, a in enumerate(items):
        if not isinstance(a, Mapping):
            raise TypeError(f"report: analyses[{i}] is a {type(a).__name__}, not a dict")
        rec: Mapping[str, Any] = a
        if extra:
            d = dict(a)
            for key, vs in extra.items():
                if vs[i] is not None:
                    d[key] = vs[i]
            rec = d
        lines.append(json.dumps(rec, ensure_ascii=False, default=_default))
    return Report(json.loads(_native.report_json(lines, top_gaps)))

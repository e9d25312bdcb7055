"""kefu.report: aggregates analyses like `kefu report --json`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest

import kefu

TEXTS = [
    "Hi, where is my order SO-20261234?",
    "I want to talk to a real person now",
    "what's the weather on Mars right now?",
    "This is fucking ridiculous, my parcel is late AGAIN!",
    "我要退貨",
    "Thank you so much, that was really helpful!",
]


@pytest.fixture(scope="module")
def analyses(shop_bot):
    ctx = {"channel": "web", "now": "2026-11-20T03:00:00Z"}
    return [shop_bot.analyze(t, ctx) for t in TEXTS]


def test_report_counts(analyses):
    chans = ["web", "app", "web", "app", "app", "web"]
    times = [f"2026-11-2{i % 2}T10:00:00Z" for i in range(len(analyses))]
    r = kefu.report(analyses, channels=chans, times=times)
    assert isinstance(r, dict) and isinstance(r, kefu.Report)
    assert r["total"] == len(TEXTS)
    assert sum(r["intent_mix"].values()) == len(TEXTS)
    assert sum(r["actions"].values()) == len(TEXTS)
    assert r["containment_rate"] + r["escalation_rate"] == pytest.approx(1.0)
    esc = r["actions"].get("handoff", 0) + r["actions"].get("ticket", 0)
    assert sum(r["escalation_reasons"].values()) == esc > 0
    assert sum(r["faq_rates"].values()) == pytest.approx(1.0)
    assert r["sentiment_by_channel"]["web"]["count"] == 3
    assert set(r["sentiment_by_day"]) == {"2026-11-20", "2026-11-21"}
    assert r["sentiment_by_language"]["zh"]["count"] == 1
    worst = min(r["sentiment_by_channel"].values(), key=lambda s: s["mean_score"])
    assert worst["negative"] >= 1
    assert r["gap_events"] >= 1 and r["gap_clusters"]


def test_report_records_and_datetimes(analyses):
    t = dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone.utc)
    recs = [{"analysis": a, "channel": "email", "language": "xx", "time": t} for a in analyses]
    r = kefu.report(recs)
    assert r["sentiment_by_language"]["xx"]["count"] == len(TEXTS)
    assert r["first"] == "2026-11-20T10:00:00Z"
    assert kefu.report([])["total"] == 0


def test_report_bad_input(analyses):
    with pytest.raises(kefu.InvalidInputError, match=r"analyses\[1\]"):
        kefu.report([analyses[0], {"schema": 1}])
    with pytest.raises(TypeError):
        kefu.report(["not a dict"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="channels"):
        kefu.report(analyses, channels=["web"])
    with pytest.raises(ValueError, match="time zone"):
        kefu.report(analyses[:1], times=[dt.datetime(2026, 11, 20)])


def test_to_pandas(analyses):
    pd = pytest.importorskip("pandas")
    r = kefu.report(analyses, channels=["web", "app"] * 3)
    frames = r.to_pandas()
    assert list(frames["intent_mix"].columns) == ["name", "count"]
    assert frames["intent_mix"]["count"].sum() == len(TEXTS)
    ch = frames["sentiment_by_channel"]
    assert isinstance(ch, pd.DataFrame) and set(ch.index) == {"web", "app"}
    assert ch.loc["web", "count"] == 3
    assert frames["summary"].loc[0, "total"] == len(TEXTS)
    assert len(frames["gap_clusters"]) == len(r["gap_clusters"])


def test_report_matches_cli(analyses, cli, tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in analyses), encoding="utf-8")
    out = subprocess.run([cli, "report", str(p), "--json"], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) == dict(kefu.report(analyses))

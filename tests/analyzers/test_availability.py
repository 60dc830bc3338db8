"""AVAIL-SITE: the failure ratio of the home-page probes over the window; veto at 5 %."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pymongo.database import Database

from analyzers.availability import AvailabilityRule
from analyzers.model import Severity
from analyzers.runner import run

TODAY = date(2026, 11, 28)
END = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # 23:00 in China, still the analysis date


def probes(total: int, failed: int, errors: str = "timeout", span_days: float = 6.9) -> list[dict]:
    """``total`` probes evenly over the last ``span_days``; the first ``failed`` of them failed."""
    step = timedelta(days=span_days) / total
    out = []
    for i in range(total):
        ok = i >= failed
        out.append({"site": "sample", "time": END - step * (i + 0.5), "ok": ok, "status": 200 if ok else None,
                    "latency_ms": 80, "error": "" if ok else errors})
    return out


@pytest.mark.parametrize(("total", "failed", "fires"), [
    (24 * 7, 9, True),  # 5.4 %: veto
    (24 * 7, 8, False),  # 4.8 %: under the line
    (20 * 7, 7, True),  # exactly 5 % at the national minimum of probes
    (24 * 7, 0, False),
    (100, 50, False),  # fewer than 20 a day over the week: not enough to judge
])
def test_ratio(total: int, failed: int, fires: bool) -> None:
    rule = AvailabilityRule(today=TODAY)
    found = list(rule.check({"site": "sample", "home_url": "http://x/", "probes": probes(total, failed)}))
    assert bool(found) == fires
    if fires:
        [f] = found
        assert f.severity == Severity.VETO and f.unit == "" and f.target == "http://x/"
        assert f"{failed}次无法访问" in f.message and f"timeout {failed}次" in f.evidence.text
        assert f.extra["total"] == total


def test_window_ignores_old_and_future_probes() -> None:
    old = [{**p, "time": p["time"] - timedelta(days=8)} for p in probes(168, 100)]
    later = [{**p, "time": p["time"] + timedelta(days=8)} for p in probes(168, 100)]
    fresh = probes(168, 0)
    rule = AvailabilityRule(today=TODAY)
    assert not list(rule.check({"site": "sample", "probes": old + later + fresh}))


def test_threshold_is_configurable() -> None:
    rule = AvailabilityRule(thresholds={"veto_ratio": 0.02}, today=TODAY)
    assert list(rule.check({"site": "sample", "probes": probes(168, 4)}))


def test_runner_reads_the_probes_collection(mongo_db: Database) -> None:
    mongo_db.sites.insert_one({"_id": "sample", "name": "青禾县人民政府", "home_url": "http://x/"})
    mongo_db.probes.insert_many(probes(24 * 7, 12, "connection_refused"))
    summary = run(mongo_db, site="sample", rules="AVAIL-SITE", today=TODAY, now=END)
    assert summary.counts["new"] == 1
    finding = mongo_db.findings.find_one({"rule": "AVAIL-SITE"})
    assert finding["status"] == "open" and "connection_refused 12次" in finding["evidence"]["text"]
    mongo_db.probes.delete_many({"ok": False})  # the site is fine again: the next run resolves it
    run(mongo_db, site="sample", rules="AVAIL-SITE", today=TODAY, now=END + timedelta(minutes=1))
    assert mongo_db.findings.find_one({"rule": "AVAIL-SITE"})["status"] == "resolved"

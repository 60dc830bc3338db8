"""What the dashboard reads from MongoDB: overview, trends, lists, false-alarm rates."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from pymongo.database import Database

from analyzers.lifecycle import add_filing, is_filed
from reports.period import PeriodError, parse_period
from reports.sections import SITE_WIDE

STATUSES = ("open", "resolved", "ignored")
SEVERITIES = ("veto", "deduct", "notice")
PAGE_SIZE = 50


def _aware(d: Any) -> datetime | None:
    if not isinstance(d, datetime):
        return None
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def overview(db: Database) -> tuple[list[str], list[tuple[str, dict[str, int], int]]]:
    """Open, unfiled findings per unit and problem class: (classes, [(unit, counts, total)])."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for f in db.findings.find({"status": "open", "filed": {"$ne": True}}, {"unit": 1, "problem_class": 1}):
        table[str(f.get("unit") or SITE_WIDE)][str(f.get("problem_class"))] += 1
    classes = sorted({c for counts in table.values() for c in counts})
    rows = sorted(((u, dict(c), sum(c.values())) for u, c in table.items()), key=lambda r: (-r[2], r[0]))
    return classes, rows


def trends(db: Database, unit: str | None = None) -> tuple[list[str], dict[str, list[int]]]:
    """Open findings per problem class after each portal crawl.

    The state after crawl k is read just before crawl k+1 started (or now):
    its analysis has run by then. A finding counts when first seen before that
    instant and not resolved or ignored by it.
    """
    runs = sorted((r for r in db.crawl_runs.find({"spider": "portal"}, {"started_at": 1, "finished_at": 1})
                   if _aware(r.get("started_at"))), key=lambda r: _aware(r["started_at"]))
    if not runs:
        return [], {}
    now = datetime.now(UTC)
    points = [_aware(runs[i + 1]["started_at"]) if i + 1 < len(runs) else now for i in range(len(runs))]
    labels = [_aware(r["started_at"]).strftime("%m-%d %H:%M") for r in runs]
    q: dict[str, Any] = {} if unit is None else {"unit": unit}
    series: dict[str, list[int]] = defaultdict(lambda: [0] * len(points))
    proj = {"problem_class": 1, "first_seen": 1, "resolved_at": 1, "ignored_at": 1, "status": 1}
    for f in db.findings.find(q, proj):
        first = _aware(f.get("first_seen"))
        closed = _aware(f.get("resolved_at")) if f.get("status") == "resolved" else None
        if f.get("status") == "ignored":
            closed = _aware(f.get("ignored_at"))
        if first is None:
            continue
        for i, t in enumerate(points):
            if first <= t and (closed is None or closed > t):
                series[str(f.get("problem_class"))][i] += 1
    return labels, dict(sorted(series.items()))


def false_alarm_rates(db: Database) -> list[dict[str, Any]]:
    """Per rule: findings judged by a person or a rerun, and the share marked ignored (误报)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for f in db.findings.find({}, {"rule": 1, "status": 1}):
        counts[str(f.get("rule"))][str(f.get("status"))] += 1
    out = []
    for rule, c in sorted(counts.items()):
        total = sum(c.values())
        out.append({"rule": rule, "total": total, "ignored": c["ignored"],
                    "rate": c["ignored"] / total if total else 0.0})
    return out


def finding_query(unit: str = "", rule: str = "", severity: str = "", status: str = "",
                  period: str = "", cls: str = "") -> dict[str, Any]:
    """The list's filters; a bad period raises reports.period.PeriodError."""
    q: dict[str, Any] = {}
    if unit:
        q["unit"] = "" if unit == SITE_WIDE else unit
    if rule:
        q["rule"] = {"$regex": "^" + re.escape(rule.upper())}
    if cls:
        q["problem_class"] = cls
    if severity in SEVERITIES:
        q["severity"] = severity
    if status in STATUSES:
        q["status"] = status
    elif status == "filed":
        q["filed"] = True
    if period:
        p = parse_period(period)
        q["first_seen"] = {"$lt": p.end_utc}
        q["last_seen"] = {"$gte": p.start_utc}
    return q


def find_findings(db: Database, query: dict[str, Any], page: int = 1) -> tuple[list[dict[str, Any]], int]:
    total = db.findings.count_documents(query)
    docs = list(db.findings.find(query).sort([("unit", 1), ("rule", 1), ("_id", 1)])
                .skip((max(page, 1) - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return docs, total


def filter_choices(db: Database) -> dict[str, list[str]]:
    units = sorted({str(u or SITE_WIDE) for u in db.findings.distinct("unit")})
    rules = sorted({str(r) for r in db.findings.distinct("rule") if r})
    return {"units": units, "rules": rules}


def file_column(db: Database, site: str, target: str, start: datetime, end: datetime, reason: str,
                now: datetime | None = None) -> int:
    """临时报备 as `python -m analyzers file` does, and mark the open findings it covers at once
    (the next analyzer run would do the same); returns how many were marked."""
    add_filing(db, site, target, start, end, reason)
    now = now or datetime.now(UTC)
    if not start <= now <= end:
        return 0
    filing = {"site": site, "target_prefix": target}
    marked = 0
    for f in db.findings.find({"site": site, "status": "open", "filed": {"$ne": True}},
                              {"site": 1, "target": 1, "column": 1}):
        view = SimpleNamespace(site=f.get("site"), target=str(f.get("target") or ""), column=f.get("column"))
        if is_filed(view, [filing]):  # type: ignore[arg-type]
            db.findings.update_one({"_id": f["_id"]}, {"$set": {"filed": True}})
            marked += 1
    return marked


__all__ = ["PeriodError", "false_alarm_rates", "file_column", "filter_choices", "find_findings",
           "finding_query", "overview", "trends"]

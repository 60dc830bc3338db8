"""Which findings a report shows, and what their targets are called.

A period's findings are those open now, not under a temporary filing (临时报备)
and not ignored, that were seen during the period: first seen before its end
and last seen on or after its start. Resolved findings were fixed; they are
left out like ignored and filed ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pymongo.database import Database

from reports.config import SEVERITY_RANK
from reports.period import Period
from store.keys import url_key

SEVERITY_ZH = {"veto": "单项否决", "deduct": "扣分", "notice": "提示"}


def period_query(period: Period, site: str | None = None) -> dict[str, Any]:
    q: dict[str, Any] = {
        "status": "open",
        "filed": {"$ne": True},
        "first_seen": {"$lt": period.end_utc},
        "last_seen": {"$gte": period.start_utc},
    }
    if site is not None:
        q["site"] = site
    return q


def reported_findings(db: Database, period: Period, site: str | None = None,
                      min_severity: str = "notice") -> list[dict[str, Any]]:
    """The period's reportable findings, worst first, then by unit and rule."""
    floor = SEVERITY_RANK[min_severity]
    docs = [d for d in db.findings.find(period_query(period, site))
            if SEVERITY_RANK.get(str(d.get("severity")), 0) >= floor]
    docs.sort(key=lambda d: (-SEVERITY_RANK.get(str(d.get("severity")), 0), str(d.get("unit") or ""),
                             str(d.get("rule")), str(d.get("target")), str(d["_id"])))
    return docs


@dataclass(frozen=True, slots=True)
class Target:
    """What a finding's target is: an article (title), a column (name) or a page."""

    kind: str  # article | column | message | page
    name: str
    url: str


def _column_name(doc: dict[str, Any]) -> str:
    names = [str(n) for n in doc.get("names") or [] if n]
    unit = str(doc.get("unit") or "")
    # A unit's sub-column is usually named after the unit: the category above it names the column.
    meaningful = [n for n in names if n != unit] or names or [str(doc.get("name") or "")]
    return meaningful[-1]


def describe_targets(db: Database, findings: Iterable[dict[str, Any]]) -> dict[str, Target]:
    """target URL → Target, looked up by the crawled documents' URL keys."""
    urls = {str(f.get("target") or "") for f in findings} - {""}
    keys = {url_key(u): u for u in urls if u.startswith(("http://", "https://"))}
    out: dict[str, Target] = {}
    ids = list(keys)
    for i in range(0, len(ids), 200):
        chunk = ids[i : i + 200]
        for d in db.articles.find({"_id": {"$in": chunk}}, {"title": 1, "list_title": 1}):
            url = keys[d["_id"]]
            out[url] = Target("article", str(d.get("title") or d.get("list_title") or ""), url)
        for d in db.columns.find({"_id": {"$in": chunk}}, {"names": 1, "name": 1, "unit": 1}):
            out[keys[d["_id"]]] = Target("column", _column_name(d), keys[d["_id"]])
        for d in db.messages.find({"_id": {"$in": chunk}}, {"title": 1}):
            out[keys[d["_id"]]] = Target("message", str(d.get("title") or ""), keys[d["_id"]])
    for u in urls:
        out.setdefault(u, Target("page", "", u))
    return out

"""Finding lifecycle in MongoDB ``findings``: open → resolved → reopened; ignored.

Documents are keyed by ``finding_id``. A run upserts what it found and
resolves what it no longer finds within its ``scope``; ``ignored`` (a
person's false-positive mark) is never overwritten. Temporary filings
(临时报备, collection ``filings``) mark findings ``filed: true``: kept, not
reported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pymongo import UpdateOne
from pymongo.database import Database

from analyzers.model import Finding
from store.keyed import find_by_ids, insert_missing, server_prefers_keyed_writes, update_existing

log = logging.getLogger(__name__)

BATCH = 200  # small batches: the embedded server writes one document at a time


def active_filings(db: Database, now: datetime) -> list[dict[str, Any]]:
    """Filings whose period contains ``now``."""
    return list(db.filings.find({"from": {"$lte": now}, "to": {"$gte": now}}))


def is_filed(f: Finding, filings: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a finding falls under a filing: same site and a target under
    its prefix, or the article's column is the filed column."""
    for fl in filings:
        if fl.get("site") and fl["site"] != f.site:
            continue
        prefix = fl.get("target_prefix") or ""
        if f.target.startswith(prefix):
            return True
        if fl.get("column_id") is not None and f.column == str(fl["column_id"]):
            return True
    return False


def add_filing(
    db: Database,
    site: str,
    target_prefix: str,
    start: datetime,
    end: datetime,
    reason: str,
    column_id: str | None = None,
) -> Any:
    """Declare a column or site under redesign for [start, end]."""
    doc = {"site": site, "target_prefix": target_prefix, "from": start, "to": end, "reason": reason}
    if column_id is not None:
        doc["column_id"] = column_id
    return db.filings.insert_one(doc).inserted_id


def _bulk(coll: Any, ops: list[Any]) -> list[Any]:
    results = []
    for i in range(0, len(ops), BATCH):
        results.append(coll.bulk_write(ops[i : i + BATCH], ordered=True))
    return results


def apply_findings(
    db: Database, findings: Iterable[Finding], scope: Mapping[str, Any], now: datetime
) -> dict[str, int]:
    """Store one run's findings and close the ones it no longer reproduces.

    ``scope`` is the filter of what the run covered, e.g. ``{"site": s,
    "unit": u, "rule": {"$in": codes}}``; only open findings inside it are
    resolved. ``now`` must be later than the previous run's (it is the run's
    mark in ``last_seen``). Returns counts: new, seen, reopened, resolved, filed.
    """
    coll = db.findings
    by_id: dict[str, Finding] = {}
    for f in findings:
        by_id.setdefault(f.finding_id, f)  # equal ids are the same fault
    filings = active_filings(db, now)

    counts = {"new": 0, "seen": 0, "reopened": 0, "resolved": 0, "filed": 0}
    keyed = server_prefers_keyed_writes(db)  # store.keyed: the embedded server's flat write path
    ids = list(by_id)
    for i in range(0, len(ids), BATCH // 2):
        rows = []
        for fid in ids[i : i + BATCH // 2]:
            f = by_id[fid]
            filed = is_filed(f, filings)
            counts["filed"] += filed
            fields = {"_id": fid, **f.to_dict()}
            fields.update(last_seen=now, filed=filed)
            rows.append((fields, {"first_seen": now, "status": "open"}))
        if keyed:
            existing = insert_missing(coll, [{**fields, **on_insert} for fields, on_insert in rows])
            counts["new"] += len(rows) - len(existing)
            rows = [row for row in rows if row[0]["_id"] in existing]
        chunk = [fields["_id"] for fields, _ in rows]
        resolved_before = {k for k, d in find_by_ids(coll, chunk, {"status": 1}, keyed).items()
                           if d.get("status") == "resolved"}
        ops: list[Any] = [
            UpdateOne(
                {"_id": fid, "status": "resolved"},
                {
                    "$set": {"status": "open", "reopened_at": now},
                    "$unset": {"resolved_at": ""},
                    "$inc": {"reopened": 1},
                },
            )
            for fid in chunk
            if fid in resolved_before
        ]
        if keyed:
            _bulk(coll, ops)
            counts["new"] += update_existing(coll, rows)
        else:
            ops += [
                UpdateOne({"_id": f["_id"]}, {"$setOnInsert": o, "$set": {k: v for k, v in f.items() if k != "_id"}},
                          upsert=True)
                for f, o in rows
            ]
            for res in _bulk(coll, ops):
                counts["new"] += res.upserted_count
        counts["reopened"] += len(resolved_before)
    counts["seen"] = len(by_id) - counts["new"]

    stale = {"$and": [dict(scope), {"status": "open"}, {"last_seen": {"$lt": now}}]}
    res = coll.update_many(stale, {"$set": {"status": "resolved", "resolved_at": now}})
    counts["resolved"] = res.modified_count
    log.info("findings stored: %s", counts)
    return counts


def ignore_finding(
    db: Database, finding_id: str, by: str, reason: str, now: datetime | None = None
) -> bool:
    """Mark a finding a false positive; it stays ignored across reruns.

    Returns False when no finding has this id.
    """
    res = db.findings.update_one(
        {"_id": finding_id},
        {
            "$set": {
                "status": "ignored",
                "ignored_by": by,
                "ignored_reason": reason,
                "ignored_at": now or datetime.now().astimezone(),
            }
        },
    )
    return res.matched_count > 0


def reported(db: Database, query: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """Open findings that are not under a temporary filing: what reports show."""
    q = {"$and": [dict(query or {}), {"status": "open"}, {"filed": {"$ne": True}}]}
    return list(db.findings.find(q))


__all__ = [
    "BATCH",
    "active_filings",
    "add_filing",
    "apply_findings",
    "ignore_finding",
    "is_filed",
    "reported",
]

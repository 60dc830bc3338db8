"""Read a returned rectification workbook: record what units wrote, queue their reruns.

Answers go to ``rectifications`` (one document per finding, ``_id`` the
finding id, so re-reading the same file changes nothing). A unit that marked
any finding 已整改 gets one pending ``rerun_requests`` document per site and
unit (the scheduler consumes it: recrawl that unit, then analyze it, which
resolves the findings that are gone). The unit and site always come from the
stored finding, never from the file.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pymongo import ReturnDocument
from pymongo.database import Database

from reports.rectification import (
    ANSWER_HEADER,
    ID_HEADER,
    STATUS_CHOICES,
    STATUS_HEADER,
    SUMMARY_SHEET,
)

log = logging.getLogger(__name__)
FIXED = "已整改"


class RectificationFileError(ValueError):
    """A file that is not a rectification workbook."""


@dataclass
class ApplyResult:
    recorded: int = 0  # answers stored or changed
    unchanged: int = 0  # answers equal to what was stored
    blank: int = 0  # rows the unit left empty
    unknown: list[str] = field(default_factory=list)  # ids that match no finding
    bad_status: list[str] = field(default_factory=list)  # 整改状态 not one of the choices
    reruns: list[tuple[str, str]] = field(default_factory=list)  # (site, unit) queued


def _rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(sheet, finding id, status, answer) of every filled row."""
    try:
        wb = load_workbook(str(path), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RectificationFileError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    out = []
    found_header = False
    for ws in wb.worksheets:
        if ws.title == SUMMARY_SHEET:
            continue
        cols: dict[str, int] = {}
        for row in ws.iter_rows(values_only=True):
            cells = ["" if v is None else str(v).strip() for v in row]
            if not cols:
                if ID_HEADER in cells and ANSWER_HEADER in cells:
                    cols = {h: cells.index(h) for h in (ID_HEADER, STATUS_HEADER, ANSWER_HEADER) if h in cells}
                    found_header = True
                continue
            fid = cells[cols[ID_HEADER]] if cols[ID_HEADER] < len(cells) else ""
            if not fid:
                continue
            status = cells[cols[STATUS_HEADER]] if STATUS_HEADER in cols and cols[STATUS_HEADER] < len(cells) else ""
            answer = cells[cols[ANSWER_HEADER]] if cols[ANSWER_HEADER] < len(cells) else ""
            out.append((ws.title, fid, status, answer))
    wb.close()
    if not found_header:
        raise RectificationFileError(f"{path}: no sheet has the columns {ID_HEADER} and {ANSWER_HEADER}")
    return out


def apply_rectification(db: Database, path: str | Path, now: datetime | None = None) -> ApplyResult:
    path = Path(path)
    now = now or datetime.now(UTC)
    result = ApplyResult()
    fixed: dict[tuple[str, str], list[str]] = {}
    for sheet, fid, status, answer in _rows(path):
        if not status and not answer:
            result.blank += 1
            continue
        finding = db.findings.find_one({"_id": fid}, {"site": 1, "unit": 1, "rule": 1, "target": 1})
        if finding is None:
            result.unknown.append(fid)
            continue
        if status and status not in STATUS_CHOICES:
            result.bad_status.append(f"{sheet}: {fid} {status!r}")
            status = ""
        fields = {"site": finding.get("site"), "unit": finding.get("unit") or "", "rule": finding.get("rule"),
                  "target": finding.get("target"), "status": status, "answer": answer}
        stored = db.rectifications.find_one({"_id": fid})
        if stored and all(stored.get(k) == v for k, v in fields.items()):
            result.unchanged += 1
        else:
            db.rectifications.update_one(
                {"_id": fid},
                {"$set": {**fields, "file": path.name, "recorded_at": now},
                 "$setOnInsert": {"first_recorded_at": now}},
                upsert=True)
            result.recorded += 1
        if status == FIXED:
            fixed.setdefault((str(fields["site"]), str(fields["unit"])), []).append(fid)
    for (site, unit), ids in sorted(fixed.items()):
        queue_rerun(db, site, unit, ids, f"整改清单 {path.name}", now)
        result.reruns.append((site, unit))
    return result


def queue_rerun(db: Database, site: str, unit: str, finding_ids: list[str], reason: str,
                now: datetime) -> None:
    """One pending request per site and unit: a second answer adds to it, never duplicates it."""
    db.rerun_requests.update_one(
        {"site": site, "unit": unit, "status": "pending"},
        {"$setOnInsert": {"requested_at": now},
         "$set": {"updated_at": now, "reason": reason},
         "$addToSet": {"finding_ids": {"$each": finding_ids}}},
        upsert=True)
    log.info("rerun queued for %s / %s (%d findings)", site, unit or "（全站）", len(finding_ids))


def take_rerun(db: Database, now: datetime | None = None,
               sites: list[str] | None = None) -> dict[str, Any] | None:
    """The oldest pending rerun (of ``sites``, default any), marked running (two consumers never
    take the same one)."""
    query: dict[str, Any] = {"status": "pending"}
    if sites is not None:
        query["site"] = {"$in": sites}
    return db.rerun_requests.find_one_and_update(
        query, {"$set": {"status": "running", "started_at": now or datetime.now(UTC)}},
        sort=[("requested_at", 1)], return_document=ReturnDocument.AFTER)


def finish_rerun(db: Database, request_id: Any, ok: bool, detail: str = "",
                 now: datetime | None = None) -> None:
    db.rerun_requests.update_one(
        {"_id": request_id},
        {"$set": {"status": "done" if ok else "failed", "finished_at": now or datetime.now(UTC),
                  "detail": detail}})


def pending_reruns(db: Database) -> list[dict[str, Any]]:
    """What the scheduler should rerun, oldest first."""
    return list(db.rerun_requests.find({"status": "pending"}).sort("requested_at", 1))

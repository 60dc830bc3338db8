"""`job_runs`: one document per job run, and the redaction of secrets in what is logged.

A job run: ``_id`` (``<job>:<UTC stamp>-<hex>``), ``job``, ``kind``, ``scope``
(``{site, unit}``), ``started_at``, ``finished_at``, ``status`` (``running`` →
``ok`` / ``failed`` / ``timeout`` / ``skipped``), ``error`` (the reason when
not ok), ``steps`` (one per child process or site: what ran, its exit status,
its crawl run id, its counts), ``counts`` (the steps' counts added up),
``host``/``pid`` of the scheduler that ran it.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pymongo import DESCENDING
from pymongo.database import Database

logger = logging.getLogger("govwatch.service")

JOB_RUNS = "job_runs"
PROBES = "probes"
_USERINFO = re.compile(r"(mongodb(?:\+srv)?://)([^@/\s]+)@")


def redact(text: str) -> str:
    """``text`` with the password of every mongodb:// URI in it replaced by ***."""
    def hide(match: re.Match[str]) -> str:
        user = match.group(2).split(":", 1)[0]
        return f"{match.group(1)}{user}:***@" if ":" in match.group(2) else match.group(0)
    return _USERINFO.sub(hide, text)


def redact_uri(uri: str) -> str:
    """A MongoDB URI fit for a log line (the password replaced by ***)."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = f"{parts.username}:***@{parts.netloc.rsplit('@', 1)[1]}"
    return urlunsplit(parts._replace(netloc=netloc))


class RedactingFilter(logging.Filter):
    """Attached to the root handlers: no log line carries a MongoDB password, whoever logs it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def ensure_indexes(db: Database) -> None:
    db[JOB_RUNS].create_index([("job", 1), ("started_at", -1)], name="job_started")
    db[PROBES].create_index([("site", 1), ("time", -1)], name="site_time")


def start_run(db: Database, job: str, kind: str, scope: dict[str, Any]) -> dict[str, Any]:
    run = {"_id": f"{job}:{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}", "job": job, "kind": kind,
           "scope": scope, "started_at": datetime.now(UTC), "status": "running", "steps": [],
           "host": socket.gethostname(), "pid": os.getpid()}
    db[JOB_RUNS].insert_one(run)
    return run


def add_step(db: Database, run: dict[str, Any], step: dict[str, Any]) -> None:
    run["steps"].append(step)
    db[JOB_RUNS].update_one({"_id": run["_id"]}, {"$push": {"steps": step}})


def finish_run(db: Database, run: dict[str, Any], status: str, error: str = "") -> dict[str, Any]:
    counts: Counter[str] = Counter()
    for step in run["steps"]:
        counts.update({k: v for k, v in (step.get("counts") or {}).items() if isinstance(v, int)})
    fields = {"finished_at": datetime.now(UTC), "status": status, "error": redact(error), "counts": dict(counts)}
    run.update(fields)
    db[JOB_RUNS].update_one({"_id": run["_id"]}, {"$set": fields})
    return run


def last_runs(db: Database, job: str, n: int = 1) -> list[dict[str, Any]]:
    return list(db[JOB_RUNS].find({"job": job}).sort("started_at", DESCENDING).limit(n))


def interrupted_crawl(db: Database, spider: str, site: str, unit: str | None) -> str | None:
    """The run id of the latest crawl of this spider and scope if it never finished (killed,
    timed out, or its machine stopped): the next crawl resumes it. None otherwise."""
    query: dict[str, Any] = {"spider": spider, "site": site, "scope.unit": unit}
    latest = db["crawl_runs"].find_one(query, {"status": 1, "finish_reason": 1}, sort=[("started_at", DESCENDING)])
    if latest is None:
        return None
    if latest.get("status") == "running" or latest.get("finish_reason") not in (None, "finished"):
        return str(latest["_id"])
    return None

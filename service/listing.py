"""`scheduler.py list`: every configured job, its trigger, next run and last result."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo.database import Database

from service import runs
from service.app import JOBS_COLLECTION
from service.config import load_schedule


def _when(value: Any) -> str:
    if isinstance(value, int | float):
        value = datetime.fromtimestamp(value, UTC)
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return "—"


def job_table(db: Database) -> str:
    """One line per configured job; next run times as the service last stored them."""
    schedule = load_schedule()
    stored = {d["_id"]: d.get("next_run_time") for d in db[JOBS_COLLECTION].find({}, {"next_run_time": 1})}
    lines = [f"jobs from {schedule.source} (timezone {schedule.timezone})",
             f"{'job':<12} {'kind':<9} {'when':<22} {'next run':<24} last result"]
    for job_id, spec in schedule.jobs.items():
        when = f"every {spec.every_s:g} s" if spec.every_s else f"cron {spec.cron}"
        nxt = _when(stored[job_id]) if job_id in stored else "not scheduled yet"
        last = runs.last_runs(db, job_id)
        if last:
            run = last[0]
            result = f"{run.get('status')} at {_when(run.get('started_at'))}"
            counts = run.get("counts") or {}
            if counts:
                result += " (" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")"
            if run.get("error"):
                result += f" — {run['error'][:120]}"
        else:
            result = "never run"
        lines.append(f"{job_id:<12} {spec.kind:<9} {when:<22} {nxt:<24} {result}")
    return "\n".join(lines)

"""The scheduler's job store is MongoDB: a restart keeps jobs, next run times and history."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pymongo.database import Database

from service import app
from service.config import load_schedule
from service.jobs import run_job
from service.listing import job_table
from tests.service.conftest import set_schedule


def start(db: Database) -> app.BackgroundScheduler:
    scheduler = app.build(_uri(db), db.name, load_schedule())
    scheduler.start(paused=True)
    return scheduler


def _uri(db: Database) -> str:
    host, port = db.client.address
    return f"mongodb://{host}:{port}/?directConnection=true"


def test_restart_keeps_jobs_next_runs_and_history(service_env: Database, tmp_path: Path) -> None:
    db = service_env
    first = start(db)
    assert set(app.sync_jobs(first, load_schedule()).values()) == {"added"}
    before = app.next_runs(first)
    assert set(before) == {"probe", "crawl", "crawl-full", "linkcheck", "analyze", "media", "bulletin",
                           "rerun"}
    first.shutdown(wait=False)
    run_job("bulletin")  # some history

    time.sleep(1.1)  # a recomputed interval trigger would now give a later next run time
    second = start(db)
    outcome = app.sync_jobs(second, load_schedule())
    assert set(outcome.values()) == {"kept"}
    assert app.next_runs(second) == before
    job = second.get_job("crawl")
    assert job.misfire_grace_time == 6 * 3600 and job.coalesce and job.max_instances == 1
    second.shutdown(wait=False)
    assert db.job_runs.count_documents({"job": "bulletin"}) == 1
    table = job_table(db)
    assert "bulletin" in table and "ok" in table and "not scheduled yet" not in table


def test_changed_configuration_replaces_and_removes(service_env: Database, tmp_path: Path) -> None:
    db = service_env
    first = start(db)
    app.sync_jobs(first, load_schedule())
    first.shutdown(wait=False)
    set_schedule(tmp_path, "    probe: {every_s: 30}\n    media: {enabled: false}\n")
    second = start(db)
    outcome = app.sync_jobs(second, load_schedule())
    second.shutdown(wait=False)
    assert outcome["probe"] == "replaced" and outcome["media"] == "removed" and outcome["crawl"] == "kept"


def test_serve_runs_due_jobs_and_stops(service_env: Database, tmp_path: Path) -> None:
    """`scheduler.py run` in miniature: a probe every second runs, is recorded, and the service stops cleanly."""
    db = service_env
    set_schedule(tmp_path, "    probe: {every_s: 1}\n")
    stop = threading.Event()
    thread = threading.Thread(target=app.serve, args=(_uri(db), db.name, stop))
    thread.start()
    deadline = time.monotonic() + 60
    while db.probes.count_documents({}) < 3 and time.monotonic() < deadline:
        time.sleep(0.5)
    stop.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert db.probes.count_documents({"ok": True}) >= 3
    assert db.job_runs.count_documents({"job": "probe", "status": "ok"}) >= 3

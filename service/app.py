"""The long-running service: APScheduler 3 with its job store in MongoDB.

Jobs live in the ``scheduler_jobs`` collection of the GovWatch database (the
embedded server or MONGO_URI), so a restarted service keeps its jobs, their
next run times and (in ``job_runs``) their history. On start the configured
jobs are synchronised with the stored ones: a job whose trigger and limits are
unchanged keeps its stored next run time; a changed one is replaced; a job no
longer configured is removed. Scheduling choices are documented in
service/config.py.
"""

from __future__ import annotations

import logging
import signal
import threading
from datetime import datetime
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.mongodb import MongoDBJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from pymongo import MongoClient

from service import runs
from service.config import JobSpec, Schedule, load_schedule
from service.jobs import stop_children

logger = logging.getLogger("govwatch.service")

JOBS_COLLECTION = "scheduler_jobs"
JOB_FUNC = "service.jobs:scheduled"


def _fingerprint(spec: JobSpec) -> str:
    """What must match for a stored job to be kept as it is (with its next run time)."""
    return repr((spec.trigger_args(), spec.misfire_grace_s, spec.coalesce, spec.max_instances))


def build(uri: str, db_name: str, schedule: Schedule) -> BackgroundScheduler:
    """A scheduler (not started) whose job store is MongoDB at ``uri``."""
    # Its own client: the job store closes the client it is given on shutdown.
    client: MongoClient = MongoClient(uri, tz_aware=True, serverSelectionTimeoutMS=10_000)
    store = MongoDBJobStore(database=db_name, collection=JOBS_COLLECTION, client=client)
    scheduler = BackgroundScheduler(
        jobstores={"default": store},
        executors={"default": ThreadPoolExecutor(max_workers=schedule.workers)},
        timezone=schedule.timezone,
    )
    scheduler.add_listener(_on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED | EVENT_JOB_SUBMITTED)
    return scheduler


def _on_event(event: Any) -> None:
    if isinstance(event, JobExecutionEvent) and event.exception is not None:
        logger.error("job %s raised %s: %s; it runs again at its next time", event.job_id,
                     type(event.exception).__name__, runs.redact(str(event.exception)))
    elif event.code == EVENT_JOB_MISSED:
        logger.warning("job %s missed its run at %s (past its misfire grace); waiting for the next",
                       event.job_id, event.scheduled_run_time)
    else:
        logger.debug("job %s submitted", event.job_id)


def sync_jobs(scheduler: BackgroundScheduler, schedule: Schedule) -> dict[str, str]:
    """Bring the stored jobs in line with the configuration; returns {job id: kept|added|replaced|removed}."""
    outcome: dict[str, str] = {}
    stored = {job.id: job for job in scheduler.get_jobs()}
    for job_id, spec in schedule.jobs.items():
        fingerprint = _fingerprint(spec)
        existing = stored.pop(job_id, None)
        if existing is not None and existing.kwargs.get("fingerprint") == fingerprint:
            outcome[job_id] = "kept"
            continue
        scheduler.add_job(
            JOB_FUNC, id=job_id, name=job_id, replace_existing=True,
            args=[job_id], kwargs={"fingerprint": fingerprint},
            misfire_grace_time=spec.misfire_grace_s, coalesce=spec.coalesce, max_instances=spec.max_instances,
            **spec.trigger_args(),
        )
        outcome[job_id] = "replaced" if existing is not None else "added"
    for job_id in stored:
        scheduler.remove_job(job_id)
        outcome[job_id] = "removed"
    return outcome


def next_runs(scheduler: BackgroundScheduler) -> dict[str, datetime | None]:
    return {job.id: job.next_run_time for job in scheduler.get_jobs()}


def serve(uri: str, db_name: str, stop: threading.Event | None = None) -> int:
    """Run until SIGTERM / SIGINT (or ``stop``); returns the exit status."""
    schedule = load_schedule()
    scheduler = build(uri, db_name, schedule)
    scheduler.start(paused=True)  # synchronise before anything can fire
    for job_id, what in sync_jobs(scheduler, schedule).items():
        logger.info("job %s: %s", job_id, what)
    scheduler.resume()
    logger.info("GovWatch service running (%d jobs from %s, timezone %s, database %s)", len(schedule.jobs),
                schedule.source, schedule.timezone, runs.redact_uri(uri))
    for job_id, when in next_runs(scheduler).items():
        logger.info("  %-12s next run %s", job_id, when)
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    scheduler.pause()
    stopped = stop_children()
    logger.info("stopping: %d running crawls told to stop (resumed on the next run); waiting for jobs to end",
                stopped)
    scheduler.shutdown(wait=True)
    return 0

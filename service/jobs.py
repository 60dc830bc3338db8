"""What each scheduled job does. ``run_job`` is what APScheduler (and ``scheduler.py once``) calls.

Crawls and analyzers run as child processes (Twisted's reactor cannot restart
in one process, one site's failure must not stop the others, and the service's
memory stays flat), each with a timeout: on expiry the child gets SIGTERM
(Scrapy stops cleanly and writes what it holds), then SIGKILL a minute later.
A crawl that did not finish is resumed by the next run of any job crawling the
same spider and scope (crawler/incremental.py). Crawls of one site never
overlap, even between the service and a ``once`` run: they take a file lock
per site under GOVWATCH_LOCK_DIR (``data/locks``).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pymongo.database import Database

from crawler.command import scrapy_crawl_command
from crawler.sites import load_sites
from service import runs
from service.config import JobSpec, load_schedule
from service.probe import probe
from service.report_jobs import bulletin_job

logger = logging.getLogger("govwatch.service")

REPO = Path(__file__).resolve().parents[1]
KILL_GRACE_S = 60
_running: set[subprocess.Popen] = set()  # children of running jobs, stopped with the service
_running_lock = threading.Lock()


class JobError(RuntimeError):
    """A job that cannot run as asked (unknown job, site or unit)."""


def _db() -> Database:
    from store.connect import connect

    db = connect()
    runs.ensure_indexes(db)
    return db


def run_job(job_id: str, site: str | None = None, unit: str | None = None) -> dict[str, Any]:
    """Run one configured job now over all sites (or ``site``, ``unit``); return its job run."""
    schedule = load_schedule()
    spec = schedule.jobs.get(job_id)
    if spec is None:
        raise JobError(f"unknown or disabled job {job_id!r}; configured: {', '.join(schedule.jobs)}")
    sites = load_sites()
    if site is not None and site not in sites:
        raise JobError(f"unknown site {site!r}; configured: {', '.join(sites)}")
    chosen = [site] if site else list(sites)
    if unit is not None:
        if len(chosen) != 1:
            raise JobError("--unit needs --site when several sites are configured")
        known = {u["name"] for u in sites[chosen[0]].units} | {sites[chosen[0]].default_unit}
        if unit not in known:
            raise JobError(f"unknown unit {unit!r} for site {chosen[0]}")
    db = _db()
    run = runs.start_run(db, job_id, spec.kind, {"site": site, "unit": unit})
    scope = f"site={site or '*'}" + (f" unit={unit}" if unit else "")
    logger.info("job %s started (%s, run %s)", job_id, scope, run["_id"])
    started = time.monotonic()
    try:
        status, error = _KINDS[spec.kind](db, run, spec, [sites[s] for s in chosen], unit)
    except Exception as failure:  # a job never takes the service down; the reason is kept
        logger.exception("job %s failed", job_id)
        status, error = "failed", f"{type(failure).__name__}: {failure}"
    run = runs.finish_run(db, run, status, error)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(run["counts"].items())) or "no counts"
    log = logger.info if status in ("ok", "skipped") else logger.error
    log("job %s finished %s in %.0f s (%s): %s%s", job_id, status, time.monotonic() - started, scope, counts,
        f"; reason: {runs.redact(error)}" if error else "")
    db.client.close()
    return run


def scheduled(job_id: str, fingerprint: str = "") -> None:
    """APScheduler's entry: ``fingerprint`` only marks the stored job's configuration (service/app.py)."""
    run_job(job_id)


# -- probes ----------------------------------------------------------------------


def _probe(db: Database, run: dict[str, Any], spec: JobSpec, sites: list[Any], unit: str | None) -> tuple[str, str]:
    failed = []
    for site in sites:
        result = probe(site.id, site.start_url, spec.timeout_s)
        db[runs.PROBES].insert_one(result.document())
        runs.add_step(db, run, {"site": site.id, "url": result.url, "ok": result.ok, "status": result.status,
                                "latency_ms": result.latency_ms, "error": result.error,
                                "counts": {"probes": 1, "probe_failures": int(not result.ok)}})
        if not result.ok:
            failed.append(f"{site.id}: {result.error}")
    # A failed probe is a measurement, not a failed job: AVAIL-SITE judges the ratio.
    return "ok", "; ".join(failed)


# -- crawls ------------------------------------------------------------------------


@contextmanager
def site_lock(site: str) -> Iterator[None]:
    """One crawl of a site at a time, across processes (the service and `once`)."""
    folder = Path(os.environ.get("GOVWATCH_LOCK_DIR", "data/locks"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (re.sub(r"[^\w.-]", "_", site) + ".lock")
    with path.open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("another crawl of %s is running; waiting for it", site)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def child(command: list[str], timeout_s: float, env: dict[str, str] | None = None) -> tuple[int, bool]:
    """Run a child process with a timeout: (exit status, timed out). Output goes to ours."""
    environment = {**os.environ, **(env or {})}
    if sys.stderr.isatty():
        environment.setdefault("GOVWATCH_PROGRESS", "1")  # the crawl's progress line, on this terminal
    process = subprocess.Popen(command, cwd=REPO, env=environment)
    with _running_lock:
        _running.add(process)
    try:
        return process.wait(timeout=timeout_s), False
    except subprocess.TimeoutExpired:
        logger.error("%s ran past its %.0f s timeout: stopping it", " ".join(command[:5]), timeout_s)
        process.send_signal(signal.SIGTERM)  # Scrapy closes cleanly and writes what it holds
        try:
            process.wait(timeout=KILL_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        return process.returncode, True
    finally:
        with _running_lock:
            _running.discard(process)


def stop_children() -> int:
    """SIGTERM every running child (the service is stopping): Scrapy closes cleanly, writes what
    it holds, and the interrupted crawl is resumed by the next run. Returns how many."""
    with _running_lock:
        children = [p for p in _running if p.poll() is None]
    for process in children:
        process.send_signal(signal.SIGTERM)
    return len(children)


def crawl_counts(db: Database, run_id: str) -> dict[str, int]:
    """The counts of one crawl run, from its `crawl_runs` stats."""
    doc = db["crawl_runs"].find_one({"_id": run_id}, {"stats": 1}) or {}
    stats = doc.get("stats") or {}
    counts = {
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "requests": stats.get("downloader/request_count", 0),
        "failures": sum(v for k, v in stats.items() if k.startswith("govwatch/spider/failed/")),
        "written": sum(v for k, v in stats.items() if k.startswith("govwatch/mongo/written/")),
        "spooled": sum(v for k, v in stats.items() if k.startswith("govwatch/mongo/spooled/")),
        "known_entries": stats.get("govwatch/spider/known_entries", 0),
        "not_modified": stats.get("govwatch/conditional/not_modified", 0),
    }
    return {k: int(v) for k, v in counts.items() if isinstance(v, int | float)}


def crawl_command(spider: str, site: str, unit: str | None, mode: str, run_id: str, resume: bool,
                  sites_path: str | None = None) -> list[str]:
    return scrapy_crawl_command(spider, site, unit=unit, sites=sites_path,
                                spider_args={"mode": mode, "resume_run": run_id if resume else None},
                                settings={"GOVWATCH_RUN_ID": run_id})


def _crawl(db: Database, run: dict[str, Any], spec: JobSpec, sites: list[Any], unit: str | None) -> tuple[str, str]:
    if not spec.spiders:
        what = spec.what or "this job"
        message = (f"no spider is configured for {what} (schedule.jobs.{spec.id}.spiders is empty): "
                   "nothing was crawled")
        logger.warning("job %s: %s", spec.id, message)
        return "skipped", message
    problems: list[str] = []
    timed_out = False
    # A unit rerun checks everything of that unit: a fixed page need not change its list entry.
    mode = "full" if unit else spec.mode
    for site in sites:
        with site_lock(site.id):
            crawled = False
            for spider in spec.spiders:
                resume_id = runs.interrupted_crawl(db, spider, site.id, unit)
                run_id = resume_id or f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
                if resume_id:
                    logger.info("resuming the interrupted %s crawl %s of %s", spider, resume_id, site.id)
                command = crawl_command(spider, site.id, unit, mode, run_id, bool(resume_id),
                                        os.environ.get("GOVWATCH_SITES"))
                code, late = child(command, spec.timeout_s)
                counts = crawl_counts(db, run_id)
                runs.add_step(db, run, {"site": site.id, "spider": spider, "mode": mode, "crawl_run": run_id,
                                        "resumed": bool(resume_id), "exit": code, "timed_out": late,
                                        "counts": counts})
                if code != 0 or late:
                    timed_out |= late
                    problems.append(f"{site.id}/{spider}: " + (f"timed out after {spec.timeout_s:.0f} s"
                                                               if late else f"exit status {code}"))
                else:
                    crawled = True
            if spec.analyze and crawled:
                problems += _analyze_site(db, run, spec, site.id, unit)
    if timed_out:
        return "timeout", "; ".join(problems)
    return ("failed" if problems else "ok"), "; ".join(problems)


# -- analysis --------------------------------------------------------------------


def _analyze_site(db: Database, run: dict[str, Any], spec: JobSpec, site: str, unit: str | None) -> list[str]:
    command = [sys.executable, "-m", "analyzers", "run", "--site", site]
    if unit:
        command += ["--unit", unit]
    if spec.rules:
        command += ["--rules", spec.rules]
    code, late = child(command, spec.timeout_s)
    scope: dict[str, Any] = {"site": site, "status": "open"}
    if unit:
        scope["unit"] = unit
    counts = {"open_findings": db["findings"].count_documents(scope)}
    runs.add_step(db, run, {"site": site, "analyze": spec.rules or "all", "unit": unit, "exit": code,
                            "timed_out": late, "counts": counts})
    if code != 0 or late:
        return [f"{site}/analyzers: " + ("timed out" if late else f"exit status {code}")]
    return []


def _analyze(db: Database, run: dict[str, Any], spec: JobSpec, sites: list[Any], unit: str | None) -> tuple[str, str]:
    problems = [p for site in sites for p in _analyze_site(db, run, spec, site.id, unit)]
    return ("failed" if problems else "ok"), "; ".join(problems)


def _rerun(db: Database, run: dict[str, Any], spec: JobSpec, sites: list[Any], unit: str | None) -> tuple[str, str]:
    """The units that reported their problems fixed (rectification lists read back, reports/apply.py):
    each one's crawl with every spider of this job, then its analyzers, oldest request first."""
    from reports.apply import finish_rerun, take_rerun

    by_id = {site.id: site for site in sites}
    problems: list[str] = []
    while (request := take_rerun(db, sites=list(by_id))) is not None:
        request_unit = str(request.get("unit") or "") or None
        status, error = _crawl(db, run, spec, [by_id[request["site"]]], request_unit)
        finish_rerun(db, request["_id"], status == "ok", error)
        if status != "ok":
            problems.append(error)
    return ("failed" if problems else "ok"), "; ".join(problems)


_KINDS = {"probe": _probe, "crawl": _crawl, "analyze": _analyze, "bulletin": bulletin_job, "rerun": _rerun}

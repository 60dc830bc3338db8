"""The `schedule:` block: which jobs the service runs, when, and with what limits.

Read from GOVWATCH_SCHEDULE (a YAML file with a top-level ``schedule:``), else
the ``schedule:`` block of the sites configuration (sites.yaml /
sites.example.yaml), else the defaults below. A job given in configuration is
merged over its default; ``enabled: false`` switches a default job off. Values
may read the environment as in sites.yaml (``${VAR:-default}``).

Job kinds:

- ``probe``: GET every site's home page (timeout ``timeout_s``), one ``probes``
  document per request: the input of AVAIL-SITE.
- ``crawl``: ``scrapy crawl <spider>`` child processes for every spider in
  ``spiders`` and every site (or ``--site`` / ``--unit``), each with a timeout,
  then the analyzers over the crawled scope (``analyze``: true, ``rules``).
  New-media spiders plug in here by name (``media``: wechat, weibo, douyin,
  kuaishou); a crawl job with no spiders logs that none is configured and does
  nothing else.
- ``analyze``: the analyzers alone (whole sites: AVAIL-SITE and the other site rules).
- ``bulletin``: the 通报 draft (.docx) and rectification lists (.xlsx) of the
  quarter just ended, per site (service/report_jobs.py).
- ``rerun``: the units that reported a fix in their rectification list
  (``rerun_requests``, queued by ``python -m reports apply-rectification``):
  each one's crawl with the job's spiders, then its analyzers.

Scheduling choices (APScheduler 3), per job, with these defaults:

- ``coalesce: true`` everywhere: after downtime a job runs once, not once per
  missed time (ten missed probes are not ten probes now).
- ``max_instances: 1`` everywhere: two runs of one crawl would share the resume
  state and double the load on the county's server; a run still going when the
  next is due makes that one skip (logged by APScheduler).
- ``misfire_grace_s``: how late a run may still start. Probes 300 s (a probe
  is about *now*; later, wait for the next one). Crawls 6 h (a nightly crawl
  missed by a restart at 01:00 should still run in the morning, not a day
  later). Link check, analysis 6 h; the bulletin 3 days.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from crawler.sites import ConfigError, _expand, find_config

KINDS = ("probe", "crawl", "analyze", "bulletin", "rerun")
HOUR = 3600
MEDIA_SPIDERS = ("wechat", "weibo", "douyin", "kuaishou")

DEFAULT_JOBS: dict[str, dict[str, Any]] = {
    # 24 probes a day ≥ the national 20, each failing after 15 s.
    "probe": {"kind": "probe", "every_s": HOUR, "timeout_s": 15, "misfire_grace_s": 300},
    # Daily: lists walked until known entries, pages revalidated (ETag / Last-Modified).
    "crawl": {"kind": "crawl", "cron": "30 1 * * *", "spiders": ["portal"], "mode": "incremental",
              "timeout_s": 4 * HOUR, "analyze": True},
    # Weekly: every page requested again, so edits and deletions deep in a list are seen.
    "crawl-full": {"kind": "crawl", "cron": "0 2 * * sun", "spiders": ["portal"], "mode": "full",
                   "timeout_s": 12 * HOUR, "analyze": True},
    "linkcheck": {"kind": "crawl", "cron": "0 4 * * sun", "spiders": ["linkcheck"], "timeout_s": 6 * HOUR,
                  "analyze": True, "rules": "LINK"},
    # The site-wide judgements (AVAIL-SITE over the week of probes, the FRESH veto …) every morning.
    "analyze": {"kind": "analyze", "cron": "0 7 * * *", "timeout_s": 2 * HOUR},
    # New-media accounts (sites.yaml accounts: and the 政务新媒体 matrix page).
    "media": {"kind": "crawl", "cron": "0 3 * * *", "spiders": list(MEDIA_SPIDERS), "timeout_s": 4 * HOUR,
              "analyze": True, "what": "new-media accounts"},
    # Units that said "fixed" in their rectification list: their pages and accounts again, soon.
    "rerun": {"kind": "rerun", "every_s": 600, "spiders": ["portal", *MEDIA_SPIDERS], "timeout_s": 2 * HOUR,
              "analyze": True, "misfire_grace_s": 600},
    # The quarterly bulletin (通报), first day of each quarter.
    "bulletin": {"kind": "bulletin", "cron": "0 9 1 1,4,7,10 *", "misfire_grace_s": 3 * 24 * HOUR},
}
DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_s": 6 * HOUR, "timeout_s": 2 * HOUR,
            "enabled": True, "analyze": False, "rules": "", "mode": "full", "spiders": []}


@dataclass(frozen=True)
class JobSpec:
    """One configured job."""

    id: str
    kind: str
    cron: str | None = None
    every_s: float | None = None
    timeout_s: float = 2 * HOUR
    misfire_grace_s: int = 6 * HOUR
    coalesce: bool = True
    max_instances: int = 1
    spiders: tuple[str, ...] = ()
    mode: str = "full"
    analyze: bool = False
    rules: str = ""
    what: str = ""
    options: dict[str, Any] = field(default_factory=dict)

    def trigger_args(self) -> dict[str, Any]:
        """Keyword arguments of APScheduler's add_job for the trigger."""
        if self.every_s:
            return {"trigger": "interval", "seconds": self.every_s}
        assert self.cron is not None
        minute, hour, day, month, dow = self.cron.split()
        return {"trigger": "cron", "minute": minute, "hour": hour, "day": day, "month": month,
                "day_of_week": dow}


@dataclass(frozen=True)
class Schedule:
    timezone: str
    workers: int
    jobs: dict[str, JobSpec]
    source: str


def _read_block(path: str | Path | None) -> tuple[dict[str, Any], str]:
    candidates: list[Path] = []
    if os.environ.get("GOVWATCH_SCHEDULE"):
        candidates.append(Path(os.environ["GOVWATCH_SCHEDULE"]))
    try:
        candidates.append(find_config(path))
    except ConfigError:
        pass
    for candidate in candidates:
        if not candidate.is_file():
            raise ConfigError(f"schedule file {candidate} not found")
        try:
            raw = yaml.safe_load(candidate.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as error:
            raise ConfigError(f"{candidate}: not valid YAML: {error}") from error
        if isinstance(raw, dict) and raw.get("schedule") is not None:
            return _expand(raw["schedule"]), str(candidate)
    return {}, "defaults"


def load_schedule(sites_path: str | Path | None = None) -> Schedule:
    """The schedule: configuration merged over DEFAULT_JOBS."""
    block, source = _read_block(sites_path)
    if not isinstance(block, dict):
        raise ConfigError(f"{source}: schedule must be a mapping")
    merged = copy.deepcopy(DEFAULT_JOBS)
    for job_id, spec in (block.get("jobs") or {}).items():
        if spec is None:
            spec = {"enabled": False}
        if not isinstance(spec, dict):
            raise ConfigError(f"{source}: schedule job {job_id!r} must be a mapping")
        base = dict(merged.get(job_id, {}))
        if "cron" in spec:  # the configured trigger replaces the default one
            base.pop("every_s", None)
        if "every_s" in spec:
            base.pop("cron", None)
        merged[job_id] = {**base, **spec}
    jobs = {}
    for job_id, raw in merged.items():
        spec = {**DEFAULTS, **raw}
        if not spec.pop("enabled"):
            continue
        jobs[job_id] = _job(job_id, spec, source)
    return Schedule(timezone=str(block.get("timezone", "Asia/Shanghai")), workers=int(block.get("workers", 4)),
                    jobs=jobs, source=source)


def _job(job_id: str, spec: dict[str, Any], source: str) -> JobSpec:
    kind = spec.pop("kind", None)
    if kind not in KINDS:
        raise ConfigError(f"{source}: job {job_id!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if spec.get("every_s") and spec.get("cron"):
        raise ConfigError(f"{source}: job {job_id!r}: give `cron` or `every_s`, not both")
    if not spec.get("every_s") and not spec.get("cron"):
        raise ConfigError(f"{source}: job {job_id!r} needs `cron` (5 fields) or `every_s`")
    if spec.get("cron") and len(str(spec["cron"]).split()) != 5:
        raise ConfigError(f"{source}: job {job_id!r}: cron {spec['cron']!r} must have 5 fields")
    if spec.get("mode") not in ("full", "incremental"):
        raise ConfigError(f"{source}: job {job_id!r}: mode must be full or incremental")
    known = {f for f in JobSpec.__dataclass_fields__ if f not in ("id", "kind", "options")}
    options = {k: v for k, v in spec.items() if k not in known}
    values = {k: v for k, v in spec.items() if k in known}
    values["spiders"] = tuple(values.get("spiders") or ())
    try:
        return JobSpec(id=job_id, kind=kind, options=options, **values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{source}: job {job_id!r}: {error}") from error

"""Jobs run now (`scheduler.py once`): probes stored, placeholders honest, failures recorded with
their reason, crawls from the configured spider list, timeouts resumed by the next run."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pymongo.database import Database

from bench.compare import db_fingerprint, duplicates
from service.jobs import JobError, run_job
from service.runs import interrupted_crawl
from tests.service.conftest import set_schedule


def test_probe_job_stores_every_probe(service_env: Database, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="govwatch.service"):
        run = run_job("probe")
    assert "job probe started (site=*" in caplog.text  # one line at the start, one at the end with counts
    assert "job probe finished ok" in caplog.text and "probe_failures 0, probes 1" in caplog.text
    assert run["status"] == "ok" and run["counts"] == {"probes": 1, "probe_failures": 0}
    probe = service_env.probes.find_one()
    assert probe["site"] == "sample" and probe["ok"] and probe["status"] == 200
    assert probe["error"] == "" and probe["latency_ms"] >= 0 and probe["time"] is not None
    stored = service_env.job_runs.find_one({"_id": run["_id"]})
    assert stored["status"] == "ok" and stored["finished_at"] >= stored["started_at"]
    assert stored["scope"] == {"site": None, "unit": None}


def test_a_crawl_job_without_spiders_does_not_pretend(service_env: Database, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    set_schedule(tmp_path, "    media: {spiders: []}\n")
    with caplog.at_level(logging.INFO, logger="govwatch.service"):
        run = run_job("media")
    says = "no spider is configured for new-media accounts"
    assert run["status"] == "skipped" and says in run["error"]
    assert says in caplog.text
    assert service_env.crawl_runs.count_documents({}) == 0


def test_bulletin_job_drafts_the_quarter_just_ended(service_env: Database, tmp_path: Path) -> None:
    from docx import Document

    from analyzers.runner import china_today
    from reports.period import quarter_of

    run = run_job("bulletin", site="sample")
    assert run["status"] == "ok", run.get("error")
    ended = quarter_of(quarter_of(china_today()).first - timedelta(days=1))
    [step] = run["steps"]
    assert step["period"] == ended.key
    docx, xlsx = Path(step["bulletin"]), Path(step["rectification"])
    assert docx.parent == xlsx.parent == tmp_path / "reports"
    assert docx.name == f"bulletin-sample-{ended.key}.docx" and xlsx.is_file()
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert ended.label in text and "通报" in text


def test_rerun_job_crawls_the_units_that_said_fixed(service_env: Database, tmp_path: Path) -> None:
    """A unit that marked a finding 已整改 (queued by apply-rectification) is crawled again, alone."""
    from reports.apply import queue_rerun

    set_schedule(tmp_path, "    rerun: {spiders: [portal], analyze: false}\n")
    queue_rerun(service_env, "sample", "县医保局", ["f1"], "整改清单 test.xlsx", datetime.now(UTC))
    run = run_job("rerun")
    assert run["status"] == "ok", run.get("error")
    [request] = service_env.rerun_requests.find()
    assert request["status"] == "done" and request["finished_at"] >= request["started_at"]
    [step] = run["steps"]
    assert step["spider"] == "portal" and step["exit"] == 0 and step["mode"] == "full"
    units = service_env.columns.distinct("unit")
    assert units == ["县医保局"]  # only that unit's columns were crawled
    assert run_job("rerun")["steps"] == []  # the queue is empty now


def test_unknown_job_site_or_unit(service_env: Database) -> None:
    for kwargs in ({"job_id": "nonsense"}, {"job_id": "probe", "site": "nowhere"},
                   {"job_id": "crawl", "site": "sample", "unit": "县不存在局"}):
        with pytest.raises(JobError):
            run_job(**kwargs)


def test_failed_job_is_recorded_with_its_reason(service_env: Database, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    """The spider list comes from configuration (how media spiders plug in); a spider that
    does not exist fails the job with the reason logged and stored, and nothing else runs."""
    set_schedule(tmp_path, "    media: {spiders: [nosuchspider]}\n")
    with caplog.at_level(logging.INFO, logger="govwatch.service"):
        run = run_job("media", site="sample")
    assert run["status"] == "failed"
    assert "sample/nosuchspider: exit status" in run["error"]
    assert "job media finished failed" in caplog.text and "nosuchspider" in caplog.text
    [step] = run["steps"]
    assert step["spider"] == "nosuchspider" and step["exit"] != 0
    assert not any("analyze" in s for s in run["steps"])  # no analysis of a crawl that did not happen


def test_timeout_then_next_run_resumes(service_env: Database, tmp_path: Path, crawled_sample_db) -> None:
    """A crawl past its timeout is stopped and recorded as such; the next run of the job resumes
    that crawl (same run id, stored pages skipped) and ends with the uninterrupted crawl's content."""
    reference, _ = crawled_sample_db
    set_schedule(tmp_path, "    crawl-full: {timeout_s: 6, analyze: false}\n")
    first = run_job("crawl-full", site="sample")
    assert first["status"] == "timeout" and "timed out after 6 s" in first["error"]
    stopped = first["steps"][0]["crawl_run"]
    assert interrupted_crawl(service_env, "portal", "sample", None) == stopped

    set_schedule(tmp_path, "    crawl-full: {timeout_s: 600, analyze: false}\n")
    second = run_job("crawl-full", site="sample")
    assert second["status"] == "ok", second.get("error")
    step = second["steps"][0]
    assert step["resumed"] and step["crawl_run"] == stopped
    assert step["counts"]["known_entries"] > 0  # what the stopped crawl stored was not fetched again
    assert interrupted_crawl(service_env, "portal", "sample", None) is None
    assert db_fingerprint(service_env) == db_fingerprint(reference)
    assert duplicates(service_env) == {"articles": 0, "columns": 0, "messages": 0}

"""Jobs run now (`scheduler.py once`): probes stored, placeholders honest, failures recorded with
their reason, crawls from the configured spider list, timeouts resumed by the next run."""

from __future__ import annotations

import logging
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


@pytest.mark.parametrize(("job", "says"), [
    ("media", "no spider is configured for new-media accounts"),
    ("bulletin", "not built yet"),
])
def test_placeholders_do_not_pretend(service_env: Database, caplog: pytest.LogCaptureFixture, job: str,
                                     says: str) -> None:
    with caplog.at_level(logging.INFO, logger="govwatch.service"):
        run = run_job(job)
    assert run["status"] == "skipped" and says in run["error"]
    assert says in caplog.text
    assert service_env.crawl_runs.count_documents({}) == 0


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

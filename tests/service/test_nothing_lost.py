"""Nothing is lost: a crawler killed with SIGKILL is resumed to the uninterrupted crawl's
database; MongoDB stopped for a minute mid-crawl loses and duplicates nothing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from datetime import date
from pathlib import Path

from pymongo import MongoClient
from pymongo.database import Database

from bench.compare import db_fingerprint, duplicates
from sample_site.manifest import build_manifest
from sample_site.model import build_site
from sample_site.server import SampleServer
from service.jobs import REPO, crawl_command, run_job
from store.embedded import EmbeddedMongo
from tests.conftest import SAMPLE_TODAY
from tests.service.conftest import set_schedule

OUTAGE_S = float(os.environ.get("GOVWATCH_TEST_OUTAGE_S", "60"))


def wait_for(predicate, timeout: float = 120, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(every)


def test_sigkill_then_resume_equals_uninterrupted(service_env: Database, tmp_path: Path, crawled_sample_db) -> None:
    reference, manifest = crawled_sample_db
    db = service_env
    command = crawl_command("portal", "sample", None, "full", "20261128T000000Z-killed", resume=False)
    crawler = subprocess.Popen(command, cwd=REPO, env=dict(os.environ))
    wait_for(lambda: db.articles.count_documents({}) >= 100)
    crawler.send_signal(signal.SIGKILL)
    crawler.wait()
    stored = db.articles.count_documents({})
    assert stored < len(manifest["articles"])  # killed mid-crawl
    assert db.crawl_runs.find_one({"_id": "20261128T000000Z-killed"})["status"] == "running"

    set_schedule(tmp_path, "    crawl-full: {analyze: false}\n")
    run = run_job("crawl-full", site="sample")
    assert run["status"] == "ok", run.get("error")
    step = run["steps"][0]
    assert step["resumed"] and step["crawl_run"] == "20261128T000000Z-killed"
    assert step["counts"]["known_entries"] >= stored  # what was stored is not fetched again
    assert db_fingerprint(db) == db_fingerprint(reference)
    assert duplicates(db) == {"articles": 0, "columns": 0, "messages": 0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mongodb_down_for_a_minute_mid_crawl(tmp_path: Path) -> None:
    model = build_site(seed=7, n_articles=200, today=date.fromisoformat(SAMPLE_TODAY))
    port = free_port()
    path = tmp_path / "db.sqlite"
    mongo = EmbeddedMongo(path, port=port)
    uri = mongo.start()
    with SampleServer(model, latency_ms=60) as server:
        manifest = build_manifest(model, server.base_url)
        env = {**os.environ, "MONGO_URI": uri, "MONGO_DB": "outage", "SAMPLE_PORT": server.base_url.rsplit(":", 1)[1],
               "GOVWATCH_SPOOL_DIR": str(tmp_path / "spool"), "GOVWATCH_FILES_STORE": str(tmp_path / "files"),
               "GOVWATCH_CONDITIONAL_DIR": str(tmp_path / "conditional"), "GOVWATCH_LOG_LEVEL": "WARNING",
               "GOVWATCH_SITES": str(REPO / "sites.example.yaml")}
        command = crawl_command("portal", "sample", None, "full", "outage-run", resume=False)
        crawler = subprocess.Popen(command, cwd=REPO, env=env)
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=2000)
        wait_for(lambda: client["outage"].articles.count_documents({}) >= 50)
        written_before = client["outage"].articles.count_documents({})
        client.close()
        mongo.stop()  # MongoDB goes away mid-crawl ...
        time.sleep(OUTAGE_S)
        assert crawler.poll() is None or crawler.returncode == 0
        mongo = EmbeddedMongo(path, port=port)  # ... and comes back on the same address
        mongo.start()
        try:
            assert crawler.wait(timeout=600) == 0
            db = MongoClient(uri, tz_aware=True)["outage"]
            counts = (db.articles.count_documents({}), db.columns.count_documents({}),
                      db.messages.count_documents({}))
            expected = (len(manifest["articles"]), len(manifest["columns"]), len(manifest["mailbox"]))
            assert written_before < expected[0]
            assert counts == expected
            assert duplicates(db) == {"articles": 0, "columns": 0, "messages": 0}
            assert not list((tmp_path / "spool").glob("*.jsonl"))  # nothing left waiting
            run = db.crawl_runs.find_one({"_id": "outage-run"})
            stats = run["stats"]
            assert run["status"] == "finished"
            assert any(k.startswith("govwatch/mongo/spooled/") for k in stats), stats  # the outage was felt
            assert stats.get("govwatch/mongo/replayed", 0) > 0
        finally:
            mongo.stop()

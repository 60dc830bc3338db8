"""The embedded store stops cleanly mid-write, and survives a crawl killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

from pymongo import MongoClient

from store.embedded import EmbeddedMongo
from store.keys import url_key
from tests.conftest import REPO

WRITER = textwrap.dedent("""
    import sys, threading, time
    from pymongo import MongoClient
    from store.embedded import EmbeddedMongo

    path, acked = sys.argv[1], sys.argv[2]
    server = EmbeddedMongo(path)
    db = MongoClient(server.start())["stop"]

    def write(worker):
        n = 0
        with open(f"{acked}.{worker}", "w") as log:
            try:
                while True:
                    ids = [f"{worker}-{n + i}" for i in range(20)]
                    db.docs.insert_many([{"_id": i, "body": "正文" * 500} for i in ids])
                    db.docs.update_one({"_id": ids[0]}, {"$set": {"seen": n}})
                    log.write("\\n".join(ids) + "\\n")
                    log.flush()
                    n += 20
            except Exception:  # the stop cut the connection: expected
                pass

    for worker in range(2):
        threading.Thread(target=write, args=(worker,), daemon=True).start()
    time.sleep(1.5)
    # Leaving the interpreter stops the server (its exit hook) while both threads write.
""")


def _acknowledged(acked: Path) -> set[str]:
    return {line for path in acked.parent.glob(acked.name + ".*") for line in path.read_text().split() if line}


def test_exit_mid_write_is_quiet_and_keeps_every_acknowledged_write(tmp_path):
    store, acked = tmp_path / "stop.sqlite", tmp_path / "acked"
    result = subprocess.run([sys.executable, "-c", WRITER, str(store), str(acked)], cwd=REPO, capture_output=True,
                            text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Future exception" not in result.stderr, result.stderr
    written = _acknowledged(acked)
    assert len(written) >= 20
    with EmbeddedMongo(store) as server:
        stored = {d["_id"] for d in MongoClient(server.uri)["stop"].docs.find({}, {"_id": 1})}
    assert written <= stored


def _crawl(base_url: str, store: Path, work: Path) -> subprocess.Popen:
    """`scrapy crawl portal` with no MONGO_URI: the child runs the embedded server on `store`."""
    env = {k: v for k, v in os.environ.items() if k != "MONGO_URI"}
    env |= {"GOVWATCH_EMBEDDED_PATH": str(store), "MONGO_DB": "govwatch", "GOVWATCH_LOG_LEVEL": "WARNING",
            "SAMPLE_PORT": base_url.rstrip("/").rsplit(":", 1)[1], "GOVWATCH_FILES_STORE": str(work / "files"),
            "GOVWATCH_SPOOL_DIR": str(work / "spool")}
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=sample",
               "-a", f"sites={REPO / 'sites.example.yaml'}"]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _articles_on_disk(store: Path) -> int:
    """Articles committed so far, read from SQLite directly: a second server must not open a live store."""
    try:
        with closing(sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=1)) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE coll_name = 'articles'").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def test_crawl_killed_mid_write_then_rerun_stores_everything(sample_server, tmp_path):
    from sample_site.manifest import build_manifest

    store = tmp_path / "govwatch.sqlite"
    first = _crawl(sample_server.base_url, store, tmp_path)
    deadline = time.monotonic() + 240
    while first.poll() is None and time.monotonic() < deadline and _articles_on_disk(store) < 50:
        time.sleep(0.2)
    assert first.poll() is None, "the crawl ended before it could be killed"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()

    with EmbeddedMongo(store) as server:  # the killed store opens
        db = MongoClient(server.uri, tz_aware=True)["govwatch"]
        partial = db.articles.count_documents({})
    manifest = build_manifest(sample_server.model, sample_server.base_url)
    assert 0 < partial < len(manifest["articles"])

    assert _crawl(sample_server.base_url, store, tmp_path).wait(timeout=600) == 0
    with EmbeddedMongo(store) as server:
        db = MongoClient(server.uri, tz_aware=True)["govwatch"]
        assert {d["_id"] for d in db.articles.find({}, {"_id": 1})} == {url_key(a["url"]) for a in manifest["articles"]}
        assert {d["_id"] for d in db.columns.find({}, {"_id": 1})} == {url_key(c["url"]) for c in manifest["columns"]}
        runs = list(db.crawl_runs.find({}, {"status": 1}))
        assert sorted(r["status"] for r in runs) == ["finished", "running"]  # the killed run never finished

"""Shared fixtures: an embedded MongoDB-wire server and a fresh database per test."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from store.embedded import EmbeddedMongo
from store.schema import ensure_indexes

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def mongo_uri() -> Iterator[str]:
    """One in-memory embedded server for the whole test session."""
    server = EmbeddedMongo()
    yield server.start()
    server.stop()


@pytest.fixture
def mongo_db(mongo_uri: str) -> Iterator[Database]:
    """A fresh, indexed database (unique name) on the session's server."""
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[f"t_{uuid.uuid4().hex[:12]}"]
    ensure_indexes(db)
    yield db
    client.drop_database(db.name)
    client.close()


SAMPLE_TODAY = "2026-11-28"
SAMPLE_ARTICLES = 400


def crawl_sample(base_url: str, mongo_uri: str, db_name: str, work: Path, *, unit: str | None = None,
                 column: str | None = None, settings: dict[str, str] | None = None,
                 sites_file: Path | None = None, site: str = "sample") -> int:
    """Run the real `scrapy crawl portal` (a child process) against a served sample portal."""
    from scheduler import run_crawl

    port = base_url.rstrip("/").rsplit(":", 1)[1]
    env = {"SAMPLE_PORT": port, "MONGO_DB": db_name, "GOVWATCH_FILES_STORE": str(work / "files"),
           "GOVWATCH_SPOOL_DIR": str(work / "spool"), "GOVWATCH_LOG_LEVEL": "WARNING"}
    return run_crawl(site, mongo_uri, unit=unit, column=column,
                     sites_file=str(sites_file or REPO / "sites.example.yaml"), extra_env=env, settings=settings)


def run_sample_spider(spider: str, base_url: str, mongo_uri: str, db_name: str, work: Path, *,
                      unit: str | None = None, settings: dict[str, str] | None = None,
                      sites_file: Path | None = None, site: str = "sample") -> int:
    """Run `scrapy crawl <spider>` (a child process) for the served sample portal; crawl_sample's
    sibling for the spiders that scheduler.run_crawl does not start (linkcheck, …).

    The child's output goes to ``work/<spider>.log`` so a failing test can show it.
    """
    import os
    import subprocess
    import sys

    port = base_url.rstrip("/").rsplit(":", 1)[1]
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"site={site}",
               "-a", f"sites={sites_file or REPO / 'sites.example.yaml'}"]
    if unit:
        command += ["-a", f"unit={unit}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "MONGO_URI": mongo_uri, "SAMPLE_PORT": port, "MONGO_DB": db_name,
           "GOVWATCH_FILES_STORE": str(work / "files"), "GOVWATCH_SPOOL_DIR": str(work / "spool"),
           "GOVWATCH_LOG_LEVEL": "INFO"}
    work.mkdir(parents=True, exist_ok=True)
    with (work / f"{spider}.log").open("ab") as log:
        return subprocess.call(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.fixture(scope="session")
def sample_server():
    """The bundled sample portal (small, anchored to a fixed 'today'), served on a free port."""
    from datetime import date

    from sample_site.model import build_site
    from sample_site.server import SampleServer

    model = build_site(seed=42, n_articles=SAMPLE_ARTICLES, today=date.fromisoformat(SAMPLE_TODAY))
    with SampleServer(model) as server:
        yield server


@pytest.fixture(scope="session")
def crawled_sample_db(mongo_uri: str, sample_server, tmp_path_factory):
    """(db, manifest) after one full crawl of the sample portal into a fresh database."""
    from sample_site.manifest import build_manifest

    name = f"sample_{uuid.uuid4().hex[:8]}"
    code = crawl_sample(sample_server.base_url, mongo_uri, name, tmp_path_factory.mktemp("crawl"))
    assert code == 0, "the sample crawl failed"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    yield client[name], build_manifest(sample_server.model, sample_server.base_url)
    client.close()


def crawl_spider(spider: str, base_url: str, mongo_uri: str, db_name: str, work: Path, *,
                 args: dict[str, str] | None = None, sites_file: Path | None = None,
                 site: str = "sample") -> int:
    """Run the real `scrapy crawl <spider> -a site=…` (a child process) against a served sample portal.

    The sibling of crawl_sample for the spiders that follow a portal crawl (search, …).
    """
    import os
    import subprocess
    import sys

    port = base_url.rstrip("/").rsplit(":", 1)[1]
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"site={site}",
               "-a", f"sites={sites_file or REPO / 'sites.example.yaml'}"]
    for key, value in (args or {}).items():
        command += ["-a", f"{key}={value}"]
    env = {**os.environ, "MONGO_URI": mongo_uri, "MONGO_DB": db_name, "SAMPLE_PORT": port,
           "GOVWATCH_SPOOL_DIR": str(work / "spool"), "GOVWATCH_LOG_LEVEL": "WARNING"}
    return subprocess.call(command, cwd=REPO, env=env)


# What the search spider reads of an article (crawler/spiders/search.py).
SEARCH_FIELDS = ("site", "unit", "url", "title", "list_title", "column_id", "published_at", "published_date")


def clone_articles(source: Database, target: Database) -> None:
    """Copy the crawled articles (only what the search spider reads) into another database."""
    docs = list(source.articles.find({}, dict.fromkeys(SEARCH_FIELDS, 1)))
    for i in range(0, len(docs), 200):  # small batches: the embedded server is slow per call
        target.articles.insert_many(docs[i:i + 200])


@pytest.fixture(scope="session")
def searched_sample_db(mongo_uri: str, crawled_sample_db, sample_server, tmp_path_factory):
    """(db, manifest): the crawled sample's articles in a fresh database, then `scrapy crawl search` on it."""
    source, manifest = crawled_sample_db
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[f"search_{uuid.uuid4().hex[:8]}"]
    ensure_indexes(db)
    clone_articles(source, db)
    code = crawl_spider("search", sample_server.base_url, mongo_uri, db.name, tmp_path_factory.mktemp("search"),
                        args={"today": SAMPLE_TODAY})
    assert code == 0, "the search crawl failed"
    yield db, manifest
    client.drop_database(db.name)
    client.close()


@pytest.fixture(scope="session")
def linkchecked_sample_db(mongo_uri: str, sample_server, tmp_path_factory):
    """(db, manifest, server requests) after a portal crawl and then a link-check crawl of the
    sample portal, in a database of their own (crawled_sample_db stays untouched).

    ``server requests`` are the (method, path) pairs the sample server answered during the
    link-check crawl only, read from its request log.
    """
    import logging

    from sample_site.manifest import build_manifest

    name = f"linkcheck_{uuid.uuid4().hex[:8]}"
    work = tmp_path_factory.mktemp("linkcheck")
    assert crawl_sample(sample_server.base_url, mongo_uri, name, work) == 0, "the sample crawl failed"

    requests: list[tuple[str, str]] = []

    class _Requests(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            # BaseHTTPRequestHandler logs '"HEAD /img/1.jpg HTTP/1.1" 200 -'.
            line = record.getMessage()
            if '"' in line:
                method, _, rest = line.split('"', 2)[1].partition(" ")
                requests.append((method, rest.rsplit(" ", 1)[0]))

    server_log = logging.getLogger("sample_site.server")
    handler, level = _Requests(), server_log.level
    server_log.addHandler(handler)
    server_log.setLevel(logging.DEBUG)
    try:
        code = run_sample_spider("linkcheck", sample_server.base_url, mongo_uri, name, work)
    finally:
        server_log.removeHandler(handler)
        server_log.setLevel(level)
    assert code == 0, f"the link-check crawl failed: see {work / 'linkcheck.log'}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    yield client[name], build_manifest(sample_server.model, sample_server.base_url), requests
    client.close()


# The collections a report or the dashboard reads from a crawl (findings are made afresh).
CRAWL_COLLECTIONS = ("sites", "units", "columns", "articles", "messages", "failures", "crawl_runs")
#: The analysis instant of analyzed copies: inside the sample's period (SAMPLE_TODAY's quarter).
SAMPLE_NOW = "2026-11-28T04:00:00+00:00"


def analyzed_sample_copy(source: Database, client: MongoClient, prefix: str) -> Database:
    """A fresh database with the crawled sample's documents and the findings of every rule,
    analyzed at SAMPLE_NOW; tests that mark or file findings get their own copy of the crawl."""
    from datetime import date, datetime

    from analyzers.runner import run

    db = client[f"{prefix}_{uuid.uuid4().hex[:8]}"]
    ensure_indexes(db)
    for name in CRAWL_COLLECTIONS:
        docs = list(source[name].find())
        for i in range(0, len(docs), 100):  # small batches: the embedded server is slow per call
            db[name].insert_many(docs[i:i + 100])
    run(db, site="sample", today=date.fromisoformat(SAMPLE_TODAY), now=datetime.fromisoformat(SAMPLE_NOW))
    return db
MEDIA_SPIDERS = ("wechat", "weibo", "douyin", "kuaishou")


def crawl_media(base_url: str, mongo_uri: str, db_name: str, work: Path, *, unit: str | None = None,
                sites_file: Path | None = None, site: str = "sample",
                spiders: tuple[str, ...] = MEDIA_SPIDERS) -> list[int]:
    """Run each new-media spider (a child process) against the served sample; their exit codes."""
    return [run_sample_spider(spider, base_url, mongo_uri, db_name, work, unit=unit, sites_file=sites_file,
                              site=site) for spider in spiders]


@pytest.fixture(scope="session")
def crawled_media_db(mongo_uri: str, sample_server, tmp_path_factory):
    """(db, media manifest) after the four new-media spiders crawled the sample's accounts."""
    from sample_site.media.manifest import build_media_manifest

    name = f"media_{uuid.uuid4().hex[:8]}"
    work = tmp_path_factory.mktemp("media")
    codes = crawl_media(sample_server.base_url, mongo_uri, name, work)
    assert codes == [0] * len(MEDIA_SPIDERS), f"a new-media crawl failed: see {work}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    model = sample_server.model
    yield client[name], build_media_manifest(model.seed, model.today, sample_server.base_url)
    client.close()

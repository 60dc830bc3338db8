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

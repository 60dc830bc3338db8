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

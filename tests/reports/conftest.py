"""An analyzed copy of the crawled sample portal for the report tests (one per module)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from reports.period import quarter_of
from tests.conftest import SAMPLE_TODAY, analyzed_sample_copy


@pytest.fixture(scope="module")
def report_db(mongo_uri: str, crawled_sample_db) -> Iterator[tuple[Database, dict]]:
    source, manifest = crawled_sample_db
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = analyzed_sample_copy(source, client, "reports")
    yield db, manifest
    client.drop_database(db.name)
    client.close()


@pytest.fixture(scope="session")
def sample_period():
    from datetime import date

    return quarter_of(date.fromisoformat(SAMPLE_TODAY))

"""The findings lifecycle stores the same documents on the embedded server's keyed path as with plain upserts."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from pymongo import MongoClient

from analyzers import lifecycle
from analyzers.format import PunctRule
from store.schema import ensure_indexes
from tests.analyzers.conftest import article

T0 = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
SCOPE = {"site": "cn-test", "unit": "县测试局", "rule": {"$in": ["FORMAT-PUNCT"]}}
# Runs of one article's faults: new, seen again, one fixed (resolved), back again (reopened), a new one.
BODIES = ["会议要求，。各村,各站所要落实。", "会议要求，。各村,各站所要落实。", "会议要求。各村,各站所要落实。",
          "会议要求，。各村,各站所要落实。", "会议要求，。各村,各站所要落实，，并上报。"]


def _run(uri: str, keyed: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict], list[dict]]:
    monkeypatch.setattr(lifecycle, "server_prefers_keyed_writes", lambda db: keyed)
    db = MongoClient(uri, tz_aware=True)[f"l_{uuid.uuid4().hex[:10]}"]
    ensure_indexes(db)
    counts = []
    for day, body in enumerate(BODIES):
        found = list(PunctRule().check(article(body, url="http://www.example.gov.cn/info/1/1.htm")))
        counts.append(lifecycle.apply_findings(db, found, SCOPE, T0 + timedelta(days=day)))
    docs = sorted(db.findings.find(), key=lambda d: d["_id"])
    db.client.drop_database(db.name)
    return counts, docs


def test_keyed_and_plain_lifecycle_store_the_same_findings(mongo_uri, monkeypatch):
    plain_counts, plain = _run(mongo_uri, False, monkeypatch)
    keyed_counts, keyed = _run(mongo_uri, True, monkeypatch)
    assert keyed_counts == plain_counts
    assert [c["reopened"] for c in keyed_counts] == [0, 0, 0, 1, 0] and keyed_counts[2]["resolved"] == 1
    assert len(keyed) == len(plain) >= 3
    for a, b in zip(plain, keyed, strict=True):
        assert a == b

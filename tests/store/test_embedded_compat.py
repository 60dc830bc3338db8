"""The mongoeco compatibility fix in store/embedded.py: still needed, detected, applied, and safe.

When a test here fails because upstream changed (a new pinned version, or the
unpatched method no longer scans for string ids), delete the fix block in
store/embedded.py and these tests with it.
"""

from __future__ import annotations

import asyncio
import re
from importlib.metadata import version
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.errors import BulkWriteError, DuplicateKeyError

from store import embedded
from store.embedded import PATCHED_MONGOECO, EmbeddedMongo, apply_compat_fixes

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


def test_the_fix_targets_the_exactly_pinned_version():
    pins = re.findall(r"^mongoeco==(\S+)\s*$", REQUIREMENTS.read_text(), flags=re.M)
    assert pins == [PATCHED_MONGOECO], "mongoeco's pin moved: re-measure and drop or re-target the fix"
    assert version("mongoeco") == PATCHED_MONGOECO


def test_the_fix_is_detected_and_applied():
    from mongoeco.engines.sqlite import SQLiteEngine

    assert apply_compat_fixes() is True
    method = SQLiteEngine._validate_document_against_unique_indexes
    assert method.__wrapped__ is not None and method.__module__ == embedded.__name__


def _scans_on_insert(validate, document_id) -> bool:
    """Whether `validate` loads the stored documents to check one new `_id`."""
    from mongoeco.engines.sqlite import SQLiteEngine

    async def go() -> bool:
        engine = SQLiteEngine(":memory:")
        await engine.connect()
        try:
            from mongoeco.api import AsyncMongoClient

            await AsyncMongoClient(engine)["db"]["c"].insert_one({"_id": "stored", "x": 1})
            loads: list[str] = []
            real = engine._load_documents

            def spy(db_name, coll_name, *args, **kwargs):
                loads.append(coll_name)
                return real(db_name, coll_name, *args, **kwargs)

            engine._load_documents = spy
            validate(engine, "db", "c", {"_id": document_id, "x": 2}, scan_payload_id=True)
            return bool(loads)
        finally:
            await engine.disconnect()

    return asyncio.run(go())


def test_upstream_still_scans_the_collection_for_string_ids():
    """The day this fails, mongoeco fixed the bug: remove the fix."""
    from mongoeco.engines.sqlite import SQLiteEngine

    apply_compat_fixes()
    unpatched = SQLiteEngine._validate_document_against_unique_indexes.__wrapped__
    assert _scans_on_insert(unpatched, "https://example.gov.cn/a.html")


@pytest.mark.parametrize(
    ("document_id", "scans"),
    [("https://example.gov.cn/a.html", False), ("5f1d7c", False), (1, True), (2.5, True), ({"n": 3}, True)],
)
def test_patched_method_scans_only_for_numeric_ids(document_id, scans):
    from mongoeco.engines.sqlite import SQLiteEngine

    apply_compat_fixes()
    assert _scans_on_insert(SQLiteEngine._validate_document_against_unique_indexes, document_id) is scans


@pytest.mark.parametrize(
    ("first", "second"),
    [(1, 1.0), (7, 7), ("https://example.gov.cn/a.html", "https://example.gov.cn/a.html"), ({"n": 1}, {"n": 1.0})],
)
def test_duplicate_ids_are_still_rejected_on_sqlite(tmp_path, first, second):
    with EmbeddedMongo(tmp_path / "compat.sqlite") as server:
        client: MongoClient = MongoClient(server.uri)
        collection = client["db"]["c"]
        collection.insert_one({"_id": first})
        with pytest.raises(DuplicateKeyError):
            collection.insert_one({"_id": second})
        with pytest.raises(BulkWriteError) as error:
            collection.insert_many([{"_id": "other"}, {"_id": second}])
        assert [e["code"] for e in error.value.details["writeErrors"]] == [11000]
        assert collection.count_documents({}) == 2
        client.close()

"""The keyed write path stores exactly what the plain bulk upserts store, on the embedded server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from store.embedded import EmbeddedMongo
from store.keyed import (
    find_by_ids,
    insert_missing,
    server_prefers_keyed_writes,
    update_existing,
    upsert_by_id,
)
from store.keys import content_hash, url_key
from store.schema import ARTICLE_VERSIONS, ARTICLES, COLUMNS, ensure_indexes
from store.writer import BatchWriter

T0 = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def _article(n: int, revision: int = 0) -> dict:
    url = f"http://127.0.0.1/art/{n}.html"
    body = f"第{n}篇正文，第{revision}版。"
    return {"_id": url_key(url), "url": url, "site": "sample", "unit": "县医保局", "title": f"标题{n}",
            "body_text": body, "content_hash": content_hash(body), "meta": {"index_no": f"0-{n}"},
            "crawled_at": T0 + timedelta(days=revision)}


def _column(n: int) -> dict:
    url = f"http://127.0.0.1/col/{n}/"
    return {"_id": url_key(url), "url": url, "site": "sample", "name": f"栏目{n}", "item_count": n}


# (articles with their revision, columns) per crawl: a first crawl, a rerun with
# changed and new pages, the same rerun replayed, a page listed twice in one batch.
CRAWLS = [
    ({n: 0 for n in range(23)}, range(4)),
    ({**{n: 0 for n in range(23)}, **{n: 1 for n in range(0, 23, 5)}, **{n: 0 for n in range(23, 30)}}, range(6)),
    ({**{n: 0 for n in range(23)}, **{n: 1 for n in range(0, 23, 5)}, **{n: 0 for n in range(23, 30)}}, range(6)),
    ({0: 2, 1: 0, 29: 1}, range(2)),
]


@pytest.fixture(params=["memory", "sqlite"])
def server_uri(request, tmp_path) -> Iterator[str]:
    path = ":memory:" if request.param == "memory" else tmp_path / "keyed.sqlite"
    with EmbeddedMongo(path) as server:
        assert server.uri
        yield server.uri


def _store(uri: str, keyed: bool) -> Database:
    db = MongoClient(uri, tz_aware=True)[f"k_{uuid.uuid4().hex[:10]}"]
    ensure_indexes(db)
    for crawl, (articles, columns) in enumerate(CRAWLS):
        writer = BatchWriter(db, batch_size=7, keyed=keyed)  # one per crawl, as each crawl is a process
        now = T0 + timedelta(hours=crawl)
        docs = [_article(n, rev) for n, rev in articles.items()]
        if crawl == 3:
            docs.append(_article(0, 2))  # listed twice
        for start in range(0, len(docs), 7):
            batch = list({d["_id"]: d for d in docs[start:start + 7]}.values())
            writer.write_batch(ARTICLES, batch, now)
        writer.write_batch(COLUMNS, [_column(n) for n in columns], now)
    return db


def _dump(db: Database) -> dict[str, list[dict]]:
    return {name: sorted(db[name].find(), key=lambda d: d["_id"]) for name in (ARTICLES, ARTICLE_VERSIONS, COLUMNS)}


def test_keyed_writes_store_the_same_documents_as_plain_upserts(server_uri):
    plain, keyed = _dump(_store(server_uri, keyed=False)), _dump(_store(server_uri, keyed=True))
    assert {k: len(v) for k, v in keyed.items()} == {ARTICLES: 30, ARTICLE_VERSIONS: 7, COLUMNS: 6}
    for name in plain:
        assert len(plain[name]) == len(keyed[name])
        for a, b in zip(plain[name], keyed[name], strict=True):
            assert a.keys() == b.keys(), (name, a["_id"])
            for field in a:
                assert a[field] == b[field], (name, a["_id"], field)
    first = next(d for d in keyed[ARTICLES] if d["_id"] == _article(0)["_id"])
    assert (first["first_seen"], first["last_seen"], first["body_text"]) == (T0, T0 + timedelta(hours=3), "第0篇正文，第2版。")
    assert sorted(v["body_text"] for v in keyed[ARTICLE_VERSIONS] if v["article_id"] == first["_id"]) == [
        "第0篇正文，第0版。", "第0篇正文，第1版。"]


def test_the_embedded_server_gets_the_keyed_path(server_uri):
    db = MongoClient(server_uri)["x"]
    assert server_prefers_keyed_writes(db) is True


@pytest.mark.parametrize(("git_version", "keyed"), [("mongoeco", True), ("8f2b4ea0c5d1e5f6a7b8c9d0e1f2a3b4c5d6e7f8", False)])
def test_the_path_follows_what_the_server_reports(git_version, keyed):
    admin = SimpleNamespace(command=lambda name: {"version": "7.0.0", "gitVersion": git_version, "ok": 1.0})
    db = SimpleNamespace(client=SimpleNamespace(admin=admin))
    assert server_prefers_keyed_writes(db) is keyed  # type: ignore[arg-type]


def test_existing_ids_become_updates_and_new_ones_inserts(mongo_db):
    coll = mongo_db["c"]
    coll.insert_one({"_id": "a", "x": 0, "first_seen": 1})
    created = upsert_by_id(coll, [({"_id": "a", "x": 1}, {"first_seen": 2}), ({"_id": "b", "x": 1}, {"first_seen": 2})],
                           keyed=True)
    assert created == 1
    assert sorted(coll.find(), key=lambda d: d["_id"]) == [{"_id": "a", "x": 1, "first_seen": 1},
                                                            {"_id": "b", "x": 1, "first_seen": 2}]
    assert insert_missing(coll, [{"_id": "b"}, {"_id": "c"}]) == {"b"}
    # Reported as existing but deleted meanwhile: it is created all the same.
    assert update_existing(coll, [({"_id": "z", "x": 1}, {"first_seen": 3})]) == 1
    assert coll.find_one({"_id": "z"}) == {"_id": "z", "x": 1, "first_seen": 3}


@pytest.mark.parametrize("keyed", [True, False])
def test_find_by_ids_returns_only_stored_ids(mongo_db, keyed):
    mongo_db["c"].insert_many([{"_id": "a", "x": 1, "y": 2}, {"_id": "b", "x": 3}])
    assert find_by_ids(mongo_db["c"], ["a", "z", "b"], {"x": 1}, keyed) == {"a": {"_id": "a", "x": 1}, "b": {"_id": "b", "x": 3}}

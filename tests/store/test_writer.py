"""The batch writer: idempotent upserts, article versions, and the spool when MongoDB is gone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pymongo import MongoClient

from store.keys import canonical_url, url_key
from store.schema import ARTICLE_VERSIONS, ARTICLES, COLUMNS
from store.writer import BatchWriter


def _article(n: int, body: str = "正文") -> dict:
    url = f"http://127.0.0.1/art/{n}.html"
    return {"_id": url_key(url), "url": url, "title": f"标题{n}", "body_text": body, "content_hash": str(hash(body))}


def test_rerun_upserts_without_duplicates(mongo_db):
    writer = BatchWriter(mongo_db, batch_size=7)
    for _ in range(2):
        for n in range(20):
            writer.add(ARTICLES, _article(n))
        writer.flush()
    assert mongo_db[ARTICLES].count_documents({}) == 20
    doc = mongo_db[ARTICLES].find_one()
    assert doc["first_seen"] < doc["last_seen"] and doc["first_seen"].tzinfo is not None


def test_changed_body_stores_the_old_version_once(mongo_db):
    writer = BatchWriter(mongo_db)
    writer.add(ARTICLES, _article(1, "旧的正文"))
    writer.flush()
    for _ in range(2):  # replaying the same change must not store the version twice
        writer.add(ARTICLES, _article(1, "新的正文"))
        writer.flush()
    versions = list(mongo_db[ARTICLE_VERSIONS].find())
    assert [v["body_text"] for v in versions] == ["旧的正文"]
    assert mongo_db[ARTICLES].find_one()["body_text"] == "新的正文"


def test_duplicate_ids_in_one_batch_keep_the_last(mongo_db):
    writer = BatchWriter(mongo_db)
    writer.add(COLUMNS, {"_id": "c1", "name": "旧"})
    writer.add(COLUMNS, {"_id": "c1", "name": "新"})
    writer.flush()
    assert [d["name"] for d in mongo_db[COLUMNS].find()] == ["新"]


def test_unreachable_mongodb_spools_then_replays(mongo_db, tmp_path):
    gone = MongoClient("mongodb://127.0.0.1:9/?directConnection=true", serverSelectionTimeoutMS=200,
                       connectTimeoutMS=200)["govwatch"]
    events: dict[str, int] = {}
    writer = BatchWriter(gone, spool_dir=tmp_path, retries=1, backoff=0.01,
                         on_event=lambda e, n: events.__setitem__(e, events.get(e, 0) + n))
    for n in range(5):
        writer.add(ARTICLES, {**_article(n), "published_at": datetime(2024, 4, 5, tzinfo=UTC)})
    writer.flush()
    assert events == {"spooled/articles": 5}
    assert len((tmp_path / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 5

    back = BatchWriter(mongo_db, spool_dir=tmp_path)
    assert back.replay_spool() == 5
    assert mongo_db[ARTICLES].count_documents({}) == 5
    assert mongo_db[ARTICLES].find_one()["published_at"] == datetime(2024, 4, 5, tzinfo=UTC)
    assert not list(tmp_path.glob("*.jsonl")) and not list(tmp_path.glob("*.replaying"))


@pytest.mark.parametrize("url,canonical", [
    ("HTTP://WWW.Example.gov.cn:80/col/x/index.html#top", "http://www.example.gov.cn/col/x/"),
    ("http://a.gov.cn/col/x/index.shtml", "http://a.gov.cn/col/x/"),
    ("http://a.gov.cn/list?page=2&col=5", "http://a.gov.cn/list?col=5&page=2"),
    ("http://127.0.0.1:8765/art/2024/04/05/art_1.html", "http://127.0.0.1:8765/art/2024/04/05/art_1.html"),
    ("https://a.gov.cn:443/x", "https://a.gov.cn/x"),
])
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical
    assert url_key(url) == url_key(canonical)

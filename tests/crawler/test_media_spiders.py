"""The four new-media spiders against the served sample (``crawled_media_db``): every account
of the registry and the matrix page recorded with what its pages showed, every readable post
stored with its title and time, and `-a unit=` rerunning one unit's accounts only."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pymongo import MongoClient

from store.keys import canonical_url
from tests.conftest import crawl_media

CHINA = timezone(timedelta(hours=8))
STATUS = {"ok": "ok", "gone": "gone"}


def _accounts(db) -> dict[str, dict]:
    return {f"{a['platform']}:{a['account_id']}": a for a in db.accounts.find()}


def test_every_account_is_recorded(crawled_media_db) -> None:
    db, manifest = crawled_media_db
    stored = _accounts(db)
    assert set(stored) == {a["key"] for a in manifest["accounts"]}
    registered = Counter(a["platform"] for a in manifest["accounts"] if a["in_config"])
    assert registered == {"wechat": 38, "weibo": 2, "douyin": 2, "kuaishou": 1}  # the seed bulletin's mix
    for want in manifest["accounts"]:
        doc = stored[want["key"]]
        assert doc["status"] == STATUS.get(want["state"], "not_checkable"), want
        assert doc["reason"] == ("" if want["state"] == "ok" else want["state"]), want
        assert (doc["unit"], doc["name"], doc["registered"], doc["record_no"]) == (
            want["unit"], want["name"], want["registered"], want["record_no"])
        assert (doc["in_config"], doc["in_matrix"]) == (want["in_config"], want["in_matrix"]), want
        if want["state"] == "ok":
            assert doc["post_dates"][0] == want["newest"], want


def test_menus_from_the_page_else_from_configuration(crawled_media_db) -> None:
    db, manifest = crawled_media_db
    stored = _accounts(db)
    for want in manifest["accounts"]:
        doc = stored[want["key"]]
        if want["platform"] != "wechat" or want["state"] != "ok":
            continue
        if want["menus"] is not None:
            flat = [n for m in want["menus"] for n in ([m[0], *m[1]] if isinstance(m, list) else [m])]
            assert (doc["menus"], doc["menus_source"]) == (flat, "page"), want["key"]
        elif want["config_menus"] is not None:
            assert (doc["menus"], doc["menus_source"]) == (list(want["config_menus"]), "config")
        else:
            assert (doc["menus"], doc["menus_source"]) == (None, None)


def test_every_readable_post_is_stored(crawled_media_db) -> None:
    db, manifest = crawled_media_db
    stored = {canonical_url(p["url"]): p for p in db.posts.find()}
    assert set(stored) == {canonical_url(p["url"]) for p in manifest["posts"]}
    for want in manifest["posts"]:
        doc = stored[canonical_url(want["url"])]
        when = datetime.strptime(want["published"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA)
        assert doc["published_at"] == when.astimezone(UTC), want
        assert f"{doc['platform']}:{doc['account_id']}" == want["account"]
        assert doc["unit"] == want["unit"]
        assert want["title"] == doc["title"], want
        assert doc["body_text"] and doc["first_seen"] and doc["last_seen"]


def test_wechat_posts_carry_their_images(crawled_media_db) -> None:
    db, _ = crawled_media_db
    post = db.posts.find_one({"platform": "wechat"})
    assert post["images"] and all("/media/img/" in i["src"] for i in post["images"])  # from data-src


@pytest.fixture(scope="module")
def unit_db(mongo_uri: str, sample_server, tmp_path_factory):
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[f"mediaunit_{uuid.uuid4().hex[:8]}"]
    work = tmp_path_factory.mktemp("mediaunit")
    runs = []
    for _ in range(2):  # a rerun must not duplicate anything
        codes = crawl_media(sample_server.base_url, mongo_uri, db.name, work, unit="县公安局")
        assert codes == [0, 0, 0, 0], f"see {work}"
        runs.append((sorted(db.accounts.distinct("_id")), sorted(db.posts.distinct("_id"))))
    yield db, runs
    client.drop_database(db.name)
    client.close()


def test_a_unit_rerun_touches_only_its_accounts(unit_db, crawled_media_db) -> None:
    db, runs = unit_db
    _, manifest = crawled_media_db
    mine = {a["key"] for a in manifest["accounts"] if a["unit"] == "县公安局"}
    assert {f"{a['platform']}:{a['account_id']}" for a in db.accounts.find()} == mine
    assert len(mine) == 3  # 青禾公安 and 青禾公安交警 on WeChat, 青禾公安 on Weibo
    assert set(db.posts.distinct("unit")) == {"县公安局"}
    assert runs[0] == runs[1]

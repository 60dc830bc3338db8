"""Rate limits, login walls, captchas, empty timelines, changed layouts, gone accounts and dead
servers, per platform: each account is recorded "not checkable" with its reason (accounts +
failures), never reported stale. The fixture accounts' real posts are 60 days old, so an
account whose failure were mistaken for "no recent post" would be flagged by FRESH-MEDIA;
the ``t_ok`` account of each platform shows that it is.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pymongo import MongoClient

from analyzers import runner
from tests.conftest import REPO, SAMPLE_TODAY, crawl_media

SITES = REPO / "tests" / "fixtures" / "sites" / "media_failures.yaml"

EXPECTED = {
    "rate_limited": ("not_checkable", "rate_limited"),
    "login_wall": ("not_checkable", "login_wall"),
    "captcha": ("not_checkable", "captcha"),
    "empty": ("not_checkable", "empty_timeline"),
    "layout_changed": ("not_checkable", "layout_changed"),
    "gone": ("gone", "gone"),
    "ok": ("ok", ""),
}
PLATFORMS = ("wechat", "weibo", "douyin", "kuaishou")
CASES = [(p, s) for p in PLATFORMS for s in EXPECTED]


@pytest.fixture(scope="module")
def failed_db(mongo_uri: str, sample_server, tmp_path_factory):
    name = f"mediafail_{uuid.uuid4().hex[:8]}"
    work = tmp_path_factory.mktemp("mediafail")
    codes = crawl_media(sample_server.base_url, mongo_uri, name, work, sites_file=SITES, site="mediafail")
    assert codes == [0, 0, 0, 0], f"see the logs in {work}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[name]
    runner.run(db, site="mediafail", today=date.fromisoformat(SAMPLE_TODAY))
    yield db
    client.drop_database(name)
    client.close()


@pytest.mark.parametrize(("platform", "state"), CASES, ids=[f"{p}-{s}" for p, s in CASES])
def test_account_state_is_recorded(failed_db, platform: str, state: str) -> None:
    doc = failed_db.accounts.find_one({"platform": platform, "account_id": f"t_{state}"})
    assert doc is not None
    assert (doc["status"], doc["reason"]) == EXPECTED[state], doc.get("detail")
    failures = list(failed_db.failures.find({"kind": "account", "url": doc["url"]}))
    if state == "ok":
        assert failures == []
        assert doc["posts_seen"] > 0 and doc["post_dates"]
    else:
        assert [f["reason"] for f in failures] == [EXPECTED[state][1]]
        assert "post_dates" not in doc  # nothing is known about its posts
        assert failed_db.posts.count_documents({"platform": platform, "account_id": f"t_{state}"}) == 0


@pytest.mark.parametrize("platform", PLATFORMS)
def test_only_the_readable_account_is_judged_stale(failed_db, platform: str) -> None:
    stale = {f["target"].rstrip("/").rsplit("/", 1)[-1].split("=")[-1]
             for f in failed_db.findings.find({"rule": "FRESH-MEDIA", "status": "open"})
             if f"/{platform}/" in f["target"] or (platform == "weibo" and "/weibo/" in f["target"])}
    assert stale == {"t_ok"}


def test_gone_accounts_are_missing_not_stale(failed_db) -> None:
    missing = {f["evidence"]["text"] for f in failed_db.findings.find({"rule": "MEDIA-MISSING"})}
    assert missing == {f"{p}-gone" for p in PLATFORMS}


@pytest.mark.parametrize(("account_id", "reason"), [
    ("t_badfeed", "layout_changed"),  # a feed URL answering HTML
    ("t_dead", "connection_refused"),  # nothing listens
])
def test_other_unreadable_wechat_sources(failed_db, account_id: str, reason: str) -> None:
    doc = failed_db.accounts.find_one({"platform": "wechat", "account_id": account_id})
    assert (doc["status"], doc["reason"]) == ("not_checkable", reason)


def test_hostile_matrix_rows(failed_db) -> None:
    """An offsite link is recorded, never requested; a row matching a registry account by link
    marks it listed; names are stored as text, units outside the configuration fall back."""
    offsite = failed_db.accounts.find_one({"name": "外站账号"})
    assert (offsite["status"], offsite["reason"], offsite["in_config"]) == ("not_checkable", "offsite", False)
    listed = failed_db.accounts.find_one({"platform": "wechat", "account_id": "t_captcha"})
    assert (listed["in_config"], listed["in_matrix"], listed["matrix_name"]) == (
        True, True, "<script>alert(1)</script>青禾")
    assert failed_db.accounts.find_one({"platform": "wechat", "account_id": "t_ok"})["in_matrix"] is False
    assert {a["unit"] for a in failed_db.accounts.find()} == {"县人民政府办公室"}

"""The runner over MongoDB: scope, projection, lifecycle (rerun, resolve, ignore,
unit scope, filings), the site-level results and the ``run`` command."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from analyzers import runner
from analyzers.lifecycle import add_filing, ignore_finding, reported
from analyzers.registry import UnknownRuleError

SITE = "cn-changning"
HOME = "http://www.cn.gov.cn/"
TODAY = date(2024, 4, 5)
T0 = datetime(2024, 4, 5, 2, 0, tzinfo=UTC)
CRAWLED = datetime(2024, 4, 5, 1, 0, tzinfo=UTC)


@pytest.fixture
def db(request: pytest.FixtureRequest):
    try:
        return request.getfixturevalue("mongo_db")
    except pytest.FixtureLookupError:
        pytest.skip("mongo_db fixture (tests/conftest.py) not available yet")


def col(slug: str, unit: str, name: str, category: str, newest: str | None, **kw: Any) -> dict:
    d = {
        "_id": f"c-{slug}", "site": SITE, "url": f"{HOME}col/{slug}/", "name": name,
        "names": [unit, name], "parent_id": None, "unit": unit, "category": category,
        "limit_days": None, "warn_days": None, "kind": "list", "leaf": True, "list_style": "static",
        "item_count": 0 if newest is None else 20, "newest_date": newest, "undated_items": 0,
        "pages": 1, "status": "ok", "crawled_at": CRAWLED,
    }  # fmt: skip
    d.update(kw)
    return d


def art(n: int, unit: str, title: str, date_s: str | None, body: str = "", **kw: Any) -> dict:
    d = {
        "_id": f"a{n}", "site": SITE, "unit": unit, "column_id": "c-x", "column_name": "工作动态",
        "url": f"{HOME}art/{n}.html", "title": title, "list_title": title, "meta": {},
        "published_at": None, "published_date": date_s, "date_source": "meta" if date_s else "none",
        "body_html": f"<p>{body}</p>", "body_text": body or f"{title}。会议要求抓好落实。",
        "content_hash": f"h{n}", "attachments": [], "images": [], "links": [],
        "crawled_at": CRAWLED,
    }  # fmt: skip
    d.update(kw)
    return d


def seed(db) -> None:
    db.sites.insert_one(
        {"_id": SITE, "name": "昌宁县人民政府", "home_url": HOME, "home_blocks": [],
         "home_hash": "x", "home_changed_at": datetime(2024, 4, 1, tzinfo=UTC), "crawled_at": CRAWLED}
    )  # fmt: skip
    db.columns.insert_many(
        [
            col("ybj-tzgg", "县医保局", "通知公告", "通知公告", "2023-09-01"),  # stale
            col("ybj-dt", "县医保局", "工作动态", "动态", "2024-04-01"),  # fresh
            col("gxj-rsxx", "县工业信息商务科技局", "人事信息", "其他", "2023-02-10"),  # stale
            col("gxj-blank", "县工业信息商务科技局", "财政预决算", "其他", None),  # blank
            col("ldxx", "县人民政府办公室", "领导信箱", "互动", "2024-04-01", kind="mailbox"),
        ]
    )
    db.articles.insert_many(
        [
            art(1, "县医保局", "县医保局召开医保基金监管工作会议", "2024-03-01"),
            art(2, "县医保局", "县医保局开展医保政策宣传进村活动", None),  # no date
            art(3, "县工业信息商务科技局", "县工业信息商务科技局召开重点企业座谈会", "2024-05-15"),
            art(
                4, "县工业信息商务科技局", "县医保局召开医保基金监管工作会议", "2024-03-10"
            ),  # dup title
        ]
    )
    db.messages.insert_many(
        [
            {"_id": "m1", "site": SITE, "unit": "县人民政府办公室", "column_id": "c-ldxx",
             "url": f"{HOME}col/ldxx/msg_1.html", "title": "关于大田坝镇农村饮水问题的咨询",
             "received_date": "2023-11-20", "answered_date": None, "status": "办理中",
             "question": "饮水问题", "reply": "", "reply_unit": "", "crawled_at": CRAWLED},
            {"_id": "m2", "site": SITE, "unit": "县人民政府办公室", "column_id": "c-ldxx",
             "url": f"{HOME}col/ldxx/msg_2.html", "title": "关于耈街乡道路硬化的咨询",
             "received_date": "2024-03-20", "answered_date": None, "status": "办理中",
             "question": "道路", "reply": "", "reply_unit": "", "crawled_at": CRAWLED},
        ]
    )  # fmt: skip


RULES = "FRESH,DUP,INTERACT,FORMAT-ATTACH"


def open_set(db, **q: Any) -> set[tuple[str, str]]:
    return {(d["rule"], d["target"]) for d in db.findings.find({**q, "status": "open"})}


def test_run_finds_and_rerun_does_not_duplicate(db) -> None:
    seed(db)
    s1 = runner.run(db, site=SITE, rules=RULES, today=TODAY, now=T0)
    got = open_set(db)
    assert got == {
        ("FRESH-COLUMN", f"{HOME}col/ybj-tzgg/"),
        ("FRESH-COLUMN", f"{HOME}col/gxj-rsxx/"),
        ("FRESH-BLANK", f"{HOME}col/gxj-blank/"),
        ("FRESH-NODATE", f"{HOME}art/2.html"),
        ("FRESH-FUTURE", f"{HOME}art/3.html"),
        ("DUP-TITLE", f"{HOME}art/4.html"),
        ("INTERACT-LATE", f"{HOME}col/ldxx/msg_1.html"),
    }
    assert s1.counts["new"] == 7 and s1.errors == []
    rows = {(r.rule, r.unit): r for r in s1.rows}
    assert rows[("FRESH-COLUMN", "县医保局")].new == 1
    assert "FRESH-COLUMN" in s1.table() and "县医保局" in s1.table()
    dup = db.findings.find_one({"rule": "DUP-TITLE"})
    assert dup["unit"] == "县工业信息商务科技局" and dup["extra"]["related"] == f"{HOME}art/1.html"

    s2 = runner.run(db, site=SITE, rules=RULES, today=TODAY, now=T0 + timedelta(hours=1))
    assert (s2.counts["new"], s2.counts["seen"], s2.counts["resolved"]) == (0, 7, 0)
    assert db.findings.count_documents({}) == 7


def test_fixed_fault_resolves_and_ignored_stays_ignored(db) -> None:
    seed(db)
    runner.run(db, site=SITE, rules=RULES, today=TODAY, now=T0)
    nodate = db.findings.find_one({"rule": "FRESH-NODATE"})
    assert ignore_finding(db, nodate["_id"], by="李四", reason="页面有日期图片")
    db.columns.update_one({"_id": "c-ybj-tzgg"}, {"$set": {"newest_date": "2024-03-28"}})
    s = runner.run(db, site=SITE, rules=RULES, today=TODAY, now=T0 + timedelta(days=1))
    assert s.counts["resolved"] == 1
    assert db.findings.find_one({"target": f"{HOME}col/ybj-tzgg/"})["status"] == "resolved"
    assert db.findings.find_one({"_id": nodate["_id"]})["status"] == "ignored"
    row = next(r for r in s.rows if r.rule == "FRESH-COLUMN" and r.unit == "县医保局")
    assert (row.open, row.resolved) == (0, 1)


def test_unit_scope_only_touches_that_unit(db) -> None:
    seed(db)
    runner.run(db, site=SITE, rules=RULES, today=TODAY, now=T0)
    # both units "fix" their stale column, only 县医保局 is re-analyzed
    db.columns.update_many({}, {"$set": {"newest_date": "2024-04-01"}})
    db.articles.update_one(
        {"_id": "a4"}, {"$set": {"title": "县工业信息商务科技局开展安全生产检查"}}
    )
    s = runner.run(
        db, site=SITE, unit="县医保局", rules=RULES, today=TODAY, now=T0 + timedelta(days=1)
    )
    assert s.counts["resolved"] == 1
    assert db.findings.find_one({"target": f"{HOME}col/ybj-tzgg/"})["status"] == "resolved"
    assert db.findings.find_one({"target": f"{HOME}col/gxj-rsxx/"})["status"] == "open"
    assert db.findings.find_one({"rule": "DUP-TITLE"})["status"] == "open"
    # site-level results are left to site-wide runs
    assert db.findings.find_one({"rule": "INTERACT-LATE"})["status"] == "open"


def test_unit_run_sees_duplicates_across_units(db) -> None:
    seed(db)
    runner.run(db, site=SITE, unit="县工业信息商务科技局", rules="DUP-TITLE", today=TODAY, now=T0)
    assert open_set(db) == {("DUP-TITLE", f"{HOME}art/4.html")}
    # the earlier copy's unit has nothing to answer for
    s = runner.run(db, site=SITE, unit="县医保局", rules="DUP-TITLE", today=TODAY,
                   now=T0 + timedelta(hours=1))  # fmt: skip
    assert s.counts == {"new": 0, "seen": 0, "reopened": 0, "resolved": 0, "filed": 0}


def test_today_flows_to_rules(db) -> None:
    seed(db)
    runner.run(db, site=SITE, rules="FRESH-COLUMN", today=date(2024, 4, 13), now=T0)
    # 县医保局 工作动态 newest 04-01: 12 days on 04-13 is an early warning
    doc = db.findings.find_one({"target": f"{HOME}col/ybj-dt/"})
    assert doc["severity"] == "notice" and "预警" in doc["message"]
    runner.run(db, site=SITE, rules="FRESH-COLUMN", today=date(2024, 4, 20), now=T0 + timedelta(1))
    doc = db.findings.find_one({"target": f"{HOME}col/ybj-dt/"})
    assert doc["severity"] == "deduct" and doc["status"] == "open"


def test_site_veto_and_channel(db) -> None:
    seed(db)
    db.columns.delete_one({"_id": "c-ldxx"})
    db.columns.insert_many(
        [col(f"blank{i}", "县医保局", f"专栏{i}", "其他", None) for i in range(4)]
    )  # 5 blank columns with gxj-blank
    runner.run(db, site=SITE, rules="FRESH-COLUMN,INTERACT-CHANNEL", today=TODAY, now=T0)
    veto = db.findings.find_one({"severity": "veto", "rule": "FRESH-COLUMN"})
    assert veto["target"] == HOME and veto["unit"] == "" and veto["extra"]["blank_columns"] == 5
    assert db.findings.find_one({"rule": "INTERACT-CHANNEL"})["target"] == HOME
    # a site-wide rerun after the blanks are filled resolves the veto
    db.columns.update_many(
        {"item_count": 0}, {"$set": {"item_count": 3, "newest_date": "2024-04-01"}}
    )
    runner.run(db, site=SITE, rules="FRESH-COLUMN", today=TODAY, now=T0 + timedelta(hours=1))
    assert db.findings.find_one({"_id": veto["_id"]})["status"] == "resolved"


def test_filing_keeps_but_hides(db) -> None:
    seed(db)
    add_filing(db, SITE, f"{HOME}col/gxj-", T0 - timedelta(days=1), T0 + timedelta(days=30),
               "栏目改版", column_id=None)  # fmt: skip
    s = runner.run(db, site=SITE, rules="FRESH", today=TODAY, now=T0)
    assert s.counts["filed"] == 2
    shown = {d["target"] for d in reported(db, {"site": SITE})}
    assert f"{HOME}col/gxj-rsxx/" not in shown and f"{HOME}col/ybj-tzgg/" in shown


def test_projection_keeps_documents_small(db) -> None:
    seed(db)
    seen: list[dict[str, Any]] = []
    from analyzers.freshness import FreshNoDateRule

    orig = FreshNoDateRule.find

    def spy(self, doc):  # type: ignore[no-untyped-def]
        seen.append(dict(doc))
        return orig(self, doc)

    FreshNoDateRule.find = spy  # type: ignore[method-assign]
    try:
        runner.run(db, site=SITE, rules="FRESH-NODATE", today=TODAY, now=T0)
    finally:
        FreshNoDateRule.find = orig  # type: ignore[method-assign]
    assert seen and all("body_text" not in d and "body_html" not in d for d in seen)


def test_unknown_rule(db) -> None:
    with pytest.raises(UnknownRuleError):
        runner.run(db, rules="FRESH-NOPE", today=TODAY)


def test_cli_run(db, mongo_uri: str, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from analyzers.__main__ import main

    seed(db)
    monkeypatch.setenv("MONGO_DB", db.name)
    rc = main(["run", "--mongo-uri", mongo_uri, "--site", SITE, "--rules", "FRESH",
               "--today", "2024-04-05"])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0
    assert "FRESH-COLUMN" in out and "县工业信息商务科技局" in out and "2024-04-05" in out
    assert db.findings.count_documents({"rule": {"$regex": "^FRESH"}}) == 5
    assert main(["run", "--mongo-uri", mongo_uri, "--rules", "NOPE"]) == 2
    assert main(["run", "--mongo-uri", mongo_uri, "--today", "2024-13-01"]) == 2

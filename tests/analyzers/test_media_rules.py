"""FRESH-MEDIA and MEDIA-* on account documents (as the new-media spiders store them), and the
runner: posts judged by the article rules, a not-checkable account's findings kept open."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from analyzers import runner
from analyzers.media import MenuRule, MissingRule, UnregisteredRule, missing_menus
from analyzers.media_fresh import FreshMediaRule
from analyzers.model import Severity

TODAY = date(2024, 4, 5)


def account(unit: str = "勐统镇", name: str = "鹭乡勐统", **kw: Any) -> dict[str, Any]:
    doc = {"_id": f"acc-{name}", "site": "cn", "platform": "wechat", "account_id": name, "name": name,
           "unit": unit, "url": f"https://mp.weixin.qq.com/profile/{name}", "status": "ok", "reason": "",
           "registered": True, "record_no": "530524000001", "in_config": True, "in_matrix": True,
           "menus": ["政策文件", "办事服务", "互动交流"], "menus_source": "page",
           "post_dates": [(TODAY - timedelta(days=d)).isoformat() for d in (1, 6, 12)]}
    doc.update(kw)
    return doc


def days(*ages: int) -> list[str]:
    return [(TODAY - timedelta(days=a)).isoformat() for a in ages]


@pytest.mark.parametrize(("post_dates", "status", "expected"), [
    (days(15, 20), "ok", [("veto", "鹭乡勐统")]),  # nothing for 15 days: the national veto
    (days(120), "ok", [("veto", "鹭乡勐统")]),
    (days(14, 20), "ok", [("notice", "鹭乡勐统")]),  # exactly 14 days: within, but warned
    (days(11, 20), "ok", [("notice", "鹭乡勐统")]),
    (days(10, 20), "ok", []),
    (days(2, 30), "ok", [("deduct", days(30)[0] + "至" + days(2)[0])]),  # a 28-day silence in the quarter
    (days(2, 16), "ok", []),  # a 14-day gap is within the limit
    (days(*range(2, 99, 6), 130), "ok", []),  # a silence before the quarter is not this quarter's
    (days(40), "not_checkable", []),  # behind a login wall: never stale
    (days(40), "gone", []),
    ([], "ok", []),
    (days(-3, 5), "ok", []),  # a date after today (FRESH-FUTURE's) does not count as a post
])
def test_fresh_media(post_dates: list[str], status: str, expected: list[tuple[str, str]]) -> None:
    found = list(FreshMediaRule(today=TODAY).check(account(post_dates=post_dates, status=status)))
    assert [(str(f.severity), f.evidence.text) for f in found] == expected
    assert all(f.unit == "勐统镇" for f in found)


def test_fresh_media_message_names_the_unit_and_keeps_its_id_as_days_pass() -> None:
    doc = account(post_dates=days(20))
    (first,) = FreshMediaRule(today=TODAY).check(doc)
    (later,) = FreshMediaRule(today=TODAY + timedelta(days=3)).check(doc)
    assert "勐统镇的“鹭乡勐统”微信公众号超过2周未更新" in first.message
    assert first.finding_id == later.finding_id and first.extra["age_days"] == 20


@pytest.mark.parametrize(("menus", "missing"), [
    (["政策文件", "办事服务", "互动交流"], []),
    (["政策法规", "政务服务", "咨询留言"], []),  # accepted names
    (["政务公开", "政策文件", "办事服务", "微互动", "互动交流"], []),  # sub-menus count
    (["政策文件", "办事服务", "走进发改"], ["互动交流"]),
    (["最新动态", "关于我们"], ["政策文件", "办事服务", "互动交流"]),
    ([], ["政策文件", "办事服务", "互动交流"]),
])
def test_missing_menus(menus: list[str], missing: list[str]) -> None:
    assert missing_menus(menus) == missing


@pytest.mark.parametrize(("doc", "evidence"), [
    (account(menus=["政策文件", "办事服务"]), "互动交流"),
    (account(menus=[], menus_source="page"), "政策文件、办事服务、互动交流"),
    (account(menus=["办事服务", "互动交流"], menus_source="config"), "政策文件"),
    (account(), None),
    (account(menus=None, menus_source=None), None),  # unknown: not judged
    (account(menus=[], status="not_checkable"), None),
    (account(menus=[], platform="weibo"), None),  # RULES.md: WeChat accounts
])
def test_menu_rule(doc: dict[str, Any], evidence: str | None) -> None:
    found = list(MenuRule().check(doc))
    assert [f.evidence.text for f in found] == ([evidence] if evidence else [])
    if found:
        assert found[0].severity == Severity.DEDUCT and found[0].evidence.field == "menus"


@pytest.mark.parametrize(("doc", "rule", "hit"), [
    (account(registered=False), UnregisteredRule, "先开设后备案"),
    (account(registered=False, in_config=False), UnregisteredRule, "矩阵页"),
    (account(registered=False, status="not_checkable"), UnregisteredRule, "先开设后备案"),
    (account(registered=False, status="gone", in_config=False), UnregisteredRule, None),  # MISSING's
    (account(), UnregisteredRule, None),
    (account(in_matrix=False), UnregisteredRule, None),  # registered, just not on the matrix page
    (account(status="gone"), MissingRule, "已备案"),
    (account(status="gone", in_config=False, registered=False), MissingRule, "矩阵页"),
    (account(status="not_checkable", reason="rate_limited"), MissingRule, None),  # not gone
    (account(), MissingRule, None),
])
def test_registration_rules(doc: dict[str, Any], rule: type, hit: str | None) -> None:
    found = list(rule().check(doc))
    assert len(found) == (1 if hit else 0)
    if hit:
        assert hit in found[0].message and found[0].unit == doc["unit"]


# --- the runner ---------------------------------------------------------------


@pytest.fixture
def db(mongo_db):
    return mongo_db


TITLES = ("勐统镇召开防汛工作会议", "勐统镇开展森林防火宣传", "勐统镇推进高标准农田建设")


def post(n: int, body: str, unit: str = "勐统镇", account: str = "鹭乡勐统", title: str | None = None,
         day: int = 1) -> dict[str, Any]:
    return {"_id": f"p{n}", "site": "cn", "platform": "wechat", "account_id": account, "unit": unit,
            "url": f"https://mp.weixin.qq.com/s?mid={n}", "title": title or TITLES[n % len(TITLES)],
            "body_text": body, "body_html": f"<p>{body}</p>", "published_at": datetime(2024, 4, day, tzinfo=UTC),
            "published_date": f"2024-04-{day:02d}", "date_source": "page", "images": [], "links": [],
            "crawled_at": datetime(2024, 4, 5, tzinfo=UTC)}


def test_runner_judges_posts_and_accounts(db) -> None:
    db.posts.insert_many([post(1, "会议要求各村提前布署防汛物资。"), post(2, "会议要求各村提前部署防汛物资。")])
    db.accounts.insert_one(account(post_dates=days(20)))
    runner.run(db, site="cn", today=TODAY)
    found = {(f["rule"], f["target"], f["unit"]) for f in db.findings.find({"status": "open"})}
    assert found == {("REVIEW-TYPO", "https://mp.weixin.qq.com/s?mid=1", "勐统镇"),
                     ("FRESH-MEDIA", "https://mp.weixin.qq.com/profile/鹭乡勐统", "勐统镇")}


def test_a_not_checkable_account_keeps_its_findings_open(db) -> None:
    db.accounts.insert_one(account(post_dates=days(20)))
    runner.run(db, site="cn", today=TODAY, rules="FRESH-MEDIA")
    db.accounts.update_one({}, {"$set": {"status": "not_checkable", "reason": "captcha"}})
    runner.run(db, site="cn", today=TODAY, rules="FRESH-MEDIA")
    assert [f["status"] for f in db.findings.find({"rule": "FRESH-MEDIA"})] == ["open"]
    # Read again and updated since: now the finding is resolved.
    db.accounts.update_one({}, {"$set": {"status": "ok", "reason": "", "post_dates": days(1, 8, 15, 20)}})
    runner.run(db, site="cn", today=TODAY, rules="FRESH-MEDIA")
    assert [f["status"] for f in db.findings.find({"rule": "FRESH-MEDIA"})] == ["resolved"]


# A post body long enough for DUP-CONTENT (100+ characters).
LONG = ("4月1日，勐统镇召开防汛工作会议，传达学习上级防汛工作部署，分析研判当前汛期形势。"
        "会议要求各村（社区）压实防汛责任，落实二十四小时值班值守制度，提前储备防汛物资，"
        "加强地质灾害隐患点巡查排查，确保群众生命财产安全和安全度汛。")


@pytest.mark.parametrize(("posts", "article", "expected"), [
    # One account publishing the same post twice: the later copy, under the account's unit.
    ([post(1, LONG, day=1), post(2, LONG, title=TITLES[1], day=2)], None,
     {("DUP-TITLE", "https://mp.weixin.qq.com/s?mid=2", "勐统镇"),
      ("DUP-CONTENT", "https://mp.weixin.qq.com/s?mid=2", "勐统镇")}),
    # The same post on two accounts of the county's matrix: reposting, not a duplicate.
    ([post(1, LONG, day=1), post(2, LONG, title=TITLES[1], day=2, account="勐统发布", unit="县人民政府办公室")],
     None, set()),
    # An account reposting a portal article: normal.
    ([post(1, LONG, day=2)], {"_id": "a1", "site": "cn", "unit": "勐统镇", "url": "https://www.example.gov.cn/art/1.html",
                              "title": TITLES[1], "body_text": LONG, "published_date": "2024-04-01"}, set()),
])
def test_dup_rules_judge_posts_account_by_account(db, posts, article, expected) -> None:
    db.posts.insert_many(posts)
    if article:
        db.articles.insert_one(article)
    runner.run(db, site="cn", today=TODAY, rules="DUP")
    assert {(f["rule"], f["target"], f["unit"]) for f in db.findings.find({"status": "open"})} == expected

"""FRESH-COLUMN (with early warning and the site veto), FRESH-BLANK, FRESH-HOME,
FRESH-NODATE, FRESH-FUTURE."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from analyzers.freshness import (
    FreshBlankRule,
    FreshColumnRule,
    FreshFutureRule,
    FreshHomeRule,
    FreshNoDateRule,
    china_date,
    infer_category,
)
from analyzers.model import Severity
from tests.analyzers.conftest import article

TODAY = date(2024, 4, 5)  # the seed bulletin's date


def column(name: str = "通知公告", **kw: Any) -> dict[str, Any]:
    """A column document as the crawler stores it."""
    doc = {
        "_id": f"col-{name}",
        "site": "cn-changning",
        "url": f"http://www.cn.gov.cn/col/{abs(hash(name)) % 1000}/",
        "name": name,
        "names": ["信息公开", "县医保局", name],
        "unit": "县医保局",
        "category": "通知公告",
        "limit_days": None,
        "warn_days": None,
        "kind": "list",
        "leaf": True,
        "item_count": 12,
        "newest_date": "2024-03-20",
        "undated_items": 0,
        "status": "ok",
    }
    doc.update(kw)
    return doc


def fresh(doc: dict[str, Any], today: date = TODAY) -> list:
    return list(FreshColumnRule(today=today).check(doc))


# --- FRESH-COLUMN --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "severity", "text"),
    [
        # 县医保局“通知公告”超过6个月未更新 (seed bulletin)
        ({"newest_date": "2023-09-01"}, Severity.DEDUCT, "栏目超过6个月未更新"),
        # 县工业信息商务科技局“人事信息”超过1年未更新
        (
            {"name": "人事信息", "category": "其他", "newest_date": "2023-02-10"},
            Severity.DEDUCT,
            "栏目超过1年未更新",
        ),
        (
            {"name": "工作动态", "category": "动态", "newest_date": "2024-03-20"},
            Severity.DEDUCT,
            "超过2周",
        ),
        (
            {"name": "社会救助", "category": "常态", "newest_date": "2024-02-20"},
            Severity.DEDUCT,
            "超过1个月",
        ),
        # early warnings: past warn_days, within the limit
        (
            {"name": "工作动态", "category": "动态", "newest_date": "2024-03-24"},
            Severity.NOTICE,
            "预警",
        ),
        ({"newest_date": "2023-10-20"}, Severity.NOTICE, "预警"),
        # the column's own (sites.yaml) limit wins over the category default
        (
            {"limit_days": 30, "warn_days": 20, "newest_date": "2024-02-20"},
            Severity.DEDUCT,
            "超过1个月",
        ),
        # items without any date count as not updated
        ({"newest_date": None, "undated_items": 12}, Severity.DEDUCT, "均无发布日期"),
    ],
)
def test_column_flags(kw: dict[str, Any], severity: Severity, text: str) -> None:
    fs = fresh(column(**kw))
    assert len(fs) == 1
    f = fs[0]
    assert f.severity == severity and text in f.message
    assert f.target == column(**kw)["url"] and f.unit == "县医保局"
    assert f.evidence.field == "column" and f.evidence.text == kw.get("name", "通知公告")


@pytest.mark.parametrize(
    "kw",
    [
        {"newest_date": "2024-03-20"},  # 16 days: fine for 通知公告
        {
            "name": "工作动态",
            "category": "动态",
            "newest_date": "2024-03-26",
        },  # 10 days: not yet warned
        {"name": "工作动态", "category": "动态", "newest_date": "2024-04-05"},  # today
        {"item_count": 0, "newest_date": None},  # blank: FRESH-BLANK's business
        {"status": "failed", "newest_date": "2020-01-01"},  # a failed crawl proves nothing
        {"kind": "parent", "leaf": False, "newest_date": "2020-01-01"},
        {"name": "领导信箱", "kind": "mailbox", "category": "互动", "newest_date": "2020-01-01"},
        {"name": "在线咨询", "category": "互动", "newest_date": "2020-01-01"},  # no update duty
    ],
)
def test_column_passes(kw: dict[str, Any]) -> None:
    assert fresh(column(**kw)) == []


def test_warning_and_stale_share_one_id() -> None:
    """A warned column that goes stale is the same finding with a higher severity."""
    doc = column(name="工作动态", category="动态", newest_date="2024-03-24")
    warn = fresh(doc)[0]
    stale = fresh(doc, date(2024, 4, 9))[0]
    assert warn.severity == Severity.NOTICE and stale.severity == Severity.DEDUCT
    assert warn.finding_id == stale.finding_id
    assert warn.message != stale.message


def test_today_is_required() -> None:
    with pytest.raises(ValueError, match="analysis date"):
        list(FreshColumnRule().check(column()))


@pytest.mark.parametrize(
    ("names", "category"),
    [
        (["政府信息公开", "县医保局", "通知公告"], "通知公告"),
        (["部门动态", "县民政局"], "动态"),
        (["政务要闻"], "动态"),
        (["政策文件", "规范性文件"], "政策文件"),
        (["政策解读"], "政策解读"),
        (["重点领域信息公开", "社会救助"], "常态"),
        (["互动交流", "领导信箱"], "互动"),
        (["勐统镇", "公共法律服务"], "其他"),
        (["人事信息"], "其他"),
    ],
)
def test_infer_category(names: list[str], category: str) -> None:
    assert infer_category(names) == category


def test_category_inferred_when_missing() -> None:
    doc = column(
        name="工作动态", category=None, names=["县医保局", "工作动态"], newest_date="2024-03-01"
    )
    (f,) = fresh(doc)
    assert "超过2周" in f.message and f.extra["category"] == "动态"


# --- the national veto (site-level summary of FRESH-COLUMN) ----------------------


def site(columns: list[dict[str, Any]]) -> dict[str, Any]:
    return {"_id": "cn-changning", "home_url": "http://www.cn.gov.cn/", "columns": columns}


def stale_cols(n: int, category: str = "动态", newest: str = "2024-01-01") -> list[dict[str, Any]]:
    return [
        column(name=f"栏目{category}{i}", category=category, newest_date=newest) for i in range(n)
    ]


@pytest.mark.parametrize(
    ("columns", "reason"),
    [
        (stale_cols(3) + stale_cols(2, "通知公告", "2023-06-01"), "共5个"),
        (stale_cols(10, "其他", "2022-01-01"), "应更新而未更新的栏目10个"),
        (
            [column(name=f"空白{i}", item_count=0, newest_date=None) for i in range(5)],
            "空白栏目5个",
        ),
    ],
)
def test_site_veto(columns: list[dict[str, Any]], reason: str) -> None:
    (f,) = FreshColumnRule(today=TODAY).summarize(site(columns))
    assert f.severity == Severity.VETO and f.rule == "FRESH-COLUMN"
    assert reason in f.message
    assert (f.site, f.unit, f.target) == ("cn-changning", "", "http://www.cn.gov.cn/")
    assert f.extra["scope"] == "site"


@pytest.mark.parametrize(
    "columns",
    [
        stale_cols(4),  # 4 < 5
        stale_cols(9, "其他", "2022-01-01"),  # 9 < 10
        [column(name=f"空白{i}", item_count=0, newest_date=None) for i in range(4)],
        # warnings are not stale
        stale_cols(6, "动态", "2024-03-24"),
        # 6 stale 政策解读 columns: not counted with 动态/通知公告/政策文件
        stale_cols(6, "政策解读", "2023-06-01"),
    ],
)
def test_site_no_veto(columns: list[dict[str, Any]]) -> None:
    assert list(FreshColumnRule(today=TODAY).summarize(site(columns))) == []


def test_veto_id_stable_when_counts_change() -> None:
    a = next(FreshColumnRule(today=TODAY).summarize(site(stale_cols(5))))
    b = next(FreshColumnRule(today=TODAY).summarize(site(stale_cols(7))))
    assert a.finding_id == b.finding_id and a.message != b.message


# --- FRESH-BLANK ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "flagged"),
    [
        ({"item_count": 0, "newest_date": None}, True),
        ({"name": "公共法律服务", "category": "其他", "item_count": 0, "newest_date": None}, True),
        ({"item_count": 3}, False),
        ({"item_count": 0, "status": "failed"}, False),
        ({"item_count": 0, "kind": "parent", "leaf": False}, False),
        ({"name": "领导信箱", "item_count": 0, "kind": "mailbox", "category": "互动"}, False),
    ],
)
def test_blank(kw: dict[str, Any], flagged: bool) -> None:
    fs = list(FreshBlankRule().check(column(**kw)))
    assert len(fs) == flagged
    if flagged:
        assert "空白栏目" in fs[0].message and fs[0].evidence.text == kw.get("name", "通知公告")


# --- FRESH-HOME -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changed", "severity"),
    [
        (datetime(2024, 3, 20, 2, 0, tzinfo=UTC), Severity.DEDUCT),  # 16 days
        (datetime(2024, 3, 24, 2, 0, tzinfo=UTC), Severity.NOTICE),  # 12 days: warning
        (datetime(2024, 3, 30, 2, 0, tzinfo=UTC), None),  # 6 days
        (None, None),  # never observed: not judged
    ],
)
def test_home(changed: datetime | None, severity: Severity | None) -> None:
    doc = {
        "_id": "cn-changning",
        "name": "昌宁县人民政府",
        "home_url": "http://www.cn.gov.cn/",
        "home_changed_at": changed,
    }
    fs = list(FreshHomeRule(today=TODAY).check(doc))
    assert [f.severity for f in fs] == ([severity] if severity else [])
    for f in fs:
        assert (f.site, f.unit, f.target) == ("cn-changning", "", "http://www.cn.gov.cn/")


# --- FRESH-NODATE / FRESH-FUTURE ----------------------------------------------------


@pytest.mark.parametrize(
    ("source", "flagged"),
    [("none", True), ("meta", False), ("url", False), ("page", False), (None, False)],
)
def test_nodate(source: str | None, flagged: bool) -> None:
    doc = article(
        "为切实做好防汛工作，县应急局组织开展物资盘点。", title="县应急局组织开展防汛应急物资盘点"
    )
    if source is not None:
        doc["date_source"] = source
    fs = list(FreshNoDateRule().check(doc))
    assert len(fs) == flagged
    if flagged:
        assert (
            fs[0].evidence.text == "县应急局组织开展防汛应急物资盘点"
            and fs[0].evidence.field == "title"
        )


@pytest.mark.parametrize(
    ("published", "crawled", "flagged"),
    [
        ("2024-05-15", datetime(2024, 4, 5, 3, 0, tzinfo=UTC), True),
        ("2024-04-06", datetime(2024, 4, 5, 3, 0, tzinfo=UTC), True),
        ("2024-04-05", datetime(2024, 4, 5, 3, 0, tzinfo=UTC), False),
        # 2024-04-05 23:30 UTC is already 04-06 in Beijing: an item dated 04-06 is not future
        ("2024-04-06", datetime(2024, 4, 5, 23, 30, tzinfo=UTC), False),
        ("2024-03-01", datetime(2024, 4, 5, 3, 0, tzinfo=UTC), False),
        (None, datetime(2024, 4, 5, 3, 0, tzinfo=UTC), False),
        ("2024-05-15", None, False),
    ],
)
def test_future(published: str | None, crawled: datetime | None, flagged: bool) -> None:
    doc = article(
        "双河镇召开秋季森林防火工作部署会。",
        title="双河镇召开秋季森林防火工作部署会",
        published_date=published,
        crawled_at=crawled,
    )
    fs = list(FreshFutureRule().check(doc))
    assert len(fs) == flagged
    if flagged:
        assert fs[0].evidence.text == published and "晚于采集日期" in fs[0].message


def test_china_date() -> None:
    assert china_date(datetime(2024, 4, 5, 16, 0, tzinfo=UTC)) == date(2024, 4, 6)
    assert china_date(datetime(2024, 4, 5, 15, 59)) == date(2024, 4, 5)  # naive = UTC

"""INTERACT-LATE, INTERACT-CHANNEL and the mailbox statistics."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from analyzers.interaction import InteractChannelRule, InteractLateRule, mailbox_stats
from analyzers.model import Severity

TODAY = date(2024, 4, 5)


def message(received_ago: int, answered_after: int | None = None, **kw: Any) -> dict[str, Any]:
    received = TODAY - timedelta(days=received_ago)
    doc = {
        "_id": f"m{received_ago}-{answered_after}",
        "site": "cn-changning",
        "unit": "县人民政府办公室",
        "column_id": "ldxx",
        "url": f"http://www.cn.gov.cn/col/ldxx/msg_{received_ago}.html",
        "title": f"关于大田坝镇农村饮水安全问题的咨询（{received_ago}）",
        "received_date": received.isoformat(),
        "answered_date": (
            (received + timedelta(days=answered_after)).isoformat()
            if answered_after is not None
            else None
        ),
        "status": "已办结" if answered_after is not None else "办理中",
        "question": "您好，我是大田坝镇的群众，想咨询农村饮水安全的有关问题。",
    }
    doc.update(kw)
    return doc


def late(*msgs: dict[str, Any]) -> list:
    site = {"_id": "cn-changning", "home_url": "http://www.cn.gov.cn/", "messages": list(msgs)}
    return list(InteractLateRule(today=TODAY).check(site))


@pytest.mark.parametrize(
    ("msg", "text"),
    [
        (message(150), "超过3个月未答复"),
        (message(91), "超过3个月未答复"),
        (message(200, answered_after=120), "超过3个月才答复"),
        (message(365), "超过3个月未答复"),
    ],
)
def test_late_flags(msg: dict[str, Any], text: str) -> None:
    (f,) = late(msg)
    assert f.severity == Severity.VETO and text in f.message
    assert (f.target, f.unit, f.site) == (msg["url"], "县人民政府办公室", "cn-changning")
    assert f.evidence.text == msg["title"] and f.evidence.field == "title"


@pytest.mark.parametrize(
    "msg",
    [
        message(20),  # pending, but recent
        message(90),  # exactly 3 months: not more than
        message(150, answered_after=10),
        message(200, answered_after=90),
        message(400),  # older than a year: outside the window
        message(150, status="无效留言"),
        message(150, status="不予受理"),
        message(150, status="已办结"),  # closed, reply date not shown: cannot judge
        message(150, received_date=None),
    ],
)
def test_late_passes(msg: dict[str, Any]) -> None:
    assert late(msg) == []


def columns_site(columns: list[dict[str, Any]] | None) -> dict[str, Any]:
    doc: dict[str, Any] = {"_id": "cn-changning", "home_url": "http://www.cn.gov.cn/"}
    if columns is not None:
        doc["columns"] = columns
    return doc


MAILBOX = {
    "site": "cn-changning",
    "unit": "县人民政府办公室",
    "url": "http://www.cn.gov.cn/col/ldxx/",
    "name": "领导信箱",
    "kind": "mailbox",
    "category": "互动",
    "status": "ok",
}
NEWS = {
    "site": "cn-changning",
    "unit": "县人民政府办公室",
    "url": "http://www.cn.gov.cn/col/zwyw/",
    "name": "政务要闻",
    "kind": "list",
    "category": "动态",
    "status": "ok",
}


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ([NEWS], [("http://www.cn.gov.cn/", "", "未开设")]),
        (
            [NEWS, {**MAILBOX, "status": "failed"}],
            [("http://www.cn.gov.cn/col/ldxx/", "县人民政府办公室", "无法访问")],
        ),
        ([NEWS, MAILBOX], []),
        ([NEWS, {**MAILBOX, "kind": "list", "name": "政务咨询"}], []),  # a 互动 list column counts
        (None, []),  # columns not loaded: nothing judged
    ],
)
def test_channel(
    columns: list[dict[str, Any]] | None, expected: list[tuple[str, str, str]]
) -> None:
    fs = list(InteractChannelRule().check(columns_site(columns)))
    assert [(f.target, f.unit) for f in fs] == [e[:2] for e in expected]
    for f, e in zip(fs, expected, strict=True):
        assert e[2] in f.message and f.severity == Severity.VETO and f.site == "cn-changning"


def test_mailbox_stats() -> None:
    q1 = (date(2024, 1, 1), date(2024, 3, 31))
    msgs = [
        {"received_date": "2024-01-05", "answered_date": "2024-01-10", "status": "已办结"},
        {
            "received_date": "2024-03-30",
            "answered_date": "2024-04-02",
            "status": "已办结",
        },  # after Q1
        {"received_date": "2024-02-01", "answered_date": None, "status": "已办结"},  # no date shown
        {"received_date": "2024-03-01", "answered_date": None, "status": "办理中"},
        {"received_date": "2023-12-31", "answered_date": "2024-01-02", "status": "已办结"},
        {"received_date": None, "status": "办理中"},
    ]
    assert mailbox_stats(msgs, q1) == {"received": 4, "answered": 2}
    assert mailbox_stats([], q1) == {"received": 0, "answered": 0}

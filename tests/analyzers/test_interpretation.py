"""INTERP-MISSING, INTERP-NONE and the coverage table (analyzers/interpretation.py)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from analyzers import runner
from analyzers.interpretation import (
    InterpMissingRule,
    InterpNoneRule,
    interpretation_coverage,
    parse_period,
)
from tests.analyzers.conftest import article

TODAY = dt.date(2026, 11, 28)
SITE = "http://www.qh.gov.cn"

_n = 0


def policy(title: str, date: str = "2026-10-10", unit: str = "县财政局", **kw: Any) -> dict:
    global _n
    _n += 1
    kw.setdefault("meta", {"doc_no": f"青财发〔2026〕{_n}号", "catalog": "政策文件"})
    return article(
        "各乡镇人民政府：\n现将有关事项通知如下。\n青禾县财政局\n2026年10月8日\n（此件公开发布）",
        title=title,
        _id=f"p{_n}",
        url=f"{SITE}/art/p{_n}.html",
        unit=unit,
        column_name=unit,
        published_date=date,
        **kw,
    )


def interp(title: str, date: str = "2026-10-12", unit: str = "县人民政府办公室", **kw: Any) -> dict:
    global _n
    _n += 1
    kw.setdefault("column_name", "政策解读")
    return article(
        "一、出台背景\n为便于公众理解，现解读如下。",
        title=title,
        _id=f"i{_n}",
        url=f"{SITE}/art/i{_n}.html",
        unit=unit,
        published_date=date,
        **kw,
    )


def missing(docs: list[dict], **th: Any) -> list[str]:
    rule = InterpMissingRule(thresholds=th or None, today=TODAY)
    return [f.evidence.text for f in rule.check(docs)]


T = "青禾县财政局关于印发青禾县政府投资项目管理办法的通知"


@pytest.mark.parametrize(
    "make_interp",
    [
        # an explicit link to the document's URL (title names nothing)
        lambda p: interp("政策问答", links=[{"url": p["url"] + "#top", "text": "通知"}]),
        lambda p: interp(f"《{T}》政策解读"),
        lambda p: interp("《青禾县政府投资项目管理办法》解读"),
        lambda p: interp("青禾县政府投资项目管理办法政策解读"),
        lambda p: interp(f"{p['meta']['doc_no'].replace('〔', '[').replace('〕', ']')}文件解读"),
        # 解读 in the title, outside a 解读 column
        lambda p: interp("一图读懂《青禾县政府投资项目管理办法》", column_name="图片新闻"),
    ],
)
def test_interpreted_documents_pass(make_interp: Any) -> None:
    p = policy(T)
    assert missing([p, make_interp(p)]) == []
    assert missing([make_interp(p), p]) == []  # order of the stream does not matter


def test_reverse_link_from_the_policy_page() -> None:
    i = interp("政策问答")
    p = policy(T, links=[{"url": i["url"], "text": "相关解读"}])
    assert missing([p, i]) == []


def test_missing_interpretation_is_flagged_with_evidence() -> None:
    p = policy(T)
    other = interp("《青禾县河湖长制工作考核办法》解读")
    rule = InterpMissingRule(today=TODAY)
    found = list(rule.check([p, other]))
    assert [f.evidence.text for f in found] == [T]
    f = found[0]
    assert f.target == p["url"] and f.unit == "县财政局" and f.evidence.field == "title"
    assert "文号青财发〔2026〕" in f.message and "2026-10-10" in f.message


@pytest.mark.parametrize(
    "doc",
    [
        # a party document, a reply, a routine 领导小组 adjustment, an old document
        policy("中共青禾县财政局党组关于加强机关作风建设的意见", meta={"catalog": "政策文件"}),
        policy("青禾县人民政府关于同意设立青禾工业园区的批复"),
        policy("青禾县人民政府办公室关于调整县安全生产委员会组成人员的通知"),
        policy(
            "青禾县人民政府关于印发青禾县招商引资优惠政策的通知",
            date="2015-06-01",
            meta={"doc_no": "青政发〔2015〕9号", "written_date": "2015年5月30日"},
        ),
        # within the grace days: the 解读 may still come
        policy("青禾县财政局关于印发青禾县财政资金管理办法的通知", date="2026-11-26"),
        # not a policy document at all
        article("正文", title="县财政局召开预算分析会", column_name="部门动态"),
    ],
)
def test_not_judged(doc: dict) -> None:
    assert missing([doc]) == []


def test_generic_short_names_do_not_link() -> None:
    p = policy("青禾县财政局关于印发《办法》的通知")
    assert missing([p, interp("《办法》解读")]) == [p["title"]]


def test_since_threshold() -> None:
    meta = {"doc_no": "青财发〔2016〕3号", "written_date": "2016年2月20日"}
    p = policy(T, date="2016-03-01", meta=meta)
    assert missing([p]) == [T]
    assert missing([p], since="2017-01-01") == []


# --- INTERP-NONE ------------------------------------------------------------------


def none(docs: list[dict], period: Any = None) -> list[tuple[str, str]]:
    rule = InterpNoneRule(today=TODAY, period=period)
    return [(f.unit, f.evidence.text) for f in rule.check(docs)]


def test_unit_without_interpretation_in_period() -> None:
    a = policy("青禾县财政局关于印发青禾县政府采购管理办法的通知", unit="县财政局")
    b = policy("青禾县医保局关于印发青禾县医保基金监管办法的通知", unit="县医保局",
               meta={"doc_no": "青医保发〔2026〕1号"})  # fmt: skip
    # The county office publishes the 解读 of 县医保局's document: it counts for 县医保局.
    i = interp("《青禾县医保基金监管办法》解读")
    got = none([a, b, i])
    assert [u for u, _ in got] == ["县财政局"]
    assert "政策文件1件，政策解读0件" in got[0][1]


def test_unit_publishing_its_own_interpretation_counts() -> None:
    a = policy("青禾县财政局关于印发青禾县政府采购管理办法的通知")
    i = interp("《青禾县国有资产管理办法》解读", unit="县财政局")
    assert none([a, i]) == []


def test_whole_site_without_interpretation() -> None:
    a = policy("青禾县财政局关于印发青禾县政府采购管理办法的通知")
    old_interp = interp("《青禾县国有资产管理办法》解读", date="2026-05-01")
    got = none([a, old_interp])
    assert [u for u, _ in got] == ["县财政局", ""]


def test_period_quarter_and_default() -> None:
    q3 = parse_period("2026Q3", TODAY)
    assert (q3.start, q3.end) == (dt.date(2026, 7, 1), dt.date(2026, 10, 1))
    assert parse_period("2026-q4", TODAY).end == dt.date(2027, 1, 1)
    default = parse_period(None, TODAY)
    assert TODAY in default and dt.date(2026, 8, 31) in default
    assert dt.date(2026, 8, 30) not in default and (default.end - default.start).days == 90
    pair = parse_period(("2026-01-01", "2026-01-31"), TODAY)
    assert dt.date(2026, 1, 31) in pair and dt.date(2026, 2, 1) not in pair
    with pytest.raises(ValueError):
        parse_period("2026H1", TODAY)
    a = policy("青禾县财政局关于印发青禾县政府采购管理办法的通知", date="2026-08-10")
    assert [u for u, _ in none([a], "2026Q3")] == ["县财政局", ""]
    assert none([a], "2026Q4") == []  # nothing published in Q4
    assert none([a]) == []  # 2026-08-10 is outside the default 90 days


def test_coverage_table() -> None:
    docs = [
        policy("青禾县财政局关于印发青禾县政府采购管理办法的通知"),
        policy("青禾县财政局关于印发青禾县国有资产管理办法的通知"),
        policy(
            "青禾县医保局关于印发青禾县医保基金监管办法的通知",
            unit="县医保局",
            meta={"doc_no": "青医保发〔2026〕1号"},
        ),  # fmt: skip
        interp("《青禾县国有资产管理办法》解读"),
    ]
    assert interpretation_coverage(docs) == {
        "县医保局": {"policies": 1, "interpreted": 0},
        "县财政局": {"policies": 2, "interpreted": 1},
    }
    assert interpretation_coverage(docs, period="2025Q1", today=TODAY) == {}


def test_linear_time() -> None:
    def corpus(n: int) -> list[dict]:
        out = []
        for k in range(n):
            out.append(policy(f"青禾县财政局关于印发青禾县第{k}号专项资金管理办法的通知"))
            if k % 2:
                out.append(interp(f"《青禾县第{k}号专项资金管理办法》解读"))
        return out

    small, big = corpus(1000), corpus(4000)
    t0 = time.perf_counter()
    assert len(missing(small)) == 500
    t1 = time.perf_counter()
    assert len(missing(big)) == 2000
    t2 = time.perf_counter()
    assert (t2 - t1) < 8 * (t1 - t0) + 0.5  # 4x the input, not 16x the time


# --- through the runner -----------------------------------------------------------------


def test_runner_feeds_the_corpus_and_the_period(mongo_db: Any) -> None:
    docs = [
        policy("青禾县财政局关于印发青禾县政府采购管理办法的通知", date="2026-08-10"),
        policy(
            "青禾县医保局关于印发青禾县医保基金监管办法的通知",
            unit="县医保局",
            date="2026-08-12",
            meta={"doc_no": "青医保发〔2026〕7号"},
        ),  # fmt: skip
        interp("《青禾县医保基金监管办法》政策解读", date="2026-08-15"),
    ]
    for d in docs:
        d["site"] = "qh"
        d["_id"] = d["url"]
    mongo_db.articles.insert_many(docs)
    runner.run(mongo_db, rules="INTERP", today=TODAY, period="2026Q3")
    got = {(f["rule"], f["unit"]) for f in mongo_db.findings.find({"status": "open"})}
    assert got == {("INTERP-MISSING", "县财政局"), ("INTERP-NONE", "县财政局")}
    # A one-unit run keeps only that unit's findings and leaves the others alone.
    runner.run(mongo_db, unit="县医保局", rules="INTERP", today=TODAY, period="2026Q3")
    assert mongo_db.findings.count_documents({"status": "open"}) == 2

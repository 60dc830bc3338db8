"""Text outside articles: the frame is checked once per site, a list page's own text once per column."""

from __future__ import annotations

from datetime import date

import pytest

from analyzers.pagetext import frame_lines, page_text_docs
from analyzers.runner import run

HOME = "http://www.example.gov.cn/"
FOOTER = "主办：示例县人民政府办公室 承办：示例县政务信息中心"
TYPO_SLOGAN = "宏扬示例精神 建设美丽示例"  # 宏扬 → 弘扬 (常见错字错词)
CLEAN_SLOGAN = "弘扬示例精神 建设美丽示例"
TODAY = date(2026, 11, 28)


def _store(db, slogan: str, intros: dict[int, str] | None = None, n_columns: int = 8) -> None:
    frame = ["示例县人民政府", slogan, "网站首页 通知公告 工作动态 政策文件", FOOTER]
    db.sites.insert_one({"_id": "demo", "home_url": HOME, "home_lines": [*frame, "更多"],
                         "home_blocks": [{"title": "工作动态", "items": [{"title": "县政府召开常务会议"}]}]})
    for i in range(n_columns):
        own = [f"当前位置： 首页 > 栏目{i}", *([intros[i]] if intros and i in intros else [])]
        db.columns.insert_one({"_id": f"c{i}", "site": "demo", "url": f"{HOME}col{i}/", "name": f"栏目{i}",
                               "unit": "县财政局" if i == 3 else "县民政局", "page_lines": [*frame[:2], *own, *frame[2:]]})


def test_frame_is_what_most_pages_share():
    pages = [["页头", "页脚", f"栏目{i}"] for i in range(5)] + [["页头", "独有"]]
    assert frame_lines(pages) == {"页头", "页脚"}
    assert frame_lines([["页头"]]) == set()  # one page shares nothing


def test_documents_hold_the_frame_once_and_each_column_its_own_text(mongo_db):
    _store(mongo_db, TYPO_SLOGAN, {3: "本栏目发布财政信息。"})
    docs = list(page_text_docs(mongo_db, "demo"))
    site_docs = [d for d in docs if d["url"] == HOME]
    assert len(site_docs) == 1 and TYPO_SLOGAN in site_docs[0]["body_text"] and FOOTER in site_docs[0]["body_text"]
    assert "县政府召开常务会议" not in site_docs[0]["body_text"]
    columns = [d for d in docs if d["url"] != HOME]
    assert len(columns) == 8 and all(TYPO_SLOGAN not in d["body_text"] and FOOTER not in d["body_text"] for d in columns)
    assert [d["body_text"] for d in columns if d["column_id"] == "c3"] == ["当前位置： 首页 > 栏目3\n本栏目发布财政信息。"]


@pytest.mark.parametrize("slogan,intro,expected", [
    (TYPO_SLOGAN, None, [(HOME, "宏扬", "")]),
    (CLEAN_SLOGAN, None, []),
    (CLEAN_SLOGAN, "本栏目发布财政信息，请各单位再接再砺。", [(HOME + "col3/", "再接再砺", "县财政局")]),
    (CLEAN_SLOGAN, "本栏目发布财政信息，请各单位再接再厉。", []),
    (TYPO_SLOGAN, "本栏目发布财政信息，请各单位再接再砺。", [(HOME, "宏扬", ""), (HOME + "col3/", "再接再砺", "县财政局")]),
])
def test_typos_outside_articles_are_reported_once_on_the_site_or_column(mongo_db, slogan, intro, expected):
    _store(mongo_db, slogan, {3: intro} if intro else None)
    for _ in range(2):  # a rerun never duplicates
        run(mongo_db, site="demo", rules="REVIEW-TYPO", today=TODAY)
    found = sorted((f["target"], f["evidence"]["text"], f["unit"]) for f in mongo_db.findings.find({"status": "open"}))
    assert found == sorted(expected)


def test_a_unit_run_checks_that_units_columns_and_not_the_site_frame(mongo_db):
    _store(mongo_db, TYPO_SLOGAN, {3: "请各单位再接再砺。", 5: "请各单位再接再砺。"})
    run(mongo_db, site="demo", unit="县财政局", rules="REVIEW-TYPO", today=TODAY)
    assert [(f["target"], f["unit"]) for f in mongo_db.findings.find()] == [(HOME + "col3/", "县财政局")]


def test_fixed_frame_typo_is_resolved_on_the_next_run(mongo_db):
    _store(mongo_db, TYPO_SLOGAN)
    run(mongo_db, site="demo", rules="REVIEW-TYPO", today=TODAY)
    mongo_db.sites.update_one({"_id": "demo"}, {"$set": {"home_lines": ["示例县人民政府", CLEAN_SLOGAN]}})
    mongo_db.columns.update_many({}, [{"$set": {"page_lines": ["示例县人民政府", CLEAN_SLOGAN, FOOTER]}}])
    run(mongo_db, site="demo", rules="REVIEW-TYPO", today=TODAY)
    assert [f["status"] for f in mongo_db.findings.find()] == ["resolved"]

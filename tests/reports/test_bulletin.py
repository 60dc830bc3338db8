"""The bulletin of the crawled sample portal: sections, units and every figure of 一 checked
against the manifest and against counts made here, straight from MongoDB."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from analyzers.lifecycle import add_filing, ignore_finding
from analyzers.runner import run
from reports.bulletin import build_bulletin
from reports.config import rule_matches, section_table
from reports.period import parse_period
from tests.conftest import SAMPLE_NOW

# Rules whose data come from spiders the plain crawl does not run (linkcheck, search).
NOT_IN_PLAIN_CRAWL = ("LINK-", "SEARCH-")
ISSUED = date(2026, 12, 1)


def section_of(rule: str) -> str:
    for s in section_table()["sections"]:
        if any(rule_matches(rule, p["rules"]) for p in s["parts"]):
            return s["title"]
    raise AssertionError(f"{rule} is in no section")


def section_texts(text: str) -> dict[str, str]:
    """Section 二's text split by its (一)(二)… headings."""
    body = text.split("二、存在的主要问题", 1)[1].split("三、工作要求", 1)[0]
    out: dict[str, str] = {}
    current = None
    for line in body.splitlines():
        titles = [s["title"] for s in section_table()["sections"]]
        head = next((t for t in titles if line.startswith("（") and line.endswith(t)), None)
        if head:
            current = head
            out[head] = ""
        elif current:
            out[current] += line + "\n"
    return out


@pytest.fixture(scope="module")
def bulletin(report_db, sample_period):
    db, _ = report_db
    return build_bulletin(db, sample_period, "sample", issued=ISSUED)


def test_every_seeded_problem_class_is_reported_with_its_units(report_db, bulletin) -> None:
    _, manifest = report_db
    sections = section_texts(bulletin.document.plain_text())
    # Notice-level faults (a label missing on a reposted superior document) stay out of the bulletin.
    faults = [f for f in manifest["faults"] if f["kind"] == "fault" and f.get("severity") != "notice"
              and not rule_matches(f["rule"], list(NOT_IN_PLAIN_CRAWL))]
    assert faults
    for fault in faults:
        title = section_of(fault["rule"])
        assert title in sections, f"section {title} missing for {fault['rule']}"
        assert fault["unit"] in sections[title], (fault["rule"], fault["unit"], sections[title])


def test_sections_follow_the_seed_order(bulletin) -> None:
    order = [s["title"] for s in section_table()["sections"]]
    seen = [s.title for s in bulletin.sections]
    assert seen == sorted(seen, key=order.index)
    # The seed's five classes come first: 信息更新, 审核, 格式, 解读, 公开属性.
    assert seen[:5] == ["信息更新不及时", "信息发布审核不严", "信息发布格式混乱", "政策解读差距大",
                        "政策文件公开属性标识不到位"]


def test_examples_cite_title_link_and_evidence(report_db, bulletin) -> None:
    runs = [r for b in bulletin.document.blocks for r in b.runs]
    linked = {r.href: r.text for r in runs if r.href}
    typo = next(f for f in bulletin.findings if f["rule"] == "REVIEW-TYPO" and f["unit"] == "县民宗局")
    assert typo["target"] in linked and "《" in linked[typo["target"]]
    text = bulletin.document.plain_text()
    assert typo["evidence"]["text"] in text


def test_overview_figures_equal_independent_counts(report_db, sample_period, bulletin) -> None:
    db, manifest = report_db
    first, last = sample_period.first.isoformat(), sample_period.last.isoformat()
    in_period = {"site": "sample", "published_date": {"$gte": first, "$lte": last}}
    own = set(db.units.distinct("name", {"site": "sample"})) | {"青禾县"}
    reposts = disclosure = 0
    for a in db.articles.find(in_period, {"meta": 1, "own_document": 1}):
        meta = a.get("meta") or {}
        src = meta.get("source")
        if a.get("own_document") is False or (src and not any(n in src for n in own)):
            reposts += 1
        elif "catalog" in meta or "index_no" in meta:
            disclosure += 1
    total = db.articles.count_documents(in_period)
    received = db.messages.count_documents({"site": "sample", "received_date": {"$gte": first, "$lte": last}})
    answered = db.messages.count_documents({"site": "sample", "received_date": {"$gte": first, "$lte": last},
                                            "$or": [{"answered_date": {"$lte": last, "$gte": "0"}},
                                                    {"answered_date": None, "status": "已办结"}]})
    interp_cols = [c["_id"] for c in db.columns.find({"site": "sample", "category": "政策解读"})]
    interps = db.articles.count_documents({**in_period, "column_id": {"$in": interp_cols}})
    ov = bulletin.overview
    assert (ov.articles, ov.ordinary, ov.disclosure, ov.reposts) == (
        total, total - disclosure - reposts, disclosure, reposts)
    assert (ov.mailbox_received, ov.mailbox_answered, ov.interpretations) == (received, answered, interps)
    assert ov.columns == db.columns.count_documents({"site": "sample", "leaf": True})
    runs = [r["_id"] for r in db.crawl_runs.find({"spider": "portal"})
            if sample_period.start_utc <= r["finished_at"] < sample_period.end_utc]
    assert ov.crawls == len(runs)
    assert ov.failures == sum(1 for f in db.failures.find({"site": "sample"}) if f.get("last_run_id") in runs)
    if runs:  # the crawl ran inside the sample's quarter (the clock, unlike the analysis, is real)
        assert ov.failures == len(manifest["broken_entries"])
    assert total > 0 and received > 0 and disclosure > 0
    text = bulletin.document.plain_text()
    for phrase in (f"主动公开信息{total}条", f"普通文章信息{total - disclosure - reposts}条",
                   f"信息公开文章{disclosure}条", f"转载国家、省、市信息{reposts}条",
                   f"收件{received}件，办结{answered}件"):
        assert phrase in text
    # No account crawled in this portal-only database: said plainly, no invented count.
    assert db.accounts.count_documents({}) == 0
    assert "未采集政务新媒体账号数据" in text


def test_notice_findings_stay_out(bulletin) -> None:
    assert bulletin.findings and all(f["severity"] != "notice" for f in bulletin.findings)


def test_requirements_follow_the_classes_found(bulletin) -> None:
    text = bulletin.document.plain_text().split("三、工作要求", 1)[1]
    assert "抓实信息更新" in text and "限期整改问题" in text
    assert "强化载体管理" not in text  # no new-media findings
    assert "2026年12月16日" in text  # issued + 15 days


def test_a_custom_template_replaces_the_texts(report_db, sample_period, tmp_path) -> None:
    db, _ = report_db
    cfg = tmp_path / "b.yaml"
    cfg.write_text("office: 测试县政府办公室\nrequirements:\n  - title: 自定义要求\n    text: 按期整改。\n",
                   encoding="utf-8")
    text = build_bulletin(db, sample_period, "sample", str(cfg), ISSUED).document.plain_text()
    assert "测试县政府办公室" in text and "（一）自定义要求。按期整改。" in text
    assert "抓实信息更新" not in text


def test_another_period_has_its_own_figures(report_db) -> None:
    db, _ = report_db
    b = build_bulletin(db, parse_period("2020Q1"), "sample", issued=ISSUED)
    assert b.overview.articles == 0 and not b.findings
    assert "检查未发现需要通报的问题" in b.document.plain_text()


def test_ignored_and_filed_findings_are_left_out(report_db, sample_period) -> None:
    """Last in the module: it marks findings of the shared copy."""
    db, _ = report_db
    blank = {f["unit"]: f for f in db.findings.find({"rule": "FRESH-BLANK", "status": "open"})}
    assert {"县水务局", "县教育体育局"} <= set(blank)
    assert ignore_finding(db, blank["县水务局"]["_id"], "测试", "栏目已撤并")
    now = datetime.fromisoformat(SAMPLE_NOW)
    add_filing(db, "sample", blank["县教育体育局"]["target"], now - timedelta(days=1),
               now + timedelta(days=60), "栏目改版")
    run(db, site="sample", rules="FRESH-BLANK", today=sample_period.last.replace(day=28, month=11),
        now=now + timedelta(minutes=1))
    b = build_bulletin(db, sample_period, "sample", issued=ISSUED)
    sections = section_texts(b.document.plain_text())
    assert "空白栏目" not in sections.get("信息更新不及时", "")
    ids = {f["_id"] for f in b.findings}
    assert blank["县水务局"]["_id"] not in ids and blank["县教育体育局"]["_id"] not in ids

"""SEARCH-MISS: the rule on search-check documents, and against the sample manifest."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from analyzers import registry, runner
from analyzers.search import SearchMissRule


def check(**kw: Any) -> dict[str, Any]:
    """A search_checks document as the search spider stores it."""
    doc = {"_id": "a1", "site": "cn-test", "article_id": "a1", "unit": "县测试局", "column_id": "c1",
           "url": "http://www.example.gov.cn/art/1.html", "title": "县测试局召开安全生产工作会议",
           "query_url": "http://www.example.gov.cn/search?q=x", "found": False, "results": 0,
           "status": "ok", "checked_at": datetime(2026, 11, 28, tzinfo=UTC)}
    doc.update(kw)
    return doc


def test_miss_is_a_finding_with_the_title() -> None:
    (f,) = SearchMissRule().check(check())
    assert (f.rule, f.severity, f.unit, f.target) == ("SEARCH-MISS", "deduct", "县测试局", check()["url"])
    assert (f.evidence.text, f.evidence.start, f.evidence.end, f.evidence.field) == (
        "县测试局召开安全生产工作会议", 0, 14, "title")
    assert "县测试局召开安全生产工作会议" in f.message and f.extra["query_url"] == check()["query_url"]
    assert f.column == "c1"


def test_found_or_unanswered_is_no_finding() -> None:
    rule = SearchMissRule()
    assert list(rule.check(check(found=True, results=1))) == []
    # The search page failed before ever answering: no `found` stored at all.
    unanswered = check(status="http_500")
    del unanswered["found"], unanswered["results"]
    assert list(rule.check(unanswered)) == []


def test_registered() -> None:
    assert registry.get("SEARCH-MISS") is SearchMissRule
    assert [r.code for r in registry.select("SEARCH")] == ["SEARCH-MISS"]


def test_runner_feeds_search_checks(mongo_db) -> None:
    mongo_db.search_checks.insert_many([
        check(),
        check(_id="a2", article_id="a2", url="http://www.example.gov.cn/art/2.html", found=True, results=1),
        check(_id="a3", article_id="a3", url="http://www.example.gov.cn/art/3.html", unit="县其他局"),
    ])
    today = date(2026, 11, 28)
    runner.run(mongo_db, rules="SEARCH-MISS", today=today)
    open_ = {f["target"] for f in mongo_db.findings.find({"status": "open"})}
    assert open_ == {"http://www.example.gov.cn/art/1.html", "http://www.example.gov.cn/art/3.html"}
    # Fixed in one unit: a one-unit run resolves it and leaves the other unit alone.
    mongo_db.search_checks.update_one({"_id": "a1"}, {"$set": {"found": True, "results": 1}})
    runner.run(mongo_db, unit="县测试局", rules="SEARCH-MISS", today=today)
    status = {f["target"]: f["status"] for f in mongo_db.findings.find()}
    assert status == {"http://www.example.gov.cn/art/1.html": "resolved",
                      "http://www.example.gov.cn/art/3.html": "open"}


def test_sample_manifest_precision_and_recall(searched_sample_db) -> None:
    from tests.analyzers.test_sample_manifest import test_precision_and_recall

    db, manifest = searched_sample_db
    runner.run(db, rules="SEARCH-MISS", today=date.fromisoformat(manifest["today"]))
    findings = list(db.findings.find({"rule": "SEARCH-MISS", "status": "open"}))
    test_precision_and_recall("SEARCH-MISS", (findings, manifest))
    near = next(f for f in manifest["faults"] if f["rule"] == "SEARCH-MISS" and f["kind"] == "near_miss")
    assert near["url"] not in {f["target"] for f in findings}
    assert len(findings) == 1 and findings[0]["evidence"]["text"] == findings[0]["evidence"]["text"].strip()

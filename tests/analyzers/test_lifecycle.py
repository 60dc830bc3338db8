"""Finding lifecycle in MongoDB: upsert, resolve, reopen, ignore, filings.

Uses the ``mongo_db`` fixture (a fresh Database on the embedded wire server)
from tests/conftest.py; skipped while that fixture does not exist.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from analyzers import lifecycle
from analyzers.format import PunctRule
from analyzers.lifecycle import add_filing, apply_findings, ignore_finding, reported
from tests.analyzers.conftest import article

T0 = datetime(2024, 4, 1, 8, 0, tzinfo=UTC)
SCOPE = {"site": "cn-test", "unit": "县测试局", "rule": {"$in": ["FORMAT-PUNCT"]}}


@pytest.fixture
def db(request: pytest.FixtureRequest):
    try:
        return request.getfixturevalue("mongo_db")
    except pytest.FixtureLookupError:
        pytest.skip("mongo_db fixture (tests/conftest.py) not available yet")


def findings(body: str, url: str = "http://www.example.gov.cn/info/1/1.htm", **kw):
    return list(PunctRule().check(article(body, url=url, **kw)))


def statuses(db) -> dict[str, str]:
    return {d["evidence"]["text"] + str(d["occurrence"]): d["status"] for d in db.findings.find()}


def test_rerun_does_not_duplicate(db) -> None:
    fs = findings("会议要求，。各村,各站所要落实。")
    c1 = apply_findings(db, fs, SCOPE, T0)
    c2 = apply_findings(db, fs, SCOPE, T0 + timedelta(hours=1))
    assert (c1["new"], c1["seen"]) == (2, 0)
    assert (c2["new"], c2["seen"], c2["resolved"]) == (0, 2, 0)
    assert db.findings.count_documents({}) == 2
    doc = db.findings.find_one({"_id": fs[0].finding_id})
    assert doc["status"] == "open"
    assert doc["first_seen"].replace(tzinfo=UTC) == T0
    assert doc["last_seen"].replace(tzinfo=UTC) == T0 + timedelta(hours=1)
    assert doc["rule"] == "FORMAT-PUNCT" and doc["evidence"]["text"] == "，。"


def test_fixed_fault_resolves_and_reappearing_reopens(db) -> None:
    apply_findings(db, findings("会议要求，。各村,各站所要落实。"), SCOPE, T0)
    c = apply_findings(db, findings("会议要求。各村,各站所要落实。"), SCOPE, T0 + timedelta(days=1))
    assert c["resolved"] == 1
    assert statuses(db) == {"，。0": "resolved", ",0": "open"}
    resolved = db.findings.find_one({"status": "resolved"})
    assert resolved["resolved_at"] is not None
    c = apply_findings(
        db, findings("会议要求，。各村,各站所要落实。"), SCOPE, T0 + timedelta(days=2)
    )
    assert c["reopened"] == 1 and c["resolved"] == 0
    doc = db.findings.find_one({"_id": resolved["_id"]})
    assert doc["status"] == "open" and doc["reopened"] == 1 and "resolved_at" not in doc


def test_resolve_only_within_scope(db) -> None:
    other = findings("另一单位，。", url="http://www.example.gov.cn/info/2/2.htm", unit="县医保局")
    apply_findings(db, other, {**SCOPE, "unit": "县医保局"}, T0)
    apply_findings(db, findings("本单位，。"), SCOPE, T0 + timedelta(days=1))
    # a run for 县测试局 that finds nothing leaves 县医保局's finding open
    apply_findings(db, [], SCOPE, T0 + timedelta(days=2))
    assert db.findings.find_one({"unit": "县医保局"})["status"] == "open"
    assert db.findings.find_one({"unit": "县测试局"})["status"] == "resolved"


def test_ignored_stays_ignored(db) -> None:
    fs = findings("会议要求，。")
    apply_findings(db, fs, SCOPE, T0)
    assert ignore_finding(db, fs[0].finding_id, by="张三", reason="原文引用")
    apply_findings(db, fs, SCOPE, T0 + timedelta(days=1))
    apply_findings(db, [], SCOPE, T0 + timedelta(days=2))
    doc = db.findings.find_one({"_id": fs[0].finding_id})
    assert doc["status"] == "ignored"
    assert (doc["ignored_by"], doc["ignored_reason"]) == ("张三", "原文引用")
    assert not ignore_finding(db, "0" * 32, by="张三", reason="x")


def test_filed_findings_are_kept_not_reported(db) -> None:
    add_filing(
        db,
        site="cn-test",
        target_prefix="http://www.example.gov.cn/info/1/",
        start=T0 - timedelta(days=1),
        end=T0 + timedelta(days=30),
        reason="栏目改版",
    )
    fs = findings("会议要求，。")
    fs += findings("另一栏目，。", url="http://www.example.gov.cn/info/9/9.htm")
    c = apply_findings(db, fs, SCOPE, T0)
    assert c["filed"] == 1 and db.findings.count_documents({}) == 2
    assert [d["evidence"]["text"] for d in reported(db)] == ["，。"]
    assert reported(db)[0]["target"].endswith("/9/9.htm")
    # after the filing period the finding is reported again
    apply_findings(db, fs, SCOPE, T0 + timedelta(days=31))
    assert len(reported(db)) == 2


def test_batches(db, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle, "BATCH", 4)
    body = "\n".join(f"第{i}段，。" for i in range(7))
    fs = findings(body)
    assert len({f.finding_id for f in fs}) == 7
    assert apply_findings(db, fs, SCOPE, T0)["new"] == 7
    assert db.findings.count_documents({"status": "open"}) == 7


def test_is_filed_by_column() -> None:
    f = findings("会议要求，。")[0]
    assert lifecycle.is_filed(
        f, [{"site": "cn-test", "target_prefix": "http://no/", "column_id": "c1"}]
    )
    assert not lifecycle.is_filed(f, [{"site": "other", "target_prefix": ""}])

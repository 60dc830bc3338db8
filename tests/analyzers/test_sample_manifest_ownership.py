"""On a real crawl of the sample portal: every article carries own_document,
reposted superior documents are marked false, the county's policy documents
true, and the label findings on reposts are notices (the manifest's
``severity``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from analyzers import runner
from sample_site.conventions import REPOSTED_TITLES

Crawled = tuple[Any, dict[str, Any]]


@pytest.fixture(scope="module")
def crawled(request: pytest.FixtureRequest) -> Crawled:
    return request.getfixturevalue("crawled_sample_db")


def test_every_article_is_classified(crawled: Crawled) -> None:
    db, manifest = crawled
    docs = list(db.articles.find({}, {"title": 1, "own_document": 1, "own_document_reason": 1}))
    assert len(docs) == len(manifest["articles"])
    assert all("own_document" in d for d in docs)
    by_title = {d["title"]: d for d in docs}
    for title in REPOSTED_TITLES:
        assert by_title[title]["own_document"] is False, by_title[title]
        assert by_title[title]["own_document_reason"].startswith("文号")
    policies = [a["title"] for a in manifest["articles"] if a["kind"] == "policy"]
    assert policies
    assert {t: by_title[t]["own_document"] for t in policies} == dict.fromkeys(policies, True)
    # Analysts ask MongoDB directly.
    assert db.articles.count_documents({"own_document": False}) >= len(REPOSTED_TITLES)


def test_label_findings_on_reposts_are_notices(crawled: Crawled) -> None:
    db, manifest = crawled
    runner.run(db, rules="DISC-MISSING,DISC-POSITION", today=date.fromisoformat(manifest["today"]))
    want = {(f["rule"], f["url"].rstrip("/")): f.get("severity", "deduct")
            for f in manifest["faults"] if f["rule"] in ("DISC-MISSING", "DISC-POSITION") and f["kind"] == "fault"}
    assert "notice" in want.values() and "deduct" in want.values()
    got = {(f["rule"], f["target"].rstrip("/")): f["severity"]
           for f in db.findings.find({"rule": {"$in": ["DISC-MISSING", "DISC-POSITION"]}, "status": "open"})}
    assert got == want

"""Ground truth for the new-media rules: on a real crawl of the sample's 43 accounts
(``crawled_media_db``: the four spiders against the served sample), the findings of
FRESH-MEDIA, MEDIA-* and of the content rules on posts equal the media manifest's
seeded faults, precision and recall 1.0 per rule, and no near-miss is flagged.
Every rule runs (as ``python -m analyzers run`` does): a rule that fires on posts
or accounts where the manifest seeds nothing fails the test too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from analyzers import runner
from analyzers.privacy import mask_number
from store.keys import canonical_url

MEDIA_RULES = ("FRESH-MEDIA", "MEDIA-MENU", "MEDIA-UNREGISTERED", "MEDIA-MISSING")
POST_RULES = ("REVIEW-TYPO", "REVIEW-SENSITIVE", "REVIEW-PRIVACY", "REVIEW-REDHEAD", "DUP-TITLE", "DUP-CONTENT")

Analyzed = tuple[list[dict[str, Any]], dict[str, Any], dict[str, str]]


@pytest.fixture(scope="module")
def analyzed(request: pytest.FixtureRequest) -> Analyzed:
    db, manifest = request.getfixturevalue("crawled_media_db")
    summary = runner.run(db, site="sample", today=date.fromisoformat(request.getfixturevalue("sample_today")))
    assert not summary.errors, summary.errors
    findings = list(db.findings.find({"status": "open"}))
    # Account findings target the account's page URL; the manifest names accounts platform:id.
    urls = {canonical_url(a["url"]): a["key"] for a in manifest["accounts"]}
    return findings, manifest, urls


@pytest.fixture(scope="module")
def sample_today() -> str:
    from tests.conftest import SAMPLE_TODAY

    return SAMPLE_TODAY


def _target(finding: dict[str, Any], urls: dict[str, str]) -> str:
    url = canonical_url(finding["target"])
    return urls.get(url, url)


def _key(target: str, urls: dict[str, str]) -> str:
    return target if ":" in target and not target.startswith("http") else canonical_url(target)


def _judged(rule: str, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # FRESH-MEDIA's early warnings (notice) are not faults; they are tested apart.
    return [f for f in findings if f["rule"] == rule and f["severity"] != "notice"]


@pytest.mark.parametrize("rule", MEDIA_RULES + POST_RULES)
def test_precision_and_recall(rule: str, analyzed: Analyzed) -> None:
    findings, manifest, urls = analyzed
    mine = _judged(rule, findings)
    found = {_target(f, urls) for f in mine}
    faults = [f for f in manifest["faults"] if f["rule"] == rule and f["kind"] == "fault"]
    near = [f for f in manifest["faults"] if f["rule"] == rule and f["kind"] == "near_miss"]
    expected = {_key(f["target"], urls) for f in faults}
    assert expected, f"the manifest seeds no {rule} fault"
    hit = found & expected
    precision, recall = len(hit) / len(found) if found else 1.0, len(hit) / len(expected)
    assert (precision, recall) == (1.0, 1.0), (
        f"{rule}: false positives {sorted(found - expected)}, missed {sorted(expected - found)}")
    assert not ({_key(f["target"], urls) for f in near} & found), f"{rule}: a near-miss was flagged"
    for fault in faults:
        at = [f for f in mine if _target(f, urls) == _key(fault["target"], urls)]
        assert {f["unit"] for f in at} == {fault["unit"]}, (rule, fault, at)
        texts = {f["evidence"]["text"] for f in at} | {f["message"] for f in at}
        want = mask_number(str(fault["evidence"])) if rule == "REVIEW-PRIVACY" else str(fault["evidence"])
        assert any(want in t for t in texts), (rule, want, texts)
        if rule == "FRESH-MEDIA":
            assert {f["severity"] for f in at} == {fault["severity"]}, (fault, at)


def test_no_other_rule_fires_on_posts_or_accounts(analyzed: Analyzed) -> None:
    """Every content rule ran on the posts unchanged; only the seeded faults came out."""
    findings, _, _ = analyzed
    other = [(f["rule"], f["target"], f["evidence"]["text"]) for f in findings
             if f["rule"] not in MEDIA_RULES + POST_RULES]
    assert other == []


def test_early_warnings_are_notices(analyzed: Analyzed) -> None:
    findings, manifest, urls = analyzed
    warned = {_target(f, urls) for f in findings if f["rule"] == "FRESH-MEDIA" and f["severity"] == "notice"}
    # Last posts 11 and exactly 14 days ago: within the limit, past the 10-day warning.
    assert warned == {"kuaishou:3xqingherongmei", "wechat:wxlqx"}


def test_findings_name_the_units_bulletin_style(analyzed: Analyzed) -> None:
    findings, _, _ = analyzed
    stale = [f for f in findings if f["rule"] == "FRESH-MEDIA" and f["severity"] == "veto"]
    assert any("县公安局的“青禾公安”微博超过2周未更新" in f["message"] for f in stale), [f["message"] for f in stale]
    posts = [f for f in findings if f["rule"] in POST_RULES]
    assert all(f["unit"] for f in posts)



def test_dup_seeds_are_what_they_claim(crawled_media_db, sample_server) -> None:
    """The crawled copies: the fault repeats a post of its own account; one near-miss repeats
    another account's post, the other carries a portal article's text verbatim."""
    from sample_site.media.duplicates import PORTAL_REPOST, portal_article_paras

    db, manifest = crawled_media_db
    posts = {canonical_url(p["url"]): p
             for p in db.posts.find({}, {"url": 1, "title": 1, "body_text": 1, "account_id": 1})}
    seeded = {kind: [posts[canonical_url(f["target"])] for f in manifest["faults"]
                     if f["rule"] == "DUP-CONTENT" and f["kind"] == kind] for kind in ("fault", "near_miss")}

    def twins(post: dict[str, Any]) -> set[str]:
        return {p["account_id"] for p in posts.values() if p is not post and p["body_text"] == post["body_text"]}

    [copy] = seeded["fault"]
    assert twins(copy) == {copy["account_id"]}
    _, col, unit, title = PORTAL_REPOST
    [portal_copy] = [p for p in seeded["near_miss"] if p["title"] == title]
    [matrix_copy] = [p for p in seeded["near_miss"] if p["title"] != title]
    assert twins(matrix_copy) and matrix_copy["account_id"] not in twins(matrix_copy)
    [article] = [a for a in sample_server.model.articles if a.title == title and a.col == col]
    paras = portal_article_paras(sample_server.model.seed, unit)
    assert article.paras == tuple(f"<p>{t}</p>" for t in paras)
    assert all(t in portal_copy["body_text"] for t in paras)

"""LINK-BROKEN and LINK-IMAGE: rule unit tests, and findings vs the sample portal's manifest."""

from __future__ import annotations

from typing import Any

import pytest

from analyzers import runner
from analyzers.links import LinkBroken, LinkImage
from analyzers.model import Severity
from store.keys import canonical_url

HOME = "http://www.example.gov.cn/"
ART = "http://www.example.gov.cn/art/1.html"
ART2 = "http://www.example.gov.cn/art/2.html"


def ref(url: str = ART, text: str = "详见通知", kind: str = "link", article_id: str | None = "a1",
        unit: str | None = "县测试局") -> dict[str, Any]:
    return {"article_id": article_id, "url": url, "unit": unit, "column_id": "c1", "text": text, "kind": kind}


def check(url: str, status: str, reason: str = "", kind: str = "link", http_status: int | None = None,
          referrers: list[dict[str, Any]] | None = None, on_home: bool = False) -> dict[str, Any]:
    return {"site": "cn-test", "url": url, "kind": kind, "status": status, "reason": reason,
            "http_status": http_status, "referrers": referrers if referrers is not None else [ref()],
            "on_home": on_home}


def site(*checks: dict[str, Any]) -> dict[str, Any]:
    return {"_id": "cn-test", "site": "cn-test", "home_url": HOME, "link_checks": list(checks)}


def test_confirmed_link_deducts_once_per_referencing_article():
    url = "http://www.example.gov.cn/old.html"
    findings = list(LinkBroken().check(site(check(url, "confirmed", "http_404", http_status=404,
                                                  referrers=[ref(), ref(ART2, "旧文件", article_id="a2", unit="某镇")]))))
    assert [(f.target, f.unit, f.severity, f.evidence.text) for f in findings] == [
        (ART, "县测试局", Severity.DEDUCT, "详见通知"), (ART2, "某镇", Severity.DEDUCT, "旧文件")]
    f = findings[0]
    assert url in f.evidence.context and f.evidence.field == f"link:{url}"
    assert "404" in f.message and f.extra["link"] == url and f.column == "c1"


def test_suspected_link_is_a_notice_and_ok_or_unchecked_is_nothing():
    timeout = list(LinkBroken().check(site(check("http://x.gov.cn/slow", "suspected", "timeout"))))
    assert [f.severity for f in timeout] == [Severity.NOTICE]
    assert "待复核" in timeout[0].message and "超时" in timeout[0].message
    quiet = site(check("http://x.gov.cn/a", "ok"), check("http://www.gov.cn/", "unchecked", "external"),
                 check("http://x.gov.cn/b", "unchecked", "unreferenced", referrers=[]))
    assert list(LinkBroken().check(quiet)) == [] and list(LinkImage().check(quiet)) == []


def test_home_page_links_are_reported_apart():
    url = "http://www.example.gov.cn/art/gone.html"
    doc = check(url, "confirmed", "http_404", referrers=[
        ref(HOME, "通知一", article_id=None, unit=None), ref(HOME, "更多", article_id=None, unit=None), ref()],
        on_home=True)
    findings = list(LinkBroken().check(site(doc)))
    home = [f for f in findings if f.target == HOME]
    assert len(home) == 1 and home[0].unit == "" and home[0].message.startswith("首页链接")
    assert home[0].extra["on_home"] is True
    assert [f.target for f in findings if f.target != HOME] == [ART]


def test_two_broken_links_with_the_same_text_stay_two_findings():
    findings = list(LinkBroken().check(site(check("http://x.gov.cn/1", "confirmed", "http_404"),
                                            check("http://x.gov.cn/2", "confirmed", "http_404"))))
    assert len({f.finding_id for f in findings}) == 2


def test_images_that_do_not_display():
    docs = [check(f"http://x.gov.cn/img/{n}.jpg", "confirmed", reason, kind="image",
                  referrers=[ref(text="现场", kind="image")])
            for n, reason in enumerate(("http_404", "not_image", "empty_image"))]
    docs.append(check("http://x.gov.cn/img/ok.jpg", "ok", kind="image", referrers=[ref(kind="image")]))
    findings = list(LinkImage().check(site(*docs)))
    assert [f.evidence.text for f in findings] == [d["url"] for d in docs[:3]]
    assert all(f.severity == Severity.DEDUCT and f.target == ART for f in findings)
    assert "不是图片" in findings[1].message and "0 字节" in findings[2].message
    # A page that links (not embeds) the HTML-served "image" has a working link.
    linked = check("http://x.gov.cn/img/1.jpg", "confirmed", "not_image", kind="image",
                   referrers=[ref(kind="link")])
    assert list(LinkBroken().check(site(linked))) == [] and list(LinkImage().check(site(linked))) == []


def test_an_image_with_no_alt_text_still_names_the_image():
    doc = check("http://x.gov.cn/img/9.jpg", "confirmed", "http_404", kind="image",
                referrers=[ref(text="", kind="image")])
    (f,) = LinkImage().check(site(doc))
    assert f.evidence.text == doc["url"] and "无替代文字" in f.message


# -- the sample portal: a real portal crawl, then the link-check crawl -----------------------


@pytest.fixture(scope="module")
def analyzed(linkchecked_sample_db):
    from datetime import date

    db, manifest, _ = linkchecked_sample_db
    runner.run(db, rules="LINK", today=date.fromisoformat(manifest["today"]))
    return list(db.findings.find({"rule": {"$in": ["LINK-BROKEN", "LINK-IMAGE"]}, "status": "open"})), manifest


def _expected(manifest: dict[str, Any], rule: str, kind: str) -> set[tuple[str, str]]:
    """(article, broken URL) pairs of the manifest's faults (or near-misses) of ``rule``."""
    base = manifest["site"]["home"].rstrip("/")
    out = set()
    for f in manifest["faults"]:
        if f["rule"] == rule and f["kind"] == kind:
            link = f.get("target") or base + f["evidence"]
            out.add((canonical_url(f["url"]), canonical_url(link)))
    return out


@pytest.mark.parametrize("rule", ["LINK-BROKEN", "LINK-IMAGE"])
def test_precision_and_recall_on_the_sample_portal(rule, analyzed):
    findings, manifest = analyzed
    home = canonical_url(manifest["site"]["home"])
    # Article findings that deduct; the home page's are compared below.
    found = {(canonical_url(f["target"]), canonical_url(f["extra"]["link"])) for f in findings
             if f["rule"] == rule and f["severity"] != "notice" and canonical_url(f["target"]) != home}
    expected = _expected(manifest, rule, "fault")
    hit = found & expected
    precision = len(hit) / len(found) if found else 1.0
    recall = len(hit) / len(expected) if expected else 1.0
    assert (precision, recall) == (1.0, 1.0), f"false positives {found - expected}, missed {expected - found}"
    near = _expected(manifest, rule, "near_miss")
    flagged = {(canonical_url(f["target"]), canonical_url(f["extra"]["link"])) for f in findings if f["rule"] == rule}
    assert near and not (near & flagged)
    for fault in manifest["faults"]:
        if fault["rule"] == rule and fault["kind"] == "fault":
            evidence = [f["evidence"]["text"] for f in findings
                        if f["rule"] == rule and canonical_url(f["target"]) == canonical_url(fault["url"])]
            assert any(fault["evidence"] in ev for ev in evidence), (fault, evidence)


def test_home_page_findings_on_the_sample_portal(analyzed):
    findings, manifest = analyzed
    home = canonical_url(manifest["site"]["home"])
    on_home = {(canonical_url(f["extra"]["link"]), f["severity"]) for f in findings if canonical_url(f["target"]) == home}
    broken = {canonical_url(b["url"]): b["reason"] for b in manifest["broken_entries"]}
    # The home page lists two broken entries: a 404 (deducts) and a 500 (a notice only).
    assert {(broken.get(url), severity) for url, severity in on_home} == {("http_404", "deduct"),
                                                                          ("http_500", "notice")}
    assert all(f["unit"] == "" and f["message"].startswith("首页") for f in findings
               if canonical_url(f["target"]) == home)

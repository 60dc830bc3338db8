"""REVIEW-REDHEAD the rule: pages given or loaded, the sample portal's files, the CLI and the runner.

The scans are drawn by tests/analyzers/redhead_scans.py; the detector on its
own is tested in test_redhead_detect.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from analyzers.model import Severity
from analyzers.redhead import (
    RedheadRule,
    content_kind,
    detect_redhead,
    pages_from_bytes,
)
from analyzers.registry import BY_CODE
from tests.analyzers.conftest import article, run_cli
from tests.analyzers.redhead_scans import _base, scan

# ---------------------------------------------------------------------------
# the rule


def _doc(**kw: Any) -> dict[str, Any]:
    return article("现将有关通知印发如下。", **kw)


def test_rule_is_registered_with_severity_from_rules_md() -> None:
    assert BY_CODE["REVIEW-REDHEAD"] is RedheadRule
    assert RedheadRule.severity is Severity.DEDUCT and RedheadRule.problem_class == "REVIEW"


def test_rule_on_body_image_with_given_pages() -> None:
    """Pages attached to the entry: check() reads nothing."""
    page = np.asarray(_base("both", 1240))
    src = "http://www.example.gov.cn/img/504.png"
    doc = _doc(images=[{"src": src, "alt": "通知扫描件", "sha256": "ab" * 32, "pages": [page]}])
    [f] = RedheadRule().check(doc)
    assert f.rule == "REVIEW-REDHEAD" and f.severity is Severity.DEDUCT
    assert f.evidence.text == src and f.evidence.field == f"image:{src}"
    assert "红头" in f.message and "红章" in f.message and src in f.message
    assert "位于(" in f.message and "第1页" not in f.message  # one image: no page numbers
    assert f.extra["header"] and f.extra["seal"]
    assert f.extra["pages"][0]["header_box"] and f.extra["pages"][0]["seal_box"]
    assert "撤下" in f.suggestion


def test_rule_on_pdf_attachment_reports_pages_via_loader() -> None:
    """A multi-page PDF: header on page 1, seal on page 3; the loader stands in for the file store."""
    pages = [
        np.asarray(_base("header", 1240)),
        np.asarray(_base("plain", 1240)),
        np.asarray(_base("seal", 1240)),
    ]
    att = {
        "url": "http://x/files/101.pdf",
        "name": "附件1：冬春救助工作通知.pdf",
        "sha256": "cd" * 32,
        "content_type": "application/pdf",
        "path": "/nonexistent",
    }
    calls: list[Mapping[str, Any]] = []

    def loader(entry: Mapping[str, Any]) -> list[tuple[int, np.ndarray]]:
        calls.append(entry)
        return list(enumerate(pages, start=1))

    rule = RedheadRule(loader=loader)
    [f] = rule.check(_doc(attachments=[att]))
    assert f.evidence.text == att["name"] and f.evidence.field == f"attachment:{att['name']}"
    assert "第1页红头位于" in f.message and "；第3页红章位于" in f.message
    assert "带红头和红章" in f.message
    assert [p["page"] for p in f.extra["pages"]] == [1, 3]
    # The same file in a second article is judged from the cache (by sha256).
    list(rule.check(_doc(attachments=[att])))
    assert len(calls) == 1


def test_rule_skips_clean_unsupported_and_failed_entries(tmp_path: Path) -> None:
    clean = np.asarray(_base("plain", 600))
    doc = _doc(
        images=[
            {"src": "http://x/a.jpg", "pages": [clean]},
            {"src": "http://x/b.jpg", "error": "http_404"},
        ],
        attachments=[
            {"url": "http://x/c.docx", "name": "c.docx", "path": str(tmp_path / "c")},
            {"url": "http://x/d.pdf", "name": "d.pdf", "path": str(tmp_path / "missing.pdf")},
        ],
    )
    assert list(RedheadRule().check(doc)) == []


def test_rule_reads_the_stored_file_and_checks_its_hash(tmp_path: Path) -> None:
    import hashlib

    data = scan("header", 1240, 0, "jpg")
    digest = hashlib.sha256(data).hexdigest()
    stored = tmp_path / digest[:2] / digest
    stored.parent.mkdir()
    stored.write_bytes(data)
    img = {"src": "http://x/img/1.jpg", "sha256": digest, "size": len(data),
           "content_type": "image/jpeg", "path": str(stored)}  # fmt: skip
    [f] = RedheadRule().check(_doc(images=[img]))
    assert f.extra["header"] and not f.extra["seal"] and "带红头的公文" in f.message
    # A file that is not the one the crawl recorded is not judged.
    tampered = {**img, "sha256": "0" * 64}
    assert list(RedheadRule().check(_doc(images=[tampered]))) == []


def test_content_kind() -> None:
    assert content_kind({"content_type": "application/pdf"}) == "pdf"
    assert content_kind({"content_type": "image/png"}) == "image"
    assert content_kind({"content_type": "application/zip", "name": "a.pdf"}) is None
    assert content_kind({"name": "附件.PDF"}) == "pdf"
    assert content_kind({"src": "http://x/a.jpg?x=1"}) == "image"
    assert content_kind({"name": "a.docx"}) is None


# ---------------------------------------------------------------------------
# the sample portal's seeded faults


def test_sample_portal_faults_and_near_miss() -> None:
    from sample_site.manifest import build_manifest
    from sample_site.model import build_site
    from sample_site.render import render

    model = build_site()
    faults = [f for f in build_manifest(model)["faults"] if f["rule"] == "REVIEW-REDHEAD"]
    assert {f["kind"] for f in faults} == {"fault", "near_miss"}
    for f in faults:
        href = f.get("attachment") or f["evidence"]
        resp = render(model, href)
        assert resp.status == 200, href
        kind = "pdf" if href.endswith(".pdf") else "image"
        found = [detect_redhead(p).found for _, p in pages_from_bytes(resp.body, kind)]
        assert any(found) is (f["kind"] == "fault"), f
    # Precision on the portal: no other body image or PDF/image attachment trips it.
    redhead_files = {f.get("attachment") or f["evidence"] for f in faults if f["kind"] == "fault"}
    others = [i.url for i in model.images.values() if i.ok] + [
        a.url for a in model.attachments.values() if a.ext in ("pdf", "png", "jpg")
    ]
    for href in others:
        if href in redhead_files:
            continue
        kind = "pdf" if href.endswith(".pdf") else "image"
        pages = pages_from_bytes(render(model, href).body, kind)
        assert not any(detect_redhead(p).found for _, p in pages), href


# ---------------------------------------------------------------------------
# the command line


def test_cli_checks_png_jpg_and_pdf(tmp_path: Path) -> None:
    png = tmp_path / "scan.png"
    png.write_bytes(scan("both", 1240, 0, "png"))
    jpg = tmp_path / "photo.jpg"
    jpg.write_bytes(scan("photo", 1240, 0, "jpg"))
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(scan("header", 1240, 2, "pdf"))
    r = run_cli("check", str(png), str(jpg), str(pdf), "--rules", "REVIEW-REDHEAD", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    by_path = {o["path"]: o for o in out}
    assert set(by_path) == {str(png), str(pdf)}
    assert by_path[str(png)]["evidence"]["field"] == "file:scan.png"
    assert "带红头和红章" in by_path[str(png)]["message"]
    assert "第1页红头位于" in by_path[str(pdf)]["message"]
    # All rules together still run on an image (the text rules see an empty body).
    r = run_cli("check", str(png))
    assert r.returncode == 0, r.stderr
    assert "REVIEW-REDHEAD (deduct)" in r.stdout


def test_cli_reports_a_corrupt_image_as_unreadable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    r = run_cli("check", str(bad))
    assert r.returncode == 2
    assert "bad.png" in r.stderr


def test_runner_on_the_crawled_portal(request: pytest.FixtureRequest) -> None:
    """`analyzers run` path: the rule reads the files the crawl stored; P = R = 1.0."""
    from datetime import date

    from analyzers import runner

    try:
        db, manifest = request.getfixturevalue("crawled_sample_db")
    except pytest.FixtureLookupError:
        pytest.skip("crawled_sample_db fixture (tests/conftest.py) not available")
    summary = runner.run(db, rules="REVIEW-REDHEAD", today=date.fromisoformat(manifest["today"]))
    assert not summary.errors
    found = list(db.findings.find({"rule": "REVIEW-REDHEAD", "status": "open"}))
    faults = [f for f in manifest["faults"] if f["rule"] == "REVIEW-REDHEAD"]
    expected = {f["url"].rstrip("/") for f in faults if f["kind"] == "fault"}
    assert {f["target"].rstrip("/") for f in found} == expected
    for fault in faults:
        if fault["kind"] != "fault":
            continue
        [hit] = [f for f in found if f["target"].rstrip("/") == fault["url"].rstrip("/")]
        assert fault["evidence"] in hit["evidence"]["text"]
        assert hit["severity"] == "deduct" and hit["extra"]["pages"]

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from sample_site.model import SiteModel
from sample_site.render import render

PAGE_RULES = ["FRESH-COLUMN", "FRESH-BLANK", "FRESH-NODATE", "FRESH-FUTURE", "LINK-BROKEN", "LINK-IMAGE",
              "REVIEW-TYPO", "REVIEW-SENSITIVE", "REVIEW-EXPRESSION", "REVIEW-REDHEAD", "REVIEW-PRIVACY",
              "FORMAT-PUNCT", "FORMAT-TITLE", "FORMAT-LINEBREAK", "FORMAT-FONT", "FORMAT-TABLE",
              "FORMAT-ATTACH", "DUP-TITLE", "DUP-CONTENT", "DISC-MISSING", "DISC-POSITION",
              "DISC-UNNEEDED", "INTERP-MISSING", "INTERACT-LATE"]


def page_text(model: SiteModel, url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    r = render(model, parts.path, parts.query)
    assert r.status == 200, url
    ctype = r.headers.get("Content-Type", "")
    raw = r.body.decode("gbk" if "GBK" in ctype or b'charset="gbk"' in r.body else "utf-8")
    return raw, lxml.html.fromstring(raw).text_content()


@pytest.mark.parametrize("rule", PAGE_RULES)
def test_rule_is_seeded(manifest: dict[str, Any], rule: str) -> None:
    assert any(f["rule"] == rule and f["kind"] == "fault" for f in manifest["faults"])


def test_near_misses_present(manifest: dict[str, Any]) -> None:
    rules = Counter(f["rule"] for f in manifest["faults"] if f["kind"] == "near_miss")
    for r in ("FORMAT-PUNCT", "REVIEW-PRIVACY", "DISC-MISSING", "DISC-POSITION", "REVIEW-REDHEAD",
              "FRESH-COLUMN", "INTERP-MISSING", "INTERACT-LATE"):
        assert rules[r] >= 1, r


def test_evidence_on_page(model: SiteModel, manifest: dict[str, Any]) -> None:
    for f in manifest["faults"]:
        if "attachment" in f:
            continue  # checked inside the file by test_files
        if not f["url"].startswith("/"):
            continue  # a unit or site target (INTERP-NONE "sample#单位:…"), not a page
        raw, txt = page_text(model, f["url"])
        assert f["evidence"] in txt or f["evidence"] in raw, (f["rule"], f["url"], f["evidence"])


def test_fault_units_match_columns(manifest: dict[str, Any]) -> None:
    by_url = {a["url"]: a for a in manifest["articles"]}
    cols = {c["url"]: c for c in manifest["columns"]}
    for f in manifest["faults"]:
        owner = by_url.get(f["url"]) or cols.get(f["url"])
        if owner is not None:
            assert f["unit"] == owner["unit"]


def test_fault_units_follow_bulletin(manifest: dict[str, Any]) -> None:
    units = {(f["rule"], f["unit"]) for f in manifest["faults"] if f["kind"] == "fault"}
    for pair in [("REVIEW-REDHEAD", "县公安局"), ("REVIEW-REDHEAD", "县民政局"), ("FORMAT-PUNCT", "青禾镇"),
                 ("DISC-POSITION", "县审计局"), ("DISC-UNNEEDED", "县司法局"), ("FORMAT-ATTACH", "县投资促进局"),
                 ("FORMAT-TABLE", "县发展改革局"), ("DUP-TITLE", "县市场监管局")]:
        assert pair in units


def test_nodate_articles(model: SiteModel, manifest: dict[str, Any]) -> None:
    for a in manifest["articles"]:
        if a["date_visible"] == "none":
            assert a["published"] is None
            assert not re.search(r"/\d{4}/|\d{8}", urlsplit(a["url"]).path)
            _, txt = page_text(model, a["url"])
            assert not re.search(r"\d{4}-\d{2}-\d{2}", txt)


def test_meta_values_on_page(model: SiteModel, manifest: dict[str, Any]) -> None:
    metas = [a for a in manifest["articles"] if a["meta"]][:40]
    assert metas
    for a in metas:
        raw, _ = page_text(model, a["url"])
        doc = lxml.html.fromstring(raw)
        cells = [c.text_content().strip() for c in doc.xpath('//table[@class="xxgk-table"]//td')]
        for v in a["meta"].values():
            assert v in cells


def test_disclosure_label_position(model: SiteModel, manifest: dict[str, Any]) -> None:
    for f in manifest["faults"]:
        if f["rule"] == "DISC-POSITION":
            raw, _ = page_text(model, f["url"])
            paras = [p.text_content() for p in lxml.html.fromstring(raw).xpath('//div[@id="zoom"]/p')]
            idx = paras.index(f["evidence"])
            after_date = bool(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", paras[idx - 1]))
            assert after_date == (f["kind"] == "near_miss")


def test_malformed_article_parses(model: SiteModel) -> None:
    a = next(a for a in model.articles if a.malformed)
    raw, _ = page_text(model, a.url)
    doc = lxml.html.fromstring(raw)
    assert doc.xpath('//h1[@class="article-title"]/text()') == [a.title]
    assert "家庭医生" in doc.xpath('//div[@id="zoom"]')[0].text_content()

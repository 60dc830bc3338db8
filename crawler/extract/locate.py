"""Where an article's title and body are: per-site templates, then generic heuristics."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from crawler.extract.htmltree import _meta_content, _select
from crawler.extract.metadata import collapse


@dataclass(slots=True)
class TemplateSpec:
    """Per-site CSS overrides; None means "use the generic heuristics"."""

    title_selector: str | None = None
    body_selector: str | None = None
    meta_selector: str | None = None
    date_selector: str | None = None


TEMPLATES: dict[str, TemplateSpec] = {}


def register_template(name: str, spec: TemplateSpec) -> None:
    """Add or replace a named template (sites.yaml refers to templates by name)."""
    TEMPLATES[name] = spec


register_template("generic", TemplateSpec())
register_template("trs", TemplateSpec(body_selector=".TRS_Editor, #zoom"))
register_template(
    "wechat",
    TemplateSpec(title_selector="#activity-name", body_selector="#js_content",
                 date_selector="#publish_time"),
)

# Tried in order; the first selector with a text-bearing match wins.
BODY_SELECTORS = [
    "#js_content", "#zoom", "#zoomcon", ".article-content", "#UCAP-CONTENT", ".pages_content",
    ".TRS_Editor", ".view", ".article-body", "#content", ".content",
]
TITLE_SELECTORS = [
    "#activity-name", ".rich_media_title", "h1.article-title", ".article-title", ".artTitle",
    ".detail-title", ".news-title", ".news_title",
]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_SPLIT = re.compile(r"\s*[|｜]\s*|_+|\s+[-—–]+\s+")
_SITE_NAME = re.compile(r"(网站|网|政府|门户|官网|平台|公众号)$")


def _cjk_count(text: str, cap: int = 200_000) -> int:
    """Chinese characters in text; only the first `cap` chars are scanned, which is plenty
    to rank body candidates and keeps 20 MB pages fast."""
    return len(_CJK.findall(text, 0, cap))


def _best_by_text(elements: list[etree._Element]) -> etree._Element | None:
    best, best_score = None, 0
    for el in elements:
        score = _cjk_count(el.text_content()) or len(collapse(el.text_content())) // 4
        if score > best_score:
            best, best_score = el, score
    return best


def _density_body(root: etree._Element) -> etree._Element | None:
    """The element whose <p> children hold the most Chinese text."""
    scores: dict[etree._Element, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + _cjk_count(p.text_content())
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] > 0 else None


def _narrow(body: etree._Element) -> etree._Element:
    """Descend into a known content element holding nearly all the text, so wrappers'
    "责任编辑" / share lines (TRS: .TRS_Editor > #content + .pageSource) stay out."""
    total = _cjk_count(body.text_content())
    best = body
    for selector in BODY_SELECTORS:
        for el in _select(body, selector):
            if el is body or total == 0:
                continue
            if _cjk_count(el.text_content()) >= 0.9 * total and best in el.iterancestors():
                best = el
    return best


def find_body(root: etree._Element, spec: TemplateSpec) -> etree._Element | None:
    """Main content element: template selector, known selectors, then text density."""
    for selector in [spec.body_selector, *BODY_SELECTORS]:
        found = _best_by_text(_select(root, selector))
        if found is not None and selector == spec.body_selector:
            return found  # a configured selector is trusted even for short bodies
        if found is not None and _cjk_count(found.text_content()) >= 10:
            return found if selector == spec.body_selector else _narrow(found)
    dense = _density_body(root)
    if dense is not None:
        return dense
    body = root.find("body")
    return body if body is not None else root


def clean_title(raw: str, site_name: str = "") -> str:
    """Title without the site-name prefix/suffix ("A | 某县人民政府" → "A")."""
    text = collapse(raw)
    parts = [p.strip() for p in _TITLE_SPLIT.split(text) if p and p.strip()]
    if len(parts) <= 1:
        return text
    kept = [p for p in parts if p != site_name and not _SITE_NAME.search(p)]
    return max(kept or parts, key=len)


def find_title(root: etree._Element, spec: TemplateSpec, meta: dict[str, str]) -> tuple[str, etree._Element | None]:
    """(title, title element or None) using selectors, meta tags, metadata, then <title>."""
    for selector in [spec.title_selector, *TITLE_SELECTORS]:
        for el in _select(root, selector):
            text = collapse(el.text_content())
            if text:
                return text, el
    for name in ("ArticleTitle", "og:title", "twitter:title"):
        value = _meta_content(root, name)
        if value:
            return value, _heading_with(root, value)
    if meta.get("title"):
        return meta["title"], None
    raw_title = collapse(" ".join(root.xpath("//title//text()")))
    # A heading whose text sits inside <title> is the article title (not the site logo).
    headings = [
        (collapse(h.text_content()), h) for h in root.iter("h1", "h2", "h3")
    ]
    inside = [(t, h) for t, h in headings if len(t) >= 4 and raw_title and t in raw_title]
    if inside:
        return max(inside, key=lambda item: len(item[0]))
    if raw_title:
        return clean_title(raw_title, _meta_content(root, "SiteName")), None
    for text, h in headings:
        if text:
            return text, h
    return "", None


def _heading_with(root: etree._Element, title: str) -> etree._Element | None:
    for h in root.iter("h1", "h2", "h3"):
        if collapse(h.text_content()) == title:
            return h
    return None


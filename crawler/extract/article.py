"""Generic article extraction for government portal and WeChat pages (pure functions).

Parsing and block text: crawler/extract/htmltree.py; templates, title and body:
locate.py; publication date: published.py; links, images, attachments: links.py.
"""

from __future__ import annotations

import copy
import logging

import lxml.html
from lxml import etree

from crawler.extract.dates import date_from_url
from crawler.extract.htmltree import _select, block_text, parse_html
from crawler.extract.links import ATTACHMENT_EXTENSIONS, _attachment_blocks, _base_url, _collect
from crawler.extract.locate import (
    BODY_SELECTORS,
    TEMPLATES,
    TITLE_SELECTORS,
    TemplateSpec,
    clean_title,
    find_body,
    find_title,
    register_template,
)
from crawler.extract.metadata import extract_metadata
from crawler.extract.published import CHINA_TZ, DATE_HINT, _published
from crawler.extract.types import ArticleData

# Re-exported: spiders, extractors and tests import these from here.
__all__ = [
    "ATTACHMENT_EXTENSIONS",
    "BODY_SELECTORS",
    "CHINA_TZ",
    "DATE_HINT",
    "TEMPLATES",
    "TITLE_SELECTORS",
    "TemplateSpec",
    "block_text",
    "clean_title",
    "extract_article",
    "find_body",
    "find_title",
    "parse_html",
    "register_template",
]

logger = logging.getLogger(__name__)


def _clean_html(body: etree._Element) -> str:
    clone = copy.deepcopy(body)
    for el in list(clone.iter("script", "style")):
        if el is not clone:
            el.drop_tree()  # drop_tree keeps the tail text
    try:
        return lxml.html.tostring(clone, encoding="unicode")
    except (ValueError, etree.LxmlError):
        return ""


def extract_article(html: str, url: str, template: str | None = None) -> ArticleData:
    """Extract title, metadata, date, body and links from one article page. Never raises
    on bad HTML; returns an empty ArticleData if nothing can be parsed."""
    name = template or "generic"
    spec = TEMPLATES.get(name)
    if spec is None:
        logger.warning("unknown template %r; using generic", name)
        name, spec = "generic", TEMPLATES["generic"]
    root = parse_html(html or "")
    if root is None:
        published = date_from_url(url)
        return ArticleData(published=published, date_source="url" if published else "none",
                           template=name)

    body = find_body(root, spec)
    meta_roots = _select(root, spec.meta_selector)
    meta: dict[str, str] = {}
    for meta_root in meta_roots:
        for key, value in extract_metadata(meta_root).items():
            meta.setdefault(key, value)
    if not meta:
        meta = extract_metadata(root, exclude=body if body is not root else None)
    title, title_el = find_title(root, spec, meta)
    published, date_source = _published(root, html or "", url, spec, meta, title_el, body)

    base = _base_url(root, url)
    blocks = _attachment_blocks(body) if body is not None else []
    scan = [body, *blocks] if body is not None else []
    attachments, images, links = _collect(scan, base, blocks)
    return ArticleData(
        title=title,
        meta=meta,
        published=published,
        date_source=date_source,
        body_html=_clean_html(body) if body is not None else "",
        body_text=block_text(body) if body is not None else "",
        attachments=attachments,
        images=images,
        links=links,
        template=name,
    )

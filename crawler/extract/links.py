"""Links, images and attachments of an article body, as absolute URLs (pure functions)."""

from __future__ import annotations

import re
from posixpath import basename
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from lxml import etree
from w3lib.url import safe_url_string

from crawler.extract.htmltree import _DROP_TAGS
from crawler.extract.metadata import collapse
from crawler.extract.types import Attachment, Image, Link

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar",
                         ".7z", ".ofd", ".txt", ".csv", ".ppt", ".pptx", ".et")
_PLACEHOLDER = re.compile(r"^data:|blank|placeholder|loading|spacer|pixel|lazy|grey\.gif", re.I)


def _resolve(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    low = href.lower()
    if not href or low.startswith(("javascript:", "mailto:", "tel:", "#", "data:", "about:")):
        return None
    try:
        # Percent-encode like Scrapy does, so stored URLs are ASCII and comparable.
        url = safe_url_string(urldefrag(urljoin(base, href)).url)
    except ValueError:
        return None
    return url or None


def _is_attachment(url: str) -> bool:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return False
    return path.endswith(ATTACHMENT_EXTENSIONS)


def _image_src(img: etree._Element) -> str | None:
    src = (img.get("src") or "").strip()
    lazy = next(
        (img.get(a).strip() for a in ("data-src", "data-original", "data-lazy-src")
         if (img.get(a) or "").strip()),
        "",
    )
    if lazy and (not src or _PLACEHOLDER.search(src)):
        return lazy
    if src and not src.startswith("data:"):
        return src
    return lazy or None


def _attachment_blocks(body: etree._Element) -> list[etree._Element]:
    """Attachment lists placed right after the body (".attachments", "附件：")."""
    blocks = []
    for node in (body, body.getparent()):
        if node is None:
            continue
        sib = node.getnext()
        for _ in range(3):
            if sib is None:
                break
            if isinstance(sib.tag, str) and sib.tag not in _DROP_TAGS:
                marker = f"{sib.get('class', '')} {sib.get('id', '')}".lower()
                text = collapse(sib.text_content())[:10]
                if re.search(r"attach|fujian|fj|xgfj|appendix", marker) or text.startswith("附件"):
                    blocks.append(sib)
            sib = sib.getnext()
    return blocks


def _collect(
    elements: list[etree._Element], base: str, attachment_blocks: list[etree._Element] | None = None
) -> tuple[list[Attachment], list[Image], list[Link]]:
    """Links and images de-duplicated by URL; attachments are not, since the same file
    uploaded twice is itself a fault (FORMAT-ATTACH). In an attachment block every link
    is an attachment whatever its extension (scans are often attached as .png/.jpg)."""
    blocks = {id(b) for b in attachment_blocks or ()}
    links: dict[str, Link] = {}
    images: dict[str, Image] = {}
    attachments: list[Attachment] = []
    for el in elements:
        in_block = id(el) in blocks
        for a in el.iter("a"):
            url = _resolve(base, a.get("href"))
            if url is None:
                continue
            text = collapse(a.text_content()) or collapse(a.get("title"))
            if url not in links or (not links[url].text and text):
                links[url] = Link(url=url, text=text)
            if _is_attachment(url) or in_block:
                attachments.append(Attachment(url=url, name=text or unquote(basename(urlsplit(url).path))))
        for img in el.iter("img"):
            src = _resolve(base, _image_src(img))
            if src and src not in images:
                images[src] = Image(src=src, alt=collapse(img.get("alt")))
    return attachments, list(images.values()), list(links.values())


def _base_url(root: etree._Element, url: str) -> str:
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            try:
                return urljoin(url, href)
            except ValueError:
                break
    return url


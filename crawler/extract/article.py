"""Generic article extraction for government portal and WeChat pages (pure functions)."""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from posixpath import basename
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector
from w3lib.url import safe_url_string

from crawler.extract.dates import date_from_url, find_dates, parse_date
from crawler.extract.metadata import collapse, extract_metadata
from crawler.extract.types import ArticleData, Attachment, Image, Link

logger = logging.getLogger(__name__)

CHINA_TZ = timezone(timedelta(hours=8))
ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".zip", ".rar",
                         ".7z", ".ofd", ".txt", ".csv", ".ppt", ".pptx", ".et")


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
DATE_HINT = re.compile(r"date|time|pub|riqi|shijian", re.I)

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption",
    "header", "footer", "hr", "address", "form", "fieldset", "center", "caption", "thead",
    "tbody", "tfoot", "main", "aside", "nav", "details", "summary",
}
_DROP_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "object",
              "embed", "select", "textarea", "svg", "canvas"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_SPLIT = re.compile(r"\s*[|｜]\s*|_+|\s+[-—–]+\s+")
_SITE_NAME = re.compile(r"(网站|网|政府|门户|官网|平台|公众号)$")
_WECHAT_CT = re.compile(r"""var\s+ct\s*=\s*["']?(\d{9,11})["']?""")
_PLACEHOLDER = re.compile(r"^data:|blank|placeholder|loading|spacer|pixel|lazy|grey\.gif", re.I)
# Private separators: real "\n" in source text is just whitespace, not a line break.
_CELL = "\x1f"
_BREAK = "\x1e"
_NO_MARKERS = str.maketrans("\x1e\x1f", "  ")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(html: str | bytes) -> etree._Element | None:
    """Parse HTML leniently with lxml; None for empty/unparseable input."""
    if isinstance(html, str):
        # lxml refuses str with an encoding declaration and chokes on NULs/surrogates.
        html = _XML_DECL.sub("", html).replace("\x00", "")
        data = html.encode("utf-8", errors="replace")
    else:
        data = html.replace(b"\x00", b"")
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparseable html: %s", exc)
        return None
    # libxml2 puts content after a stray "</html>" into a second top-level <html>;
    # fold it back so CSS selectors rooted at the document see the whole page.
    extra = root.getnext()
    target = root.find("body")
    if target is None:
        target = root
    while extra is not None:
        following = extra.getnext()
        if isinstance(extra.tag, str):
            for child in list(extra):
                inner = list(child) if child.tag in {"body", "head"} else [child]
                for node in inner:
                    target.append(node)
        extra = following
    return root


def _select(root: etree._Element, selector: str | None) -> list[etree._Element]:
    if not selector:
        return []
    try:
        return CSSSelector(selector)(root)
    except Exception:  # noqa: BLE001 - a bad selector from config must not kill a crawl
        logger.warning("invalid CSS selector %r", selector)
        return []


def _meta_content(root: etree._Element, *names: str) -> str:
    for name in names:
        for el in root.xpath(
            "//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n"
            " or @property=$n]", n=name.lower()
        ):
            value = collapse(el.get("content"))
            if value:
                return value
    return ""


def _is_hidden(el: etree._Element) -> bool:
    return bool(_HIDDEN_STYLE.search(el.get("style") or "")) or el.get("hidden") is not None


def _is_layout_cell(cell: etree._Element) -> bool:
    """A <td> used for page layout (holds paragraphs or tables), not a data cell."""
    blocks = 0
    size = 0
    for node in cell.iterdescendants():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table":
            return True
        if tag in _BLOCK_TAGS and tag not in {"br"}:
            blocks += 1
            if blocks >= 3:
                return True
        size += len((node.text or "").strip()) + len((node.tail or "").strip())
        if size > 300:
            return True
    return False


def _chunk(text: str, pre_depth: int) -> str:
    if _BREAK in text or _CELL in text:  # rare; str.translate is slow on every chunk
        text = text.translate(_NO_MARKERS)
    # Inside <pre> source newlines are real line breaks (code, aligned tables).
    return text.replace("\n", _BREAK) if pre_depth else text


def block_text(el: etree._Element) -> str:
    """Visible text of el: one line per block, table cells joined by tabs."""
    out: list[str] = []
    cell_depth = 0
    walker = etree.iterwalk(el, events=("start", "end"))
    skipped: set[etree._Element] = set()
    data_cells: set[etree._Element] = set()
    pre_depth = 0
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if not tag or tag in _DROP_TAGS or (node is not el and _is_hidden(node)):
                skipped.add(node)
                walker.skip_subtree()
                continue
            if tag in {"td", "th"} and node is not el and not _is_layout_cell(node):
                out.append(_CELL)
                cell_depth += 1
                data_cells.add(node)
            elif tag in _BLOCK_TAGS or tag in {"td", "th"}:
                out.append(" " if cell_depth else _BREAK)
            if tag == "pre":
                pre_depth += 1
            if node.text:
                out.append(_chunk(node.text, pre_depth))
        else:
            was_skipped = node in skipped
            if was_skipped:
                skipped.discard(node)
            else:
                if node in data_cells:
                    cell_depth -= 1
                    data_cells.discard(node)
                elif tag in _BLOCK_TAGS or tag in {"td", "th"}:
                    out.append(" " if cell_depth else _BREAK)
            if tag == "pre" and not was_skipped:
                pre_depth -= 1
            if node is not el and node.tail:
                out.append(_chunk(node.tail, pre_depth))
    lines = []
    for raw in "".join(out).split(_BREAK):
        cells = [collapse(c) for c in raw.split(_CELL)]
        if raw.startswith(_CELL) or not cells[0]:
            cells = cells[1:] if not cells[0] else cells
        line = "\t".join(cells).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


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


def _date_near_title(title_el: etree._Element | None, body: etree._Element | None) -> datetime | None:
    """A date in the few elements after the title heading (the usual "发布时间" line)."""
    if title_el is None:
        return None
    candidates: list[etree._Element] = []
    node = title_el
    for _ in range(3):  # climb a little: the date line is often the title's cousin
        sib = node.getnext()
        count = 0
        while sib is not None and count < 4:
            if sib is body or (body is not None and body in sib.iterancestors()):
                break
            if isinstance(sib.tag, str) and body is not None and sib in body.iterancestors():
                break
            candidates.append(sib)
            sib = sib.getnext()
            count += 1
        if candidates:
            break
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    for el in candidates:
        if not isinstance(el.tag, str) or el.tag in _DROP_TAGS:
            continue
        text = collapse(el.text_content())
        if len(text) > 300:
            continue
        dates = find_dates(text)
        if dates:
            return dates[0][0]
    return None


def _date_in_hinted(root: etree._Element, body: etree._Element | None) -> datetime | None:
    """A date in a short element whose class/id says date/time (outside the body)."""
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in _DROP_TAGS:
            continue
        marker = f"{el.get('class', '')} {el.get('id', '')}"
        if not marker.strip() or not DATE_HINT.search(marker):
            continue
        if body is not None and (el is body or body in el.iterancestors()):
            continue
        text = collapse(el.text_content())
        if len(text) > 80:
            continue
        dates = find_dates(text)
        if dates:
            return dates[0][0]
    return None


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


def _clean_html(body: etree._Element) -> str:
    clone = copy.deepcopy(body)
    for el in list(clone.iter("script", "style")):
        if el is not clone:
            el.drop_tree()  # drop_tree keeps the tail text
    try:
        return lxml.html.tostring(clone, encoding="unicode")
    except (ValueError, etree.LxmlError):
        return ""


def _wechat_time(html: str) -> datetime | None:
    m = _WECHAT_CT.search(html)
    if not m:
        return None
    try:
        # ct is unix seconds; store naive China local time like every other date.
        return datetime.fromtimestamp(int(m.group(1)), CHINA_TZ).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def _published(
    root: etree._Element, html: str, url: str, spec: TemplateSpec, meta: dict[str, str],
    title_el: etree._Element | None, body: etree._Element | None,
) -> tuple[datetime | None, str]:
    for el in _select(root, spec.date_selector):
        date = parse_date(collapse(el.text_content()))
        if date:
            return date, "meta"
    if meta.get("pub_date"):
        date = parse_date(meta["pub_date"])
        if date:
            return date, "meta"
    date = _date_near_title(title_el, body)
    if date:
        return date, "page"
    date = _date_in_hinted(root, body)
    if date:
        return date, "page"
    for name in ("PubDate", "publishdate", "article:published_time", "firstpublishedtime"):
        date = parse_date(_meta_content(root, name))
        if date:
            return date, "page"
    date = _wechat_time(html)
    if date:
        return date, "page"
    date = date_from_url(url)
    if date:
        return date, "url"
    return None, "none"


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

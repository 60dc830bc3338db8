"""Column and list pages: navigation, sub-columns, list entries and pagination.

Pure functions over HTML. Selectors come from sites.yaml (`listing:`); the
pagination styles real county portals use are recognised without configuration:
TRS `createPageHTML(total, current, "index", "html")` scripts that build the
page links in JavaScript, `下一页` anchors (`?page=N` and static), and numbered
page links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.extract.dates import parse_date

_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|next|>|›|»)\s*$", re.IGNORECASE)
_CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")


@dataclass(slots=True)
class NavLink:
    url: str
    text: str


@dataclass(slots=True)
class ListEntry:
    url: str
    title: str
    date: str | None  # YYYY-MM-DD as the list shows it


@dataclass(slots=True)
class ListPage:
    title: str | None
    crumbs: list[str] = field(default_factory=list)
    subcolumns: list[NavLink] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    next_url: str | None = None
    total_pages: int | None = None
    pagination: str | None = None  # static (index_N.html) | query (?page=N) | None
    has_list: bool = False  # the list container exists (empty when a script fills it)
    has_script: bool = False


def _text(sel: Selector) -> str:
    return re.sub(r"\s+", " ", " ".join(sel.css("::text").getall())).strip()


def _link(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return urljoin(base, href).split("#", 1)[0]


def _selector(page_html: str, url: str) -> Selector:
    # lxml.html tolerates the broken markup parsel's default parser may choke on.
    try:
        root = lxml_html.document_fromstring(page_html or "<html></html>", base_url=url)
    except (ValueError, lxml_html.etree.ParserError):
        root = lxml_html.document_fromstring("<html></html>")
    return Selector(root=root, type="html")


def extract_nav(page_html: str, url: str, selector: str) -> list[NavLink]:
    """Top-level column links of the home page, home link and duplicates left out."""
    home = urlsplit(url)._replace(path="/", query="", fragment="").geturl()
    seen: set[str] = set()
    links = []
    for a in _selector(page_html, url).css(selector):
        target = _link(url, a.attrib.get("href"))
        if not target or target in seen or target.rstrip("/") == home.rstrip("/"):
            continue
        seen.add(target)
        links.append(NavLink(target, _text(a)))
    return links


def extract_home_blocks(page_html: str, url: str, selector: str, item_selector: str = "li") -> list[dict]:
    """The home page's news blocks: heading and (title, url, date) of each item."""
    blocks = []
    for block in _selector(page_html, url).css(selector):
        heading = _text(block.css("h1, h2, h3, h4, .title")[:1]) if block.css("h1, h2, h3, h4, .title") else ""
        items = []
        for li in block.css(item_selector):
            a = li.css("a")
            if not a:
                continue
            items.append({"title": a[0].attrib.get("title") or _text(a[0]),
                          "url": _link(url, a[0].attrib.get("href")), "date": _date(_text(li))})
        blocks.append({"title": heading, "items": items})
    return blocks


def _date(text: str) -> str | None:
    parsed = parse_date(text) if text else None
    return parsed.date().isoformat() if parsed else None


def extract_list_page(page_html: str, url: str, spec) -> ListPage:
    """Parse a column page with the site's `Listing` selectors."""
    sel = _selector(page_html, url)
    title_nodes = sel.css("h2.col-title, .col-title, .column-title")
    crumbs_node = sel.css(spec.crumbs)
    crumbs = [t.strip() for t in crumbs_node.css("a::text, span::text").getall() if t.strip()] if crumbs_node else []
    page = ListPage(title=_text(title_nodes[0]) if title_nodes else None, crumbs=crumbs)
    page.has_script = bool(sel.css("script"))

    seen_sub: set[str] = set()
    for a in sel.css(spec.subcolumns):
        target = _link(url, a.attrib.get("href"))
        if target and target not in seen_sub:
            seen_sub.add(target)
            page.subcolumns.append(NavLink(target, _text(a)))

    items = sel.css(spec.items)
    container = spec.items.rsplit(" ", 1)[0] if " " in spec.items else None
    page.has_list = bool(items) or bool(container and sel.css(container))
    for item in items:
        anchors = item.css(spec.item_link)
        if not anchors:
            continue
        a = anchors[0]
        target = _link(url, a.attrib.get("href"))
        if not target:
            continue
        # The visible text is often truncated ("…"); the title attribute is the full title.
        title = (a.attrib.get("title") or _text(a)).strip()
        date_nodes = item.css(spec.item_date)
        date_text = _text(date_nodes[0]) if date_nodes else _text(item)
        page.entries.append(ListEntry(target, title, _date(date_text)))

    page.next_url, page.total_pages = _next_page(sel, url, spec.pagination, page_html)
    page.pagination = _pagination_style(sel, spec.pagination, page_html, page.next_url)
    return page


def _pagination_style(sel: Selector, pagination: str | None, page_html: str, next_url: str | None) -> str | None:
    if _CREATE_PAGE.search(page_html):
        return "static"
    hrefs = sel.css(pagination).css("a::attr(href)").getall() if pagination else []
    hrefs += [next_url] if next_url else []
    if any(re.search(r"[?&](?:page|pageNo|pageIndex|p)=\d+", h, re.IGNORECASE) for h in hrefs):
        return "query"
    return "static" if hrefs else None


def _next_page(sel: Selector, url: str, pagination: str, page_html: str) -> tuple[str | None, int | None]:
    match = _CREATE_PAGE.search(page_html)
    if match:
        total, current, prefix, ext = int(match[1]), int(match[2]), match[3], match[4]
        if current + 1 < total:
            return urljoin(url, f"{prefix}_{current + 1}.{ext}"), total
        return None, total
    # The configured container first; a 下一页 link elsewhere on the page still counts.
    containers = sel.css(pagination) if pagination else []
    pager_text = _text(containers[0]) if containers else ""
    for scope in ([containers] if containers else []) + [sel.css("body") or [sel]]:
        for a in (a for node in scope for a in node.css("a")):
            if _NEXT_TEXT.match(_text(a)) or a.attrib.get("rel") == "next":
                target = _link(url, a.attrib.get("href"))
                if target and target != url:
                    return target, _total_pages(pager_text or _text(a.xpath("..")[0]))
    return None, _total_pages(pager_text) if pager_text else None


def _total_pages(text: str) -> int | None:
    match = re.search(r"(?:共\s*(\d+)\s*页)|(?:\d+\s*/\s*(\d+))", text)
    if not match:
        return None
    return int(match[1] or match[2])


@dataclass(slots=True)
class Message:
    title: str
    received_date: str | None
    answered_date: str | None
    status: str
    question: str
    reply: str
    reply_unit: str


_MAILBOX_FIELDS = {
    "来信标题": "title", "标题": "title", "主题": "title",
    "来信时间": "received", "留言时间": "received", "提交时间": "received",
    "办理状态": "status", "状态": "status",
    "来信内容": "question", "留言内容": "question",
    "回复单位": "reply_unit", "答复单位": "reply_unit", "办理单位": "reply_unit",
    "回复时间": "answered", "答复时间": "answered", "办结时间": "answered",
    "回复内容": "reply", "答复内容": "reply",
}


def extract_message(page_html: str, url: str) -> Message:
    """A leader-mailbox message page laid out as label/value rows."""
    values: dict[str, str] = {}
    for row in _selector(page_html, url).css("tr"):
        cells = row.css("th, td")
        if len(cells) < 2:
            continue
        label = re.sub(r"[\s:：\u3000\u2002]", "", _text(cells[0]))
        key = _MAILBOX_FIELDS.get(label)
        if key and key not in values:
            values[key] = _text(cells[1])
    return Message(
        title=values.get("title", ""),
        received_date=_date(values.get("received", "")),
        answered_date=_date(values.get("answered", "")),
        status=values.get("status", ""),
        question=values.get("question", ""),
        reply=values.get("reply", ""),
        reply_unit=values.get("reply_unit", ""),
    )

"""Column and list pages: navigation, sub-columns, list entries and pagination.

Pure functions over HTML. Selectors come from sites.yaml (`listing:`); the
pagination styles real county portals use are recognised without configuration:
TRS `createPageHTML(total, current, "index", "html")` scripts that build the
page links in JavaScript, `下一页` anchors (`?page=N` and static), and numbered
page links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from parsel import Selector

from crawler.extract.dates import parse_date
from crawler.extract.generic_list import PAGER_TEXT, detect_list, parse_tree
from crawler.extract.navigation import detect_nav

_NEXT_TEXT = re.compile(r"^\s*(下一页|下页|后一页|next|>|›|»)\s*$", re.IGNORECASE)
# TRS WCM writes its pager in JavaScript: createPageHTML(…) (createPage(…) in some templates),
# or only `var countPage = N` (with currentPage) read by a site-specific script.
_CREATE_PAGE = re.compile(
    r"createPage(?:HTML)?\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
_COUNT_PAGE = re.compile(r"\bvar\s+countPage\s*=\s*['\"]?(\d+)")
_CURRENT_PAGE = re.compile(r"\bvar\s+(?:currentPage|currPage|curPage)\s*=\s*['\"]?(\d+)")
_PAGE_FILE = re.compile(r"^(?P<prefix>[\w-]+?)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
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
    list_source: str = "configured"  # configured | generic (crawler.extract.generic_list)
    list_selector: str | None = None  # the blocks' CSS path when read generically


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


def extract_nav(page_html: str, url: str, selector: str | None) -> list[NavLink]:
    """Top-level column links of the home page, home link and duplicates left out.

    When ``selector`` is unset or finds nothing, the navigation is detected (crawler.extract.navigation).
    """
    return read_nav(page_html, url, selector)[0]


def read_nav(page_html: str, url: str, selector: str | None) -> tuple[list[NavLink], str]:
    """(top-level column links, "configured" or "generic")."""
    links = _configured_nav(page_html, url, selector) if selector else []
    if links:
        return links, "configured"
    guess = detect_nav(page_html, url)
    return ([NavLink(link.url, link.title) for link in guess.links] if guess else []), "generic"


def _configured_nav(page_html: str, url: str, selector: str) -> list[NavLink]:
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


def extract_list_page(page_html: str, url: str, spec, hint: str | None = None,
                      exclude: Iterable[str] = ()) -> ListPage:
    """Parse a column page with the site's `Listing` selectors.

    When they find neither entries nor sub-columns on a page with links, the list is detected
    (crawler.extract.generic_list); ``hint`` is the selector an earlier page of the column was read
    with, ``exclude`` the frame's navigation links.
    """
    sel = _selector(page_html, url)
    title_nodes = sel.css("h2.col-title, .col-title, .column-title")
    crumbs_node = sel.css(spec.crumbs) if spec.crumbs else []
    crumbs = [t.strip() for t in crumbs_node.css("a::text, span::text").getall() if t.strip()] if crumbs_node else []
    page = ListPage(title=_text(title_nodes[0]) if title_nodes else None, crumbs=crumbs,
                    list_source="configured" if spec.items or spec.subcolumns else "generic")
    page.has_script = bool(sel.css("script"))

    seen_sub: set[str] = set()
    for a in sel.css(spec.subcolumns) if spec.subcolumns else []:
        target = _link(url, a.attrib.get("href"))
        if target and target not in seen_sub:
            seen_sub.add(target)
            page.subcolumns.append(NavLink(target, _text(a)))

    items = sel.css(spec.items) if spec.items else []
    # The list's container: the selector minus its last step ("div.main > ul.list > li" → "div.main > ul.list").
    container = re.sub(r"\s*[>+~]?\s*[^\s>+~]+$", "", spec.items) if spec.items else None
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

    # An empty configured container is a blank (or script-filled) list, not another template.
    if not page.entries and not page.subcolumns and not page.has_list and sel.css("a[href]"):
        _read_generically(page, page_html, url, hint, exclude)
    page.next_url, page.total_pages = _next_page(sel, url, spec.pagination, page_html)
    page.pagination = _pagination_style(sel, spec.pagination, page_html, page.next_url)
    return page


def _read_generically(page: ListPage, page_html: str, url: str, hint: str | None, exclude: Iterable[str]) -> None:
    found = detect_list(parse_tree(page_html, url), url, exclude, hint)
    if found is None:
        return  # a blank column: read the way its selectors say (none configured: generic)
    page.list_source = "generic"
    page.list_selector = found.selector
    if found.kind == "subcolumns":
        page.subcolumns = [NavLink(link.url, link.title) for link in found.links]
    else:
        page.has_list = True
        page.entries = [ListEntry(link.url, link.title, link.date) for link in found.links]


def _pagination_style(sel: Selector, pagination: str | None, page_html: str, next_url: str | None) -> str | None:
    if _CREATE_PAGE.search(page_html) or _COUNT_PAGE.search(page_html):
        return "static"
    if pagination:
        hrefs = sel.css(pagination).css("a::attr(href)").getall()
    else:  # no container named: the page's pager-worded links (首页, 下一页, 2 …)
        hrefs = [a.attrib.get("href") or "" for a in sel.css("a") if PAGER_TEXT.match(_text(a))]
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
    count = _COUNT_PAGE.search(page_html)
    if count:
        return _count_page_next(url, int(count[1]), page_html)
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


def _count_page_next(url: str, total: int, page_html: str) -> tuple[str | None, int]:
    """`var countPage = N`: pages are index.html, index_1.html … like createPageHTML's."""
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "index.html"
    match = _PAGE_FILE.match(name)
    prefix, ext = (match["prefix"], match["ext"]) if match else ("index", "html")
    current_var = _CURRENT_PAGE.search(page_html)
    current = int(current_var[1]) if current_var else int(match["n"] or 0) if match else 0
    if current + 1 < total:
        return urljoin(url, f"{prefix}_{current + 1}.{ext}"), total
    return None, total


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

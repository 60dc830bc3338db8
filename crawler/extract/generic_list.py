"""Find a column page's list without configured selectors.

County portals mix templates (TRS `table … tr`, `ul li`, `div` rows, `a > p +
span` cards), so one selector set per site does not fit. A list is the
largest group of repeated sibling blocks (same tag and class under the same
path) that each hold one link, usually with a date. A group of short,
undated links to directories is a set of sub-columns instead. Pure functions
over an lxml tree; the spider uses them when the configured selectors find
nothing, `crawler.newsite` to propose selectors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from crawler.extract.dates import date_from_url, parse_date

_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")
PAGER_TEXT = re.compile(r"^(首页|尾页|末页|上一?页|下一?页|前一页|后一页|上页|下页|第?\d+页?|更多|more|>+|<+|»|«|›|‹|\.\.\.|…)$",
                         re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?<![\d-])(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?![\d-])")
_DIR_LIKE = re.compile(r"(/|/index(_\d+)?\.s?html?|/index\.(jsp|php|aspx?))$", re.IGNORECASE)
_CLASS_OK = re.compile(r"^[A-Za-z_][\w-]*$")
_DROP = ("script", "style", "noscript", "template")
MIN_TITLE_CHARS = 6  # a one-entry list needs a title at least this long and a date


@dataclass(slots=True)
class Link:
    url: str
    title: str
    date: str | None  # YYYY-MM-DD when the list shows a full date (or month-day confirmed by the URL)
    dated: bool  # the block shows a date, even a month-day one whose year is unknown


@dataclass(slots=True)
class LinkGroup:
    """Repeated sibling blocks under one path, each holding one link."""

    selector: str  # CSS path of the blocks ("div.main > ul.list > li")
    links: list[Link] = field(default_factory=list)
    first_pos: int = 0  # document position of the first block (navigation is near the top)
    offsite: int = 0

    @property
    def dated(self) -> int:
        return sum(link.dated for link in self.links)

    @property
    def mean_title(self) -> float:
        return sum(len(link.title) for link in self.links) / len(self.links) if self.links else 0.0

    @property
    def dir_like(self) -> float:
        return sum(bool(_DIR_LIKE.search(urlsplit(link.url).path)) for link in self.links) / max(1, len(self.links))

    @property
    def kind(self) -> str:
        return "subcolumns" if not self.dated and self.dir_like >= 0.8 else "entries"

    @property
    def entry_score(self) -> float:
        n = len(self.links)
        return n * (1 + 2 * self.dated / n) * min(1.0, self.mean_title / 10) if n else 0.0


@dataclass(slots=True)
class DetectedList:
    kind: str  # entries | subcolumns
    selector: str
    links: list[Link]


def parse_tree(page_html: str, url: str):
    """An lxml tree without scripts and styles (their text is no list)."""
    try:
        root = lxml_html.document_fromstring(page_html or "<html></html>", base_url=url)
    except (ValueError, lxml_html.etree.ParserError):
        root = lxml_html.document_fromstring("<html></html>")
    for bad in root.xpath("//" + " | //".join(_DROP)):
        bad.drop_tree()
    return root


def norm_text(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _step(el, with_id: bool = False) -> str:
    classes = [c for c in (el.get("class") or "").split() if _CLASS_OK.match(c)]
    ident = el.get("id") or ""
    own_id = f"#{ident}" if with_id and _CLASS_OK.match(ident) else ""
    return el.tag + own_id + "".join(f".{c}" for c in sorted(classes)[:2])


def _path(el) -> str:
    """CSS path of a block: ancestors with their id (div#menu), the block itself without (li#qh1 repeats)."""
    steps = [_step(node, with_id=True) for node in el.iterancestors() if node.tag != "html"]
    return " > ".join([*reversed(steps), _step(el)])


def _href(base: str, a) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.lower().startswith(_SKIP_SCHEMES):
        return None
    return urljoin(base, href).split("#", 1)[0]


def _title(a) -> str:
    """The full title: the title attribute, else the longest text part of the anchor (a card's <p>)."""
    if a.get("title") and norm_text(a.get("title")):
        return norm_text(a.get("title"))
    parts = [norm_text(a.text)] + [norm_text(child.text_content()) for child in a if isinstance(child.tag, str)]
    parts = [p for p in parts if p and not _MONTH_DAY.fullmatch(p) and parse_date(p) is None]
    whole = norm_text(a.text_content())
    longest = max(parts, key=len, default="")
    return longest if len(longest) >= len(whole) * 0.6 else whole


def _date(block_text: str, title: str, url: str) -> tuple[str | None, bool]:
    rest = block_text.replace(title, " ") if title else block_text
    found = parse_date(rest)
    if found is not None:
        return found.date().isoformat(), True
    md = _MONTH_DAY.search(rest)
    if md is None:
        return None, False
    from_url = date_from_url(url)  # TRS lists show 10-19; the URL says t20171019_…
    if from_url is not None and (from_url.month, from_url.day) == (int(md[1]), int(md[2])):
        return from_url.date().isoformat(), True
    return None, 1 <= int(md[1]) <= 12 and 1 <= int(md[2]) <= 31


def _excluded(target: str, page_url: str, exclude: frozenset[str]) -> bool:
    page, link = urlsplit(page_url), urlsplit(target)
    if target in exclude or link.netloc == page.netloc and link.path in ("", "/") and not link.query:
        return True  # the home page and the frame's navigation are no list entries
    if link.netloc == page.netloc and link.path == page.path:
        return True  # the page itself, or its own ?page=N pager
    page_dir = page.path.rsplit("/", 1)[0] + "/"
    link_dir = link.path if link.path.endswith("/") else None
    # A breadcrumb link to this column or one of its ancestors.
    return bool(link.netloc == page.netloc and link_dir and page_dir.startswith(link_dir))


def link_groups(root, url: str, exclude: Iterable[str] = (), first_link_only: bool = False) -> list[LinkGroup]:
    """Every group of ≥1 sibling blocks sharing a path whose blocks hold exactly one link.

    ``first_link_only``: a block's link is its first one (navigation items with drop-down menus).
    """
    excluded = frozenset(exclude)
    host = urlsplit(url).hostname
    groups: dict[str, LinkGroup] = {}
    for pos, parent in enumerate(root.iter()):
        if not isinstance(parent.tag, str):
            continue
        for block in parent:
            if not isinstance(block.tag, str) or block.tag in ("head", "body"):
                continue
            anchors = [block] if block.tag == "a" else block.findall(".//a")
            if not anchors:
                continue
            targets: dict[str, object] = {}
            for a in anchors:
                target = _href(url, a)
                if target is None:
                    continue
                text = norm_text(a.get("title") or a.text_content())
                if not text or PAGER_TEXT.match(text) or _excluded(target, url, excluded):
                    continue
                targets.setdefault(target, a)
            if not targets or (len(targets) > 1 and not first_link_only):
                continue
            target, a = next(iter(targets.items()))
            title = _title(a)
            date, dated = _date(norm_text(block.text_content()), title, target)
            key = _path(block)
            group = groups.setdefault(key, LinkGroup(key, first_pos=pos))
            group.links.append(Link(target, title, date, dated))
            group.offsite += urlsplit(target).hostname != host
    return list(groups.values())


def _usable(group: LinkGroup) -> bool:
    n = len(group.links)
    if group.offsite * 2 > n:
        return False  # 友情链接 and other portals
    if n == 1:
        return group.dated == 1 and group.mean_title >= MIN_TITLE_CHARS
    if group.kind == "subcolumns":
        return True
    return group.dated * 2 >= n or group.mean_title >= 8  # menus have short, undated labels


def detect_list(root, url: str, exclude: Iterable[str] = (), hint: str | None = None) -> DetectedList | None:
    """The page's list (entries) or, failing that, its sub-columns; None when it shows neither.

    ``hint``: the selector the column's first page was read with, tried first so a short last page
    is not mistaken for a side block.
    """
    groups = [g for g in link_groups(root, url, exclude) if _usable(g)]
    if hint:
        for group in groups:
            if group.selector == hint and group.kind == "entries":
                return DetectedList("entries", group.selector, _dedupe(group.links))
    entries = [g for g in groups if g.kind == "entries"]
    if entries:
        # Ties (a lone block and its container) go to the more specific path.
        best = max(entries, key=lambda g: (g.entry_score, g.selector.count(" > ")))
        return DetectedList("entries", best.selector, _dedupe(best.links))
    subs = [g for g in groups if g.kind == "subcolumns" and len(g.links) >= 1]
    if subs:
        # A column's children usually live below it (/xxgk/ → /xxgk/ghjh/); the frame's menu does not.
        here = urlsplit(url).path.rsplit("/", 1)[0] + "/"
        best = max(subs, key=lambda g: (sum(urlsplit(link.url).path.startswith(here) for link in g.links) / len(g.links),
                                        len(g.links), -g.first_pos))
        return DetectedList("subcolumns", best.selector, _dedupe(best.links))
    return None


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[str] = set()
    out = []
    for link in links:
        if link.url not in seen:
            seen.add(link.url)
            out.append(link)
    return out


def iter_anchor_urls(root, url: str) -> Iterator[str]:
    for a in root.iter("a"):
        target = _href(url, a)
        if target:
            yield target

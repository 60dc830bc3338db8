"""The visible text of a page as lines, for the text rules outside articles.

The spider stores the home page's lines on the site and each column's first
list page's own lines (its entries' titles and dates left out: articles are
checked on their own pages) on the column. The analyzer (analyzers/pagetext.py)
separates the frame — header, navigation, footer: the lines most pages
share — and checks it once per site, and each list page's own text once
per column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract.dates import parse_date
from crawler.extract.generic_list import link_groups, norm_text, parse_tree

_BLOCKS = ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "dl", "ul", "ol",
           "table", "br", "section", "header", "footer", "nav", "form", "option", "title", "center", "blockquote")
_INLINE = ("a", "span", "font", "em", "i", "b", "strong", "label", "button")
_TRUNCATED = re.compile(r"(\.{2,}|…+)\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_DATE_ONLY = re.compile(r"^[\s\d年月日:：/.\-]+$")
MAX_LINES = 400  # a page's text beyond this is no frame or column text (a long list rendered as text)


def text_lines(page_html: str, url: str = "") -> list[str]:
    """Distinct lines of visible text with Chinese in them, in page order (scripts and styles left out)."""
    root = parse_tree(page_html, url)
    for head in root.xpath("//head"):
        head.drop_tree()
    for a in list(root.iter("a")):
        if _TRUNCATED.search(a.text_content()):  # "关于驾车时禁止接打手机和按规定...": the CMS cut a title
            a.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
        el.text = "\n" + (el.text or "")
    for el in root.iter(*_INLINE):  # 首页政务要闻… is no word: neighbouring links stay apart
        el.tail = " " + (el.tail or "")
        el.text = " " + (el.text or "")
    seen: set[str] = set()
    lines = []
    for raw in root.text_content().split("\n"):
        line = norm_text(raw.replace("\u3000", " "))
        if line and _CJK.search(line) and line not in seen:
            seen.add(line)
            lines.append(line)
            if len(lines) >= MAX_LINES:
                break
    return lines


def _entry_line(line: str, titles: Iterable[str]) -> bool:
    core = re.sub(r"\s*(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{1,2}-\d{1,2})\s*$", "", line).strip()
    core = core.rstrip(".…").strip()
    if not core:
        return True
    return any(title.startswith(core) or core.startswith(title) for title in titles if title)


def own_lines(lines: list[str], titles: Iterable[str]) -> list[str]:
    """A list page's lines without its entries (title, truncated title, title + date) and bare dates."""
    titles = [t for t in titles if t]
    return [line for line in lines
            if not (_DATE_ONLY.match(line) or parse_date(line) and len(line) <= 20 or _entry_line(line, titles))]


def home_lines(page_html: str, url: str) -> list[str]:
    """The home page's lines without its news items (any dated link group's titles)."""
    titles = [link.title for group in link_groups(parse_tree(page_html, url), url)
              if group.dated * 2 >= len(group.links) for link in group.links]
    return own_lines(text_lines(page_html, url), titles)

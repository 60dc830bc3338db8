"""RSS 2.0 and Atom feeds as list entries (an account's article list when the platform has none)."""

from __future__ import annotations

from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

from crawler.extract.article import CHINA_TZ
from crawler.extract.posts import ListEntry, Timeline

_ATOM = "{http://www.w3.org/2005/Atom}"


def _when(value: str | None) -> datetime | None:
    if not value:
        return None
    value = value.strip()
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when.tzinfo is not None:
        when = when.astimezone(CHINA_TZ).replace(tzinfo=None)
    return when


def parse_feed(data: bytes | str, base_url: str) -> Timeline:
    """Entries of an RSS or Atom document; ``layout_changed`` when it is neither."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = etree.fromstring(raw, etree.XMLParser(resolve_entities=False, no_network=True, recover=True))
    except etree.XMLSyntaxError as error:
        return Timeline("layout_changed", detail=f"not XML: {error}")
    if root is None:
        return Timeline("layout_changed", detail="empty document")
    entries: list[ListEntry] = []
    if root.tag == "rss" or root.find("channel") is not None:
        for item in root.iter("item"):
            link = (item.findtext("link") or "").strip()
            if link:
                entries.append(ListEntry(urljoin(base_url, link), (item.findtext("title") or "").strip(),
                                         _when(item.findtext("pubDate"))))
    elif root.tag == f"{_ATOM}feed":
        for entry in root.iter(f"{_ATOM}entry"):
            node = entry.find(f"{_ATOM}link")
            link = (node.get("href") if node is not None else "") or ""
            if link:
                when = entry.findtext(f"{_ATOM}published") or entry.findtext(f"{_ATOM}updated")
                entries.append(ListEntry(urljoin(base_url, link), (entry.findtext(f"{_ATOM}title") or "").strip(),
                                         _when(when)))
    else:
        return Timeline("layout_changed", detail=f"root element {root.tag!r} is no feed")
    return Timeline("ok" if entries else "empty_timeline", entries)

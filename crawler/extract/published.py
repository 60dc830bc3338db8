"""An article's publication date and where it was found (pure functions)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from lxml import etree

from crawler.extract.dates import date_from_url, find_dates, parse_date
from crawler.extract.htmltree import _DROP_TAGS, _meta_content, _select
from crawler.extract.locate import TemplateSpec
from crawler.extract.metadata import collapse

CHINA_TZ = timezone(timedelta(hours=8))
DATE_HINT = re.compile(r"date|time|pub|riqi|shijian", re.I)
_WECHAT_CT = re.compile(r"""var\s+ct\s*=\s*["']?(\d{9,11})["']?""")


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


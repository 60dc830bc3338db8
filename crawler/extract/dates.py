"""Date parsing for Chinese government pages: text, Chinese numerals and URLs."""

from __future__ import annotations

import re
from datetime import datetime

MIN_YEAR = 1990
MAX_YEAR = 2100

# Full-width digits/colons are common in Chinese pages; mapping is 1:1 so offsets stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９：／．－", "0123456789:/.-")

_TIME = r"(?:\s*(?:T|-|\s)?\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
_ARABIC = re.compile(
    r"(?<!\d)(?P<y>\d{4})"
    r"(?:"
    r"\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号]?"
    r"|(?P<sep>[-/.])(?P<m2>\d{1,2})(?P=sep)(?P<d2>\d{1,2})"
    r")(?!\d)" + _TIME
)
_CN_DIGITS = "〇○零O０一二三四五六七八九"
_CN_VALUE = {"〇": 0, "○": 0, "零": 0, "O": 0, "０": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE = re.compile(
    rf"(?P<y>[{_CN_DIGITS}]{{4}})\s*年\s*(?P<m>[十一二三四五六七八九]{{1,3}})\s*月"
    rf"\s*(?P<d>[十一二三四五六七八九]{{1,3}})\s*[日号]"
)


def _cn_small(text: str) -> int | None:
    """Value of a Chinese numeral 1–39 ("十二", "二十一", "三十")."""
    if "十" not in text:
        return _CN_VALUE.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    t = _CN_VALUE.get(tens, -1) if tens else 1
    o = _CN_VALUE.get(ones, -1) if ones else 0
    if t < 0 or o < 0:
        return None
    return t * 10 + o


def make_date(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime | None:
    """Build a datetime, or None if impossible or outside the plausible year range."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        date = datetime(year, month, day)
    except ValueError:
        return None
    try:
        return date.replace(hour=hour, minute=minute, second=second)
    except ValueError:
        # A bad time part should not throw away a good date.
        return date


def find_dates(text: str) -> list[tuple[datetime, int, int]]:
    """All valid dates in text as (datetime, start, end) character offsets, in order."""
    if not text:
        return []
    norm = text.translate(_FULLWIDTH)
    found: list[tuple[datetime, int, int]] = []
    for m in _ARABIC.finditer(norm):
        month = m.group("m1") or m.group("m2")
        day = m.group("d1") or m.group("d2")
        hour, minute, second = m.group("H"), m.group("M"), m.group("S")
        date = make_date(
            int(m.group("y")), int(month), int(day),
            int(hour or 0), int(minute or 0), int(second or 0),
        )
        if date is not None:
            end = m.end()
            if hour is not None and not (date.hour or date.minute or date.second):
                # The time part was rejected (or is midnight): report the date's span only.
                end = m.end("d1" if m.group("d1") else "d2")
            found.append((date, m.start(), end))
    for m in _CHINESE.finditer(norm):
        year = int("".join(str(_CN_VALUE[c]) for c in m.group("y")))
        month, day = _cn_small(m.group("m")), _cn_small(m.group("d"))
        if month is None or day is None:
            continue
        date = make_date(year, month, day)
        if date is not None:
            found.append((date, m.start(), m.end()))
    found.sort(key=lambda item: item[1])
    return found


def parse_date(text: str) -> datetime | None:
    """The first valid date (with time if given) in text, else None."""
    dates = find_dates(text or "")
    return dates[0][0] if dates else None


_URL_PATTERNS = [
    # /2024/04/05/ and /art/2024/4/5/art_1_2.html
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),
    # TRS WCM: /202404/t20240405_123.html
    re.compile(r"/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_\d+"),
    # gov.cn: content_2024-02/15 and /2024-02/15/content_…
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=[/_]|$)"),
    # /2024-04-05/
    re.compile(r"/(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=[/_.]|$)"),
    # /202404/05/ and /20240405/ (only between slashes, so long numeric ids do not match)
    re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/"),
]


def date_from_url(url: str) -> datetime | None:
    """Publication date encoded in a URL path, or None (never guesses from ids)."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(path):
            date = make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            if date is not None:
                return date
    return None

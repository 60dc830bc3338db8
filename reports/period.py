"""Reporting periods: a quarter ``2026Q4``, a month ``2026-11``, a year ``2026`` or ``FROM..TO``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA_TZ = ZoneInfo("Asia/Shanghai")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")
QUARTER_NAMES = "一二三四"


class PeriodError(ValueError):
    """A period string that names no period."""


@dataclass(frozen=True, slots=True)
class Period:
    """Inclusive local (China) dates, and how the bulletin names them."""

    first: date
    last: date
    label: str  # 2026年四季度
    key: str  # 2026Q4

    @property
    def start_utc(self) -> datetime:
        return datetime.combine(self.first, time(), CHINA_TZ).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last + timedelta(days=1), time(), CHINA_TZ).astimezone(UTC)

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def short(self) -> str:
        """一季度 / 11月 / 全年: how the bulletin's sentences name it."""
        return self.label[5:] if self.label[:4].isdigit() and len(self.label) > 5 else self.label


def quarter_of(day: date) -> Period:
    q = (day.month - 1) // 3 + 1
    first = date(day.year, 3 * q - 2, 1)
    last = (date(day.year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)) - timedelta(days=1)
    return Period(first, last, f"{day.year}年{QUARTER_NAMES[q - 1]}季度", f"{day.year}Q{q}")


def parse_period(text: str) -> Period:
    """``2026Q4`` / ``2026-11`` / ``2026`` / ``2026-10-01..2026-12-31``."""
    s = text.strip()
    if m := _QUARTER.match(s):
        return quarter_of(date(int(m[1]), 3 * int(m[2]) - 2, 1))
    if m := _MONTH.match(s):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"no month {month} in {text!r}")
        first = date(year, month, 1)
        last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
        return Period(first, last, f"{year}年{month}月", f"{year}-{month:02d}")
    if m := _YEAR.match(s):
        year = int(m[1])
        return Period(date(year, 1, 1), date(year, 12, 31), f"{year}年", s)
    if m := _RANGE.match(s):
        first, last = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if last < first:
            raise PeriodError(f"period ends before it starts: {text!r}")
        label = f"{first.year}年{first.month}月{first.day}日至{last.year}年{last.month}月{last.day}日"
        return Period(first, last, label, s)
    raise PeriodError(
        f"期间格式错误 / bad period {text!r}: use 2026Q4, 2026-11, 2026 or 2026-10-01..2026-12-31"
    )


def china_date(when: datetime | None = None) -> date:
    return (when or datetime.now(UTC)).astimezone(CHINA_TZ).date()


def chinese_date(day: date) -> str:
    """2026年11月28日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"

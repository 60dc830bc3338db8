"""The reporting period of the INTERP rules: a quarter ("2026Q3"), a (first, last) date pair,
or by default the 90 days up to the analysis date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_PERIOD_DAYS = 90
_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]([1-4])\s*$")


# --- period -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period, ``start`` inclusive, ``end`` exclusive."""

    start: dt.date
    end: dt.date
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day < self.end


def parse_period(value: Any, today: dt.date) -> Period:
    """A Period from ``2026Q3`` / ``2026-Q3``, a (start, end) pair (end inclusive),
    a Period, or None: the 90 days up to and including ``today``."""
    if isinstance(value, Period):
        return value
    if value is None or value == "":
        start = today - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1)
        return Period(
            start, today + dt.timedelta(days=1), f"{start.isoformat()}至{today.isoformat()}"
        )
    if isinstance(value, str):
        m = _QUARTER_RE.match(value)
        if not m:
            raise ValueError(f"period must look like 2026Q3, got {value!r}")
        year, q = int(m.group(1)), int(m.group(2))
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + 1, 1, 1) if q == 4 else dt.date(year, 3 * q + 1, 1)
        return Period(start, end, f"{year}年第{q}季度")
    first, last = value
    first, last = _as_date(first), _as_date(last)
    if first is None or last is None or last < first:
        raise ValueError(f"bad period {value!r}")
    return Period(first, last + dt.timedelta(days=1), f"{first.isoformat()}至{last.isoformat()}")


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and (m := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", v)):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None

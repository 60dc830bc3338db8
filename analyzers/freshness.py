"""FRESH rules: 信息更新不及时 (stale, blank and undated columns, homepage, dates).

Every date comparison is against ``today``, the analysis date the runner
passes in: rules never read the wall clock, so a rerun of an old analysis
gives the same answer and tests do not age.

The national veto aggregation (国办秘函〔2019〕19号) is not a rule of its own:
rule codes are permanent and RULES.md files it under FRESH-COLUMN. It is the
site-level summary of that rule, :meth:`FreshColumnRule.summarize`: one
finding with severity ``veto``, target the site's homepage, unit ``""``
(全站), and the counts in ``extra``. Only a site-wide run produces (and so
resolves) it, because a one-unit run cannot count the whole site's columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import Any, ClassVar

import yaml

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import DATA_DIR, Rule, load_thresholds

#: China Standard Time has no daylight saving: a fixed offset is exact and
#: needs no tz database (absent on some minimal installs).
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

DEFAULT_CATEGORY = "其他"
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def china_date(value: datetime) -> date:
    """The China local calendar date of a datetime (naive means UTC: MongoDB's convention)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ).date()


def parse_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` string (or date/datetime) as a date; None when absent or invalid."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return china_date(value)
    if isinstance(value, date):
        return value
    m = _DATE_RE.match(str(value))
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@cache
def _category_keywords() -> tuple[tuple[str, tuple[str, ...]], ...]:
    raw = yaml.safe_load((DATA_DIR / "column_categories.yaml").read_text(encoding="utf-8")) or {}
    return tuple((cat, tuple(words)) for cat, words in raw.items())


def infer_category(names: list[str] | tuple[str, ...] | str) -> str:
    """A column's category from its name path by keyword (data/column_categories.yaml).

    The innermost name decides first: 部门动态 › 县医保局 › 通知公告 is a 通知公告
    column although its parent is a 动态 one.
    """
    path = [names] if isinstance(names, str) else list(names)
    for name in reversed(path):
        for cat, words in _category_keywords():
            if any(w in name for w in words):
                return cat
    return DEFAULT_CATEGORY


def span_text(days: int) -> str:
    """A limit in days the way the bulletin says it (2周, 6个月, 1年)."""
    named = {7: "1周", 14: "2周", 31: "1个月", 30: "1个月", 92: "3个月", 183: "6个月", 365: "1年"}
    return named.get(days, f"{days}天")


class DatedRule(Rule):
    """A rule that compares dates with the analysis date ``today``.

    The runner constructs these with ``today``; a rule never falls back to the
    wall clock (a missing ``today`` is a programming error, raised loudly).
    """

    def __init__(
        self, thresholds: Mapping[str, Any] | None = None, today: date | None = None
    ) -> None:
        super().__init__(thresholds)
        self._today = today

    @property
    def today(self) -> date:
        if self._today is None:
            raise ValueError(f"{self.code} needs the analysis date: construct it with today=…")
        return self._today


# --- column state -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnState:
    """How fresh one column is on the analysis date."""

    state: str  # skip | blank | undated | stale | warning | ok
    category: str
    age: int | None = None
    limit: int | None = None
    warn: int | None = None
    newest: str | None = None


def load_column_thresholds() -> dict[str, Any]:
    """FRESH-COLUMN's thresholds (limits per category), shared with FRESH-BLANK."""
    return load_thresholds().get("FRESH-COLUMN", {})


def _is_list_leaf(col: Mapping[str, Any]) -> bool:
    kind = col.get("kind") or "list"
    return kind == "list" and col.get("leaf", True) is not False


def column_state(col: Mapping[str, Any], today: date, thresholds: Mapping[str, Any]) -> ColumnState:
    """Classify one column document. A failed crawl is ``skip``: absence of
    items there says nothing about the column."""
    category = col.get("category") or infer_category(col.get("names") or col.get("name") or "")
    if not _is_list_leaf(col) or col.get("status", "ok") != "ok":
        return ColumnState("skip", category)
    limits = thresholds.get("limit_days") or {}
    warns = thresholds.get("warn_days") or {}
    limit = col.get("limit_days")
    if limit is None:
        limit = limits.get(category, limits.get(DEFAULT_CATEGORY))
    warn = col.get("warn_days")
    if warn is None:
        warn = warns.get(category)
    if limit is None:  # 互动 and other columns without an update duty
        return ColumnState("skip", category)
    if not col.get("item_count"):
        return ColumnState("blank", category, limit=limit, warn=warn)
    newest_s = col.get("newest_date")
    newest = parse_date(newest_s)
    if newest is None:
        # Items exist but none shows a date: RULES.md counts undated as not updated.
        return ColumnState("undated", category, limit=limit, warn=warn)
    age = (today - newest).days
    state = "ok"
    if age > limit:
        state = "stale"
    elif warn is not None and age > warn:
        state = "warning"
    return ColumnState(state, category, age, limit, warn, newest.isoformat())


def _column_evidence(col: Mapping[str, Any]) -> Evidence:
    name = str(col.get("name") or "")
    path = " › ".join(col.get("names") or [name])
    return Evidence(name, 0, len(name), path, "column")


class FreshColumnRule(DatedRule):
    """栏目应更未更: a list column's newest item is older than its category allows.

    Limits per category (动态 14 days, 通知公告/政策文件/政策解读 6 months, 其他
    1 year, 常态 monthly) come from the column (sites.yaml via the crawler),
    else from thresholds.yaml. Between the warning and the limit it raises an
    early warning (预警) with severity ``notice``; the same finding id carries
    both, so a warned column that goes stale is one finding whose severity
    rises. A column whose items all lack a date counts as stale. Blank columns
    are FRESH-BLANK's. :meth:`summarize` adds the site-level veto.
    """

    code = "FRESH-COLUMN"
    problem_class = "FRESH"
    severity = Severity.DEDUCT
    message = "{problem}"
    hint = "{fix}"
    applies_to = "column"
    fields: ClassVar[tuple[str, ...]] = (
        "name", "names", "category", "limit_days", "warn_days", "kind", "leaf",
        "item_count", "newest_date", "status",
    )  # fmt: skip

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        st = column_state(doc, self.today, self.thresholds)
        extra = {
            "category": st.category,
            "newest_date": st.newest,
            "age_days": st.age,
            "limit_days": st.limit,
            "warn_days": st.warn,
        }
        if st.state in ("stale", "undated"):
            assert st.limit is not None
            limit = span_text(st.limit)
            if st.state == "stale":
                problem = f"栏目超过{limit}未更新（最新信息日期{st.newest}，已{st.age}天未更新）"
            else:
                problem = f"栏目信息均无发布日期，视为超过{limit}未更新"
            fix = f"按“{st.category}”类栏目要求在{limit}内更新信息，或报备栏目调整"
            f = self.finding(doc, _column_evidence(doc), problem=problem, fix=fix)
            yield replace(f, extra={**extra, "level": "stale"})
        elif st.state == "warning":
            assert st.limit is not None and st.age is not None
            left = st.limit - st.age
            problem = (
                f"预警：栏目已{st.age}天未更新（最新信息日期{st.newest}），"
                f"{left}天后将超过{span_text(st.limit)}的更新时限"
            )
            fix = f"在{left}天内更新栏目信息"
            f = self.finding(doc, _column_evidence(doc), problem=problem, fix=fix)
            yield replace(f, severity=Severity.NOTICE, extra={**extra, "level": "warning"})

    def summarize(self, site: Mapping[str, Any]) -> Iterator[Finding]:
        """The national veto over the site's columns (``site["columns"]``)."""
        news_notice = stale = blank = 0
        for col in site.get("columns") or []:
            st = column_state(col, self.today, self.thresholds)
            if st.state in ("stale", "undated"):
                stale += 1
                if st.category in ("动态", "通知公告", "政策文件"):
                    news_notice += 1
            elif st.state == "blank":
                blank += 1
        t = self.thresholds
        reasons = []
        if news_notice >= t["veto_stale_news_notice"]:
            reasons.append(
                f"动态类超2周、通知公告/政策文件类超6个月未更新的栏目共{news_notice}个"
                f"（≥{t['veto_stale_news_notice']}个）"
            )
        if stale >= t["veto_stale_columns"]:
            reasons.append(f"应更新而未更新的栏目{stale}个（≥{t['veto_stale_columns']}个）")
        if blank >= t["veto_blank_columns"]:
            reasons.append(f"空白栏目{blank}个（≥{t['veto_blank_columns']}个）")
        if not reasons:
            return
        counts = {"stale_news_notice": news_notice, "stale_columns": stale, "blank_columns": blank}
        text = "栏目更新单项否决"
        ctx = "；".join(f"{k}={v}" for k, v in counts.items())
        target = str(site.get("home_url") or site.get("_id") or "")
        f = Finding(
            rule=self.code,
            severity=Severity.VETO,
            problem_class=self.problem_class,
            site=str(site.get("_id") or site.get("site") or ""),
            unit="",
            target=target,
            message="网站栏目更新触及单项否决：" + "；".join(reasons),
            evidence=Evidence(text, -1, -1, ctx, "site"),
            suggestion="逐一更新超期栏目，清理或补充空白栏目",
            extra={"scope": "site", **counts},
        )
        yield f


class FreshBlankRule(Rule):
    """空白栏目: a leaf list column with no items at all (a failed crawl is not blank)."""

    code = "FRESH-BLANK"
    problem_class = "FRESH"
    severity = Severity.DEDUCT
    message = "空白栏目：栏目“{name}”无任何信息"
    hint = "补充栏目信息，或撤并该栏目"
    applies_to = "column"
    fields: ClassVar[tuple[str, ...]] = FreshColumnRule.fields

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        # Blankness needs no date; the state function is shared for the veto count.
        if column_state(doc, date.min, load_column_thresholds()).state == "blank":
            yield self.finding(doc, _column_evidence(doc), name=doc.get("name") or "")


class FreshHomeRule(DatedRule):
    """首页不更新: the homepage's news blocks have not changed for 14 days.

    Reads ``home_changed_at`` (UTC, when the crawler last saw the homepage's
    hash change); an early warning (notice) from 10 days.
    """

    code = "FRESH-HOME"
    problem_class = "FRESH"
    severity = Severity.DEDUCT
    message = "{problem}"
    hint = "{fix}"
    applies_to = "site"
    fields: ClassVar[tuple[str, ...]] = ("name", "home_url", "home_changed_at")
    site_context: ClassVar[tuple[str, ...]] = ()

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        changed = doc.get("home_changed_at")
        if not isinstance(changed, datetime):
            return
        day = china_date(changed)
        age = (self.today - day).days
        limit, warn = int(self.thresholds["limit_days"]), self.thresholds.get("warn_days")
        text = "首页"
        ev = Evidence(
            text, 0, len(text), f"{doc.get('name') or ''}首页 {doc.get('home_url') or ''}", "site"
        )
        target = str(doc.get("home_url") or doc.get("_id") or "")
        site_doc = {**doc, "site": doc.get("_id") or doc.get("site"), "unit": ""}
        extra = {"scope": "site", "home_changed": day.isoformat(), "age_days": age}
        if age > limit:
            problem = (
                f"首页信息超过{span_text(limit)}未更新（最近变化{day.isoformat()}，已{age}天）"
            )
            f = self.finding(
                site_doc, ev, target, problem=problem, fix="及时更新首页要闻、通知公告等信息"
            )
            yield replace(f, extra={**extra, "level": "stale"})
        elif warn is not None and age > warn:
            problem = f"预警：首页已{age}天未更新，{limit - age}天后将超过{span_text(limit)}"
            f = self.finding(site_doc, ev, target, problem=problem, fix="尽快更新首页信息")
            yield replace(f, severity=Severity.NOTICE, extra={**extra, "level": "warning"})


class FreshNoDateRule(Rule):
    """无发布日期: an article with no publication date on its page, in its URL or
    on its list (``date_source == "none"``); RULES.md counts it as not updated.

    Documents without ``date_source`` (files checked offline) are not judged.
    """

    code = "FRESH-NODATE"
    problem_class = "FRESH"
    severity = Severity.DEDUCT
    message = "信息无发布日期：“{title}”"
    hint = "在信息页面标注发布日期"
    fields: ClassVar[tuple[str, ...]] = ("title", "date_source")

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.get("date_source") != "none":
            return
        title = str(doc.get("title") or "")
        yield self.finding(doc, Evidence(title, 0, len(title), title, "title"), title=title)


class FreshFutureRule(Rule):
    """伪造发稿日期: a publication date later than the day the page was crawled.

    Both sides are China local dates, so an item published at 07:00 Beijing
    time (23:00 UTC the day before) is not a false alarm.
    """

    code = "FRESH-FUTURE"
    problem_class = "FRESH"
    severity = Severity.DEDUCT
    message = "发布日期{date}晚于采集日期{crawled}（未来日期）"
    hint = "核实并更正发布日期"
    fields: ClassVar[tuple[str, ...]] = ("title", "published_date", "published_at", "crawled_at")

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        crawled = doc.get("crawled_at")
        pub = parse_date(doc.get("published_date") or doc.get("published_at"))
        if not isinstance(crawled, datetime) or pub is None:
            return
        crawl_day = china_date(crawled)
        if pub <= crawl_day:
            return
        text = pub.isoformat()
        ev = Evidence(text, 0, len(text), str(doc.get("title") or ""), "published_date")
        yield self.finding(doc, ev, date=text, crawled=crawl_day.isoformat())


FRESH_RULES: tuple[type[Rule], ...] = (
    FreshColumnRule,
    FreshBlankRule,
    FreshHomeRule,
    FreshNoDateRule,
    FreshFutureRule,
)

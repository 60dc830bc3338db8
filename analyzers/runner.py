"""Run the rules over what the crawler stored, and keep the findings' lifecycle.

``run(db, site, unit, rules, today)`` loads the documents of the scope from
MongoDB (only the fields the selected rules read, streamed in batches), feeds
each rule the documents it judges, and hands all findings to
:func:`analyzers.lifecycle.apply_findings` with the run's scope, so faults
that are gone become ``resolved`` and ignored ones stay ignored.

How each kind of rule is fed:

- ``article``: every article of the scope, one at a time.
- ``articles`` (corpus rules, DUP-*): the whole site's articles as one
  stream, even in a one-unit run, because a duplicate of another unit's
  article is still a duplicate; a one-unit run keeps only that unit's findings.
  Then each new-media account's posts as a stream of their own (重复发布 on
  new media is one account posting the same thing twice).
- ``column``: every column of the scope; after the column pass, a column rule
  with a ``summarize(site_doc)`` method (FRESH-COLUMN's veto) gets the site.
- ``site``: the site document with ``columns``, ``messages``, ``link_checks``
  (LINK-*) and/or ``probes`` (AVAIL-SITE) of the site attached, as the rule's
  ``site_context`` asks.
- ``search`` (SEARCH-MISS): every ``search_checks`` document of the scope.
- new-media ``posts`` go through the ``article`` rules too (they carry the
  same content fields), and ``account`` rules (FRESH-MEDIA, MEDIA-*) get every
  ``accounts`` document of the scope.

Site rules and site summaries judge the whole site, so they run (and resolve)
only in site-wide runs (``unit`` None); a one-unit run leaves their findings
alone. A rule that raises is logged and its open findings are left as they
are rather than resolved by a run that could not check them.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import Any

from pymongo.database import Database

from analyzers import lifecycle
from analyzers.freshness import CHINA_TZ, DatedRule
from analyzers.model import Finding
from analyzers.pagetext import PAGE_TEXT_RULES, page_text_docs
from analyzers.registry import select
from analyzers.rule import Rule

log = logging.getLogger(__name__)

BATCH_SIZE = 200  # small cursor batches: bodies are large and the embedded server is slow

#: Fields every finding needs from its document.
BASE_FIELDS = ("site", "unit", "url", "column_id", "column_name", "title")
#: What groups posts into one account's corpus (the posts index account_published starts so).
ACCOUNT_KEY = ("platform", "account_id")
#: What an article rule without a ``fields`` declaration may read (the
#: document rules of format.py read text, HTML, meta and files).
DEFAULT_ARTICLE_FIELDS = (
    "list_title", "meta", "body_text", "body_html", "attachments", "images", "links",
    "published_at", "published_date", "date_source", "crawled_at", "content_hash",
)  # fmt: skip
COLUMN_FIELDS = (
    "site", "unit", "url", "name", "names", "parent_id", "category", "limit_days",
    "warn_days", "kind", "leaf", "item_count", "newest_date", "undated_items", "status",
)  # fmt: skip
MESSAGE_FIELDS = (
    "site", "unit", "column_id", "url", "title", "received_date", "answered_date", "status",
)  # fmt: skip
SITE_FIELDS = ("name", "home_url", "home_changed_at", "crawled_at")
PROBE_FIELDS = ("site", "url", "time", "ok", "status", "latency_ms", "error")
PROBE_DAYS = 40  # probes attached to a site document: more than any AVAIL-SITE window


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """Counts of one rule in one unit after the run."""

    rule: str
    unit: str
    open: int = 0
    new: int = 0
    resolved: int = 0
    ignored: int = 0
    filed: int = 0


@dataclass
class Summary:
    """What a run did: its dates, scope, lifecycle counts and a row per rule and unit."""

    today: date
    now: datetime
    scope: dict[str, Any]
    rules: list[str]
    counts: dict[str, int]
    rows: list[SummaryRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def table(self) -> str:
        """A plain-text table for the command line."""
        head = ("规则 rule", "单位 unit", "open", "new", "resolved", "ignored", "filed")
        body = [
            (r.rule, r.unit or "（全站）", r.open, r.new, r.resolved, r.ignored, r.filed)
            for r in self.rows
        ]
        total = ("合计 total", "", *(sum(r[i] for r in body) for i in range(2, 7)))  # type: ignore[misc]
        lines = [f"analysis date {self.today.isoformat()}; scope {self.scope_text()}"]
        rows = [head, *body, total]
        widths = [max(_width(str(r[i])) for r in rows) for i in range(len(head))]
        for n, r in enumerate(rows):
            cells = []
            for i, v in enumerate(r):
                s = str(v)
                pad = " " * (widths[i] - _width(s))
                cells.append(s + pad if i < 2 else pad + s)
            lines.append("  ".join(cells).rstrip())
            if n == 0 or n == len(rows) - 2:
                lines.append("-" * (sum(widths) + 2 * (len(widths) - 1)))
        if self.errors:
            lines.append(
                "errors (findings of these rules were kept, not resolved): "
                + ", ".join(self.errors)
            )
        return "\n".join(lines)

    def scope_text(self) -> str:
        parts = [f"site={self.scope.get('site', '*')}"]
        if "unit" in self.scope:
            parts.append(f"unit={self.scope['unit']}")
        parts.append(f"rules={len(self.rules)}")
        return " ".join(parts)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


def china_today(now: datetime | None = None) -> date:
    """Today's date in China: the default analysis date (the runner, not a rule, reads the clock)."""
    return (now or datetime.now(UTC)).astimezone(CHINA_TZ).date()


def _instantiate(cls: type[Rule], today: date, period: Any = None) -> Rule:
    # Period rules (INTERP-NONE) judge a reporting period, not just a date.
    if getattr(cls, "uses_period", False):
        return cls(today=today, period=period)  # type: ignore[call-arg]
    if issubclass(cls, DatedRule):
        return cls(today=today)
    return cls()


def _projection(
    rules: Iterable[Rule], base: Iterable[str], default: Iterable[str]
) -> dict[str, int]:
    names = set(base)
    for r in rules:
        names.update(getattr(r, "fields", None) or default)
    return dict.fromkeys(sorted(names), 1)


def _fill(f: Finding, doc: Mapping[str, Any], site_level: bool = False) -> Finding:
    """Site, unit and target from the document when the rule left them empty.

    Site-level findings keep unit "" on purpose: it marks 全站 results.
    """
    changes: dict[str, Any] = {}
    if not f.site and doc.get("site"):
        changes["site"] = str(doc["site"])
    if not f.unit and not site_level and doc.get("unit"):
        changes["unit"] = str(doc["unit"])
    if not f.target:
        changes["target"] = str(doc.get("url") or doc.get("home_url") or doc.get("_id") or "")
    return replace(f, **changes) if changes else f


class _Collector:
    """Findings of the run, and the rules that failed on some document."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.failed: set[str] = set()
        self.seconds: dict[str, float] = defaultdict(float)  # per rule, reading its stream included

    def take(
        self,
        rule: Rule,
        produce: Iterator[Finding],
        doc: Mapping[str, Any],
        unit: str | None = None,
        site_level: bool = False,
    ) -> None:
        started = time.perf_counter()
        try:
            for f in produce:
                f = _fill(f, doc, site_level)
                if unit is None or f.unit == unit:
                    self.findings.append(f)
        except Exception:  # one bad document must not stop the run; the rule is marked
            log.exception("rule %s failed on %s", rule.code, doc.get("url") or doc.get("_id"))
            self.failed.add(rule.code)
        finally:
            self.seconds[rule.code] += time.perf_counter() - started

    def log_times(self) -> None:
        for code, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            log.info("rule %s: %.2f s", code, seconds)


class _Stream:
    """A collection query that each reader iterates afresh, instead of a list held in memory."""

    def __init__(self, collection: Any, query: Mapping[str, Any]) -> None:
        self.collection, self.query = collection, dict(query)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.collection.find(self.query, batch_size=BATCH_SIZE))


def _start_time(db: Database, scope: Mapping[str, Any], now: datetime | None) -> datetime:
    """The run's mark: after every last_seen in scope (lifecycle needs it strictly later).

    MongoDB keeps milliseconds, so the mark is truncated to them and two quick
    runs still get distinct, ordered marks.
    """
    now = now or datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    last = db.findings.find_one(dict(scope), {"last_seen": 1}, sort=[("last_seen", -1)])
    if last and isinstance(last.get("last_seen"), datetime):
        prev = last["last_seen"]
        if prev.tzinfo is None:
            prev = prev.replace(tzinfo=UTC)
        if prev >= now:
            now = prev + timedelta(milliseconds=1)
    return now


def run(
    db: Database,
    site: str | None = None,
    unit: str | None = None,
    rules: str | Iterable[str] | None = None,
    today: date | None = None,
    now: datetime | None = None,
    period: Any = None,
) -> Summary:
    """Analyze the stored documents of ``site``/``unit`` with the selected rules.

    ``rules``: codes, prefixes or problem classes (None: all). ``today``: the
    analysis date every date rule compares with (default: today in China).
    ``now``: the lifecycle mark (default: the clock). ``period``: the
    reporting period of period rules (INTERP-NONE): a quarter ``"2026Q3"`` or
    a (first, last) date pair; default the 90 days up to ``today``. Raises
    registry.UnknownRuleError for a selector that names no rule.
    """
    classes = select(rules)
    today = today or china_today(now)
    site_wide = unit is None
    instances = [_instantiate(c, today, period) for c in classes]
    by_kind: dict[str, list[Rule]] = defaultdict(list)
    for r in instances:
        by_kind[r.applies_to].append(r)
    if not site_wide:
        by_kind.pop("site", None)  # whole-site judgements: only in site-wide runs
    ran = [r.code for kind in by_kind.values() for r in kind]

    base_q: dict[str, Any] = {} if site is None else {"site": site}
    unit_q = dict(base_q) if unit is None else {**base_q, "unit": unit}
    out = _Collector()

    # Articles, one at a time.
    if by_kind.get("article"):
        proj = _projection(by_kind["article"], BASE_FIELDS, DEFAULT_ARTICLE_FIELDS)
        for doc in db.articles.find(unit_q, proj, batch_size=BATCH_SIZE):
            for r in by_kind["article"]:
                out.take(r, r.check(doc), doc)
        # New-media posts carry the article fields the content rules read: judged the same way.
        for doc in db.posts.find(unit_q, proj, batch_size=BATCH_SIZE):
            for r in by_kind["article"]:
                out.take(r, r.check(doc), doc)

    # New-media accounts (FRESH-MEDIA, MEDIA-*), unit by unit. An account this crawl could not
    # read keeps its findings as they were: the run could not check it (like a rule that raised).
    held: set[str] = set()
    if by_kind.get("account"):
        proj = _projection(by_kind["account"], (*BASE_FIELDS, "status"), ())
        for doc in db.accounts.find(unit_q, proj, batch_size=BATCH_SIZE):
            if doc.get("status") == "not_checkable":
                held.add(str(doc.get("url") or ""))
            for r in by_kind["account"]:
                out.take(r, r.check(doc), doc)

    # Text outside articles: the frame once per site, each list page's own text once per column.
    page_rules = [r for r in by_kind.get("article", []) if r.code in PAGE_TEXT_RULES]
    for doc in page_text_docs(db, site, unit) if page_rules else ():
        for r in page_rules:
            out.take(r, r.check(doc), doc, site_level=not doc["unit"])

    # Corpus rules: one narrow stream each over the whole site.
    for r in by_kind.get("articles", []):
        proj = _projection([r], (*BASE_FIELDS, "published_date"), DEFAULT_ARTICLE_FIELDS)
        cursor = db.articles.find(base_q, proj, batch_size=BATCH_SIZE)
        out.take(r, r.check(cursor), {"site": site}, unit=unit)
        # Posts, account by account: one account publishing the same post twice is 重复发布;
        # an account reposting a portal article, or two accounts carrying the same text
        # (matrix reposting), is normal, so posts never meet articles or other accounts' posts.
        proj = _projection([r], (*BASE_FIELDS, "published_date", *ACCOUNT_KEY), DEFAULT_ARTICLE_FIELDS)
        posts = db.posts.find(unit_q, proj, batch_size=BATCH_SIZE).sort([(k, 1) for k in ACCOUNT_KEY])
        for _, account_posts in groupby(posts, key=lambda d: tuple(d.get(k) for k in ACCOUNT_KEY)):
            out.take(r, r.check(account_posts), {"site": site})

    # Search checks (SEARCH-*): one stored probe of the site search per recent article,
    # written by `scrapy crawl search`; judged like articles, unit by unit.
    for r in by_kind.get("search", []):
        proj = _projection([r], BASE_FIELDS, ())
        for doc in db.search_checks.find(unit_q, proj, batch_size=BATCH_SIZE):
            out.take(r, r.check(doc), doc)

    # Columns; kept per site for the site pass (a county has hundreds, not millions).
    columns: dict[str, list[dict[str, Any]]] = defaultdict(list)
    summarizers = [r for r in by_kind.get("column", []) if hasattr(r, "summarize")]
    site_rules = by_kind.get("site", [])
    wants = {ctx for r in site_rules for ctx in getattr(r, "site_context", ())}
    if summarizers and site_wide:
        wants.add("columns")
    if by_kind.get("column") or "columns" in wants:
        for doc in db.columns.find(unit_q, dict.fromkeys(COLUMN_FIELDS, 1), batch_size=BATCH_SIZE):
            for r in by_kind.get("column", []):
                out.take(r, r.check(doc), doc)
            if "columns" in wants:
                columns[str(doc.get("site") or "")].append(doc)

    # Sites, with their columns and messages attached.
    if site_wide and (site_rules or summarizers):
        messages: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if "messages" in wants:
            for m in db.messages.find(
                base_q, dict.fromkeys(MESSAGE_FIELDS, 1), batch_size=BATCH_SIZE
            ):
                messages[str(m.get("site") or "")].append(m)
        # Link checks (LINK-*): one document per checked URL with the pages referencing it;
        # a county's can outnumber its articles, so each LINK rule streams its site's.
        link_checks: dict[str, _Stream] = {}
        if "link_checks" in wants:
            for sid in db.link_checks.distinct("site", base_q):
                link_checks[str(sid or "")] = _Stream(db.link_checks, {**base_q, "site": sid})
        # Availability probes (AVAIL-SITE): the home page requested ≥ 20 times a day by the
        # scheduler's probe job; the last PROBE_DAYS days are attached, the rule picks its window.
        probes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        if "probes" in wants:
            since = datetime.combine(today - timedelta(days=PROBE_DAYS), datetime.min.time(), UTC)
            for p in db.probes.find({**base_q, "time": {"$gte": since}}, dict.fromkeys(PROBE_FIELDS, 1),
                                    batch_size=1000):
                probes[str(p.get("site") or "")].append(p)
        sites = {
            str(d["_id"]): d
            for d in db.sites.find(
                {} if site is None else {"_id": site}, dict.fromkeys(SITE_FIELDS, 1)
            )
        }
        for s in [*columns, *messages, *link_checks, *probes]:
            if s and (site is None or s == site):
                sites.setdefault(s, {"_id": s})
        for sid, sdoc in sorted(sites.items()):
            doc = {**sdoc, "site": sid}
            if "columns" in wants:
                doc["columns"] = columns.get(sid, [])
            if "messages" in wants:
                doc["messages"] = messages.get(sid, [])
            if "link_checks" in wants:
                doc["link_checks"] = link_checks.get(sid, ())
            if "probes" in wants:
                doc["probes"] = probes.get(sid, [])
            for r in site_rules:
                out.take(r, r.check(doc), doc, site_level=True)
            for r in summarizers:
                out.take(r, r.summarize(doc), doc, site_level=True)  # type: ignore[attr-defined]

    scope: dict[str, Any] = dict(unit_q)
    checked = [c for c in ran if c not in out.failed]
    scope["rule"] = {"$in": checked}
    if held:
        scope["target"] = {"$nin": sorted(held)}
    mark = _start_time(db, {**unit_q, "rule": {"$in": ran}}, now)
    out.log_times()
    counts = lifecycle.apply_findings(db, out.findings, scope, mark)
    summary = Summary(today, mark, dict(unit_q), ran, counts, errors=sorted(out.failed))
    summary.rows = _rows(db, {**unit_q, "rule": {"$in": ran}}, mark)
    return summary


def _same_instant(a: Any, b: datetime) -> bool:
    if not isinstance(a, datetime):
        return False
    if a.tzinfo is None:
        a = a.replace(tzinfo=UTC)
    return a == b


def _rows(db: Database, query: Mapping[str, Any], mark: datetime) -> list[SummaryRow]:
    acc: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    proj = {"rule": 1, "unit": 1, "status": 1, "first_seen": 1, "resolved_at": 1, "filed": 1}
    for d in db.findings.find(dict(query), proj, batch_size=1000):
        c = acc[(str(d.get("rule")), str(d.get("unit") or ""))]
        status = d.get("status")
        if status == "open":
            c["open"] += 1
            c["new"] += _same_instant(d.get("first_seen"), mark)
            c["filed"] += bool(d.get("filed"))
        elif status == "resolved":
            c["resolved"] += _same_instant(d.get("resolved_at"), mark)
        elif status == "ignored":
            c["ignored"] += 1
    rows = [SummaryRow(rule, u, **c) for (rule, u), c in sorted(acc.items())]
    return [r for r in rows if r.open or r.new or r.resolved or r.ignored]


__all__ = ["BATCH_SIZE", "Summary", "SummaryRow", "china_today", "run"]

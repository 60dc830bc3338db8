"""INTERP rules: 政策解读 — is each policy document interpreted, does each unit interpret?

Which documents are policy documents is decided by
:func:`analyzers.disclosure.policy_document` (the same set the DISC rules
judge: a 发/规 文号 or the 政策文件 column; not party documents, letters or
replies). An article is an interpretation (解读) when its column or 公开目录
names 解读 or its title contains 解读 (or 一图读懂 / 图解, 解读 in picture form).

A policy document is interpreted when a 解读 article of the same site

- links to the document's URL (the usual “近日，<a>《…》</a>正式印发” lead),
  or the document links to the 解读 (a “相关解读” link on the policy page), or
- names it in its title: the document's title or the name of the document
  it issues (X关于印发《Y》的通知 → Y) inside 《》, or its 文号, or the whole
  title minus a 解读 suffix (“Y政策解读”).

Matching is by dictionary lookup on normalised keys: one pass over the
corpus keeping a small record per policy document and per 解读, so time is
linear in the number of articles.

Decisions, for precision:

- Documents written before 2016-02-17 are not judged: 《关于全面推进政务公开
  工作的意见》 (中办发〔2016〕8号), which made 解读 a duty of the drafting unit
  (谁起草谁解读), dates from then (threshold ``since``).
- A document published less than ``grace_days`` (5) days before the analysis
  date is not judged yet: 解读 may follow within 3 working days
  (国办发〔2016〕80号 实施细则).
- Routine administrative documents that are not interpreted in practice
  (setting up or adjusting a 领导小组/指挥部, appointments, commendations,
  circulars of criticism, lists, holiday notices) are not judged.
- Only the site's own documents are judged: a reposted superior document
  (``own_document`` false — 国发/国办发 文号, a 上级文件/转发 column, a
  国务院/省/市 issuer; analyzers/ownership.py) is left out of INTERP-MISSING,
  INTERP-NONE and the coverage table, because 谁起草谁解读 puts its 解读 on
  the issuing body. Undecided documents (``own_document`` null) are judged.
- INTERP-MISSING is not limited to the reporting period: a document without
  解读 stays a fault until one is published, so a rerun resolves the finding
  only when the fault is fixed. INTERP-NONE is a statement about a period.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from analyzers.disclosure import policy_document, written_on
from analyzers.freshness import DatedRule
from analyzers.model import Evidence, Finding, Severity
from analyzers.ownership import DOC_NO_RE, doc_number, own_document

#: 中办发〔2016〕8号 《关于全面推进政务公开工作的意见》.
INTERP_SINCE = dt.date(2016, 2, 17)
GRACE_DAYS = 5
DEFAULT_PERIOD_DAYS = 90

_SPACE_RE = re.compile(r"\s+")
_BOOK_RE = re.compile(r"《([^《》]{2,120})》")
_ISSUES_RE = re.compile(
    r"关于(?:印发|转发|发布|公布|颁布)(.{2,120}?)的(?:通知|决定|公告|通告|命令)$"
)
_INTERP_SUFFIX_RE = re.compile(
    r"(?:的)?(?:政策|文件)?(?:解读|解读材料|解读稿|图解|一图读懂|问答)(?:（[^（）]*）)?$"
)
_INTERP_PREFIX_RE = re.compile(r"^(?:关于|一图读懂|图解|解读|政策解读[:：]?)")
# Documents that are not interpreted in practice (module docstring).
# 一图读懂 / 图解 are interpretations in picture form.
_INTERP_TITLE_RE = re.compile(r"解读|一图读懂|图解")
_ROUTINE_RE = re.compile(
    r"(?:成立|调整|组成|充实).{0,30}(?:领导小组|指挥部|委员会|工作专班|工作组)|"
    r"任免|免职|任职|表彰|嘉奖|通报批评|通报|名单|放假|更正|废止|停止执行"
)
_BRACKETS = str.maketrans(dict.fromkeys("〔［[【", "(") | dict.fromkeys("〕］]】", ")"))
# A name shorter than this (《条例》) names no particular document.
_MIN_NAME = 4
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


# --- records ------------------------------------------------------------------


def _norm(text: str) -> str:
    """NFKC, no whitespace, one bracket style: how titles and names are compared."""
    t = unicodedata.normalize("NFKC", text or "")
    return _SPACE_RE.sub("", t).translate(_BRACKETS)


def _no_key(text: str) -> str | None:
    """A 文号 as (issuer, year, number): 青政办发〔2024〕3号 == 青政办发[2024]3号."""
    m = DOC_NO_RE.search(unicodedata.normalize("NFKC", text or ""))
    return f"{m.group(1)}|{int(m.group(2))}|{int(m.group(3))}" if m else None


def _url(doc: Mapping[str, Any]) -> str:
    return _canon(str(doc.get("url") or doc.get("_id") or ""))


def _canon(url: str) -> str:
    try:
        from store.keys import canonical_url

        return canonical_url(url)
    except Exception:  # a malformed link is compared as written
        return url.strip()


def _date(doc: Mapping[str, Any]) -> dt.date | None:
    return _as_date(doc.get("published_date")) or _as_date(doc.get("published_at"))


def is_interpretation(doc: Mapping[str, Any]) -> bool:
    """A 解读: the column / 公开目录 says 解读, or the title says 解读 / 一图读懂 / 图解."""
    meta = doc.get("meta") or {}
    where = " ".join(
        str(x or "") for x in (doc.get("column_name"), meta.get("category"), meta.get("catalog"))
    )
    return "解读" in where or bool(_INTERP_TITLE_RE.search(str(doc.get("title") or "")))


@dataclass(slots=True)
class _Policy:
    ref: dict[str, Any]
    published: dt.date | None
    written: dt.date | None
    why: str
    keys: set[str]
    links: set[str]
    interpreted_by: str | None = None


@dataclass(slots=True)
class _Interp:
    site: str
    unit: str
    url: str
    published: dt.date | None
    keys: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)


def _names(*names: str) -> set[str]:
    return {"t:" + n for n in names if len(n) >= _MIN_NAME}


def _policy_keys(title: str, number: tuple[str, str, int] | None) -> set[str]:
    t = _norm(title)
    keys = _names(t, *_BOOK_RE.findall(t))
    if m := _ISSUES_RE.search(t):
        keys |= _names(m.group(1).strip("《》"))
    if number and (k := _no_key(number[0])):
        keys.add("n:" + k)
    return keys


def _interp_keys(title: str) -> set[str]:
    t = _norm(title)
    keys = _names(*_BOOK_RE.findall(t))
    bare = _INTERP_PREFIX_RE.sub("", _INTERP_SUFFIX_RE.sub("", t))
    if bare != t and "《" not in bare:
        keys |= _names(bare)
    for m in DOC_NO_RE.finditer(unicodedata.normalize("NFKC", title or "")):
        if k := _no_key(m.group()):
            keys.add("n:" + k)
    return keys


def _ref(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "site": doc.get("site"),
        "unit": doc.get("unit"),
        "url": doc.get("url") or doc.get("_id"),
        "column_id": doc.get("column_id"),
        "title": str(doc.get("title") or doc.get("list_title") or ""),
    }


@dataclass(slots=True)
class Linkage:
    """Policy documents and 解读 of a corpus, linked."""

    policies: list[_Policy]
    interps: list[_Interp]


def link(articles: Iterable[Mapping[str, Any]], since: dt.date = INTERP_SINCE) -> Linkage:
    """One pass over the articles, then dictionary lookups: linear time.

    Policy documents written before ``since`` and routine documents are left
    out (module docstring).
    """
    policies: list[_Policy] = []
    interps: list[_Interp] = []
    for doc in articles:
        title = str(doc.get("title") or doc.get("list_title") or "")
        links = {
            _canon(str(x.get("url") or ""))
            for x in doc.get("links") or []
            if isinstance(x, Mapping) and x.get("url")
        }
        if is_interpretation(doc):
            interps.append(
                _Interp(
                    str(doc.get("site") or ""),
                    str(doc.get("unit") or ""),
                    _url(doc),
                    _date(doc),
                    _interp_keys(title),
                    links,
                )
            )
            continue
        is_policy, why = policy_document(doc)
        if not is_policy or _ROUTINE_RE.search(title):
            continue
        if own_document(doc)[0] is False:
            continue  # a reposted superior document: the issuer owes its 解读
        written = written_on(doc)
        if written is not None and written < since:
            continue
        policies.append(
            _Policy(
                _ref(doc), _date(doc), written, why, _policy_keys(title, doc_number(doc)), links
            )
        )

    by_url: dict[tuple[str, str], list[_Policy]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[_Policy]] = defaultdict(list)
    for p in policies:
        site = str(p.ref["site"] or "")
        by_url[(site, _canon(str(p.ref["url"])))].append(p)
        for k in p.keys:
            by_key[(site, k)].append(p)
    interp_urls = {(i.site, i.url): i for i in interps}
    for i in interps:
        targets = [p for u in i.links for p in by_url.get((i.site, u), ())]
        targets += [p for k in i.keys for p in by_key.get((i.site, k), ())]
        for p in targets:
            p.interpreted_by = p.interpreted_by or i.url
    for p in policies:
        if p.interpreted_by is None:
            site = str(p.ref["site"] or "")
            found = next(
                (interp_urls[(site, u)] for u in p.links if (site, u) in interp_urls), None
            )
            if found is not None:
                p.interpreted_by = found.url
    return Linkage(policies, interps)


def interpretation_coverage(
    articles: Iterable[Mapping[str, Any]],
    period: Period | tuple[Any, Any] | str | None = None,
    today: dt.date | None = None,
) -> dict[str, dict[str, int]]:
    """Per unit: policy documents (published in ``period`` when given) and how
    many of them have a 解读, for the bulletin's coverage table."""
    win = parse_period(period, today or dt.date.today()) if period is not None else None
    out: dict[str, dict[str, int]] = {}
    for p in link(articles).policies:
        if win is not None and p.published not in win:
            continue
        row = out.setdefault(str(p.ref["unit"] or ""), {"policies": 0, "interpreted": 0})
        row["policies"] += 1
        row["interpreted"] += p.interpreted_by is not None
    return dict(sorted(out.items()))


# --- rules --------------------------------------------------------------------


class InterpMissingRule(DatedRule):
    """政策文件未发布解读: a policy document (disclosure.policy_document) of the
    site's own that no 解读 of the site links to or names in its title (module
    docstring: reposted superior documents, the 2016-02-17 cutoff, the 5-day
    grace and the routine documents left out).
    """

    code = "INTERP-MISSING"
    problem_class = "INTERP"
    severity = Severity.DEDUCT
    message = "政策文件未发布政策解读：《{title}》（{why}，发布日期{date}）"
    hint = "按“谁起草谁解读”原则发布解读材料，并在解读中链接或注明所解读文件的标题、文号"
    applies_to = "articles"
    fields: ClassVar[tuple[str, ...]] = (
        "title", "list_title", "meta", "body_text", "links", "published_date", "published_at",
        "column_name", "own_document", "own_document_reason",
    )  # fmt: skip

    def find(self, doc: Any) -> Iterator[Finding]:
        since = _as_date(self.thresholds.get("since")) or INTERP_SINCE
        grace = int(self.thresholds.get("grace_days", GRACE_DAYS))
        cutoff = self.today - dt.timedelta(days=grace)
        for p in link(doc, since).policies:
            if p.interpreted_by is not None:
                continue
            if p.published is not None and p.published > cutoff:
                continue  # the 解读 may still come within the grace days
            title = str(p.ref["title"])
            ev = Evidence(title, 0, len(title), f"政策文件：{p.ref['url']}", "title")
            date = p.published.isoformat() if p.published else "未知"
            yield self.finding(p.ref, ev, title=title, why=p.why, date=date)


class InterpNoneRule(DatedRule):
    """单位或全站未发布政策解读: a unit that published policy documents of its own in the
    period while no 解读 of its documents, and no 解读 of its own, was
    published in the period; and the whole site when it published policy
    documents but no 解读 at all in the period (seed bulletin (四) 政策解读差距大).

    The period is the runner's ``period`` (a quarter such as 2026Q3), else the
    90 days up to the analysis date.
    """

    code = "INTERP-NONE"
    problem_class = "INTERP"
    severity = Severity.DEDUCT
    message = "{who}{period}发布政策文件{n}件，未发布政策解读"
    hint = "对本期发布的政策文件同步发布解读材料（谁起草谁解读）"
    applies_to = "articles"
    uses_period: ClassVar[bool] = True
    fields: ClassVar[tuple[str, ...]] = InterpMissingRule.fields

    def __init__(
        self,
        thresholds: Mapping[str, Any] | None = None,
        today: dt.date | None = None,
        period: Period | tuple[Any, Any] | str | None = None,
    ) -> None:
        super().__init__(thresholds, today)
        self._period = period

    @property
    def period(self) -> Period:
        return parse_period(self._period, self.today)

    def find(self, doc: Any) -> Iterator[Finding]:
        period = self.period
        since = _as_date(self.thresholds.get("since")) or INTERP_SINCE
        linkage = link(doc, since)
        docs: dict[tuple[str, str], list[_Policy]] = defaultdict(list)
        for p in linkage.policies:
            if p.published in period:
                docs[(str(p.ref["site"] or ""), str(p.ref["unit"] or ""))].append(p)
        interp_units: set[tuple[str, str]] = set()
        interp_sites: set[str] = set()
        for i in linkage.interps:
            if i.published in period:
                interp_units.add((i.site, i.unit))
                interp_sites.add(i.site)
        interpreted = {
            (site, unit)
            for (site, unit), ps in docs.items()
            if any(p.interpreted_by is not None for p in ps)
        }
        for (site, unit), ps in sorted(docs.items()):
            if (site, unit) in interpreted or (site, unit) in interp_units:
                continue
            yield self._finding(site, unit, unit or "（未知单位）", ps, period)
        by_site: dict[str, list[_Policy]] = defaultdict(list)
        for (site, _), ps in docs.items():
            by_site[site].extend(ps)
        for site, ps in sorted(by_site.items()):
            if site not in interp_sites:
                yield self._finding(site, "", "全站", ps, period)

    def _finding(
        self, site: str, unit: str, who: str, ps: list[_Policy], period: Period
    ) -> Finding:
        ps = sorted(ps, key=lambda p: (p.published or dt.date.min, str(p.ref["url"])))
        titles = "；".join(f"《{p.ref['title']}》" for p in ps[:3]) + ("等" if len(ps) > 3 else "")
        text = f"{period.label}：政策文件{len(ps)}件，政策解读0件"
        ev = Evidence(text, -1, -1, titles, "unit")
        target = f"{site}#单位:{unit}" if unit else f"{site}#全站"
        ref = {"site": site, "unit": unit, "url": target}
        f = self.finding(ref, ev, target=target, who=who, period=period.label, n=len(ps))
        f.extra.update(
            period_start=period.start.isoformat(),
            period_end=(period.end - dt.timedelta(days=1)).isoformat(),
            policies=[str(p.ref["url"]) for p in ps],
        )
        return f


INTERP_RULES: tuple[type[DatedRule], ...] = (InterpMissingRule, InterpNoneRule)

__all__ = [
    "INTERP_RULES",
    "InterpMissingRule",
    "InterpNoneRule",
    "Linkage",
    "Period",
    "interpretation_coverage",
    "is_interpretation",
    "link",
    "parse_period",
]

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
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar

from analyzers.freshness import DatedRule
from analyzers.interp_linkage import INTERP_SINCE, Linkage, _Policy, is_interpretation, link
from analyzers.interp_period import Period, _as_date, parse_period
from analyzers.model import Evidence, Finding, Severity

GRACE_DAYS = 5


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

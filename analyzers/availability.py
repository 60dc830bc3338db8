"""AVAIL-SITE: the homepage does not open across repeated probes (站点无法访问).

The scheduler's probe job (service/jobs.py) requests each site's home page at
least 20 times a day with a 15 s timeout and stores every probe in ``probes``
(``site``, ``url``, ``time``, ``ok``, ``status``, ``latency_ms``, ``error``).
The runner attaches a site's recent probes to its site document
(``site_context = ("probes",)``); this rule judges the window ending on the
analysis date: a failure ratio at or above ``veto_ratio`` (5 %) is the
national veto. A window with fewer probes than ``min_probes_per_day`` × its
days says too little to judge, so it yields nothing (precision first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any, ClassVar

from analyzers.freshness import CHINA_TZ, DatedRule
from analyzers.model import Evidence, Finding, Severity


class AvailabilityRule(DatedRule):
    """站点无法访问: the home page failed in ≥ 5 % of the probes over the window (veto).

    Input: the site document with ``probes`` attached. A probe failed when it
    got no 200 answer within the timeout (``ok`` false). Evidence: the counts
    and the commonest failure reasons.
    """

    code = "AVAIL-SITE"
    problem_class = "AVAIL"
    severity = Severity.VETO
    message = "首页监测{days}天共探测{total}次，{failed}次无法访问，失败率{ratio:.1%}（≥{limit:.0%}）"
    hint = "排查服务器、网络和防护设备，保障网站首页稳定可访问；监测期内失败率须低于{limit:.0%}"
    applies_to = "site"
    site_context: ClassVar[tuple[str, ...]] = ("probes",)

    def window(self) -> tuple[datetime, datetime]:
        """[start, end) in UTC: the ``window_days`` China-local days ending with the analysis date."""
        end_local = datetime.combine(self.today + timedelta(days=1), time(), CHINA_TZ)
        start_local = end_local - timedelta(days=int(self.thresholds["window_days"]))
        return start_local.astimezone(UTC), end_local.astimezone(UTC)

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        start, end = self.window()
        probes = [p for p in doc.get("probes") or () if _in(p.get("time"), start, end)]
        days = int(self.thresholds["window_days"])
        if len(probes) < int(self.thresholds["min_probes_per_day"]) * days:
            return  # too few probes to judge the national indicator
        failed = [p for p in probes if not p.get("ok")]
        ratio = len(failed) / len(probes)
        limit = float(self.thresholds["veto_ratio"])
        if ratio < limit:
            return
        reasons = Counter(str(p.get("error") or f"http_{p.get('status')}") for p in failed)
        text = "；".join(f"{reason} {n}次" for reason, n in reasons.most_common(5))
        evidence = Evidence(text, -1, -1, f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M} UTC", "probes")
        f = self.finding(doc, evidence, target=str(doc.get("home_url") or doc.get("site") or ""),
                         days=days, total=len(probes), failed=len(failed), ratio=ratio, limit=limit)
        f.extra.update(total=len(probes), failed=len(failed), ratio=round(ratio, 4))
        yield f


def _in(moment: Any, start: datetime, end: datetime) -> bool:
    if not isinstance(moment, datetime):
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return start <= moment < end


AVAIL_RULES: tuple[type[DatedRule], ...] = (AvailabilityRule,)

"""FRESH-MEDIA: a government new-media account that does not post every two weeks.

Judged only on accounts the crawler could read (``status`` "ok"): an account
behind a login wall, a captcha or a rate limit, with an empty timeline or a
changed page, is "not checkable" and never reported stale. Three outcomes:

- veto: nothing posted in the ``limit_days`` (14) before the analysis date — the
  national indicators' 单项否决 for new media (监测时间点前2周内无更新);
- notice: the early warning after ``warn_days`` (10), same finding id, so a
  warned account that goes stale is one finding whose severity rises;
- deduct: a silence longer than the limit between two posts within the last
  ``period_days`` (the quarter), one finding per silence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from analyzers.freshness import DatedRule, parse_date, span_text
from analyzers.model import Evidence, Finding, Severity

PLATFORM_NAMES = {"wechat": "微信公众号", "weibo": "微博", "douyin": "抖音号", "kuaishou": "快手号"}


def account_label(doc: Mapping[str, Any]) -> str:
    """How a bulletin names an account: 县医保局的“青禾医保”微信公众号."""
    platform = PLATFORM_NAMES.get(str(doc.get("platform")), str(doc.get("platform") or ""))
    return f"{doc.get('unit') or ''}的“{doc.get('name') or ''}”{platform}"


def account_evidence(doc: Mapping[str, Any], field: str = "account", text: str | None = None) -> Evidence:
    shown = str(doc.get("name") or "") if text is None else text
    return Evidence(shown, 0, len(shown), account_label(doc), field)


class FreshMediaRule(DatedRule):
    """政务新媒体更新不及时: an account with no post within two weeks (veto), or a longer silence in the quarter."""

    code = "FRESH-MEDIA"
    problem_class = "FRESH"
    severity = Severity.VETO
    message = "{problem}"
    hint = "{fix}"
    applies_to = "account"
    fields: ClassVar[tuple[str, ...]] = ("platform", "name", "status", "reason", "post_dates")

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.get("status") != "ok":
            return
        dates = sorted({d for d in (parse_date(s) for s in doc.get("post_dates") or []) if d and d <= self.today},
                       reverse=True)
        if not dates:
            return
        limit, warn = int(self.thresholds["limit_days"]), int(self.thresholds["warn_days"])
        label, span = account_label(doc), span_text(limit)
        age = (self.today - dates[0]).days
        extra = {"newest_date": dates[0].isoformat(), "age_days": age, "limit_days": limit}
        if age > limit:
            f = self.finding(doc, account_evidence(doc),
                             problem=f"{label}超过{span}未更新（最近发布{dates[0].isoformat()}，已{age}天）",
                             fix=f"每{span}至少更新1次；无力维护的账号报经县政府办公室同意后注销")
            yield replace(f, extra={**extra, "level": "stale"})
        elif age > warn:
            f = self.finding(doc, account_evidence(doc),
                             problem=f"预警：{label}已{age}天未更新，{limit - age}天后将超过{span}的更新时限",
                             fix=f"在{limit - age}天内发布信息")
            yield replace(f, severity=Severity.NOTICE, extra={**extra, "level": "warning"})
        yield from self._silences(doc, dates, limit)

    def _silences(self, doc: Mapping[str, Any], dates: list[date], limit: int) -> Iterator[Finding]:
        start = self.today.toordinal() - int(self.thresholds["period_days"])
        for newer, older in zip(dates, dates[1:], strict=False):
            gap = (newer - older).days
            if gap <= limit or newer.toordinal() < start:
                continue
            span = f"{older.isoformat()}至{newer.isoformat()}"
            f = self.finding(doc, account_evidence(doc, "post_dates", span),
                             problem=f"{account_label(doc)}在{span}间{gap}天未更新（超过{span_text(limit)}）",
                             fix=f"保持每{span_text(limit)}至少更新1次")
            yield replace(f, severity=Severity.DEDUCT,
                          extra={"level": "silence", "gap_days": gap, "from": older.isoformat(),
                                 "to": newer.isoformat()})


FRESH_MEDIA_RULES = (FreshMediaRule,)

"""INTERACT rules: 互动回应 (late mailbox answers, missing or dead channel), and
the mailbox counts of the bulletin's 总体情况.

Both rules judge a whole site: the runner hands them the site document with
``columns`` (the site's column documents) and ``messages`` (its leader-mailbox
messages) attached. A mailbox belongs to the site, not to one unit's columns,
so these rules run (and resolve) only in site-wide runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from analyzers.freshness import DatedRule, parse_date
from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule

#: Statuses of messages that need no answer (not a "valid message" in the
#: national indicators' sense); matched as substrings.
INVALID_STATUSES = ("无效", "不予受理", "重复留言", "已删除")
CLOSED_STATUSES = ("已办结", "已回复", "已答复", "办结")


def is_valid(msg: Mapping[str, Any]) -> bool:
    status = str(msg.get("status") or "")
    return not any(s in status for s in INVALID_STATUSES)


def is_closed(msg: Mapping[str, Any]) -> bool:
    """Answered: a reply date, or a closed status when the site shows no date."""
    if parse_date(msg.get("answered_date")) is not None:
        return True
    status = str(msg.get("status") or "")
    return any(s in status for s in CLOSED_STATUSES)


def late_days(
    msg: Mapping[str, Any], today: date, limit_days: int = 90, window_days: int = 365
) -> tuple[int, bool] | None:
    """(days waited, answered?) when a valid message of the last ``window_days``
    waited more than ``limit_days`` for its answer; else None."""
    received = parse_date(msg.get("received_date"))
    if received is None or not is_valid(msg):
        return None
    if not 0 <= (today - received).days <= window_days:
        return None
    answered = parse_date(msg.get("answered_date"))
    if answered is not None:
        waited = (answered - received).days
        return (waited, True) if waited > limit_days else None
    if is_closed(msg):  # closed without a visible date: lateness cannot be judged
        return None
    waited = (today - received).days
    return (waited, False) if waited > limit_days else None


class InteractLateRule(DatedRule):
    """留言办理超期: a valid leader-mailbox message received within the last year
    that is unanswered after more than 3 months, or was answered after more
    than 3 months (veto in the national indicators).

    A message closed without a visible reply date is not judged.
    """

    code = "INTERACT-LATE"
    problem_class = "INTERACT"
    severity = Severity.VETO
    message = "{problem}"
    hint = "{fix}"
    applies_to = "site"
    fields: ClassVar[tuple[str, ...]] = ("name", "home_url")
    site_context: ClassVar[tuple[str, ...]] = ("messages",)

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        limit = int(self.thresholds["limit_days"])
        window = int(self.thresholds["window_days"])
        site = doc.get("_id") or doc.get("site")
        for msg in doc.get("messages") or []:
            late = late_days(msg, self.today, limit, window)
            if late is None:
                continue
            waited, answered = late
            title = str(msg.get("title") or "")
            received = msg.get("received_date")
            if answered:
                problem = f"留言超过3个月才答复（{received}收到，{waited}天后答复）：“{title}”"
                fix = "留言应在3个月内答复"
            else:
                problem = f"留言超过3个月未答复（{received}收到，已{waited}天）：“{title}”"
                fix = "尽快办理并答复留言"
            ev = Evidence(title, 0, len(title), str(msg.get("question") or "")[:40], "title")
            f = self.finding({**msg, "site": msg.get("site") or site}, ev, problem=problem, fix=fix)
            yield replace(
                f, extra={"received_date": received, "waited_days": waited, "answered": answered}
            )


class InteractChannelRule(Rule):
    """互动渠道缺失: the site has no leader-mailbox / consultation column, or the
    one it has could not be crawled (veto in the national indicators).

    Needs ``columns`` on the site document; without it nothing is judged, so a
    partial load never reports a missing channel.
    """

    code = "INTERACT-CHANNEL"
    problem_class = "INTERACT"
    severity = Severity.VETO
    message = "{problem}"
    hint = "{fix}"
    applies_to = "site"
    fields: ClassVar[tuple[str, ...]] = ("name", "home_url")
    site_context: ClassVar[tuple[str, ...]] = ("columns",)

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        columns = doc.get("columns")
        if columns is None:
            return
        site = str(doc.get("_id") or doc.get("site") or "")
        boxes = [c for c in columns if c.get("kind") == "mailbox" or c.get("category") == "互动"]
        if not boxes:
            text = "领导信箱"
            ev = Evidence(text, -1, -1, str(doc.get("home_url") or ""), "site")
            f = self.finding(
                {"site": site, "unit": "", "url": doc.get("home_url") or site},
                ev,
                problem="网站未开设领导信箱、咨询投诉等互动交流栏目",
                fix="开设可正常使用的留言咨询渠道",
            )
            yield replace(f, extra={"scope": "site"})
            return
        for col in boxes:
            if col.get("status", "ok") != "failed":
                continue
            name = str(col.get("name") or "")
            ev = Evidence(name, 0, len(name), str(col.get("url") or ""), "column")
            yield self.finding(
                {**col, "site": col.get("site") or site},
                ev,
                problem=f"互动栏目“{name}”无法访问",
                fix="修复互动栏目，保证留言渠道可用",
            )


def mailbox_stats(
    messages: Iterable[Mapping[str, Any]], period: tuple[date, date]
) -> dict[str, int]:
    """Leader-mailbox counts for the bulletin (“领导信箱留言”收件N件，办结M件).

    ``received``: messages received within ``period`` (inclusive dates);
    ``answered``: those of them closed by the end of the period (a reply date
    on or before it, or a closed status when the site shows no reply date).
    """
    start, end = period
    received = answered = 0
    for msg in messages:
        day = parse_date(msg.get("received_date"))
        if day is None or not start <= day <= end:
            continue
        received += 1
        reply = parse_date(msg.get("answered_date"))
        if (reply is not None and reply <= end) or (reply is None and is_closed(msg)):
            answered += 1
    return {"received": received, "answered": answered}


INTERACT_RULES: tuple[type[Rule], ...] = (InteractLateRule, InteractChannelRule)

"""REVIEW-EXPRESSION: 严重表述错误 (renamed bodies, outdated formulations)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, context_of
from analyzers.wordlists import (
    Matcher,
    Term,
    _sentence,
    _texts,
    _yaml,
)

# --- REVIEW-EXPRESSION -------------------------------------------------------

_EXPR_SOURCES = {
    "GWY2018": "2018年《国务院机构改革方案》",
    "DF2018": "《关于地方机构改革有关问题的指导意见》（县级机构改革2019年3月底前完成）",
    "XCZX2021": "国家乡村振兴局2021年2月25日挂牌",
    "SW2018": "国税地税征管体制改革（县级税务局2018年7月20日挂牌）",
    "XJP2021": "庆祝中国共产党成立100周年大会宣告全面建成小康社会（2021年7月1日）",
    "PARTY": "《中国共产党章程》",
}
# Sentences about the reform itself name the old bodies on purpose.
_HISTORY_RE = re.compile(r"组建|更名|改名|整合|不再保留|撤销|划入|划转|挂牌|前身|机构改革|合并")


@cache
def expression_matcher() -> Matcher:
    terms = []
    for e in _yaml("expressions.yaml").get("entries") or []:
        until = e["valid_until"]
        if not isinstance(until, dt.date):
            until = dt.date.fromisoformat(str(until))
        terms.append(
            Term(
                str(e["term"]),
                str(e.get("why") or ""),
                str(e["use"]),
                _EXPR_SOURCES.get(e["source"], str(e["source"])),
                tuple(e.get("not_before") or ()),
                tuple(e.get("not_after") or ()),
                valid_until=until,
            )
        )
    return Matcher(terms)


def published_date(doc: Mapping[str, Any]) -> dt.date | None:
    """The article's own publication date: published_at, else the metadata."""
    p = doc.get("published_at")
    if isinstance(p, dt.datetime):
        return p.date()
    if isinstance(p, dt.date):
        return p
    meta = doc.get("meta") or {}
    for key in ("pub_date", "published", "date"):
        if m := re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", str(meta.get(key) or "")):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def judged_date(doc: Mapping[str, Any]) -> dt.date | None:
    """The date an article's wording is judged by: its publication date, or
    the document's own 成文日期 when earlier — a 2004 letter republished in
    2018 rightly names the 国土资源部 of 2004."""
    dates = [d for d in (published_date(doc), written_date(doc)) if d is not None]
    return min(dates) if dates else None


def written_date(doc: Mapping[str, Any]) -> dt.date | None:
    """成文日期 from the metadata, else the last date-only line of the body."""
    from analyzers.disclosure import written_from_text

    meta = doc.get("meta") or {}
    return written_from_text(str(meta.get("written_date") or "")) or written_from_text(
        last_date_line(doc.get("body_text") or "")
    )


def last_date_line(body: str) -> str:
    from analyzers.disclosure import is_date_line

    lines = [line for line in body.splitlines() if is_date_line(line)]
    return lines[-1] if lines else ""


def _historical(text: str, s: int, e: int) -> bool:
    clause_start = max(text.rfind(c, 0, s) for c in "，。；：、！？\n\r（(“") + 1
    if "原" in text[max(clause_start, s - 10) : s]:
        return True
    return bool(_HISTORY_RE.search(_sentence(text, s, e)))


class ExpressionRule(Rule):
    """严重表述错误（过时表述）: the name of a renamed or abolished institution,
    or an outdated formulation, in an article published on or after the day
    it stopped being valid (expressions.yaml: valid_until and source per
    entry). Judged by the article's own date (publication, or the document's
    成文日期 when earlier); not judged when no date is known. Historical mentions (原…, （原…）, sentences about the
    reform: 组建/更名/整合/不再保留 …) are not flagged.
    """

    code = "REVIEW-EXPRESSION"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "严重表述错误：「{text}」{why}"
    hint = "改为「{use}」（依据：{source}）{tip}"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        published = judged_date(doc)
        if published is None:
            return
        for field_name, text in _texts(doc):
            for s, e, t in expression_matcher().hits(text):
                if t.valid_until is None or published < t.valid_until or _historical(text, s, e):
                    continue
                ev = Evidence(text[s:e], s, e, context_of(text, s, e), field_name)
                if t.kind:  # a wrong formulation, not a renamed body
                    why, tip = f"{t.kind}（文章日期{published.isoformat()}）", ""
                else:
                    why = f"自{t.valid_until.isoformat()}起已不再使用（文章日期{published.isoformat()}）"
                    tip = f"；如指改革前的机构，写作“原{ev.text}”"
                yield self.finding(
                    doc, ev, text=ev.text, why=why, use=t.suggest, source=t.source, tip=tip
                )


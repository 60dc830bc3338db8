"""FORMAT rules: 信息发布格式混乱 (punctuation, title, line breaks, fonts, tables)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import lxml.etree
import lxml.html

from analyzers.format_font import FontRule, _evidence_for, parse_html
from analyzers.format_punct import PunctRule
from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, iter_lines, make_evidence

log = logging.getLogger(__name__)

_HAN_SPLIT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")


_TITLE_BAD_END = "，。、；：,.;:"
_DOC_NUMBER_RE = re.compile(r"^\s*\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号\s*$")


class TitleRule(Rule):
    """标题格式错误: trailing punctuation, stray or doubled spaces, over-long,
    empty, or the title repeated as the first line of the body.

    A document whose title is unknown (``title`` None, e.g. a .txt file) is
    not checked; an empty string is an empty title.
    """

    code = "FORMAT-TITLE"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "标题格式错误：{problem}"
    hint = "{fix}"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        title = doc.get("title")
        if title is None:
            return
        if not title.strip():
            ev = Evidence(title, 0, len(title), "", "title")
            yield self.finding(doc, ev, problem="标题为空", fix="补充标题")
            return
        if m := re.match(r"\s+", title):
            ev = make_evidence(title, m.start(), m.end(), "title")
            yield self.finding(doc, ev, problem="标题开头有空格", fix="删除标题开头的空格")
        for m in re.finditer(r"(?<=\S)\s{2,}(?=\S)", title):
            ev = make_evidence(title, m.start(), m.end(), "title")
            yield self.finding(doc, ev, problem="标题中有连续空格", fix="删除多余空格")
        if m := re.search(r"\s+$", title):
            ev = make_evidence(title, m.start(), m.end(), "title")
            yield self.finding(doc, ev, problem="标题末尾有空格", fix="删除标题末尾的空格")
        # One space between two phrases is a common headline style (凝心聚力 共谋发展);
        # several spaces chopping a title into words are stray (县农业农村局 召开 …会议).
        splits = list(_HAN_SPLIT_RE.finditer(title))
        if len(splits) >= 2:
            ev = make_evidence(title, splits[0].start(), splits[-1].end(), "title")
            yield self.finding(doc, ev, problem=f"标题中有{len(splits)}处空格把词语隔开",
                               fix="删除标题中的多余空格")
        stripped = title.rstrip()
        if stripped and stripped[-1] in _TITLE_BAD_END:
            i = len(stripped) - 1
            ev = make_evidence(title, i, i + 1, "title")
            yield self.finding(
                doc, ev, problem=f"标题末尾有标点「{stripped[-1]}」", fix="删除标题末尾的标点"
            )
        limit = int(self.thresholds["max_length"])
        length = len(title.strip())
        if length > limit:
            s = len(title) - len(title.lstrip())
            ev = make_evidence(title, s, s + length, "title")
            yield self.finding(
                doc, ev, problem=f"标题过长（{length}字，上限{limit}字）", fix="精简标题"
            )
        body = doc.get("body_text") or ""
        lines = [(off, line) for off, line in iter_lines(body) if line.strip()]
        for off, line in lines[:1]:
            # An official document printed whole (title, then 文号) carries its
            # own title by GB/T 9704; only a plain article repeats it.
            if any(_DOC_NUMBER_RE.search(nxt) for _, nxt in lines[1:3]):
                break
            if re.sub(r"\s+", "", line) == re.sub(r"\s+", "", title):
                s = off + len(line) - len(line.lstrip())
                ev = make_evidence(body, s, off + len(line.rstrip()))
                yield self.finding(
                    doc, ev, problem="正文首行重复标题", fix="删除正文开头重复的标题"
                )
            break


class LinebreakRule(Rule):
    """正文未按要求换行: one body line (paragraph) far longer than normal."""

    code = "FORMAT-LINEBREAK"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "正文未按要求换行：一段长达{length}字（上限{limit}字）"
    hint = "按内容分段换行，每段不超过{limit}字"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        body = doc.get("body_text") or ""
        limit = int(self.thresholds["max_line_chars"])
        for off, line in iter_lines(body):
            text = line.strip()
            if len(text) > limit:
                s = off + len(line) - len(line.lstrip())
                ev = make_evidence(body, s, s + len(text))
                yield self.finding(doc, ev, length=len(text), limit=limit)


def _row_widths(table: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, int]]:
    """Each row with the number of grid columns it occupies (colspan/rowspan)."""
    rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    out = []
    for tr in rows:
        covered = {c for c, left in pending.items() if left > 0}
        col = 0
        width = len(covered)
        new_spans: dict[int, int] = {}
        for cell in tr.xpath("./td|./th"):
            while col in covered:
                col += 1
            cs = _span(cell.get("colspan"))
            rs = _span(cell.get("rowspan"))
            for k in range(cs):
                if rs > 1:
                    new_spans[col + k] = rs - 1
            col += cs
            width += cs
        pending = {c: left - 1 for c, left in pending.items() if left > 1}
        pending.update(new_spans)
        out.append((tr, width))
    return out


def _span(v: str | None) -> int:
    try:
        n = int(str(v).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), 1000)


class TableRule(Rule):
    """表格格式错误: rows with unequal cell counts (after colspan/rowspan),
    empty tables, and a one-cell layout table wrapping the body.
    """

    code = "FORMAT-TABLE"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "表格格式错误：{problem}"
    hint = "{fix}"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        root = parse_html(doc.get("body_html"))
        if root is None:
            return
        body = doc.get("body_text") or ""
        total = len(re.sub(r"\s+", "", root.text_content()))
        share = float(self.thresholds["layout_share"])
        for n, table in enumerate(root.iter("table"), 1):
            text = re.sub(r"\s+", "", table.text_content())
            cells = table.xpath(".//td|.//th")
            if not text and not table.xpath(".//img"):
                ev = Evidence("", -1, -1, f"第{n}个表格", "body")
                yield self.finding(doc, ev, problem=f"第{n}个表格为空", fix="删除空表格或补充内容")
                continue
            if len(cells) == 1 and total and len(text) >= share * total:
                yield self.finding(
                    doc,
                    _evidence_for(body, cells[0].text_content()),
                    problem="正文套在单个表格单元格中（布局表格）",
                    fix="去掉外层表格，正文直接排版",
                )
                continue
            widths = _row_widths(table)
            if len(widths) < 2:
                continue
            counts = Counter(w for _, w in widths)
            if len(counts) < 2:
                continue
            majority = max(counts, key=lambda w: (counts[w], w))
            for i, (tr, w) in enumerate(widths, 1):
                if w != majority:
                    cell_texts = [c.text_content().strip() for c in tr.xpath("./td|./th")]
                    first = next((t for t in cell_texts if t), "")
                    ev = (
                        _evidence_for(body, first)
                        if first
                        else Evidence("", -1, -1, f"第{n}个表格第{i}行", "body")
                    )
                    yield self.finding(
                        doc,
                        ev,
                        problem=f"第{n}个表格第{i}行有{w}列，其他行为{majority}列",
                        fix="补齐或合并单元格，使各行列数一致",
                    )
                    break


FORMAT_RULES: tuple[type[Rule], ...] = (PunctRule, TitleRule, LinebreakRule, FontRule, TableRule)

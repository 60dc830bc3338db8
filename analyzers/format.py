"""FORMAT rules: 信息发布格式混乱 (punctuation, title, line breaks, fonts, tables)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import lxml.etree
import lxml.html

from analyzers.format_punct import PunctRule
from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, context_of, iter_lines, make_evidence

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


# --- HTML helpers -----------------------------------------------------------

_SKIP_ANCESTORS = {"table", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "thead", "th"}
_HEADING_RE = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分]|[一二三四五六七八九十]+、|"
    r"[（(][一二三四五六七八九十]+[）)]|\d+[.．、]|[（(]\d+[）)]|附件\d*[：:]?\s*$)"
)


def parse_html(html: str | None) -> lxml.html.HtmlElement | None:
    """The body HTML as an element tree, None when empty or unparsable."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        log.debug("unparsable body_html: %s", exc)
        return None


def parse_style(style: str | None) -> dict[str, str]:
    """Inline CSS declarations, lower-cased, without !important."""
    out: dict[str, str] = {}
    for decl in (style or "").split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            v = v.replace("!important", "").strip().lower()
            if v:
                out[k.strip().lower()] = v
    return out


def _norm_family(v: str) -> str:
    first = v.split(",")[0]
    return first.strip().strip("'\"").strip()


def _norm_size(v: str) -> str:
    m = re.fullmatch(r"([\d.]+)\s*(px|pt)?", v.strip())
    if not m:
        return v.strip()
    try:
        num = float(m.group(1))
    except ValueError:
        return v.strip()
    if m.group(2) == "pt":
        num = num * 4 / 3  # CSS: 1pt = 4/3 px; 12pt and 16px render the same
    return f"{round(num * 2) / 2:g}px"


def _declared(el: lxml.html.HtmlElement) -> dict[str, str]:
    """Font declarations an element makes: inline style or <font face/size>."""
    st = parse_style(el.get("style"))
    out: dict[str, str] = {}
    if "font-family" in st:
        out["font-family"] = _norm_family(st["font-family"])
    if "font-size" in st:
        out["font-size"] = _norm_size(st["font-size"])
    if el.tag == "font":
        if el.get("face"):
            out.setdefault("font-family", _norm_family(el.get("face", "").lower()))
        if el.get("size"):
            out.setdefault("font-size", f"font size={el.get('size', '').strip()}")
    return out


def _text_runs(
    el: lxml.html.HtmlElement, inherited: dict[str, str], out: list[tuple[str, dict[str, str]]]
) -> None:
    """Each text node of ``el`` in order, with the font declarations in effect."""
    eff = {**inherited, **_declared(el)}
    if el.text and el.text.strip():
        out.append((el.text.strip(), eff))
    for child in el:
        if isinstance(child.tag, str):
            _text_runs(child, eff, out)
        if child.tail and child.tail.strip():
            out.append((child.tail.strip(), eff))


_PAREN_NOTE_RE = re.compile(r"^[（(][^（）()]*[）)][。；，]?$")


def _paragraph_fonts(p: lxml.html.HtmlElement, inherited: dict[str, str]) -> dict[str, str]:
    """The font a paragraph's body text is set in, by characters.

    A leading run-in heading (（一）坚持深化改革。) and whole parenthetical
    notes (（税务总局负责）) are set apart on purpose (GB/T 9704 楷体/黑体),
    so they do not vote.
    """
    runs: list[tuple[str, dict[str, str]]] = []
    _text_runs(p, inherited, runs)
    if len(runs) > 1 and _HEADING_RE.match(runs[0][0]):
        runs = runs[1:]
    voting = [r for r in runs if not _PAREN_NOTE_RE.match(r[0])] or runs
    out: dict[str, str] = {}
    for prop in ("font-family", "font-size"):
        weights: Counter[str] = Counter()
        for text, eff in voting:
            weights[eff.get(prop, "")] += len(text)
        if weights:
            out[prop] = weights.most_common(1)[0][0]
    return out


def _aligned_off_left(el: lxml.html.HtmlElement) -> bool:
    align = parse_style(el.get("style")).get("text-align") or (el.get("align") or "").lower()
    return align in {"center", "right"}


def locate(body: str, needle: str, cursor: int = 0) -> tuple[int, int]:
    """Offsets of an HTML element's text in body_text, (-1, -1) if absent."""
    needle = re.sub(r"\s+", " ", needle).strip()
    if not needle or not body:
        return -1, -1
    for probe in (needle, needle[:30], needle.split(" ")[0][:30]):
        if not probe:
            continue
        i = body.find(probe, cursor)
        if i < 0:
            i = body.find(probe)
        if i >= 0:
            return i, i + len(probe)
    return -1, -1


def _evidence_for(body: str, text: str, cursor: int = 0) -> Evidence:
    s, e = locate(body, text, cursor)
    if s < 0:
        short = re.sub(r"\s+", " ", text).strip()[:60]
        return Evidence(short, -1, -1, short, "body")
    return Evidence(body[s:e], s, e, context_of(body, s, e), "body")


class FontRule(Rule):
    """正文字体前后不一致: inline font-family / font-size differs between <p>
    paragraphs of one body. Headings, centred/right-aligned lines, tables and
    a short emphasised span inside a paragraph do not count.
    """

    code = "FORMAT-FONT"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "正文字体前后不一致：{count}段{prop}为「{value}」，其余段落为「{majority}」"
    hint = "统一正文{prop}（清除粘贴带入的内联样式，使用一键排版）"

    _PROP_CN = {"font-family": "字体", "font-size": "字号"}

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        root = parse_html(doc.get("body_html"))
        if root is None:
            return
        heading_max = int(self.thresholds["heading_max_chars"])
        paras: list[tuple[str, dict[str, str]]] = []
        for p in root.iter("p"):
            if any(a.tag in _SKIP_ANCESTORS for a in p.iterancestors()):
                continue
            text = re.sub(r"\s+", " ", p.text_content()).strip()
            if not text or _aligned_off_left(p):
                continue
            if len(text) <= heading_max and (
                _HEADING_RE.match(text) or not re.search("[，。；]", text)
            ):
                continue
            inherited: dict[str, str] = {}
            for anc in reversed(list(p.iterancestors())):
                inherited.update(_declared(anc))
            paras.append((text, _paragraph_fonts(p, inherited)))

        body = doc.get("body_text") or ""
        for prop, prop_cn in self._PROP_CN.items():
            values = [(t, d[prop]) for t, d in paras if d.get(prop)]
            counts = Counter(v for _, v in values)
            if len(counts) < 2:
                continue
            chars = Counter()
            for t, v in values:
                chars[v] += len(t)
            majority = max(counts, key=lambda v: (counts[v], chars[v]))
            for value in counts:
                if value == majority:
                    continue
                first = next(t for t, v in values if v == value)
                yield self.finding(
                    doc,
                    _evidence_for(body, first),
                    count=counts[value],
                    prop=prop_cn,
                    value=value,
                    majority=majority,
                )


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

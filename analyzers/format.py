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
from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, iter_lines, make_evidence

log = logging.getLogger(__name__)

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{HAN}]")
CJK_PUNCT = "，。、；：？！“”‘’《》（）【】〔〕「」『』…—·"
FULL_MARKS = "，。、；：？！"
HALF_MARKS = ",;:.?!"
# Marks that may legitimately stand together (？！ for a strong question).
_QUESTION_BANG = set("？！?!")
BRACKET_PAIRS = {"《": "》", "“": "”", "（": "）", "【": "】"}
_CLOSERS = {v: k for k, v in BRACKET_PAIRS.items()}
BRACKET_NAMES = {"《": "书名号", "“": "引号", "（": "括号", "【": "方头括号"}

_RUN_RE = re.compile(
    f"[{FULL_MARKS}{re.escape(HALF_MARKS)}](?:[ \u3000]*[{FULL_MARKS}{re.escape(HALF_MARKS)}])*"
)
# The runs of _RUN_RE worth a look: two or more marks, or a lone half-width
# one. A lone Chinese mark (one in every ~15 characters) never matches, and
# a run still starts where _RUN_RE's would: a lone mark is never inside a run.
_FULL_OR_HALF = f"[{FULL_MARKS}{re.escape(HALF_MARKS)}]"
_SUSPECT_RUN_RE = re.compile(
    f"{_FULL_OR_HALF}(?:[ \u3000]*{_FULL_OR_HALF})+|[{re.escape(HALF_MARKS)}]"
)
_HALF_PAREN_RE = re.compile(r"\(([^()\r\n]*)\)")
# Spans whose ASCII punctuation is not prose punctuation.
_PROTECTED_RES = (
    re.compile(r"(?:https?|ftp)://[!-~]+", re.I),
    re.compile(r"www\.[!-~]+", re.I),
    re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    re.compile(
        r"\.(?:pdf|docx?|xlsx?|wps|et|txt|zip|rar|7z|jpe?g|png|gif|bmp|tiff?|s?html?|ofd|csv|pptx?|mp4|mp3)\b",
        re.I,
    ),
    re.compile(r"`[^`\r\n]+`"),
    # Chinese domain names: 万载政府网.政务
    re.compile(f"[{HAN}\\w-]+\\.(?:政务|公益|中国|公司|网络|在线|网址|集团|商城|移动)"),
)
_CODE_LINE_RE = re.compile(
    r"^\s*(?:import \w|from [\w.]+ import|def \w+\(|class \w+[:(]|#include|function\s*\w*\(|"
    r"(?:var|let|const) \w+\s*=|SELECT |INSERT INTO|<\?|</?[a-zA-Z][\w-]*(?:\s[^>]*)?>|\$ )"
)


def is_han(ch: str) -> bool:
    return bool(_HAN_RE.match(ch))


def is_cjk(ch: str) -> bool:
    """A Han character or a full-width Chinese mark."""
    return is_han(ch) or ch in CJK_PUNCT


# Every pattern of _PROTECTED_RES needs one of these characters (:// . @ `):
# a line without them has nothing to mask, which is most Chinese prose.
_MASK_TRIGGER_RE = re.compile(r"[./@`]")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")
_BRACKET_RE = re.compile(f"[{''.join(BRACKET_PAIRS)}{''.join(_CLOSERS)}]")
_SPACES_RE = re.compile(r"[ \u3000]")
_HAN_SPLIT_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000](?=[\u4e00-\u9fff])")


def _mask(line: str) -> str:
    """Replace URLs, e-mails, file extensions and code spans by 'x' (same length)."""
    if _CODE_LINE_RE.match(line):
        return "x" * len(line)
    if not _MASK_TRIGGER_RE.search(line):
        return line
    chars = list(line)
    for rx in _PROTECTED_RES:
        for m in rx.finditer(line):
            chars[m.start() : m.end()] = "x" * (m.end() - m.start())
    return "".join(chars)


def _neighbour(s: str, i: int, step: int) -> str | None:
    """Nearest non-space char from index i in direction step, stopping at a line end."""
    while 0 <= i < len(s):
        ch = s[i]
        if ch in "\r\n":
            return None
        if not ch.isspace():
            return ch
        i += step
    return None


def _mostly_latin(line: str) -> bool:
    """English passages keep their ASCII punctuation."""
    letters = len(_ASCII_LETTER_RE.findall(line))  # str.isalpha on ASCII is [A-Za-z]
    if letters < 20:
        return False
    han = len(_HAN_RE.findall(line))
    return letters > 2 * han


class _LatinLines:
    """Which lines of a paragraph are English passages, computed on the
    first question only: most paragraphs never ask (no half-width mark)."""

    def __init__(self, para: str, masked: str) -> None:
        self.para = para
        self.masked = masked
        self.lines: set[int] | None = None

    def at(self, pos: int) -> bool:
        """Is masked[pos] on an English line?"""
        if self.lines is None:
            self.lines = {n for n, line in enumerate(self.para.split("\n")) if _mostly_latin(line)}
        if not self.lines:
            return False
        return self.masked.count("\n", 0, pos) in self.lines  # the line holding pos


def punct_problems(para: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, problem, fix) for punctuation faults in one paragraph.

    Hot path of FORMAT-PUNCT (half of all text-rule time before it was made
    lean): every scan is a compiled regex, and Python only looks at its
    matches, never at each character.
    """
    masked = "\n".join(_mask(line) for line in para.split("\n"))
    latin = _LatinLines(para, masked)

    for m in _SUSPECT_RUN_RE.finditer(masked):
        marks = _SPACES_RE.sub("", m.group())
        if any(c in FULL_MARKS for c in marks):
            if len(marks) >= 2 and not set(marks) <= _QUESTION_BANG:
                kind = "标点重复" if len(set(marks)) == 1 else "标点连用"
                yield m.start(), m.end(), kind, "保留一个正确的标点"
            continue
        if latin.at(m.start()):
            continue
        prev = _neighbour(masked, m.start() - 1, -1)
        nxt = _neighbour(masked, m.end(), 1)
        if prev is not None and is_cjk(prev) and (nxt is None or is_cjk(nxt)):
            yield m.start(), m.end(), "中文语句中使用半角标点", "改为全角中文标点"

    for m in _HALF_PAREN_RE.finditer(masked):
        inner = m.group(1)
        if not _HAN_RE.search(inner) or latin.at(m.start()):
            continue
        prev = _neighbour(masked, m.start() - 1, -1)
        if prev is None or is_cjk(prev) or is_han(inner.lstrip()[:1] or "x"):
            yield m.start(), m.end(), "中文语句中使用半角括号", "改为全角括号（）"

    stacks: dict[str, list[int]] = {o: [] for o in BRACKET_PAIRS}
    for m in _BRACKET_RE.finditer(masked):
        i = m.start()
        ch = masked[i]
        if ch in BRACKET_PAIRS:
            stacks[ch].append(i)
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch]
            if stacks[opener]:
                stacks[opener].pop()
            else:
                name = BRACKET_NAMES[opener]
                yield i, i + 1, f"{name}不成对（缺少前半）", f"补全{opener}或删去多余的{ch}"
    for opener, positions in stacks.items():
        for i in positions:
            name = BRACKET_NAMES[opener]
            closer = BRACKET_PAIRS[opener]
            yield i, i + 1, f"{name}不成对（缺少后半）", f"补全{closer}或删去多余的{opener}"


def paragraphs(text: str, wrapped: bool = False) -> Iterator[tuple[int, str]]:
    """(offset, paragraph): a line, or for wrapped text (PDF) a blank-line block."""
    if not wrapped:
        yield from iter_lines(text)
        return
    for m in re.finditer(r"\S(?:.|\n(?![ \t\u3000]*(?:\n|$)))*", text):
        yield m.start(), m.group()


def _drop_soft_wraps(
    body: str, paras: list[tuple[int, str]], found: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """Forget a bracket opened at the end of one line and closed on the next
    when the first line ends mid-sentence: a long title wrapped over two lines
    (国务院办公厅关于印发《政府网站集约化 / 试点工作方案》的通知)."""
    openers = {s: (s, e, p, f) for s, e, p, f in found if body[s] in BRACKET_PAIRS}
    closers = {s: (s, e, p, f) for s, e, p, f in found if body[s] in _CLOSERS}
    drop: set[int] = set()
    for (off, para), (noff, npara) in zip(paras, paras[1:], strict=False):
        if para.rstrip()[-1:] in "。！？；…":
            continue
        for s in [s for s in openers if off <= s < off + len(para)]:
            pair = BRACKET_PAIRS[body[s]]
            match = min(
                (
                    c
                    for c in closers
                    if noff <= c < noff + len(npara) and body[c] == pair and c not in drop
                ),
                default=None,
            )
            if match is not None:
                drop.update((s, match))
    return [f for f in found if f[0] not in drop]


class PunctRule(Rule):
    """标点符号使用不正确: marks run together or doubled, half-width marks or
    brackets inside Chinese text, unmatched 《》“”（）【】 within a paragraph.

    Numbers, times, URLs, e-mails, file names, code and English passages keep
    their ASCII punctuation; ‘……’ and ‘——’ are correct marks.
    """

    code = "FORMAT-PUNCT"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "标点符号使用不正确：{problem}「{text}」"
    hint = "{fix}"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        title = doc.get("title")
        if title:
            for s, e, problem, fix in punct_problems(title):
                ev = make_evidence(title, s, e, "title")
                yield self.finding(doc, ev, problem=problem, text=ev.text, fix=fix)
        body = doc.get("body_text") or ""
        wrapped = bool((doc.get("meta") or {}).get("wrapped_lines"))
        found: list[tuple[int, int, str, str]] = []
        paras = [(off, para) for off, para in paragraphs(body, wrapped) if para.strip()]
        for off, para in paras:
            found.extend((off + s, off + e, p, f) for s, e, p, f in punct_problems(para))
        found = _drop_soft_wraps(body, paras, found)
        for s, e, problem, fix in sorted(found):
            ev = make_evidence(body, s, e)
            yield self.finding(doc, ev, problem=problem, text=ev.text, fix=fix)


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

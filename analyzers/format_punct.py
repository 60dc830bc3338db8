"""FORMAT-PUNCT: 标点符号使用不正确 (marks run together, half-width marks,
unmatched brackets)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

from analyzers.model import Finding, Severity
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
# Half-width marks that end a clause after a number (not . : a decimal point).
_AFTER_NUMBER_MARKS = frozenset(",;:")
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
        elif (
            marks in _AFTER_NUMBER_MARKS
            and prev is not None
            and (prev.isdigit() or prev in "%％")
            and nxt is not None
            and is_han(nxt)
        ):
            # 同比增长5.1%,其中 / 12.3;出栏: the number ends the clause. Only a
            # digit on both sides (1,000; 3:2; 10:30) is a number's own mark.
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


def _drop_continued_quotes(
    body: str, paras: list[tuple[int, str]], found: list[tuple[int, int, str, str]]
) -> list[tuple[int, int, str, str]]:
    """A quotation of several paragraphs opens each paragraph with “ and
    closes only the last (GB/T 15834-2011, 引号): an unclosed “ is right
    when the next paragraph opens with “."""
    continued = {
        (off, off + len(para))
        for (off, para), (_, nxt) in zip(paras, paras[1:], strict=False)
        if nxt.lstrip(" \t\u3000").startswith("“")
    }
    return [
        f
        for f in found
        if not (
            body[f[0] : f[1]] == "“"
            and f[2].endswith("（缺少后半）")
            and any(a <= f[0] < b for a, b in continued)
        )
    ]


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
        found = _drop_continued_quotes(body, paras, found)
        for s, e, problem, fix in sorted(found):
            ev = make_evidence(body, s, e)
            yield self.finding(doc, ev, problem=problem, text=ev.text, fix=fix)


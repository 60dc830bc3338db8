"""FORMAT-FONT: 正文字体前后不一致, and the HTML helpers the FORMAT rules share."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import lxml.etree
import lxml.html

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, context_of

log = logging.getLogger(__name__)

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


# Conventional notes, set apart on purpose (smaller size, 楷体), that FORMAT-FONT
# leaves out of the comparison (GB/T 9704-2012 附注; statistical bulletins' 注释).
_NOTE_LINE_RE = re.compile(
    r"^[【\[［]?(?:注释|附注|注|说明|备注|资料来源|数据来源)\s*[\d１-９一二三四五六七八九十①-⑳]*"
    r"\s*[】\]］]?\s*[：:]"
)
# A numbered item of a notes block: 1. 1、 （1） [1] ① 注1.
_NOTE_ITEM_RE = re.compile(
    r"^(?:\d{1,2}\s*[.．、]|[（(]\s*\d{1,2}\s*[）)]|[\[［【]\s*\d{1,2}\s*[\]］】]|[①-⑳]|注\s*\d)"
)
# A footnote marker a trailing notes block may carry without a 注释 heading.
_FOOTNOTE_RE = re.compile(r"^(?:[\[［【]\s*\d{1,2}\s*[\]］】]|[①-⑳])")
_PROMULGATION_RE = re.compile(r"发布|公布|通过|修订|修正|施行|批准|印发|颁布|修改|废止")
_CAPTION_RE = re.compile(r"^(?:附?表|图)\s*[\d一二三四五六七八九十]+|^单位\s*[：:]")
CAPTION_MAX = 60
NOTES_BLOCK_MAX = 12  # thresholds.yaml FORMAT-FONT overrides both


def _before_table(p: lxml.html.HtmlElement) -> bool:
    nxt = p.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    return nxt is not None and (nxt.tag == "table" or nxt.find(".//table") is not None)


def _lead_note(text: str) -> bool:
    """（2007年4月5日国务院令第492号公布 根据…修订）: not a numbered heading or a sentence."""
    return (
        text[0] in "（("
        and bool(_PROMULGATION_RE.search(text))
        and "。" not in text
        and not _HEADING_RE.match(text)
    )


def conventional_notes(
    paras: list[tuple[lxml.html.HtmlElement, str]],
    caption_max: int = CAPTION_MAX,
    block_max: int = NOTES_BLOCK_MAX,
) -> set[int]:
    """Indices of paragraphs set apart by convention, in body order: a
    parenthesised promulgation/revision note before the first body paragraph,
    lines opening with 注 / 说明 / 备注 / 资料来源 and the numbered items that
    follow them, a trailing block of footnotes ([1] ①), and table captions.
    """
    out: set[int] = set()
    body_seen = lead_open = block_open = False
    for i, (p, text) in enumerate(paras):
        if not body_seen and (lead_open or _lead_note(text)):
            out.add(i)
            lead_open = text[-1] not in "）)"
            continue
        lead_open = False
        if _NOTE_LINE_RE.match(text):
            out.add(i)
            block_open = True
            continue
        if block_open and _NOTE_ITEM_RE.match(text):
            out.add(i)
            continue
        block_open = False
        caption_like = len(text) <= caption_max and not re.search("[。；：:]", text)
        if _CAPTION_RE.match(text) or (caption_like and _before_table(p)):
            out.add(i)
            continue
        if re.search("[，。；]", text):
            body_seen = True
    # A bare 注释： / 注： heading near the end opens the notes block that ends the body.
    headers = [i for i, (_, t) in enumerate(paras) if (m := _NOTE_LINE_RE.match(t)) and m.end() == len(t)]
    if headers and len(paras) - headers[-1] <= block_max:
        out.update(range(headers[-1], len(paras)))
    for i in range(len(paras) - 1, -1, -1):
        if not _FOOTNOTE_RE.match(paras[i][1]):
            break
        out.add(i)
    return out


class FontRule(Rule):
    """正文字体前后不一致: inline font-family / font-size differs between <p>
    paragraphs of one body. Headings, centred/right-aligned lines, tables and
    a short emphasised span inside a paragraph do not count.

    Nor do notes set apart by convention (:func:`conventional_notes`): the
    parenthesised promulgation/revision note under a regulation's title
    (（X年X月X日国务院令第N号公布 根据…修订）, usually 楷体), lines opening with
    注 / 说明 / 备注 / 资料来源 and the numbered notes after them, a trailing
    footnote block ([1] …) in a smaller size, and table captions and text. A
    body paragraph whose font or size differs for no such reason is still
    reported.
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
        candidates: list[tuple[lxml.html.HtmlElement, str]] = []
        for p in root.iter("p"):
            if any(a.tag in _SKIP_ANCESTORS for a in p.iterancestors()):
                continue
            text = re.sub(r"\s+", " ", p.text_content()).strip()
            if text and not _aligned_off_left(p):
                candidates.append((p, text))
        notes = conventional_notes(
            candidates,
            int(self.thresholds.get("caption_max_chars", CAPTION_MAX)),
            int(self.thresholds.get("notes_block_max_paragraphs", NOTES_BLOCK_MAX)),
        )
        paras: list[tuple[str, dict[str, str]]] = []
        for i, (p, text) in enumerate(candidates):
            if i in notes:
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

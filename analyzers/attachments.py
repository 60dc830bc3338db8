"""FORMAT-ATTACH: 附件问题 (the same file uploaded twice, 附件N missing, a name that
disagrees with the body).

Conservative by design: a page that mentions no numbered attachment is never
judged on mentions, a reference to another document's attachment
(《…》附件2) is not a mention, and a name is compared only with the
attachment that carries the same number (or with the only one).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, make_evidence

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"(?P<num>\d{1,2}|[一二三四五六七八九十]{1,3})"
# A name runs to the next clause mark; 《》 and “” may be part of it.
_NAME = r"(?P<name>[^，。；;,\s、（）()！？]{1,60})"
# 附件1：名称 / 附件2 / 附件 3.名称
# No line breaks inside a mention: "附件\n三级公立医院…" is a heading, then a title.
_MENTION_RE = re.compile(rf"附[ \t\u3000]*件[ \t\u3000]*{_NUM}(?:[ \t\u3000]*[：:．.、][ \t\u3000]*{_NAME})?")
# 附件：1．名称 (the official-document list form), continued by lines "2．名称"
_LIST_HEAD_RE = re.compile(rf"附[ \t\u3000]*件[ \t\u3000]*[：:]\s*{_NUM}\s*[.．、]\s*{_NAME}")
_LIST_ITEM_RE = re.compile(rf"^[ \t\u3000]*{_NUM}\s*[.．、]\s*{_NAME}")
_NAME_NUM_RE = re.compile(r"^\s*附\s*件\s*(\d{1,2}|[一二三四五六七八九十]{1,3})")
_EXT_RE = re.compile(r"\.[A-Za-z0-9]{2,5}$")
_STRIP_RE = re.compile(r"^\s*附\s*件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[：:．.、]?\s*")
_NOISE_RE = re.compile(r"[《》“”\"'‘’\s（）()【】\[\]]")
# Text right before 附件 that makes it another document's attachment.
_FOREIGN_BEFORE = ("》", "文件", "通知", "的")


def cn_number(s: str) -> int | None:
    """'3' → 3, '十二' → 12; None for anything else."""
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS.get(s[1:], 0) if len(s) == 2 else None
    if len(s) == 1:
        return _CN_DIGITS.get(s)
    if len(s) == 2 and s[1] == "十":
        return _CN_DIGITS.get(s[0], 0) * 10 or None
    if len(s) == 3 and s[1] == "十":
        tens, ones = _CN_DIGITS.get(s[0]), _CN_DIGITS.get(s[2])
        return tens * 10 + ones if tens and ones else None
    return None


@dataclass(frozen=True, slots=True)
class Mention:
    """One numbered attachment mention in the body."""

    number: int
    name: str
    start: int
    end: int


def mentions(body: str) -> list[Mention]:
    """Numbered attachment mentions in ``body`` (first one per number first)."""
    out: list[Mention] = []
    for m in _MENTION_RE.finditer(body):
        if body[max(0, m.start() - 2) : m.start()].endswith(_FOREIGN_BEFORE):
            continue
        n = cn_number(m.group("num"))
        if n:
            out.append(Mention(n, m.group("name") or "", m.start(), m.end()))
    for m in _LIST_HEAD_RE.finditer(body):
        n = cn_number(m.group("num"))
        if not n:
            continue
        out.append(Mention(n, m.group("name"), m.start(), m.end()))
        # The list continues on the following lines: 2．… 3．…
        pos = body.find("\n", m.end())
        expect = n + 1
        while pos != -1:
            line_end = body.find("\n", pos + 1)
            line = body[pos + 1 : line_end if line_end != -1 else len(body)]
            item = _LIST_ITEM_RE.match(line)
            if not item or cn_number(item.group("num")) != expect:
                break
            s = pos + 1 + item.start("num")
            out.append(Mention(expect, item.group("name"), s, pos + 1 + item.end()))
            expect += 1
            pos = line_end
    out.sort(key=lambda x: (x.start, x.number))
    return out


def _clean(name: str) -> str:
    """An attachment or mention name without 附件N：, extension and quotes."""
    name = _EXT_RE.sub("", name.strip())
    name = _STRIP_RE.sub("", name)
    return _NOISE_RE.sub("", name)


def names_agree(mentioned: str, attached: str, min_ratio: float = 0.5) -> bool:
    """True unless two non-empty names clearly differ (containment counts as agreement)."""
    a, b = _clean(mentioned), _clean(attached)
    if not a or not b or a in b or b in a:
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= min_ratio


def _attachment_number(name: str) -> int | None:
    m = _NAME_NUM_RE.match(name or "")
    return cn_number(m.group(1)) if m else None


class AttachRule(Rule):
    """附件问题: the same attachment (equal sha256, or equal URL) uploaded twice;
    附件N mentioned in the body but fewer attachments attached; an attachment
    whose name disagrees with the body's mention of its number.

    Documents without an ``attachments`` list (files checked offline) are not
    judged on attachments.
    """

    code = "FORMAT-ATTACH"
    problem_class = "FORMAT"
    severity = Severity.DEDUCT
    message = "附件问题：{problem}"
    hint = "{fix}"
    fields: ClassVar[tuple[str, ...]] = ("title", "body_text", "attachments")

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        atts = doc.get("attachments")
        if atts is None:
            return
        body = str(doc.get("body_text") or "")

        seen: dict[str, dict[str, Any]] = {}
        distinct: list[dict[str, Any]] = []
        for att in atts:
            key = att.get("sha256") or att.get("url")
            name = str(att.get("name") or att.get("url") or "")
            if key and key in seen:
                first = seen[key]
                ev = Evidence(
                    name, -1, -1, f"与“{first.get('name') or ''}”为同一文件", f"attachment:{name}"
                )
                yield self.finding(
                    doc, ev, problem=f"同一附件上传两次“{name}”", fix="删除重复上传的附件"
                )
                continue
            if key:
                seen[key] = att
            distinct.append(att)

        found = mentions(body)
        by_number: dict[int, Mention] = {}
        for m in found:
            if m.number not in by_number or (m.name and not by_number[m.number].name):
                by_number[m.number] = m
        inline = _inline_attachments(body)
        for n in sorted(by_number):
            # Present as a file, or printed in the body under its own "附件N" heading.
            if n <= len(distinct) or n in inline:
                continue
            m = by_number[n]
            ev = make_evidence(body, m.start, m.end)
            yield self.finding(
                doc,
                ev,
                problem=f"正文提及附件{n}，但页面只有{len(distinct)}个附件",
                fix=f"补充上传附件{n}，或更正正文",
            )

        numbered = {_attachment_number(str(a.get("name") or "")): a for a in distinct}
        for n, m in sorted(by_number.items()):
            if not m.name:
                continue
            att = numbered.get(n)
            if att is None and len(distinct) == 1 and set(by_number) == {1}:
                att = distinct[0]
            if att is None:
                continue
            name = str(att.get("name") or "")
            if names_agree(m.name, name):
                continue
            ev = make_evidence(body, m.start, m.end)
            yield self.finding(
                doc,
                ev,
                problem=f"正文所述附件{n}“{m.name}”与所附文件“{name}”不符",
                fix="核对附件与正文，上传正确的附件",
            )


_INLINE_HEADING_RE = re.compile(
    r"^[ \t\u3000]*附[ \t\u3000]*件[ \t\u3000]*(\d{1,2}|[一二三四五六七八九十]{1,3})?[ \t\u3000]*[：:]?[ \t\u3000]*$",
    re.MULTILINE,
)


def _inline_attachments(body: str) -> set[int]:
    """Numbers of the attachments printed in the body itself (a line "附件2" or a
    lone "附件" for a single one, as official documents are published on gov.cn)."""
    numbers: set[int] = set()
    for m in _INLINE_HEADING_RE.finditer(body):
        number = cn_number(m.group(1)) if m.group(1) else 1
        if number:
            numbers.add(number)
    return numbers


ATTACH_RULES: tuple[type[Rule], ...] = (AttachRule,)

"""REVIEW-PRIVACY: unmasked personal numbers (ID card, mobile, bank card).

Evidence never repeats the number in the clear: ``evidence.text``, the
message and the context show it masked (same length, digits replaced by
``*``), so a finding stored or printed in a bulletin does not leak it again.
``evidence.start``/``end`` stay the real offsets, so
``mask_number(body[start:end]) == evidence.text``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, iter_lines

# GB 11643-1999: weights and check characters of the 18-digit citizen number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# GB/T 2260 province-level codes (71 台湾, 81 香港, 82 澳门 included: numbers
# issued on the mainland to residents registered there use them too).
_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

_ID_RE = re.compile(r"(?<![0-9A-Za-z*])\d{17}[\dXx](?![0-9A-Za-z*])")
# Mobile numbers, plain or grouped 3-4-4 by one kind of separator.
_MOBILE_RE = re.compile(
    r"(?<![0-9A-Za-z*])(?:1[3-9]\d{9}|1[3-9]\d-\d{4}-\d{4}|1[3-9]\d \d{4} \d{4})(?![0-9A-Za-z*])"
)
# 16-19 digits, optionally grouped by single spaces or hyphens (6222 0212 …).
_CARD_RE = re.compile(r"(?<![0-9A-Za-z*\-])\d(?:[ -]?\d){15,18}(?![0-9A-Za-z*])")
_CARD_CONTEXT_RE = re.compile(
    r"卡号|账号|帐号|银行|开户行|银行卡|信用卡|储蓄卡|借记卡|社保卡|收款账户|收款帐户|户名"
)
# A unit's own settlement account (招标公告, 非税收入 notices) is published on
# purpose; it is not a person's card.
_ORG_ACCOUNT_RE = re.compile(
    r"公司|有限|集团|政府|委员会|财政|国库|专户|基本户|对公|单位|中心|医院|学校|"
    r"合作社|[局院所站办]\s*[\n\r\t，,；;：:]|[局院所站办]$"
)
# Labels whose number is a code, not a personal number.
_CODE_LABEL_RE = re.compile(
    r"(?:索引号|编号|文号|备案号|ICP|公网安备|信用代码|机构代码|登记号|订单号|流水号|"
    r"证书号|批准号|许可证号|项目代码|合同号|标段号|邮编|邮政编码|传真|税号)[^\n]{0,12}$",
    re.I,
)
# A figure followed by a unit is an amount or a count, not a phone number.
_UNIT_AFTER_RE = re.compile(r"\s*(?:元|万|亿|人|户|个|吨|千|件|次|平方|亩|公里|米|%|‰)")


def id_checksum_ok(number: str) -> bool:
    """GB 11643 check character of an 18-character citizen number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def plausible_id(number: str, today: dt.date | None = None) -> bool:
    """Checksum, province code and a birth date between 1900 and today."""
    if not id_checksum_ok(number) or number[:2] not in _PROVINCES:
        return False
    if number[2:6] == "0000":  # a province alone never issues numbers
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= (today or dt.date.today())


def luhn_ok(digits: str) -> bool:
    """Luhn (ISO/IEC 7812) check used by bank cards."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def mask_number(text: str) -> str:
    """Same length, the middle digits replaced by '*': 5301**********1234,
    138****5678. Separators are kept so offsets still line up."""
    positions = [i for i, ch in enumerate(text) if ch.isdigit() or ch in "Xx"]
    n = len(positions)
    if n == 11:
        keep = set(positions[:3] + positions[-4:])
    else:
        keep = set(positions[:4] + positions[-4:])
    return "".join(ch if (i in keep or i not in positions) else "*" for i, ch in enumerate(text))


def _line_before(text: str, start: int, width: int) -> str:
    """Text before ``start`` on the same line, at most ``width`` chars."""
    left = text[max(0, start - width) : start]
    return re.split(r"[\r\n]", left)[-1]


class _TableHeaders:
    """The header cell above a position in tab-separated table text.

    A table row (DOCX/XLSX text, HTML tables in body_text) carries the 银行卡号
    label only in its header row, not before the number. Built once per text,
    lazily, in one pass over the lines: a run of consecutive lines containing
    tabs is a table and its first line the header.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] | None = None
        self._headers: list[list[str] | None] = []

    def _build(self) -> None:
        self._starts = []
        header: list[str] | None = None
        for off, line in iter_lines(self.text):
            if "\t" in line:
                if header is None:
                    header = line.split("\t")
                self._headers.append(header)
            else:
                header = None
                self._headers.append(None)
            self._starts.append(off)

    def cell(self, pos: int) -> str:
        """The header cell of the column ``pos`` falls in ("" outside tables)."""
        if self._starts is None:
            self._build()
        assert self._starts is not None
        i = bisect.bisect_right(self._starts, pos) - 1
        header = self._headers[i] if i >= 0 else None
        if header is None:
            return ""
        col = self.text.count("\t", self._starts[i], pos)
        return header[col] if col < len(header) else ""


def find_numbers(text: str, today: dt.date | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of unmasked personal numbers in ``text``."""
    taken: list[tuple[int, int]] = []
    headers = _TableHeaders(text)

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _ID_RE.finditer(text):
        if _CODE_LABEL_RE.search(_line_before(text, m.start(), 20)):
            continue
        if plausible_id(m.group(), today):
            taken.append(m.span())
            yield m.start(), m.end(), "身份证号码"
    for m in _CARD_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not free(*m.span()) or not 16 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        if len(set(digits)) <= 2:  # 0000 0000 … placeholders
            continue
        before = _line_before(text, m.start(), 30)
        label = before if _CARD_CONTEXT_RE.search(before) else headers.cell(m.start())
        if not _CARD_CONTEXT_RE.search(label) or _ORG_ACCOUNT_RE.search(before):
            continue
        if label is not before and _ORG_ACCOUNT_RE.search(label):
            continue  # a 单位账号 column
        taken.append(m.span())
        yield m.start(), m.end(), "银行卡号"
    for m in _MOBILE_RE.finditer(text):
        if not free(*m.span()):
            continue
        if _CODE_LABEL_RE.search(_line_before(text, m.start(), 20)):
            continue
        if _UNIT_AFTER_RE.match(text, m.end()) or m.group().endswith("00000"):
            continue
        yield m.start(), m.end(), "手机号码"


_HOW = {
    "身份证号码": "保留前4位和后4位，中间用*代替（如5301**********1234）",
    "手机号码": "保留前3位和后4位，中间用*代替（如138****5678），或改为单位办公电话",
    "银行卡号": "保留前4位和后4位，中间用*代替（如6222***********1234）",
}


class PrivacyRule(Rule):
    """个人隐私: an unmasked citizen ID number (GB 11643 checksum, province
    code, birth date 1900..today), mobile number (1[3-9] + 9 digits, not part
    of a longer run, not an amount) or bank-card number (16–19 digits, Luhn,
    with 卡号/账号/银行 … just before it or heading its table column, and no
    unit account context) in the title, the body or an attachment's extracted text.

    Masked forms (138****1234, 5301**********12) have '*' inside and never
    match; hotlines, landlines, 索引号, ICP/公安备案 numbers, dates, amounts,
    document numbers and postal codes are too short, start wrong, fail the
    checksum, or sit behind a code label. Severity: deduct — RULES.md and the
    national indicators (国办秘函〔2019〕19号) do not list a privacy leak among
    the 单项否决 items; the seed bulletin forbids it and asks for rectification.
    """

    code = "REVIEW-PRIVACY"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "泄露个人隐私：{where}含未脱敏的{kind}「{masked}」"
    hint = "删除或脱敏处理{kind}：{how}；已发布的附件须替换为脱敏版本"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        sources: list[tuple[str, str, str]] = [
            ("title", doc.get("title") or "", "标题"),
            ("body", doc.get("body_text") or "", "正文"),
        ]
        for att in doc.get("attachments") or []:
            text = att.get("text") if isinstance(att, Mapping) else None
            if text:
                name = str(att.get("name") or att.get("url") or "")
                sources.append((f"attachment:{name}", text, f"附件《{name}》"))
        for field, text, where in sources:
            for s, e, kind in find_numbers(text):
                yield self._finding(doc, text, s, e, kind, field, where)

    def _finding(
        self, doc: Mapping[str, Any], text: str, s: int, e: int, kind: str, field: str, where: str
    ) -> Finding:
        masked = mask_number(text[s:e])
        left = text[max(0, s - 15) : s]
        right = text[e : e + 15]
        # The context must not show a neighbouring number in the clear either.
        left, right = (_mask_all(x) for x in (left, right))
        ctx = re.sub(r"[\r\n\t]+", " ", f"{left}【{masked}】{right}")
        ev = Evidence(masked, s, e, ctx, field)
        return self.finding(doc, ev, where=where, kind=kind, masked=masked, how=_HOW[kind])


def _mask_all(text: str) -> str:
    """Mask any run of 7+ digits in a context snippet."""
    return re.sub(r"\d{7,}", lambda m: mask_number(m.group()), text)


PRIVACY_RULES: tuple[type[Rule], ...] = (PrivacyRule,)

"""DISC rules: 政府信息公开属性标识 on policy documents.

Which documents need a label
----------------------------
The seed bulletin (section 五, following 昌政办发〔2019〕67号) asks units to
label *the policy documents they issue* with one of 此件公开发布 / 此件删减后公开
(此件删减公开（本文有删减）) / 此件依申请公开 / 此件不公开, in the 附注 position
(the line after the 成文日期, in parentheses), and names a party document
that carries one as wrong. A document is a policy document when

- its 文号 (``meta["doc_no"]`` or one of the first lines of the body) is of
  the 发/规 kind (国发, 国办发, X政发, X政办发, X政规 …), or
- it sits in a 政策文件 column (``column_name`` / ``meta["category"]``) and is
  not an interpretation.

Letters and replies need no label: a 函/复函/批复/答复 (文号 国函, 国办函,
X政函, X政复 …, or a title ending so) is addressed to named recipients and is
not a policy document; gov.cn publishes some with a label (国函〔2018〕159号,
a 批复 of a master plan) and most without (the 国办函 replies of 2004–2006,
some marked only （本文有删减）), so neither form is faulted. Documents
written before 2008-05-01, when the 政府信息公开条例 took effect and the
labelling practice began, are not faulted either (国办发〔1996〕2号/25号,
republished in 2018 without a label). With these two decisions DISC-MISSING
agrees with labels.csv of the 30 gov.cn fragments: it fires on exactly one,
国办发〔2018〕126号, a 2018 通知 that really carries no label.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from analyzers.model import Evidence, Finding, Severity
from analyzers.ownership import DATE_LINE_RE, doc_number, is_date_line, own_document, signers
from analyzers.rule import Rule, context_of, iter_lines, make_evidence

_LETTER_NO_RE = re.compile(r"(?:函|复|批|便|电|呈|报|请)$")
_POLICY_NO_RE = re.compile(r"(?:发|规|令|通|字)$")
_LETTER_TITLE_RE = re.compile(r"(?:函|复函|批复|答复|回复|复文)$")
_PARTY_RE = re.compile(
    r"^中共|中国共产党|党组(?!织)|党委|党工委|党支部|支部委员会|总支|纪委|纪律检查委员会"
)

_PARTY_TITLE_RE = re.compile(
    r"^(?:中共|中国共产党)[\u4e00-\u9fff]{0,30}?"
    r"(?:支部委员会|委员会|党工委|党组|党委|总支|支部|纪委)"
)

_LABEL_CORE = r"此件\s*(?:公开\s*发布|删\s*减\s*后?\s*公开|依\s*申\s*请\s*公开|不\s*予?\s*公开)"
_LABEL_RE = re.compile(_LABEL_CORE)
# A label as it stands alone on a line: optional parentheses, optional
# （本文有删减） after 删减公开, optional full stop.
_LABEL_LINE_RE = re.compile(
    r"^\s*(?P<open>[（(]?)\s*(?P<label>" + _LABEL_CORE + r")\s*"
    r"(?:[（(]\s*本文有删减\s*[）)])?\s*(?P<close>[）)]?)\s*[。.]?\s*$"
)
# Written-before-labelling cutoff (政府信息公开条例 in force).
LABELS_SINCE = dt.date(2008, 5, 1)
_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
}


def labels_in(body: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, label, parenthesised) of every stand-alone label line.

    A label quoted in prose (要求标识“此件公开发布”) is a mention, not a label.
    A label in parentheses at the end of a date line counts too (the page
    flattened the two lines).
    """
    out = []
    for off, line in iter_lines(body):
        m = _LABEL_LINE_RE.match(line)
        if m:
            paren = bool(m.group("open")) and bool(m.group("close"))
            s = off + len(line) - len(line.lstrip())
            out.append((s, off + len(line.rstrip()), re.sub(r"\s+", "", m.group("label")), paren))
            continue
        tail = re.search(r"[（(]\s*(" + _LABEL_CORE + r")[^（）()]*[）)]\s*$", line)
        if tail and DATE_LINE_RE.search(line[: tail.start()].rstrip()):
            out.append(
                (off + tail.start(), off + tail.end(), re.sub(r"\s+", "", tail.group(1)), True)
            )
    return out


def written_from_text(raw: str) -> dt.date | None:
    """A date written 2024年4月5日 or 二〇〇四年八月十二日, None if none."""
    norm = "".join(_CN_DIGITS.get(c, c) for c in raw)
    norm = re.sub(r"(\d)十(\d)", r"\1\2", norm)  # 二十三 -> 2十3 -> 23
    norm = re.sub(r"(?<=\d)十(?=[日月])", "0", norm)  # 三十日 -> 30日
    norm = re.sub(r"(?<![\d])十(?=\d)", "1", norm)  # 十五日 -> 15日
    norm = re.sub(r"(?<![\d])十(?=[日月])", "10", norm)  # 十月 -> 10月
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})", norm)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _written(doc: Mapping[str, Any], number: tuple[str, str, int] | None) -> dt.date | None:
    """The 成文日期 from metadata or the last date line; else the 文号 year."""
    meta = doc.get("meta") or {}
    found = written_from_text(str(meta.get("written_date") or ""))
    if found is None:
        lines = [line for _, line in iter_lines(doc.get("body_text") or "") if is_date_line(line)]
        found = written_from_text(lines[-1]) if lines else None
    if found is None and number:
        found = dt.date(number[2], 1, 1)
    return found


def issuer_of(doc: Mapping[str, Any]) -> str:
    """The issuing organ: metadata, else the title up to 关于."""
    meta = doc.get("meta") or {}
    if meta.get("publisher"):
        return str(meta["publisher"])
    title = str(doc.get("title") or "")
    return title.split("关于", 1)[0] if "关于" in title else title


def _title_issuer(title: str) -> str:
    """The issuer a title names: the part before 关于, else a leading party organ
    (中共…支部委员会2024年工作要点 has no 关于)."""
    title = title.strip()
    if "关于" in title:
        return title.split("关于", 1)[0]
    m = _PARTY_TITLE_RE.match(title)
    return m.group() if m else ""


def _all_party(text: str) -> bool:
    issuers = [p for p in re.split(r"[\s、，,]+", text.strip()) if p]
    return bool(issuers) and all(_PARTY_RE.search(p) for p in issuers)


def party_issuer(doc: Mapping[str, Any]) -> str | None:
    """The party organ that alone issued the document (中共…委员会, 党组, 支部 …), or None.

    Judged from the metadata's 发布机构, the issuer the title names and the
    落款 above the 成文日期. The metadata often names the unit whose site
    published the page (青禾县司法局) rather than the issuer (its 党支部), so
    any one source naming only party organs is enough. A joint document
    (中共X县委办公室 X县人民政府办公室) has a government issuer too and is
    not counted.
    """
    meta = doc.get("meta") or {}
    sources = [
        str(meta.get("publisher") or ""),
        " ".join(signers(doc.get("body_text") or "")),
        _title_issuer(str(doc.get("title") or "")),
    ]
    for src in sources:
        if src.strip() and _all_party(src):
            return src.strip()
    return None


def is_party_document(doc: Mapping[str, Any]) -> bool:
    """Issued by a party organ alone (see :func:`party_issuer`)."""
    return party_issuer(doc) is not None


def is_letter(doc: Mapping[str, Any], number: tuple[str, str, int] | None) -> bool:
    title = re.sub(r"\s+", "", str(doc.get("title") or ""))
    return bool(_LETTER_TITLE_RE.search(title)) or bool(number and _LETTER_NO_RE.search(number[1]))


def column_text(doc: Mapping[str, Any]) -> str:
    """Where the page says it is filed: column name, metadata category and 公开目录.

    The leaf column is often the unit (政策文件 > 县司法局), so the metadata's
    公开目录 (catalog) is the one that says 政策文件.
    """
    meta = doc.get("meta") or {}
    return " ".join(
        str(x or "") for x in (doc.get("column_name"), meta.get("category"), meta.get("catalog"))
    )


def policy_document(doc: Mapping[str, Any]) -> tuple[bool, str]:
    """(is a policy document, why): a 发/规 文号 or the 政策文件 column, and not
    a party document, a letter/reply or an interpretation (module docstring).

    Shared by the DISC rules and INTERP-MISSING/INTERP-NONE, so both judge the
    same set of documents.
    """
    number = doc_number(doc)
    title = str(doc.get("title") or "")
    in_policy_column = "政策文件" in column_text(doc) and "解读" not in title
    if is_party_document(doc):
        return False, "党的文件"
    if is_letter(doc, number):
        return False, "函、批复类文件"
    if number and _POLICY_NO_RE.search(number[1]):
        return True, f"文号{number[0]}"
    if in_policy_column:
        return True, "发布在政策文件栏目"
    return False, "非政策文件"


def written_on(doc: Mapping[str, Any]) -> dt.date | None:
    """The 成文日期: metadata, else the last date line, else 1 January of the 文号 year."""
    return _written(doc, doc_number(doc))


def needs_label(doc: Mapping[str, Any]) -> tuple[bool, str]:
    """(needs a label, why) — see the module docstring for the decisions."""
    policy, why = policy_document(doc)
    if not policy:
        return False, why
    written = written_on(doc)
    if written is not None and written < LABELS_SINCE:
        return False, "2008年5月前成文"
    return True, why


#: What the DISC-MISSING / DISC-POSITION rules read (runner projection).
_DISC_FIELDS = ("meta", "body_text", "own_document", "own_document_reason")


def as_reposted(doc: Mapping[str, Any], finding: Finding) -> Finding:
    """A label finding on a reposted superior document becomes a notice.

    The 公开属性 label belongs to the original: the county cannot label
    another body's document, only repost it as issued, so a missing or
    misplaced label is worth a look (was it dropped while reposting?) but is
    not the county's fault to deduct for (analyzers/ownership.py decides).
    """
    own, why = own_document(doc)
    if own is not False:
        return finding
    note = f"（转载的上级或外单位文件：{why}；公开属性以原件为准）"
    extra = {**finding.extra, "own_document": False, "own_document_reason": why}
    return replace(finding, severity=Severity.NOTICE, message=finding.message + note, extra=extra)


class DiscMissingRule(Rule):
    """政策文件未标识政府信息公开属性: a policy document (发/规 文号, or the
    政策文件 column) with none of the four labels as a stand-alone line.
    Letters/replies, party documents and documents written before 2008-05-01
    are not required to carry one (module docstring).

    On a reposted superior document (``own_document`` false: 国发/国办发 文号,
    a 上级文件 column, a superior issuer) the finding is a notice, not a
    deduction: the label belongs to the original (:func:`as_reposted`).
    """

    code = "DISC-MISSING"
    problem_class = "DISCLOSURE"
    severity = Severity.DEDUCT
    message = "政策文件未标识政府信息公开属性（{why}）"
    hint = (
        "在成文日期下一行居左空2字加括号标注“此件公开发布”“此件删减公开（本文有删减）”"
        "“此件依申请公开”或“此件不公开”"
    )
    fields: ClassVar[tuple[str, ...]] = _DISC_FIELDS

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        body = doc.get("body_text") or ""
        need, why = needs_label(doc)
        if not need or labels_in(body):
            return
        number = doc_number(doc)
        ev = Evidence("", -1, -1, str(doc.get("title") or ""), "body")
        if number and (i := body.find(number[0])) >= 0:
            ev = make_evidence(body, i, i + len(number[0]))
        yield as_reposted(doc, self.finding(doc, ev, why=why))


class DiscPositionRule(Rule):
    """公开属性标识位置错误: a label that is not in the 附注 position — the
    first non-empty line after the 成文日期 line — or not in parentheses.
    Not judged when the body has no 成文日期 line at all. On a reposted
    superior document the finding is a notice (:func:`as_reposted`).
    """

    code = "DISC-POSITION"
    problem_class = "DISCLOSURE"
    severity = Severity.DEDUCT
    message = "政府信息公开属性标识位置错误：「{label}」{problem}"
    hint = "将公开属性移到成文日期下一行，居左空2字并加括号，如（此件公开发布）"
    fields: ClassVar[tuple[str, ...]] = _DISC_FIELDS

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        body = doc.get("body_text") or ""
        found = labels_in(body)
        if not found:
            return
        lines = [(off, line) for off, line in iter_lines(body) if line.strip()]
        if not any(is_date_line(line) for _, line in lines):
            return
        for s, e, label, paren in found:
            prev = [line for off, line in lines if off + len(line) <= s]
            same_line = [line for off, line in lines if off <= s < off + len(line)]
            on_date_line = bool(same_line) and DATE_LINE_RE.search(
                same_line[0][: s - _line_start(body, s)].rstrip()
            )
            if not on_date_line and not (prev and is_date_line(prev[-1])):
                problem = "不在成文日期下一行（附注位置）"
            elif not paren:
                problem = "未加括号"
            else:
                continue
            ev = Evidence(body[s:e], s, e, context_of(body, s, e), "body")
            yield as_reposted(doc, self.finding(doc, ev, label=label, problem=problem))


class DiscUnneededRule(Rule):
    """党的文件不需标识政府信息公开属性: a label on a document issued by a
    party organ alone (中共…委员会, 党组, 党委, 支部 …), judged by the
    issuer in the metadata or the title before 关于."""

    code = "DISC-UNNEEDED"
    problem_class = "DISCLOSURE"
    severity = Severity.DEDUCT
    message = "党的文件（{issuer}）不需要标识政府信息公开属性：「{label}」"
    hint = "删除公开属性标识；党的文件按党务公开有关规定办理"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        issuer = party_issuer(doc)
        if issuer is None:
            return
        body = doc.get("body_text") or ""
        for s, e, label, _ in labels_in(body):
            ev = Evidence(body[s:e], s, e, context_of(body, s, e), "body")
            yield self.finding(doc, ev, issuer=issuer, label=label)


def _line_start(body: str, i: int) -> int:
    return max(body.rfind("\n", 0, i), body.rfind("\r", 0, i)) + 1


DISCLOSURE_RULES: tuple[type[Rule], ...] = (DiscMissingRule, DiscPositionRule, DiscUnneededRule)

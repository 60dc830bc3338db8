"""Whose document is it: the county's own, or a superior's that the site reposts.

County portals repost many documents of superior bodies (国务院, 省, 市) in
their 政策文件 columns or under 上级文件 / 转发. The duties the INTERP and DISC
rules check belong to the issuing body (谁起草谁解读; the 公开属性 label is the
original's), so those rules ask :func:`own_document` first.

The evidence, strongest first; the first that decides wins:

1. the 文号 prefix: one of the county units' abbreviations (sites.yaml
   ``ownership.doc_abbr`` or a unit's ``doc_abbr``) → own; a national prefix
   (国发, 国办发, 中办发, 人社部发 …) or a configured ``superior_doc_abbr``
   (云政办发 …) → not own;
2. the column (or 公开目录) is one of ``superior_columns`` (上级文件, 转发,
   国家政策 …) → not own;
3. the issuer the title names (before 关于 / 印发 / 转发 …), then the 落款
   above the 成文日期, then the metadata's 发布机构 / 发文机关: the county or
   one of its units → own; 国务院, 中共中央, a ministry, a province or a city
   → not own; another county → not own. The 发布机构 comes last because a CMS
   fills it with the unit that *posted* the page, not the issuer.

Nothing decisive leaves the question open (``None``): the rules then judge
the document as before, since most documents on a county site are its own.
A 转发 notice of the county itself (青政办发 …, 青禾县人民政府办公室关于转发…)
is the county's own document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzers.rule import iter_lines

_YEAR_BRACKETS = r"[〔\[［(（]\s*(\d{4})\s*[〕\]］)）]"
#: A 文号: issuer abbreviation, bracketed year, serial number, 号.
DOC_NO_RE = re.compile(r"([\u4e00-\u9fff]{1,12}?)" + _YEAR_BRACKETS + r"\s*第?\s*(\d{1,5})\s*号")
DATE_LINE_RE = re.compile(
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇零一二三四五六七八九○Ｏ]{4}年[一二三四五六七八九十]{1,2}月"
    r"[一二三四五六七八九十]{1,3}日)\s*$"
)

#: Column names (or 公开目录) that hold superior documents.
SUPERIOR_COLUMNS = ("上级文件", "上级政策", "转发", "国家政策", "国务院文件", "省级文件", "市级文件")
# 文号 prefixes of the centre: 国发 国办发 国函 国令 …, 中发 中办发 厅字, ministries (人社部发).
_SUPERIOR_NO_RE = re.compile(r"^(?:国|中发|中办|厅字)|^[^县乡镇]{1,4}部(?:办)?[发函规令字]$")
# Organs above a county. Province and city names need an organ after them so that
# 县市场监管局 and 城市管理局 stay unmatched.
_SUPERIOR_ISSUER_RE = re.compile(
    r"国务院|中共中央|党中央|中央办公厅|中央委员会|中央军委|全国人民代表大会|全国人大|全国政协|"
    r"^中华人民共和国|^中办|^国办|^国家|最高人民(?:法院|检察院)|"
    r"^[^县市省区镇乡州]{1,10}部(?:办公厅)?$|"
    r"^[^县区镇乡]{2,10}(?:省|自治区)|"
    r"^(?:中共)?[^县区镇乡]{2,8}(?:市|州|盟)(?!场)"
    r"(?:人民政府|委员会|委|政府|人大|[\u4e00-\u9fff]{0,10}(?:局|厅|委|办公室|办))"
)
# Another county's organ: a place name before 县 (县医保局 alone is ours).
_COUNTY_ORGAN_RE = re.compile(r"([\u4e00-\u9fff]{1,5}县)")
_TITLE_ISSUER_RE = re.compile(r"^(?!关于|转发|印发)(?P<issuer>[^《》“”]{2,40}?)(?:关于|印发|转发|发布|公布|颁布)")
_TITLE_LEAD_RE = re.compile(r"^(?:图解|一图读懂|政策解读|解读)\s*[:：|｜]?\s*|^[《“「]+")
_SPLIT_RE = re.compile(r"[\s、，,]+")
_COUNTY_OF_SITE_RE = re.compile(r"^(.{1,10}?(?:自治县|县|区|旗|市))")


def is_date_line(line: str) -> bool:
    """A 成文日期 line: a short line ending in a date."""
    return bool(DATE_LINE_RE.search(line)) and len(line.strip()) <= 30


def doc_number(doc: Mapping[str, Any]) -> tuple[str, str, int] | None:
    """(文号, issuer abbreviation, year) from the metadata or the body head."""
    meta = doc.get("meta") or {}
    candidates = [str(meta.get("doc_no") or "")]
    lines = [line for _, line in iter_lines(doc.get("body_text") or "") if line.strip()]
    candidates += [line.strip() for line in lines[:6]]
    for cand in candidates:
        m = DOC_NO_RE.search(cand)
        # In the body the 文号 stands on its own line, not cited in a sentence.
        if m and (cand is candidates[0] or len(cand) <= len(m.group()) + 4):
            return m.group(), m.group(1), int(m.group(2))
    return None


def signers(body: str) -> list[str]:
    """The 落款 block: the short lines right above the last 成文日期 line."""
    lines = [line.strip() for _, line in iter_lines(body) if line.strip()]
    dates = [i for i, line in enumerate(lines) if is_date_line(line)]
    if not dates:
        return []
    out: list[str] = []
    for line in reversed(lines[max(0, dates[-1] - 3) : dates[-1]]):
        # A sentence, not a signature: the block ends there.
        if len(line) > 30 or line[-1] in "。；;：:，,！？":
            break
        out.append(line)
    return out[::-1]


def title_issuer(title: str) -> str:
    """The issuer a title names before 关于 / 印发 / 转发 / 发布 (国务院办公厅关于…), else ""."""
    t = _TITLE_LEAD_RE.sub("", re.sub(r"\s+", " ", title or "").strip())
    m = _TITLE_ISSUER_RE.match(t)
    return m.group("issuer").strip() if m else ""


@dataclass(frozen=True, slots=True)
class OwnershipConfig:
    """Who the county is: from sites.yaml (``ownership:`` and the units)."""

    county: str = ""  # 青禾县; "" when unknown (then no issuer is recognised as own)
    units: tuple[str, ...] = ()  # unit names and aliases
    doc_abbr: Mapping[str, str] = field(default_factory=dict)  # 文号 prefix -> unit
    superior_doc_abbr: tuple[str, ...] = ()  # 云政办发 …: the province's and city's prefixes
    superior_columns: tuple[str, ...] = SUPERIOR_COLUMNS

    @classmethod
    def from_site(cls, site: Any) -> OwnershipConfig:
        """From a crawler.sites.Site: its ``ownership`` block (in ``extra``) and units.

        ``county`` defaults to the site name up to 县/区/旗/市 (青禾县人民政府 → 青禾县);
        ``doc_abbr`` maps a unit (or the county government) to its 文号 prefixes and
        is merged with each unit's own ``doc_abbr``.
        """
        raw = dict((getattr(site, "extra", None) or {}).get("ownership") or {})
        name = str(getattr(site, "name", "") or "")
        m = _COUNTY_OF_SITE_RE.match(name)
        county = str(raw.get("county") or (m.group(1) if m else ""))
        units: list[str] = []
        abbr: dict[str, str] = {}
        for unit in getattr(site, "units", ()) or ():
            units += [str(unit["name"]), *(str(a) for a in unit.get("aliases") or ())]
            for prefix in _as_list(unit.get("doc_abbr")):
                abbr[prefix] = str(unit["name"])
        for issuer, prefixes in (raw.get("doc_abbr") or {}).items():
            for prefix in _as_list(prefixes):
                abbr[prefix] = str(issuer)
        return cls(
            county=county,
            units=tuple(units),
            doc_abbr=abbr,
            superior_doc_abbr=tuple(_as_list(raw.get("superior_doc_abbr"))),
            superior_columns=tuple(_as_list(raw.get("superior_columns"))) or SUPERIOR_COLUMNS,
        )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


#: Without a site: only superior bodies are recognised (a county is never the 国务院).
DEFAULT_CONFIG = OwnershipConfig()


def issuer_kind(text: str, config: OwnershipConfig = DEFAULT_CONFIG) -> str | None:
    """``own``, ``superior``, ``other`` (another county) or None for an issuer name.

    Joint issuers (中共青禾县委办公室 青禾县人民政府办公室) are split; one own
    co-issuer makes the document own.
    """
    parts = [p for p in _SPLIT_RE.split(text or "") if len(p) >= 2]
    kinds = [_one_issuer(p, config) for p in parts]
    for kind in ("own", "superior", "other"):
        if kind in kinds:
            return kind
    return None


def _one_issuer(name: str, config: OwnershipConfig) -> str | None:
    if config.county and config.county in name:
        return "own"
    if _SUPERIOR_ISSUER_RE.search(name):
        return "superior"
    if config.county and _COUNTY_ORGAN_RE.search(name):
        return "other"
    if any(name.startswith(u) for u in config.units if u):
        return "own"
    return None


def _prefix_kind(prefix: str, config: OwnershipConfig) -> tuple[str, str] | None:
    own = [a for a in config.doc_abbr if a and prefix.endswith(a)]
    if own:
        best = max(own, key=len)
        return "own", config.doc_abbr[best]
    if any(a and prefix.endswith(a) for a in config.superior_doc_abbr):
        return "superior", "上级机关"
    if _SUPERIOR_NO_RE.search(prefix):
        return "superior", "上级机关"
    return None


def classify(
    doc: Mapping[str, Any], config: OwnershipConfig = DEFAULT_CONFIG
) -> tuple[bool | None, str]:
    """(own document?, why) for an article; see the module docstring for the order."""
    number = doc_number(doc)
    if number and (kind := _prefix_kind(number[1], config)):
        return kind[0] == "own", f"文号{number[0]}（{kind[1]}）"
    meta = doc.get("meta") or {}
    for where in (doc.get("column_name"), meta.get("catalog"), meta.get("category")):
        hit = next((c for c in config.superior_columns if c and c in str(where or "")), None)
        if hit:
            return False, f"栏目“{where}”（{hit}）"
    sources: Iterable[tuple[str, str]] = (
        ("标题", title_issuer(str(doc.get("title") or ""))),
        ("落款", " ".join(signers(doc.get("body_text") or ""))),
        ("发布机构", str(meta.get("publisher") or "")),
    )
    for label, issuer in sources:
        kind = issuer_kind(issuer, config) if issuer.strip() else None
        if kind == "own":
            return True, f"{label}：{issuer}"
        if kind == "superior":
            return False, f"{label}：{issuer}（上级机关）"
        if kind == "other":
            return False, f"{label}：{issuer}（非本县单位）"
    return None, ""


def own_document(doc: Mapping[str, Any]) -> tuple[bool | None, str]:
    """What the crawl stored (``own_document``, ``own_document_reason``), else
    :func:`classify` without a site (superior bodies only)."""
    if "own_document" in doc and (
        doc.get("own_document") is not None or doc.get("own_document_reason")
    ):
        return doc["own_document"], str(doc.get("own_document_reason") or "")
    return classify(doc)


def is_superior(doc: Mapping[str, Any]) -> bool:
    """Known not to be the site's own document (a reposted superior or other body's)."""
    return own_document(doc)[0] is False

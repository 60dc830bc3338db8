"""Which 解读 interprets which policy document (analyzers/interpretation.py says why and how):
one pass over a site's articles keeping a small record per policy document and per 解读,
matched by dictionary lookup on normalised keys (links, 《names》, 文号)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzers.disclosure import policy_document, written_on
from analyzers.interp_period import _as_date
from analyzers.ownership import DOC_NO_RE, doc_number, own_document

#: 中办发〔2016〕8号 《关于全面推进政务公开工作的意见》.
INTERP_SINCE = dt.date(2016, 2, 17)

_SPACE_RE = re.compile(r"\s+")
_BOOK_RE = re.compile(r"《([^《》]{2,120})》")
_ISSUES_RE = re.compile(
    r"关于(?:印发|转发|发布|公布|颁布)(.{2,120}?)的(?:通知|决定|公告|通告|命令)$"
)
_INTERP_SUFFIX_RE = re.compile(
    r"(?:的)?(?:政策|文件)?(?:解读|解读材料|解读稿|图解|一图读懂|问答)(?:（[^（）]*）)?$"
)
_INTERP_PREFIX_RE = re.compile(r"^(?:关于|一图读懂|图解|解读|政策解读[:：]?)")
# Documents that are not interpreted in practice (module docstring).
# 一图读懂 / 图解 are interpretations in picture form.
_INTERP_TITLE_RE = re.compile(r"解读|一图读懂|图解")
_ROUTINE_RE = re.compile(
    r"(?:成立|调整|组成|充实).{0,30}(?:领导小组|指挥部|委员会|工作专班|工作组)|"
    r"任免|免职|任职|表彰|嘉奖|通报批评|通报|名单|放假|更正|废止|停止执行"
)
_BRACKETS = str.maketrans(dict.fromkeys("〔［[【", "(") | dict.fromkeys("〕］]】", ")"))
# A name shorter than this (《条例》) names no particular document.
_MIN_NAME = 4


# --- records ------------------------------------------------------------------


def _norm(text: str) -> str:
    """NFKC, no whitespace, one bracket style: how titles and names are compared."""
    t = unicodedata.normalize("NFKC", text or "")
    return _SPACE_RE.sub("", t).translate(_BRACKETS)


def _no_key(text: str) -> str | None:
    """A 文号 as (issuer, year, number): 青政办发〔2024〕3号 == 青政办发[2024]3号."""
    m = DOC_NO_RE.search(unicodedata.normalize("NFKC", text or ""))
    return f"{m.group(1)}|{int(m.group(2))}|{int(m.group(3))}" if m else None


def _url(doc: Mapping[str, Any]) -> str:
    return _canon(str(doc.get("url") or doc.get("_id") or ""))


def _canon(url: str) -> str:
    try:
        from store.keys import canonical_url

        return canonical_url(url)
    except Exception:  # a malformed link is compared as written
        return url.strip()


def _date(doc: Mapping[str, Any]) -> dt.date | None:
    return _as_date(doc.get("published_date")) or _as_date(doc.get("published_at"))


def is_interpretation(doc: Mapping[str, Any]) -> bool:
    """A 解读: the column / 公开目录 says 解读, or the title says 解读 / 一图读懂 / 图解."""
    meta = doc.get("meta") or {}
    where = " ".join(
        str(x or "") for x in (doc.get("column_name"), meta.get("category"), meta.get("catalog"))
    )
    return "解读" in where or bool(_INTERP_TITLE_RE.search(str(doc.get("title") or "")))


@dataclass(slots=True)
class _Policy:
    ref: dict[str, Any]
    published: dt.date | None
    written: dt.date | None
    why: str
    keys: set[str]
    links: set[str]
    interpreted_by: str | None = None


@dataclass(slots=True)
class _Interp:
    site: str
    unit: str
    url: str
    published: dt.date | None
    keys: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)


def _names(*names: str) -> set[str]:
    return {"t:" + n for n in names if len(n) >= _MIN_NAME}


def _policy_keys(title: str, number: tuple[str, str, int] | None) -> set[str]:
    t = _norm(title)
    keys = _names(t, *_BOOK_RE.findall(t))
    if m := _ISSUES_RE.search(t):
        keys |= _names(m.group(1).strip("《》"))
    if number and (k := _no_key(number[0])):
        keys.add("n:" + k)
    return keys


def _interp_keys(title: str) -> set[str]:
    t = _norm(title)
    keys = _names(*_BOOK_RE.findall(t))
    bare = _INTERP_PREFIX_RE.sub("", _INTERP_SUFFIX_RE.sub("", t))
    if bare != t and "《" not in bare:
        keys |= _names(bare)
    for m in DOC_NO_RE.finditer(unicodedata.normalize("NFKC", title or "")):
        if k := _no_key(m.group()):
            keys.add("n:" + k)
    return keys


def _ref(doc: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "site": doc.get("site"),
        "unit": doc.get("unit"),
        "url": doc.get("url") or doc.get("_id"),
        "column_id": doc.get("column_id"),
        "title": str(doc.get("title") or doc.get("list_title") or ""),
    }


@dataclass(slots=True)
class Linkage:
    """Policy documents and 解读 of a corpus, linked."""

    policies: list[_Policy]
    interps: list[_Interp]


def link(articles: Iterable[Mapping[str, Any]], since: dt.date = INTERP_SINCE) -> Linkage:
    """One pass over the articles, then dictionary lookups: linear time.

    Policy documents written before ``since`` and routine documents are left
    out (module docstring).
    """
    policies: list[_Policy] = []
    interps: list[_Interp] = []
    for doc in articles:
        title = str(doc.get("title") or doc.get("list_title") or "")
        links = {
            _canon(str(x.get("url") or ""))
            for x in doc.get("links") or []
            if isinstance(x, Mapping) and x.get("url")
        }
        if is_interpretation(doc):
            interps.append(
                _Interp(
                    str(doc.get("site") or ""),
                    str(doc.get("unit") or ""),
                    _url(doc),
                    _date(doc),
                    _interp_keys(title),
                    links,
                )
            )
            continue
        is_policy, why = policy_document(doc)
        if not is_policy or _ROUTINE_RE.search(title):
            continue
        if own_document(doc)[0] is False:
            continue  # a reposted superior document: the issuer owes its 解读
        written = written_on(doc)
        if written is not None and written < since:
            continue
        policies.append(
            _Policy(
                _ref(doc), _date(doc), written, why, _policy_keys(title, doc_number(doc)), links
            )
        )

    by_url: dict[tuple[str, str], list[_Policy]] = defaultdict(list)
    by_key: dict[tuple[str, str], list[_Policy]] = defaultdict(list)
    for p in policies:
        site = str(p.ref["site"] or "")
        by_url[(site, _canon(str(p.ref["url"])))].append(p)
        for k in p.keys:
            by_key[(site, k)].append(p)
    interp_urls = {(i.site, i.url): i for i in interps}
    for i in interps:
        targets = [p for u in i.links for p in by_url.get((i.site, u), ())]
        targets += [p for k in i.keys for p in by_key.get((i.site, k), ())]
        for p in targets:
            p.interpreted_by = p.interpreted_by or i.url
    for p in policies:
        if p.interpreted_by is None:
            site = str(p.ref["site"] or "")
            found = next(
                (interp_urls[(site, u)] for u in p.links if (site, u) in interp_urls), None
            )
            if found is not None:
                p.interpreted_by = found.url
    return Linkage(policies, interps)

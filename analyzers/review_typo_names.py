"""Critical institution names, state and provincial leaders' names, one
character off (REVIEW-TYPO)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from analyzers.wordlists import (
    _HAN,
    _jieba,
    _yaml,
)


@dataclass(frozen=True, slots=True)
class _Names:
    critical: tuple[tuple[str, str], ...]
    legitimate: frozenset[str]
    leaders: tuple[tuple[str, tuple[str, ...], str], ...]
    known: frozenset[str]
    anchors: ahocorasick.Automaton
    provincial: tuple[ProvincialLeader, ...] = ()
    national_known: frozenset[str] = frozenset()  # state leaders, current and former


@dataclass(frozen=True, slots=True)
class ProvincialLeader:
    name: str
    province: str
    office: str
    source: str  # "title (url), as of date"

    @property
    def titles(self) -> tuple[str, ...]:
        return _OFFICE_TITLES[self.office]

    @property
    def province_names(self) -> tuple[str, ...]:
        return (self.province, _short_province(self.province))

    def written(self, title: str) -> str:
        """湖北省委书记, 湖北省省长, 西藏自治区党委书记: the office as written
        (湖北省省委书记 is a form the Xinhua style list rules out)."""
        if title.endswith("书记") and title[0] == self.province[-1]:
            return self.province[:-1] + title
        return self.province + title


# The words an office is written with next to a name (代省长 ends in 省长).
_OFFICE_TITLES: dict[str, tuple[str, ...]] = {
    "省委书记": ("省委书记",),
    "省长": ("省长",),
    "市委书记": ("市委书记",),
    "市长": ("市长",),
    "党委书记": ("党委书记",),
    "主席": ("主席",),
}


def _short_province(full: str) -> str:
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if full.endswith(suffix):
            return full[: -len(suffix)]
    return full


def _provincial(path: str) -> tuple[ProvincialLeader, ...]:
    raw = _yaml(path)
    sources = {
        k: f"{v['title']}（{v['url']}），截至{v['as_of']}"
        for k, v in (raw.get("sources") or {}).items()
    }
    out = []
    for e in raw.get("leaders") or ():
        if str(e["office"]) not in _OFFICE_TITLES:
            raise ValueError(f"{path}: unknown office {e['office']!r} for {e['name']}")
        out.append(
            ProvincialLeader(
                str(e["name"]), str(e["province"]), str(e["office"]), sources[e["source"]]
            )
        )
    return tuple(out)


@cache
def names() -> _Names:
    raw = _yaml("names.yaml")
    critical = tuple((str(e["name"]), str(e["source"])) for e in raw["critical"])
    leaders = tuple(
        (str(e["name"]), tuple(e.get("titles") or ()), str(e["source"])) for e in raw["leaders"]
    )
    # One substitution leaves one half of the name intact (pigeonhole): anchor
    # the search on halves so the scan stays one Aho-Corasick pass.
    auto = ahocorasick.Automaton()
    for name, _ in critical:
        half = len(name) // 2
        for part, off in ((name[:half], 0), (name[half:], half)):
            prev = auto.get(part, []) if part in auto else []
            auto.add_word(part, [*prev, (name, off)])
    auto.make_automaton()
    provincial = (
        _provincial(str(raw["provincial_leaders"])) if raw.get("provincial_leaders") else ()
    )
    return _Names(
        critical,
        frozenset(raw.get("legitimate") or ()),
        leaders,
        frozenset(raw.get("known_names") or ())
        | {n for n, _, _ in leaders}
        | {p.name for p in provincial},
        auto,
        provincial,
        frozenset(raw.get("known_names") or ()) | {n for n, _, _ in leaders},
    )


def _one_off(a: str, b: str) -> int | None:
    """Index of the single differing character, None if not exactly one."""
    if len(a) != len(b):
        return None
    diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return diff[0] if len(diff) == 1 else None


def _token_inside(text: str, i: int, lo: int, hi: int) -> bool:
    """Does the jieba token holding text[i] stay within [lo, hi)?"""
    a = max(0, lo - 10)
    b = min(len(text), hi + 10)
    for _, s, e in _jieba().tokenize(text[a:b], HMM=False):
        if a + s <= i < a + e:
            return lo <= a + s and a + e <= hi
    return True


def critical_name_errors(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, wrong, right) for institution names one character off."""
    data = names()
    seen: set[int] = set()
    for end, cands in data.anchors.iter(text):
        for name, off in cands:
            half = len(name) // 2
            part_len = half if off == 0 else len(name) - half
            s = end + 1 - part_len - off
            e = s + len(name)
            if s < 0 or e > len(text) or s in seen:
                continue
            window = text[s:e]
            i = _one_off(window, name)
            if i is None or not re.match(f"[{_HAN}]", window[i]):
                continue
            if any(leg in text[max(0, s - 3) : e + 3] for leg in data.legitimate if leg != name):
                continue
            if any(x != name and window in x for x, _ in data.critical):
                continue
            if not _token_inside(text, s + i, s, e):
                continue
            seen.add(s)
            yield s, e, window, name


def leader_name_errors(text: str) -> Iterator[tuple[int, int, str, str, str]]:
    """(start, end, wrong, right, title) for a state leader's name one
    character off right next to one of that leader's titles.

    Names match whole: a window that is part of a longer name (李岚清 around
    李岚, 李克强 around 克强) or next to a longer title (副总理 is not 总理) is
    not a leader's name spelt wrong.
    """
    data = names()
    titles_all = {t for _, ts, _ in data.leaders for t in ts}
    longer = titles_all | {"副" + t for t in titles_all} | _OTHER_TITLES
    people = [(name, titles, None, name) for name, titles, _ in data.leaders]
    yield from _name_errors(text, people, longer, data.known)


def provincial_leader_errors(text: str) -> Iterator[tuple[int, int, str, ProvincialLeader, str]]:
    """(start, end, wrong, leader, title) for a provincial leader's name one
    character off next to the office's title, with the province named just
    before (河北省委书记倪岳锋, 山西省省长林五): a title alone (省长) is every
    province's, and the list does not hold every province's leaders."""
    people, longer = _provincial_people()
    yield from _name_errors(text, people, longer, names().known)


@cache
def _provincial_people() -> tuple[tuple[tuple[str, tuple[str, ...], tuple[str, ...], ProvincialLeader], ...],
                                  frozenset[str]]:
    """The provincial leaders as _name_errors takes them, and the longer titles
    that hold theirs (副省长); built once."""
    data = names()
    titles_all = {t for p in data.provincial for t in p.titles}
    longer = titles_all | {"副" + t for t in titles_all} | _OTHER_TITLES | _OTHER_PROVINCIAL_TITLES
    people = tuple(
        (p.name, p.titles, p.province_names, p)
        for p in data.provincial
        # 雪克来提·扎克尔: a transcribed name is not a one-character slip
        if re.fullmatch(f"[{_HAN}]+", p.name)
    )
    return people, frozenset(longer)


def _name_errors(
    text: str,
    people: Iterable[tuple[str, tuple[str, ...], tuple[str, ...] | None, Any]],
    longer: Iterable[str],
    known: frozenset[str],
) -> Iterator[tuple[int, int, str, Any, str]]:
    """(start, end, wrong, who, title): a name one character off next to one
    of its titles, and after its province when provinces are given."""
    longer = tuple(longer)
    # Each title is looked for once, then the people who hold it (255
    # provincial entries share six titles).
    by_title: dict[str, list[tuple[str, tuple[str, ...] | None, Any]]] = {}
    for name, titles, provinces, who in people:
        for title in titles:
            by_title.setdefault(title, []).append((name, provinces, who))
    seen: set[tuple[int, int]] = set()
    for title, holders in by_title.items():
        for m in re.finditer(re.escape(title), text):
            if _inside_longer_title(text, m.start(), m.end(), longer):
                continue
            for name, provinces, who in holders:
                if provinces is not None and not _province_before(text, m.start(), provinces):
                    continue
                n = len(name)
                for s in (m.start() - n, m.end()):  # 习近平总书记 / 国家主席习近平
                    e = s + n
                    if s < 0 or e > len(text):
                        continue
                    window = text[s:e]
                    if _one_off(window, name) is None or not re.fullmatch(f"[{_HAN}]+", window):
                        continue
                    # a correct name, current or past, around the window (李克强总理)
                    if any(
                        k != name and k in text[max(0, s - len(k) + 1) : e + len(k) - 1]
                        for k in known
                    ):
                        continue
                    if not _whole_name(text, s, e):
                        continue
                    if (s, e) not in seen:
                        seen.add((s, e))
                        yield s, e, window, who, title


def _province_before(text: str, title_start: int, provinces: Iterable[str]) -> bool:
    """Is the province named within the few characters before its title
    (河北省委书记, 河北省省长, 中共河北省委书记, 西藏自治区党委书记)?"""
    before = text[max(0, title_start - _PROVINCE_REACH) : title_start]
    return any(p and p in before for p in provinces)


# 河北省委书记、省长王正谱: the province may sit one title away.
_PROVINCE_REACH = 12
# Offices whose title contains a provincial leader's (副省长, 市长助理 …).
_OTHER_PROVINCIAL_TITLES = frozenset(
    {
        "常务副省长",
        "常务副市长",
        "常务副主席",
        "省长助理",
        "市长助理",
        "政协主席",
        "工会主席",
        "主席团",
    }
)


# Titles that contain a leader's title but are someone else's (副总理 ⊃ 总理).
_OTHER_TITLES = frozenset({"副总理", "副主席", "副委员长", "国务院副总理", "常务副总理"})


def _inside_longer_title(text: str, s: int, e: int, titles: Iterable[str]) -> bool:
    for t in titles:
        if len(t) <= e - s:
            continue
        lo = max(0, e - len(t))
        i = text.find(t, lo, s + len(t))
        if 0 <= i <= s and i + len(t) >= e:
            return True
    return False


def _whole_name(text: str, s: int, e: int) -> bool:
    """Does no jieba token (with its HMM, which joins unknown names: 李岚清)
    cross the window's edges?"""
    a = max(0, s - 6)
    b = min(len(text), e + 6)
    for _, ts, te in _jieba().tokenize(text[a:b], HMM=True):
        ts, te = a + ts, a + te
        if ts < s < te or ts < e < te:
            return False
    return True

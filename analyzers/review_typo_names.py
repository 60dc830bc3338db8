"""Critical institution names and state leaders' names, one character off (REVIEW-TYPO)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

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
    return _Names(
        critical,
        frozenset(raw.get("legitimate") or ()),
        leaders,
        frozenset(raw.get("known_names") or ()) | {n for n, _, _ in leaders},
        auto,
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
    """(start, end, wrong, right, title) for a leader's name one character
    off right next to one of that leader's titles.

    Names match whole: a window that is part of a longer name (李岚清 around
    李岚, 李克强 around 克强) or next to a longer title (副总理 is not 总理) is
    not a leader's name spelt wrong.
    """
    data = names()
    titles_all = {t for _, ts, _ in data.leaders for t in ts}
    longer = titles_all | {"副" + t for t in titles_all} | _OTHER_TITLES
    seen: set[tuple[int, int]] = set()
    for name, titles, _ in data.leaders:
        n = len(name)
        for title in titles:
            for m in re.finditer(re.escape(title), text):
                if _inside_longer_title(text, m.start(), m.end(), longer):
                    continue
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
                        for k in data.known
                    ):
                        continue
                    if not _whole_name(text, s, e):
                        continue
                    if (s, e) not in seen:
                        seen.add((s, e))
                        yield s, e, window, name, title


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

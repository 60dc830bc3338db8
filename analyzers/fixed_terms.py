"""Fixed terms one edit away (REVIEW-TYPO): 重要提法, institution names,
place names and leaders' names with one character inserted, deleted or
swapped for a homophone or a near-form (呼和浩市, 监查委员会, 全过程的人民民主).

The lists are data (data/fixed_terms.yaml and the files it names, each with
its source). Precision first: only a homophone or near-form can replace a
character, insertions and deletions must leave the term's first and last
characters in place, and a window that is itself a known term, a jieba word,
or (insertion, deletion) ordinary words is never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import ahocorasick

from analyzers.homophone import _free_characters, near_forms
from analyzers.review_typo_names import names
from analyzers.rule import DATA_DIR
from analyzers.wordlists import _HAN, _jieba, _yaml, read_list

_HAN_RE = re.compile(f"[{_HAN}]+")
# Structural particles whose omission leaves correct grammar.
_GRAMMAR_CHARS = frozenset("的之地得")
_EDGE_DELETION_MIN = 7
# The homophone check's share for a character that stands alone (thresholds.yaml default).
_FREE_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class FixedTerm:
    term: str
    kind: str
    source: str
    ends_fixed: bool  # place names: the first and last characters never change (张家口市/张家口是)
    current_leader: bool = False


@dataclass(frozen=True, slots=True)
class FixedTermError:
    start: int
    end: int
    wrong: str
    term: FixedTerm
    edit: str  # 替换 / 多字 / 漏字


class FixedTermIndex:
    """Halves of every term in one Aho-Corasick automaton: one edit leaves
    one half intact (pigeonhole), so a text is scanned once."""

    def __init__(self, terms: list[FixedTerm], legitimate: frozenset[str], min_length: int) -> None:
        self.terms = {t.term: t for t in terms}
        self.legitimate = legitimate | frozenset(self.terms)
        self.min_length = min_length
        self.anchors = ahocorasick.Automaton()
        for t in self.terms.values():
            n = len(t.term)
            half = n // 2
            for part, first in ((t.term[:half], True), (t.term[half:], False)):
                prev = self.anchors.get(part) if part in self.anchors else []
                self.anchors.add_word(part, [*prev, (t, first)])
        self.exact = ahocorasick.Automaton()
        for w in self.legitimate:
            if len(w) >= 2:
                self.exact.add_word(w, w)
        if len(self.terms):
            self.anchors.make_automaton()
        if len(self.exact):
            self.exact.make_automaton()

    def errors(self, text: str) -> Iterator[FixedTermError]:
        if not self.terms or not text:
            return
        exact = [(e + 1 - len(w), e + 1) for e, w in self.exact.iter(text)]
        seen: set[tuple[int, int]] = set()
        for end, cands in self.anchors.iter(text):
            for t, first in cands:
                n = len(t.term)
                half = n // 2
                part_len = half if first else n - half
                if first:
                    s0 = end + 1 - part_len
                    windows = [(s0, s0 + n + d) for d in (0, -1, 1)]
                else:
                    e0 = end + 1
                    windows = [(e0 - n - d, e0) for d in (0, -1, 1)]
                for s, e in windows:
                    if s < 0 or e > len(text) or (s, e) in seen:
                        continue
                    if any(a <= s and e <= b for a, b in exact):
                        continue  # inside a correct term (昌宁县人民政府)
                    edit = self._edit(text[s:e], t)
                    if edit is None or _crosses(text, s, e, check_end=not t.ends_fixed):
                        continue
                    seen.add((s, e))
                    yield FixedTermError(s, e, text[s:e], t, edit)

    def _edit(self, w: str, t: FixedTerm) -> str | None:
        """The kind of the one edit from ``t`` to ``w`` if it is reportable."""
        term = t.term
        if w == term or w in self.legitimate or not _HAN_RE.fullmatch(w):
            return None
        if _jieba().FREQ.get(w):
            return None  # a word of its own
        if t.ends_fixed and w[-1] != term[-1]:
            return None  # the suffix stays: 张家口是 is not 张家口市
        if len(w) == len(term):
            diff = [i for i, (a, b) in enumerate(zip(w, term, strict=True)) if a != b]
            if len(diff) != 1 or not _confusable(w[diff[0]], term[diff[0]]):
                return None
            i = diff[0]
            # A short window is easily a seam: 与城市 is 与 + 城市 (not 虞城市),
            # 无废城市 holds 废 + 城市 (not 肥城市).
            if len(w) <= 3 and w[i] in _free():
                return None
            rest = w[1:] if i == 0 else w[:-1] if i == len(w) - 1 else ""
            if len(w) <= 3 and _jieba().FREQ.get(rest):
                return None
            if t.ends_fixed and _ordinary_words(w):
                return None
            return "替换"
        if len(term) < self.min_length or w[-1] != term[-1]:
            return None
        # The first character may go missing from a long name only (华人民共和国).
        first = 0 if len(w) < len(term) and len(term) >= _EDGE_DELETION_MIN else 1
        if first and w[0] != term[0]:
            return None
        longer, shorter = (w, term) if len(w) > len(term) else (term, w)
        cut = [i for i in range(first, len(longer) - 1) if longer[:i] + longer[i + 1 :] == shorter]
        if not cut:
            return None
        if len(w) < len(term) and all(term[i] in _GRAMMAR_CHARS for i in cut):
            return None  # 党的全面领导 -> 党全面领导农村工作: a verb phrase, not a slip
        if _ordinary_words(w):
            return None  # 中国现代化 is not 中国式现代化 spelt wrong
        return "多字" if len(w) > len(term) else "漏字"


def _crosses(text: str, s: int, e: int, check_end: bool) -> bool:
    """Does a jieba word of the context reach into the window from outside
    (推进|城市 around 进城市)? Then the window's characters belong to
    different words. A place name's suffix may start a word (黑龙江省|电力)."""
    a = max(0, s - 6)
    b = min(len(text), e + 6)
    for _, ts, te in _jieba().tokenize(text[a:b], HMM=False):
        ts, te = a + ts, a + te
        if ts < s < te or (check_end and ts < e < te):
            return True
    return False


def _ordinary_words(w: str) -> bool:
    """Does jieba cut ``w`` into dictionary words of two or more characters only?"""
    return all(b - a >= 2 for _, a, b in _jieba().tokenize(w, HMM=False))


@cache
def _free() -> frozenset[str]:
    """Characters that are mostly words on their own (与 对 为 的 …)."""
    return _free_characters(_jieba().FREQ, _FREE_SHARE)


@cache
def _readings(ch: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True)[0])


def _confusable(wrong: str, right: str) -> bool:
    """A homophone (any reading, tones aside: 究/咎) or a near-form (沏/彻)."""
    if not _HAN_RE.fullmatch(wrong):
        return False
    return wrong in near_forms().get(right, ()) or bool(_readings(wrong) & _readings(right))


@cache
def fixed_term_index() -> FixedTermIndex:
    raw = _yaml("fixed_terms.yaml")
    min_length = int(raw.get("min_length") or 4)
    terms: list[FixedTerm] = []
    legitimate: set[str] = set()
    for spec in (raw.get("lists") or {}).values():
        words = [str(w) for w in spec.get("terms") or []]
        if spec.get("path"):
            words += read_list(DATA_DIR / str(spec["path"]))
        words = [w for w in words if not w.startswith("#")]
        if spec.get("legitimate_only"):
            legitimate.update(words)
            continue
        if spec.get("from_names_yaml"):
            data = names()
            current = {n for n, _, _ in data.leaders}
            for name in sorted(data.known):
                if len(name) >= 3:
                    terms.append(
                        FixedTerm(name, str(spec["kind"]), str(spec["source"]), False, name in current)
                    )
            continue
        places = spec.get("path") is not None
        legitimate.update(words)
        for w in words:
            # Two-character names (沛县) have real one-edit neighbours everywhere;
            # three-character ones only take a substitution (n < min_length).
            if len(w) >= 3:
                terms.append(FixedTerm(w, str(spec["kind"]), str(spec["source"]), places))
    data = names()
    legitimate.update(n for n, _ in data.critical)  # 最高人民法院 holds 高人民法院
    legitimate.update(data.legitimate)
    return FixedTermIndex(terms, frozenset(legitimate), min_length)

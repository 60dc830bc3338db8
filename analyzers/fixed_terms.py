"""Fixed terms one edit away (REVIEW-TYPO): 重要提法, institution names,
place names and leaders' names with one character inserted, deleted or
swapped for a homophone or a near-form (呼和浩市, 监查委员会, 全过程的人民民主).

The lists are data (data/fixed_terms.yaml and the files it names, each with
its source). Precision first: only a homophone or a near-form can replace a
character; an insertion or deletion keeps the term's last character and
(except the first character of a long name: 华人民共和国) its first; a place
keeps its suffix (张家口是 is not 张家口市), and a three-character place counts
only right after its parent (淮安市鸿泽区); a window that is a known term, a
jieba word, ordinary words (中国现代化), or the seam of two words (推进|城市)
is never reported.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import ahocorasick

from analyzers.homophone import near_forms
from analyzers.review_typo_names import names
from analyzers.rule import DATA_DIR
from analyzers.wordlists import _HAN, _jieba, _yaml, read_list

_HAN_RE = re.compile(f"[{_HAN}]+")
# Structural particles whose omission leaves correct grammar.
_GRAMMAR_CHARS = frozenset("的之地得")
_EDGE_DELETION_MIN = 7


@dataclass(frozen=True, slots=True)
class FixedTerm:
    term: str
    kind: str
    source: str
    ends_fixed: bool  # a place name: its suffix never changes (张家口市, not 张家口是)
    current_leader: bool = False
    # Reported only in a text that names one of these: a provincial leader's
    # province (王中林 the academician is not 湖北 secretary 王忠林 misspelt).
    context: tuple[str, ...] = ()
    # A formulation (全过程人民民主): any character inserted into it is a slip,
    # where in a name a conjunction or preposition joins two phrases (张家口等市).
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class FixedTermError:
    start: int
    end: int
    wrong: str
    term: FixedTerm
    edit: str  # 替换 / 多字 / 漏字


class FixedTermIndex:
    """Halves of every term of four or more characters in one Aho-Corasick
    automaton: one edit leaves one half intact (pigeonhole), so a text is
    scanned once. Three-character terms take a substitution only: each is
    filed under the two characters a substitution leaves (日土县 under 土县,
    日县 and 日土), looked up once per text position."""

    def __init__(
        self,
        terms: list[FixedTerm],
        legitimate: frozenset[str],
        min_length: int,
        parents: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.terms = {t.term: t for t in terms}
        self.parents = parents or {}
        self.legitimate = legitimate | frozenset(self.terms)
        self.min_length = min_length
        self.anchors = ahocorasick.Automaton()
        # by the kept positions (0: the last two, 1: first and last, 2: the first two)
        self.short: tuple[dict[str, list[FixedTerm]], ...] = ({}, {}, {})
        for t in self.terms.values():
            w = t.term
            if len(w) == 3:
                for kept, key in ((0, w[1:]), (1, w[0] + w[2]), (2, w[:2])):
                    if kept == 2 and t.ends_fixed:
                        continue  # a place's suffix never changes
                    self.short[kept].setdefault(key, []).append(t)
                continue
            half = len(w) // 2
            for part, first in ((w[:half], True), (w[half:], False)):
                prev = self.anchors.get(part) if part in self.anchors else []
                self.anchors.add_word(part, [*prev, (t, first)])
        self.exact = ahocorasick.Automaton()
        for w in self.legitimate:
            if len(w) >= 3:  # a window has three characters or more: only longer terms hold one
                self.exact.add_word(w, w)
        if len(self.anchors):
            self.anchors.make_automaton()
        if len(self.exact):
            self.exact.make_automaton()

    def _windows(self, text: str) -> Iterator[tuple[int, int, FixedTerm]]:
        """Every (start, end, term) that could be one edit from the term:
        anchored, and (cheap tests in C first) one character off, or one
        longer or shorter with the same last character."""
        n_text = len(text)
        if len(self.anchors):
            for end, cands in self.anchors.iter(text):
                for t, first in cands:
                    term = t.term
                    n = len(term)
                    if first:
                        s0 = end + 1 - n // 2
                        spans = ((s0, s0 + n), (s0, s0 + n - 1), (s0, s0 + n + 1))
                    else:
                        e0 = end + 1
                        spans = ((e0 - n, e0), (e0 - n + 1, e0), (e0 - n - 1, e0))
                    for s, e in spans:
                        if s < 0 or e > n_text:
                            continue
                        if e - s == n:
                            if sum(map(operator.ne, text[s:e], term)) != 1:
                                continue
                        elif text[e - 1] != term[-1]:
                            continue
                        yield s, e, t
        if self.short and n_text >= 3:
            # Keys present in the text, intersected in C (as the homophone
            # check does): bigrams for kept 0/2, skip-grams for kept 1.
            bigrams = set(map(operator.add, text, text[1:]))
            for kept in (0, 2):
                table = self.short[kept]
                for key in table.keys() & bigrams:
                    i = text.find(key)
                    while i >= 0:
                        start = i - 1 if kept == 0 else i
                        if 0 <= start and start + 3 <= n_text:
                            for t in table[key]:
                                yield start, start + 3, t
                        i = text.find(key, i + 1)
            table = self.short[1]
            present = table.keys() & set(map(operator.add, text, text[2:]))
            if present:
                # one C-level scan for all present "x.y" patterns (overlapping: a lookahead)
                alts = "|".join(re.escape(k[0]) + "." + re.escape(k[1]) for k in present)
                for m in re.finditer(f"(?=({alts}))", text):
                    i = m.start()
                    for t in table[text[i] + text[i + 2]]:
                        yield i, i + 3, t

    def errors(self, text: str) -> Iterator[FixedTermError]:
        if not self.terms or not text:
            return
        # Correct terms by start, with the furthest end reached so far:
        # a window inside one (昌宁县人民政府) is not looked at.
        exact = sorted((e + 1 - len(w), e + 1) for e, w in self.exact.iter(text)) if len(self.exact) else []
        starts = [a for a, _ in exact]
        reach = list(itertools.accumulate((b for _, b in exact), max))
        seen: set[tuple[int, int]] = set()
        named: dict[str, bool] = {}  # context word -> in the text (looked up once per text)
        for s, e, t in self._windows(text):
            if s < 0 or e > len(text) or (s, e) in seen:
                continue
            k = bisect.bisect_right(starts, s)
            if k and reach[k - 1] >= e:
                continue
            w = text[s:e]
            if w == t.term or (len(w) > len(t.term) and t.term in w):
                continue  # the term itself beside another character (黑龙江省|省长)
            if t.context and not any(
                named[c] if c in named else named.setdefault(c, c in text) for c in t.context
            ):
                continue
            if t.ends_fixed and len(t.term) == 3 and not self._after_parent(text, s, t.term):
                continue
            edit = self._edit(w, t)
            if edit is None or _crosses(text, s, e, check_end=not t.ends_fixed):
                continue
            seen.add((s, e))
            yield FixedTermError(s, e, w, t, edit)

    def _after_parent(self, text: str, s: int, term: str) -> bool:
        """Does the window follow one of the place's parents (淮安市鸿泽区)?
        A three-character name alone may be a town's or a village's."""
        before = text[max(0, s - 12) : s]
        return any(before.endswith(p) for p in self.parents.get(term, ()))

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
        if len(w) > len(term) and not t.phrase and all(_joins_phrases(w[i]) for i in cut):
            return None  # 张家口等市, 人民对政府: two phrases joined, not a name with a slip
        if _ordinary_words(w):
            return None  # 中国现代化 is not 中国式现代化 spelt wrong
        if len(w) < len(term) and _function_char_then_word(w):
            return None  # 国家和地区: 和 + 地区, not 和田地区 with 田 missing
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


# jieba's part-of-speech tags of words that join or govern other words:
# conjunction, preposition, auxiliary.
_FUNCTION_TAGS = frozenset({"c", "p", "u", "uj"})


def _joins_phrases(ch: str) -> bool:
    """A conjunction, a preposition or an auxiliary (等, 对, 和, 的)."""
    from jieba.posseg import dt as pos

    return pos.word_tag_tab.get(ch) in _FUNCTION_TAGS


def _function_char_then_word(w: str) -> bool:
    """Is a short window a function character and a dictionary word (和|地区,
    与|城市)? The same seam as a substitution's (与城市), for a window that
    lacks a character."""
    if len(w) > 3:
        return False
    return _joins_phrases(w[0]) and bool(_jieba().FREQ.get(w[1:]))


def _ordinary_words(w: str) -> bool:
    """Does jieba cut ``w`` into dictionary words of two or more characters only?"""
    return all(b - a >= 2 for _, a, b in _jieba().tokenize(w, HMM=False))


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
    seen_names: set[str] = set()
    for spec in (raw.get("lists") or {}).values():
        words = [str(w) for w in spec.get("terms") or []]
        if spec.get("path"):
            words += read_list(DATA_DIR / str(spec["path"]))
        words = [w for w in words if not w.startswith("#")]
        if spec.get("legitimate_only"):
            legitimate.update(words)
            continue
        if spec.get("from_provincial_leaders"):
            national = names().national_known
            provinces: dict[str, set[str]] = {}
            for p in names().provincial:
                provinces.setdefault(p.name, set()).update(p.province_names)
            for p in names().provincial:
                # a state leader who also led a province keeps the state label
                if len(p.name) >= 3 and p.name not in national and p.name not in seen_names:
                    seen_names.add(p.name)
                    terms.append(
                        FixedTerm(p.name, str(spec["kind"]), p.source, False,
                                  context=tuple(sorted(provinces[p.name])))
                    )
            continue
        if spec.get("from_names_yaml"):
            data = names()
            current = {n for n, _, _ in data.leaders}
            for name in sorted(data.national_known):
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
                terms.append(FixedTerm(w, str(spec["kind"]), str(spec["source"]), places,
                                       phrase=bool(spec.get("phrase"))))
    parents: dict[str, tuple[str, ...]] = {}
    if raw.get("place_parents"):
        for line in read_list(DATA_DIR / str(raw["place_parents"])):
            if not line.startswith("#"):
                name, *up = line.split("\t")
                parents[name] = tuple({x for p in up for x in (p, _short_name(p))})
    data = names()
    legitimate.update(n for n, _ in data.critical)  # 最高人民法院 holds 高人民法院
    legitimate.update(data.legitimate)
    return FixedTermIndex(terms, frozenset(legitimate), min_length, parents)


_SUFFIX_RE = re.compile(r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|盟)$")


def _short_name(name: str) -> str:
    """淮安市 -> 淮安, 江苏省 -> 江苏: parents are often written short."""
    short = _SUFFIX_RE.sub("", name)
    return short if len(short) >= 2 else name

"""The homophone / near-form check of REVIEW-TYPO (HomophoneChecker)."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick
import yaml

from analyzers.review_typo_names import names
from analyzers.rule import DATA_DIR
from analyzers.wordlists import (
    _HAN,
    _jieba,
)

# --- REVIEW-TYPO: homophones -------------------------------------------------
#
# A pinyin input method turns a mistyped syllable choice into a real character
# of the same sound and tone: 贯彻 -> 贯撤, 落实 -> 洛实. Such a wrong form is
# usually not a word, so jieba leaves it out of its dictionary; one of its
# same-sound neighbours is a frequent word. Without a language model that
# test alone is weak (jieba's dictionary predates 微信, and HMM glues function
# characters into pseudo-words: 部|等 -> 部等 ~ 不等), so every candidate must
# pass all the filters of HomophoneChecker.errors; each one is there because
# of a false alarm on clean central documents (see tests/analyzers/test_wording.py).

_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十百千万亿零〇两几半第")
_NAME_FLAGS = ("ns", "nt", "nz", "eng", "x")
# A character after which a token is the name of a place or body (江成村, 佳园小区).
_PLACE_SUFFIXES = frozenset(
    "村镇乡县市区省州路街巷道河江湖海山岭峰坪桥园苑港湾寨庄屯场站厂矿校院局所队组社寺庙"
)
_ENUM_MARKS = "、，和与及或"
_SURNAME_LOGP = -10.0


@dataclass(frozen=True, slots=True)
class HomophoneSettings:
    """The thresholds of the homophone check (thresholds.yaml, REVIEW-TYPO)."""

    min_word_freq: int = 100
    max_wrong_freq: int = 0
    max_free_share: float = 0.3
    known_words: frozenset[str] = frozenset()


class HomophoneChecker:
    """Same-pinyin (with tones) one-character variants of frequent jieba words.

    Built once per settings, lazily: every frequent word (jieba frequency >=
    ``min_word_freq``, 2-4 Han characters) is expanded into its variants with
    one character swapped for a homophone, read in the word's own context
    (银行 hang2); variants that are words themselves (反映/反应, 截止/截至:
    jieba frequency above ``max_wrong_freq``) are dropped. Scanning a text
    for the remaining variants is a set lookup per character; jieba only
    runs on the few hits that pass the cheap filters.
    """

    def __init__(self, settings: HomophoneSettings) -> None:
        from pypinyin import Style, lazy_pinyin, pinyin  # 0.15 s import: only when used

        self.settings = settings
        tk = _jieba()
        self.freq: dict[str, int] = tk.FREQ
        self.free = _free_characters(self.freq, settings.max_free_share)
        words = {
            w: f
            for w, f in self.freq.items()
            if f >= settings.min_word_freq and _HAN_WORD_RE.fullmatch(w)
        }
        # The homophone pool: characters of frequent words (the ones an input
        # method offers first), by their standard (first) reading only:
        # adding the alternative readings (行 xing2/hang2 …) raised the raw
        # hits on the clean corpus by 60%.
        by_sound: dict[str, list[str]] = {}
        for ch in sorted({c for w in words for c in w} - self.free - _NUMERALS):
            sound = pinyin(ch, style=Style.TONE3, neutral_tone_with_five=True)[0][0]
            by_sound.setdefault(sound, []).append(ch)
        # Near-form swaps (己/已, 拨/拔) join the same index: the same filters keep them precise.
        near = near_forms()
        best: dict[str, tuple[str, int]] = {}  # variant -> (word, index of the swap)
        for w, f in words.items():
            sounds = lazy_pinyin(w, style=Style.TONE3, neutral_tone_with_five=True)
            if len(sounds) != len(w) or any(c in _NUMERALS for c in w):
                continue
            for i, sound in enumerate(sounds):
                if any(c in self.free for j, c in enumerate(w) if j != i):
                    continue  # the variant would keep a free character: a seam
                swaps = [*by_sound.get(sound, ()), *near.get(w[i], ())]
                for ch in swaps:
                    if ch in self.free or ch in _NUMERALS:
                        continue
                    if ch == w[i]:
                        continue
                    v = w[:i] + ch + w[i + 1 :]
                    if self.freq.get(v, 0) > settings.max_wrong_freq:
                        continue
                    old = best.get(v)
                    if old is None or words[old[0]] < f:
                        best[v] = (w, i)
        for v in _inside_words(best, self.freq):
            del best[v]  # 依规 (in 依规治党), 禁入 (in 禁入区): a real character sequence
        # Each variant is filed under one bigram holding its wrong character
        # (贯撤 -> 贯撤, 科学技束 -> 技束), so a text is scanned through its
        # bigrams: 2.5x the speed of an Aho-Corasick pass over the same
        # 190,000 variants (pyahocorasick slows down with that many keys).
        self.anchors: dict[str, list[tuple[int, str, str, int]]] = {}
        for v, (w, i) in best.items():
            off = i if i + 2 <= len(v) else i - 1
            self.anchors.setdefault(v[off : off + 2], []).append((off, v, w, words[w]))
        self.variants = len(best)
        self._pos: Any = None

    def candidates(self, text: str) -> Iterator[tuple[int, int, str, str, int]]:
        """(start, end, wrong, right, freq of right): every variant in ``text``."""
        anchors = self.anchors
        if not anchors or len(text) < 2:
            return
        # The text's distinct bigrams, built and intersected in C (~6M chars/s,
        # against ~5M for a Python lookup per position); then str.find per match.
        present = anchors.keys() & set(map(operator.add, text, text[1:]))
        out = []
        for bigram in present:
            i = text.find(bigram)
            while i >= 0:
                for off, v, w, f in anchors[bigram]:
                    s = i - off
                    if s >= 0 and text.startswith(v, s):
                        out.append((s, s + len(v), v, w, f))
                i = text.find(bigram, i + 1)
        out.sort()
        yield from out

    def errors(self, text: str) -> Iterator[tuple[int, int, str, str, int]]:
        """(start, end, wrong, right, freq of right) of likely homophone typos."""
        for s, e, v, w, f in self.candidates(text):
            if self.reject(text, s, e, v, w) is None:
                yield s, e, v, w, f

    def reject(self, text: str, s: int, e: int, v: str, w: str) -> str | None:
        """Why text[s:e] is not flagged, None if it is (cheap tests first)."""
        if s > 0 and text[s - 1] in _NUMERALS:
            return "number or classifier"  # 5个村, 1日至7日
        if crossing := self._crossing_word(text, s, e):
            return f"part of a longer word {crossing}"
        if _parallel(text, s, e):
            return "parallel coinage"  # 依法依规, 事中事后, 细化实化
        if _short_quote(text, s, e):
            return "quoted term"  # “宜机化”, “总对总”
        if _verse_quote(text, s, e):
            return "quoted classical verse"  # “日出江花红胜火”: one character, one word
        if _short_item_list(text, s, e):
            return "item of a list of short terms"  # 耳鸣、视物模糊、鼻出血: symptoms, sizes
        if text.count(v) >= 2 and text.count(v) > text.count(w):
            return "the document's own term"  # 配建, 水坪: used throughout
        if v in self.settings.known_words:
            return "known word"  # newer than jieba's dictionary: 微信, 微博
        if _surname_like(v[0]):
            return "person's name"  # 龚平 ~ 公平, 熊伟 ~ 雄伟, 钟华 ~ 中华
        if e < len(text) and text[e] in _PLACE_SUFFIXES:
            return "place name"  # 江成村, 佳园小区
        if not _is_token(text, s, e):
            return "not one jieba token"
        if flag := self._name_flag(text, s, e):
            return f"name ({flag})"
        if any(n in text[max(0, s - 4) : e + 4] for n in names().known):
            return "known name"
        return None

    def _crossing_word(self, text: str, s: int, e: int) -> str | None:
        """A dictionary word overlapping text[s:e] and reaching past it: the
        span is then a seam (自然资源|部等) or part of a longer word."""
        freq = self.freq
        n = len(text)
        # Shortest first: a two-character word across an edge is the usual case.
        for length in range(2, 7):
            for a in range(max(0, s - length + 1), min(e, n - length + 1)):
                b = a + length
                if (s <= a and b <= e) or not freq.get(text[a:b]):
                    continue  # inside the span (or the span itself), or no word
                return text[a:b]
        return None

    def _name_flag(self, text: str, s: int, e: int) -> str | None:
        """jieba's part-of-speech tag of a name, place, organisation or other
        proper noun on the span (佳园 in 龙湖佳园, 水坪)."""
        if self._pos is None:
            import jieba.posseg  # 0.3 s import and its tag table: only on a candidate

            self._pos = jieba.posseg.POSTokenizer(_jieba())
        lo, hi = _block(text, s, e)
        i = lo
        for pair in self._pos.cut(text[lo:hi]):
            j = i + len(pair.word)
            # nr is left out: jieba's HMM tags many unknown pairs nr (贯撤, 洛实);
            # person's names are caught by _surname_like.
            if i < e and s < j and pair.flag.startswith(_NAME_FLAGS):
                return str(pair.flag)
            i = j
        return None


_HAN_WORD_RE = re.compile(f"[{_HAN}]{{2,4}}")
# jieba cuts text into blocks of these characters before segmenting (re_han_default).
_JIEBA_BLOCK_RE = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


def _free_characters(freq: Mapping[str, int], max_share: float) -> frozenset[str]:
    """Characters that are mostly words on their own (对 的 为 将 等 之 上 …):
    jieba's HMM glues two of them into an out-of-vocabulary "word" (对市,
    为水, 部等) that is only the seam of two words. Share = the character's
    frequency as a word over its frequency as a word plus inside longer words."""
    inside: dict[str, int] = {}
    for w, f in freq.items():
        if len(w) > 1 and f:
            for c in set(w):
                inside[c] = inside.get(c, 0) + f
    out = set()
    for c, n in inside.items():
        alone = freq.get(c, 0)
        if alone and alone / (alone + n) >= max_share:
            out.add(c)
    return frozenset(out)


def _inside_words(variants: Iterable[str], freq: Mapping[str, int]) -> set[str]:
    """The variants that occur inside some dictionary word (any frequency):
    one Aho-Corasick pass over the whole dictionary."""
    auto = ahocorasick.Automaton()
    for v in variants:
        auto.add_word(v, v)
    if not len(auto):
        return set()
    auto.make_automaton()
    lexicon = "|".join(w for w in freq if len(w) > 2)
    return {v for _, v in auto.iter(lexicon)}


def _surname_like(ch: str) -> bool:
    """Could ``ch`` start a person's name? jieba's part-of-speech model has
    an emission log-probability for the first character of an nr word; the
    rarest of the 100 commonest surnames, 覃, is at -9.8."""
    from jieba.posseg.prob_emit import P as emit

    return emit.get(("B", "nr"), {}).get(ch, -99.0) >= _SURNAME_LOGP


def _block(text: str, s: int, e: int) -> tuple[int, int]:
    """The jieba block around text[s:e]: jieba segments each block alone."""
    lo, hi = s, e
    while lo > 0 and _JIEBA_BLOCK_RE.match(text[lo - 1]):
        lo -= 1
    while hi < len(text) and _JIEBA_BLOCK_RE.match(text[hi]):
        hi += 1
    return lo, hi


def _is_token(text: str, s: int, e: int) -> bool:
    """Does jieba (with its HMM for unknown words) cut exactly text[s:e]?"""
    lo, hi = _block(text, s, e)
    return any(lo + a == s and lo + b == e for _, a, b in _jieba().tokenize(text[lo:hi]))


def _parallel(text: str, s: int, e: int) -> bool:
    """依法依规, 先行先试, 事中事后, 细化实化, 微博、微信: a coinage made in
    parallel with its neighbour (next to it, or across an enumeration mark
    or conjunction) shares a character with it at the same place."""
    n = e - s
    v = text[s:e]
    neighbours = [text[max(0, s - n) : s], text[e : e + n]]
    if s > 0 and text[s - 1] in _ENUM_MARKS:
        neighbours.append(text[max(0, s - 1 - n) : s - 1])
    if e < len(text) and text[e] in _ENUM_MARKS:
        neighbours.append(text[e + 1 : e + 1 + n])
    return any(len(x) == n and any(a == b for a, b in zip(x, v, strict=True)) for x in neighbours)


def _short_quote(text: str, s: int, e: int) -> bool:
    """Inside a short quotation (“宜机化”, “总对总”): a coined term, quoted as such."""
    i = text.rfind("“", max(0, s - 8), s)
    if i < 0:
        return False
    j = text.find("”", e, e + 8)
    return j >= 0 and "”" not in text[i + 1 : s]


_CLAUSE_MARKS = "，。？！；：,.?!;:"
_CLAUSE_SPLIT_RE = re.compile(f"[{_CLAUSE_MARKS}、]")
_VERSE_LENGTHS = frozenset({4, 5, 7})


def _verse_quote(text: str, s: int, e: int) -> bool:
    """Inside a quotation of classical verse: at least two clauses, every one
    of four, five or seven characters (“星垂平野阔，月涌大江流。”). Classical
    Chinese uses one-character words, so every two characters look like a
    misspelt modern word."""
    i = text.rfind("“", max(0, s - 120), s)
    if i < 0 or "”" in text[i + 1 : s]:
        return False
    j = text.find("”", e, e + 120)
    if j < 0:
        return False
    clauses = [c for c in _CLAUSE_SPLIT_RE.split(text[i + 1 : j]) if c]
    return len(clauses) >= 2 and all(len(c) in _VERSE_LENGTHS for c in clauses)


def _short_item_list(text: str, s: int, e: int) -> bool:
    """One item of an enumeration of at least three short items (耳鸣、视物模糊、
    鼻出血; 大杯、中杯、小杯): a list of domain terms (symptoms, sizes, goods)
    that a general dictionary lacks, not running prose."""
    lo = max(text.rfind(c, 0, s) for c in _CLAUSE_MARKS + "\n") + 1
    his = [k for k in (text.find(c, e) for c in _CLAUSE_MARKS + "\n") if k >= 0]
    hi = min(his) if his else len(text)
    clause = text[lo:hi]
    items = clause.split("、")
    if len(items) < 3 or any(len(x) > _SHORT_ITEM for x in items[1:-1]):
        return False
    # only a middle item: the first and last carry the clause's lead-in and
    # tail (患者可有头晕, 系统集城 before 网络工程、…), where a slip is prose
    pos = lo + len(items[0]) + 1
    for x in items[1:-1]:
        if pos <= s and e <= pos + len(x):
            return True
        pos += len(x) + 1
    return False


_SHORT_ITEM = 6


def _sound(word: str) -> str:
    """Pinyin with tone marks, for the finding's explanation (guàn chè)."""
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(word, style=Style.TONE))


@cache
def near_forms() -> dict[str, tuple[str, ...]]:
    """Character -> its near-form characters, from data/nearform.yaml."""
    raw = yaml.safe_load((DATA_DIR / "nearform.yaml").read_text(encoding="utf-8")) or {}
    table: dict[str, set[str]] = {}
    for group in raw.get("groups") or []:
        for ch in group:
            table.setdefault(ch, set()).update(c for c in group if c != ch)
    return {ch: tuple(sorted(others)) for ch, others in table.items()}


@cache
def homophone_checker(settings: HomophoneSettings) -> HomophoneChecker:
    return HomophoneChecker(settings)


"""REVIEW-TYPO, REVIEW-SENSITIVE, REVIEW-EXPRESSION: wrong words and names.

All word lists are data (analyzers/data/*.yaml and the bundled copies in
analyzers/data/wordlists/, see wordlists.yaml for their sources). Matching is
one Aho-Corasick pass per list; every hit must then fall on jieba token
boundaries of its line, so a wrong form that is only the seam of two correct
words (骨干|与 for 干与, 水平|空间 for 平空) is never flagged.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import jieba
import yaml

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import DATA_DIR, Rule, context_of, make_evidence

log = logging.getLogger(__name__)
jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict" chatter is not ours

REPO_ROOT = DATA_DIR.parents[1]
_HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_OPEN_QUOTES = "“‘「『\"'"
_CLOSE_QUOTES = "”’」』\"'"


# --- data -----------------------------------------------------------------


@cache
def _yaml(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8")) or {}


def list_path(spec: Mapping[str, Any]) -> Path:
    """The bundled copy of a list; the shared/ origin only if the copy is gone
    (a development checkout), so the product never needs shared/ at run time."""
    bundled = DATA_DIR / str(spec["path"])
    if bundled.is_file():
        return bundled
    origin = (REPO_ROOT / str(spec["origin"])).resolve()
    if origin.is_file():
        log.warning("bundled word list %s missing, using %s", bundled, origin)
        return origin
    raise FileNotFoundError(f"word list not found: {bundled} (nor {origin})")


def read_list(path: Path) -> list[str]:
    """Entries one a line, blanks dropped, order kept, duplicates removed."""
    seen: dict[str, None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            seen.setdefault(line.strip(), None)
    return list(seen)


@dataclass(frozen=True, slots=True)
class Term:
    """One word-list entry with what a finding needs to explain itself."""

    term: str
    kind: str  # what is wrong with it, in Chinese
    suggest: str
    source: str
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    quoted_ok: bool = False
    valid_until: dt.date | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Matcher:
    """Aho-Corasick over many Terms; hits filtered by token boundaries."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.automaton = ahocorasick.Automaton()
        self.terms: dict[str, Term] = {}
        for t in terms:
            self.terms.setdefault(t.term, t)  # first list wins: project entries go first
        for word, t in self.terms.items():
            self.automaton.add_word(word, t)
        if self.terms:
            self.automaton.make_automaton()

    def __len__(self) -> int:
        return len(self.terms)

    def hits(self, text: str, longest: bool = True) -> list[tuple[int, int, Term]]:
        """(start, end, term) of boundary-aligned hits; a hit inside a longer
        hit is dropped (国家工商总局 is one finding, not two)."""
        if not self.terms or not text:
            return []
        raw = [(end + 1 - len(t.term), end + 1, t) for end, t in self.automaton.iter(text)]
        raw.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, Term]] = []
        for s, e, t in raw:
            if longest and any(os <= s and e <= oe and (os, oe) != (s, e) for os, oe, _ in out):
                continue
            # 台独分子 must read “台独”分子: a quote-required term only needs its start
            # on a boundary (平台独立 still fails there).
            if not _context_ok(text, s, e, t) or not on_token_boundaries(
                text, s, e, need_end=not t.quoted_ok
            ):
                continue
            out.append((s, e, t))
        return out


def _context_ok(text: str, s: int, e: int, t: Term) -> bool:
    if any(text.startswith(x, e) for x in t.not_before):
        return False
    if any(text[max(0, s - len(x)) : s] == x for x in t.not_after):
        return False
    if t.quoted_ok and s > 0 and text[s - 1] in _OPEN_QUOTES:
        return False
    return True


# --- token boundaries -------------------------------------------------------

_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        _tokenizer = jieba.Tokenizer()
        _tokenizer.initialize()
    return _tokenizer


def on_token_boundaries(text: str, s: int, e: int, width: int = 30, need_end: bool = True) -> bool:
    """Do jieba tokens of the surrounding line start at ``s`` and end at ``e``?

    Latin/digit terms (TMD, 装13) need non-alphanumeric neighbours instead.
    """
    term = text[s:e]
    if term.isascii():
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        return not before.isalnum() and not after.isalnum()
    if not re.search(f"[{_HAN}]", term):
        return True
    lo = max(0, s - width)
    hi = min(len(text), e + width)
    for sep in "\r\n。！？；":
        i = text.rfind(sep, lo, s)
        if i >= 0:
            lo = i + 1
        j = text.find(sep, e, hi)
        if j >= 0:
            hi = j
    cuts = {lo, hi}
    for _, a, b in _jieba().tokenize(text[lo:hi], HMM=False):
        cuts.add(lo + a)
        cuts.add(lo + b)
    return s in cuts and (e in cuts or not need_end)


# --- REVIEW-SENSITIVE ------------------------------------------------------

_SENSITIVE_KIND = {
    "taiwan_hk_macao": "涉台港澳表述错误",
    "discriminatory": "歧视性用语",
    "absolute_ad": "绝对化广告用语",
}
_SOURCES_SENSITIVE = {
    "XH2016": "新华社禁用词和慎用词（2016年修订）",
    "TW2016": "新华社涉台宣传报道用语规范",
    "GAT": "港澳用语规范",
    "CDPF": "中国残联残疾人称谓规范",
    "ADLAW": "《广告法》第九条",
}
# Sentences that report enforcement mention gambling/porn on purpose.
_ENFORCEMENT_RE = re.compile(
    r"打击|整治|扫黄|打非|严厉|查处|查获|取缔|举报|防范|警惕|拒绝|远离|禁止|严禁|抵制|涉嫌|违法|犯罪|净网|清理"
)


@cache
def sensitive_matcher() -> Matcher:
    """Project entries first (they carry precise suggestions), then Xinhua's."""
    terms: list[Term] = []
    own = _yaml("sensitive.yaml")
    for cat, kind in _SENSITIVE_KIND.items():
        for e in own.get(cat) or []:
            terms.append(
                Term(
                    str(e["term"]),
                    kind,
                    str(e["suggest"]),
                    _SOURCES_SENSITIVE.get(e["source"], str(e["source"])),
                    tuple(e.get("not_before") or ()),
                    tuple(e.get("not_after") or ()),
                )
            )
    spec = _yaml("wordlists.yaml")["xinhua_forbidden"]
    skip = set(spec.get("skip") or {})
    quoted = set(spec.get("quoted_ok") or [])
    suggest = spec.get("suggest") or {}
    not_before = spec.get("not_before") or {}
    care = spec.get("use_with_care") or {}
    for word in read_list(list_path(spec)):
        if word in skip:
            continue
        terms.append(
            Term(
                word,
                "新华社慎用词" if word in care else "新华社禁用词、慎用词",
                str(
                    care.get(word)
                    or suggest.get(word)
                    or (
                        f"加引号写作“{word}”"
                        if word in quoted
                        else "按新华社禁用词和慎用词规定改写或删除"
                    )
                ),
                "新华社禁用词和慎用词（ECSpell词表）",
                tuple(not_before.get(word) or ()),
                (),
                word in quoted,
                extra={"severity": Severity.NOTICE} if word in care else {},
            )
        )
    return Matcher(terms)


@cache
def spam_matcher() -> Matcher:
    spec = _yaml("wordlists.yaml")["konsheng_spam"]
    skip = set(spec.get("skip") or [])
    min_len = int(spec.get("min_length") or 2)
    terms: list[Term] = []
    for e in _yaml("sensitive.yaml").get("spam") or []:
        terms.append(Term(str(e["term"]), "涉黄涉赌垃圾信息", "删除", str(e["source"])))
    for f in spec["files"]:
        pattern = re.compile(f["include_pattern"]) if f.get("include_pattern") else None
        for word in read_list(list_path(f)):
            if word in skip or len(word) < min_len:
                continue
            if word.isascii() and len(word) < 4:  # LY, JS, 3P: initials, not words
                continue
            if pattern and not pattern.search(word):
                continue
            terms.append(Term(word, "涉黄涉赌垃圾信息", "删除", "konsheng敏感词库（MIT）"))
    return Matcher(terms)


def _sentence(text: str, s: int, e: int) -> str:
    lo = max(text.rfind(c, 0, s) for c in "。！？\n\r") + 1
    his = [i for i in (text.find(c, e) for c in "。！？\n\r") if i >= 0]
    return text[lo : min(his) if his else len(text)]


class SensitiveRule(Rule):
    """错敏词: Xinhua's forbidden / use-with-care terms (ECSpell copy, minus
    the recommended forms and ordinary words listed in wordlists.yaml), the
    project's wrong Taiwan/HK/Macao formulations, discriminatory terms and
    absolute advertising terms (sensitive.yaml, each with its source).
    Entries under ``use_with_care`` in wordlists.yaml (隆重召开) are style
    advice, not errors, and are reported at notice severity.

    Injected spam (porn, gambling; konsheng lists) is a veto, reported only
    when it is clearly spam: a hit in a link text, or at least two distinct
    hits outside sentences about enforcement (打击, 整治, 扫黄打非 …).
    """

    code = "REVIEW-SENSITIVE"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "错敏词（{kind}）：「{text}」"
    hint = "建议改为：{suggest}（依据：{source}）"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        matcher = sensitive_matcher()
        for field_name, text in _texts(doc):
            for s, e, t in matcher.hits(text):
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc, ev, kind=t.kind, text=ev.text, suggest=t.suggest, source=t.source
                )
                yield replace(f, severity=t.extra["severity"]) if "severity" in t.extra else f
        yield from self._spam(doc)

    def _spam(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        matcher = spam_matcher()
        hits: list[tuple[Evidence, Term, bool]] = []
        body = doc.get("body_text") or ""
        for field_name, text in _texts(doc):
            for s, e, t in matcher.hits(text):
                if _ENFORCEMENT_RE.search(_sentence(text, s, e)):
                    continue
                hits.append((make_evidence(text, s, e, field_name), t, False))
        for link in doc.get("links") or []:
            label = str((link.get("text") if isinstance(link, Mapping) else "") or "")
            for s, e, t in matcher.hits(label):
                i = body.find(label)
                ev = (
                    make_evidence(body, i + s, i + e)
                    if i >= 0
                    else Evidence(label[s:e], -1, -1, f"链接「{label}」{link.get('url', '')}")
                )
                hits.append((ev, t, True))
        distinct = {t.term for _, t, _ in hits}
        if not any(in_link for *_, in_link in hits) and len(distinct) < 2:
            return
        reported: set[str] = set()
        for ev, t, in_link in hits:
            if t.term in reported:
                continue
            reported.add(t.term)
            where = "链接文字中" if in_link else f"共{len(distinct)}个不同垃圾词"
            f = self.finding(
                doc,
                ev,
                kind=f"疑似被植入涉黄涉赌信息，{where}",
                text=ev.text,
                suggest="立即删除并排查网站是否被篡改",
                source=t.source,
            )
            yield replace(f, severity=Severity.VETO)


def _texts(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    if doc.get("title"):
        out.append(("title", str(doc["title"])))
    out.append(("body", str(doc.get("body_text") or "")))
    for att in doc.get("attachments") or []:
        if isinstance(att, Mapping) and att.get("text"):
            out.append((f"attachment:{att.get('name') or att.get('url') or ''}", str(att["text"])))
    return out


# --- REVIEW-TYPO -------------------------------------------------------------

_TYPO_SOURCES = {
    "XH7": "《现代汉语词典》第7版",
    "YXC": "《第一批异形词整理表》",
    "GFHZ": "《通用规范汉字表》",
}


@cache
def typo_matcher() -> Matcher:
    terms: list[Term] = []
    for e in _yaml("typos.yaml").get("entries") or []:
        terms.append(
            Term(
                str(e["wrong"]),
                "错别字",
                str(e["right"]),
                _TYPO_SOURCES.get(e["source"], e["source"]),
            )
        )
    spec = _yaml("wordlists.yaml")["typo_pairs"]
    skip = set(spec.get("skip") or {})
    for line in read_list(list_path(spec)):
        right, _, wrong = line.partition("-")
        if wrong and wrong not in skip:
            terms.append(Term(wrong, "不规范词形", right, "常见错字错词表（ECSpell词表）"))
    return Matcher(terms)


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
    off right next to one of that leader's titles."""
    data = names()
    seen: set[tuple[int, int]] = set()
    for name, titles, _ in data.leaders:
        n = len(name)
        for title in titles:
            for m in re.finditer(re.escape(title), text):
                for s in (m.start() - n, m.end()):  # 习近平总书记 / 国家主席习近平
                    e = s + n
                    if s < 0 or e > len(text):
                        continue
                    window = text[s:e]
                    if _one_off(window, name) is None or not re.fullmatch(f"[{_HAN}]+", window):
                        continue
                    # a correct longer name around the window (李克强总理)
                    if any(
                        k != name
                        and (text[max(0, e - len(k)) : e] == k or text[s : s + len(k)] == k)
                        for k in data.known
                    ):
                        continue
                    if (s, e) not in seen:
                        seen.add((s, e))
                        yield s, e, window, name, title


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


class TypoRule(Rule):
    """错别字: wrong forms from the ECSpell list of 规范-不规范 pairs (minus
    标志-标识: 标识 is a word of its own) and the project's list of wrong
    forms in official documents (typos.yaml, each with its source); critical
    institution names one character off (中华人民共和国, 中国共产党, 全国人民代表大会 …);
    a current state leader's name one character off next to the leader's
    title (总书记, 总理, 委员长 …) — a veto; a homophone typo (贯撤 for 贯彻):
    an out-of-vocabulary jieba token whose same-pinyin, same-tone variant is
    a frequent word (HomophoneChecker; every filter there exists because of
    a false alarm on clean official text).
    """

    code = "REVIEW-TYPO"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "{kind}：「{text}」应为「{right}」"
    hint = "改为「{right}」（依据：{source}）"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        data = names()
        sources = {n: src for n, src in data.critical}
        leader_src = {n: src for n, _, src in data.leaders}
        checker = homophone_checker(
            HomophoneSettings(
                int(self.thresholds.get("homophone_min_word_freq", 100)),
                int(self.thresholds.get("homophone_max_wrong_freq", 0)),
                float(self.thresholds.get("homophone_max_free_share", 0.3)),
                frozenset(self.thresholds.get("homophone_known_words") or ()),
            )
        )
        for field_name, text in _texts(doc):
            found: list[tuple[int, int, Finding]] = []
            for s, e, t in typo_matcher().hits(text):
                ev = make_evidence(text, s, e, field_name)
                found.append(
                    (
                        s,
                        e,
                        self.finding(
                            doc, ev, kind=t.kind, text=ev.text, right=t.suggest, source=t.source
                        ),
                    )
                )
            for s, e, wrong, right in critical_name_errors(text):
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc, ev, kind="重要机构名称错误", text=wrong, right=right, source=sources[right]
                )
                found.append((s, e, f))
            for s, e, wrong, right, title in leader_name_errors(text):
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc,
                    ev,
                    kind=f"国家领导人姓名错误（{title}）",
                    text=wrong,
                    right=right,
                    source=leader_src[right],
                )
                found.append((s, e, replace(f, severity=Severity.VETO)))
            taken = [(s, e) for s, e, _ in found]
            for s, e, wrong, right, freq in checker.errors(text):
                if any(s < te and ts < e for ts, te in taken):
                    continue  # already explained by the word lists or a name
                ev = make_evidence(text, s, e, field_name)
                if _sound(wrong) == _sound(right):
                    kind = "疑似同音错字"
                    why = f"同音词检查：「{wrong}」不成词，与常用词「{right}」同音（{_sound(right)}，jieba词频{freq}）"
                else:
                    kind = "疑似形近错字"
                    why = f"形近字检查：「{wrong}」不成词，与常用词「{right}」只差一个形近字（jieba词频{freq}）"
                f = self.finding(doc, ev, kind=kind, text=wrong, right=right, source=why)
                found.append((s, e, f))
            for _, _, f in sorted(found, key=lambda x: (x[0], x[1])):
                yield f


# --- REVIEW-EXPRESSION -------------------------------------------------------

_EXPR_SOURCES = {
    "GWY2018": "2018年《国务院机构改革方案》",
    "DF2018": "《关于地方机构改革有关问题的指导意见》（县级机构改革2019年3月底前完成）",
    "XCZX2021": "国家乡村振兴局2021年2月25日挂牌",
    "SW2018": "国税地税征管体制改革（县级税务局2018年7月20日挂牌）",
    "XJP2021": "庆祝中国共产党成立100周年大会宣告全面建成小康社会（2021年7月1日）",
    "PARTY": "《中国共产党章程》",
}
# Sentences about the reform itself name the old bodies on purpose.
_HISTORY_RE = re.compile(r"组建|更名|改名|整合|不再保留|撤销|划入|划转|挂牌|前身|机构改革|合并")


@cache
def expression_matcher() -> Matcher:
    terms = []
    for e in _yaml("expressions.yaml").get("entries") or []:
        until = e["valid_until"]
        if not isinstance(until, dt.date):
            until = dt.date.fromisoformat(str(until))
        terms.append(
            Term(
                str(e["term"]),
                str(e.get("why") or ""),
                str(e["use"]),
                _EXPR_SOURCES.get(e["source"], str(e["source"])),
                tuple(e.get("not_before") or ()),
                tuple(e.get("not_after") or ()),
                valid_until=until,
            )
        )
    return Matcher(terms)


def published_date(doc: Mapping[str, Any]) -> dt.date | None:
    """The article's own publication date: published_at, else the metadata."""
    p = doc.get("published_at")
    if isinstance(p, dt.datetime):
        return p.date()
    if isinstance(p, dt.date):
        return p
    meta = doc.get("meta") or {}
    for key in ("pub_date", "published", "date"):
        if m := re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", str(meta.get(key) or "")):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def judged_date(doc: Mapping[str, Any]) -> dt.date | None:
    """The date an article's wording is judged by: its publication date, or
    the document's own 成文日期 when earlier — a 2004 letter republished in
    2018 rightly names the 国土资源部 of 2004."""
    dates = [d for d in (published_date(doc), written_date(doc)) if d is not None]
    return min(dates) if dates else None


def written_date(doc: Mapping[str, Any]) -> dt.date | None:
    """成文日期 from the metadata, else the last date-only line of the body."""
    from analyzers.disclosure import written_from_text

    meta = doc.get("meta") or {}
    return written_from_text(str(meta.get("written_date") or "")) or written_from_text(
        last_date_line(doc.get("body_text") or "")
    )


def last_date_line(body: str) -> str:
    from analyzers.disclosure import is_date_line

    lines = [line for line in body.splitlines() if is_date_line(line)]
    return lines[-1] if lines else ""


def _historical(text: str, s: int, e: int) -> bool:
    clause_start = max(text.rfind(c, 0, s) for c in "，。；：、！？\n\r（(“") + 1
    if "原" in text[max(clause_start, s - 10) : s]:
        return True
    return bool(_HISTORY_RE.search(_sentence(text, s, e)))


class ExpressionRule(Rule):
    """严重表述错误（过时表述）: the name of a renamed or abolished institution,
    or an outdated formulation, in an article published on or after the day
    it stopped being valid (expressions.yaml: valid_until and source per
    entry). Judged by the article's own date (publication, or the document's
    成文日期 when earlier); not judged when no date is known. Historical mentions (原…, （原…）, sentences about the
    reform: 组建/更名/整合/不再保留 …) are not flagged.
    """

    code = "REVIEW-EXPRESSION"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "严重表述错误：「{text}」{why}"
    hint = "改为「{use}」（依据：{source}）{tip}"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        published = judged_date(doc)
        if published is None:
            return
        for field_name, text in _texts(doc):
            for s, e, t in expression_matcher().hits(text):
                if t.valid_until is None or published < t.valid_until or _historical(text, s, e):
                    continue
                ev = Evidence(text[s:e], s, e, context_of(text, s, e), field_name)
                if t.kind:  # a wrong formulation, not a renamed body
                    why, tip = f"{t.kind}（文章日期{published.isoformat()}）", ""
                else:
                    why = f"自{t.valid_until.isoformat()}起已不再使用（文章日期{published.isoformat()}）"
                    tip = f"；如指改革前的机构，写作“原{ev.text}”"
                yield self.finding(
                    doc, ev, text=ev.text, why=why, use=t.suggest, source=t.source, tip=tip
                )


WORDING_RULES: tuple[type[Rule], ...] = (TypoRule, SensitiveRule, ExpressionRule)

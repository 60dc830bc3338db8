"""Shared word-list machinery of the REVIEW rules: data loading, Term,
the Aho-Corasick Matcher and jieba token boundaries.

All word lists are data (analyzers/data/*.yaml and the bundled copies in
analyzers/data/wordlists/, see wordlists.yaml for their sources). Matching is
one Aho-Corasick pass per list; every hit must then fall on jieba token
boundaries of its line, so a wrong form that is only the seam of two correct
words (骨干|与 for 干与, 水平|空间 for 平空) is never flagged.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import ahocorasick
import jieba
import yaml

from analyzers.rule import DATA_DIR

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


def _sentence(text: str, s: int, e: int) -> str:
    lo = max(text.rfind(c, 0, s) for c in "。！？\n\r") + 1
    his = [i for i in (text.find(c, e) for c in "。！？\n\r") if i >= 0]
    return text[lo : min(his) if his else len(text)]



def _texts(doc: Mapping[str, Any]) -> list[tuple[str, str]]:
    out = []
    if doc.get("title"):
        out.append(("title", str(doc["title"])))
    out.append(("body", str(doc.get("body_text") or "")))
    for att in doc.get("attachments") or []:
        if isinstance(att, Mapping) and att.get("text"):
            out.append((f"attachment:{att.get('name') or att.get('url') or ''}", str(att["text"])))
    return out


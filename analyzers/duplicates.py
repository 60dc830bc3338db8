"""DUP rules: 重复发布 (the same title, the same or near-same content twice on a site).

Both are corpus rules (``applies_to == "articles"``): they receive an iterable
of article documents (a cursor), read it once, and keep only small records per
article, so memory stays bounded by the corpus size times ~1 KB and time is
linear in the number of articles. The later copy (by publication date, then
URL) is the finding; its evidence names the earlier copy's URL. Duplicates are
looked for within one site only.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from datasketch import MinHash, MinHashLSH

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, iter_lines

log = logging.getLogger(__name__)

_SPACE_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"\w")
# Titles differ by trailing marks and spacing more often than by words.
_TITLE_TRIM = "。．.，,；;：:！!？? \u3000"
_UNDATED = "9999-99-99"  # an undated copy sorts after dated ones: it cannot be the original


def normalise_title(title: str) -> str:
    """NFKC, no whitespace, no trailing marks: how two titles are compared."""
    t = unicodedata.normalize("NFKC", title or "")
    return _SPACE_RE.sub("", t).strip(_TITLE_TRIM)


def _order_key(doc: Mapping[str, Any]) -> tuple[str, str]:
    return (str(doc.get("published_date") or _UNDATED), str(doc.get("url") or doc.get("_id")))


def _ref(doc: Mapping[str, Any]) -> dict[str, Any]:
    """What a finding about this article needs, without its body."""
    return {
        "site": doc.get("site"),
        "unit": doc.get("unit"),
        "url": doc.get("url") or doc.get("_id"),
        "column_id": doc.get("column_id"),
        "title": doc.get("title") or "",
        "published_date": doc.get("published_date"),
    }


class DupTitleRule(Rule):
    """标题重复: two items of one site with the same normalised title.

    One finding per later copy, naming the earliest. Very short generic titles
    (below ``min_title_chars``) are not compared.
    """

    code = "DUP-TITLE"
    problem_class = "DUP"
    severity = Severity.DEDUCT
    message = "标题与已发布信息重复：“{title}”（最早发布：{first}）"
    hint = "删除重复发布的信息，或修改标题加以区分"
    applies_to = "articles"
    fields: ClassVar[tuple[str, ...]] = ("title", "published_date")

    def find(self, doc: Any) -> Iterator[Finding]:
        docs: Iterable[Mapping[str, Any]] = doc
        min_chars = int(self.thresholds.get("min_title_chars", 6))
        groups: dict[tuple[str, str], list[tuple[tuple[str, str], dict[str, Any]]]] = defaultdict(
            list
        )
        for d in docs:
            norm = normalise_title(str(d.get("title") or ""))
            if len(norm) < min_chars:
                continue
            groups[(str(d.get("site") or ""), norm)].append((_order_key(d), _ref(d)))
        for (_site, _norm), items in sorted(groups.items()):
            if len(items) < 2:
                continue
            items.sort(key=lambda x: x[0])
            first = items[0][1]
            for _, ref in items[1:]:
                if ref["url"] == first["url"]:
                    continue
                title = ref["title"]
                ev = Evidence(title, 0, len(title), f"最早发布：{first['url']}", "title")
                f = self.finding(ref, ev, title=title, first=first["url"])
                f.extra.update(related=first["url"], related_title=first["title"])
                yield f


# --- DUP-CONTENT -------------------------------------------------------------


@dataclass(slots=True)
class _Rec:
    """One article's small footprint: identity, signature, paragraph hashes."""

    ref: dict[str, Any]
    order: tuple[str, str]
    hashes: np.ndarray
    paras: list[tuple[int, int, int]]  # (hash of the stripped line, start, end) in body_text
    para_set: frozenset[int] = field(default_factory=frozenset)


@dataclass(slots=True)
class _Match:
    original: int
    similarity: float
    evidence: Evidence


def _paragraphs(body: str) -> list[tuple[int, int, int]]:
    out = []
    for off, line in iter_lines(body):
        stripped = line.strip()
        if len(stripped) < 10:  # 一、 headings and signatures repeat in unrelated texts
            continue
        start = off + line.index(stripped)
        out.append((hash(stripped), start, start + len(stripped)))
    return out


class DupContentRule(Rule):
    """内容重复发布: the same or near-same body published twice on a site.

    Near-duplicates by MinHash LSH (datasketch) over shingles of jieba tokens
    (word n-grams), verified by the estimated Jaccard similarity; equal
    ``content_hash`` counts as a duplicate outright. Each article is hashed
    once and queried once, so time is linear in the corpus, not pairwise.
    Bodies shorter than ``min_chars`` (captions, '详见附件') are skipped.
    Evidence: the first paragraph of the later copy that the earlier one
    contains verbatim (else the later copy's title).
    """

    code = "DUP-CONTENT"
    problem_class = "DUP"
    severity = Severity.DEDUCT
    message = "内容与已发布信息重复（相似度{similarity}）：最早发布“{first_title}” {first}"
    hint = "删除重复发布的信息"
    applies_to = "articles"
    fields: ClassVar[tuple[str, ...]] = ("title", "published_date", "body_text", "content_hash")

    def __init__(self, thresholds: Mapping[str, Any] | None = None) -> None:
        super().__init__(thresholds)
        self.threshold = float(self.thresholds.get("threshold", 0.8))
        self.num_perm = int(self.thresholds.get("num_perm", 128))
        self.k = int(self.thresholds.get("shingle_tokens", 3))
        self.min_chars = int(self.thresholds.get("min_chars", 100))
        # Permutations are drawn once: MinHash() would redraw them per article.
        self._template = MinHash(num_perm=self.num_perm, seed=1)

    def shingles(self, text: str) -> set[bytes]:
        """Word k-grams of the jieba tokens of ``text`` (punctuation dropped)."""
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-load chatter
        tokens = [t for t in jieba.lcut(text, HMM=False) if _WORD_RE.search(t)]
        if len(tokens) < self.k:
            return {"\x1f".join(tokens).encode()} if tokens else set()
        return {
            "\x1f".join(tokens[i : i + self.k]).encode() for i in range(len(tokens) - self.k + 1)
        }

    def signature(self, text: str) -> MinHash:
        m = MinHash(
            num_perm=self.num_perm,
            seed=1,
            permutations=self._template.permutations,
            scheme=self._template.scheme,
        )
        m.update_batch(list(self.shingles(text)))
        return m

    def find(self, doc: Any) -> Iterator[Finding]:
        docs: Iterable[Mapping[str, Any]] = doc
        recs: list[_Rec] = []
        lsh: dict[str, MinHashLSH] = {}
        exact: dict[tuple[str, str], list[int]] = defaultdict(list)
        best: dict[int, _Match] = {}

        for d in docs:
            body = str(d.get("body_text") or "")
            if len(_SPACE_RE.sub("", body)) < self.min_chars:
                continue
            site = str(d.get("site") or "")
            m = self.signature(body)
            paras = _paragraphs(body)
            rec = _Rec(
                _ref(d),
                _order_key(d),
                m.hashvalues.astype(np.uint32),
                paras,
                frozenset(h for h, _, _ in paras),
            )
            idx = len(recs)
            recs.append(rec)
            index = lsh.get(site)
            if index is None:
                index = lsh[site] = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
            candidates: dict[int, float] = {}
            ch = d.get("content_hash")
            if ch:
                for other in exact[(site, str(ch))]:
                    candidates[other] = 1.0
                exact[(site, str(ch))].append(idx)
            for other in index.query(m):
                if other not in candidates:
                    sim = float(np.mean(recs[other].hashes == rec.hashes))
                    if sim >= self.threshold:
                        candidates[other] = sim
            index.insert(idx, m)
            for other, sim in candidates.items():
                self._pair(recs, best, other, idx, sim, body)

        for later in sorted(best, key=lambda i: recs[i].order):
            match = best[later]
            ref, first = recs[later].ref, recs[match.original].ref
            if ref["url"] == first["url"]:
                continue
            f = self.finding(
                ref,
                match.evidence,
                similarity=f"{match.similarity:.0%}",
                first_title=first["title"],
                first=first["url"],
            )
            f.extra.update(related=first["url"], similarity=round(match.similarity, 3))
            yield f

    def _pair(
        self, recs: list[_Rec], best: dict[int, _Match], a: int, b: int, sim: float, body_b: str
    ) -> None:
        """Record that a (seen before) and b (the current article) are duplicates.

        ``body_b`` is the only body still in memory; the shared paragraph's
        text is taken from it whichever of the two is the later copy.
        """
        original, later = (a, b) if recs[a].order <= recs[b].order else (b, a)
        known = best.get(later)
        if known is not None and recs[known.original].order <= recs[original].order:
            return  # an earlier original is already on record: keep the finding stable
        ev = self._evidence(recs, original, later, b, body_b)
        best[later] = _Match(original, sim, ev)

    @staticmethod
    def _evidence(recs: list[_Rec], original: int, later: int, current: int, body: str) -> Evidence:
        shared = recs[original].para_set
        paras = [p for p in recs[later].paras if p[0] in shared]
        # A salutation (各乡镇人民政府，县直各部门：) is shared by unrelated
        # documents: prefer the first shared paragraph of some substance.
        paras.sort(key=lambda p: p[2] - p[1] < 20)
        for h, start, end in paras:
            if current == later:
                text = body[start:end]
            else:
                # The current article is the original: the same text is in its body too.
                text = next(body[s2:e2] for h2, s2, e2 in recs[current].paras if h2 == h)
            # The context is the paragraph's head, not its surroundings: only one
            # of the two bodies is in memory, and the result must not depend on which.
            return Evidence(text, start, end, text[:40], "body")
        title = recs[later].ref["title"]
        return Evidence(title, 0, len(title), title, "title")


DUP_RULES: tuple[type[Rule], ...] = (DupTitleRule, DupContentRule)

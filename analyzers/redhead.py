"""REVIEW-REDHEAD: 红头红章文件 published as a body image or a PDF / image attachment.

Two layers:

- :func:`detect_redhead` is pure: one page image (a numpy array) in, a
  :class:`RedheadResult` out — whether a red header (发文机关标志, usually with
  the red rule under it) and/or a red round seal is on the page, where, and
  how sure.
- :class:`RedheadRule` turns the per-page results of the images and
  attachments of an article into findings.

Where the pixels come from (the I/O question). Rules are pure and the runner
feeds them MongoDB documents, which hold no pixels; carrying decoded pages
through MongoDB or the runner for every article would cost memory for the
95 % of articles without images. So the rule takes its pages from, in order:

1. ``item["pages"]``: page images (``numpy`` arrays, page 1 first) that the
   caller attached to an ``images`` / ``attachments`` entry or to
   ``doc["source_file"]``. Nothing is read: the test suite and any caller
   that has the pixels already use this path, and ``check`` is then pure.
2. otherwise the ``loader`` given to the rule (default
   :func:`load_stored_pages`), which reads the file the crawler's files
   pipeline stored at ``item["path"]`` (``data/files/<sha[:2]>/<sha>``,
   content-addressed, local, read-only). It never touches the network, and it
   checks the bytes against ``item["sha256"]`` so the evidence is about the
   file the crawl recorded. This is the one sanctioned exception to "no I/O
   in a rule": it reads crawled data by its hash, like a projection of a
   field too large to keep in the document. Results are cached per sha256 for
   the life of the rule instance (one run), so an image shared by many
   articles is decoded once.

``python -m analyzers check scan.png doc.pdf`` loads each file as a document
whose ``source_file`` names the file itself (analyzers/textsource.py), so the
same rule judges it.

Detection lives in analyzers/redhead_detect.py (with redhead_header.py and
redhead_seal.py), page loading in analyzers/redhead_pages.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from analyzers.model import Evidence, Finding, Severity
from analyzers.redhead_detect import RedheadResult, detect_redhead, red_mask
from analyzers.redhead_pages import PageLoader, content_kind, load_stored_pages, pages_from_bytes
from analyzers.rule import Rule

# Re-exported: tests and callers import the detector and page loaders from here.
__all__ = [
    "REDHEAD_RULES",
    "PageLoader",
    "RedheadResult",
    "RedheadRule",
    "content_kind",
    "detect_redhead",
    "load_stored_pages",
    "pages_from_bytes",
    "red_mask",
]

# ---------------------------------------------------------------------------
# the rule


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # image | attachment | file
    label: str  # URL of a body image, attachment name, file path
    where: str  # Chinese phrase for the message
    entry: Mapping[str, Any] = field(hash=False, compare=False)


def _fmt_box(b: Sequence[int]) -> str:
    return f"({b[0]},{b[1]})-({b[2]},{b[3]})"


class RedheadRule(Rule):
    """红头红章文件: a body image, an image / PDF attachment, or a checked file
    whose page shows a red header (红头: 发文机关标志 in red, centred in the
    top 30 % of a page, with the red rule under it or in a large font) and/or
    a red round seal (红章: a red ring whose outline is red all round, with a
    star or text inside), on a page-like image (document proportions, white
    paper, body text). One finding per file, saying which of the two was
    found, on which page and where (pixel boxes of the page image; PDF pages
    are rendered with their long side at 1400 px).

    Severity: deduct — RULES.md lists REVIEW-REDHEAD under REVIEW without a
    veto, and the seed bulletin (昌宁县2024年一季度通报) names it among the
    information that must not be published (严禁公开…红头红章文件信息) and
    asks for rectification, not a veto.

    Pages: see the module docstring. ``loader`` replaces the reading of stored
    files (tests pass arrays instead); entries carrying ``pages`` are judged
    without any loading.
    """

    code = "REVIEW-REDHEAD"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "发布红头红章文件：{where}是{what}的公文（{location}）"
    hint = (
        "红头红章文件不得直接公开发布：请撤下该{thing}，改为发布去除红头和印章的文字版本"
        "（网页正文或无红头红章的PDF）"
    )
    fields: ClassVar[tuple[str, ...]] = ("images", "attachments", "source_file")

    #: Defaults of the thresholds this rule reads (overridable per instance):
    #: PDF pages rendered per file; a long file is read at its first pages and
    #: its last, where the seal is.
    defaults: ClassVar[dict[str, Any]] = {"max_pages": 10}

    def __init__(
        self, thresholds: Mapping[str, Any] | None = None, loader: PageLoader | None = None
    ) -> None:
        super().__init__(thresholds)
        self.thresholds = {**self.defaults, **self.thresholds}
        self.loader = loader
        self._cache: dict[str, list[tuple[int, RedheadResult]]] = {}

    def _items(self, doc: Mapping[str, Any]) -> Iterator[_Item]:
        for img in doc.get("images") or []:
            if isinstance(img, Mapping) and not img.get("error"):
                src = str(img.get("src") or img.get("path") or "")
                yield _Item("image", src, f"正文图片「{src}」", img)
        for att in doc.get("attachments") or []:
            if isinstance(att, Mapping) and not att.get("error"):
                name = str(att.get("name") or att.get("url") or "")
                yield _Item("attachment", name, f"附件《{name}》", att)
        src = doc.get("source_file")
        if isinstance(src, Mapping):
            name = str(src.get("name") or src.get("path") or "")
            yield _Item("file", name, f"文件「{name}」", src)

    def _results(self, entry: Mapping[str, Any]) -> list[tuple[int, RedheadResult]]:
        given = entry.get("pages")
        if given is not None:
            return [(i, detect_redhead(p)) for i, p in enumerate(given, start=1)]
        if content_kind(entry) is None:
            return []
        key = str(entry.get("sha256") or "")
        if key and key in self._cache:
            return self._cache[key]
        max_pages = int(self.thresholds["max_pages"])
        if self.loader is not None:
            pages = self.loader(entry)
        else:
            pages = load_stored_pages(entry, max_pages)
        out = [(n, detect_redhead(p)) for n, p in pages]
        if key:
            if len(self._cache) > 4096:  # a run over a whole site: keep memory bounded
                self._cache.clear()
            self._cache[key] = out
        return out

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        for item in self._items(doc):
            hits = [(n, r) for n, r in self._results(item.entry) if r.found]
            if hits:
                yield self._finding(doc, item, hits)

    def _finding(
        self, doc: Mapping[str, Any], item: _Item, hits: list[tuple[int, RedheadResult]]
    ) -> Finding:
        header = any(r.header for _, r in hits)
        seal = any(r.seal for _, r in hits)
        what = "带红头和红章" if header and seal else "带红头" if header else "带红章"
        multi = item.entry.get("pages") is not None and len(item.entry["pages"]) > 1
        multi = multi or content_kind(item.entry) == "pdf"
        parts = []
        for n, r in hits:
            spots = []
            if r.header and r.header_box:
                spots.append(f"红头位于{_fmt_box(r.header_box)}")
            if r.seal and r.seal_box:
                spots.append(f"红章位于{_fmt_box(r.seal_box)}")
            parts.append((f"第{n}页" if multi else "") + "、".join(spots))
        location = "；".join(parts) + "，像素坐标"
        thing = {"image": "图片", "attachment": "附件", "file": "文件"}[item.kind]
        ev = Evidence(
            text=item.label,
            start=-1,
            end=-1,
            context=f"{what}：{location}",
            field=f"{item.kind}:{item.label}",
        )
        f = self.finding(doc, ev, where=item.where, what=what, location=location, thing=thing)
        extra = {
            "header": header,
            "seal": seal,
            "pages": [{"page": n, **r.to_dict()} for n, r in hits],
            "sha256": item.entry.get("sha256"),
            "source": item.kind,
        }
        return replace(f, extra=extra)


REDHEAD_RULES: tuple[type[Rule], ...] = (RedheadRule,)

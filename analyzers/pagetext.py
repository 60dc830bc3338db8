"""Text outside articles: the site's frame once per site, each list page's own text once per column.

Inspectors read every page, so a typo in the footer or in a column's intro
is a finding too — but one finding, not one per page. The crawl stores the
home page's text lines on the site (`home_lines`) and each column's first
list page's own lines on the column (`page_lines`, its entries left out).
The frame is the lines most column pages share (header, navigation,
footer); it is checked once on the site target (the home page URL), with
the home page's other text minus its news titles. A column's remaining
lines are checked once on the column target. The rules are the existing
text rules (PAGE_TEXT_RULES), run on article-shaped documents.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pymongo.database import Database

# Rules that judge wording and punctuation only: no dates, metadata, attachments or titles.
PAGE_TEXT_RULES = ("REVIEW-TYPO", "REVIEW-SENSITIVE", "REVIEW-PRIVACY", "FORMAT-PUNCT")
FRAME_SHARE = 0.5  # a line on at least half of the column pages (and on two) belongs to the frame


def frame_lines(pages: list[list[str]]) -> set[str]:
    """Lines shared by at least FRAME_SHARE of the pages (and by two pages at least)."""
    counts = Counter(line for lines in pages for line in set(lines))
    need = max(2, math.ceil(FRAME_SHARE * len(pages)))
    return {line for line, n in counts.items() if n >= need}


def _not_titles(lines: Iterable[str], titles: list[str]) -> list[str]:
    def is_title(line: str) -> bool:
        core = line.rstrip(".… 0123456789-").strip()
        return bool(core) and any(t.startswith(core) or core.startswith(t) for t in titles)
    return [line for line in lines if not is_title(line)]


def _doc(site: str, url: str, unit: str, column_id: Any, name: str, lines: list[str], kind: str) -> dict[str, Any]:
    return {"_id": f"{kind}:{url}", "site": site, "url": url, "unit": unit, "column_id": column_id,
            "column_name": name, "title": None, "body_text": "\n".join(lines), "body_html": None,
            "meta": {"source_kind": kind}, "attachments": None, "images": [], "links": []}


def page_text_docs(db: Database, site: str | None = None, unit: str | None = None) -> Iterator[dict[str, Any]]:
    """Article-shaped documents: one per site (frame + home text, only when ``unit`` is None) and one per
    column with text of its own (of ``unit`` only, when given)."""
    query = {} if site is None else {"site": site}
    by_site: dict[str, list[Mapping[str, Any]]] = {}
    for col in db.columns.find(query, {"site": 1, "url": 1, "name": 1, "unit": 1, "page_lines": 1}):
        by_site.setdefault(str(col.get("site") or ""), []).append(col)
    sites = {str(d["_id"]): d for d in db.sites.find({} if site is None else {"_id": site},
                                                      {"home_url": 1, "home_lines": 1, "home_blocks": 1})}
    for sid in sorted(set(by_site) | set(sites)):
        columns = by_site.get(sid, [])
        frame = frame_lines([c.get("page_lines") or [] for c in columns])
        home = sites.get(sid, {})
        if unit is None and home.get("home_url"):
            titles = [i.get("title") or "" for b in home.get("home_blocks") or [] for i in b.get("items") or []]
            home_lines = _not_titles(home.get("home_lines") or [], [t for t in titles if t])
            lines = home_lines + sorted(frame - set(home_lines))
            if lines:
                yield _doc(sid, str(home["home_url"]), "", None, "", lines, "frame")
        for col in columns:
            if unit is not None and col.get("unit") != unit:
                continue
            own = [line for line in col.get("page_lines") or [] if line not in frame]
            if own:
                yield _doc(sid, str(col["url"]), str(col.get("unit") or ""), col["_id"], str(col.get("name") or ""),
                           own, "column")

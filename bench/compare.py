"""What "the database equals a clean crawl's" means: the crawled content, without times or run ids.

Used by the soak (bench/soak.py) and by the tests of resumed and interrupted crawls.
"""

from __future__ import annotations

import json
from typing import Any

from pymongo.database import Database

#: Per collection, the fields that describe what the portal showed (not when or by which run).
CONTENT_FIELDS: dict[str, tuple[str, ...]] = {
    "articles": ("url", "title", "list_title", "list_date", "column_id", "unit", "content_hash",
                 "published_date", "date_source", "meta"),
    "columns": ("url", "names", "unit", "parent_id", "kind", "leaf", "list_style", "item_count",
                "undated_items", "newest_date", "pages", "status"),
    "messages": ("url", "title", "column_id", "unit", "status", "received_date", "answered_date"),
}


def _row(doc: dict[str, Any], fields: tuple[str, ...]) -> str:
    return json.dumps({"_id": doc["_id"], **{f: doc.get(f) for f in fields}}, ensure_ascii=False,
                      sort_keys=True, default=str)


def db_fingerprint(db: Database, site: str | None = None) -> dict[str, set[str]]:
    """Collection → the set of its documents' content rows (one JSON string per document)."""
    query = {} if site is None else {"site": site}
    return {name: {_row(d, fields) for d in db[name].find(query, dict.fromkeys(fields, 1), batch_size=500)}
            for name, fields in CONTENT_FIELDS.items()}


def duplicates(db: Database) -> dict[str, int]:
    """Documents per collection beyond one per URL (must be 0: writes are idempotent)."""
    out = {}
    for name in CONTENT_FIELDS:
        urls = [d.get("url") for d in db[name].find({}, {"url": 1})]
        out[name] = len(urls) - len(set(urls))
    return out

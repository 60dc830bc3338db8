"""Incremental and resumed portal crawls: which list entries a walk may skip, and when to stop.

A daily crawl (``-a mode=incremental``) walks each list only until it meets a
page whose entries are all already stored and unchanged (same URL, list title
and list date): lists are newest first, so the rest of the list is older and
known. Known entries are not requested. A mailbox message is skipped only
once it is answered (an open one may still get its reply). The column's counts
are then the stored ones plus the new entries; the weekly full crawl
(``mode=full``, the default) walks and requests everything and corrects them.

A resumed crawl (``-a resume_run=<run id>``, the equivalent of Scrapy's JOBDIR
for a crawl killed mid-way) requests everything except the entries the
interrupted run already stored, and keeps that run's id, so its final database
equals an uninterrupted crawl's. Items the killed process still held in memory
were never stored, so they are fetched again: nothing is lost.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from crawler.items import ColumnItem
from store import schema
from store.keys import url_key

logger = logging.getLogger(__name__)

MODES = ("full", "incremental")
ANSWERED = "已办结"


@dataclass
class KnownIndex:
    """What the database already holds for one site, as the list walk needs it."""

    incremental: bool = False
    articles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # key → (list title, date)
    answered: set[str] = field(default_factory=set)  # message keys whose status is final
    listed: set[str] = field(default_factory=set)  # every entry key a stored column count includes
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → stored counts
    done: set[str] = field(default_factory=set)  # keys the resumed run already stored
    fresh: Counter[str] = field(default_factory=Counter)  # column URL → new entries this walk
    fresh_undated: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, db: Any, site: str, incremental: bool, resume_run: str | None = None) -> KnownIndex:
        index = cls(incremental=incremental)
        if incremental:
            for doc in db[schema.ARTICLES].find({"site": site}, {"list_title": 1, "list_date": 1}, batch_size=1000):
                index.articles[doc["_id"]] = (doc.get("list_title"), doc.get("list_date"))
            for doc in db[schema.MESSAGES].find({"site": site}, {"status": 1}, batch_size=1000):
                index.listed.add(doc["_id"])
                if doc.get("status") == ANSWERED:
                    index.answered.add(doc["_id"])
            index.listed.update(index.articles)
            # Entries whose page failed were counted in their column too (and are asked again).
            for doc in db[schema.FAILURES].find({"site": site, "kind": {"$in": ["article", "message"]}}, {"url": 1}):
                index.listed.add(url_key(doc["url"]))
            fields = ("item_count", "undated_items", "newest_date", "pages", "list_style", "status", "leaf")
            for doc in db[schema.COLUMNS].find({"site": site}, dict.fromkeys(fields, 1), batch_size=1000):
                index.columns[doc["_id"]] = doc
        if resume_run:
            for name in (schema.ARTICLES, schema.MESSAGES):
                index.done.update(d["_id"] for d in db[name].find({"site": site, "run_id": resume_run}, {"_id": 1}))
        logger.info("known for %s: %d articles, %d answered messages, %d columns; resuming %s with %d stored",
                    site, len(index.articles), len(index.answered), len(index.columns), resume_run, len(index.done))
        return index

    def known(self, url: str, title: str | None, date: str | None, mailbox: bool) -> bool:
        """True when this list entry is stored and unchanged (incremental mode only)."""
        if not self.incremental:
            return False
        key = url_key(url)
        if mailbox:
            return key in self.answered
        return self.articles.get(key, ("\0", "\0")) == (title, date)

    def skip(self, url: str, title: str | None, date: str | None, mailbox: bool, column_url: str) -> bool:
        """Whether the entry's page need not be requested; counts the entries that are new."""
        if url_key(url) in self.done:
            return True
        if self.known(url, title, date, mailbox):
            return True
        if self.incremental and url_key(url) not in self.listed:  # a new entry: the column grew
            self.fresh[column_url] += 1
            self.fresh_undated[column_url] += not date
        return False

    def can_stop(self, column_url: str, all_known: bool) -> bool:
        """Stop the walk here: a page of only known entries, in a column stored complete."""
        stored = self.columns.get(url_key(column_url))
        return self.incremental and all_known and bool(stored) and stored.get("status") == "ok"

    def merged(self, item: ColumnItem, pages: int) -> ColumnItem:
        """The column item of a walk stopped early: the stored counts plus the new entries."""
        stored = self.columns[url_key(item.url)]
        newest = max(filter(None, (stored.get("newest_date"), item.newest_date)), default=None)
        return replace(
            item,
            item_count=int(stored.get("item_count") or 0) + self.fresh[item.url],
            undated_items=int(stored.get("undated_items") or 0) + self.fresh_undated[item.url],
            newest_date=newest,
            pages=max(int(stored.get("pages") or 0), pages),
            list_style=stored.get("list_style") or item.list_style,
        )


def load_known(settings: Any, site: str, mode: str, resume_run: str | None) -> KnownIndex:
    """The index a portal crawl needs; empty (nothing skipped) for a plain full crawl."""
    if mode not in MODES:
        raise ValueError(f"unknown crawl mode {mode!r} (one of {', '.join(MODES)})")
    incremental = mode == "incremental"
    if not incremental and not resume_run:
        return KnownIndex()
    from store.connect import connect

    db = connect(settings.get("GOVWATCH_MONGO_URI") or None, settings.get("GOVWATCH_MONGO_DB") or None,
                 indexes=False)
    try:
        return KnownIndex.load(db, site, incremental, resume_run)
    finally:
        db.client.close()

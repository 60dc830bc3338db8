"""The MongoDB writer: items become documents, written in batches off the reactor thread.

Each crawl is recorded in `crawl_runs` (scope, start, end, all govwatch/* stats).
Dropped items are stored in `failures` with their reason. Settings:
GOVWATCH_MONGO_ENABLED, GOVWATCH_MONGO_URI (else MONGO_URI, else the embedded
server), GOVWATCH_MONGO_DB, GOVWATCH_MONGO_BATCH, GOVWATCH_SPOOL_DIR,
GOVWATCH_MONGO_CLOSE_WAIT (how long the crawl's end waits for MongoDB to come
back and take what was spooled while it was away).
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from itemadapter import ItemAdapter
from pymongo.errors import PyMongoError
from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.items import (
    AccountItem,
    ArticleItem,
    ColumnItem,
    FailureItem,
    LinkCheckItem,
    MessageItem,
    PostItem,
    SearchCheckItem,
    SiteItem,
)
from store import schema
from store.connect import connect
from store.keys import canonical_url, stable_key, url_key
from store.writer import BatchWriter

logger = logging.getLogger(__name__)

_STOP = object()


def to_document(item: Any, run_id: str) -> tuple[str, dict[str, Any]]:
    """(collection, document) for an item; `_id` is the stable key of its canonical URL."""
    doc = ItemAdapter(item).asdict()
    doc["run_id"] = run_id
    if isinstance(item, ArticleItem):
        doc["_id"] = url_key(item.url)
        doc["column_id"] = url_key(item.column_url)
        doc.pop("published", None)  # naive local time; published_at / published_date carry it
        doc.pop("column_url", None)
        doc["crawled_at"] = doc.pop("fetched_at") or datetime.now(UTC)
        return schema.ARTICLES, doc
    if isinstance(item, ColumnItem):
        doc["_id"] = url_key(item.url)
        doc["parent_id"] = url_key(item.parent_url) if item.parent_url else None
        doc.pop("parent_url")
        return schema.COLUMNS, doc
    if isinstance(item, MessageItem):
        doc["_id"] = url_key(item.url)
        doc["column_id"] = url_key(item.column_url)
        doc.pop("column_url", None)
        doc["crawled_at"] = doc.pop("fetched_at") or datetime.now(UTC)
        return schema.MESSAGES, doc
    if isinstance(item, FailureItem):
        doc["_id"] = stable_key(item.site, canonical_url(item.url))
        doc["column_id"] = url_key(item.column_url) if item.column_url else None
        doc.pop("column_url", None)
        doc["last_run_id"] = doc.pop("run_id")
        return schema.FAILURES, doc
    if isinstance(item, SiteItem):
        doc["_id"] = item.site
        doc["home_url"] = doc.pop("url")
        doc["home_hash"] = hashlib.sha256(
            json.dumps([[i["title"] for i in b["items"]] for b in item.home_blocks], ensure_ascii=False).encode()
        ).hexdigest()
        return schema.SITES, doc
    if isinstance(item, SearchCheckItem):
        # One document per article: the latest probe. A probe the search page did not
        # answer updates status/checked_at only, keeping the last real answer.
        doc["_id"] = item.article_id
        doc["checked_at"] = doc["checked_at"] or datetime.now(UTC)
        if item.status == "ok":
            doc["answered_at"] = doc["checked_at"]
        else:
            doc.pop("found", None)
            doc.pop("results", None)
        return schema.SEARCH_CHECKS, doc
    if isinstance(item, LinkCheckItem):
        # One document per site and URL however many pages reference it; the site is
        # part of the key because two portals may link the same outside page.
        doc["_id"] = stable_key(item.site, canonical_url(item.url))
        doc["checked_at"] = doc["checked_at"] or datetime.now(UTC)
        return schema.LINK_CHECKS, doc
    if isinstance(item, PostItem):
        # Keyed by platform + account + post id: one post however its URL is written.
        doc["_id"] = stable_key(item.platform, item.account_id, item.post_id)
        doc.pop("published", None)
        doc["crawled_at"] = doc.pop("fetched_at") or datetime.now(UTC)
        return schema.POSTS, doc
    if isinstance(item, AccountItem):
        doc["_id"] = stable_key(item.site, item.platform, item.account_id)
        doc["checked_at"] = doc["checked_at"] or datetime.now(UTC)
        if item.status != "ok":
            # A check that could not read the account keeps what the last good one saw.
            for key in ("menus", "menus_source", "posts_seen", "post_dates", "last_post_at"):
                doc.pop(key, None)
        return schema.ACCOUNTS, doc
    raise TypeError(f"no collection for {type(item).__name__}")


class MongoWriterPipeline:
    """Last pipeline. A background thread does the writes so the crawl never waits on MongoDB."""

    def __init__(self, crawler, uri: str | None, db_name: str | None, batch: int, spool_dir: str) -> None:
        self.crawler = crawler
        self.uri = uri
        self.db_name = db_name
        self.batch = batch
        self.spool_dir = spool_dir
        self.queue: queue.Queue = queue.Queue(maxsize=2000)
        self.thread: threading.Thread | None = None
        self.run_id = ""
        self.started_at: datetime | None = None

    @classmethod
    def from_crawler(cls, crawler) -> MongoWriterPipeline:
        settings = crawler.settings
        if not settings.getbool("GOVWATCH_MONGO_ENABLED", True):
            raise NotConfigured("MongoDB writer switched off (GOVWATCH_MONGO_ENABLED=False)")
        pipeline = cls(
            crawler,
            settings.get("GOVWATCH_MONGO_URI") or None,
            settings.get("GOVWATCH_MONGO_DB") or None,
            settings.getint("GOVWATCH_MONGO_BATCH", 50),
            settings.get("GOVWATCH_SPOOL_DIR", "data/spool"),
        )
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def _stat(self, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"govwatch/mongo/{event}", n)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.db = connect(self.uri, self.db_name)
        self.writer = BatchWriter(self.db, self.batch, self.spool_dir, on_event=self._stat)
        replayed = self.writer.replay_spool()
        if replayed:
            self._stat("replayed", replayed)
        self.run_id = self.crawler.settings.get("GOVWATCH_RUN_ID") or (
            datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6])
        self.started_at = datetime.now(UTC)
        site = getattr(spider, "site", None)
        # An upsert: a resumed crawl (-a resume_run=…) reuses the interrupted run's id.
        self.db[schema.CRAWL_RUNS].update_one({"_id": self.run_id}, {
            "$set": {"site": getattr(site, "id", None), "spider": spider.name,
                     "scope": getattr(spider, "scope", {}), "status": "running"},
            "$setOnInsert": {"started_at": self.started_at},
            "$inc": {"attempts": 1},
        }, upsert=True)
        if site is not None:
            self._record_site(site)
        self.thread = threading.Thread(target=self._drain, name="mongo-writer", daemon=True)
        self.thread.start()
        logger.info("crawl run %s writing to %s/%s", self.run_id, self.db.client.address, self.db.name)

    def _record_site(self, site) -> None:
        now = datetime.now(UTC)
        for unit in site.units:
            self.db[schema.UNITS].update_one(
                {"site": site.id, "name": unit["name"]},
                {"$set": {"type": unit.get("type"), "aliases": list(unit.get("aliases", [])), "last_seen": now},
                 "$setOnInsert": {"_id": stable_key(site.id, unit["name"]), "first_seen": now}},
                upsert=True,
            )

    def process_item(self, item):
        self.queue.put(to_document(item, self.run_id))
        return item

    def item_dropped(self, item, response, exception, spider=None) -> None:
        url = getattr(item, "url", "") or ""
        site = getattr(getattr(self.crawler.spider, "site", None), "id", "")
        failure = FailureItem(site, url or "about:blank", f"dropped/{exception}", kind=type(item).__name__,
                              column_url=getattr(item, "column_url", None), unit=getattr(item, "unit", None))
        self.queue.put(to_document(failure, self.run_id))

    def _drain(self) -> None:
        while True:
            entry = self.queue.get()
            if entry is _STOP:
                break
            collection, doc = entry
            try:
                if collection == schema.SITES:
                    self._write_site(doc)
                else:
                    self.writer.add(collection, doc)
            except Exception:  # a bug here must not kill the writer thread and lose the rest
                logger.exception("writing a %s document failed", collection)
                self._stat("errors")
        self.writer.flush()

    def _write_site(self, doc: dict[str, Any]) -> None:
        now = datetime.now(UTC)
        stored = self.db[schema.SITES].find_one({"_id": doc["_id"]}, {"home_hash": 1}) or {}
        if stored.get("home_hash") != doc["home_hash"]:
            doc["home_changed_at"] = now
        self.writer.write_batch(schema.SITES, [doc], now)

    def close_spider(self) -> None:
        self.queue.put(_STOP)
        if self.thread:
            self.thread.join()
        self._replay_before_exit()

    def _replay_before_exit(self) -> None:
        """Batches spooled while MongoDB was away this crawl: write them now if it is back,
        waiting up to GOVWATCH_MONGO_CLOSE_WAIT seconds; else they wait for the next crawl."""
        spool = self.writer.spool_dir
        if not spool or not any(spool.glob("*.jsonl")):
            return
        deadline = time.monotonic() + self.crawler.settings.getfloat("GOVWATCH_MONGO_CLOSE_WAIT", 300)
        while True:
            try:
                self.db.command("ping")
                replayed = self.writer.replay_spool()
                self._stat("replayed", replayed)
                if not any(spool.glob("*.jsonl")):
                    return
            except PyMongoError as error:
                logger.warning("MongoDB still unreachable at the end of the crawl (%s)", error)
            if time.monotonic() > deadline:
                logger.error("spooled documents stay in %s until the next crawl", spool)
                return
            time.sleep(5)

    def spider_closed(self, spider, reason: str) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items()
                 if k.startswith("govwatch/") or k in ("item_scraped_count", "item_dropped_count",
                                                       "response_received_count", "downloader/request_count")}
        self.db[schema.CRAWL_RUNS].update_one({"_id": self.run_id}, {"$set": {
            "finished_at": datetime.now(UTC), "finish_reason": reason, "status": "finished",
            "stats": {k.replace(".", "_"): v for k, v in stats.items()},
        }})

"""Batched, idempotent upserts into MongoDB, with article history and a spool.

Every crawled document is upserted by its stable `_id`: `first_seen` is set once,
`last_seen` / `crawled_at` on every crawl. An article whose content changed has
its previous version copied into `article_versions` first. When MongoDB cannot
be reached after retries, the batch is appended to a spool file on disk and
replayed on the next start, so a MongoDB restart loses nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bson import json_util
from pymongo import UpdateOne
from pymongo.database import Database
from pymongo.errors import AutoReconnect, BulkWriteError, ConnectionFailure, PyMongoError

from store.keyed import (
    find_by_ids,
    insert_missing,
    server_prefers_keyed_writes,
    update_existing,
    upsert_by_id,
)
from store.schema import ARTICLE_VERSIONS, ARTICLES

logger = logging.getLogger(__name__)

# The embedded stand-in rejects `$in` lists much past a few hundred ids, and
# pymongo abandons calls that keep it busy for ~20 s: keep batches small.
DEFAULT_BATCH = 50
VERSIONED_FIELDS = ("title", "body_html", "body_text", "meta", "published_at", "attachments", "content_hash")
VERSION_PROJECTION = dict.fromkeys((*VERSIONED_FIELDS, "first_seen", "last_seen", "url"), 1)

TRANSIENT = (AutoReconnect, ConnectionFailure)


def now_utc() -> datetime:
    return datetime.now(UTC)


def set_fields(doc: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """What every crawl sets on a document (with its `_id`); `first_seen` is set on insert only."""
    fields = {k: v for k, v in doc.items() if k != "first_seen"}
    fields["last_seen"] = now
    fields.setdefault("crawled_at", now)
    return fields


def upsert_op(doc: Mapping[str, Any], now: datetime) -> UpdateOne:
    """The upsert for one crawled document (must carry `_id`)."""
    fields = set_fields(doc, now)
    del fields["_id"]
    return UpdateOne({"_id": doc["_id"]}, {"$set": fields, "$setOnInsert": {"first_seen": now}}, upsert=True)


def version_ops(db: Database, docs: list[Mapping[str, Any]], now: datetime) -> list[UpdateOne]:
    """Copy the stored version of each article whose content hash changed."""
    stored = find_by_ids(db[ARTICLES], [d["_id"] for d in docs], VERSION_PROJECTION, keyed=False)
    return [UpdateOne({"_id": key}, {"$setOnInsert": version}, upsert=True)
            for key, version in version_docs(docs, stored, now)]


def version_docs(
    docs: list[Mapping[str, Any]], stored: Mapping[Any, Mapping[str, Any]], now: datetime
) -> list[tuple[str, dict[str, Any]]]:
    """(key, version) for each article whose stored content hash differs from the crawled one."""
    versions = []
    for doc in docs:
        old = stored.get(doc["_id"])
        if not old or old.get("content_hash") in (None, doc.get("content_hash")):
            continue
        version = {f: old.get(f) for f in VERSIONED_FIELDS}
        version |= {
            "article_id": doc["_id"],
            "url": old.get("url"),
            "seen_from": old.get("first_seen"),
            "seen_until": old.get("last_seen"),
            "replaced_at": now,
        }
        # Keyed by article and old hash: replaying a batch never stores a version twice.
        versions.append((f"{doc['_id']}:{old['content_hash'][:16]}", version))
    return versions


class BatchWriter:
    """Collects documents per collection and writes them in small batches."""

    def __init__(
        self,
        db: Database,
        batch_size: int = DEFAULT_BATCH,
        spool_dir: str | Path | None = None,
        retries: int = 3,
        backoff: float = 1.0,
        on_event: Callable[[str, int], None] | None = None,
        keyed: bool | None = None,
    ) -> None:
        self.db = db
        self.batch_size = batch_size
        self.spool_dir = Path(spool_dir) if spool_dir else None
        self.retries = retries
        self.backoff = backoff
        self.on_event = on_event or (lambda event, n: None)
        self.pending: dict[str, list[dict[str, Any]]] = {}
        # None: ask the server on the first write (store.keyed explains the two paths).
        self.keyed = keyed

    def add(self, collection: str, doc: dict[str, Any]) -> None:
        batch = self.pending.setdefault(collection, [])
        batch.append(doc)
        if len(batch) >= self.batch_size:
            self.flush(collection)

    def flush(self, collection: str | None = None) -> None:
        for name in [collection] if collection else list(self.pending):
            docs = self.pending.pop(name, [])
            if docs:
                self._write(name, docs)

    def _write(self, collection: str, docs: list[dict[str, Any]]) -> None:
        # Two items for one _id in a batch (a page listed twice): the last one wins.
        unique = list({d["_id"]: d for d in docs}.values())
        for attempt in range(self.retries + 1):
            try:
                self.write_batch(collection, unique, now_utc())
                self.on_event(f"written/{collection}", len(unique))
                return
            except TRANSIENT as error:
                if attempt == self.retries:
                    self._spool(collection, unique, error)
                    return
                logger.warning("MongoDB unreachable (%s); retry %d/%d", error, attempt + 1, self.retries)
                time.sleep(self.backoff * 2**attempt)
            except BulkWriteError as error:
                logger.error("bulk write to %s failed: %s", collection, error.details.get("writeErrors", [])[:3])
                self.on_event(f"error/{collection}", len(unique))
                self._spool(collection, unique, error)
                return

    def write_batch(self, collection: str, docs: list[dict[str, Any]], now: datetime) -> None:
        if self.keyed is None:
            self.keyed = server_prefers_keyed_writes(self.db)
            logger.debug("writer path: %s", "keyed (embedded server)" if self.keyed else "bulk upserts")
        if self.keyed:
            self._write_keyed(collection, docs, now)
            return
        if collection == ARTICLES:
            versions = version_ops(self.db, docs, now)
            if versions:
                self.db[ARTICLE_VERSIONS].bulk_write(versions, ordered=False)
                self.on_event("versions", len(versions))
        ops = [upsert_op(d, now) for d in docs]
        self.db[collection].bulk_write(ops, ordered=False)

    def _write_keyed(self, collection: str, docs: list[dict[str, Any]], now: datetime) -> None:
        """The same writes as the bulk upserts, through inserts and lookups the embedded server serves from its key."""
        rows = [(set_fields(d, now), {"first_seen": now}) for d in docs]
        if collection != ARTICLES:
            upsert_by_id(self.db[collection], rows, keyed=True)
            return
        existing = insert_missing(self.db[ARTICLES], [{**fields, **on_insert} for fields, on_insert in rows])
        if not existing:
            return
        # As on the bulk path, an article's old version is stored before the article is overwritten.
        old = find_by_ids(self.db[ARTICLES], [d["_id"] for d in docs if d["_id"] in existing], VERSION_PROJECTION, True)
        versions = version_docs(docs, old, now)
        if versions:
            insert_missing(self.db[ARTICLE_VERSIONS], [{"_id": key, **version} for key, version in versions])
            self.on_event("versions", len(versions))
        update_existing(self.db[ARTICLES], [row for row in rows if row[0]["_id"] in existing])

    def _spool(self, collection: str, docs: Iterable[dict[str, Any]], error: PyMongoError) -> None:
        docs = list(docs)
        if not self.spool_dir:
            logger.error("lost %d %s documents: MongoDB failed (%s) and no spool is configured", len(docs), collection, error)
            self.on_event(f"lost/{collection}", len(docs))
            return
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        path = self.spool_dir / f"{collection}.jsonl"
        with path.open("a", encoding="utf-8") as spool:
            for doc in docs:
                spool.write(json_util.dumps(doc, ensure_ascii=False) + "\n")
        logger.error("MongoDB failed (%s): spooled %d %s documents to %s", error, len(docs), collection, path)
        self.on_event(f"spooled/{collection}", len(docs))

    def replay_spool(self) -> int:
        """Write what an earlier run spooled; return the number of documents replayed."""
        if not self.spool_dir or not self.spool_dir.is_dir():
            return 0
        replayed = 0
        for path in sorted(self.spool_dir.glob("*.jsonl")):
            collection = path.stem
            # Rename first so a failure during replay spools into a fresh file, not into the one being read.
            work = path.with_suffix(".replaying")
            path.rename(work)
            with work.open(encoding="utf-8") as spool:
                docs = [json_util.loads(line) for line in spool if line.strip()]
            for start in range(0, len(docs), self.batch_size):
                self._write(collection, docs[start : start + self.batch_size])
            replayed += len(docs)
            work.unlink()
            logger.info("replayed %d spooled %s documents", len(docs), collection)
        return replayed


def dumps(doc: Mapping[str, Any]) -> str:
    """JSON for logs and summaries (datetimes as ISO strings)."""
    return json.dumps(doc, ensure_ascii=False, default=str)

"""Upserts by `_id` that stay flat on the embedded server and plain on MongoDB.

On MongoDB a batch of `UpdateOne(..., upsert=True)` is the right write. The
embedded stand-in (mongoeco) serves `find_one({"_id": x})`, `insert_many` and an
update or upsert that matches an existing `_id` from its key, but plans an
upsert that creates a document, and a `find({"_id": {"$in": ids}})`, by reading
the whole collection: a first crawl of a county then slows to a crawl. So on
mongoeco the same result is reached in three steps: learn which ids exist with
one `find_one` each, `insert_many` the new documents, upsert the existing ones.
Which path runs is decided by what the server reports (`buildInfo`), not by
its URI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo import UpdateOne
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import BulkWriteError

logger = logging.getLogger(__name__)

DUPLICATE_KEY = 11000
EMBEDDED_GIT_VERSION = "mongoeco"


def server_prefers_keyed_writes(db: Database) -> bool:
    """True when the server is the mongoeco stand-in (its buildInfo names it)."""
    info = db.client.admin.command("buildInfo")
    return info.get("gitVersion") == EMBEDDED_GIT_VERSION


def find_by_ids(
    coll: Collection, ids: Sequence[Any], projection: Mapping[str, Any], keyed: bool
) -> dict[Any, dict[str, Any]]:
    """The stored documents among `ids`, by `_id` (only `projection`'s fields)."""
    if not ids:
        return {}
    if not keyed:
        return {d["_id"]: d for d in coll.find({"_id": {"$in": list(ids)}}, dict(projection))}
    found = {}
    for key in ids:
        doc = coll.find_one({"_id": key}, dict(projection))
        if doc is not None:
            found[key] = doc
    return found


def insert_missing(coll: Collection, docs: Sequence[Mapping[str, Any]]) -> set[Any]:
    """Insert `docs`; return the ids that already existed (duplicate keys are not errors here)."""
    if not docs:
        return set()
    try:
        coll.insert_many([dict(d) for d in docs], ordered=False)
    except BulkWriteError as error:
        errors = error.details.get("writeErrors", [])
        if any(e.get("code") != DUPLICATE_KEY for e in errors):
            raise
        return {docs[e["index"]]["_id"] for e in errors}
    return set()


def upsert_by_id(
    coll: Collection,
    rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
    keyed: bool,
    stored: Iterable[Any] | None = None,
) -> int:
    """Apply `$set` / `$setOnInsert` per `_id`; return how many documents were created.

    `rows` are (`$set` fields with `_id`, `$setOnInsert` fields). On the keyed
    path, `stored` are the ids known to exist (looked up when None). Either way
    the stored document ends up as the upsert would leave it.
    """
    rows = [(dict(fields), dict(on_insert)) for fields, on_insert in rows]
    if not rows:
        return 0
    if not keyed:
        ops = [_upsert(fields, on_insert) for fields, on_insert in rows]
        return coll.bulk_write(ops, ordered=False).upserted_count
    existing = set(find_by_ids(coll, [f["_id"] for f, _ in rows], {"_id": 1}, True) if stored is None else stored)
    new = [{**fields, **on_insert} for fields, on_insert in rows if fields["_id"] not in existing]
    # Inserted meanwhile by another writer: those become upserts that match.
    raced = insert_missing(coll, new)
    updates = [_upsert(f, o) for f, o in rows if f["_id"] in existing or f["_id"] in raced]
    if updates:
        coll.bulk_write(updates, ordered=False)
    return len(new) - len(raced)


def _upsert(fields: dict[str, Any], on_insert: dict[str, Any]) -> UpdateOne:
    key = fields["_id"]
    update: dict[str, Any] = {}
    if len(fields) > 1:
        update["$set"] = {k: v for k, v in fields.items() if k != "_id"}
    if on_insert:
        update["$setOnInsert"] = on_insert
    return UpdateOne({"_id": key}, update, upsert=True)

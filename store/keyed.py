"""Upserts by `_id` that stay flat on the embedded server and plain on MongoDB.

On MongoDB a batch of `UpdateOne(..., upsert=True)` is the right write. The
embedded stand-in (mongoeco 4.11, SQLite) serves `insert_many`, a
`find_one({"_id": x})` that finds its document, and an update or upsert that
matches an existing `_id` from its key; but an `_id` lookup that finds nothing
falls back to reading the whole collection, and so do an upsert that creates a
document and `find({"_id": {"$in": ids}})`. A first crawl of a county then
slows to a crawl. A duplicate `_id` in `insert_many`, though, is found from
the key. So on mongoeco the same result is reached another way: `insert_many`
every document as new (unordered), and upsert the ones the server reports as
duplicate keys: those exist, so the upsert matches. Which path runs is decided
by what the server reports (`buildInfo`), not by its URI.
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
    """The stored documents among `ids`, by `_id` (only `projection`'s fields).

    Keyed: one `find_one` per id, so pass only ids known to be stored (a miss scans).
    """
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
) -> int:
    """Apply `$set` / `$setOnInsert` per `_id`; return how many documents were created.

    `rows` are (`$set` fields with `_id`, `$setOnInsert` fields).
    """
    rows = [(dict(fields), dict(on_insert)) for fields, on_insert in rows]
    if not rows:
        return 0
    if not keyed:
        ops = [_upsert(fields, on_insert) for fields, on_insert in rows]
        return coll.bulk_write(ops, ordered=False).upserted_count
    existing = insert_missing(coll, [{**fields, **on_insert} for fields, on_insert in rows])
    return len(rows) - len(existing) + update_existing(coll, [r for r in rows if r[0]["_id"] in existing])


def update_existing(coll: Collection, rows: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> int:
    """Upsert rows whose `_id` exists (so the upsert matches); return how many were created after all."""
    if not rows:
        return 0
    # Deleted meanwhile by someone else: the upsert creates it again, slowly but correctly.
    return coll.bulk_write([_upsert(dict(f), dict(o)) for f, o in rows], ordered=False).upserted_count


def _upsert(fields: dict[str, Any], on_insert: dict[str, Any]) -> UpdateOne:
    key = fields["_id"]
    update: dict[str, Any] = {}
    if len(fields) > 1:
        update["$set"] = {k: v for k, v in fields.items() if k != "_id"}
    if on_insert:
        update["$setOnInsert"] = on_insert
    return UpdateOne({"_id": key}, update, upsert=True)

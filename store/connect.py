"""Open the GovWatch database: MongoDB from MONGO_URI, else the embedded server."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pymongo import MongoClient
from pymongo.database import Database

from store.embedded import MEMORY, EmbeddedMongo
from store.schema import ensure_indexes

logger = logging.getLogger(__name__)

DEFAULT_DB = "govwatch"
DEFAULT_EMBEDDED_PATH = Path("data") / "govwatch.sqlite"

_embedded: dict[str, EmbeddedMongo] = {}


def embedded_uri(path: str | Path | None = None) -> str:
    """Start (once per process and path) the embedded server and return its URI.

    `path` defaults to GOVWATCH_EMBEDDED_PATH or ./data/govwatch.sqlite;
    ":memory:" keeps everything in memory (tests).
    """
    key = str(path or os.environ.get("GOVWATCH_EMBEDDED_PATH") or DEFAULT_EMBEDDED_PATH)
    server = _embedded.get(key)
    if server is None or server.uri is None:
        server = EmbeddedMongo(key)
        server.start()
        _embedded[key] = server
        logger.warning(
            "MONGO_URI is not set: using the embedded MongoDB stand-in at %s (storage %s). "
            "Connect with: mongosh '%s' — for real sites set MONGO_URI to a MongoDB 6+ server.",
            server.uri,
            key if key != MEMORY else "in memory",
            server.uri,
        )
    assert server.uri is not None
    return server.uri


def resolve_uri(uri: str | None = None) -> str:
    """The explicit URI, else MONGO_URI, else the embedded server's URI."""
    return uri or os.environ.get("MONGO_URI") or embedded_uri()


def connect(uri: str | None = None, db_name: str | None = None, indexes: bool = True) -> Database:
    """Return the GovWatch database with its indexes in place.

    Timeouts are generous because the embedded stand-in can take seconds per batch.
    """
    client: MongoClient = MongoClient(
        resolve_uri(uri),
        tz_aware=True,
        serverSelectionTimeoutMS=int(os.environ.get("GOVWATCH_MONGO_TIMEOUT_MS", "10000")),
        socketTimeoutMS=120_000,
        appname="govwatch",
    )
    db = client[db_name or os.environ.get("MONGO_DB") or DEFAULT_DB]
    if indexes:
        ensure_indexes(db)
    return db

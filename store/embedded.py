"""The embedded MongoDB-wire-compatible server used when no MONGO_URI is set.

mongoeco speaks the MongoDB wire protocol, so the rest of GovWatch talks to it
through the real pymongo client exactly as it would to MongoDB. It runs on its
own asyncio loop in a daemon thread so that any caller (Scrapy's reactor, the
scheduler, a test) can use it without sharing an event loop.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import threading
from importlib.metadata import version
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MEMORY = ":memory:"

# ---------------------------------------------------------------------------
# Compatibility fix for mongoeco 4.11.0 (the version requirements.txt pins).
#
# Upstream bug report (as filed for mongoeco):
#   Title: SQLite engine: every insert JSON-decodes the whole collection to check
#          `_id` uniqueness, even for string ids
#   Version: mongoeco 4.11.0 (4.8.1 and 4.10.1 behave the same), Python 3.13.
#   What happens: `SQLiteEngine._insert_document_sync` → `insert_document_record`
#   calls `_validate_document_against_unique_indexes(..., scan_payload_id=True)`
#   (and so does the upsert path). With `scan_payload_id=True` the method, after
#   the exact `storage_key` lookup, loads and decodes every stored document of
#   the collection to compare `bson_equality_key(_id)`. That scan exists for the
#   logical equality of numeric ids (`1 == 1.0 == Int64(1)` share no storage key),
#   but it runs for every id type. Inserting into a collection of N documents
#   therefore costs O(N): `insert_many` of 7 KB documents with string ids through
#   the wire server runs 178 docs/s into an empty collection, 23/s at 1,000 and
#   5/s at 5,000 stored.
#   Expected: the scan only for ids that contain a numeric value
#   (`mongoeco.core.identity.id_contains_numeric_value`, which the same method
#   already uses when `scan_payload_id` is False). For any other id, equal BSON
#   values have equal storage keys, so the indexed `storage_key` lookup is the
#   whole check. With that change the same `insert_many` runs 750–900 docs/s,
#   flat up to 20,000 stored.
#
# The fix below is exactly that expected behaviour, applied only when the
# installed mongoeco is PATCHED_MONGOECO. tests/store/test_embedded_compat.py
# fails when the pinned version changes or when the unpatched method stops
# scanning for string ids: then delete this block.
# ---------------------------------------------------------------------------
PATCHED_MONGOECO = "4.11.0"
_applied = False


def apply_compat_fixes() -> bool:
    """Limit mongoeco's `_id` payload scan to numeric ids; True when the fix is in place."""
    global _applied
    if _applied:
        return True
    installed = version("mongoeco")
    if installed != PATCHED_MONGOECO:
        logger.warning("mongoeco %s is not %s: its _id uniqueness fix is not applied (embedded writes may be slow)",
                       installed, PATCHED_MONGOECO)
        return False
    from mongoeco.core.identity import id_contains_numeric_value
    from mongoeco.engines.sqlite import SQLiteEngine

    original = SQLiteEngine._validate_document_against_unique_indexes

    def validate(self: Any, db_name: str, coll_name: str, document: Any, *, exclude_storage_key: str | None = None,
                 skip_id_check: bool = False, scan_payload_id: bool = False) -> None:
        if scan_payload_id and not id_contains_numeric_value(document.get("_id")):
            scan_payload_id = False
        original(self, db_name, coll_name, document, exclude_storage_key=exclude_storage_key,
                 skip_id_check=skip_id_check, scan_payload_id=scan_payload_id)

    validate.__wrapped__ = original  # type: ignore[attr-defined]
    SQLiteEngine._validate_document_against_unique_indexes = validate  # type: ignore[method-assign]
    _applied = True
    logger.debug("mongoeco %s: _id uniqueness scan limited to numeric ids", installed)
    return True


class EmbeddedMongo:
    """A mongoeco wire server on 127.0.0.1, backed by SQLite or by memory."""

    def __init__(self, path: str | Path = MEMORY, host: str = "127.0.0.1", port: int = 0) -> None:
        self.path = str(path)
        self.host = host
        self.port = port
        self.uri: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server = None
        self._stopping = False
        self.aborted = 0  # requests cut short by stop(): their clients saw AutoReconnect

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        # A request still running at stop() fails inside the engine once its session is
        # closed; its client already got AutoReconnect (the writer retries or spools).
        if self._stopping:
            self.aborted += 1
            logger.debug("embedded MongoDB: request aborted by the stop: %s", context.get("exception"))
            return
        loop.default_exception_handler(context)

    async def _close(self, engine: Any) -> None:
        """Close the server; every write it acknowledged is already committed to SQLite."""
        try:
            await self._server.close()
        except Exception as first:  # retried below, then reported in one line
            problem: Exception = first
            # A change-dispatch thread still finishing a request can hold SQLite's lock for a moment.
            for _ in range(5):
                await asyncio.sleep(0.5)
                try:
                    await engine.disconnect()
                    break
                except Exception as again:
                    problem = again
            else:
                logger.warning("embedded MongoDB did not close cleanly (%s); acknowledged writes are committed",
                               problem)
        if self.aborted:
            logger.info("embedded MongoDB: %d requests in flight at stop were aborted", self.aborted)

    def start(self, timeout: float = 120.0) -> str:
        """Start serving; return the mongodb:// URI."""
        if self.uri:
            return self.uri
        from mongoeco.engines.memory import MemoryEngine
        from mongoeco.engines.sqlite import SQLiteEngine
        from mongoeco.wire import AsyncMongoEcoProxyServer

        apply_compat_fixes()
        if self.path == MEMORY:
            engine = MemoryEngine()
        else:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            engine = SQLiteEngine(self.path)
        self._server = AsyncMongoEcoProxyServer(engine=engine, host=self.host, port=self.port)
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            loop.set_exception_handler(self._loop_exception)
            try:
                address = loop.run_until_complete(self._server.start())
                self.uri = f"mongodb://{address.host}:{address.port}/?directConnection=true"
            except BaseException as error:  # reported to the starting thread
                failure.append(error)
                started.set()
                return
            started.set()
            loop.run_forever()
            self._stopping = True
            loop.run_until_complete(self._close(engine))
            loop.close()

        self._thread = threading.Thread(target=run, name="embedded-mongo", daemon=True)
        self._thread.start()
        if not started.wait(timeout):
            raise RuntimeError("embedded MongoDB did not start in time")
        if failure:
            raise RuntimeError(f"embedded MongoDB failed to start: {failure[0]}") from failure[0]
        # threading's exit hooks run before atexit's and in reverse order: stopping here
        # flushes storage while the engine's worker threads are still accepting work.
        register = getattr(threading, "_register_atexit", atexit.register)
        register(self.stop)
        where = "memory" if self.path == MEMORY else self.path
        logger.info("embedded MongoDB (mongoeco, %s) listening at %s", where, self.uri)
        return self.uri

    def stop(self) -> None:
        """Stop the server and flush its storage; safe to call twice."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None or not thread.is_alive():
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        self._loop = None
        self.uri = None
        logger.info("embedded MongoDB stopped")

    def __enter__(self) -> EmbeddedMongo:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

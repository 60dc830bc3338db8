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
from pathlib import Path

logger = logging.getLogger(__name__)

MEMORY = ":memory:"


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

    def start(self, timeout: float = 30.0) -> str:
        """Start serving; return the mongodb:// URI."""
        if self.uri:
            return self.uri
        from mongoeco.engines.memory import MemoryEngine
        from mongoeco.engines.sqlite import SQLiteEngine
        from mongoeco.wire import AsyncMongoEcoProxyServer

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
            try:
                address = loop.run_until_complete(self._server.start())
                self.uri = f"mongodb://{address.host}:{address.port}/?directConnection=true"
            except BaseException as error:  # reported to the starting thread
                failure.append(error)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self._server.close())
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

"""The dashboard over an analyzed copy of the crawled sample portal (one per module), served by uvicorn."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from pymongo import MongoClient

from tests.conftest import analyzed_sample_copy


@pytest.fixture(scope="module")
def web_db(mongo_uri: str, crawled_sample_db) -> Iterator:
    source, _ = crawled_sample_db
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = analyzed_sample_copy(source, client, "web")
    yield db
    client.drop_database(db.name)
    client.close()


def serve(app) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread on a free loopback port; yield its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)

"""One availability probe: ok only for a whole 200 page within the timeout; every failure named."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from service.probe import probe


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture(scope="module")
def site() -> str:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            if self.path == "/slow":
                time.sleep(3)
            if self.path == "/trickle":  # headers at once, then the body too slowly
                self.send_response(200)
                self.send_header("Content-Length", "100000")
                self.end_headers()
                for _ in range(30):
                    self.wfile.write(b"x" * 10)
                    self.wfile.flush()
                    time.sleep(0.1)
                return
            status = {"/500": 500, "/404": 404}.get(self.path, 200)
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    server = _Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(("path", "timeout", "ok", "status", "error"), [
    ("/", 15, True, 200, ""),
    ("/500", 15, False, 500, "http_500"),
    ("/404", 15, False, 404, "http_404"),
    ("/slow", 1, False, None, "timeout"),
    ("/trickle", 1, False, 200, "timeout"),  # the timeout covers the whole page, not each read
])
def test_probe(site: str, path: str, timeout: float, ok: bool, status, error: str) -> None:
    result = probe("s", site + path, timeout)
    assert (result.ok, result.status, result.error) == (ok, status, error)
    assert result.latency_ms >= 0 and result.time.tzinfo is not None


def test_refused() -> None:
    result = probe("s", f"http://127.0.0.1:{closed_port()}/", 5)
    assert (result.ok, result.error) == (False, "connection_refused")


def test_dns_error() -> None:
    assert probe("s", "http://no-such-host.invalid/", 5).error == "dns_error"

"""A local HTTP server for the sample portal, with optional latency and failures."""

from __future__ import annotations

import hashlib
import logging
import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from .model import SiteModel
from .render import render

log = logging.getLogger(__name__)

TIMEOUT_SLEEP_S = 60.0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() must not wait for requests sleeping in a "timeout"
    allow_reuse_address = True


class SampleServer:
    """Serve ``model`` on ``host:port`` (port 0 = any free port) from a background thread."""

    def __init__(self, model: SiteModel, host: str = "127.0.0.1", port: int = 0, latency_ms: int = 0,
                 fail_rate: float = 0.0, fail_seed: int = 0, huge_page_mb: int = 20) -> None:
        self.model = model
        self.host = host
        self.port = port
        self.latency_ms = latency_ms
        self.fail_rate = fail_rate
        self.fail_seed = fail_seed
        self.huge_page_mb = huge_page_mb
        self._stop = threading.Event()
        self._attempts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def failure_for(self, path: str) -> str:
        """'' or one of '500', 'reset', 'timeout', decided per (fail_seed, path, attempt)."""
        if self.fail_rate <= 0 or path.startswith("/test/"):
            return ""
        with self._lock:
            n = self._attempts.get(path, 0)
            self._attempts[path] = n + 1
        h = hashlib.sha256(f"{self.fail_seed}|{path}|{n}".encode()).digest()
        if int.from_bytes(h[:8]) / 2**64 >= self.fail_rate:
            return ""
        return ("500", "reset", "timeout")[h[8] % 3]

    def start(self) -> SampleServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "SampleTRS/1.0"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
                log.debug("%s - %s", self.address_string(), format % args)

            def do_HEAD(self) -> None:
                self._serve(head=True)

            def do_GET(self) -> None:
                self._serve(head=False)

            def _reset(self) -> None:
                # SO_LINGER 0 makes close() send RST: the client sees a reset, not a clean EOF.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True

            def _serve(self, head: bool) -> None:
                parts = urlsplit(self.path)
                path = parts.path or "/"
                if server.latency_ms:
                    server._stop.wait(server.latency_ms / 1000)
                fail = server.failure_for(path)
                if fail == "500":
                    self._send(500, {"Content-Type": "text/html; charset=utf-8"},
                               b"<html><body>500 Internal Server Error</body></html>", head)
                    return
                if fail == "reset":
                    self._reset()
                    return
                if fail == "timeout":
                    server._stop.wait(TIMEOUT_SLEEP_S)
                    self.close_connection = True
                    return
                resp = render(server.model, path, parts.query, huge_mb=server.huge_page_mb)
                if resp.action == "timeout":
                    server._stop.wait(TIMEOUT_SLEEP_S)
                    self.close_connection = True
                    return
                if resp.action == "reset":
                    self._reset()
                    return
                self._send(resp.status, resp.headers, resp.body, head)

            def _send(self, status: int, headers: dict[str, str], body: bytes, head: bool) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not head:
                        view = memoryview(body)
                        for i in range(0, len(body), 1 << 20):
                            self.wfile.write(view[i:i + (1 << 20)])
                except (BrokenPipeError, ConnectionResetError):
                    log.debug("client went away while sending %s", self.path)

        self._httpd = _Server((self.host, self.port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sample-site", daemon=True)
        self._thread.start()
        log.info("sample site serving at %s", self.base_url)
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SampleServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

"""A local HTTP server for the sample portal, with optional latency and failures."""

from __future__ import annotations

import hashlib
import logging
import socket
import struct
import threading
import time
from collections import Counter
from email.utils import formatdate, parsedate_to_datetime
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
                 fail_rate: float = 0.0, fail_seed: int = 0, huge_page_mb: int = 20,
                 conditional: bool = True) -> None:
        self.model = model
        self.host = host
        self.port = port
        self.latency_ms = latency_ms
        self.fail_rate = fail_rate
        self.fail_seed = fail_seed
        self.huge_page_mb = huge_page_mb
        self.conditional = conditional  # answer If-None-Match / If-Modified-Since with 304
        self._stop = threading.Event()
        self._attempts: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        #: Requests answered, by method and by status (304s included): what benchmarks count.
        self.requests: Counter[str] = Counter()
        # path → (ETag, Last-Modified): Last-Modified moves when the body's hash does, like a file's mtime.
        self._validators: dict[str, tuple[str, float]] = {}

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

    def validators(self, path: str, body: bytes) -> tuple[str, float]:
        """(ETag, Last-Modified as a timestamp) of a 200 answer for ``path``."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        with self._lock:
            stored = self._validators.get(path)
            if stored is None or stored[0] != etag:
                stored = self._validators[path] = (etag, float(int(time.time())))
        return stored

    @staticmethod
    def not_modified(headers, etag: str, modified: float) -> bool:
        """RFC 9110 §13.1: If-None-Match decides when present, else If-Modified-Since."""
        if_none_match = headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                return modified <= parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

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
                server.requests[self.command] += 1
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
                headers = resp.headers
                if resp.status == 200 and server.conditional:
                    etag, modified = server.validators(self.path, resp.body)
                    headers = {**headers, "ETag": etag, "Last-Modified": formatdate(modified, usegmt=True)}
                    if server.not_modified(self.headers, etag, modified):
                        server.requests["304"] += 1
                        self._send(304, {"ETag": etag, "Last-Modified": headers["Last-Modified"]}, b"", True)
                        return
                self._send(resp.status, headers, resp.body, head)

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

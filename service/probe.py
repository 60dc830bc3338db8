"""Availability probes: one GET of a site's home page, as the national indicator counts it.

A probe is ok when a 200 answer (redirects followed) arrives in full within
the timeout (15 s); anything else fails with a reason named as in
store/SCHEMA.md (``timeout``, ``connection_refused``, ``connection_lost``,
``dns_error``, ``http_<status>``). The timeout covers the whole exchange, not
each socket read, so a server trickling bytes fails too.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

USER_AGENT = "GovWatch/0.1 (+government website availability probe)"
CHUNK = 64 * 1024
MAX_BYTES = 16 * 1024 * 1024  # a home page; more is read no further (the probe is still ok)


@dataclass(frozen=True, slots=True)
class Probe:
    site: str
    url: str
    time: datetime
    ok: bool
    status: int | None
    latency_ms: int
    error: str  # "" when ok

    def document(self) -> dict[str, Any]:
        return asdict(self)


def _reason(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"http_{error.code}"
    if isinstance(error, urllib.error.URLError):
        error = error.reason if isinstance(error.reason, BaseException) else error
    if isinstance(error, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "connection_refused"
    if isinstance(error, socket.gaierror):
        return "dns_error"
    if isinstance(error, ConnectionError | http.client.HTTPException | OSError):
        return "connection_lost"
    return type(error).__name__.lower()


def probe(site: str, url: str, timeout_s: float = 15.0) -> Probe:
    """Request ``url`` once; never raises for a network failure (that is the finding)."""
    started = time.monotonic()
    when = datetime.now(UTC)
    deadline = started + timeout_s
    status: int | None = None
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(request, timeout=timeout_s) as answer:  # noqa: S310 - configured http(s) URL
            status = answer.status
            received = 0
            while received < MAX_BYTES:
                if time.monotonic() > deadline:
                    raise TimeoutError("page not received in time")
                chunk = answer.read(CHUNK)
                if not chunk:
                    break
                received += len(chunk)
        if time.monotonic() > deadline:
            raise TimeoutError("page not received in time")
        error = "" if status == 200 else f"http_{status}"
    except Exception as failure:  # every failure is a probe result, not a crash
        error = _reason(failure)
        status = getattr(failure, "code", status)
    latency = int((time.monotonic() - started) * 1000)
    return Probe(site, url, when, not error, status, latency, error)

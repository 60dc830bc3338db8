"""The sample portal answers conditional requests (ETag / Last-Modified → 304), so incremental
crawls are measured against a server that really supports them."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from sample_site.server import SampleServer


def get(server: SampleServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    u = urlsplit(server.base_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/", "/col/zwyw/", "/col/zwyw/index_1.html"])
def test_validators_and_304(sample_server: SampleServer, path: str) -> None:
    status, headers, body = get(sample_server, path)
    assert status == 200 and headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
    etag, modified = headers["etag"], headers["last-modified"]
    assert get(sample_server, path)[1]["etag"] == etag  # stable while the page is unchanged
    status, headers304, body304 = get(sample_server, path, {"If-None-Match": etag})
    assert (status, body304, headers304["etag"]) == (304, b"", etag)
    assert get(sample_server, path, {"If-Modified-Since": modified})[0] == 304
    assert get(sample_server, path, {"If-None-Match": '"other"'})[0] == 200
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2).
    assert get(sample_server, path, {"If-None-Match": '"other"', "If-Modified-Since": modified})[0] == 200
    assert get(sample_server, path, {"If-Modified-Since": "Thu, 01 Jan 1970 00:00:00 GMT"})[0] == 200


def test_changed_body_changes_validators(sample_server: SampleServer) -> None:
    etag1, modified1 = sample_server.validators("/x", b"one")
    assert sample_server.validators("/x", b"one") == (etag1, modified1)
    etag2, modified2 = sample_server.validators("/x", b"two")
    assert etag2 != etag1 and modified2 >= modified1


def test_errors_carry_no_validators(sample_server: SampleServer) -> None:
    status, headers, _ = get(sample_server, "/test/404")
    assert status == 404 and "etag" not in headers

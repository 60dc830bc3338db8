from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from sample_site.model import SiteModel
from sample_site.server import SampleServer


def get(base: str, path: str, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    u = urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize(("path", "status"), [
    ("/test/500", 500), ("/test/404", 404), ("/test/redirect-loop", 302), ("/test/redirect-loop-b", 302),
    ("/test/malformed", 200), ("/test/binary", 200), ("/robots.txt", 200), ("/", 200),
    ("/index.html", 200), ("/col/nonexistent/", 404), ("/art/err/art_9000002.html", 500),
])
def test_status(server: SampleServer, path: str, status: int) -> None:
    assert get(server.base_url, path)[0] == status


def test_redirect_loop_cycles(server: SampleServer) -> None:
    _, h1, _ = get(server.base_url, "/test/redirect-loop")
    _, h2, _ = get(server.base_url, h1["location"])
    assert h2["location"] == "/test/redirect-loop"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(server.base_url + "/art/loop/art_9000003.html", timeout=10)


@pytest.mark.parametrize(("path", "header_charset", "meta"), [
    ("/test/gbk-noheader", False, False), ("/test/gbk-meta", False, True)])
def test_gbk_pages(server: SampleServer, path: str, header_charset: bool, meta: bool) -> None:
    _, headers, body = get(server.base_url, path)
    assert ("charset" in headers["content-type"]) == header_charset
    assert (b'charset="gbk"' in body) == meta
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "青禾县编码测试页面" in body.decode("gb18030")


def test_gbk_articles(server: SampleServer, manifest: dict) -> None:
    for a in [x for x in manifest["articles"] if x["encoding"] == "gbk"][:6]:
        _, headers, body = get(server.base_url, urlsplit(a["url"]).path)
        assert ("GBK" in headers["content-type"]) == a["charset_header"]
        assert a["title"] in body.decode("gb18030")


def test_huge_and_binary(model: SiteModel) -> None:
    with SampleServer(model, huge_page_mb=2) as srv:
        _, headers, body = get(srv.base_url, "/test/huge")
        assert len(body) >= 2 * 1024 * 1024 and headers["content-type"].startswith("text/html")
        _, headers, body = get(srv.base_url, "/test/binary")
        assert headers["content-type"] == "text/html" and len(body) > 1000


def test_timeout_and_reset(server: SampleServer) -> None:
    with pytest.raises((TimeoutError, socket.timeout)):
        get(server.base_url, "/test/timeout", timeout=0.5)
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, http.client.BadStatusLine)):
        get(server.base_url, "/test/reset")


def test_latency(model: SiteModel) -> None:
    with SampleServer(model, latency_ms=150) as srv:
        t = time.monotonic()
        get(srv.base_url, "/robots.txt")
        assert time.monotonic() - t >= 0.1


def test_fail_rate_fails_then_retries_succeed(model: SiteModel) -> None:
    paths = ["/", "/col/zwyw/", "/col/tzgg/", "/col/zcwj/", "/col/bmdt/", "/col/xzdt/", "/robots.txt",
             "/col/zcjd/", "/col/ldxx/", "/col/shjz/"] + [a.url for a in model.articles[:30]]
    failures = 0
    with SampleServer(model, fail_rate=0.4, fail_seed=3) as srv:
        for p in paths:
            for _attempt in range(30):
                try:
                    status, _, _ = get(srv.base_url, p, timeout=0.5)
                except (OSError, http.client.HTTPException):
                    failures += 1
                    continue
                if status == 500:
                    failures += 1
                    continue
                assert status == 200
                break
            else:
                pytest.fail(f"{p} never succeeded")
    assert failures > 3


def test_fail_decision_deterministic(model: SiteModel) -> None:
    a = SampleServer(model, fail_rate=0.5, fail_seed=9)
    b = SampleServer(model, fail_rate=0.5, fail_seed=9)
    seq_a = [a.failure_for("/x") for _ in range(20)]
    assert seq_a == [b.failure_for("/x") for _ in range(20)]
    assert {"", "500", "reset", "timeout"} >= set(seq_a) and "" in seq_a

"""The link-check spider end to end: real Scrapy crawls against the sample portal and a tiny server."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pymongo import MongoClient

from crawler.spiders.linkcheck import classify, is_image_body
from store.keys import canonical_url
from tests.conftest import run_sample_spider

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def checked(linkchecked_sample_db):
    db, manifest, requests = linkchecked_sample_db
    docs = list(db.link_checks.find())
    return db, manifest, requests, {canonical_url(d["url"]): d for d in docs}, docs


def _manifest_urls(manifest, external: bool | None = False) -> dict[str, tuple[str, bool]]:
    """canonical URL → (kind, ok) of every distinct link and image in the manifest's articles."""
    out: dict[str, tuple[str, bool]] = {}
    for a in manifest["articles"]:
        for link in a["links"]:
            if external is None or link["external"] == external:
                out[canonical_url(link["url"])] = ("link", link["ok"])
        for image in a["images"]:
            if external is None or not external:
                out[canonical_url(image["url"])] = ("image", image["ok"])
    return out


def test_every_distinct_link_and_image_is_checked_once(checked):
    _, manifest, requests, by_url, docs = checked
    expected = _manifest_urls(manifest)
    assert len(docs) == len(by_url)  # one document per canonical URL
    assert set(expected) <= set(by_url), sorted(set(expected) - set(by_url))
    # One HEAD per URL however many pages reference it; a GET only when HEAD did not say ok.
    heads = Counter(path for method, path in requests if method == "HEAD")
    gets = Counter(path for method, path in requests if method == "GET")
    for url, (_, ok) in expected.items():
        path = urlsplit(url).path
        assert heads[path] == 1, (url, heads[path])
        assert gets[path] == (0 if ok else 1), (url, gets[path])
    assert all(d["referrers"] for d in docs)


def test_statuses_match_the_manifest(checked):
    _, manifest, _, by_url, _ = checked
    wrong = [(url, kind, ok, by_url[url]["status"], by_url[url]["kind"])
             for url, (kind, ok) in _manifest_urls(manifest).items()
             if by_url[url]["status"] != ("ok" if ok else "confirmed") or by_url[url]["kind"] != kind]
    assert wrong == []
    for url in _manifest_urls(manifest, external=True):
        assert by_url[url]["status"] == "unchecked" and by_url[url]["reason"] == "external"


def test_broken_images_say_why(checked):
    _, manifest, _, by_url, _ = checked
    base = manifest["site"]["home"].rstrip("/")
    reasons = {f["evidence"]: by_url[canonical_url(base + f["evidence"])]
               for f in manifest["faults"] if f["rule"] == "LINK-IMAGE" and f["kind"] == "fault"}
    assert {e: (d["reason"], d["http_status"]) for e, d in reasons.items()} == {
        "/img/99901.jpg": ("http_404", 404), "/img/502.jpg": ("not_image", 200), "/img/503.png": ("empty_image", 200)}
    assert reasons["/img/503.png"]["size"] == 0
    assert reasons["/img/502.jpg"]["content_type"].startswith("text/html")


def test_referrers_name_the_pages_and_anchor_text(checked):
    _, manifest, _, by_url, _ = checked
    for fault in manifest["faults"]:
        if fault["rule"] != "LINK-BROKEN":
            continue
        doc = by_url[canonical_url(fault["target"])]
        refs = {(r["url"], r["text"]) for r in doc["referrers"] if r["article_id"]}
        assert (canonical_url(fault["url"]), fault["evidence"]) in refs


def test_home_page_links_are_marked_and_checked(checked):
    _, manifest, _, by_url, _ = checked
    home = canonical_url(manifest["site"]["home"])
    on_home = {url: d for url, d in by_url.items() if d["on_home"]}
    assert on_home and all(any(r["url"] == home and r["article_id"] is None for r in d["referrers"])
                           for d in on_home.values())
    # The two broken list entries the home page shows: a 404 (confirmed) and a 500 (suspected).
    broken = {canonical_url(b["url"]): b["reason"] for b in manifest["broken_entries"]}
    seen = {url: (on_home[url]["status"], broken[url]) for url in broken if url in on_home}
    assert sorted(seen.values()) == [("confirmed", "http_404"), ("suspected", "http_500")]


def test_classify_rules_of_thumb():
    assert classify("link", 200).status == "ok"
    assert classify("link", 404).status == classify("link", 410).status == "confirmed"
    assert classify("link", 400).status == "confirmed"
    assert {classify("link", s).status for s in (401, 403, 429, 500, 502, 503)} == {"suspected"}
    assert classify("image", 200, "image/png", 10, PNG).status == "ok"
    assert classify("image", 200, "image/png", 0, b"").reason == "empty_image"
    assert classify("image", 200, "image/jpeg", 40, b"<!DOCTYPE html><html>").reason == "not_image"
    assert classify("image", 200, "text/html", 40, b"<html>").reason == "not_image"
    assert classify("image", 200, "application/octet-stream", 72, PNG).status == "ok"
    # HEAD without a size leaves the question open (the spider asks with GET).
    assert classify("image", 200, "image/png", None, None).status == "suspected"
    assert is_image_body(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')


# -- HEAD refused, timeouts: a tiny server of our own ----------------------------------------


class _Tiny(BaseHTTPRequestHandler):
    """Refuses HEAD (405) like some CMS front ends; /slow never answers in time."""

    hits: Counter = Counter()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:
        self.hits["HEAD " + self.path] += 1
        if self.path.startswith("/slow"):
            time.sleep(3)
            return
        self.send_response(405)
        self.send_header("Allow", "GET")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self.hits["GET " + self.path] += 1
        if self.path.startswith("/slow"):
            time.sleep(3)
            return
        pages = {
            "/": (200, "text/html; charset=utf-8",
                  '<html><body><a href="/page">正文页</a> <a href="/gone">旧栏目</a></body></html>'.encode()),
            "/page": (200, "text/html; charset=utf-8", b"<html><body>ok</body></html>"),
            "/pic.png": (200, "image/png", PNG),
        }
        status, ctype, body = pages.get(self.path, (404, "text/html", b"<html>404</html>"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture(scope="module")
def tiny(mongo_uri: str, tmp_path_factory) -> Iterator[tuple[dict[str, dict], Counter]]:
    """The link-check crawl of one stored article whose links all live on the tiny server."""
    _Tiny.hits = Counter()
    httpd = _Server(("127.0.0.1", 0), _Tiny)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    work: Path = tmp_path_factory.mktemp("tiny")
    sites = work / "sites.yaml"
    sites.write_text(
        "sites:\n  - id: tiny\n    name: 小站\n    start_url: " + base + "/\n    allowed_domains: [127.0.0.1]\n"
        "    allowed_networks: [127.0.0.1/32]\n"  # a loopback site must be allowed (internal_address)
        "    categories: {其他: {limit_days: 365, warn_days: 300, keywords: []}}\n", encoding="utf-8")
    name = f"tiny_{uuid.uuid4().hex[:8]}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    client[name].articles.insert_one({
        "_id": "a1", "site": "tiny", "unit": "小站", "column_id": "c1", "url": base + "/art/1.html",
        "links": [{"url": base + "/page", "text": "正文页"}, {"url": base + "/gone", "text": "旧栏目"},
                  {"url": base + "/slow", "text": "慢页面"}, {"url": "https://www.gov.cn/", "text": "中国政府网"}],
        "images": [{"src": base + "/pic.png", "alt": "图"}],
    })
    try:
        code = run_sample_spider("linkcheck", base, mongo_uri, name, work, site="tiny", sites_file=sites,
                                 settings={"DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "1", "AUTOTHROTTLE_ENABLED": "0",
                                           "ROBOTSTXT_OBEY": "0"})
        assert code == 0, (work / "linkcheck.log").read_text()
        yield {urlsplit(d["url"]).path: d for d in client[name].link_checks.find()}, _Tiny.hits
    finally:
        httpd.shutdown()
        httpd.server_close()
        client.drop_database(name)
        client.close()


def test_head_refused_falls_back_to_get(tiny):
    docs, hits = tiny
    for path, status in (("/page", "ok"), ("/pic.png", "ok"), ("/gone", "confirmed")):
        assert (docs[path]["status"], docs[path]["method"]) == (status, "GET"), docs[path]
        assert (hits["HEAD " + path], hits["GET " + path]) == (1, 1)
    assert docs["/gone"]["http_status"] == 404
    assert docs["/pic.png"]["kind"] == "image" and docs["/pic.png"]["content_type"] == "image/png"


def test_timeout_is_suspected_after_a_retry(tiny):
    docs, hits = tiny
    assert (docs["/slow"]["status"], docs["/slow"]["reason"]) == ("suspected", "timeout")
    assert hits["HEAD /slow"] == 2  # RETRY_TIMES=1: the first try and one retry


def test_external_links_are_not_fetched_by_default(tiny):
    docs, _ = tiny
    gov = docs["/"]
    assert (gov["status"], gov["reason"], gov["external"]) == ("unchecked", "external", True)


def test_home_links_of_the_tiny_site(tiny):
    docs, _ = tiny
    assert docs["/gone"]["on_home"] and docs["/page"]["on_home"] and not docs["/slow"]["on_home"]

"""The link-check spider: every link and image the portal crawl stored, each checked once.

    scrapy crawl linkcheck -a site=<id> [-a unit=<unit>]

Reads the site's articles (their ``links`` and ``images``) from MongoDB, fetches
the home page for its links, deduplicates by canonical URL and checks each URL
once: HEAD first, GET when HEAD says anything but "fine" (405/501 refusals,
servers that mishandle HEAD, an image whose type or size HEAD leaves open), so a
URL is only called broken on a GET's word. Results go to ``link_checks`` (one
document per site and URL, with every page that references it); the LINK rules
in analyzers/links.py turn them into findings.

Verdicts: ``ok`` (2xx, after redirects); ``confirmed`` (404/410 and other 4xx, a
redirect loop, an image that is HTML or zero bytes); ``suspected`` (timeouts,
connection errors, 5xx, 401/403/429: the checker may be the one refused);
``unchecked`` (outside allowed_domains while GOVWATCH_LINKCHECK_EXTERNAL is off,
an offsite redirect, robots.txt, or a URL no page references any more, or
``internal_address``: see below).

The check never probes the office's own network: a URL whose host is, or
resolves to, a loopback / private / link-local / reserved address is not
requested, nor is any redirect hop to one, unless the address lies in a network
listed in the site's ``allowed_networks`` (sites.yaml) or GOVWATCH_ALLOWED_NETWORKS.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html
from scrapy import Request, signals
from scrapy.exceptions import StopDownload
from scrapy.http import Response
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from crawler.extract.charset import decode_html
from crawler.extract.listing import extract_nav
from crawler.fetching import (
    failure_reason,
    host_allowed,
    internal_address,
    parse_networks,
    redirect_hop,
)
from crawler.items import LinkCheckItem
from crawler.site_spider import SiteSpider
from store import schema
from store.connect import connect
from store.keys import canonical_url

# Magic numbers of the image formats browsers display.
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*",
                b"\x00\x00\x01\x00")
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<p\b|<div\b)", re.IGNORECASE)
_SVG = re.compile(rb"<svg\b", re.IGNORECASE)
_UNTYPED = ("", "application/octet-stream", "binary/octet-stream", "application/x-unknown")
# 4xx answers that say more about the checker (no login, blocked, rate-limited) than the link.
_SUSPECT_4XX = (401, 403, 429)
# Failures worth a GET after a HEAD: servers that drop or garble HEAD requests.
_RETRY_WITH_GET = ("connection_lost",)


@dataclass
class Target:
    """One distinct URL to check and the pages that reference it."""

    url: str  # as first referenced (what is requested)
    kind: str  # image when any page shows it as an image, else link
    external: bool
    referrers: list[dict[str, Any]] = field(default_factory=list)
    on_home: bool = False
    in_scope: bool = False  # referenced by the run's unit (always true in a site-wide run)
    seen: set[tuple[Any, ...]] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Verdict:
    status: str  # ok | confirmed | suspected | unchecked
    reason: str = ""


def is_image_body(head: bytes) -> bool:
    """True when the first bytes look like an image a browser can show."""
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return True
    return bool(_SVG.search(head[:1024])) and not _HTML_START.match(head)


def classify(kind: str, status: int, content_type: str = "", size: int | None = None,
             head: bytes | None = None) -> Verdict:
    """The verdict on one answer (redirects already followed).

    ``size``: the body's length when known (Content-Length, or the whole body
    received); ``head``: the first bytes of the body, None when not fetched (HEAD).
    A HEAD verdict other than ok is only provisional: the spider asks again with GET.
    """
    if status in (404, 410):
        return Verdict("confirmed", f"http_{status}")
    if status in _SUSPECT_4XX or status >= 500 or status < 200:
        return Verdict("suspected", f"http_{status}")
    if 400 <= status < 500:
        return Verdict("confirmed", f"http_{status}")
    if status >= 300:  # a 3xx without a usable Location (304, 300 …)
        return Verdict("suspected", f"http_{status}")
    if kind != "image":
        return Verdict("ok")
    ctype = content_type.split(";", 1)[0].strip().lower()
    if size == 0:
        return Verdict("confirmed", "empty_image")
    if head is not None and head and _HTML_START.match(head):
        return Verdict("confirmed", "not_image")  # an error page served with an image type
    if ctype.startswith("image/"):
        if head is None and size is None:
            return Verdict("suspected", "size_unknown")  # HEAD without Content-Length: GET tells
        return Verdict("ok")
    if ctype in _UNTYPED and head is not None:
        return Verdict("ok") if is_image_body(head) else Verdict("confirmed", "not_image")
    if ctype in _UNTYPED:
        return Verdict("suspected", "type_unknown")
    return Verdict("confirmed", "not_image")


class LinkCheckSpider(SiteSpider):
    name = "linkcheck"
    custom_settings = {
        # Only the writer: the clean/validate/files pipelines are for crawled pages, and
        # validate would drop every external link's result as offsite.
        "ITEM_PIPELINES": {"pipelines.mongo.MongoWriterPipeline": 900},
        # No check needs a browser: plain Scrapy HTTP, no Chromium start-up.
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
            "https": "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler",
        },
    }

    def __init__(self, site: str | None = None, unit: str | None = None, sites: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(site, unit, sites, *args, **kwargs)
        self.targets: dict[str, Target] = {}
        self.home_url = ""
        self.home_ok = False

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> LinkCheckSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.check_external = crawler.settings.getbool("GOVWATCH_LINKCHECK_EXTERNAL", False)
        spider.mongo_uri = crawler.settings.get("GOVWATCH_MONGO_URI") or None
        spider.mongo_db = crawler.settings.get("GOVWATCH_MONGO_DB") or None
        spider.allowed_networks = parse_networks([*spider.site.extra.get("allowed_networks", ()),
                                                  *crawler.settings.getlist("GOVWATCH_ALLOWED_NETWORKS")])
        crawler.signals.connect(spider._headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider._bytes_received, signal=signals.bytes_received)
        return spider

    @property
    def scope(self) -> dict[str, str | None]:
        return {"unit": self.unit_filter}

    def _stat(self, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"govwatch/linkcheck/{event}", n)

    def _allowed(self, url: str) -> bool:
        return host_allowed(url, self.allowed_domains)

    def _internal(self, url: str) -> str | None:
        """The internal address ``url`` points at (not to be requested), else None."""
        address = internal_address(url, self.allowed_networks)
        if address is not None:
            self._stat("internal_address")
            self.logger.warning("not requesting %s: its host is the internal address %s", url, address)
        return address

    # -- what to check ---------------------------------------------------------

    def _add(self, url: str, kind: str, referrer: dict[str, Any], in_scope: bool, on_home: bool = False) -> None:
        if urlsplit(url).scheme not in ("http", "https"):
            return
        key = canonical_url(url)
        target = self.targets.get(key)
        if target is None:
            target = self.targets[key] = Target(url, kind, external=not self._allowed(url))
        if kind == "image":
            target.kind = "image"  # the stricter check: an image must also be an image
        target.in_scope |= in_scope
        target.on_home |= on_home
        ref = {**referrer, "kind": kind}
        seen = (ref.get("article_id"), ref["url"], kind, ref.get("text", ""))
        if seen not in target.seen:
            target.seen.add(seen)
            target.referrers.append(ref)

    def _load_articles(self) -> None:
        """Every site article's links and images; referrers stay complete even in a unit run."""
        assert self.site is not None
        self.db = connect(self.mongo_uri, self.mongo_db)
        projection = {"url": 1, "unit": 1, "column_id": 1, "links": 1, "images": 1}
        n = 0
        for art in self.db[schema.ARTICLES].find({"site": self.site.id}, projection, batch_size=200):
            n += 1
            in_scope = not self.unit_filter or art.get("unit") == self.unit_filter
            ref = {"article_id": art["_id"], "url": art.get("url", ""), "unit": art.get("unit"),
                   "column_id": art.get("column_id")}
            for link in art.get("links") or ():
                if link.get("url"):
                    self._add(link["url"], "link", {**ref, "text": link.get("text") or ""}, in_scope)
            for image in art.get("images") or ():
                if image.get("src"):
                    self._add(image["src"], "image", {**ref, "text": image.get("alt") or ""}, in_scope)
        self._stat("articles", n)
        site_doc = self.db[schema.SITES].find_one({"_id": self.site.id}, {"home_url": 1, "home_blocks": 1}) or {}
        self.stored_blocks = site_doc.get("home_blocks") or []
        self.home_url = canonical_url(site_doc.get("home_url") or self.site.start_url)

    def _add_home(self, links: list[tuple[str, str]], images: list[tuple[str, str]]) -> None:
        # Home links belong to the site, not to a unit: checked in site-wide runs only,
        # but always marked on_home so a unit run keeps the flag right.
        ref = {"article_id": None, "url": self.home_url, "unit": None, "column_id": None}
        site_wide = not self.unit_filter
        for url, text in links:
            self._add(url, "link", {**ref, "text": text}, site_wide, on_home=True)
        for url, alt in images:
            self._add(url, "image", {**ref, "text": alt}, site_wide, on_home=True)

    # -- requests ----------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        assert self.site is not None
        self._load_articles()
        # The home page's own links are not stored by the portal crawl: fetch it here.
        if self._internal(self.site.start_url):
            for item in self._home_fallback("internal_address"):
                yield item
            return
        yield self._home_request(self.site.start_url)

    def _home_request(self, url: str, hops: list[str] | None = None) -> Request:
        # Fresh meta on every hop: copying response.meta would forward Scrapy's internal keys.
        return Request(url, callback=self.parse_home, errback=self.home_failed, dont_filter=True,
                       meta={"dont_redirect": True, "handle_httpstatus_all": True, "hops": hops or []})

    def parse_home(self, response: Response) -> Iterator[Any]:
        hop = redirect_hop(response, self._allowed)
        if hop is not None and hop.reason is None:
            if self._internal(hop.target):
                yield from self._home_fallback("internal_address")
            else:
                yield self._home_request(hop.target, hop.chain)
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if hop is not None or response.status != 200 or (content_type and "html" not in content_type.lower()):
            yield from self._home_fallback(f"home page answered {response.status} {content_type}")
            return
        text, _ = decode_html(response.body, content_type or None)
        links = [(link.url, link.text) for link in extract_nav(text, response.url, "a[href]")]
        self.home_ok = True
        self._stat("home_links", len(links))
        yield from self._dispatch(links, _home_images(text, response.url))

    def home_failed(self, failure: Failure) -> Iterator[Any]:
        yield from self._home_fallback(failure_reason(failure)[0])

    def _home_fallback(self, why: str) -> Iterator[Any]:
        # The stored homepage blocks still say which links the home page carries.
        self.logger.warning("home page not readable (%s): using the stored homepage blocks", why)
        self._stat("home_failed")
        links = [(i["url"], i.get("title") or "") for b in self.stored_blocks for i in b.get("items", []) if i.get("url")]
        yield from self._dispatch(links, [])

    def _dispatch(self, home_links: list[tuple[str, str]], home_images: list[tuple[str, str]]) -> Iterator[Any]:
        self._add_home(home_links, home_images)
        for key, target in self.targets.items():
            if not target.in_scope:
                continue
            self._stat("urls")
            self._stat(f"urls/{target.kind}")
            if target.external and not self.check_external:
                yield self._result(target, Verdict("unchecked", "external"))
                continue
            if self._internal(target.url):
                yield self._result(target, Verdict("unchecked", "internal_address"), final_url=target.url)
                continue
            yield self._request(key, target.url, "HEAD")
        yield from self._unreferenced()

    def _unreferenced(self) -> Iterator[LinkCheckItem]:
        """Stored checks of URLs no page references any more: kept, but emptied, so old
        referrers never produce findings again. Only when the home page was read, since
        otherwise a home-only link would look unreferenced."""
        assert self.site is not None
        if not self.home_ok:
            return
        stored = self.db[schema.LINK_CHECKS].find(
            {"site": self.site.id, "referrers.0": {"$exists": True}}, {"url": 1, "kind": 1, "external": 1})
        for doc in stored:
            if canonical_url(doc["url"]) not in self.targets:
                self._stat("unreferenced")
                gone = Target(doc["url"], doc.get("kind") or "link", bool(doc.get("external")))
                yield self._result(gone, Verdict("unchecked", "unreferenced"))

    def _request(self, key: str, url: str, method: str, hops: list[str] | None = None) -> Request:
        self._stat(f"requests/{method}")
        return Request(url, method=method, callback=self.on_response, errback=self.on_error, dont_filter=True,
                       meta={"dont_redirect": True, "handle_httpstatus_all": True, "allow_offsite": True,
                             "linkcheck": key, "hops": hops or []})

    # Only the headers (links) or the first bytes (images) matter: stop the body there,
    # so a linked 50 MB PDF costs a few kilobytes.
    def _headers_received(self, headers, body_length, request, spider) -> None:
        target = self.targets.get(request.meta.get("linkcheck", ""))
        if target is not None and request.method == "GET" and target.kind == "link":
            raise StopDownload(fail=False)

    def _bytes_received(self, data, request, spider) -> None:
        if request.meta.get("linkcheck") and request.method == "GET":
            raise StopDownload(fail=False)

    # -- answers -----------------------------------------------------------------

    def on_response(self, response: Response) -> Iterator[Any]:
        key = response.meta["linkcheck"]
        target = self.targets[key]
        method = response.request.method
        external_ok = self.check_external
        hop = redirect_hop(response, lambda url: external_ok or self._allowed(url))
        if hop is not None and hop.reason is None:
            self._stat("redirects")
            if self._internal(hop.target):  # every hop is checked, not just the first URL
                yield self._result(target, Verdict("unchecked", "internal_address"), response.status,
                                   method=method, final_url=hop.target)
                return
            yield self._request(key, hop.target, method, hop.chain)
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        length = _int(response.headers.get(b"Content-Length"))
        stopped = "download_stopped" in response.flags
        if hop is not None:
            verdict = {"offsite_redirect": Verdict("unchecked", "offsite_redirect"),
                       "redirect_loop": Verdict("confirmed", "redirect_loop")}.get(hop.reason or "",
                                                                                   Verdict("suspected", hop.reason or ""))
        elif method == "HEAD":
            verdict = classify(target.kind, response.status, content_type, length, None)
        else:
            size = length if length is not None else (None if stopped else len(response.body))
            verdict = classify(target.kind, response.status, content_type, size, response.body[:2048])
        if method == "HEAD" and verdict.status not in ("ok", "unchecked"):
            # HEAD may only prove a URL fine; a bad word from HEAD is asked again with GET.
            self._stat("get_fallback")
            yield self._request(key, target.url, "GET")
            return
        size = length if length is not None else (None if method == "HEAD" or stopped else len(response.body))
        yield self._result(target, verdict, response.status, content_type, size, method, response.url)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta["linkcheck"]
        target = self.targets[key]
        reason, status = failure_reason(failure)
        if request.method == "HEAD" and reason in _RETRY_WITH_GET:
            self._stat("get_fallback")
            yield self._request(key, target.url, "GET")
            return
        self.logger.info("%s %s failed: %s", request.method, request.url, reason)
        verdict = Verdict("unchecked", "robots") if reason == "ignored" else Verdict("suspected", reason)
        yield self._result(target, verdict, status, method=request.method, final_url=request.url)

    def _result(self, target: Target, verdict: Verdict, http_status: int | None = None, content_type: str = "",
                size: int | None = None, method: str = "", final_url: str = "") -> LinkCheckItem:
        assert self.site is not None
        self._stat(f"status/{verdict.status}")
        return LinkCheckItem(
            site=self.site.id, url=target.url, kind=target.kind, status=verdict.status,
            http_status=http_status, reason=verdict.reason, content_type=content_type, size=size,
            referrers=list(target.referrers), on_home=target.on_home, external=target.external,
            method=method, final_url=final_url, checked_at=datetime.now(UTC),
        )


def _int(value: bytes | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _home_images(page_html: str, url: str) -> list[tuple[str, str]]:
    """(absolute src, alt) of the home page's images, first occurrence of each."""
    try:
        root = lxml_html.document_fromstring(page_html or "<html></html>")
    except (ValueError, lxml_html.etree.ParserError):
        return []
    out: dict[str, str] = {}
    for img in root.iter("img"):
        src = (img.get("src") or "").strip()
        if not src or src.lower().startswith(("data:", "javascript:")):
            continue
        absolute = safe_url_string(urljoin(url, src))
        out.setdefault(absolute, (img.get("alt") or "").strip())
    return list(out.items())

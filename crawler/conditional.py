"""Conditional requests for navigation pages (home, column lists): ETag / Last-Modified.

A downloader middleware. Every 200 answer to a home or list page that carries
an ``ETag`` or ``Last-Modified`` is kept on disk (headers and body, under
GOVWATCH_CONDITIONAL_DIR, file names from the URL's hash only). When the
spider crawls incrementally (``spider.incremental``), the next request for that
page carries ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified``
is answered with the kept copy, so the spider parses the page as usual and the
server sends no body. Full crawls store copies but never ask conditionally:
they re-check everything. Pages rendered in Chromium are left alone.

Settings: GOVWATCH_CONDITIONAL_ENABLED (True), GOVWATCH_CONDITIONAL_DIR
(``data/conditional``), GOVWATCH_CONDITIONAL_KINDS (``home,column``).
Stats: ``govwatch/conditional/{asked,not_modified,stored,missing_copy}``.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes

from store.keys import url_key

logger = logging.getLogger(__name__)

KEPT_HEADERS = (b"Content-Type", b"ETag", b"Last-Modified")


class ConditionalRequestsMiddleware:
    def __init__(self, crawler: Any, directory: Path, kinds: set[str]) -> None:
        self.crawler = crawler
        self.directory = directory
        self.kinds = kinds

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequestsMiddleware:
        settings = crawler.settings
        if not settings.getbool("GOVWATCH_CONDITIONAL_ENABLED", True):
            raise NotConfigured("conditional requests switched off (GOVWATCH_CONDITIONAL_ENABLED=False)")
        directory = Path(settings.get("GOVWATCH_CONDITIONAL_DIR") or "data/conditional")
        kinds = set(settings.getlist("GOVWATCH_CONDITIONAL_KINDS", ["home", "column"]))
        return cls(crawler, directory, kinds)

    def _stat(self, event: str) -> None:
        self.crawler.stats.inc_value(f"govwatch/conditional/{event}")

    def _applies(self, request: Request) -> bool:
        return (request.method == "GET" and request.meta.get("kind") in self.kinds
                and not request.meta.get("playwright"))

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = url_key(url)
        folder = self.directory / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def _load(self, url: str) -> tuple[dict[str, str], bytes] | None:
        head, body = self._paths(url)
        try:
            return json.loads(head.read_text(encoding="utf-8")), body.read_bytes()
        except (OSError, ValueError):
            return None

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        if not getattr(spider, "incremental", False) or not self._applies(request):
            return
        kept = self._load(request.url)
        if kept is None:
            return
        headers, _ = kept
        if headers.get("ETag"):
            request.headers[b"If-None-Match"] = headers["ETag"]
        if headers.get("Last-Modified"):
            request.headers[b"If-Modified-Since"] = headers["Last-Modified"]
        request.meta["govwatch_conditional"] = True
        self._stat("asked")

    def process_response(self, request: Request, response: Response) -> Response:
        if not self._applies(request):
            return response
        if response.status == 304 and request.meta.get("govwatch_conditional"):
            kept = self._load(request.url)
            if kept is None:  # the copy vanished between request and answer: ask again in full
                self._stat("missing_copy")
                retry = request.replace(dont_filter=True)
                retry.headers.pop(b"If-None-Match", None)
                retry.headers.pop(b"If-Modified-Since", None)
                retry.meta.pop("govwatch_conditional", None)
                return retry  # type: ignore[return-value]
            headers, body = kept
            self._stat("not_modified")
            cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
            return cls(url=request.url, status=200, headers=headers, body=body, request=request,
                       flags=["not_modified"])
        if response.status == 200 and (response.headers.get(b"ETag") or response.headers.get(b"Last-Modified")):
            self._store(response)
        return response

    def _store(self, response: Response) -> None:
        head, body = self._paths(response.url)
        headers = {name.decode(): response.headers[name].decode("latin-1")
                   for name in KEPT_HEADERS if response.headers.get(name)}
        try:
            head.parent.mkdir(parents=True, exist_ok=True)
            tmp = body.with_suffix(".tmp")
            tmp.write_bytes(response.body)
            os.replace(tmp, body)  # the body first: a header file always has its body
            head.write_text(json.dumps(headers), encoding="utf-8")
            self._stat("stored")
        except OSError as error:
            logger.warning("could not keep %s for conditional requests: %s", response.url, error)

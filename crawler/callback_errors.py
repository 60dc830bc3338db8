"""A spider callback that raises never silently loses its page.

Scrapy logs an exception raised in a callback (or while iterating its
output) and drops the page. This spider middleware turns it into a
`failures` record with reason ``parse_error`` (the URL, the exception text),
counted as ``govwatch/spider/failed/parse_error``; what the callback yielded
before it raised is kept. A column page that fails after earlier pages were
read keeps those pages as a ``partial`` column (the spider's ``on_parse_error``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.items import FailureItem

logger = logging.getLogger(__name__)
REASON = "parse_error"


class CallbackErrorMiddleware:
    """Spider middleware: callback exception → FailureItem(reason="parse_error") + stats."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> CallbackErrorMiddleware:
        if not crawler.settings.getbool("GOVWATCH_PARSE_ERRORS_ENABLED", True):
            raise NotConfigured("GOVWATCH_PARSE_ERRORS_ENABLED is off")
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, HttpError):
            return None  # Scrapy's own middleware handles refused statuses
        spider = self.crawler.spider
        detail = f"{type(exception).__name__}: {exception}"
        logger.error("parse error on %s: %s", response.url, detail, exc_info=exception)
        handler = getattr(spider, "on_parse_error", None)
        if handler is not None:
            return list(handler(response, REASON, detail))  # the spider counts it with its other failures
        self.crawler.stats.inc_value(f"govwatch/spider/failed/{REASON}")
        ctx = response.request.cb_kwargs if response.request is not None else {}
        state = ctx.get("state")
        column_url = getattr(state, "url", None) or ctx.get("column_url")
        return [FailureItem(site=getattr(spider, "site_id", None) or "", url=response.url, reason=REASON,
                            status=response.status, detail=detail[:500], column_url=column_url,
                            unit=ctx.get("unit"), kind=response.meta.get("kind", "page"))]

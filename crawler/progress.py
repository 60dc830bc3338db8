"""A progress line every few seconds while a crawl runs on a terminal.

    progress portal/sample: 1,234 pages (41.2/s), queue 87, items 1,180, errors 3

Scrapy's own LogStats says this once a minute; an operator watching a long
crawl wants it every few seconds, but a log file does not. On when stderr is a
terminal or GOVWATCH_PROGRESS is set (the scheduler sets it for a crawl it
runs from a terminal); GOVWATCH_PROGRESS_INTERVAL seconds apart (5; 0 = off).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

logger = logging.getLogger("govwatch.progress")


def wanted(setting: Any) -> bool:
    """GOVWATCH_PROGRESS: explicit on/off, else on when stderr is a terminal."""
    value = os.environ.get("GOVWATCH_PROGRESS", setting)
    if value in (None, ""):
        return sys.stderr.isatty()
    return str(value).lower() not in ("0", "false", "no", "off")


class Progress:
    def __init__(self, crawler: Any, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        interval = crawler.settings.getfloat("GOVWATCH_PROGRESS_INTERVAL", 5.0)
        if interval <= 0:
            raise NotConfigured("progress lines switched off (GOVWATCH_PROGRESS_INTERVAL <= 0)")
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        if not wanted(self.crawler.settings.get("GOVWATCH_PROGRESS")):
            return  # not a terminal: Scrapy's minutely LogStats is enough for a log file
        self.loop = task.LoopingCall(self.log)
        self.loop.start(self.interval, now=False)

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None:
            if self.loop.running:
                self.loop.stop()
            self.log()

    def snapshot(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        pages = int(stats.get("response_received_count", 0))
        elapsed = max(time.monotonic() - self.started, 1e-6)
        errors = sum(v for k, v in stats.items() if k.startswith(("govwatch/spider/failed/", "spider_exceptions/"))
                     and isinstance(v, int))
        return {"pages": pages, "rate": pages / elapsed, "queue": self._queue(),
                "items": int(stats.get("item_scraped_count", 0)), "errors": errors}

    def _queue(self) -> int:
        engine = getattr(self.crawler, "engine", None)
        slot = getattr(engine, "_slot", None) or getattr(engine, "slot", None)
        scheduler = getattr(slot, "scheduler", None)
        try:
            queued = len(scheduler) if scheduler is not None else 0
        except TypeError:
            queued = 0
        downloader = getattr(engine, "downloader", None)
        return queued + len(getattr(downloader, "active", ()))

    def log(self) -> None:
        s = self.snapshot()
        spider = self.crawler.spider
        site = getattr(getattr(spider, "site", None), "id", "")
        logger.info("progress %s/%s: %s pages (%.1f/s), queue %s, items %s, errors %s", spider.name, site,
                    f"{s['pages']:,}", s["rate"], f"{s['queue']:,}", f"{s['items']:,}", s["errors"])

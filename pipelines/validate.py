"""Drop items that carry nothing to store, each drop counted with its reason."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import DropItem

from crawler.fetching import host_allowed
from crawler.items import AccountItem, ArticleItem, ColumnItem, FailureItem, MessageItem, PostItem


class ValidatePipeline:
    """Stats: govwatch/validate/dropped/<reason>; the MongoDB writer stores each drop as a failure."""

    @classmethod
    def from_crawler(cls, crawler) -> ValidatePipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def _drop(self, reason: str, item) -> None:
        self.crawler.stats.inc_value(f"govwatch/validate/dropped/{reason}")
        raise DropItem(reason)

    def process_item(self, item):
        url = getattr(item, "url", "")
        if not url or urlsplit(url).scheme not in ("http", "https"):
            self._drop("bad_url", item)
        allowed = getattr(self.crawler.spider, "allowed_domains", None) or []
        # An account record names its (possibly offsite) address without anything being fetched from it.
        record = isinstance(item, AccountItem) or (isinstance(item, FailureItem) and item.kind == "account")
        if allowed and not host_allowed(url, allowed) and not record:
            self._drop("offsite", item)
        if isinstance(item, ArticleItem) and not item.title and not item.body_text.strip():
            self._drop("empty_page", item)
        if isinstance(item, ColumnItem) and not item.name:
            self._drop("column_without_name", item)
        if isinstance(item, MessageItem) and not item.title and not item.question:
            self._drop("empty_message", item)
        if isinstance(item, PostItem) and not item.title and not item.body_text.strip():
            self._drop("empty_post", item)
        self.crawler.stats.inc_value(f"govwatch/validate/passed/{type(item).__name__}")
        return item

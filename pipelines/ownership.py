"""Mark each article as the site's own document or a reposted one (own_document).

The decision is analyzers.ownership.classify with the site's units and 文号
abbreviations from sites.yaml (``ownership:``), stored on the article so
analysts can query it and the INTERP / DISC rules read it. Setting:
GOVWATCH_OWNERSHIP_ENABLED (default True).
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from analyzers.ownership import DEFAULT_CONFIG, OwnershipConfig, classify
from crawler.items import ArticleItem


class OwnershipPipeline:
    """Stats: govwatch/ownership/<own|reposted|undecided>."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self._config: OwnershipConfig | None = None

    @classmethod
    def from_crawler(cls, crawler) -> OwnershipPipeline:
        if not crawler.settings.getbool("GOVWATCH_OWNERSHIP_ENABLED", True):
            raise NotConfigured("ownership classification switched off (GOVWATCH_OWNERSHIP_ENABLED=False)")
        return cls(crawler)

    def config(self) -> OwnershipConfig:
        """The spider's site, read once; a spider without a site gets the site-less default."""
        if self._config is None:
            site = getattr(self.crawler.spider, "site", None)
            self._config = OwnershipConfig.from_site(site) if site is not None else DEFAULT_CONFIG
        return self._config

    def process_item(self, item):
        if not isinstance(item, ArticleItem):
            return item
        own, reason = classify(ItemAdapter(item).asdict(), self.config())
        item.own_document = own
        item.own_document_reason = reason
        outcome = {True: "own", False: "reposted", None: "undecided"}[own]
        self.crawler.stats.inc_value(f"govwatch/ownership/{outcome}")
        return item

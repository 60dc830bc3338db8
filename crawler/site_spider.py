"""The base of every spider bound to one configured site."""

from __future__ import annotations

from typing import Any

from scrapy import Spider

from crawler.sites import Site, load_site


class SiteSpider(Spider):
    """A spider of one site of ``sites.yaml``: ``-a site=``, ``-a unit=``, ``-a sites=`` (another file).

    ``from_crawler`` loads the site, confines the spider to the site's domains and
    refuses an unknown unit before any request is made.
    """

    def __init__(self, site: str | None = None, unit: str | None = None, sites: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.site_id = site
        self.unit_filter = unit
        self.sites_path = sites
        self.site: Site | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        site = load_site(spider.site_id, spider.sites_path or crawler.settings.get("GOVWATCH_SITES"))
        spider.site, spider.site_id = site, site.id
        spider.allowed_domains = list(site.allowed_domains)
        unit = spider.unit_filter
        if unit and unit not in {u["name"] for u in site.units} | {site.default_unit}:
            raise ValueError(f"unknown unit {unit!r} for site {site.id}")
        return spider

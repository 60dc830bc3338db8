"""Child process of bench/crawl.py: run one crawl in-process and dump its stats as JSON."""

from __future__ import annotations

import json
import sys

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings


def main() -> None:
    mode, start_url, out = sys.argv[1:4]
    settings = get_project_settings()
    settings.set("LOG_LEVEL", "WARNING")
    settings.set("ROBOTSTXT_OBEY", False)
    if mode == "bare":
        settings.set("ITEM_PIPELINES", {})
        settings.set("DOWNLOAD_HANDLERS", {})  # plain HTTP: the bare spider never renders
        from bench.bare_spider import BareSpider

        spider, kwargs = BareSpider, {"start_url": start_url}
    else:
        settings.set("GOVWATCH_MONGO_ENABLED", mode == "full")
        from crawler.spiders.portal import PortalSpider

        spider, kwargs = PortalSpider, {"site": "sample"}
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)
    process.crawl(crawler, **kwargs)
    process.start()
    stats = {k: v for k, v in crawler.stats.get_stats().items() if isinstance(v, int | float)}
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(stats, fh)


if __name__ == "__main__":
    main()

"""Kuaishou accounts: the public profile page rendered in Chromium, its post list and times.

    scrapy crawl kuaishou -a site=<id> [-a unit=<unit>] [-a sites=<file>]
"""

from __future__ import annotations

from crawler.shortvideo import ShortVideoSpider


class KuaishouSpider(ShortVideoSpider):
    name = "kuaishou"
    platform = "kuaishou"

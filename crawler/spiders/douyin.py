"""Douyin accounts: the public profile page rendered in Chromium, its post list and times.

    scrapy crawl douyin -a site=<id> [-a unit=<unit>] [-a sites=<file>]
"""

from __future__ import annotations

from crawler.shortvideo import ShortVideoSpider


class DouyinSpider(ShortVideoSpider):
    name = "douyin"
    platform = "douyin"

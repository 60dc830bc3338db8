"""Weibo accounts through the public mobile JSON timeline (m.weibo.cn ``/api/container/getIndex``).

    scrapy crawl weibo -a site=<id> [-a unit=<unit>] [-a sites=<file>]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.extract.weibo import parse_timeline
from crawler.media import AccountCheck, MediaSpider


class WeiboSpider(MediaSpider):
    name = "weibo"
    platform = "weibo"

    def default_sources(self, account_id: str, link: str) -> tuple[tuple[str, str], ...]:
        if self.config.timeline_url and account_id != link:
            return (("timeline", self.config.url_of(self.config.timeline_url, account_id)),)
        return ()

    def account_requests(self, check: AccountCheck) -> Iterator[Request]:
        for _, url in check.account.sources:
            yield self.request(check, url, self.parse_timeline, "list")

    def parse_timeline(self, response: Response, check: AccountCheck) -> Iterator[Any]:
        post_url = self.config.post_url or response.url + "#{id}"
        yield from self.timeline(check, parse_timeline(response.body, response.url, post_url))

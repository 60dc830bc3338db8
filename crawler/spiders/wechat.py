"""WeChat official accounts: the account page (menus), its article list (album / history page or
RSS/Atom feed), then each listed article page (title, account, publish time ``ct``, body, images).

    scrapy crawl wechat -a site=<id> [-a unit=<unit>] [-a sites=<file>]

The platform has no open listing, so where an account's articles are listed is
configuration (`accounts:` album / feed, else `media.platforms.wechat.album_url`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.extract.feeds import parse_feed
from crawler.extract.wechat import blocked, extract_post, parse_album, parse_menus
from crawler.media import AccountCheck, MediaSpider, page_text
from store.keys import canonical_url


class WechatSpider(MediaSpider):
    name = "wechat"
    platform = "wechat"

    def default_sources(self, account_id: str, link: str) -> tuple[tuple[str, str], ...]:
        if self.config.album_url and account_id != link:
            return (("album", self.config.url_of(self.config.album_url, account_id)),)
        return ()

    def account_requests(self, check: AccountCheck) -> Iterator[Request]:
        yield self.request(check, check.account.url, self.parse_page, "page")
        for source, url in check.account.sources:
            yield self.request(check, url, self.parse_list, "list", source=source)

    def parse_page(self, response: Response, check: AccountCheck) -> Iterator[Any]:
        html = page_text(response)
        state = blocked(html)
        if state:
            yield from self.outcome(check, "page", state, url=response.url)
            return
        check.menus = parse_menus(html, self.config.menu_bar, self.config.menu_names)
        yield from self.outcome(check, "page", "ok")

    def parse_list(self, response: Response, check: AccountCheck, source: str) -> Iterator[Any]:
        if source == "feed":
            timeline = parse_feed(response.body, response.url)
        else:
            timeline = parse_album(page_text(response), response.url)
        yield from self.timeline(check, timeline)
        newest = sorted(timeline.entries, key=lambda e: e.published or datetime.min, reverse=True)
        for entry in newest[: self.media.max_posts]:
            key = canonical_url(entry.url)
            if key in check.requested:
                continue
            check.requested.add(key)
            if not self._allowed(entry.url):
                self._stat("offsite_post")
                continue
            yield self.follow(check, entry.url, self.parse_post, "post")

    def parse_post(self, response: Response, check: AccountCheck) -> Iterator[Any]:
        html = page_text(response)
        post = extract_post(html, response.url)
        if post is None:
            yield from self.outcome(check, "post", blocked(html) or "layout_changed", url=response.url)
            return
        yield self.post_item(check, post)

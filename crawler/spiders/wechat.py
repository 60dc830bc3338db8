"""WeChat official accounts: the account page (menus), its article list (album / history page or
RSS/Atom feed), then each listed article page (title, account, publish time ``ct``, body, images).

    scrapy crawl wechat -a site=<id> [-a unit=<unit>] [-a sites=<file>]

The platform has no open listing, so where an account's articles are listed is
configuration (`accounts:` album / feed / portal_links, else
`media.platforms.wechat.album_url`). ``portal_links`` reads the links to the
account's articles that a portal crawl stored in MongoDB (articles' ``links``
whose URL contains the given text, e.g. the account's ``__biz=`` value).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.extract.feeds import parse_feed
from crawler.extract.wechat import blocked, extract_post, parse_album, parse_menus
from crawler.media import AccountCheck, MediaSpider, page_text
from store import schema
from store.connect import connect
from store.keys import canonical_url


class WechatSpider(MediaSpider):
    name = "wechat"
    platform = "wechat"
    portal_links: dict[str, list[str]]  # account key -> article URLs the portal links to (set in start)

    def default_sources(self, account_id: str, link: str) -> tuple[tuple[str, str], ...]:
        if self.config.album_url and account_id != link:
            return (("album", self.config.url_of(self.config.album_url, account_id)),)
        return ()

    async def start(self) -> AsyncIterator[Request]:
        self.portal_links = await asyncio.to_thread(self._load_portal_links)
        async for request in super().start():
            yield request

    def _load_portal_links(self) -> dict[str, list[str]]:
        """Article URLs the portal links to, per account with a ``portal`` source (blocking)."""
        assert self.site is not None
        wanted = {a.key: text for a in self.site.accounts if a.platform == self.platform
                  for kind, text in a.sources if kind == "portal" and self._in_scope(a.unit)}
        if not wanted:
            return {}
        settings = self.crawler.settings
        db = connect(settings.get("GOVWATCH_MONGO_URI") or None, settings.get("GOVWATCH_MONGO_DB") or None)
        found: dict[str, list[str]] = {}
        try:
            for key, text in wanted.items():
                urls = set()
                query = {"site": self.site.id, "links.url": {"$regex": re.escape(text)}}
                for doc in db[schema.ARTICLES].find(query, {"links": 1}):
                    urls.update(link["url"] for link in doc.get("links") or [] if text in link.get("url", ""))
                found[key] = sorted(urls)
        finally:
            db.client.close()
        return found

    def account_requests(self, check: AccountCheck) -> Iterator[Request]:
        yield self.request(check, check.account.url, self.parse_page, "page")
        for source, url in check.account.sources:
            if source == "portal":
                yield from self._portal_posts(check)
            else:
                yield self.request(check, url, self.parse_list, "list", source=source)

    def _portal_posts(self, check: AccountCheck) -> Iterator[Request]:
        urls = self.portal_links.get(check.account.key, [])
        check.states.append(("ok", "") if urls else ("empty_timeline", "no portal article links to this account"))
        for url in urls[: self.media.max_posts]:
            if canonical_url(url) not in check.requested:
                check.requested.add(canonical_url(url))
                yield self.request(check, url, self.parse_post, "post")

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

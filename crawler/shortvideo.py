"""The Douyin and Kuaishou spiders' shared part: the profile page rendered in Chromium
(scrapy-playwright; only these requests carry ``playwright: True``), read as a timeline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.extract.shortvideo import parse_profile
from crawler.media import AccountCheck, MediaSpider, page_text


class ShortVideoSpider(MediaSpider):
    """Subclasses set ``name`` and ``platform`` (a key of crawler.extract.shortvideo.PROFILES)."""

    def default_sources(self, account_id: str, link: str) -> tuple[tuple[str, str], ...]:
        return (("profile", link),)

    def _render_meta(self) -> dict[str, Any]:
        if not self.crawler.settings.getbool("GOVWATCH_JS_ENABLED", True):
            return {}
        from scrapy_playwright.page import PageMethod

        # The list comes from an XHR after load: wait until the network has been quiet.
        return {"playwright": True, "playwright_page_methods": [
            PageMethod("wait_for_load_state", "networkidle"),
            PageMethod("wait_for_timeout", self.config.render_wait_ms),
        ]}

    def account_requests(self, check: AccountCheck) -> Iterator[Request]:
        for _, url in check.account.sources:
            yield self.request(check, url, self.parse_profile, "list", meta=self._render_meta())

    def parse_profile(self, response: Response, check: AccountCheck) -> Iterator[Any]:
        yield from self.timeline(check, parse_profile(page_text(response), self.platform, response.url))

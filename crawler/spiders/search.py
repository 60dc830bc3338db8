"""The search spider: does the site's own search find its recent articles? (SEARCH-MISS)

    scrapy crawl search -a site=<id> [-a unit=<unit>] [-a today=YYYY-MM-DD] [-a sites=<file>]

Reads the site's newest articles from MongoDB (the articles a portal crawl
stored: published within `search.recent_days` of today, newest first, at most
`search.sample_size`), queries the search URL of sites.yaml with each exact
title, and records one SearchCheckItem per article in `search_checks`: found
or not, how many results. A search page that does not answer is recorded as a
failure (`failures`, kind `search`, and the check's `status`), never as a miss.
Requests never leave the site's `allowed_domains`; redirects are followed here,
as in the portal spider, so a loop or an offsite hop is a recorded failure.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.extract.article import CHINA_TZ
from crawler.extract.charset import decode_html
from crawler.fetching import REDIRECT_CODES, failure_reason, host_allowed, redirect_hop
from crawler.items import FailureItem, SearchCheckItem
from crawler.site_spider import SiteSpider
from crawler.sites import SearchConfig
from store import schema
from store.connect import connect
from store.keys import canonical_url

_SPACES = re.compile(r"\s+")
HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")


def _norm(title: str) -> str:
    return _SPACES.sub(" ", title or "").strip()


def read_results(html: str, base_url: str, config: SearchConfig) -> list[tuple[str, tuple[str, ...]]]:
    """(absolute link or "", its texts) of each result of a search page.

    The texts are the link's full text (highlight tags such as <em> included)
    and its title attribute, which portals use when they shorten the text.
    """
    out = []
    for result in Selector(text=html).css(config.result_selector):
        links = result.css(config.result_link)
        node = links[0] if links else result
        href = node.attrib.get("href", "") if links else ""
        texts = tuple(t for t in (_norm(node.xpath("string()").get() or ""), _norm(node.attrib.get("title", ""))) if t)
        out.append((urljoin(base_url, href) if href else "", texts))
    return out


def is_found(results: list[tuple[str, tuple[str, ...]]], article_url: str, title: str) -> bool:
    """The article is among the results: its URL, or (a CMS linking through another URL form) its exact title."""
    target = canonical_url(article_url)
    wanted = _norm(title)
    return any((href and canonical_url(href) == target) or wanted in texts for href, texts in results)


class SearchSpider(SiteSpider):
    name = "search"

    def __init__(self, site: str | None = None, unit: str | None = None, today: str | None = None,
                 sites: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(site, unit, sites, *args, **kwargs)
        # The analysis date decides which articles are "recent"; tests pin it.
        self.today = date.fromisoformat(today) if today else datetime.now(CHINA_TZ).date()
        self.search: SearchConfig | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> SearchSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.site.search is None:
            raise ValueError(f"site {spider.site.id} has no `search:` block in its configuration")
        spider.search = spider.site.search
        if not spider._allowed(spider.search.query_url("probe")):
            raise ValueError(f"search.url_template {spider.search.url_template!r} is outside allowed_domains "
                             f"{spider.allowed_domains}")
        return spider

    @property
    def scope(self) -> dict[str, str | None]:
        return {"unit": self.unit_filter, "today": self.today.isoformat()}

    def _stat(self, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"govwatch/search/{event}", n)

    def _allowed(self, url: str) -> bool:
        return host_allowed(url, self.allowed_domains)

    # -- which articles ------------------------------------------------------

    def recent_articles(self) -> list[dict[str, Any]]:
        """The newest articles of the scope that a portal crawl stored (blocking: run off the reactor)."""
        assert self.site is not None and self.search is not None
        settings = self.crawler.settings
        db = connect(settings.get("GOVWATCH_MONGO_URI") or None, settings.get("GOVWATCH_MONGO_DB") or None)
        first = self.today - timedelta(days=self.search.recent_days)
        # Dates after today are FRESH-FUTURE's business, not "recent".
        query: dict[str, Any] = {"site": self.site.id,
                                 "published_date": {"$gte": first.isoformat(), "$lte": self.today.isoformat()}}
        if self.unit_filter:
            query["unit"] = self.unit_filter
        try:
            cursor = db[schema.ARTICLES].find(query, {"url": 1, "unit": 1, "title": 1, "list_title": 1,
                                                      "column_id": 1})
            return list(cursor.sort([("published_at", -1), ("_id", 1)]).limit(self.search.sample_size))
        finally:
            db.client.close()

    async def start(self) -> AsyncIterator[Request]:
        assert self.search is not None
        articles = await asyncio.to_thread(self.recent_articles)
        if not articles:
            self.logger.warning("no article published between %s and %s in MongoDB: crawl the portal first",
                                self.today - timedelta(days=self.search.recent_days), self.today)
        for doc in articles:
            title = _norm(doc.get("title") or doc.get("list_title") or "")
            if not title:
                self._stat("untitled")
                continue
            query_url = self.search.query_url(title)
            # Two articles may share a title (DUP-TITLE): each needs its own answer.
            yield Request(query_url, callback=self.parse_results, errback=self.on_error,
                          cb_kwargs={"article": doc, "title": title, "query_url": query_url},
                          meta={"dont_redirect": True, "handle_httpstatus_list": list(REDIRECT_CODES),
                                "kind": "search"},
                          dont_filter=True)

    # -- answers -----------------------------------------------------------------

    def _check(self, article: dict[str, Any], title: str, query_url: str, status: str,
               found: bool | None = None, results: int | None = None) -> SearchCheckItem:
        assert self.site is not None
        return SearchCheckItem(
            site=self.site.id, article_id=str(article["_id"]), url=article["url"],
            unit=article.get("unit") or self.site.default_unit, title=title, query_url=query_url,
            found=found, results=results, status=status, checked_at=datetime.now(UTC),
            column_id=article.get("column_id"),
        )

    def _failed(self, article: dict[str, Any], title: str, query_url: str, reason: str,
                status: int | None, detail: str) -> Iterator[Any]:
        assert self.site is not None
        self._stat(f"failed/{reason}")
        self.logger.warning("search %s failed: %s %s", query_url, reason, detail)
        yield FailureItem(self.site.id, query_url, reason, status, detail[:500], None, None,
                          article.get("unit"), "search")
        yield self._check(article, title, query_url, reason)

    def parse_results(self, response: Response, article: dict[str, Any], title: str,
                      query_url: str) -> Iterator[Any]:
        assert self.search is not None
        hop = redirect_hop(response, self._allowed)
        if hop is not None:
            if hop.reason:
                yield from self._failed(article, title, query_url, hop.reason, response.status, hop.detail)
            else:
                assert hop.target is not None
                yield response.request.replace(url=hop.target, meta={**response.meta, "hops": hop.chain})
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if (content_type and not any(t in content_type for t in HTML_TYPES)) or b"\x00" in response.body[:8192]:
            yield from self._failed(article, title, query_url, "not_html", response.status, content_type)
            return
        html, _ = decode_html(response.body, content_type or None)
        results = read_results(html, response.url, self.search)
        found = is_found(results, article["url"], title)
        self._stat("found" if found else "missed")
        yield self._check(article, title, query_url, "ok", found, len(results))

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        reason, status = failure_reason(failure)
        kw = request.cb_kwargs
        yield from self._failed(kw["article"], kw["title"], kw["query_url"], reason, status, str(failure.value))

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        found = stats.get_value("govwatch/search/found", 0)
        missed = stats.get_value("govwatch/search/missed", 0)
        if missed and not found:
            # Every title missing usually means a wrong result_selector, not a broken index.
            self.logger.warning("the search found none of %d articles: check search.result_selector", missed)

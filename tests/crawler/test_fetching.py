"""A request that follows an answer (a redirect hop) keeps GovWatch's meta and
starts Scrapy's own bookkeeping afresh."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.metacopy import MetaCopyDetectionMiddleware
from scrapy.utils.test import get_crawler

from crawler.fetching import SCRAPY_INTERNAL_META, follow_meta
from crawler.spiders.portal import PortalSpider


def test_follow_meta_keeps_ours_and_drops_scrapys() -> None:
    meta = {"kind": "article", "hops": ["a"], "download_latency": 0.2, "retry_times": 2, "redirect_urls": ["x"]}
    assert follow_meta(meta, hops=["a", "b"]) == {"kind": "article", "hops": ["a", "b"]}


def test_the_list_covers_what_scrapy_warns_about() -> None:
    # Fails when a Scrapy upgrade adds a key: add it to SCRAPY_INTERNAL_META.
    assert MetaCopyDetectionMiddleware._INTERNAL_KEYS <= SCRAPY_INTERNAL_META


def test_a_portal_redirect_hop_starts_a_fresh_download() -> None:
    crawler = get_crawler(PortalSpider)
    crawler._apply_settings()
    spider = PortalSpider(site="sample")
    spider.crawler = crawler
    spider.allowed_domains = ["127.0.0.1"]
    request = Request("http://127.0.0.1:1/art/a.html", meta={"kind": "article", "download_latency": 0.3,
                                                             "retry_times": 1})
    response = HtmlResponse(request.url, status=302, headers={"Location": "/art/b.html"}, request=request)
    follow = spider._follow_redirect(response)
    assert isinstance(follow, Request) and follow.url == "http://127.0.0.1:1/art/b.html"
    assert follow.meta["kind"] == "article" and follow.meta["hops"] == ["http://127.0.0.1:1/art/a.html"]
    assert not SCRAPY_INTERNAL_META & follow.meta.keys()

"""The baseline: a bare Scrapy spider that walks the same pages with no extraction and no pipelines."""

from __future__ import annotations

import re

from scrapy import Request, Spider
from scrapy.http import TextResponse

_CREATE_PAGE = re.compile(r'createPageHTML\((\d+),\s*(\d+),\s*"(\w+)",\s*"(\w+)"')


class BareSpider(Spider):
    name = "bare"

    def __init__(self, start_url: str, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.start_url = start_url

    async def start(self):
        yield Request(self.start_url, callback=self.parse_column)

    def parse_column(self, response):
        for href in response.css("div.nav a::attr(href), ul.subnav a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_column)
        for href in response.css("ul.list li a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)
        match = _CREATE_PAGE.search(response.text)
        if match and int(match[2]) + 1 < int(match[1]):
            yield response.follow(f"{match[3]}_{int(match[2]) + 1}.{match[4]}", callback=self.parse_column)
        for href in response.css("div.page a"):
            if href.css("::text").get() == "下一页":
                yield response.follow(href.attrib["href"], callback=self.parse_column)

    def parse_article(self, response):
        if isinstance(response, TextResponse):  # a PDF listed as an article is skipped
            yield {"url": response.url, "title": response.css("h1::text").get()}

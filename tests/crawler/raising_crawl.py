"""`python -m tests.crawler.raising_crawl NAME scrapy-args…`: a real `scrapy` run with the portal
spider's extractor NAME replaced by one that raises (what tests/crawler/test_callback_errors.py needs)."""

from __future__ import annotations

import sys

from scrapy.cmdline import execute

import crawler.spiders.portal as portal


def _raiser(name: str):
    def boom(*args, **kwargs):
        raise RuntimeError(f"{name} exploded on purpose")
    return boom


if __name__ == "__main__":
    name = sys.argv[1]
    if name != "-":  # "-": a control run with nothing replaced
        getattr(portal, name)  # a name the spider does not use would make the test pass for nothing
        setattr(portal, name, _raiser(name))
    execute(["scrapy", *sys.argv[2:]])

"""The command line of a crawl in a child process (the scheduler, the service and tests run spiders so)."""

from __future__ import annotations

import sys
from collections.abc import Mapping


def scrapy_crawl_command(spider: str, site: str, *, unit: str | None = None, sites: str | None = None,
                         spider_args: Mapping[str, str | None] | None = None,
                         settings: Mapping[str, str] | None = None) -> list[str]:
    """``python -m scrapy crawl SPIDER -a site=SITE …``; spider arguments left empty are not passed."""
    command = [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"site={site}"]
    for key, value in {"unit": unit, "sites": sites, **(spider_args or {})}.items():
        if value:
            command += ["-a", f"{key}={value}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    return command

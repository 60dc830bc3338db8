"""Plain data types returned by the extractors (no Scrapy, no lxml objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Link:
    """A hyperlink: absolute URL (fragment dropped) and its visible text."""

    url: str
    text: str


@dataclass(slots=True)
class Image:
    """An image in the article body: absolute source URL and alt text."""

    src: str
    alt: str


@dataclass(slots=True)
class Attachment:
    """A downloadable file linked from the article (pdf, doc, xls, …)."""

    url: str
    name: str


@dataclass(slots=True)
class ArticleData:
    """Everything extracted from one article page."""

    title: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    published: datetime | None = None
    # One of "meta", "page", "url", "none".
    date_source: str = "none"
    body_html: str = ""
    body_text: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    template: str = "generic"

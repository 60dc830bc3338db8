"""Scrapy items: what spiders hand to the pipelines (read and written via ItemAdapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class SiteItem:
    """The site and its homepage news blocks (for FRESH-HOME)."""

    site: str
    name: str
    url: str  # the home page
    home_blocks: list[dict[str, Any]] = field(default_factory=list)
    home_lines: list[str] = field(default_factory=list)  # visible text lines (crawler.extract.pagetext)


@dataclass
class ColumnItem:
    """One column (栏目) of the portal, with what its list pages showed."""

    site: str
    url: str
    name: str
    names: list[str]
    parent_url: str | None
    unit: str
    category: str
    limit_days: int | None
    warn_days: int | None
    kind: str  # list | mailbox | parent
    leaf: bool
    list_style: str  # static | query | js | none
    item_count: int = 0
    undated_items: int = 0
    newest_date: str | None = None
    pages: int = 0
    status: str = "ok"
    list_source: str = "configured"  # configured (sites.yaml selectors) | generic (detected)
    page_lines: list[str] = field(default_factory=list)  # first list page's own text lines, entries left out


@dataclass
class ArticleItem:
    """One article page, extracted."""

    site: str
    url: str
    column_url: str
    column_name: str
    unit: str
    title: str
    list_title: str = ""
    list_date: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    published: datetime | None = None  # naive China local time, as the page states it
    published_at: datetime | None = None  # the same instant, tz-aware UTC (set by the clean pipeline)
    published_date: str | None = None  # YYYY-MM-DD in China local time
    date_source: str = "none"
    body_html: str = ""
    body_text: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = ""
    http_status: int = 200
    template: str = ""
    content_hash: str = ""
    fetched_at: datetime | None = None
    own_document: bool | None = None  # the site's own document, or reposted (pipelines/ownership.py)
    own_document_reason: str = ""


@dataclass
class MessageItem:
    """One leader-mailbox (领导信箱) message."""

    site: str
    url: str
    column_url: str
    unit: str
    title: str
    received_date: str | None = None
    answered_date: str | None = None
    status: str = ""
    question: str = ""
    reply: str = ""
    reply_unit: str = ""
    fetched_at: datetime | None = None


@dataclass
class FailureItem:
    """A page that could not be crawled, and why."""

    site: str
    url: str
    reason: str
    status: int | None = None
    detail: str = ""
    referer: str | None = None
    column_url: str | None = None
    unit: str | None = None
    kind: str = "page"  # page | column | article | message | attachment


@dataclass
class SearchCheckItem:
    """One probe of the site's own search with an article's exact title (SEARCH-MISS).

    ``found``/``results`` describe the search page's answer; when the page did
    not answer (``status`` is a failure reason, not "ok") they stay None and the
    writer keeps the previous answer, so an outage is never recorded as a miss.
    """

    site: str
    article_id: str  # the article's _id
    url: str  # the article
    unit: str
    title: str
    query_url: str
    found: bool | None = None  # the article is among the results
    results: int | None = None  # how many results the page listed
    status: str = "ok"  # ok | http_<status> | timeout | connection_refused | not_html | …
    checked_at: datetime | None = None
    column_id: str | None = None


@dataclass
class LinkCheckItem:
    """The check of one link or image URL, with every page that references it (LINK-*).

    ``status``: ok | confirmed (404/410, other 4xx, an image that is no image) |
    suspected (timeouts, connection errors, 5xx, 401/403/429) | unchecked
    (external with GOVWATCH_LINKCHECK_EXTERNAL off, offsite redirect, no longer referenced).
    """

    site: str
    url: str
    kind: str  # link | image
    status: str
    http_status: int | None = None
    reason: str = ""  # "" when ok; http_<status>, timeout, not_image, empty_image, external, …
    content_type: str = ""
    size: int | None = None  # Content-Length, else the bytes received
    referrers: list[dict[str, Any]] = field(default_factory=list)  # [{article_id, url, unit, column_id, text, kind}]
    on_home: bool = False
    external: bool = False
    method: str = ""  # HEAD or GET: the request the verdict rests on
    final_url: str = ""  # after redirects
    checked_at: datetime | None = None


@dataclass
class PostItem:
    """One new-media post (WeChat article, Weibo post, Douyin/Kuaishou video caption).

    Shaped like ArticleItem where the content rules read it (title, body_text,
    body_html, images, links, published_at/published_date), so every article
    rule runs on posts unchanged; ``unit`` is the account's owning unit.
    """

    site: str
    platform: str  # wechat | weibo | douyin | kuaishou
    account_id: str
    account_name: str
    unit: str
    post_id: str
    url: str
    title: str | None = ""  # None: an untitled post (a Weibo post without a 【headline】)
    published: datetime | None = None  # naive China local time, as the page states it
    published_at: datetime | None = None  # tz-aware UTC (set by the clean pipeline)
    published_date: str | None = None  # YYYY-MM-DD in China local time
    date_source: str = "page"
    body_html: str = ""
    body_text: str = ""
    images: list[dict[str, Any]] = field(default_factory=list)  # [{src, alt}]
    links: list[dict[str, Any]] = field(default_factory=list)  # [{url, text}]
    content_hash: str = ""
    fetched_at: datetime | None = None


@dataclass
class AccountItem:
    """One new-media account as the registry, the matrix page and its own pages describe it.

    ``status``: ok | not_checkable (``reason``: rate_limited, login_wall, captcha,
    empty_timeline, layout_changed, timeout, http_<status> …) | gone (the platform
    says it does not exist). Only an ``ok`` account is judged for freshness and menus.
    """

    site: str
    platform: str
    account_id: str
    name: str
    unit: str
    url: str
    registered: bool
    record_no: str | None = None
    in_config: bool = True
    in_matrix: bool | None = None  # None: no matrix page was read
    matrix_name: str | None = None
    status: str = "ok"
    reason: str = ""
    detail: str = ""
    menus: list[str] | None = None  # menu and sub-menu names; None: unknown
    menus_source: str | None = None  # page | config
    posts_seen: int = 0
    post_dates: list[str] = field(default_factory=list)  # YYYY-MM-DD, China local time, newest first
    last_post_at: datetime | None = None  # tz-aware UTC
    checked_at: datetime | None = None

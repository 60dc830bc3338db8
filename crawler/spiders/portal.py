"""The portal spider: home page → column tree → every list page → every article.

    scrapy crawl portal -a site=<id> [-a unit=<unit>] [-a column=<url or name>]
                        [-a mode=full|incremental] [-a resume_run=<run id>]

Site differences come from sites.yaml; parsing is done by crawler.extract.
Redirects are followed here rather than by Scrapy's middleware so that a
redirect loop is recorded as a failure instead of vanishing in the dupefilter.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.extract.article import extract_article
from crawler.extract.charset import decode_html
from crawler.extract.listing import (
    extract_home_blocks,
    extract_list_page,
    extract_message,
    read_nav,
)
from crawler.extract.pagetext import home_lines, own_lines, text_lines
from crawler.fetching import REDIRECT_CODES, failure_reason, follow_meta, host_allowed, redirect_hop
from crawler.incremental import load_known
from crawler.items import ArticleItem, ColumnItem, FailureItem, MessageItem, SiteItem
from crawler.site_spider import SiteSpider
from store.keys import canonical_url

HTML_TYPES = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")


@dataclass
class ColumnState:
    """What a column's list pages showed so far (carried from page to page)."""

    url: str
    names: list[str]
    parent_url: str | None
    in_scope: bool
    column_match: bool = True  # this column or an ancestor matches -a column
    page: int = 0
    item_count: int = 0
    undated: int = 0
    newest: str | None = None
    style: str = "none"
    rendered: bool = False
    seen_pages: set[str] = field(default_factory=set)
    list_source: str = "configured"  # how the first page's list was read: configured | generic
    list_selector: str | None = None  # the generic list's path, tried first on the next pages
    page_lines: list[str] = field(default_factory=list)  # the first page's own text (analyzers/pagetext.py)


class PortalSpider(SiteSpider):
    name = "portal"

    def __init__(self, site: str | None = None, unit: str | None = None, column: str | None = None,
                 sites: str | None = None, mode: str = "full", resume_run: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(site, unit, sites, *args, **kwargs)
        self.mode = mode
        self.resume_run = resume_run or None
        self.incremental = mode == "incremental"  # read by crawler.conditional
        self.column_filter = column
        self.nav_urls: frozenset[str] = frozenset()  # the frame's navigation: never list entries

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.js_enabled = crawler.settings.getbool("GOVWATCH_JS_ENABLED", True)
        spider.max_pages = spider.site.max_list_pages
        spider.known = load_known(crawler.settings, spider.site.id, spider.mode, spider.resume_run)
        return spider

    @property
    def scope(self) -> dict[str, str | None]:
        return {"unit": self.unit_filter, "column": self.column_filter}

    # -- requests ---------------------------------------------------------

    def _request(self, url: str, callback, kind: str, cb_kwargs: dict | None = None,
                 meta: dict | None = None, dont_filter: bool = False) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.on_error,
            cb_kwargs=cb_kwargs or {},
            meta={"dont_redirect": True, "handle_httpstatus_list": list(REDIRECT_CODES), "kind": kind,
                  **(meta or {})},
            dont_filter=dont_filter,
        )

    async def start(self) -> AsyncIterator[Request]:
        assert self.site is not None
        yield self._request(self.site.start_url, self.parse_home, "home")

    def _stat(self, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"govwatch/spider/{event}", n)

    def _failure(self, url: str, reason: str, kind: str, status: int | None = None, detail: str = "",
                 column_url: str | None = None, unit: str | None = None, referer: str | None = None) -> FailureItem:
        self._stat(f"failed/{reason}")
        self.logger.warning("%s %s failed: %s %s", kind, url, reason, detail)
        assert self.site is not None
        return FailureItem(self.site.id, url, reason, status, detail[:500], referer, column_url, unit, kind)

    def _follow_redirect(self, response: Response) -> Request | FailureItem | None:
        hop = redirect_hop(response, self._allowed)
        if hop is None:
            return None
        if hop.reason is not None:
            column_url, unit = self._ctx_column(response.cb_kwargs)
            return self._failure(hop.url, hop.reason, response.meta.get("kind", "page"), response.status,
                                 hop.detail, column_url, unit)
        self._stat("redirects")
        return response.request.replace(url=hop.target, dont_filter=True,
                                        meta=follow_meta(response.meta, hops=hop.chain))

    def _allowed(self, url: str) -> bool:
        return host_allowed(url, self.allowed_domains)

    @staticmethod
    def _ctx_column(ctx: dict) -> tuple[str | None, str | None]:
        state = ctx.get("state")
        if isinstance(state, ColumnState):
            return state.url, None
        return ctx.get("column_url"), ctx.get("unit")

    # -- home and column tree ----------------------------------------------

    def parse_home(self, response: Response) -> Iterator[Any]:
        assert self.site is not None
        decoded = self._open(response, "home")
        if not isinstance(decoded, tuple):
            yield decoded  # the next redirect hop, or why the page cannot be read
            return
        text = decoded[0]
        listing = self.site.listing
        yield SiteItem(self.site.id, self.site.name, response.url,
                       extract_home_blocks(text, response.url, listing.home_blocks), home_lines(text, response.url))
        nav, nav_source = read_nav(text, response.url, listing.nav)
        self.nav_urls = frozenset(link.url for link in nav)
        self._stat("nav_columns", len(nav))
        self._stat(f"nav/{nav_source}")
        for link in nav:
            if self._allowed(link.url):
                yield from self._column_request(link.url, [link.text], None, ancestor_match=False)

    def _column_matches(self, url: str, names: list[str]) -> bool:
        wanted = self.column_filter
        if not wanted:
            return True
        if wanted.startswith(("http://", "https://")):
            return canonical_url(wanted) == canonical_url(url)
        return wanted in names or wanted == "/".join(names)

    def _column_request(self, url: str, names: list[str], parent_url: str | None,
                        ancestor_match: bool) -> Iterator[Request]:
        assert self.site is not None
        column_match = ancestor_match or self._column_matches(url, names)
        unit_match = not self.unit_filter or self.site.unit_for(names) == self.unit_filter
        state = ColumnState(url=canonical_url(url), names=names, parent_url=parent_url,
                            in_scope=column_match and unit_match, column_match=column_match)
        meta = {}
        if self.site.needs_js(url) and self.js_enabled:
            meta = self._js_meta()
            state.rendered = True
        yield self._request(url, self.parse_column, "column", {"state": state}, meta)

    def _js_meta(self) -> dict[str, Any]:
        from scrapy_playwright.page import PageMethod

        assert self.site is not None
        # Without a configured selector the list's markup is unknown: wait for the page's requests to settle.
        wait = (PageMethod("wait_for_selector", self.site.js_wait_selector, timeout=15000)
                if self.site.js_wait_selector else PageMethod("wait_for_load_state", "networkidle", timeout=15000))
        return {"playwright": True, "playwright_page_methods": [wait]}

    def _column_item(self, state: ColumnState, leaf: bool, kind: str, status: str = "ok") -> ColumnItem:
        assert self.site is not None
        category = self.site.category_for(state.names)
        return ColumnItem(
            site=self.site.id, url=state.url, name=state.names[-1], names=list(state.names),
            parent_url=state.parent_url, unit=self.site.unit_for(state.names), category=category.name,
            limit_days=category.limit_days, warn_days=category.warn_days, kind=kind, leaf=leaf,
            list_style=state.style if leaf else "none", item_count=state.item_count,
            undated_items=state.undated, newest_date=state.newest, pages=state.page, status=status,
            list_source=state.list_source, page_lines=state.page_lines,
        )

    def parse_column(self, response: Response, state: ColumnState) -> Iterator[Any]:
        assert self.site is not None
        decoded = self._open(response, "column", state.url)
        if not isinstance(decoded, tuple):
            yield decoded  # the next redirect hop, or why the page cannot be read
            return
        page = extract_list_page(decoded[0], response.url, self.site.listing, state.list_selector, self.nav_urls)
        state.seen_pages.add(canonical_url(response.url))
        if not state.seen_pages - {canonical_url(response.url)}:
            state.list_source = page.list_source
            state.page_lines = own_lines(text_lines(decoded[0], response.url), [e.title for e in page.entries])
        state.list_selector = state.list_selector or page.list_selector
        if page.subcolumns and not page.entries:
            if state.in_scope:
                yield self._column_item(state, leaf=False, kind="parent")
            for link in page.subcolumns:
                if self._allowed(link.url) and canonical_url(link.url) != state.url:
                    yield from self._column_request(link.url, [*state.names, link.text], state.url,
                                                    ancestor_match=state.column_match and bool(self.column_filter))
            return
        if not state.in_scope:
            return
        if not page.entries and page.has_script and not state.rendered and state.page == 0:
            # An empty list with scripts is usually filled in the browser: render it once.
            if not self.js_enabled:
                yield self._failure(response.url, "js_disabled", "column", column_url=state.url)
                return
            state.rendered = True
            self._stat("js_rendered")
            yield self._request(response.url, self.parse_column, "column", {"state": state}, self._js_meta(),
                                dont_filter=True)
            return
        if state.page == 0:
            state.style = "js" if state.rendered else (page.pagination or "static")
        state.page += 1
        kind = "mailbox" if self.site.is_mailbox(state.names) else "list"
        callback = self.parse_message if kind == "mailbox" else self.parse_article
        unit = self.site.unit_for(state.names)
        all_known = True
        for entry in page.entries:
            state.item_count += 1
            if entry.date:
                state.newest = max(state.newest or entry.date, entry.date)
            else:
                state.undated += 1
            if not self._allowed(entry.url):
                self._stat("offsite_entries")
                continue
            if self.known.skip(entry.url, entry.title, entry.date, kind == "mailbox", state.url):
                self._stat("known_entries")
                continue
            all_known = False
            yield self._request(entry.url, callback, "message" if kind == "mailbox" else "article", {
                "column_url": state.url, "column_name": state.names[-1], "unit": unit,
                "list_title": entry.title, "list_date": entry.date,
            })
        if self.known.can_stop(state.url, all_known):  # incremental: the rest of the list is known
            self._stat("incremental_stops")
            self._stat("columns")
            yield self.known.merged(self._column_item(state, leaf=True, kind=kind), state.page)
            return
        next_url = page.next_url
        if next_url and canonical_url(next_url) not in state.seen_pages and state.page < self.max_pages:
            meta = self._js_meta() if state.rendered else {}
            yield self._request(next_url, self.parse_column, "column", {"state": state}, meta)
            return
        self._stat("columns")
        self._stat(f"list/{state.list_source}")
        yield self._column_item(state, leaf=True, kind=kind)

    # -- articles and messages ---------------------------------------------

    def _decode(self, response: Response) -> tuple[str, str] | None:
        """(HTML text, encoding), or None for binary / non-HTML content."""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if content_type and not any(t in content_type for t in HTML_TYPES):
            return None
        body = response.body
        if b"\x00" in body[:8192]:
            return None
        if isinstance(response, TextResponse) and response.meta.get("playwright"):
            return response.text, response.encoding  # the browser already decoded it
        text, encoding = decode_html(body, content_type or None)
        sample = text[:8192]
        if sample and sum(ch == "\ufffd" or (ord(ch) < 32 and ch not in "\r\n\t") for ch in sample) > len(sample) * 0.05:
            return None
        return text, encoding

    def _open(self, response: Response, kind: str, column_url: str | None = None,
              unit: str | None = None) -> tuple[str, str] | Request | FailureItem:
        """(HTML text, encoding) of a page; else the redirect to follow or the failure to record."""
        if (follow := self._follow_redirect(response)) is not None:
            return follow
        decoded = self._decode(response)
        return decoded if decoded is not None else self._undecodable(response, kind, column_url, unit)

    def _undecodable(self, response: Response, kind: str, column_url: str | None = None,
                     unit: str | None = None) -> FailureItem:
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        reason = "binary_content" if "html" in content_type.lower() or not content_type else "not_html"
        return self._failure(response.url, reason, kind, response.status, content_type, column_url, unit,
                             response.request.headers.get(b"Referer", b"").decode("latin-1") or None)

    def parse_article(self, response: Response, column_url: str, column_name: str, unit: str,
                      list_title: str, list_date: str | None) -> Iterator[Any]:
        assert self.site is not None
        decoded = self._open(response, "article", column_url, unit)
        if not isinstance(decoded, tuple):
            yield decoded  # the next redirect hop, or why the page cannot be read
            return
        text, encoding = decoded
        data = extract_article(text, response.url, self.site.article_template)
        self._stat("articles")
        yield ArticleItem(
            site=self.site.id, url=response.url, column_url=column_url, column_name=column_name, unit=unit,
            title=data.title, list_title=list_title, list_date=list_date, meta=dict(data.meta),
            published=data.published, date_source=data.date_source, body_html=data.body_html,
            body_text=data.body_text,
            attachments=[{"url": a.url, "name": a.name} for a in data.attachments],
            images=[{"src": i.src, "alt": i.alt} for i in data.images],
            links=[{"url": link.url, "text": link.text} for link in data.links],
            encoding=encoding, http_status=response.status, template=data.template,
            fetched_at=datetime.now(UTC),
        )

    def parse_message(self, response: Response, column_url: str, column_name: str, unit: str,
                      list_title: str, list_date: str | None) -> Iterator[Any]:
        assert self.site is not None
        decoded = self._open(response, "message", column_url, unit)
        if not isinstance(decoded, tuple):
            yield decoded  # the next redirect hop, or why the page cannot be read
            return
        message = extract_message(decoded[0], response.url)
        self._stat("messages")
        yield MessageItem(
            site=self.site.id, url=response.url, column_url=column_url, unit=unit,
            title=message.title or list_title, received_date=message.received_date or list_date,
            answered_date=message.answered_date, status=message.status, question=message.question,
            reply=message.reply, reply_unit=message.reply_unit, fetched_at=datetime.now(UTC),
        )

    # -- failures --------------------------------------------------------------

    def on_parse_error(self, response: Response, reason: str, detail: str) -> Iterator[Any]:
        """A callback raised (crawler.callback_errors): record the page, keep a column's earlier pages."""
        kind = response.meta.get("kind", "page")
        column_url, unit = self._ctx_column(response.request.cb_kwargs)
        yield self._failure(response.url, reason, kind, response.status, detail, column_url, unit)
        state = response.request.cb_kwargs.get("state")
        if kind == "column" and isinstance(state, ColumnState) and state.in_scope and state.page > 0:
            yield replace(self._column_item(state, leaf=True, kind="list"), status="partial")

    def on_error(self, failure: Failure) -> Iterator[FailureItem]:
        request = failure.request  # type: ignore[attr-defined]
        kind = request.meta.get("kind", "page")
        column_url, unit = self._ctx_column(request.cb_kwargs)
        detail = str(failure.value)
        reason, status = failure_reason(failure)
        url = request.meta.get("hops", [request.url])[0]
        yield self._failure(url, reason, kind, status, detail, column_url, unit)
        state = request.cb_kwargs.get("state")
        if kind == "column" and isinstance(state, ColumnState) and state.in_scope and state.page > 0:
            # A later list page failed: keep what the earlier pages showed.
            yield replace(self._column_item(state, leaf=True, kind="list"), status="partial")

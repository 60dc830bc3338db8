"""What the four new-media spiders share: the registry and matrix page, per-account bookkeeping,
block/failure handling, and the AccountItem that records each account's check.

    scrapy crawl wechat|weibo|douyin|kuaishou -a site=<id> [-a unit=<unit>] [-a sites=<file>]

A spider checks the registry's accounts of its platform (`accounts:` in
sites.yaml) and the rows of the portal's matrix page (`media.matrix_url`) for
its platform: matched to the registry by link, else by name; unmatched rows are
checked too and recorded as not registered. Each account ends as one
AccountItem: ``ok`` (posts read), ``gone`` (the platform says it does not
exist: 404/410 or its notice) or ``not_checkable`` with the reason (rate
limit, login wall, captcha, empty timeline, changed layout, timeout, HTTP
error), which is also stored in `failures`. An account that could not be read
is never judged stale: the rules read only ``ok`` accounts.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, ClassVar

from parsel import Selector
from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.extract.charset import decode_html
from crawler.extract.posts import PostData, Timeline
from crawler.fetching import failure_reason, follow_meta, host_allowed
from crawler.items import AccountItem, FailureItem, PostItem
from crawler.site_spider import SiteSpider
from crawler.sites import (
    PLATFORM_LABELS,
    MediaAccount,
    MediaConfig,
    PlatformConfig,
)
from store.keys import canonical_url

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")
REDIRECTS = (301, 302, 303, 307, 308)
# Answered to the callbacks rather than dropped: each one says something about the account.
HANDLED = [*REDIRECTS, 403, 404, 410, 418, 429]
_LOGIN_URL = re.compile(r"login|passport|signin|sso", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def status_state(status: int) -> str | None:
    """What an HTTP status says about an account page, or None for a normal answer."""
    if status in (404, 410):
        return "gone"
    if status in (418, 429):  # Weibo answers 418 when it throttles
        return "rate_limited"
    if status == 403:
        return "http_403"
    return None


@dataclass
class AccountCheck:
    """One account's check while its requests are in flight."""

    account: MediaAccount
    in_config: bool = True
    in_matrix: bool | None = None
    matrix_name: str | None = None
    pending: int = 0
    page_state: str | None = None  # the account page: ok | gone | a reason; None: not requested
    menus: list[str] | None = None
    states: list[tuple[str, str]] = field(default_factory=list)  # each list source: (state, detail)
    dates: set[datetime] = field(default_factory=set)
    posts: int = 0
    requested: set[str] = field(default_factory=set)


class MediaSpider(SiteSpider):
    """Base of the platform spiders; a subclass sets ``platform`` and implements ``account_requests``."""

    platform: ClassVar[str]

    def __init__(self, site: str | None = None, unit: str | None = None, sites: str | None = None,
                 *args: Any, **kwargs: Any) -> None:
        super().__init__(site, unit, sites, *args, **kwargs)
        self.checks: dict[str, AccountCheck] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> MediaSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        site = spider.site
        if site.media is None or cls.platform not in site.media.platforms:
            raise ValueError(f"site {site.id} has no `media.platforms.{cls.platform}` block in its configuration")
        spider.allowed_domains = [*spider.allowed_domains, *site.media.domains()]
        return spider

    @property
    def media(self) -> MediaConfig:
        assert self.site is not None and self.site.media is not None
        return self.site.media

    @property
    def config(self) -> PlatformConfig:
        return self.media.platforms[self.platform]

    @property
    def scope(self) -> dict[str, str | None]:
        return {"unit": self.unit_filter, "platform": self.platform}

    def _stat(self, event: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"govwatch/media/{event}", n)

    def _allowed(self, url: str) -> bool:
        return host_allowed(url, self.allowed_domains)

    # -- which accounts -------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        assert self.site is not None
        for account in self.site.accounts:
            if account.platform == self.platform and self._in_scope(account.unit):
                self.checks[account.key] = AccountCheck(account)
        if self.media.matrix_url:
            yield Request(self.media.matrix_url, callback=self.parse_matrix, errback=self.matrix_failed,
                          dont_filter=True, meta={"kind": "matrix"})
            return
        for request in self._all_requests():
            yield request

    def _in_scope(self, unit: str) -> bool:
        return not self.unit_filter or unit == self.unit_filter

    def _all_requests(self) -> Iterator[Request]:
        for check in list(self.checks.values()):
            yield from self._start_check(check)

    def _start_check(self, check: AccountCheck) -> Iterator[Any]:
        requests = []
        for request in self.account_requests(check):
            if self._allowed(request.url):
                requests.append(request)
            else:  # a matrix link or configured URL outside the site's and platforms' domains
                self._stat("offsite_account")
                yield from self.outcome(check, request.meta.get("kind", "list"), "offsite", request.url)
        check.pending += len(requests)
        if not requests:  # nothing to read: say so rather than judge it
            if not check.states and check.page_state is None:
                check.states.append(("no_source", "no page or list configured for this account"))
            yield from self._finish(check)
        yield from requests

    def parse_matrix(self, response: Response) -> Iterator[Any]:
        """Rows of the matrix page for this platform: mark registry accounts, add unknown ones."""
        assert self.site is not None
        html = page_text(response)
        by_url = {canonical_url(c.account.url): c for c in self.checks.values()}
        by_name = {_norm(c.account.name): c for c in self.checks.values()}
        units = {u["name"] for u in self.site.units}
        for row in Selector(text=html).css(self.media.matrix_rows):
            label = _norm(" ".join(row.css(f"{self.media.matrix_platform} ::text").getall()))
            if PLATFORM_LABELS.get(label) != self.platform:
                continue
            name = " ".join(row.css(f"{self.media.matrix_name} ::text").getall()).strip()
            unit = _norm(" ".join(row.css(f"{self.media.matrix_unit} ::text").getall()))
            href = row.css(self.media.matrix_link).attrib.get("href", "")
            link = response.urljoin(href) if href else ""
            check = by_url.get(canonical_url(link)) if link else None
            check = check or by_name.get(_norm(name))
            if check is not None:
                check.in_matrix, check.matrix_name = True, name
                continue
            unit = unit if unit in units else self.site.default_unit
            if not self._in_scope(unit) or not link:
                continue
            account_id = self.config.id_from(link) or link
            account = self.found_account(account_id, name, unit, link)
            self.checks[account.key] = AccountCheck(account, in_config=False, in_matrix=True, matrix_name=name)
            self._stat("matrix_only")
        for check in self.checks.values():
            if check.in_matrix is None:
                check.in_matrix = False
        yield from self._all_requests()

    def matrix_failed(self, failure: Failure) -> Iterator[Any]:
        assert self.site is not None
        reason, status = failure_reason(failure)
        self._stat(f"failed/matrix/{reason}")
        yield FailureItem(self.site.id, self.media.matrix_url, reason, status, str(failure.value)[:500],
                          kind="matrix")
        yield from self._all_requests()

    def found_account(self, account_id: str, name: str, unit: str, link: str) -> MediaAccount:
        """An account only the matrix page lists (not registered); its sources follow the platform's URLs."""
        return MediaAccount(self.platform, account_id, name, unit, link, registered=False,
                            sources=self.default_sources(account_id, link))

    def default_sources(self, account_id: str, link: str) -> tuple[tuple[str, str], ...]:
        return ()

    # -- requests and answers -------------------------------------------------

    def account_requests(self, check: AccountCheck) -> Iterator[Request]:
        raise NotImplementedError

    def request(self, check: AccountCheck, url: str, callback: Callable[..., Iterator[Any]], kind: str,
                meta: dict[str, Any] | None = None, **kwargs: Any) -> Request:
        return Request(url, callback=self._answer, errback=self._error, dont_filter=True,
                       cb_kwargs={"check": check, "handler": callback, "kind": kind, "kwargs": kwargs},
                       meta={"dont_redirect": True, "handle_httpstatus_list": HANDLED, "kind": kind,
                             **(meta or {})})

    def follow(self, check: AccountCheck, url: str, callback: Callable[..., Iterator[Any]], kind: str,
               meta: dict[str, Any] | None = None, **kwargs: Any) -> Request:
        """A further request of the account, made from one of its answers (counted as pending)."""
        check.pending += 1
        return self.request(check, url, callback, kind, meta, **kwargs)

    def _answer(self, response: Response, check: AccountCheck, handler: Callable[..., Iterator[Any]],
                kind: str, kwargs: dict[str, Any]) -> Iterator[Any]:
        if response.status in REDIRECTS:
            target = response.urljoin(response.headers.get(b"Location", b"").decode("latin-1"))
            hops = response.meta.get("hops", 0)
            if _LOGIN_URL.search(target):
                yield from self.outcome(check, kind, "login_wall", f"redirected to {target}", response.url)
            elif hops >= 5 or not self._allowed(target):
                reason = "redirect_loop" if hops >= 5 else "offsite_redirect"
                yield from self.outcome(check, kind, reason, target, response.url)
            else:
                check.pending += 1
                yield response.request.replace(url=target, meta=follow_meta(response.meta, hops=hops + 1))
        else:
            state = status_state(response.status)
            if state is not None:
                yield from self.outcome(check, kind, state, f"HTTP {response.status}", response.url)
            else:
                yield from handler(response, check, **kwargs)
        yield from self._done(check)

    def _error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        check, kind = request.cb_kwargs["check"], request.cb_kwargs["kind"]
        reason, status = failure_reason(failure)
        if status is not None and status_state(status):
            reason = status_state(status) or reason
        yield from self.outcome(check, kind, reason, str(failure.value)[:300], request.url)
        yield from self._done(check)

    def outcome(self, check: AccountCheck, kind: str, state: str, detail: str = "",
                url: str | None = None) -> Iterator[Any]:
        """Record what one request of the account showed (``ok`` or why not)."""
        if kind == "page":
            check.page_state = state
        elif kind == "post":
            if state != "ok":  # one unreadable post does not make the account unreadable
                assert self.site is not None
                self._stat(f"failed/post/{state}")
                yield FailureItem(self.site.id, url or check.account.url, state, kind="post",
                                  unit=check.account.unit, detail=f"{check.account.key}: {detail}"[:500])
        else:
            check.states.append((state, detail))

    def _done(self, check: AccountCheck) -> Iterator[Any]:
        check.pending -= 1
        if check.pending == 0:
            yield from self._finish(check)

    def post_item(self, check: AccountCheck, post: PostData) -> PostItem:
        """A post of the account; its date also counts for the account's freshness."""
        assert self.site is not None
        account = check.account
        check.posts += 1
        if post.published:
            check.dates.add(post.published)
        self._stat(f"posts/{self.platform}")
        return PostItem(
            site=self.site.id, platform=self.platform, account_id=account.id, account_name=account.name,
            unit=account.unit, post_id=post.post_id, url=post.url, title=post.title, published=post.published,
            date_source="page" if post.published else "none", body_html=post.body_html,
            body_text=post.body_text, images=[{"src": s, "alt": ""} for s in post.images],
            links=list(post.links), fetched_at=datetime.now(UTC),
        )

    def timeline(self, check: AccountCheck, timeline: Timeline) -> Iterator[PostItem]:
        """Record a list source; its posts (JSON timelines, rendered profiles) become items."""
        yield from self.outcome(check, "list", timeline.state, timeline.detail)
        for entry in timeline.entries:
            if entry.published:
                check.dates.add(entry.published)
        for post in timeline.posts[: self.media.max_posts]:
            yield self.post_item(check, post)

    # -- the verdict ------------------------------------------------------------

    def _finish(self, check: AccountCheck) -> Iterator[Any]:
        assert self.site is not None
        account = check.account
        states = [s for s, _ in check.states]
        if check.page_state == "gone" or (states and all(s == "gone" for s in states)):
            status, reason, detail = "gone", "gone", ""
        elif "ok" in states and check.dates:
            status, reason, detail = "ok", "", ""
        elif "ok" in states:  # listed, but no post showed a date: nothing to judge freshness by
            status, reason, detail = "not_checkable", "no_post_dates", "no listed or read post carries a date"
        else:
            bad = [(s, d) for s, d in check.states if s not in ("ok", "gone")]
            reason, detail = bad[0] if bad else (check.page_state or "no_source", "")
            status = "not_checkable"
        menus, menus_source = None, None
        if check.page_state == "ok" and check.menus is not None:
            menus, menus_source = check.menus, "page"
        elif account.menus is not None:
            menus, menus_source = list(account.menus), "config"
        dates = sorted(check.dates, reverse=True)
        self._stat(f"accounts/{status}" + (f"/{reason}" if reason and status != "ok" else ""))
        if status != "ok":
            self.logger.warning("%s account %s (%s): %s %s %s", self.platform, account.name, account.unit,
                                status, reason, detail)
            yield FailureItem(self.site.id, account.url, reason, None, detail[:500], kind="account",
                              unit=account.unit)
        yield AccountItem(
            site=self.site.id, platform=self.platform, account_id=account.id, name=account.name,
            unit=account.unit, url=account.url, registered=account.registered, record_no=account.record_no,
            in_config=check.in_config, in_matrix=check.in_matrix, matrix_name=check.matrix_name,
            status=status, reason=reason, detail=detail[:500], menus=menus, menus_source=menus_source,
            posts_seen=check.posts,
            post_dates=sorted({d.date().isoformat() for d in dates}, reverse=True),
            last_post_at=dates[0].replace(tzinfo=CHINA).astimezone(UTC) if dates else None,
            checked_at=datetime.now(UTC),
        )


def page_text(response: Response) -> str:
    """The decoded text of an answer (a rendered page is already text)."""
    text = getattr(response, "text", None)
    if response.meta.get("playwright") and isinstance(text, str):
        return text
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
    return decode_html(response.body, content_type)[0]


def _norm(text: str) -> str:
    return _SPACES.sub("", text or "")

"""sites.yaml: the sites to inspect, their units, column categories and page templates.

Everything that differs between portals lives here, never in spider code.
Values may use ${VAR} or ${VAR:-default} to read the environment (ports, hosts).
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

DEFAULT_FILES = ("sites.yaml", "sites.example.yaml")
_ENV = re.compile(r"\$\{(\w+)(?::-([^}]*))?\}")


# Column categories when sites.yaml names none: those of sites.example.yaml (seed bulletin 三、(一);
# RULES.md FRESH-COLUMN), so an entry with only id, name, start_url and units is complete.
DEFAULT_CATEGORIES: dict[str, dict[str, Any]] = {
    "动态": {"limit_days": 14, "warn_days": 10, "keywords": ["要闻", "动态", "新闻", "工作动态"]},
    "通知公告": {"limit_days": 183, "warn_days": 152, "keywords": ["通知公告", "公告", "公示"]},
    "政策文件": {"limit_days": 183, "warn_days": 152, "keywords": ["政策文件", "规范性文件", "文件"]},
    "政策解读": {"limit_days": 183, "warn_days": 152, "keywords": ["解读"]},
    "常态": {"limit_days": 31, "warn_days": 25, "keywords": ["社会救助", "事项办理情况", "安全事故", "岗位补贴", "优抚"]},
    "互动": {"limit_days": None, "warn_days": None, "keywords": ["信箱", "咨询", "留言"]},
    "其他": {"limit_days": 365, "warn_days": 300, "keywords": []},
}


class ConfigError(ValueError):
    """sites.yaml is missing, malformed or names an unknown site."""


@dataclass(frozen=True)
class Category:
    name: str
    limit_days: int | None
    warn_days: int | None
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Listing:
    """CSS selectors of the portal's navigation and list pages.

    Unset (None) selectors, and configured ones that find nothing, leave the page to the generic
    detectors (crawler.extract.navigation, crawler.extract.generic_list).
    """

    nav: str | None = None
    subcolumns: str | None = None
    items: str | None = None
    item_link: str = "a"
    item_date: str = ".date"
    pagination: str | None = None
    home_blocks: str = "div.news-block"
    crumbs: str = "div.crumb"


@dataclass(frozen=True)
class SearchConfig:
    """The portal's own search (SEARCH-MISS): how to query it and read its result list."""

    url_template: str  # "{query}" is replaced by the URL-encoded exact title
    result_selector: str = "ul.search-results li"  # one search result
    result_link: str = "a"  # the result's link, inside result_selector
    sample_size: int = 20  # how many of the newest articles to probe
    recent_days: int = 30  # only articles published within this many days
    encoding: str = "utf-8"  # how the query is percent-encoded (some CMS expect gbk)

    def query_url(self, query: str) -> str:
        return self.url_template.replace("{query}", quote(query, safe="", encoding=self.encoding))


PLATFORMS = ("wechat", "weibo", "douyin", "kuaishou")
#: How a matrix page names the platforms.
PLATFORM_LABELS = {"微信": "wechat", "公众号": "wechat", "微博": "weibo", "抖音": "douyin", "快手": "kuaishou"}


@dataclass(frozen=True)
class PlatformConfig:
    """Where one platform's public pages are; ``{id}`` is an account's id."""

    domains: tuple[str, ...] = ()
    account_url: str = ""  # the account's page (WeChat: with its menu bar; others: the profile)
    album_url: str = ""  # WeChat: the album / history list of an account
    timeline_url: str = ""  # Weibo: the mobile JSON timeline
    post_url: str = ""  # Weibo: a post's page, "{id}" = the post id
    menu_bar: str = "div.account-menu"  # WeChat account page: the menu bar
    menu_names: str = ".menu-name, .sub-menu a"  # ... its menu and sub-menu names
    render_wait_ms: int = 500  # Douyin/Kuaishou: quiet network time before the DOM is read

    def url_of(self, template: str, account_id: str) -> str:
        return template.replace("{id}", quote(account_id, safe=""))

    def id_from(self, url: str) -> str | None:
        """The account id in a URL made from ``account_url`` (a matrix page's link), else None."""
        if "{id}" not in self.account_url:
            return None
        head, _, tail = self.account_url.partition("{id}")
        m = re.fullmatch(re.escape(head) + r"([^/?#]+)" + re.escape(tail), url)
        return m.group(1) if m else None


@dataclass(frozen=True)
class MediaConfig:
    """The new-media part of a site: the matrix page, the platforms, how many posts to read."""

    platforms: dict[str, PlatformConfig]
    matrix_url: str = ""  # the portal's 政务新媒体矩阵 page ("" = none)
    matrix_rows: str = "table.matrix tr"
    matrix_platform: str = "td.platform"
    matrix_name: str = "td.name"
    matrix_unit: str = "td.unit"
    matrix_link: str = "a"
    max_posts: int = 30  # newest posts read per account

    def domains(self) -> tuple[str, ...]:
        return tuple(d for p in self.platforms.values() for d in p.domains)


@dataclass(frozen=True)
class MediaAccount:
    """One account of the registry (`accounts:`): who owns it and whether it is registered (备案)."""

    platform: str
    id: str
    name: str
    unit: str
    url: str  # the account's page
    registered: bool = True
    record_no: str | None = None  # 全国政务新媒体信息报送系统 record number
    # (album | feed | timeline | profile, URL), or (portal, a text the portal's links to its articles contain)
    sources: tuple[tuple[str, str], ...] = ()
    menus: tuple[str, ...] | None = None  # stated menus, for pages that show none

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    start_url: str
    allowed_domains: tuple[str, ...]
    default_unit: str
    units: tuple[dict[str, Any], ...]
    categories: tuple[Category, ...]
    default_category: str
    column_overrides: dict[str, dict[str, Any]]
    mailbox_keywords: tuple[str, ...]
    js_columns: tuple[str, ...]
    js_wait_selector: str | None  # None: wait until the network is idle (any list template)
    article_template: str | None
    listing: Listing
    max_list_pages: int
    extra: dict[str, Any] = field(default_factory=dict)
    search: SearchConfig | None = None  # None: the site search is not checked
    media: MediaConfig | None = None  # None: no new-media accounts configured
    accounts: tuple[MediaAccount, ...] = ()

    def unit_for(self, names: list[str]) -> str:
        """The unit owning a column: an override, else the deepest unit name in its path."""
        override = self.column_overrides.get("/".join(names), {}).get("unit")
        if override:
            return override
        for name in reversed(names):
            for unit in self.units:
                if unit["name"] in name or any(alias in name for alias in unit.get("aliases", ())):
                    return unit["name"]
        return self.default_unit

    def category_for(self, names: list[str]) -> Category:
        """A column's category: an override, else the first keyword match from the leaf up."""
        by_name = {c.name: c for c in self.categories}
        override = self.column_overrides.get("/".join(names), {}).get("category")
        if override:
            if override not in by_name:
                raise ConfigError(f"column {'/'.join(names)}: unknown category {override!r}")
            return by_name[override]
        for name in reversed(names):
            for category in self.categories:
                if any(keyword in name for keyword in category.keywords):
                    return category
        return by_name[self.default_category]

    def is_mailbox(self, names: list[str]) -> bool:
        return any(k in n for n in names for k in self.mailbox_keywords)

    def needs_js(self, url: str) -> bool:
        return any(re.search(pattern, url) for pattern in self.js_columns)


def _expand(value: Any) -> Any:
    if isinstance(value, str):
        return _ENV.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), value)
    if isinstance(value, list):
        return [_expand(v) for v in value]
    if isinstance(value, dict):
        return {k: _expand(v) for k, v in value.items()}
    return value


def find_config(path: str | Path | None = None) -> Path:
    """The explicit path, else GOVWATCH_SITES, else ./sites.yaml, else ./sites.example.yaml."""
    candidates = [path] if path else [os.environ.get("GOVWATCH_SITES"), *DEFAULT_FILES]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise ConfigError(f"no sites configuration found (tried {', '.join(str(c) for c in candidates if c)})")


def load_sites(path: str | Path | None = None) -> dict[str, Site]:
    """Parse the configuration into Site objects keyed by id."""
    config_path = find_config(path)
    try:
        raw = _expand(yaml.safe_load(config_path.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_path}: not valid YAML: {error}") from error
    defaults = raw.get("defaults", {})
    sites = {}
    for entry in raw.get("sites") or []:
        merged = {**defaults, **entry}
        try:
            site = _site(merged)
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{config_path}: site {entry.get('id', '?')}: {error}") from error
        sites[site.id] = site
    if not sites:
        raise ConfigError(f"{config_path}: no sites defined")
    return sites


def load_site(site_id: str | None, path: str | Path | None = None) -> Site:
    sites = load_sites(path)
    if site_id is None:
        if len(sites) == 1:
            return next(iter(sites.values()))
        raise ConfigError(f"several sites configured, name one of: {', '.join(sites)}")
    if site_id not in sites:
        raise ConfigError(f"unknown site {site_id!r}; configured: {', '.join(sites)}")
    return sites[site_id]


def _site(raw: dict[str, Any]) -> Site:
    start_url = raw["start_url"]
    host = urlsplit(start_url).hostname
    if not host:
        raise ValueError(f"start_url {start_url!r} has no host")
    categories = tuple(
        Category(name, spec.get("limit_days"), spec.get("warn_days"), tuple(spec.get("keywords", ())))
        for name, spec in (raw.get("categories") or DEFAULT_CATEGORIES).items()
    )
    if not categories:
        raise ValueError("no column categories defined")
    default_category = raw.get("default_category", categories[-1].name)
    units = tuple(u if isinstance(u, dict) else {"name": u} for u in raw.get("units") or ())
    # Longest names first so 县人力资源社会保障局 wins over a shorter name it contains.
    units = tuple(sorted(units, key=lambda u: -len(u["name"])))
    default_unit = raw.get("default_unit", raw.get("name", raw["id"]))
    accounts = tuple(_account(a, raw.get("media") or {}) for a in raw.get("accounts") or ())
    known = {u["name"] for u in units} | {default_unit}
    for account in accounts:
        if account.unit not in known:
            raise ValueError(f"account {account.name} ({account.platform}): unknown unit {account.unit!r}")
    if len({a.key for a in accounts}) != len(accounts):
        raise ValueError("accounts: the same platform and id listed twice")
    return Site(
        id=str(raw["id"]),
        name=raw.get("name", raw["id"]),
        start_url=start_url,
        allowed_domains=tuple(raw.get("allowed_domains") or (host,)),
        default_unit=default_unit,
        units=units,
        categories=categories,
        default_category=default_category,
        column_overrides=raw.get("column_overrides") or {},
        mailbox_keywords=tuple(raw.get("mailbox_keywords", ("信箱", "咨询", "留言"))),
        js_columns=tuple(raw.get("js_columns") or ()),
        js_wait_selector=raw.get("js_wait_selector"),
        article_template=raw.get("article_template"),
        listing=_listing(raw.get("listing") or {}),
        max_list_pages=int(raw.get("max_list_pages", 500)),
        extra={k: v for k, v in raw.items() if k not in _KNOWN},
        search=_search(raw.get("search")),
        media=_media(raw.get("media")),
        accounts=accounts,
    )


def _listing(raw: dict[str, Any]) -> Listing:
    from cssselect import SelectorError, parse

    for key, value in raw.items():
        try:
            if value:
                parse(value)
        except SelectorError as error:  # a typo fails at load time, not as parse errors mid-crawl
            raise ValueError(f"listing.{key} {value!r} is no CSS selector: {error}") from error
    return Listing(**raw)


def _search(raw: dict[str, Any] | None) -> SearchConfig | None:
    if not raw:
        return None
    config = SearchConfig(**raw)
    if "{query}" not in config.url_template or urlsplit(config.url_template).scheme not in ("http", "https"):
        raise ValueError(f"search.url_template {config.url_template!r} must be an http(s) URL with {{query}}")
    if config.sample_size < 1 or config.recent_days < 0:
        raise ValueError("search.sample_size must be ≥ 1 and search.recent_days ≥ 0")
    try:
        codecs.lookup(config.encoding)  # an unknown encoding fails at load time, not mid-crawl
    except LookupError as error:
        raise ValueError(f"search.encoding: {error}") from error
    return config


_KNOWN = {
    "id", "name", "start_url", "allowed_domains", "default_unit", "units", "categories",
    "default_category", "column_overrides", "mailbox_keywords", "js_columns", "js_wait_selector",
    "article_template", "listing", "max_list_pages", "search", "media", "accounts",
}


def _media(raw: dict[str, Any] | None) -> MediaConfig | None:
    if not raw:
        return None
    platforms = {}
    for name, spec in (raw.get("platforms") or {}).items():
        if name not in PLATFORMS:
            raise ValueError(f"media.platforms: unknown platform {name!r} (known: {', '.join(PLATFORMS)})")
        spec = dict(spec or {})
        spec["domains"] = tuple(spec.get("domains") or ())
        platforms[name] = PlatformConfig(**spec)
    options = {k: v for k, v in raw.items() if k != "platforms"}
    return MediaConfig(platforms=platforms, **options)


def _account(raw: dict[str, Any], media: dict[str, Any]) -> MediaAccount:
    platform = raw.get("platform")
    if platform not in PLATFORMS:
        raise ValueError(f"account {raw.get('name', '?')}: unknown platform {platform!r}")
    spec = PlatformConfig(**{**((media.get("platforms") or {}).get(platform) or {}), "domains": ()})
    account_id = str(raw["id"])
    url = raw.get("url") or (spec.url_of(spec.account_url, account_id) if spec.account_url else "")
    if not url:
        raise ValueError(f"account {account_id}: no url and no media.platforms.{platform}.account_url")
    sources = [(kind, raw[kind]) for kind in ("album", "feed") if raw.get(kind)]
    if raw.get("portal_links"):  # WeChat: the portal's links to the account's articles (a URL fragment)
        sources.append(("portal", str(raw["portal_links"])))
    if not sources:
        if platform == "wechat" and spec.album_url:
            sources = [("album", spec.url_of(spec.album_url, account_id))]
        elif platform == "weibo" and spec.timeline_url:
            sources = [("timeline", spec.url_of(spec.timeline_url, account_id))]
        elif platform in ("douyin", "kuaishou"):
            sources = [("profile", url)]
    menus = raw.get("menus")
    return MediaAccount(
        platform=platform, id=account_id, name=str(raw["name"]), unit=str(raw["unit"]), url=url,
        registered=bool(raw.get("registered", True)), record_no=raw.get("record_no"),
        sources=tuple(sources), menus=tuple(menus) if menus is not None else None,
    )

"""WeChat official-account pages (mp.weixin.qq.com shapes): articles, albums, menus, block pages.

Pure functions over HTML. An article's publish time is the script variable
``ct`` (unix seconds), its account the ``#js_name`` link (else ``nickname``),
its images the ``data-src`` of the body's ``<img>`` (lazy loading).
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin

from parsel import Selector

from crawler.extract.article import CHINA_TZ, extract_article
from crawler.extract.posts import ListEntry, PostData, Timeline

_VAR = r"""var\s+{name}\s*=\s*((?:["'][^"'\n]*["']\s*(?:\|\|\s*)?)+)"""
_QUOTED = re.compile(r"""["']([^"']*)["']""")

# What WeChat shows instead of content (texts of its own notice pages).
BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("captcha", ("环境异常", "完成验证后即可继续访问", 'id="js_verify"')),
    ("login_wall", ("请在微信客户端打开链接", "微信登录")),
    ("rate_limited", ("操作频繁", "访问过于频繁")),
    ("gone", ("该内容已被发布者删除", "此帐号已被屏蔽", "该公众号已注销", "此内容因违规无法查看")),
)


def script_var(html: str, name: str) -> str:
    """The first non-empty string of ``var name = "a" || "b"`` (WeChat writes fallbacks that way)."""
    m = re.search(_VAR.format(name=re.escape(name)), html)
    if not m:
        return ""
    return next((v for v in _QUOTED.findall(m.group(1)) if v), "")


def unix_time(value: str) -> datetime | None:
    """Unix seconds (or milliseconds) as naive China local time."""
    if not value.isdigit():
        return None
    n = int(value)
    if n > 10**11:
        n //= 1000
    try:
        return datetime.fromtimestamp(n, CHINA_TZ).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        return None


def blocked(html: str) -> str | None:
    """"captcha", "login_wall", "rate_limited" or "gone" for a WeChat notice page; else None."""
    head = html[:20000]
    if 'id="js_content"' in head or "album__list" in head:
        return None
    for state, markers in BLOCKS:
        if any(m in head for m in markers):
            return state
    return None


def extract_post(html: str, url: str) -> PostData | None:
    """A WeChat article page; None when it is no article (a notice page, a changed layout)."""
    if blocked(html) or 'id="js_content"' not in html:
        return None
    art = extract_article(html, url, "wechat")
    sel = Selector(text=html)
    name = " ".join(sel.css("#js_name ::text").getall()).strip() or script_var(html, "nickname")
    mid, idx = script_var(html, "mid"), script_var(html, "idx") or "1"
    title = art.title or script_var(html, "msg_title")
    return PostData(
        post_id=f"{mid}_{idx}" if mid else url,
        url=url,
        title=title,
        published=unix_time(script_var(html, "ct")) or art.published,
        body_html=art.body_html,
        body_text=art.body_text,
        images=[i.src for i in art.images],
        links=[{"url": link.url, "text": link.text} for link in art.links],
        account_id=script_var(html, "user_name") or script_var(html, "biz"),
        account_name=name,
    )


def parse_album(html: str, base_url: str) -> Timeline:
    """An album (合集) or history page: ``li.album__list-item`` with ``data-link`` and a create time."""
    state = blocked(html)
    if state:
        return Timeline(state)
    sel = Selector(text=html)
    if not sel.css("ul.album__list, .js_album_list"):
        return Timeline("layout_changed", detail="no album__list on the page")
    entries = []
    for li in sel.css("li.album__list-item"):
        link = li.attrib.get("data-link") or li.css("a::attr(href)").get() or ""
        if not link:
            continue
        when = unix_time((li.css(".js_article_create_time::text").get() or "").strip())
        entries.append(ListEntry(urljoin(base_url, link), li.attrib.get("data-title", "").strip(), when))
    return Timeline("ok" if entries else "empty_timeline", entries)


def parse_menus(html: str, bar_selector: str, name_selector: str) -> list[str] | None:
    """Menu and sub-menu names of an account page; None when the page shows no menu bar.

    An empty list means the page has a menu bar with nothing in it.
    """
    bars = Selector(text=html).css(bar_selector)
    if not bars:
        return None
    return [t.strip() for t in bars.css(name_selector).xpath("string()").getall() if t.strip()]

"""Douyin and Kuaishou profile pages as Chromium rendered them: the post list, or why there is none.

The platforms build the list with JavaScript from a JSON XHR, so the spider
hands over the rendered DOM. Each platform's selectors and notice texts are a
``Profile`` below (platform differences live here, not in the spider).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from parsel import Selector

from crawler.extract.posts import PostData, Timeline
from crawler.extract.wechat import unix_time

_SCRIPT = re.compile(r"<script\b.*?</script>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Profile:
    item: str  # one post of the rendered list
    id_attr: str
    time_attr: str  # unix seconds or milliseconds
    captcha: tuple[str, ...]
    login: tuple[str, ...]
    rate_limited: tuple[str, ...]
    empty: tuple[str, ...]
    gone: tuple[str, ...]


PROFILES = {
    "douyin": Profile("li.user-post-item", "data-id", "data-time",
                      ("captcha_container", "验证码中间页", "请完成下列验证"), ("login-mask", "登录后查看"),
                      ("请求太频繁", "操作频繁"), ("暂无作品", "还没有作品"), ("用户不存在", "已注销")),
    "kuaishou": Profile("div.video-card, li.video-card", "data-id", "data-time",
                        ("captcha_container", "滑块验证", "请完成下列验证"), ("login-mask", "登录后查看"),
                        ("请求太频繁", "操作频繁"), ("暂无作品", "还没有作品"), ("用户不存在", "已注销")),
}


def parse_profile(html: str, platform: str, base_url: str) -> Timeline:
    """Posts of a rendered profile page; the state names what the page showed instead."""
    profile = PROFILES[platform]
    sel = Selector(text=html)
    posts = []
    for item in sel.css(profile.item):
        pid = item.attrib.get(profile.id_attr, "").strip()
        if not pid:
            continue
        text = " ".join(item.css("a::text").getall()).strip() or " ".join(item.css("::text").getall()).strip()
        href = item.css("a::attr(href)").get() or ""
        # A caption's first line reads as its title; the rest is its body (a title repeated as
        # the body's first line would be a FORMAT-TITLE fault the account never made).
        title, _, rest = text.partition("\n")
        posts.append(PostData(
            post_id=pid, url=urljoin(base_url, href) if href else f"{base_url}#{pid}",
            title=title.strip(), published=unix_time(item.attrib.get(profile.time_attr, "")),
            body_text=rest.strip(),
        ))
    if posts:
        return Timeline("ok", posts=posts)
    # What the page shows, not what its scripts could show.
    html = _SCRIPT.sub("", html)
    for state, markers in (("captcha", profile.captcha), ("login_wall", profile.login),
                           ("rate_limited", profile.rate_limited), ("gone", profile.gone),
                           ("empty_timeline", profile.empty)):
        if any(m in html for m in markers):
            return Timeline(state)
    return Timeline("layout_changed", detail="no post list and no known notice on the rendered page")

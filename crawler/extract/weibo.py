"""The Weibo mobile JSON timeline (m.weibo.cn ``/api/container/getIndex?containerid=107603<uid>``)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import unescape
from urllib.parse import urljoin

from crawler.extract.article import CHINA_TZ
from crawler.extract.posts import PostData, Timeline

_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HREF = re.compile(r"""<a[^>]+href=["']([^"']+)["'][^>]*>(.*?)</a>""", re.IGNORECASE | re.DOTALL)


def created_at(value: str) -> datetime | None:
    """``Sat Nov 28 10:00:00 +0800 2026`` as naive China local time."""
    try:
        when = datetime.strptime(value.strip(), "%a %b %d %H:%M:%S %z %Y")
    except (AttributeError, ValueError):
        return None
    return when.astimezone(CHINA_TZ).replace(tzinfo=None)


def text_of(html: str) -> str:
    return unescape(_TAG.sub("", _BR.sub("\n", html or ""))).strip()


def parse_timeline(body: bytes | str, base_url: str, post_url: str = "/detail/{id}") -> Timeline:
    """Posts of one timeline answer, or why there are none.

    ``ok: -100`` with a passport URL is the login wall; ``ok: 0`` with 这里还没有内容
    an empty timeline; an HTML answer with 验证 a captcha; JSON without
    ``data.cards`` a changed layout.
    """
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(raw)
    except ValueError:
        if "验证" in raw:
            return Timeline("captcha", detail="an HTML verification page instead of JSON")
        if "登录" in raw or "passport" in raw:
            return Timeline("login_wall", detail="an HTML login page instead of JSON")
        return Timeline("layout_changed", detail="the answer is not JSON")
    if not isinstance(data, dict):
        return Timeline("layout_changed", detail="JSON is no object")
    ok = data.get("ok")
    if ok == -100 or "passport.weibo" in str(data.get("url", "")):
        return Timeline("login_wall", detail=str(data.get("url", ""))[:200])
    msg = str(data.get("msg") or "")
    if ok == 0:
        if "还没有内容" in msg:
            return Timeline("empty_timeline", detail=msg)
        if "不存在" in msg:
            return Timeline("gone", detail=msg)
        if "频繁" in msg:
            return Timeline("rate_limited", detail=msg)
        return Timeline("layout_changed", detail=f"ok=0 {msg}"[:200])
    cards = (data.get("data") or {}).get("cards") if isinstance(data.get("data"), dict) else None
    if not isinstance(cards, list):
        return Timeline("layout_changed", detail="no data.cards in the answer")
    posts = []
    for card in cards:
        blog = card.get("mblog") if isinstance(card, dict) else None
        if not isinstance(blog, dict) or not blog.get("id"):
            continue
        html = str(blog.get("text") or "")
        text = text_of(html)
        # Government posts open with a 【headline】: that is the title, the rest the body. A post
        # without one has no title (None, so FORMAT-TITLE does not call it an empty title).
        title = None
        if text.startswith("【") and "】" in text:
            title, text = text[1:text.index("】")].strip(), text[text.index("】") + 1:].strip()
        pid = str(blog["id"])
        posts.append(PostData(
            post_id=pid, url=urljoin(base_url, post_url.replace("{id}", pid)), title=title,
            published=created_at(str(blog.get("created_at") or "")), body_html=html, body_text=text,
            images=[urljoin(base_url, p.get("url", "")) for p in blog.get("pics") or [] if isinstance(p, dict)],
            links=[{"url": urljoin(base_url, h), "text": text_of(t)} for h, t in _HREF.findall(html)],
            account_id=str((blog.get("user") or {}).get("id") or ""),
            account_name=str((blog.get("user") or {}).get("screen_name") or ""),
        ))
    if not posts:
        return Timeline("empty_timeline", detail="no posts in data.cards")
    return Timeline("ok", posts=posts)

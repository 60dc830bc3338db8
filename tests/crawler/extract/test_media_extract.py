"""Pure parsing of the Weibo JSON timeline, RSS/Atom feeds and rendered Douyin/Kuaishou profiles."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from crawler.extract.feeds import parse_feed
from crawler.extract.shortvideo import parse_profile
from crawler.extract.weibo import created_at, parse_timeline

BASE = "http://127.0.0.1:8765/api/container/getIndex?containerid=1076035301100001"


def _card(pid: str, text: str, when: str = "Sat Nov 28 10:00:00 +0800 2026") -> dict:
    return {"card_type": 9, "mblog": {"id": pid, "created_at": when, "text": text,
                                      "pics": [{"url": "/img/1.jpg"}], "user": {"id": 1, "screen_name": "青禾发布"}}}


def test_weibo_timeline_posts() -> None:
    body = json.dumps({"ok": 1, "data": {"cards": [
        _card("1", "【县医保局开展政策宣传】<br />宣传活动覆盖<a href=\"/n/青禾\">@青禾</a>各乡镇。"),
        _card("2", "今日天气晴好。", "Fri Nov 27 23:30:00 +0000 2026"),
        {"card_type": 11, "card_group": []},  # not a post
    ]}}, ensure_ascii=False)
    timeline = parse_timeline(body, BASE, "http://127.0.0.1:8765/media/weibo/detail/{id}")
    assert timeline.state == "ok"
    first, second = timeline.posts
    assert (first.post_id, first.title, first.body_text) == ("1", "县医保局开展政策宣传", "宣传活动覆盖@青禾各乡镇。")
    assert first.url == "http://127.0.0.1:8765/media/weibo/detail/1"
    assert first.published == datetime(2026, 11, 28, 10, 0)
    assert first.images == ["http://127.0.0.1:8765/img/1.jpg"]
    assert first.links == [{"url": "http://127.0.0.1:8765/n/青禾", "text": "@青禾"}]
    assert second.title is None  # no 【headline】: untitled, not an empty title
    assert second.published == datetime(2026, 11, 28, 7, 30)  # UTC shown in China time


@pytest.mark.parametrize(("body", "state"), [
    ('{"ok": -100, "url": "https://passport.weibo.cn/signin/welcome"}', "login_wall"),
    ('{"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}', "empty_timeline"),
    ('{"ok": 0, "msg": "用户不存在"}', "gone"),
    ('{"ok": 0, "msg": "请求过于频繁"}', "rate_limited"),
    ('<html><body>请完成验证码验证</body></html>', "captcha"),
    ('{"ok": 1, "data": {"list": []}}', "layout_changed"),
    ('{"ok": 1, "data": {"cards": []}}', "empty_timeline"),
    ("[1, 2]", "layout_changed"),
    ("<html><body>系统繁忙</body></html>", "layout_changed"),
])
def test_weibo_answers_without_posts(body: str, state: str) -> None:
    timeline = parse_timeline(body, BASE)
    assert (timeline.state, timeline.posts) == (state, [])


def test_weibo_time_formats() -> None:
    assert created_at("Sat Nov 28 10:00:00 +0800 2026") == datetime(2026, 11, 28, 10, 0)
    assert created_at("刚刚") is None


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>魅力清水乡</title>
<item><title>清水乡开展森林防火宣传</title><link>/mp/s?mid=1</link><pubDate>Fri, 27 Nov 2026 19:05:40 +0800</pubDate></item>
<item><title>无日期</title><link>https://mp.weixin.qq.com/s?mid=2</link></item></channel></rss>"""
ATOM = """<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><entry><title>甲</title>
<link href="http://a/1"/><updated>2026-11-27T11:05:40Z</updated></entry></feed>"""


def test_feeds() -> None:
    rss = parse_feed(RSS, "http://127.0.0.1:8765/media/wechat/wxqsx/feed.xml")
    assert rss.state == "ok"
    assert [(e.url, e.title, e.published) for e in rss.entries] == [
        ("http://127.0.0.1:8765/mp/s?mid=1", "清水乡开展森林防火宣传", datetime(2026, 11, 27, 19, 5, 40)),
        ("https://mp.weixin.qq.com/s?mid=2", "无日期", None),
    ]
    atom = parse_feed(ATOM.encode(), "http://a/")
    assert [(e.url, e.published) for e in atom.entries] == [("http://a/1", datetime(2026, 11, 27, 19, 5, 40))]
    assert parse_feed("<rss><channel></channel></rss>", "http://a/").state == "empty_timeline"
    assert parse_feed("<html><body>x</body></html>", "http://a/").state == "layout_changed"
    assert parse_feed(b"", "http://a/").state == "layout_changed"
    # An entity bomb stays unexpanded: crawled feeds are hostile.
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title></item></channel></rss>'
    assert parse_feed(bomb, "http://a/").state == "empty_timeline"


DOUYIN = ('<div id="root"><ul class="user-post-list"><li class="user-post-item" data-id="7301" data-time="1795592074">'
          '<a href="/media/douyin/video/7301">青禾文旅推介会\n欢迎来青禾</a></li></ul></div>'
          '<script>var s = "captcha_container 登录后查看";</script>')


@pytest.mark.parametrize(("platform", "html", "state"), [
    ("douyin", '<div id="root"><div id="captcha_container">请完成下列验证后继续</div></div>', "captcha"),
    ("douyin", '<div class="login-mask">登录后查看更多作品</div>', "login_wall"),
    ("kuaishou", '<div class="error-tip">请求太频繁，请稍后再试</div>', "rate_limited"),
    ("kuaishou", '<div class="empty-state">暂无作品</div>', "empty_timeline"),
    ("kuaishou", '<div class="user-not-found">用户不存在或已注销</div>', "gone"),
    ("douyin", '<div id="root"><div class="loading">加载中</div></div><script>x="暂无作品"</script>', "layout_changed"),
])
def test_rendered_profiles_without_posts(platform: str, html: str, state: str) -> None:
    assert parse_profile(html, platform, "http://127.0.0.1/").state == state


def test_rendered_douyin_profile() -> None:
    timeline = parse_profile(DOUYIN, "douyin", "http://127.0.0.1:8765/media/douyin/user/x")
    assert timeline.state == "ok"  # the markers inside <script> do not count
    (post,) = timeline.posts
    assert (post.post_id, post.title, post.body_text) == ("7301", "青禾文旅推介会", "欢迎来青禾")
    assert post.url == "http://127.0.0.1:8765/media/douyin/video/7301"
    assert post.published == datetime(2026, 11, 25, 15, 34, 34)

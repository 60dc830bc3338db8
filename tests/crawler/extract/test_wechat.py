"""WeChat extraction: golden values read off the two real mp.weixin.qq.com pages, and the
album / menu / notice-page shapes the new-media spider relies on."""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.extract.wechat import (
    blocked,
    extract_post,
    parse_album,
    parse_menus,
    script_var,
    unix_time,
)

# Read by hand from each page: the <h1 id="activity-name">, the #js_name link, `var ct`
# (unix seconds, shown here in China time), the first and last body lines, the data-src images.
GOLDEN = [
    ("gne_wechat_article_1.html", "三星 Galaxy S20 系列手机正式发布", "爱否科技", "gh_3fb3f07c5c4a",
     "2650934104_1", datetime(2020, 2, 12, 22, 17, 54),
     "今天凌晨，三星在美国旧金山举行发布会，正式发布旗下新一代旗舰手机 Galaxy S20 系列机型",
     "经过文刃重新编排", 6),
    ("gne_wechat_article_2.html", "一日一技：在 Python 中实现延迟调用", "未闻Code", "gh_2873653fd7af",
     "2648978231_1", datetime(2020, 2, 11, 18, 47, 50), "摄影：产品经理",
     "确保始终增加一条日期数据。", 4),
]


@pytest.mark.parametrize(("file", "title", "account", "account_id", "post_id", "published", "head", "tail",
                          "images"), GOLDEN, ids=[g[0] for g in GOLDEN])
def test_real_wechat_pages(html_dir, file, title, account, account_id, post_id, published, head, tail,
                           images) -> None:
    html = (html_dir / "newmedia" / file).read_text(encoding="utf-8")
    post = extract_post(html, "https://mp.weixin.qq.com/s/example")
    assert post is not None
    assert (post.title, post.account_name, post.account_id, post.post_id) == (title, account, account_id, post_id)
    assert post.published == published
    assert post.body_text.startswith(head)
    assert post.body_text.endswith(tail)
    assert len(post.images) == images
    assert all(src.startswith("https://mmbiz.qpic.cn/") for src in post.images)  # data-src, not placeholders


def test_script_var_takes_the_first_non_empty_fallback() -> None:
    html = 'var biz = ""||"MjM5NzE1NTMyNg==";\nvar mid = "" || ""|| "2650934104";\nvar ct = "1581517074";'
    assert script_var(html, "biz") == "MjM5NzE1NTMyNg=="
    assert script_var(html, "mid") == "2650934104"
    assert script_var(html, "idx") == ""
    assert unix_time("1581517074000") == unix_time("1581517074") == datetime(2020, 2, 12, 22, 17, 54)
    assert unix_time("soon") is None


NOTICE = '<html><body><div class="weui-msg"><h2>{}</h2></div></body></html>'


@pytest.mark.parametrize(("text", "state"), [
    ("环境异常</h2><p>当前环境异常，完成验证后即可继续访问。", "captcha"),
    ("请在微信客户端打开链接", "login_wall"),
    ("操作频繁，请稍后再试", "rate_limited"),
    ("该内容已被发布者删除", "gone"),
    ("关于做好冬季安全生产工作的通知", None),  # an ordinary page
])
def test_notice_pages(text: str, state: str | None) -> None:
    html = NOTICE.format(text)
    assert blocked(html) == state
    assert extract_post(html, "http://x/mp/s") is None
    timeline = parse_album(html, "http://x/")
    assert timeline.state == (state or "layout_changed")
    assert not timeline.entries


def test_an_article_mentioning_a_notice_is_still_an_article() -> None:
    html = ('<h1 id="activity-name">提醒</h1><a id="js_name">青禾发布</a><div id="js_content">'
            '<p>遇到“环境异常”提示时请完成验证。</p></div><script>var ct = "1795592074";</script>')
    post = extract_post(html, "http://x/mp/s")
    assert post is not None and post.account_name == "青禾发布" and post.title == "提醒"


def test_album_entries_and_empty_album() -> None:
    html = ('<ul class="album__list"><li class="album__list-item" data-link="/mp/s?mid=1" data-title="甲">'
            '<span class="js_article_create_time">1795592074</span></li>'
            '<li class="album__list-item" data-link="https://mp.weixin.qq.com/s?mid=2" data-title="乙"></li></ul>')
    timeline = parse_album(html, "http://127.0.0.1:8765/media/wechat/a/album")
    assert timeline.state == "ok"
    assert [(e.url, e.title, e.published) for e in timeline.entries] == [
        ("http://127.0.0.1:8765/mp/s?mid=1", "甲", unix_time("1795592074")),
        ("https://mp.weixin.qq.com/s?mid=2", "乙", None),
    ]
    assert parse_album('<ul class="album__list"></ul>', "http://x/").state == "empty_timeline"


@pytest.mark.parametrize(("html", "menus"), [
    ('<div class="account-menu"><ul><li><span class="menu-name">政策文件</span></li>'
     '<li><span class="menu-name">微互动</span><ul><li class="sub-menu"><a>互动交流</a></li></ul></li></ul></div>',
     ["政策文件", "微互动", "互动交流"]),
    ('<div class="account-menu"><ul></ul></div>', []),  # a menu bar with nothing in it
    ('<div class="profile">青禾发布</div>', None),  # the page shows no menus: unknown, not missing
])
def test_menus(html: str, menus: list[str] | None) -> None:
    assert parse_menus(html, "div.account-menu", ".menu-name, .sub-menu a") == menus

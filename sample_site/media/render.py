"""HTTP answers for the sample new-media pages, modelled on the platforms' public shapes.

- WeChat: an account page (name, menu bar, link to its album), the album page
  (``li.album__list-item`` with ``data-link`` and a unix ``create_time``), an RSS
  feed for some accounts, and article pages shaped like mp.weixin.qq.com/s
  (``#activity-name``, ``#js_name``, ``#js_content`` with ``data-src`` images,
  script variables ``biz``/``mid``/``idx``/``ct``/``nickname``).
- Weibo: the mobile JSON timeline ``/api/container/getIndex?containerid=107603<uid>``.
- Douyin / Kuaishou: profile pages whose post list is built by JavaScript from a
  JSON XHR (so only a browser sees it).
- ``/media/matrix.html``: the portal's 政务新媒体矩阵 page.

Accounts whose id starts with ``t_`` followed by a state (``t_captcha``) exist
on every platform for the failure-mode tests: they answer as that state would.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import re
from email.utils import format_datetime
from html import escape
from urllib.parse import parse_qs

from ..pages.frame import Response
from .faults import build_media, post_path
from .images import image_bytes, image_path
from .model import PLATFORM_NAMES, STATES, Account, MediaModel, Post, make_posts

CHINA = dt.timezone(dt.timedelta(hours=8))
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
       b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _html(body: str, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "text/html; charset=utf-8"}, body.encode("utf-8"))


def _json(data: object, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json; charset=utf-8"},
                    json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body>{body}</body></html>")


def _unix(when: dt.datetime) -> int:
    return int(when.replace(tzinfo=CHINA).timestamp())


def account_path(acc: Account) -> str:
    """The account's public page (what the matrix page links to)."""
    return {"wechat": f"/media/wechat/{acc.id}/", "weibo": f"/media/weibo/u/{acc.id}",
            "douyin": f"/media/douyin/user/{acc.id}", "kuaishou": f"/media/kuaishou/profile/{acc.id}"}[acc.platform]


def _lookup(media: MediaModel, platform: str, account_id: str) -> Account | None:
    acc = media.find(platform, account_id)
    if acc is not None or not account_id.startswith("t_"):
        return acc
    state = account_id[2:]
    if state not in STATES:
        return None
    # A test account whose real posts are old: mistaking its failure for "no posts" would flag it stale.
    test = Account(platform, account_id, f"测试{state}", "县人民政府办公室", state=state)
    test.posts = make_posts(random.Random(account_id), test, media.today, 60)
    return test


# --- blocked answers: what the platforms show instead of content ------------------------------

BLOCK_PAGES = {
    "rate_limited": ("访问过于频繁", "<div class=\"weui-msg\"><h2>操作频繁，请稍后再试</h2></div>"),
    "captcha": ("环境异常", "<div class=\"weui-msg\"><h2>环境异常</h2><p>当前环境异常，完成验证后即可继续访问。</p>"
                "<a id=\"js_verify\" href=\"#\">去验证</a></div>"),
    "login_wall": ("请在微信客户端打开链接", "<div class=\"weui-msg\"><h2>请在微信客户端打开链接</h2></div>"),
}


def _wechat(media: MediaModel, rest: str) -> Response:
    m = re.fullmatch(r"([\w-]+)/(|album|feed\.xml)", rest)
    acc = _lookup(media, "wechat", m.group(1)) if m else None
    if acc is None or acc.state == "gone":
        return _html(_page("页面不存在", "<h2>该公众号已注销或不存在</h2>"), 404)
    what = m.group(2) if m else ""
    if acc.state in BLOCK_PAGES:
        return _html(_page(*BLOCK_PAGES[acc.state]))
    if what == "":
        return _html(_page(acc.name, _wechat_profile(acc)))
    if what == "feed.xml":
        return _feed(acc)
    posts = [] if acc.state == "empty" else acc.posts
    items = "".join(
        f'<li class="album__list-item" data-link="{escape(post_path(acc, p))}" data-title="{escape(p.title)}">'
        f'<div class="album__item-title">{escape(p.title)}</div>'
        f'<span class="album__item-info js_article_create_time">{_unix(p.when)}</span></li>'
        for p in posts)
    if acc.state == "layout_changed":
        body = f'<div class="album-v2"><div class="cards">{len(posts)} 篇</div></div>'
    else:
        body = (f'<div class="album__head"><span class="album__author-name">{escape(acc.name)}</span></div>'
                f'<ul class="album__list js_album_list">{items}</ul>')
    return _html(_page(f"{acc.name}的合集", body))


def _menu_html(menus: tuple) -> str:
    items = []
    for m in menus:
        if isinstance(m, tuple):
            name, subs = m
            sub = "".join(f'<li class="sub-menu"><a href="#">{escape(s)}</a></li>' for s in subs)
            items.append(f'<li class="menu"><span class="menu-name">{escape(name)}</span><ul>{sub}</ul></li>')
        else:
            items.append(f'<li class="menu"><span class="menu-name">{escape(m)}</span></li>')
    return f'<div class="account-menu"><ul class="menus">{"".join(items)}</ul></div>'


def _wechat_profile(acc: Account) -> str:
    menu = "" if acc.menus is None else _menu_html(acc.menus)
    return (f'<div class="profile"><h1 class="profile_nickname">{escape(acc.name)}</h1>'
            f'<p class="profile_desc">{escape(acc.unit)}官方公众号</p>'
            f'<a class="album-link" href="album">全部文章</a></div>{menu}')


def _feed(acc: Account) -> Response:
    posts = [] if acc.state == "empty" else acc.posts
    items = "".join(
        f"<item><title>{escape(p.title)}</title><link>{escape(post_path(acc, p))}</link>"
        f"<pubDate>{format_datetime(p.when.replace(tzinfo=CHINA))}</pubDate></item>" for p in posts)
    xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(acc.name)}'
           f"</title>{items}</channel></rss>")
    return Response(200, {"Content-Type": "application/rss+xml; charset=utf-8"}, xml.encode("utf-8"))


def _wechat_article(media: MediaModel, query: str) -> Response:
    q = {k: v[0] for k, v in parse_qs(query).items()}
    try:
        account_id = base64.b64decode(q.get("__biz", "")).decode()
    except ValueError:
        account_id = ""
    acc = _lookup(media, "wechat", account_id)
    for post in acc.posts if acc else ():
        if post.id == q.get("mid"):
            return _html(wechat_article_html(acc, post))
    return _html(_page("", '<div class="weui-msg"><h2>该内容已被发布者删除</h2></div>'), 200)


def wechat_article_html(acc: Account, post: Post) -> str:
    paras = "".join(f"<p>{escape(p)}</p>" for p in post.paras)
    imgs = "".join(f'<p><img class="rich_pages" data-src="{image_path(post, k)}" '
                   f'data-type="{image_path(post, k).rsplit(".", 1)[1]}"></p>'
                   for k in range(post.images))
    script = (f'var biz = "{acc.biz}"||"";\nvar sn = "{post.id[-6:]}" || "";\nvar mid = "{post.id}" || "";\n'
              f'var idx = "1" || "";\nvar user_name = "gh_{acc.id}";\nvar nickname = "{escape(acc.name)}";\n'
              f'var msg_title = "{escape(post.title)}";\nvar ct = "{_unix(post.when)}";\n')
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(post.title)}</title>'
            f'<meta property="og:title" content="{escape(post.title)}"></head><body id="activity-detail">'
            f'<div class="rich_media_inner"><h1 class="rich_media_title" id="activity-name">\n'
            f'  {escape(post.title)}\n</h1><div class="rich_media_meta_list" id="meta_content">'
            f'<span class="rich_media_meta rich_media_meta_nickname" id="profileBt">'
            f'<a href="javascript:void(0);" id="js_name">\n  {escape(acc.name)}  </a></span>'
            f'<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>'
            f'<div class="rich_media_content" id="js_content" style="visibility: hidden;">{paras}{imgs}</div>'
            f"</div><script>{script}</script></body></html>")


def _weibo_time(when: dt.datetime) -> str:
    return f"{WEEKDAYS[when.weekday()]} {MONTHS[when.month - 1]} {when:%d %H:%M:%S} +0800 {when:%Y}"


def _weibo(media: MediaModel, query: str) -> Response:
    q = {k: v[0] for k, v in parse_qs(query).items()}
    uid = q.get("containerid", "").removeprefix("107603")
    acc = _lookup(media, "weibo", uid)
    if acc is None or acc.state == "gone":
        return _json({"ok": 0, "errno": "20003", "msg": "用户不存在"})
    if acc.state == "rate_limited":
        return _html(_page("418", "<h1>I'm a teapot</h1>"), 418)
    if acc.state == "login_wall":
        return _json({"ok": -100, "url": "https://passport.weibo.cn/signin/welcome?entry=mweibo&r=" + uid})
    if acc.state == "captcha":
        return _html(_page("安全验证", '<div class="geetest_panel">请完成下方验证码验证后继续访问</div>'))
    if acc.state == "empty":
        return _json({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
    mblogs = [{"id": p.id, "mid": p.id, "created_at": _weibo_time(p.when),
               "text": "<br />".join(escape(x) for x in (f"【{p.title}】", *p.paras)),
               "pics": [{"pid": f"{p.id}{k}", "url": f"/media/img/{p.id}_{k}.gif"} for k in range(p.images)],
               "user": {"id": int(uid) if uid.isdigit() else 0, "screen_name": acc.name}}
              for p in acc.posts]
    if acc.state == "layout_changed":
        return _json({"ok": 1, "data": {"list": mblogs, "since_id": 0}})
    cards = [{"card_type": 9, "itemid": f"1076035{m['id']}", "mblog": m} for m in mblogs]
    return _json({"ok": 1, "data": {"cardlistInfo": {"containerid": f"107603{uid}", "total": len(cards)},
                                    "cards": cards}})


# The short-video profiles: a skeleton page and a script that renders the JSON of an XHR.
SHORT_VIDEO_SCRIPT = """<script>
fetch(%(api)s).then(function (r) {
  if (r.status === 429) { document.getElementById('root').innerHTML = '<div class="error-tip">请求太频繁，请稍后再试</div>'; return null; }
  return r.json();
}).then(function (data) {
  if (!data) return;
  var root = document.getElementById('root');
  if (data.captcha) { root.innerHTML = '<div id="captcha_container">请完成下列验证后继续</div>'; return; }
  if (data.login) { root.innerHTML = '<div class="login-mask">登录后查看更多作品</div>'; return; }
  var list = data[%(key)s];
  if (!list) { root.innerHTML = '<div class="new-layout">' + JSON.stringify(data).length + '</div>'; return; }
  if (!list.length) { root.innerHTML = '<div class="empty-state">暂无作品</div>'; return; }
  var html = '<ul class="%(ul)s">';
  list.forEach(function (p) {
    var li = document.createElement('li');
    li.className = '%(li)s'; li.setAttribute('data-id', p[%(id)s]); li.setAttribute('data-time', p[%(time)s]);
    var a = document.createElement('a'); a.href = %(href)s + p[%(id)s]; a.textContent = p[%(text)s];
    li.appendChild(a); html += li.outerHTML;
  });
  root.innerHTML = html + '</ul>';
});
</script>"""

SHORT_VIDEO = {
    "douyin": {"key": "aweme_list", "ul": "user-post-list", "li": "user-post-item", "id": "aweme_id",
               "time": "create_time", "text": "desc", "href": "/media/douyin/video/", "ms": False,
               "api": "/media/douyin/aweme/v1/web/aweme/post/?sec_user_id="},
    "kuaishou": {"key": "feeds", "ul": "feed-list", "li": "video-card", "id": "photo_id",
                 "time": "timestamp", "text": "caption", "href": "/media/kuaishou/short-video/", "ms": True,
                 "api": "/media/kuaishou/rest/v/profile/feed?user_id="},
}


def _short_profile(media: MediaModel, platform: str, account_id: str) -> Response:
    acc = _lookup(media, platform, account_id)
    if acc is None or acc.state == "gone":
        return _html(_page("用户不存在", '<div id="root"><div class="user-not-found">用户不存在或已注销</div></div>'), 404)
    spec = SHORT_VIDEO[platform]
    script = (SHORT_VIDEO_SCRIPT.replace("%(api)s", json.dumps(spec["api"] + account_id))
              % {k: (json.dumps(spec[k]) if k in ("key", "id", "time", "text", "href") else spec[k])
                 for k in ("key", "ul", "li", "id", "time", "text", "href")})
    body = (f'<div class="user-info"><h1 class="nickname">{escape(acc.name)}</h1></div>'
            f'<div id="root"><div class="loading">加载中</div></div>{script}')
    return _html(_page(f"{acc.name}的主页", body))


def short_caption(post: Post) -> str:
    return "\n".join((post.title, *post.paras))


def _short_api(media: MediaModel, platform: str, query: str) -> Response:
    spec = SHORT_VIDEO[platform]
    q = {k: v[0] for k, v in parse_qs(query).items()}
    acc = _lookup(media, platform, q.get("sec_user_id") or q.get("user_id") or "")
    if acc is None or acc.state == "gone":
        return _json({"status_code": 2053, "status_msg": "用户不存在"}, 404)
    if acc.state == "rate_limited":
        return _json({"status_code": 429}, 429)
    if acc.state in ("captcha", "login_wall"):
        return _json({"captcha" if acc.state == "captcha" else "login": True})
    posts = [] if acc.state == "empty" else acc.posts
    items = [{spec["id"]: p.id, spec["text"]: short_caption(p),
              spec["time"]: _unix(p.when) * (1000 if spec["ms"] else 1)} for p in posts]
    if acc.state == "layout_changed":
        return _json({"data": {"items": items}})
    return _json({"status_code": 0, spec["key"]: items, "has_more": 0})


def matrix_html(media: MediaModel) -> str:
    rows = "".join(
        f'<tr><td class="platform">{PLATFORM_NAMES[a.platform]}</td>'
        f'<td class="name">{escape(a.matrix_name or a.name)}</td><td class="unit">{escape(a.unit)}</td>'
        f'<td class="link"><a href="{account_path(a)}">进入</a></td></tr>'
        for a in media.accounts if a.in_matrix)
    return _page("青禾县政务新媒体矩阵", '<div class="crumb">首页 &gt; 政务新媒体矩阵</div><h1>青禾县政务新媒体矩阵</h1>'
                 f'<table class="matrix"><tr><th>平台</th><th>账号名称</th><th>主办单位</th><th>二维码/链接</th></tr>'
                 f"{rows}</table>")


def _post_page(media: MediaModel, platform: str, post_id: str) -> Response | None:
    """A Weibo post's or a video's own page (what a finding on the post links to)."""
    for acc in media.accounts:
        if acc.platform == platform and acc.state == "ok":
            for post in acc.posts:
                if post.id == post_id:
                    paras = "".join(f"<p>{escape(p)}</p>" for p in post.paras)
                    return _html(_page(post.title, f'<h1 class="title">{escape(post.title)}</h1>'
                                                   f'<div class="author">{escape(acc.name)}</div>{paras}'))
    return None


# A matrix page with rows the crawler must not trust: an offsite link, markup in a name, an unknown unit.
HOSTILE_MATRIX = _page("矩阵", '<table class="matrix">'
                       '<tr><td class="platform">微信</td><td class="name">外站账号</td><td class="unit">县人民政府办公室</td>'
                       '<td><a href="http://evil.example.com/wx/">进入</a></td></tr>'
                       '<tr><td class="platform">微信</td><td class="name">&lt;script&gt;alert(1)&lt;/script&gt;青禾</td>'
                       '<td class="unit">不存在的单位</td><td><a href="/media/wechat/t_captcha/">进入</a></td></tr>'
                       "</table>")


def render_media(seed: int, today: dt.date, path: str, query: str) -> Response | None:
    """The answer for a new-media path, or None when the path is not one."""
    media = build_media(seed, today)
    if path == "/media/matrix.html":
        return _html(matrix_html(media))
    if path == "/mp/s":
        return _wechat_article(media, query)
    if path == "/api/container/getIndex":
        return _weibo(media, query)
    if re.fullmatch(r"/media/img/\d+_\d+\.gif", path):
        return Response(200, {"Content-Type": "image/gif"}, GIF)
    m = re.fullmatch(r"/media/img/(\d+)_(\d+)\.(png|jpg)", path)
    if m and (data := image_bytes(media, m.group(1), int(m.group(2)), m.group(3))) is not None:
        return Response(200, {"Content-Type": "image/png" if m.group(3) == "png" else "image/jpeg"}, data)
    if path.startswith("/media/wechat/"):
        return _wechat(media, path[len("/media/wechat/"):])
    m = re.fullmatch(r"/media/(douyin)/user/([\w-]+)|/media/(kuaishou)/profile/([\w-]+)", path)
    if m:
        return _short_profile(media, m.group(1) or m.group(3), m.group(2) or m.group(4))
    if path == SHORT_VIDEO["douyin"]["api"].split("?")[0]:
        return _short_api(media, "douyin", query)
    if path == SHORT_VIDEO["kuaishou"]["api"].split("?")[0]:
        return _short_api(media, "kuaishou", query)
    m = re.fullmatch(r"/media/(weibo/detail|douyin/video|kuaishou/short-video)/(\d+)", path)
    if m:
        return _post_page(media, m.group(1).split("/")[0], m.group(2))
    if path == "/media/matrix-hostile.html":
        return _html(HOSTILE_MATRIX)
    m = re.fullmatch(r"/media/weibo/u/(\w+)", path)
    if m and _lookup(media, "weibo", m.group(1)):
        return _html(_page("微博", f'<div class="weibo-profile" data-uid="{m.group(1)}"></div>'))
    return None

"""List-page parsing: navigation, sub-columns, entries and the pagination styles of real portals."""

from __future__ import annotations

import pytest

from crawler.extract.listing import extract_list_page, extract_message, extract_nav
from crawler.sites import Listing

BASE = "http://www.example.gov.cn/col/tzgg/"
# The sample portal's selectors, as sites.example.yaml configures them.
SPEC = Listing(nav="div.nav a", subcolumns="ul.subnav a", items="ul.list li", pagination="div.page")


def _page(list_html: str, paging: str = "") -> str:
    return f'<html><body><h2 class="col-title">通知公告</h2><ul class="list">{list_html}</ul>{paging}</body></html>'


@pytest.mark.parametrize("paging,url,next_url,total,style", [
    ('<script>createPageHTML(5, 0, "index", "html");</script>', BASE, BASE + "index_1.html", 5, "static"),
    ('<script>createPageHTML(5, 3, "index", "html");</script>', BASE + "index_3.html", BASE + "index_4.html", 5, "static"),
    ("<script>createPageHTML('5','4','index','shtml');</script>", BASE + "index_4.shtml", None, 5, "static"),
    ('<div class="page"><a href="?page=1">首页</a><span>2/7</span><a href="?page=3">下一页</a></div>',
     BASE + "?page=2", BASE + "?page=3", 7, "query"),
    ('<div class="page"><a href="?page=1">首页</a><span>7/7</span><a href="?page=7">尾页</a></div>',
     BASE + "?page=7", None, 7, "query"),
    ('<div class="page"><a href="list_2.html">下一页</a> 共3页</div>', BASE, BASE + "list_2.html", 3, "static"),
    ("", BASE, None, None, None),
])
def test_pagination_styles(paging, url, next_url, total, style):
    page = extract_list_page(_page('<li><a href="/a.html">标题</a></li>', paging), url, SPEC)
    assert (page.next_url, page.total_pages, page.pagination) == (next_url, total, style)


def test_entries_prefer_full_title_and_read_dates():
    page = extract_list_page(_page(
        '<li><a href="../../art/1.html" title="关于开展安全生产大检查的通知">关于开展安全生产…</a>'
        '<span class="date">2024-04-05</span></li>'
        '<li><a href="/art/2.html">无日期条目</a><span class="date"></span></li>'
        '<li><a href="javascript:void(0)">脚本链接</a></li>'), BASE, SPEC)
    assert [(e.url, e.title, e.date) for e in page.entries] == [
        ("http://www.example.gov.cn/art/1.html", "关于开展安全生产大检查的通知", "2024-04-05"),
        ("http://www.example.gov.cn/art/2.html", "无日期条目", None),
    ]


def test_empty_script_built_list_is_reported_as_such():
    html = '<html><body><ul class="list" id="js-list"></ul><script>fetch("data.json")</script></body></html>'
    page = extract_list_page(html, BASE, SPEC)
    assert page.entries == [] and page.has_list and page.has_script


def test_nav_skips_home_and_duplicates():
    html = ('<div class="nav"><a href="/">首页</a><a href="/col/a/">政务要闻</a><a href="/col/a/">政务要闻</a>'
            '<a href="javascript:;">无</a><a href="/col/b/"> 通知 公告 </a></div>')
    assert [(n.url, n.text) for n in extract_nav(html, "http://x.gov.cn/", SPEC.nav)] == [
        ("http://x.gov.cn/col/a/", "政务要闻"), ("http://x.gov.cn/col/b/", "通知 公告")]


@pytest.mark.parametrize("html", ["", "\x00\x01garbage", "<div><ul class='list'><li><a href='x'>"])
def test_broken_input_does_not_crash(html):
    page = extract_list_page(html, BASE, SPEC)
    assert page.next_url is None


def test_mailbox_message_fields():
    html = ("<table class='mailbox'><tr><th>来信标题</th><td>关于路灯维修的建议</td></tr>"
            "<tr><th>来信时间</th><td>2024-01-05</td></tr><tr><th>办理状态</th><td>已办结</td></tr>"
            "<tr><th>来信内容</th><td>村口路灯损坏。</td></tr><tr><th>回复单位</th><td>县住房城乡建设局</td></tr>"
            "<tr><th>回复时间</th><td>2024年1月20日</td></tr><tr><th>回复内容</th><td>已修复。</td></tr></table>")
    m = extract_message(html, BASE)
    assert (m.title, m.received_date, m.answered_date, m.status, m.reply_unit) == (
        "关于路灯维修的建议", "2024-01-05", "2024-01-20", "已办结", "县住房城乡建设局")


@pytest.mark.parametrize("script,url,next_url,total", [
    ("var countPage = 3; var currentPage = 0;", BASE, BASE + "index_1.html", 3),
    ("var countPage = 3; var currentPage = 1;", BASE + "index_1.html", BASE + "index_2.html", 3),
    ("var countPage = 3; var currentPage = 2;", BASE + "index_2.html", None, 3),
    ("var countPage = '4';", BASE + "index_2.shtml", BASE + "index_3.shtml", 4),  # current page from the URL
    ('createPage(40, 0, "index", "html");', BASE, BASE + "index_1.html", 40),  # the WCM variant
])
def test_javascript_page_counts_without_create_page_html(script, url, next_url, total):
    page = extract_list_page(_page('<li><a href="/a.html">标题</a></li>', f"<script>{script}</script>"), url, SPEC)
    assert (page.next_url, page.total_pages, page.pagination) == (next_url, total, "static")


def test_next_link_outside_the_pagination_container_is_followed():
    # Issue 8: a 下一页 link outside `div.page` made _next_page index a Selector (TypeError).
    html = _page('<li><a href="/a.html">标题</a></li>', '<div class="pager"><a href="?page=2">下一页</a> 共3页</div>')
    page = extract_list_page(html, BASE, SPEC)
    assert (page.next_url, page.total_pages, page.pagination) == (BASE + "?page=2", 3, "query")

"""Generic list, sub-column, navigation and pagination detection on real and realistic pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.extract.generic_list import detect_list, parse_tree
from crawler.extract.listing import extract_list_page, read_nav
from crawler.extract.navigation import detect_nav, detect_units
from crawler.sites import Listing
from sample_site.model import build_site
from sample_site.render import render
from sample_site.shapes import build_shapes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gov_list"
AUTO = Listing()  # no selectors: everything is detected
TODAY = date(2026, 11, 28)


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


# file, page URL, entries, first entry (url, title, date), last entry url, next page, total pages
REAL = [
    ("zhangshu_zhxx_list.html", "http://www.zhangshu.gov.cn/zwgk/zhxx/", 24,
     ("http://www.zhangshu.gov.cn/zwgk/zhxx/201710/t20171019_398276.html", "江西（樟树）医药产业招商引资推介会举行",
      "2017-10-19"),
     "http://www.zhangshu.gov.cn/zwgk/zhxx/201709/t20170925_396056.html",
     "http://www.zhangshu.gov.cn/zwgk/zhxx/index_1.html", 21),
    ("cq_kjj_tzgg_excerpt.html", "https://kjj.cq.gov.cn/zwxx_176/tzgg/index.html", 2,
     ("https://kjj.cq.gov.cn/zwxx_176/tzgg/202607/t20260702_15795188.html",
      "重庆市科学技术局关于第二届“渝创星火”重庆科技成果转化大赛报名延期的通知", "2026-07-02"),
     "https://kjj.cq.gov.cn/zwxx_176/tzgg/202607/t20260707_15805740.html",
     "https://kjj.cq.gov.cn/zwxx_176/tzgg/index_1.html", 34),
    ("cq_jjxxw_gsgg_excerpt.html", "https://jjxxw.cq.gov.cn/zwgk_213/gsgg/index.html", 2,
     ("https://jjxxw.cq.gov.cn/zwgk_213/gsgg/202607/t20260706_15802464.html", "关于重庆食品包装设计大赛入围作品的公示",
      "2026-07-06"),
     "https://jjxxw.cq.gov.cn/zwgk_213/gsgg/202607/t20260703_15798287.html",
     "https://jjxxw.cq.gov.cn/zwgk_213/gsgg/index_1.html", 40),
]


@pytest.mark.parametrize("name,url,count,first,last,next_url,total", REAL)
def test_real_list_pages_are_read_without_selectors(name, url, count, first, last, next_url, total):
    page = extract_list_page(_read(name), url, AUTO)
    assert page.list_source == "generic"
    assert len(page.entries) == count
    assert (page.entries[0].url, page.entries[0].title, page.entries[0].date) == first
    assert page.entries[-1].url == last
    assert all(e.date for e in page.entries)  # month-day dates confirmed by the TRS URL
    assert (page.next_url, page.total_pages, page.pagination) == (next_url, total, "static")


def test_real_page_side_block_and_menus_are_not_the_list():
    page = extract_list_page(_read("zhangshu_zhxx_list.html"), REAL[0][1], AUTO)
    assert not [e for e in page.entries if "/wsfw/" in e.url or "/zjzs/" in e.url]


@pytest.fixture(scope="module")
def shapes():
    return build_shapes(42, TODAY)


@pytest.fixture(scope="module")
def model():
    return build_site(seed=42, n_articles=400, today=TODAY)


SHAPE_PAGES = [  # column, page path after the column URL (and query), page index
    ("tzgg", "", "", 0), ("tzgg", "index_2.html", "", 2), ("gzdt", "", "", 0), ("gzdt", "index_1.html", "", 1),
    ("zcwj", "", "", 0), ("zcwj", "index_2.html", "", 2), ("gsgs", "", "", 0), ("gsgs", "index_1.shtml", "", 1),
    ("xxgk/ghjh", "", "", 0), ("xxgk/tjxx", "", "", 0), ("xxgk/tjxx", "", "page=3", 2),
]


@pytest.mark.parametrize("slug,fname,query,index", SHAPE_PAGES)
def test_every_sample_list_shape_is_read_entry_by_entry(model, shapes, slug, fname, query, index):
    col = shapes.columns[slug]
    base = "http://h"
    url = f"{base}{col.url}{fname}" + (f"?{query}" if query else "")
    html = render(model, col.url + fname, query).body.decode()
    first_page = extract_list_page(render(model, col.url).body.decode(), base + col.url, AUTO)
    page = extract_list_page(html, url, AUTO, hint=first_page.list_selector)
    expected = col.entries[index * col.per_page:(index + 1) * col.per_page]
    assert [(e.url, e.title, e.date) for e in page.entries] == [
        (base + a.url, a.title, f"{a.date:%Y-%m-%d}") for a in expected]
    has_next = index + 1 < col.pages
    assert (page.next_url is not None) == has_next
    assert page.pagination == col.list_style or (col.pages == 1 and page.pagination is None)


def test_parent_page_yields_sub_columns(model, shapes):
    page = extract_list_page(render(model, "/shapes/xxgk/").body.decode(), "http://h/shapes/xxgk/", AUTO)
    assert [(s.url, s.text) for s in page.subcolumns] == [
        ("http://h/shapes/xxgk/ghjh/", "规划计划"), ("http://h/shapes/xxgk/tjxx/", "统计信息")]
    assert page.entries == []


@pytest.mark.parametrize("html", [
    # a blank column: navigation (excluded), breadcrumb and 暂无信息
    '<div class="nav"><a href="/">首页</a><a href="/col/a/">要闻</a><a href="/col/b/">公告</a></div>'
    '<div class="crumb"><a href="/">首页</a> &gt; <a href="/col/">栏目</a></div><ul class="list"></ul><p>暂无信息</p>',
    # footer links and a pager only
    '<div class="foot"><a href="/lxwm.html">联系我们</a><a href="/wzdt.html">网站地图</a><a href="/sm.html">网站声明</a></div>'
    '<div class="page"><a href="?page=1">首页</a><a href="?page=2">下一页</a><a href="?page=9">尾页</a></div>',
    # 友情链接 to other portals
    '<ul class="links"><li><a href="http://www.gov.cn/">中国政府网站链接栏目</a></li>'
    '<li><a href="http://www.yn.gov.cn/">云南省人民政府门户网站</a></li>'
    '<li><a href="http://www.example.org/x.html">其他网站的一个链接</a></li></ul>',
])
def test_pages_without_a_list_yield_nothing(html):
    url = "http://x.gov.cn/col/c/"
    page = extract_list_page(f"<html><body>{html}</body></html>", url, AUTO,
                             exclude={"http://x.gov.cn/col/a/", "http://x.gov.cn/col/b/"})
    assert page.entries == [] and page.subcolumns == []


def test_a_short_last_page_follows_the_first_pages_list_not_a_side_block():
    side = "".join(f'<li><a href="/art/side{i}.html">县政府召开第{i}次常务会议研究部署工作</a><span>2026-11-0{i}</span></li>'
                   for i in (1, 2))
    html = (f'<html><body><ul class="side">{side}</ul><div class="list"><div class="row">'
            '<a href="/art/last.html">本栏目最后一页唯一的一条信息</a><span>2024-01-05</span></div></div></body></html>')
    url = "http://x.gov.cn/col/c/index_3.html"
    unhinted = detect_list(parse_tree(html, url), url)
    hinted = detect_list(parse_tree(html, url), url, hint="body > div.list > div.row")
    assert [link.url for link in unhinted.links] == ["http://x.gov.cn/art/side1.html", "http://x.gov.cn/art/side2.html"]
    assert [link.url for link in hinted.links] == ["http://x.gov.cn/art/last.html"]


def test_navigation_of_both_sample_portals_is_detected(model, shapes):
    home = render(model, "/").body.decode()
    nav, source = read_nav(home, "http://h/", None)
    assert source == "generic"
    assert [n.url for n in nav] == [f"http://h/col/{slug}/" for slug in model.top]
    guess = detect_nav(render(model, "/shapes/").body.decode(), "http://h/shapes/")
    assert [link.title for link in guess.links] == ["通知公告", "工作动态", "政策文件", "公示公告", "信息公开"]


def test_configured_nav_wins_and_falls_back_when_it_finds_nothing(model):
    home = render(model, "/").body.decode()
    assert read_nav(home, "http://h/", "div.nav a")[1] == "configured"
    nav, source = read_nav(home, "http://h/", "ul#no-such-menu a")
    assert source == "generic" and len(nav) == len(model.top)


def test_unit_blocks_are_read_as_units(model):
    units = detect_units(render(model, "/shapes/").body.decode(), "http://h/shapes/")
    assert [(u.name, u.type) for u in units] == [
        ("县发展改革局", "县直部门"), ("县财政局", "县直部门"), ("县民政局", "县直部门"), ("县卫生健康局", "县直部门"),
        ("青禾镇", "乡镇"), ("柳溪镇", "乡镇"), ("石门乡", "乡镇")]
    assert detect_units(_read("zhangshu_zhxx_list.html"), REAL[0][1]) == []


def test_an_empty_configured_list_stays_blank_despite_a_dated_side_block():
    side = "".join(f'<li><a href="/art/{i}.html">县政府召开第{i}次常务会议研究部署工作</a><span>2026-11-0{i}</span></li>'
                   for i in (1, 2, 3))
    html = f'<html><body><ul class="hot">{side}</ul><ul class="list"></ul><p>暂无信息</p></body></html>'
    configured = Listing(items="ul.list li")
    page = extract_list_page(html, "http://x.gov.cn/col/c/", configured)
    assert page.entries == [] and page.list_source == "configured"
    other_template = extract_list_page(html.replace('class="list"', 'class="news"'), "http://x.gov.cn/col/c/", configured)
    assert len(other_template.entries) == 3 and other_template.list_source == "generic"

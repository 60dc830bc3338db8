"""Page text lines for the checks outside articles: frame, list page text, home page text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from crawler.extract.listing import extract_list_page
from crawler.extract.pagetext import home_lines, own_lines, text_lines
from crawler.sites import Listing
from sample_site.model import build_site
from sample_site.render import render

REAL = Path(__file__).resolve().parents[1] / "fixtures" / "gov_list" / "zhangshu_zhxx_list.html"


def test_real_list_page_own_text_keeps_frame_and_heading_and_drops_entries():
    html = REAL.read_text(encoding="utf-8")
    url = "http://www.zhangshu.gov.cn/zwgk/zhxx/"
    page = extract_list_page(html, url, Listing())
    lines = own_lines(text_lines(html, url), [e.title for e in page.entries])
    assert "主办：樟树市人民政府 承办：樟树市信息中心" in lines and "综合信息" in lines
    assert "走进樟树" in lines  # navigation labels stay apart, not run together
    assert not [line for line in lines if "药交会" in line or "信访件" in line]  # entries are checked as articles
    assert "<" not in "".join(lines) and "createPageHTML" not in "".join(lines)


def test_home_text_leaves_out_news_items_and_keeps_the_frame():
    model = build_site(seed=42, n_articles=400, today=date(2026, 11, 28))
    lines = home_lines(render(model, "/shapes/").body.decode(), "http://h/shapes/")
    assert any("宏扬" in line for line in lines) and any("弘扬法治精神" in line for line in lines)
    assert not [line for line in lines if line.startswith("关于")]
    assert "县发展改革局" in lines


def test_broken_pages_give_no_lines_and_no_error():
    assert text_lines("") == [] and text_lines("\x00\x01") == []
    assert own_lines(["2026-11-04", "2026年11月4日", "关于开展检查的通知 2026-11-04"], ["关于开展检查的通知"]) == []


def test_titles_the_cms_truncated_are_no_page_text():
    html = ('<html><body><ul><li><a href="/a.html">关于驾车时禁止接打手机和按规定...</a></li>'
            '<li><a href="/b.html">市供电公司2015年33周检修计划表…</a></li></ul><p>联系我们……欢迎来信</p></body></html>')
    assert text_lines(html) == ["联系我们……欢迎来信"]

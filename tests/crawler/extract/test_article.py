"""extract_article on synthetic pages: title, body text, links, robustness, templates."""

import time
from datetime import datetime

import pytest

from crawler.extract.article import (
    TEMPLATES,
    TemplateSpec,
    extract_article,
    register_template,
)

URL = "http://www.example.gov.cn/col/202404/t20240405_123.html"


def _page(body: str, head: str = "") -> str:
    return f"<html><head><title>测试标题 | 某县人民政府</title>{head}</head><body>{body}</body></html>"


BODY = "<p>" + "这是正文内容，用于测试抽取。" * 5 + "</p>"


def test_generic_page_links_images_attachments() -> None:
    html = _page(
        "<div class='nav'><a href='/index.html'>首页</a></div>"
        "<h1 class='article-title'>关于开展检查的通知</h1>"
        "<div class='info'>发布时间：2024-04-06 09:30 来源：县政府办</div>"
        f"<div id='zoom'>{BODY}"
        "<p><a href='files/附件1.pdf'>附件1：名单</a> <a href='/u/%E8%A1%A8.xlsx'></a>"
        "<a href='javascript:void(0)'>x</a><a href='mailto:a@b.c'>m</a><a href='tel:123'>t</a>"
        "<a href='#top'>t</a><a href='other.html#sec'>其他</a><a href='OTHER.DOC?x=1'>旧</a></p>"
        "<img src='a.jpg' alt=' 图一 '><img src='data:image/gif;base64,R0' data-src='//img.x.cn/b.png'>"
        "<img data-original='c.png'><img src='grey.gif' data-src='d.png'></div>",
        head="<base href='http://static.example.gov.cn/doc/'>",
    )
    art = extract_article(html, URL)
    assert art.title == "关于开展检查的通知"
    assert art.published == datetime(2024, 4, 6, 9, 30)
    assert art.date_source == "meta"
    assert art.meta["source"] == "县政府办"
    assert [(a.url, a.name) for a in art.attachments] == [
        ("http://static.example.gov.cn/doc/files/%E9%99%84%E4%BB%B61.pdf", "附件1：名单"),
        ("http://static.example.gov.cn/u/%E8%A1%A8.xlsx", "表.xlsx"),
        ("http://static.example.gov.cn/doc/OTHER.DOC?x=1", "旧"),
    ]
    assert [i.src for i in art.images] == [
        "http://static.example.gov.cn/doc/a.jpg", "http://img.x.cn/b.png",
        "http://static.example.gov.cn/doc/c.png", "http://static.example.gov.cn/doc/d.png",
    ]
    assert art.images[0].alt == "图一"
    assert "http://static.example.gov.cn/doc/other.html" in [link.url for link in art.links]
    assert not any(link.url.startswith(("javascript", "mailto", "tel")) for link in art.links)
    assert len(art.links) == 4
    assert "<script" not in art.body_html and art.body_html.startswith("<div")


def test_attachment_block_after_body() -> None:
    html = _page(f"<div class='article-content'>{BODY}</div>"
                 "<div class='attachments'>附件：<a href='/a/b.docx'>申报表</a></div>")
    art = extract_article(html, URL)
    assert [(a.url, a.name) for a in art.attachments] == [("http://www.example.gov.cn/a/b.docx", "申报表")]


@pytest.mark.parametrize(
    ("extra_head", "body_prefix", "url", "expected", "source"),
    [
        ("", "<h1 class='article-title'>题</h1><div><span>2024-03-02</span></div>", URL,
         datetime(2024, 3, 2), "page"),
        ("<meta name='PubDate' content='2024-03-03 08:00'>", "", URL,
         datetime(2024, 3, 3, 8, 0), "page"),
        ("", "", URL, datetime(2024, 4, 5), "url"),
        ("", "", "http://www.example.gov.cn/a/content_5365945.htm", None, "none"),
        ("", "<script>var ct = \"1581517074\";</script>", "https://mp.weixin.qq.com/s/x",
         datetime(2020, 2, 12, 22, 17, 54), "page"),
    ],
)
def test_date_fallbacks(extra_head, body_prefix, url, expected, source) -> None:
    art = extract_article(_page(body_prefix + f"<div id='zoom'>{BODY}</div>", extra_head), url)
    assert (art.published, art.date_source) == (expected, source)


def test_title_sources() -> None:
    assert extract_article(_page(BODY), URL).title == "测试标题"
    head = "<meta name='ArticleTitle' content='元标题'>"
    assert extract_article(_page(BODY, head), URL).title == "元标题"
    head = "<meta property='og:title' content='OG 标题'>"
    assert extract_article(_page("<h1>网站名</h1>" + BODY, head), URL).title == "OG 标题"


def test_density_fallback_picks_paragraph_container() -> None:
    html = _page("<div class='side'><p>链接</p></div><div class='x'>" + BODY * 3 + "</div>")
    art = extract_article(html, URL)
    assert art.body_text.startswith("这是正文内容")
    assert "链接" not in art.body_text


def test_templates() -> None:
    assert {"generic", "trs", "wechat"} <= set(TEMPLATES)
    register_template("test_site", TemplateSpec(title_selector=".t", body_selector=".b",
                                                meta_selector=".m", date_selector=".d"))
    html = _page("<div class='m'>索引号：X-1</div><div class='t'>自定义标题</div>"
                 "<div class='d'>2023年1月2日</div><div class='b'><p>短正文</p></div>"
                 f"<div id='zoom'>{BODY}</div>")
    art = extract_article(html, URL, "test_site")
    assert (art.title, art.body_text, art.template) == ("自定义标题", "短正文", "test_site")
    assert art.meta == {"index_no": "X-1"}
    assert (art.published, art.date_source) == (datetime(2023, 1, 2), "meta")
    assert extract_article(html, URL, "no-such-template").template == "generic"
    assert extract_article(html, URL).template == "generic"
    assert extract_article(html, URL, "trs").template == "trs"


def test_bad_selector_in_template_does_not_crash() -> None:
    register_template("broken", TemplateSpec(body_selector="div[[[", title_selector=":::"))
    assert extract_article(_page(f"<div id='zoom'>{BODY}</div>"), URL, "broken").body_text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "\x00\x00\x00",
        "not html at all",
        "<html><body><div><p>未闭合<table><tr><td>格<div></span></p></body>",
        "<?xml version='1.0' encoding='gbk'?><html><body><p>带声明</p></body></html>",
        "<p>" + "<div>" * 3000 + "深层" + "</div>" * 3000,
        bytes(range(256)).decode("latin-1") * 50,
        "\ud800 lone surrogate <p>文本</p>",
        "<html><body></html><div id='zoom'><p>" + "在结束标签之后的正文。" * 3 + "</p></div>",
        "<a href='http://[bad'>x</a><img src='http://[bad'><div id='zoom'>" + BODY + "</div>",
    ],
)
def test_malformed_input_never_crashes(html: str) -> None:
    art = extract_article(html, URL)
    assert isinstance(art.body_text, str)
    assert art.date_source in {"meta", "page", "url", "none"}


def test_empty_input() -> None:
    art = extract_article("", "http://x.gov.cn/a.html")
    assert (art.title, art.body_text, art.meta, art.published, art.date_source) == (
        "", "", {}, None, "none")


def test_content_after_stray_html_end_tag_is_found() -> None:
    html = "<html><body><p>头</p></body></html><div id='zoom'><p>" + "正文在后面。" * 5 + "</p></div>"
    assert extract_article(html, URL).body_text.startswith("正文在后面")


def test_20mb_page_finishes() -> None:
    para = "<p>" + "政务公开工作要点，" * 20 + "<a href='/x{}.html'>链接</a></p>\n"
    body = "".join(para.format(i) for i in range(80_000))
    html = _page("<div class='content'><div class='article-content'>" + body + "</div></div>")
    assert len(html.encode()) > 20_000_000
    start = time.monotonic()
    art = extract_article(html, URL)
    elapsed = time.monotonic() - start
    assert art.body_text.count("\n") == 79_999
    assert len(art.links) == 80_000
    assert elapsed < 60

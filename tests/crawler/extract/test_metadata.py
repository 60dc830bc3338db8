"""Metadata: label normalisation, synonyms and the common layouts."""

import pytest

from crawler.extract.metadata import canonical_key, extract_metadata, normalize_label


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("索 引 号：", "索引号"),
        ("索\u2002引\u2002号：", "索引号"),
        ("标\u3000\u3000题:", "标题"),
        ("发布\xa0日期 ：", "发布日期"),
        ("【来源】", "来源"),
        (" 文\u200b号： ", "文号"),
        ("发文字号", "发文字号"),
    ],
)
def test_normalize_label(raw: str, label: str) -> None:
    assert normalize_label(raw) == label


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("索 引 号：", "index_no"), ("发布机构", "publisher"), ("发文机关：", "publisher"),
        ("发文单位", "publisher"), ("公开目录", "catalog"), ("主题分类", "catalog"),
        ("信息分类", "catalog"), ("发布日期", "pub_date"), ("发布时间", "pub_date"),
        ("公开日期", "pub_date"), ("发文日期", "pub_date"), ("成文日期", "written_date"),
        ("文号", "doc_no"), ("发文字号", "doc_no"), ("主题词", "keywords"), ("关键词", "keywords"),
        ("浏览量", "views"), ("浏览次数", "views"), ("访问量", "views"), ("点击数", "views"),
        ("来源", "source"), ("信息来源", "source"), ("有效性", "validity"), ("时效性", "validity"),
        ("公开方式：", "label:公开方式"),
    ],
)
def test_canonical_key(raw: str, key: str) -> None:
    assert canonical_key(raw) == key


def test_table_layout() -> None:
    html = """<table><tr><td><b>索 引 号：</b></td><td>000014349/2019-00007</td>
    <td><b>主题分类：</b></td><td>市场监管</td></tr>
    <tr><td><b>发文机关：</b></td><td>国务院</td><td><b>成文日期：</b></td><td>2019年01月27日</td></tr>
    <tr><td><b>公开方式：</b></td><td>主动公开</td><td><b>主 题 词：</b></td><td></td></tr></table>"""
    assert extract_metadata(html) == {
        "index_no": "000014349/2019-00007", "catalog": "市场监管", "publisher": "国务院",
        "written_date": "2019年01月27日", "label:公开方式": "主动公开",
    }


def test_th_without_colon() -> None:
    html = "<table><tr><th>索引号</th><td>A-1</td></tr><tr><th>文号</th><td>万府发〔2024〕1号</td></tr></table>"
    assert extract_metadata(html) == {"index_no": "A-1", "doc_no": "万府发〔2024〕1号"}


def test_dl_layout_with_en_spaces() -> None:
    html = """<dl><dd><label><font>索\u2002引\u2002号：</font></label><div> 0147/2023-1 </div></dd>
    <dd><label>发布机构：</label><div>宜春市统计局</div></dd>
    <dd><label>公开时限：</label><div>常年公开</div></dd></dl>"""
    assert extract_metadata(html) == {
        "index_no": "0147/2023-1", "publisher": "宜春市统计局", "label:公开时限": "常年公开",
    }


def test_article_meta_line() -> None:
    html = "<div class='info'>发布时间：2024-04-05 10:00 来源：县医保局 浏览次数：123</div>"
    assert extract_metadata(html) == {
        "pub_date": "2024-04-05 10:00", "source": "县医保局", "views": "123",
    }


def test_spans_with_js_filled_views() -> None:
    html = """<div><span>来源：<b></b></span><span>访问量：<b id="view"></b></span>
    <span>发布日期：<b>2017-05-15 10:49:00</b></span></div>"""
    assert extract_metadata(html) == {"pub_date": "2017-05-15 10:49:00"}


def test_label_with_tail_value() -> None:
    html = "<li><span><i>时间：</i>2019-09-18 06:23</span><span><i>来源：</i> 山西日报 </span></li>"
    assert extract_metadata(html) == {"pub_date": "2019-09-18 06:23", "source": "山西日报"}


def test_unknown_labels_outside_meta_block_are_ignored() -> None:
    html = """<div class="footer">主办：万载县人民政府 <span>网站标识码：</span><span>3609220011</span></div>
    <p>资料来源：</p><p>本公报数据来自省统计局。</p>"""
    assert extract_metadata(html) == {}


def test_empty_and_garbage() -> None:
    assert extract_metadata("") == {}
    assert extract_metadata("\x00\x01\x02") == {}
    assert extract_metadata("<html><body><p>没有元数据</p></body></html>") == {}

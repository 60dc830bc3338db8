"""FORMAT-PUNCT: positive and negative cases on realistic government text."""

from __future__ import annotations

import pytest

from analyzers.format_punct import PunctRule
from tests.analyzers.conftest import article


def punct(body: str, title: str | None = None, **kw) -> list[tuple[str, str]]:
    doc = article(body, title=title, **kw)
    out = []
    for f in PunctRule().check(doc):
        text = doc["title"] if f.evidence.field == "title" else doc["body_text"]
        assert text[f.evidence.start : f.evidence.end] == f.evidence.text
        out.append((f.evidence.text, f.message.split("：", 1)[1].split("「")[0]))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("田园镇召开安全生产工作会议，。会议要求各村做好排查。", [("，。", "标点连用")]),
        ("会议强调：。要压实责任。", [("：。", "标点连用")]),
        ("全镇共排查隐患12处。。已全部整改到位。", [("。。", "标点重复")]),
        ("各村（社区），，各站所要高度重视。", [("，，", "标点重复")]),
        ("开展森林防火、、禁毒宣传。", [("、、", "标点重复")]),
        ("请各单位于3月5日前报送材料，。", [("，。", "标点连用")]),
        ("各乡、镇人民政府,县直有关单位：", [(",", "中文语句中使用半角标点")]),
        ("现将有关事项通知如下:", [(":", "中文语句中使用半角标点")]),
        ("是否按时完成?请回复。", [("?", "中文语句中使用半角标点")]),
        ("一.总体情况", [(".", "中文语句中使用半角标点")]),
        ("落实责任; 扎实推进", [(";", "中文语句中使用半角标点")]),
        ("工作已经完成.", [(".", "中文语句中使用半角标点")]),
        ("(一)政府网站检查情况。", [("(一)", "中文语句中使用半角括号")]),
        (
            "年末共有各类医疗卫生机构(含村卫生室)35690个。",
            [("(含村卫生室)", "中文语句中使用半角括号")],
        ),
        ("根据《政府网站发展指引的通知要求。", [("《", "书名号不成对（缺少后半）")]),
        ("根据政府网站发展指引》的要求。", [("》", "书名号不成对（缺少前半）")]),
        (
            "开设”政策文件”菜单。",
            [("”", "引号不成对（缺少前半）"), ("”", "引号不成对（缺少前半）")],
        ),
        ("（二）提高网站安全保障水平。（", [("（", "括号不成对（缺少后半）")]),
        ("【公告信息发布", [("【", "方头括号不成对（缺少后半）")]),
        ("说:“要抓好落实。”", [(":", "中文语句中使用半角标点")]),
        # issue 8.5: a clause that ends in a number or a percentage
        ("全县生产总值同比增长5.1%,其中第一产业增长4.2%。", [(",", "中文语句中使用半角标点")]),
        ("生猪存栏12.3万头;出栏20.1万头。", [(";", "中文语句中使用半角标点")]),
        ("生猪存栏12.3;出栏20.1。", [(";", "中文语句中使用半角标点")]),
        ("粮食播种面积增长0.8％,总产量稳定。", [(",", "中文语句中使用半角标点")]),
        ("群众诉求受理率100%,办结率98.5%。", [(",", "中文语句中使用半角标点")]),
        ("附件1:昌宁县2024年重点项目清单", [(":", "中文语句中使用半角标点")]),
    ],
)
def test_flags(body: str, expected: list[tuple[str, str]]) -> None:
    assert punct(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "全年完成投资1,000.50万元，同比增长3.5%。",
        "2024.3.5召开会议，比例尺1:500。",
        "会议于10:30在县政府三楼会议室召开。",
        # a digit on both sides is the number's own mark
        "三次产业结构比为3.2:46.1:50.7，比上年有所优化。",
        "全年完成投资1,000万元，男女比例3:2。",
        "第1,2,3条规定的情形除外。",
        "详见http://www.yncn.gov.cn/info/30114/9048870.htm?id=1&a=2，请及时查看。",
        "网址：www.yncn.gov.cn/zwgk/index.html，欢迎访问。",
        "来信请发送至cnxzfb@163.com，我们将及时回复。",
        "附件：昌宁县2024年项目清单.pdf",
        "附件：关于做好工作的通知.docx；统计表.XLSX",
        "系统版本升级至v1.2.3，修复若干问题。",
        "The State Council issued a guideline on Monday, according to Xinhua. It covers 5G, AI (artificial intelligence), etc.",
        "请运行 `pip install -r requirements.txt` 安装依赖。",
        "def check(doc): return doc.get('title', None)",
        "这是……一个省略号——和破折号。",
        "难道不应该整改吗？！",
        "“此件公开发布”“此件删减公开（本文有删减）”等4种属性。",
        "《昌宁县人民政府办公室关于做好规范公文标识政府信息公开属性工作的通知》（昌政办发〔2019〕67号）",
        "1.县发展改革局、县财政局等单位存在严重表述错误。",
        "2.发布信息仍然存在红头红章文件。",
        "（1）完善工作机制；（2）强化督促检查。",
        "中文域名：万载政府网.政务",
        "GDP(Gross Domestic Product) grew.",
        "国务院办公厅关于印发《政府网站集约化\n试点工作方案》的通知",
        "联系电话：0875-6122345，传真：0875-6122346。",
        "",
    ],
)
def test_passes(body: str) -> None:
    assert punct(body) == []


def test_title_is_checked_with_title_field() -> None:
    fs = list(PunctRule().check(article("正文。", title="关于开展安全检查的通知，。")))
    assert [(f.evidence.field, f.evidence.text, f.evidence.start) for f in fs] == [
        ("title", "，。", 11)
    ]


def test_pdf_paragraphs_span_lines() -> None:
    # A PDF wraps visual lines: a 《》 pair broken by a wrap is still a pair.
    body = "根据《昌宁县人民政府办公室关于\n做好规范公文标识工作的通知》要求。\n\n另起一段《未闭合"
    doc = article(body, meta={"wrapped_lines": True})
    fs = list(PunctRule().check(doc))
    assert [(f.evidence.text, f.evidence.start) for f in fs] == [("《", body.index("《未"))]


def test_same_text_twice_gives_two_ids() -> None:
    fs = list(PunctRule().check(article("第一段，。\n第二段，。")))
    assert len(fs) == 2
    assert fs[0].finding_id != fs[1].finding_id
    again = list(PunctRule().check(article("第一段，。\n第二段，。")))
    assert [f.finding_id for f in fs] == [f.finding_id for f in again]


def test_english_line_inside_a_wrapped_paragraph() -> None:
    # The English-line test is per line even when a PDF paragraph spans lines
    # (the fast path looks the line up only when a half-width mark is seen).
    english = "The State Council issued a guideline, according to Xinhua, on Monday."
    body = f"{english}\n会议要求,各单位抓好落实。"
    fs = list(PunctRule().check(article(body, title=None, meta={"wrapped_lines": True})))
    assert [(f.evidence.text, f.evidence.start) for f in fs] == [(",", body.index("求,") + 1)]


def test_quotation_of_several_paragraphs() -> None:
    # GB/T 15834-2011: each paragraph of a long quotation opens with “ and
    # only the last one closes (People's Daily, 1998-01, 199801.txt l. 5521-5523).
    many = "他在笔记本上写道：“……市场经济的竞争条件是平等的。\n“童志成属于这类经营者。\n“利润占全国的百分之七十五。”\n下一段。"
    assert list(PunctRule().check(article(many, title=None))) == []
    # the next paragraph is no quotation: the “ is unclosed
    unclosed = "他在笔记本上写道：“市场经济的竞争条件是平等的。\n童志成属于这类经营者。"
    fs = list(PunctRule().check(article(unclosed, title=None)))
    assert [(f.evidence.text, f.evidence.start) for f in fs] == [("“", unclosed.index("“"))]

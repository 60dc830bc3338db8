"""FORMAT-TITLE, FORMAT-LINEBREAK, FORMAT-FONT, FORMAT-TABLE."""

from __future__ import annotations

import pytest

from analyzers.format import FontRule, LinebreakRule, TableRule, TitleRule
from tests.analyzers.conftest import article


def problems(rule, doc) -> list[str]:
    out = []
    for f in rule.check(doc):
        ev = f.evidence
        if ev.start >= 0:
            src = doc["title"] if ev.field == "title" else doc["body_text"]
            assert src[ev.start : ev.end] == ev.text
        out.append(f.message.split("：", 1)[1])
    return out


# --- FORMAT-TITLE -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        ("关于开展森林草原防火检查的通知。", "正文。", ["标题末尾有标点「。」"]),
        ("县医保局2024年工作要点：", "正文。", ["标题末尾有标点「：」"]),
        (" 关于开展安全检查的通知", "正文。", ["标题开头有空格"]),
        ("关于开展安全检查的通知\u3000", "正文。", ["标题末尾有空格"]),
        ("关于开展安全检查的  通知", "正文。", ["标题中有连续空格"]),
        ("县农业农村局 召开 农机安全生产 工作会议", "正文。", ["标题中有3处空格把词语隔开"]),
        ("", "正文。", ["标题为空"]),
        ("   ", "正文。", ["标题为空"]),
        ("关" * 61, "正文。", ["标题过长（61字，上限60字）"]),
        (
            "关于开展安全检查的通知",
            "\n  关于开展安全检查的通知\n各单位：\n现将有关事项通知如下。",
            ["正文首行重复标题"],
        ),
    ],
)
def test_title_flags(title: str, body: str, expected: list[str]) -> None:
    assert problems(TitleRule(), article(body, title=title)) == expected


@pytest.mark.parametrize(
    "title",
    [
        "关于开展安全检查的通知",
        "中共中央 国务院印发《国家创新驱动发展战略纲要》",
        "如何办理新生儿医保参保登记？",
        "昌宁县医疗保障局（本级）",
        "奋进新征程 建功新时代！",
        "凝心聚力 共谋发展",
        "青禾县人民政府 公告（2024年第1号）",
        "关于印发“十四五”规划的通知",
        "关" * 60,
    ],
)
def test_title_passes(title: str) -> None:
    body = "各单位：\n关于开展安全检查的通知要求如下。"  # mentions, not repeats, the title
    assert problems(TitleRule(), article(body, title=title)) == []


def test_title_in_official_document_layout_is_not_a_repeat() -> None:
    title = "国务院办公厅关于科技节水建议的复函"
    body = f"{title}\n国办函〔2005〕21号\n马万祺副主席：\n……"
    assert problems(TitleRule(), article(body, title=title)) == []


def test_title_unknown_is_not_judged() -> None:
    assert problems(TitleRule(), article("正文", title=None)) == []


def test_title_threshold_override() -> None:
    assert problems(TitleRule({"max_length": 5}), article("正文", title="关于开展检查")) == [
        "标题过长（6字，上限5字）"
    ]


# --- FORMAT-LINEBREAK -------------------------------------------------------


def test_linebreak_flags_long_line() -> None:
    long_line = "县市场监管局开展食品安全专项检查，" * 50  # 850 chars, no break
    body = "第一段。\n" + long_line + "\n第三段。"
    fs = list(LinebreakRule().check(article(body)))
    assert len(fs) == 1
    ev = fs[0].evidence
    assert (ev.start, ev.end) == (5, 5 + len(long_line))
    assert "850字" in fs[0].message


def test_linebreak_passes_normal_paragraphs() -> None:
    body = "\n".join(["县市场监管局开展食品安全专项检查。" * 20] * 10)  # 340 chars a line
    assert list(LinebreakRule().check(article(body))) == []


# --- FORMAT-FONT ------------------------------------------------------------

_P = "县发展改革局召开专题会议，研究部署一季度重点项目建设工作，要求各股室压实责任。"


def _p(style: str = "", text: str = _P, attrs: str = "") -> str:
    return f'<p style="{style}" {attrs}>{text}</p>' if style or attrs else f"<p>{text}</p>"


def test_font_family_changes_between_paragraphs() -> None:
    html = (
        "<div>"
        + _p("font-family: 仿宋_GB2312; font-size: 16pt")
        + _p("font-family: 仿宋_GB2312; font-size: 16pt")
        + _p("font-family: 宋体; font-size: 16pt", text="第三段" + _P)
        + "</div>"
    )
    body = f"{_P}\n{_P}\n第三段{_P}"
    msgs = problems(FontRule(), article(body, html=html))
    assert msgs == ["1段字体为「宋体」，其余段落为「仿宋_gb2312」"]
    f = next(FontRule().check(article(body, html=html)))
    assert f.evidence.start == body.index("第三段")


def test_font_size_via_span_and_font_tag() -> None:
    html = (
        f'<p><span style="font-size:16px">{_P}</span></p>'
        f'<p><span style="font-size:12pt">{_P}</span></p>'  # 12pt == 16px
        f'<p><font size="4">{_P}</font></p>'
    )
    assert problems(FontRule(), article(_P * 3, html=html)) == [
        "1段字号为「font size=4」，其余段落为「16px」"
    ]


@pytest.mark.parametrize(
    "html",
    [
        # same font everywhere
        _p("font-family:仿宋") * 3,
        # a heading in 黑体, a centred title, a right-aligned signature
        '<p style="font-family:黑体">一、总体情况</p>'
        '<p style="font-family:方正小标宋简体;text-align:center">关于开展安全检查的通知，特此通知。</p>'
        + _p("font-family:仿宋") * 2
        + '<p align="right" style="font-family:楷体">昌宁县人民政府办公室，2024年4月5日。</p>',
        # a single emphasised span inside a paragraph
        f'<p style="font-family:仿宋"><span style="font-family:黑体">（一）抓实信息更新。</span>{_P}</p>'
        + _p("font-family:仿宋"),
        # gov.cn house style: run-in heading and 牵头部门 note in 楷体, text in 宋体
        '<p><span style="font-family: 楷体, 楷体_GB2312;">1.拓展两个市场。</span>'
        '<span style="font-family: 宋体;">积极稳妥地在综合保税区推广增值税一般纳税人资格试点。</span>'
        '<span style="font-family: 楷体, 楷体_GB2312;">（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）</span></p>'
        f'<p style="font-family: 宋体;">{_P}</p>',
        # a table cell in another font
        _p("font-family:仿宋") * 2
        + f'<table><tr><td><p style="font-family:宋体">{_P}</p></td></tr></table>',
        # paragraphs without inline fonts
        _p() + _p("font-family:仿宋"),
        "",
    ],
)
def test_font_passes(html: str) -> None:
    assert problems(FontRule(), article(_P, html=html)) == []


# --- FORMAT-TABLE -----------------------------------------------------------

_ROW = "<tr><td>{}</td><td>{}</td><td>{}</td></tr>"


def test_table_ragged_row() -> None:
    html = (
        "<p>2024年一季度项目表</p><table>"
        + _ROW.format("项目", "金额", "进度")
        + _ROW.format("道路硬化", "120", "80%")
        + "<tr><td>饮水工程</td><td>35</td></tr>"
        + "</table>"
    )
    body = "2024年一季度项目表\n项目\t金额\t进度\n道路硬化\t120\t80%\n饮水工程\t35"
    fs = list(TableRule().check(article(body, html=html)))
    assert [f.message for f in fs] == ["表格格式错误：第1个表格第3行有2列，其他行为3列"]
    assert fs[0].evidence.text == "饮水工程"
    assert fs[0].evidence.start == body.index("饮水工程")


def test_table_spans_are_counted() -> None:
    html = (
        "<table><thead><tr><th rowspan=2>乡镇</th><th colspan=2>资金（万元）</th></tr>"
        "<tr><th>中央</th><th>省级</th></tr></thead>"
        "<tbody><tr><td>田园镇</td><td>10</td><td>5</td></tr>"
        "<tr><td colspan=3>合计：15</td></tr></tbody></table>"
    )
    assert list(TableRule().check(article("乡镇", html=html))) == []


def test_table_empty() -> None:
    html = f"<p>{_P}</p><table><tr><td> </td><td></td></tr></table><table></table>"
    assert problems(TableRule(), article(_P, html=html)) == ["第1个表格为空", "第2个表格为空"]


def test_table_layout_wrapper() -> None:
    html = f"<table><tr><td><p>{_P}</p><p>{_P}</p></td></tr></table><p>附件：无</p>"
    assert problems(TableRule(), article(_P + "\n" + _P, html=html)) == [
        "正文套在单个表格单元格中（布局表格）"
    ]


def test_table_small_boxed_note_passes() -> None:
    html = f"<p>{_P}</p><p>{_P}</p><table><tr><td>温馨提示：请携带身份证。</td></tr></table>"
    assert list(TableRule().check(article(_P, html=html))) == []

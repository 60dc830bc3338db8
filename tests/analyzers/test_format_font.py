"""FORMAT-FONT and the notes it leaves out (analyzers/format_font.py), on
realistic bodies and on the real pages of shared/realdata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzers.format_font import FontRule
from analyzers.textsource import load
from tests.analyzers.conftest import SHARED, article

FS = "font-family:仿宋_GB2312;font-size:16pt"
KAI = "font-family:楷体_GB2312;font-size:16pt"
SMALL = "font-family:仿宋_GB2312;font-size:12pt"
BODY = [
    "第一条　为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，制定本条例。",
    "第二条　本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。",
    "第四条　各级人民政府及县级以上人民政府部门应当建立健全本行政机关的政府信息公开工作制度。",
    "第五条　行政机关公开政府信息，应当坚持以公开为常态、不公开为例外，遵循公正、公平、合法、便民的原则。",
]
PROMULGATION = "（2007年4月5日中华人民共和国国务院令第492号公布　2019年4月3日中华人民共和国国务院令第711号修订）"
TABLE = "<table><tr><td>项目</td><td>产量（万吨）</td></tr><tr><td>粮食</td><td>10.8</td></tr></table>"
ODD = "会议要求，各医疗卫生单位要加强值班值守，发现异常情况及时报告，确保群众健康安全。"


def p(text: str, style: str = FS) -> str:
    return f'<p style="{style}">{text}</p>'


def body(*extra_at: tuple[int, str]) -> str:
    """BODY with each (index, html) inserted before BODY[index], in the order given."""
    parts = [[p(t)] for t in BODY] + [[]]
    for i, html in extra_at:
        parts[i].insert(len(parts[i]) - (i < len(BODY)), html)
    return "".join(x for group in parts for x in group)


def findings(html: str) -> list[str]:
    return [f.evidence.text for f in FontRule().check(article("", html=html))]


@pytest.mark.parametrize(
    ("html", "why"),
    [
        (body((0, p(PROMULGATION, KAI))), "promulgation note under the title in 楷体"),
        (body((0, p("（2019年8月19日中共中央政治局会议审议批准", KAI)),
              (0, p("2019年8月19日中共中央发布）", KAI))), "a note over two paragraphs"),
        (body((2, p("注：表中粮食产量为播种面积与单产调查推算数，茶叶产量为毛茶产量。", SMALL))), "注 line"),
        (body((2, p("注1：本表数据为初步统计数，部分数据因四舍五入的原因存在合计不等的情况。", SMALL))), "注1 line"),
        (body((2, p("说明：以上数据来源于各乡镇上报的统计报表，部分数据尚待核实确认。", SMALL))), "说明 line"),
        (body((2, p("备注：本次调整自2026年1月1日起执行，此前已办理的事项按原规定执行。", SMALL))), "备注 line"),
        (body((4, p("资料来源：县统计局、县农业农村局、县工业信息商务科技局，部分为初步统计数。", SMALL))),
         "资料来源 line"),
        (body((4, p("注释：", SMALL)),
              (4, p("[1]地区生产总值、各产业增加值绝对数按现价计算，增长速度按不变价格计算。", SMALL)),
              (4, p("[2]本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
                    SMALL))), "notes block at the end"),
        (body((4, p("①本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。",
                    SMALL))), "footnote at the end without a heading"),
        (body((2, p("注：", SMALL)), (2, p("1.三级公立综合医院考核应采用上述全部考核指标，专科医院可选用部分指标。", SMALL)),
              (2, p("2.标记的指标为国家监测指标，其中部分指标自动生成，部分指标由医院填报。", SMALL))),
         "注 heading with numbered notes mid-body"),
        (body((2, p("表1　2025年全县主要农产品产量及其增长速度（按现价计算，单位为万吨）", SMALL)), (2, TABLE)),
         "table caption"),
        (body((2, p("全县主要农产品产量及其增长速度统计表（按现价计算，单位为万吨）", SMALL) + TABLE)),
         "caption directly above a table"),
        (body((2, f'<table><tr><td><p style="{SMALL}">{ODD}</p></td></tr></table>')), "table text"),
    ],
)
def test_conventional_notes_are_not_compared(html: str, why: str) -> None:
    assert findings(html) == [], why


@pytest.mark.parametrize(
    ("html", "evidence"),
    [
        (body((2, p(ODD, SMALL))), ODD),  # a body paragraph in a smaller size
        (body((4, p(ODD, SMALL))), ODD),  # the last paragraph, not a notes block
        (body((0, p(ODD, KAI))), ODD),  # the first paragraph in 楷体, not a parenthesised note
        (body((2, p("注意：" + ODD, SMALL))), "注意：" + ODD),  # 注意 opens no note
        (body((1, p("（一）" + ODD + "本条例自公布之日起施行。", KAI))), "（一）" + ODD),  # a numbered heading is body
        # A note opens no block for the body paragraphs after it.
        (body((1, p("注：表中数据为初步统计数。", SMALL)), (1, p(ODD, SMALL))), ODD),
    ],
)
def test_a_paragraph_in_another_font_is_still_reported(html: str, evidence: str) -> None:
    found = findings(html)
    assert len(found) == 1 and found[0][:20] == evidence[:20]


# --- real pages ---------------------------------------------------------------------

REAL = SHARED / "realdata" / "html"
YICHUN = REAL / "yichun_site_jiangxi_tjgb_2022.html"


def _real_pages() -> list[Path]:
    pages = [*sorted(REAL.glob("*.html")), *sorted((REAL / "govcn_policy_fragments").glob("*.html"))]
    if len(pages) < 30:
        pytest.skip(f"shared/realdata not found beside the repository ({REAL})")
    return pages


def test_real_pages_raise_no_font_finding() -> None:
    """Real pages as published, with their 注 lines under tables (gov.cn 国办发〔2019〕4号)
    and the 注释 block of a statistical bulletin."""
    found = {page.name: findings(load(str(page))["body_html"] or "") for page in _real_pages()}
    assert {k: v for k, v in found.items() if v} == {}


def _yichun_variant(tmp_path: Path, start: str, size: str, *, upto: str | None = None) -> dict:
    """The 宜春 statistical bulletin with its paragraphs from ``start`` (to ``upto``) set in ``size``."""
    html = YICHUN.read_text(encoding="utf-8")
    i = html.rfind("<p", 0, html.index(start))
    j = html.index("</p>", html.index(upto, i)) if upto else len(html)
    html = html[:i] + re.sub(r"font-size: 16pt", f"font-size: {size}", html[i:j]) + html[j:]
    out = tmp_path / "page.html"
    out.write_text(html, encoding="utf-8")
    return load(str(out))


def test_real_bulletin_with_a_smaller_notes_block(tmp_path: Path) -> None:
    _real_pages()
    # The 注释 block at the end in the usual smaller size: a convention, no finding.
    doc = _yichun_variant(tmp_path, "注释：", "10.5pt")
    assert findings(doc["body_html"]) == []
    # One body paragraph of the same page in 12pt: the fault the seed bulletin names.
    doc = _yichun_variant(tmp_path, "全年共发生生产安全事故", "12pt", upto="全年共发生生产安全事故")
    assert [f[:11] for f in findings(doc["body_html"])] == ["全年共发生生产安全事故"]

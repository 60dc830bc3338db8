"""REVIEW-TYPO, REVIEW-SENSITIVE, REVIEW-EXPRESSION, and the false-alarm
floor of the 29 clean central documents.

Findings on shared/realdata/policy_docs (117,551 characters, budget 5 at one
per 20,000), judged:
- 《国家创新驱动发展战略纲要》(2016): REVIEW-SENSITIVE “一带一路”战略 — a real
  hit of Xinhua's list (倡议, not 战略); the 2016 central text predates the
  usage rule being enforced, but on a county page today it is a finding.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from analyzers.model import Severity
from analyzers.privacy import PrivacyRule
from analyzers.rule import DATA_DIR
from analyzers.wording import REPO_ROOT, ExpressionRule, SensitiveRule, TypoRule
from tests.analyzers.conftest import article


def hits(rule, body: str, **kw) -> list[tuple[str, str]]:
    doc = article(body, title=None, **kw)
    out = []
    for f in rule.check(doc):
        ev = f.evidence
        if ev.start >= 0:
            assert doc["body_text"][ev.start : ev.end] == ev.text
        out.append((ev.text, str(f.severity)))
    return out


# --- REVIEW-TYPO ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "县政府召开专题会议，对防讯抗旱工作进行再布署。",
            [("防讯", "deduct"), ("布署", "deduct")],
        ),
        ("要再接再砺，确保按时拔付资金。", [("再接再砺", "deduct"), ("拔付", "deduct")]),
        ("全镇共有各类人材120名，成份复杂。", [("人材", "deduct"), ("成份", "deduct")]),
        ("村两委干部要按步就班推进工作，不得推委。", [("按步就班", "deduct"), ("推委", "deduct")]),
        ("深入学习贯彻中国共产觉的二十大精神。", [("中国共产觉", "deduct")]),
        ("坚持以中华人民共合国宪法为根本遵循。", [("中华人民共合国", "deduct")]),
        ("深入学习贯彻习近评总书记重要讲话精神。", [("习近评", "veto")]),
        ("国家主席习进平签署第十号主席令。", [("习进平", "veto")]),
        ("李墙总理主持召开国务院常务会议。", [("李墙", "veto")]),
        ("十四届全国人大常委会赵乐机委员长出席。", [("赵乐机", "veto")]),
    ],
)
def test_typo_flags(body: str, expected: list) -> None:
    assert hits(TypoRule(), body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "规范标识政府信息公开属性，在路口设置标识牌。",
        "发挥骨干与带头作用，提升水平空间利用率。",
        "坚持中国共产主义青年团的领导，回顾中国人民解放战争时期的历史。",
        "全国人民代表大会常务委员会，全省人民代表大会代表。",
        "李克强总理主持召开国务院常务会议。",
        "温家宝总理考察四川，曾培炎副总理出席座谈会。",
        "何立峰副总理出席会议，王沪宁主席讲话。",
        "习近平总书记、国家主席习近平同志强调。",
        "县委书记李刚同志主持会议。",
        "中国人民政治协商会议昌宁县委员会。",
        "最高人民法院、最高人民检察院联合发布；中级人民法院、高级人民法院。",
        "部署防汛工作，按时拨付资金。",
    ],
)
def test_typo_passes(body: str) -> None:
    assert hits(TypoRule(), body) == []


def test_typo_suggestion_and_source() -> None:
    f = next(TypoRule().check(article("对防汛工作进行再布署。")))
    assert f.message == "错别字：「布署」应为「部署」"
    assert "部署" in f.suggestion and "现代汉语词典" in f.suggestion


# --- REVIEW-SENSITIVE ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("台湾总统蔡某某发表讲话。", [("台湾总统", "deduct")]),
        ("今年接待港澳台国家游客1.2万人次。", [("港澳台国家", "deduct")]),
        ("少数台独分子妄图分裂国家。", [("台独", "deduct")]),
        ("严禁称残疾人为残废人或瞎子。", [("残废人", "deduct"), ("瞎子", "deduct")]),
        ("本店茶叶全网最低价，药到病除。", [("全网最低价", "deduct"), ("药到病除", "deduct")]),
        ("游客参观了台北故宫。", [("台北故宫", "deduct")]),
        ("积极对接北朝鲜客商。", [("北朝鲜", "deduct")]),
        ("围绕落实“一带一路”战略构想。", [("“一带一路”战略", "deduct")]),
        (
            "百家乐真人视讯，娱乐城开户送彩金",
            [("百家乐", "veto"), ("真人视讯", "veto"), ("娱乐城", "veto"), ("开户送彩金", "veto")],
        ),
    ],
)
def test_sensitive_flags(body: str, expected: list) -> None:
    assert hits(SensitiveRule(), body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "坚决反对“台独”分裂活动。",
        "推动平台独立运营。",
        "参观台北故宫博物院藏品展。",
        "中澳自由贸易协定生效后，出口增长。",
        "县城保留了一批中华民国时期的建筑。",
        "给妈妈的一封信。",
        "关心关爱残疾人、盲人和聋人。",
        "县残联为智力障碍者提供康复服务。",
        "习近平总书记亲自部署，根治欠薪取得最佳成效。",
        "严厉打击百家乐、网上赌场等违法犯罪活动。",
        "公安机关查处一起网络赌博案件，涉嫌开设赌场。",
        "深入推进“一带一路”建设，加快发展农村电商。",
        "招聘兼职网格员，通过网络报名。",
        "按JB/T 1234标准执行。",
        "天王镇召开会议。",
        # People's Daily 1998-01: ordinary, court and health news are not injected spam
        "她的演唱充满激情，最后已是声泪俱下，把晚会推向高潮。",
        "控诉书记述了一个幼女８岁时被强奸残害的事实，被告人轮奸、强暴该幼女。",
        "还可以选用避孕套等工具避孕或外用阴道杀精子剂避孕。",
    ],
)
def test_sensitive_passes(body: str) -> None:
    assert hits(SensitiveRule(), body) == []


def test_single_spam_word_needs_a_link() -> None:
    assert hits(SensitiveRule(), "娱乐城项目开工建设。") == []
    links = [{"url": "http://spam.example/", "text": "澳门娱乐城"}]
    got = hits(SensitiveRule(), "娱乐城项目开工建设。", links=links)
    assert got and all(sev == "veto" for _, sev in got)


# --- REVIEW-EXPRESSION ------------------------------------------------------------

D2024 = dt.datetime(2024, 3, 1)


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("县工商局、县环保局联合开展执法检查。", D2024, ["工商局", "环保局"]),
        ("县卫计局组织开展义诊活动。", D2024, ["卫计局"]),
        ("县国土资源局完成确权登记。", D2024, ["国土资源局"]),
        (
            "国家卫生和计划生育委员会印发通知。",
            dt.datetime(2019, 3, 1),
            ["国家卫生和计划生育委员会"],
        ),
        ("县扶贫办召开会议。", dt.datetime(2023, 3, 1), ["扶贫办"]),
        ("根据国家工商总局要求开展年报公示。", D2024, ["国家工商总局"]),
        ("以新时代中国特色社会主义思想为指导。", D2024, ["新时代中国特色社会主义思想"]),
    ],
)
def test_expression_flags(body: str, published: dt.datetime, expected: list[str]) -> None:
    assert [t for t, _ in hits(ExpressionRule(), body, published_at=published)] == expected


@pytest.mark.parametrize(
    ("body", "published"),
    [
        ("县工商局、县环保局联合开展执法检查。", dt.datetime(2018, 3, 1)),
        ("原县工商局干部张某，曾在原国家工商总局挂职。", D2024),
        ("县市场监督管理局（原县工商局）开展检查。", D2024),
        ("组建县市场监督管理局，不再保留县工商局。", D2024),
        ("各级环境保护部门、农业部门要加强协作。", D2024),
        ("以习近平新时代中国特色社会主义思想为指导。", D2024),
        ("县工商局开展检查。", None),
    ],
)
def test_expression_passes(body: str, published: dt.datetime | None) -> None:
    assert hits(ExpressionRule(), body, published_at=published) == []


def test_expression_judged_by_written_date() -> None:
    # a 2004 letter republished in 2018 rightly names the 国土资源部 of 2004
    body = "国土资源部会同民政部研究提出了办理意见。\n国务院办公厅\n二〇〇四年十月十五日"
    assert hits(ExpressionRule(), body, published_at=dt.datetime(2018, 12, 24)) == []
    meta = {"written_date": "2004年10月15日"}
    assert hits(ExpressionRule(), "国土资源部会同民政部研究。", meta=meta, published_at=D2024) == []


def test_expression_message_explains() -> None:
    f = next(ExpressionRule().check(article("县环保局开展检查。", published_at=D2024)))
    assert f.message == "严重表述错误：「环保局」自2019-04-01起已不再使用（文章日期2024-03-01）"
    assert "生态环境局" in f.suggestion and "原环保局" in f.suggestion
    assert f.severity is Severity.DEDUCT


# --- data ------------------------------------------------------------------------


def test_bundled_lists_are_unchanged_copies() -> None:
    spec = yaml.safe_load((DATA_DIR / "wordlists.yaml").read_text(encoding="utf-8"))
    entries = [spec["xinhua_forbidden"], spec["typo_pairs"], *spec["konsheng_spam"]["files"]]
    for e in entries:
        bundled = DATA_DIR / e["path"]
        assert bundled.is_file()
        origin = REPO_ROOT / e["origin"]
        if origin.is_file():
            assert (
                hashlib.sha256(bundled.read_bytes()).digest()
                == hashlib.sha256(origin.read_bytes()).digest()
            ), e["path"]
    source = (DATA_DIR / "wordlists" / "SOURCE").read_text(encoding="utf-8")
    assert "MIT" in source and "ECSpell" in source and "konsheng" in source
    assert "Permission is hereby granted" in (DATA_DIR / "wordlists" / "ECSpell_MIT.txt").read_text(
        encoding="utf-8"
    )


def test_own_entries_have_sources() -> None:
    for name, key in (
        ("sensitive.yaml", None),
        ("typos.yaml", "entries"),
        ("expressions.yaml", "entries"),
    ):
        raw = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
        groups = [raw[key]] if key else list(raw.values())
        for group in groups:
            for e in group:
                assert str(e["source"]).strip(), (name, e)
    names = yaml.safe_load((DATA_DIR / "names.yaml").read_text(encoding="utf-8"))
    assert all(e["source"] for e in names["critical"] + names["leaders"])


# --- false-alarm floor -------------------------------------------------------------

EXPECTED_POLICY_FINDINGS = {
    ("中共中央 国务院印发《国家创新驱动发展战略纲要》", "REVIEW-SENSITIVE", "“一带一路”战略"),
}


def test_policy_docs_false_alarm_floor(policy_docs: list[Path]) -> None:
    rules = (TypoRule(), SensitiveRule(), ExpressionRule(), PrivacyRule())
    got = set()
    chars = 0
    for path in policy_docs:
        text = path.read_text(encoding="utf-8")
        chars += len(text)
        doc = article(text, title=path.stem, url=path.name)
        for rule in rules:
            for f in rule.check(doc):
                got.add((path.stem, f.rule, f.evidence.text))
    word = [g for g in got if g[1] in {"REVIEW-TYPO", "REVIEW-SENSITIVE"}]
    assert len(word) <= chars / 20_000
    assert got == EXPECTED_POLICY_FINDINGS


# --- REVIEW-TYPO: homophones ------------------------------------------------------
#
# HomophoneChecker flags an out-of-vocabulary jieba token whose same-pinyin,
# same-tone one-character variant is a frequent jieba word. Candidates it met
# on the clean corpora (29 policy documents, the real pages of
# shared/realdata/html, the national bulletins) and the filter that drops each:
# - seams of two words glued by jieba's HMM: 对市 (对视), 为水 (渭水), 部等 (不等),
#   将视 (将士), 煤有 (没有), 象上 (向上), 之名 (知名), 不建 (不见) -> a character
#   that is mostly a word on its own is never part of a wrong form;
# - numerals and classifiers: 一是 (一事), 三带 (三代), 5个村 (各村), 1日至 (日志),
#   455.6亿人 (艺人) -> no numeral inside, none right before;
# - prefixes or parts of dictionary words: 依规 (依规治党), 先试 -> dropped when
#   the index is built; words overlapping the span (自然资源|部等) -> skipped;
# - parallel coinages: 依法依规, 先行先试, 事中事后, 细化实化, 雷人雷语,
#   贷前审查和贷中贷后, 微博、微信 -> a neighbour sharing a character in place;
# - quoted terms: “宜机化”, “总对总” -> skipped inside a short quotation;
# - the document's own terms: 配建, 水坪, 多源 -> repeated more than the variant;
# - person's names: 熊伟 (雄伟), 龚平 (公平), 钟华 (中华) -> first character
#   a likely surname (jieba's nr model), place names: X村, X园 -> suffix;
# - low-frequency dictionary words: 自付, 制程, 职业资格, 佳园 -> only words
#   outside jieba's dictionary are judged;
# - words newer than jieba's dictionary or terms of art: 微信, 微博, 禁入 ->
#   thresholds.yaml homophone_known_words.


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("深入贯撤落实党的二十大精神。", [("贯撤", "贯彻")]),
        ("全面惯彻落实会议精神。", [("惯彻", "贯彻")]),
    ],
)
def test_homophone_flags(body: str, expected: list[tuple[str, str]]) -> None:
    found = list(TypoRule().check(article(body, title=None)))
    got = [(f.evidence.text, f.message.split("应为「")[1].rstrip("」")) for f in found]
    assert got == expected
    assert all(f.message.startswith("疑似同音错字") for f in found)
    assert all(f.severity is Severity.DEDUCT for f in found)


@pytest.mark.parametrize(
    "body",
    [
        "县委副书记熊伟同志出席会议，龚平、钟华参加。",  # names ~ 雄伟, 公平, 中华
        "充分发挥政务微博、微信等平台作用。",  # newer than jieba's dictionary
        "依法依规处置，强化事中事后监管，细化实化政策措施。",  # parallel coinages
        "开展农田“宜机化”改造，加强“总对总”合作。",  # quoted terms
        "有感范围涉及5个村，执行期限为2019年1月1日至2023年12月31日。",  # numerals
        "由发展改革委、自然资源部等部门负责。",  # seam 部|等 ~ 不等
        "对市、县融资担保机构加强业务培训。",  # seam 对|市 ~ 对视
        "做好行政处罚决定、市场禁入决定的公示。",  # term of art ~ 进入
        "群众反应强烈，及时反映问题；报名截至5月底，截止日期不变。",  # both words
        "一是加强领导，二是压实责任，三是强化督查。",  # 一是 ~ 一事
    ],
)
def test_homophone_passes(body: str) -> None:
    assert hits(TypoRule(), body) == []


def test_homophone_explains_itself() -> None:
    f = next(TypoRule().check(article("深入贯撤落实会议精神。", title=None)))
    assert "贯彻" in f.suggestion and "guàn chè" in f.suggestion and "jieba" in f.suggestion


def test_homophone_list_hits_are_not_doubled() -> None:
    # 布署 is in the curated list; the homophone check must not report it again.
    assert hits(TypoRule(), "对防汛工作进行再布署。") == [("布署", "deduct")]


def test_real_pages_false_alarm_floor() -> None:
    """No REVIEW-TYPO finding on the real pages of shared/realdata/html."""
    from crawler.extract.article import extract_article

    pages = sorted((REPO_ROOT.parent / "shared" / "realdata" / "html").rglob("*.html"))
    if not pages:
        pytest.skip("shared/realdata/html not found beside the repository")
    got = []
    for page in pages:
        raw = page.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("gb18030", errors="replace")
        a = extract_article(html, f"http://www.example.gov.cn/{page.name}")
        doc = article(a.body_text, title=a.title, url=page.name)
        got += [(page.name, f.evidence.text) for f in TypoRule().check(doc)]
    assert got == []


@pytest.mark.parametrize("text,wrong,right", [
    ("加强环境执法，防止冶理不到位。", "冶理", "治理"),  # near-form (冶/治)
    ("会议竞然没有按期召开。", "竞然", "竟然"),  # homophone (竞/竟, jing4)
])
def test_near_form_and_homophone_swaps_are_found(text, wrong, right):
    from analyzers.registry import get

    doc = {"_id": "x", "url": "http://x/a.html", "title": "t", "body_text": text, "attachments": [], "meta": {}}
    found = [(f.evidence.text, f.suggestion) for f in get("REVIEW-TYPO")().check(doc)]
    assert [w for w, _ in found] == [wrong] and right in found[0][1]

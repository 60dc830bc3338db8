"""DUP-TITLE and DUP-CONTENT (MinHash LSH over jieba-token shingles)."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from analyzers.duplicates import DupContentRule, DupTitleRule, normalise_title
from tests.analyzers.conftest import article

P1 = (
    "10月12日，县发展改革局组织价格监督检查人员深入全县各粮食收购点，开展秋粮收购市场价格巡查，"
    "重点检查粮食收购企业明码标价、价格公示和执行国家粮食收购政策情况。"
)
P2 = (
    "检查中，检查人员认真查看了收购价格公示牌、质量标准和水分扣量标准，详细询问了收购进度和售粮农户"
    "结算情况，督促收购企业严格执行国家粮食收购政策，做到优质优价、公平收购，切实保护种粮农民利益。"
)
P3 = (
    "下一步，县发展改革局将持续加强秋粮收购期间的价格监管，畅通12315价格举报渠道，"
    "依法查处压级压价、价格欺诈等违法行为，维护粮食收购市场价格秩序。"
)
OTHER = (
    "4月2日，县医保局召开2024年医疗保障基金监管工作会议，通报2023年定点医药机构检查情况，"
    "部署开展医保基金违法违规问题专项整治，要求各定点医疗机构落实主体责任，规范诊疗和收费行为。\n"
    "会议强调，要坚持以零容忍的态度严厉打击欺诈骗保行为，聚焦重点领域和关键环节，"
    "持续保持打击欺诈骗保高压态势，确保医保基金安全高效、合理使用，守好人民群众的看病钱、救命钱。"
)


def doc(n: int, body: str, date: str, title: str | None = None, **kw: Any) -> dict[str, Any]:
    d = article(
        body,
        title=title or f"县发展改革局工作信息第{n}条",
        _id=f"a{n}",
        url=f"http://www.cn.gov.cn/art/{date.replace('-', '/')}/art_{n}.html",
        published_date=date,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )
    d.update(kw)
    return d


# --- DUP-TITLE ------------------------------------------------------------------


def test_title_duplicate_names_the_earlier() -> None:
    t = "县市场监管局开展校园食品安全专项检查"
    docs = [
        doc(3, OTHER, "2024-05-01", t),
        doc(1, OTHER, "2024-04-01", t + "。"),  # trailing mark: still the same title
        doc(2, OTHER, "2024-04-15", "县市场监管局开展校园食品 安全专项检查"),
        doc(4, OTHER, "2024-04-20", "县市场监管局开展药品安全专项检查"),
    ]
    fs = list(DupTitleRule().check(iter(docs)))
    assert [f.target for f in fs] == [docs[2]["url"], docs[0]["url"]]
    for f in fs:
        assert f.extra["related"] == docs[1]["url"] and docs[1]["url"] in f.message
        assert f.evidence.field == "title"


@pytest.mark.parametrize(
    "titles",
    [
        ["县医保局召开医保基金监管工作会议", "县医保局召开医保基金监管工作推进会议"],
        ["通知", "通知"],  # too short to be meaningful
        ["公告", "公告"],
    ],
)
def test_title_passes(titles: list[str]) -> None:
    docs = [doc(i, OTHER, f"2024-04-0{i + 1}", t) for i, t in enumerate(titles)]
    assert list(DupTitleRule().check(docs)) == []


def test_title_per_site() -> None:
    t = "县市场监管局开展校园食品安全专项检查"
    docs = [doc(1, OTHER, "2024-04-01", t), doc(2, OTHER, "2024-04-02", t, site="cn-other")]
    assert list(DupTitleRule().check(docs)) == []


def test_normalise_title() -> None:
    assert normalise_title(" 关于开展安全检查的通知。 ") == normalise_title(
        "关于开展 安全检查的通知"
    )
    assert normalise_title("ＡＢＣ检查") == "ABC检查"


# --- DUP-CONTENT ----------------------------------------------------------------

BODY = "\n".join((P1, P2, P3))
EDITED = "\n".join((P1.replace("县发展改革局", "我局", 1) + "检查组共抽查粮食收购点6个。", P2, P3))


@pytest.mark.parametrize(
    ("first", "second", "evidence"),
    [
        (BODY, BODY, P1),  # exact copy
        (BODY, EDITED, P2),  # lead paragraph reworded: evidence is the first shared paragraph
        (BODY, BODY.replace("\n", "\n\n") + "\n（来源：县发展改革局）", P1),
    ],
)
def test_content_duplicate(first: str, second: str, evidence: str) -> None:
    docs = [doc(2, second, "2024-10-20"), doc(1, first, "2024-10-13")]  # later one streamed first
    (f,) = DupContentRule().check(iter(docs))
    assert f.target == docs[0]["url"] and f.extra["related"] == docs[1]["url"]
    assert f.evidence.text == evidence and f.evidence.field == "body"
    assert second[f.evidence.start : f.evidence.end] == evidence
    assert "内容与已发布信息重复" in f.message


def test_content_evidence_independent_of_order() -> None:
    a, b = doc(1, BODY, "2024-10-13"), doc(2, EDITED, "2024-10-20")
    (f1,) = DupContentRule().check([a, b])
    (f2,) = DupContentRule().check([b, a])
    assert f1 == f2


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (BODY, OTHER),
        (BODY, "\n".join((P1, OTHER))),  # one shared paragraph of four is not a duplicate
        ("详见附件。", "详见附件。"),  # short bodies are skipped even when equal
        ("", ""),
    ],
)
def test_content_passes(first: str, second: str) -> None:
    docs = [doc(1, first, "2024-10-13"), doc(2, second, "2024-10-20")]
    assert list(DupContentRule().check(docs)) == []


def test_content_earliest_original_and_one_finding_per_copy() -> None:
    docs = [doc(3, BODY, "2024-10-27"), doc(2, EDITED, "2024-10-20"), doc(1, BODY, "2024-10-13")]
    fs = list(DupContentRule().check(docs))
    assert sorted(f.target for f in fs) == sorted([docs[0]["url"], docs[1]["url"]])
    assert {f.extra["related"] for f in fs} == {docs[2]["url"]}


def test_content_per_site() -> None:
    docs = [doc(1, BODY, "2024-10-13"), doc(2, BODY, "2024-10-20", site="cn-other")]
    assert list(DupContentRule().check(docs)) == []


def test_content_scales_linearly_in_calls() -> None:
    """Each article is signed once: no pairwise comparison of bodies."""
    rule = DupContentRule()
    calls = 0
    orig = rule.signature

    def counting(text: str):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return orig(text)

    rule.signature = counting  # type: ignore[method-assign]
    docs = [
        doc(i, f"{OTHER}\n第{i}期：{P3}{i * 7919}", f"2024-01-{i % 28 + 1:02d}") for i in range(60)
    ]
    list(rule.check(docs))
    assert calls == 60

"""DISC-MISSING, DISC-POSITION, DISC-UNNEEDED on realistic county documents
and on the 30 gov.cn policy fragments of shared/realdata."""

from __future__ import annotations

import csv

import pytest

from analyzers.disclosure import (
    DiscMissingRule,
    DiscPositionRule,
    DiscUnneededRule,
    labels_in,
    needs_label,
)
from tests.analyzers.conftest import SHARED, article

FRAGMENTS = SHARED / "realdata" / "html" / "govcn_policy_fragments"

HEAD = "昌宁县人民政府办公室关于印发昌宁县森林草原防火工作方案的通知\n昌政办发〔2024〕12号\n各乡、镇人民政府，县直有关单位：\n现将方案印发给你们，请认真贯彻执行。\n"
SIGN = "昌宁县人民政府办公室\n2024年3月1日\n"


def codes(rule, body: str, **kw) -> list[tuple[str, str]]:
    doc = article(body, **kw)
    out = []
    for f in rule.check(doc):
        ev = f.evidence
        if ev.start >= 0:
            assert doc["body_text"][ev.start : ev.end] == ev.text
        out.append((f.rule, ev.text))
    return out


@pytest.mark.parametrize(
    ("body", "kw", "expected"),
    [
        (HEAD + SIGN, {}, [("DISC-MISSING", "昌政办发〔2024〕12号")]),
        (
            HEAD + SIGN,
            {"meta": {"doc_no": "昌政办发〔2024〕12号"}},
            [("DISC-MISSING", "昌政办发〔2024〕12号")],
        ),
        (
            "卡斯镇人民政府关于印发火情应急处置办法的通知\n卡斯政发〔2023〕8号\n各村委会：\n现印发。\n卡斯镇人民政府\n2023年10月8日",
            {},
            [("DISC-MISSING", "卡斯政发〔2023〕8号")],
        ),
        (
            "各股室：\n现将有关事项通知如下。\n县审计局\n2024年1月5日",
            {"column_name": "政策文件", "title": "昌宁县审计局关于创建无烟单位的通知"},
            [("DISC-MISSING", "")],
        ),
    ],
)
def test_missing_flags(body: str, kw: dict, expected: list) -> None:
    assert codes(DiscMissingRule(), body, **kw) == expected


@pytest.mark.parametrize(
    ("body", "kw"),
    [
        (HEAD + SIGN + "（此件公开发布）\n", {}),
        (HEAD + SIGN + "(此件删减公开)\n", {}),
        (HEAD + SIGN + "（此件删减公开（本文有删减））\n", {}),
        (HEAD + SIGN + "（ 此件依申请公开 ）\n", {}),
        (HEAD + SIGN + "（此件不公开）\n", {}),
        (HEAD + "昌宁县人民政府办公室\n2024年3月1日（此件公开发布）\n", {}),
        # letters and replies need no label
        (
            "昌宁县人民政府关于同意设立某某村的批复\n昌政复〔2024〕3号\n田园镇人民政府：\n你镇请示收悉。\n昌宁县人民政府\n2024年3月1日",
            {},
        ),
        ("关于商请协助做好有关工作的函\n昌政办函〔2024〕5号\n县财政局：\n现函告如下。", {}),
        # ordinary news, no 文号, not in the policy column
        ("3月1日，县政府召开森林草原防火工作会议。", {}),
        # written before the labelling practice
        (
            "国办发〔1996〕25号\n各省人民政府：\n现通知如下。\n国务院办公厅\n一九九六年六月二十九日",
            {},
        ),
        # a 文号 cited in prose is not this document's 文号
        (
            "根据《关于规范公文标识政府信息公开属性工作的通知》（昌政办发〔2019〕67号）要求，县审计局开展自查。",
            {},
        ),
        # party document: no label needed
        (
            "各党支部：\n现将要点印发。",
            {"title": "中共昌宁县司法局支部委员会2017年工作要点", "column_name": "政策文件"},
        ),
        # an interpretation in the policy column
        (
            "一、出台背景……",
            {"title": "《昌宁县森林草原防火工作方案》政策解读", "column_name": "政策文件"},
        ),
    ],
)
def test_missing_passes(body: str, kw: dict) -> None:
    assert codes(DiscMissingRule(), body, **kw) == []


def test_quoted_label_is_a_mention_not_a_label() -> None:
    body = HEAD + "要求准确标识“此件公开发布”“此件删减公开（本文有删减）”等属性。\n" + SIGN
    assert labels_in(body) == []
    assert codes(DiscMissingRule(), body) == [("DISC-MISSING", "昌政办发〔2024〕12号")]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("（此件公开发布）\n" + HEAD + SIGN, "不在成文日期下一行"),
        (HEAD + SIGN + "附件：1.方案\n（此件公开发布）\n", "不在成文日期下一行"),
        (HEAD + SIGN + "此件公开发布\n", "未加括号"),
    ],
)
def test_position_flags(body: str, problem: str) -> None:
    fs = list(DiscPositionRule().check(article(body)))
    assert len(fs) == 1 and problem in fs[0].message
    assert "此件公开发布" in fs[0].evidence.text


@pytest.mark.parametrize(
    "body",
    [
        HEAD + SIGN + "（此件公开发布）\n附件：1.方案",
        HEAD + SIGN + "\n\n(此件删减公开)",
        HEAD + "昌宁县人民政府办公室\n二〇二四年三月一日\n（此件依申请公开）",
        HEAD + "昌宁县人民政府办公室\n2024年3月1日（此件公开发布）",
        # no 成文日期 line at all: position cannot be judged
        "现将方案印发给你们。\n（此件公开发布）",
        HEAD + SIGN,
    ],
)
def test_position_passes(body: str) -> None:
    assert list(DiscPositionRule().check(article(body))) == []


@pytest.mark.parametrize(
    ("title", "meta", "flag"),
    [
        ("中共昌宁县司法局支部委员会2017年工作要点", {}, True),
        ("中共昌宁县委办公室关于做好春节期间有关工作的通知", {}, True),
        ("昌宁县财政局党组关于开展主题教育的通知", {}, True),
        ("关于开展主题教育的通知", {"publisher": "中共昌宁县审计局党组"}, True),
        ("昌宁县人民政府关于加强村党组织建设的通知", {}, False),
        ("中共昌宁县委办公室 昌宁县人民政府办公室关于印发方案的通知", {}, False),
        ("昌宁县审计局关于创建无烟单位的通知", {}, False),
    ],
)
def test_unneeded(title: str, meta: dict, flag: bool) -> None:
    body = "各单位：\n现将要点印发。\n2017年3月1日\n（此件公开发布）"
    fs = list(DiscUnneededRule().check(article(body, title=title, meta=meta)))
    assert bool(fs) is flag
    if flag:
        assert fs[0].evidence.text == "（此件公开发布）"
        assert "党的文件" in fs[0].message


def test_seed_bulletin_text_passes() -> None:
    path = (
        SHARED / "realdata" / "bulletins" / "昌宁县2024年一季度政府网站和政务新媒体检查情况通报.txt"
    )
    if not path.is_file():
        pytest.skip("shared/ not beside the repository")
    doc = article(path.read_text(encoding="utf-8"))
    for rule in (DiscMissingRule(), DiscPositionRule(), DiscUnneededRule()):
        assert list(rule.check(doc)) == []
    assert [x[2] for x in labels_in(doc["body_text"])] == ["此件删减公开"]


def test_govcn_fragments_agree_with_labels_csv() -> None:
    """The rule's label reading equals has_label_此件公开发布 on all 30, and
    DISC-MISSING fires exactly on the policy documents that lack it: here the
    2018 国办发〔2018〕126号 通知; the unlabelled others are letters/replies
    (国办函) or written in 1996, which need no label (module docstring)."""
    extract = pytest.importorskip("crawler.extract.article").extract_article
    if not (FRAGMENTS / "labels.csv").is_file():
        pytest.skip("shared/ not beside the repository")
    rows = list(csv.DictReader((FRAGMENTS / "labels.csv").open(encoding="utf-8")))
    assert len(rows) == 30
    flagged = []
    for row in rows:
        html = (FRAGMENTS / row["file"]).read_text(encoding="utf-8")
        art = extract(html, row["source_url"])
        doc = article(art.body_text, title=art.title, meta=dict(art.meta), url=row["source_url"])
        has = any(label == "此件公开发布" for *_, label, _ in labels_in(art.body_text))
        assert has == (row["has_label_此件公开发布"] == "1"), row["file"]
        missing = list(DiscMissingRule().check(doc))
        need, _ = needs_label(doc)
        assert bool(missing) == (need and not has), row["file"]
        if missing:
            flagged.append(row["doc_number"])
        assert list(DiscPositionRule().check(doc)) == [], row["file"]
        assert list(DiscUnneededRule().check(doc)) == [], row["file"]
    assert flagged == ["国办发〔2018〕126号"]

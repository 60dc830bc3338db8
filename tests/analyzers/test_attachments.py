"""FORMAT-ATTACH: duplicate uploads, 附件N mentioned but missing, name disagreements."""

from __future__ import annotations

from typing import Any

import pytest

from analyzers.attachments import AttachRule, cn_number, mentions, names_agree
from tests.analyzers.conftest import article


def att(name: str, sha: str, n: int = 0) -> dict[str, Any]:
    return {
        "url": f"http://www.cn.gov.cn/module/download/{sha}_{n}.docx",
        "name": name,
        "sha256": sha * 8,
        "size": 20480,
        "content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def problems(body: str, attachments: list[dict[str, Any]] | None) -> list[tuple[str, str]]:
    doc = article(body, title="县投资促进局关于征集招商引资项目的通知", attachments=attachments)
    out = []
    for f in AttachRule().check(doc):
        ev = f.evidence
        if ev.field == "body":
            assert body[ev.start : ev.end] == ev.text
        out.append((f.message.split("：", 1)[1], ev.text))
    return out


NOTICE = "各乡镇、各有关部门：请按要求填报附件1：招商项目申报表，并汇总形成附件2：项目汇总表。"


@pytest.mark.parametrize(
    ("body", "attachments", "expected"),
    [
        # 县投资促进局: the same file twice, and 附件2 mentioned but missing (seed bulletin)
        (
            NOTICE,
            [att("附件1：招商项目申报表.docx", "a1"), att("附件1：招商项目申报表.docx", "a1", 1)],
            [
                ("同一附件上传两次“附件1：招商项目申报表.docx”", "附件1：招商项目申报表.docx"),
                ("正文提及附件2，但页面只有1个附件", "附件2：项目汇总表"),
            ],
        ),
        # same content under another name is still the same upload
        (
            "现将有关事项通知如下，详见附件。",
            [att("申报表.docx", "b1"), att("申报表(1).docx", "b1", 1)],
            [("同一附件上传两次“申报表(1).docx”", "申报表(1).docx")],
        ),
        (
            "详见附件1：2024年春耕备耕工作方案。",
            [],
            [("正文提及附件1，但页面只有0个附件", "附件1：2024年春耕备耕工作方案")],
        ),
        # the official list form 附件：1．… 2．…
        (
            "特此通知。\n附件：1．昌宁县森林草原防火责任追究办法\n      2．责任追究情况登记表\n昌宁县人民政府办公室",
            [att("附件1：昌宁县森林草原防火责任追究办法.pdf", "c1")],
            [("正文提及附件2，但页面只有1个附件", "2．责任追究情况登记表")],
        ),
        # 附件与正文不符
        (
            "请各单位认真填写附件1：企业用工需求调查表，于4月15日前报送。",
            [att("附件1：2023年度招商引资项目签约清单.xlsx", "d1")],
            [
                (
                    "正文所述附件1“企业用工需求调查表”与所附文件“附件1：2023年度招商引资项目签约清单.xlsx”不符",
                    "附件1：企业用工需求调查表",
                )
            ],
        ),
    ],
)
def test_attach_flags(body: str, attachments: list[dict[str, Any]], expected: list) -> None:
    assert problems(body, attachments) == expected


@pytest.mark.parametrize(
    ("body", "attachments"),
    [
        (NOTICE, [att("附件1：招商项目申报表.docx", "a1"), att("附件2：项目汇总表.xlsx", "a2")]),
        # names agree up to extension, 《》 and the 附件N prefix
        ("详见附件1：《招商项目申报表》。", [att("招商项目申报表.docx", "a1")]),
        ("详见附件一：招商项目申报表。", [att("附件1 招商项目申报表（2024年版）.docx", "a1")]),
        # another document's attachment is not a mention
        ("按照《昌宁县人民政府办公室关于开展招商引资工作的通知》附件2要求执行。", []),
        ("根据省厅通知附件3要求，做好填报工作。", []),
        # no numbered mention: nothing to compare
        ("现将有关事项通知如下。", []),
        ("相关表格详见附件。", [att("申报表.docx", "e1")]),
        # two different files with their own names
        ("详见附件。", [att("申报表.docx", "f1"), att("汇总表.xlsx", "f2")]),
    ],
)
def test_attach_passes(body: str, attachments: list[dict[str, Any]]) -> None:
    assert problems(body, attachments) == []


def test_offline_documents_are_not_judged() -> None:
    """`python -m analyzers check notice.txt` has no attachment list."""
    doc = article(NOTICE)
    doc.pop("attachments")
    assert list(AttachRule().check(doc)) == []


@pytest.mark.parametrize(
    ("s", "n"),
    [
        ("1", 1),
        ("12", 12),
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十一", 21),
        ("零", None),
    ],
)
def test_cn_number(s: str, n: int | None) -> None:
    assert cn_number(s) == n


def test_mentions_and_names() -> None:
    found = mentions("详见附件1：申报表，附件2。")
    assert [(m.number, m.name) for m in found] == [(1, "申报表"), (2, "")]
    assert names_agree("申报表", "附件1：申报表.docx")
    assert not names_agree("企业用工需求调查表", "项目签约清单.xlsx")


@pytest.mark.parametrize("body", [
    "特此通知。\n附件：1.调研报告\n2.专家组意见\n国务院办公厅\n二〇〇四年十一月四日\n附件1\n调研报告\n正文……\n附件2\n专家组意见\n正文……",
    "请认真执行。\n附件：三级公立医院绩效考核指标\n国务院办公厅\n2019年1月16日\n附件\n三级公立医院绩效考核指标\n一级指标\t二级指标",
])
def test_attachments_printed_in_the_body_are_not_missing(body):
    doc = {"_id": "a", "url": "http://x.gov.cn/a.html", "title": "通知", "body_text": body, "attachments": []}
    assert list(AttachRule().check(doc)) == []

"""REVIEW-PRIVACY: ID, mobile and bank-card numbers, masked in the evidence."""

from __future__ import annotations

import pytest

from analyzers.model import Severity
from analyzers.privacy import PrivacyRule, id_checksum_ok, luhn_ok, mask_number, plausible_id
from tests.analyzers.conftest import article

# Checksum-valid test numbers (GB 11643 / Luhn), not real persons' numbers.


def _with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def _luhn(first: str) -> str:
    for d in "0123456789":
        if luhn_ok(first + d):
            return first + d
    raise AssertionError


ID_OK = _with_check("53052419900101123")
ID_X = next(
    _with_check(f"53052419850611{i:03d}"[:17])
    for i in range(1000)
    if _with_check(f"53052419850611{i:03d}"[:17]).endswith("X")
)
CARD = _luhn("622848034567891234")  # 19 digits
CARD16 = _luhn("622202123456789")


def found(body: str, **kw) -> list[tuple[str, str]]:
    doc = article(body, **kw)
    out = []
    for f in PrivacyRule().check(doc):
        ev = f.evidence
        src = doc["body_text"] if ev.field == "body" else doc["title"]
        if ev.field.startswith("attachment:"):
            src = next(a["text"] for a in doc["attachments"] if ev.field.endswith(a["name"]))
        # offsets are real, the text is the masked original
        assert mask_number(src[ev.start : ev.end]) == ev.text
        assert src[ev.start : ev.end] not in f.message + ev.context + ev.text
        out.append((f.message.split("的", 1)[1].split("「")[0], ev.text))
    return out


def test_helpers() -> None:
    assert id_checksum_ok(ID_OK) and id_checksum_ok(ID_X)
    assert not id_checksum_ok(ID_OK[:17] + ("0" if ID_OK[-1] != "0" else "1"))
    assert plausible_id(ID_OK)
    assert not plausible_id(_with_check("53052421990101123"))  # born 2199
    assert not plausible_id(_with_check("99052419900101123"))  # no province 99
    assert mask_number("13812345678") == "138****5678"
    assert mask_number(ID_OK) == "5305**********" + ID_OK[-4:]
    assert mask_number("6222 0212 3456 7890") == "6222 **** **** 7890"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            f"经审核，低保对象张三（身份证号：{ID_OK}）符合条件。",
            [("身份证号码", mask_number(ID_OK))],
        ),
        (
            f"申请人李四，身份证号{ID_X.lower()}，住勐统镇。",
            [("身份证号码", mask_number(ID_X.lower()))],
        ),
        ("如有疑问请联系王老师，联系电话13887654321。", [("手机号码", "138****4321")]),
        ("联系人：赵六 手机：139-8765-4321", [("手机号码", "139-****-4321")]),
        (
            f"补贴发放至户主本人银行卡，卡号：{CARD}。",
            [("银行卡号", mask_number(CARD))],
        ),
        (
            "户名：李四 开户银行：农村信用社 账号："
            + " ".join(CARD16[i : i + 4] for i in range(0, 16, 4)),
            [("银行卡号", mask_number(" ".join(CARD16[i : i + 4] for i in range(0, 16, 4))))],
        ),
    ],
)
def test_flags(body: str, expected: list[tuple[str, str]]) -> None:
    assert found(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "联系人：张**，手机：138****1234，身份证号：5301**********12。",
        "政务服务便民热线：12345；咨询电话：0875-6122345；投诉电话：400-123-4567。",
        "索引号：01526376-X/2024-00002，发布机构：昌宁县人民政府。",
        "索引号：000014349/2019-00007",
        "网站标识码5305240001 滇ICP备05000000号 滇公网安备 53052402000123号",
        "全县完成投资13812345678元，同比增长12%。",
        "项目总投资15000000000元。",
        "发布日期：2024-04-05 成文日期：20240405",
        "昌政办发〔2019〕67号；邮政编码：678100",
        f"订单号：{CARD}",
        f"收款单位：昌宁县财政局，开户银行：农业银行，账号：{CARD}",
        f"统一社会信用代码：{ID_OK}",
        "批次号202404051234567890123",  # a long run: no mobile inside it
        "",
    ],
)
def test_passes(body: str) -> None:
    assert found(body) == []


def test_card_without_context_passes() -> None:
    assert found(f"编码 {CARD} 为系统生成。") == []


def test_attachment_text_and_field() -> None:
    doc_att = [
        {"name": "花名册.xlsx", "url": "http://x/1.xlsx", "text": f"张三\t{ID_OK}\t13912345678"}
    ]
    got = found("见附件。", attachments=doc_att)
    assert got == [("身份证号码", mask_number(ID_OK)), ("手机号码", "139****5678")]
    fs = list(PrivacyRule().check(article("见附件。", attachments=doc_att)))
    assert {f.evidence.field for f in fs} == {"attachment:花名册.xlsx"}
    assert all(f.severity is Severity.DEDUCT and "附件《花名册.xlsx》" in f.message for f in fs)
    assert "中间用*代替" in fs[0].suggestion


def test_attachment_without_text_is_skipped() -> None:
    assert found("正文。", attachments=[{"name": "a.pdf", "url": "http://x/a.pdf"}]) == []


def test_policy_docs_raise_nothing(policy_docs) -> None:
    for path in policy_docs:
        assert found(path.read_text(encoding="utf-8")) == [], path.name

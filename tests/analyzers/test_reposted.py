"""Reposted superior documents: INTERP counts only the county's own policy
documents, DISC-MISSING / DISC-POSITION on a repost are notices; checked on
realistic documents and on the real documents of shared/realdata placed in a
county-style 政策文件 column (the setting issue 12 was found in)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from analyzers.disclosure import DiscMissingRule, DiscPositionRule
from analyzers.interpretation import InterpMissingRule, InterpNoneRule, interpretation_coverage
from analyzers.model import Severity
from analyzers.ownership import classify
from analyzers.textsource import load
from tests.analyzers.conftest import SHARED, article
from tests.analyzers.test_ownership import SAMPLE

TODAY = dt.date(2026, 11, 28)
REAL = SHARED / "realdata"
SIGN_OWN = "各乡镇人民政府：\n现将有关事项通知如下。\n青禾县财政局\n2026年10月8日\n（此件公开发布）"
SIGN_GOV = ("各省、自治区、直辖市人民政府：\n经国务院同意，现提出如下意见。\n国务院办公厅\n2026年9月1日\n"
            "（此件公开发布）")


def document(title: str, body: str, doc_no: str, unit: str, n: int, **kw: Any) -> dict:
    return article(body, title=title, _id=f"d{n}", url=f"http://www.qh.gov.cn/art/d{n}.html",
                   unit=unit, column_name="政策文件", published_date="2026-10-10",
                   meta={"doc_no": doc_no, "catalog": "政策文件"}, **kw)


OWN = document("青禾县财政局关于加强预算绩效管理的通知", SIGN_OWN, "青财发〔2026〕5号", "县财政局", 1)
REPOST = document("国务院办公厅关于推进政务新媒体健康有序发展的意见", SIGN_GOV, "国办发〔2026〕12号",
                  "县财政局", 2)
REPOST_ONLY = document("国务院办公厅关于进一步优化营商环境的意见", SIGN_GOV, "国办发〔2026〕13号",
                       "县教育体育局", 3)


def test_interp_missing_skips_reposted_documents() -> None:
    found = list(InterpMissingRule(today=TODAY).check([OWN, REPOST, REPOST_ONLY]))
    assert [f.target for f in found] == [OWN["url"]]


def test_interp_none_counts_only_own_documents() -> None:
    found = list(InterpNoneRule(today=TODAY).check([OWN, REPOST, REPOST_ONLY]))
    by_target = {f.target: f for f in found}
    # 县教育体育局 published nothing of its own: no unit finding; the site counts 1 document.
    assert set(by_target) == {"cn-test#单位:县财政局", "cn-test#全站"}
    assert by_target["cn-test#全站"].extra["policies"] == [OWN["url"]]


def test_coverage_counts_only_own_documents() -> None:
    assert interpretation_coverage([OWN, REPOST, REPOST_ONLY]) == {
        "县财政局": {"policies": 1, "interpreted": 0}
    }


def test_stored_ownership_is_used() -> None:
    """A 禾政办发 repost is known only through sites.yaml: the crawl stored the decision."""
    city = document("关于进一步做好稳就业工作的通知", "现将有关事项通知如下。", "禾政办发〔2026〕21号",
                    "县人民政府办公室", 4)
    assert len(list(InterpMissingRule(today=TODAY).check([city]))) == 1
    city |= {"own_document": False, "own_document_reason": "文号禾政办发〔2026〕21号（上级机关）"}
    assert list(InterpMissingRule(today=TODAY).check([city])) == []


@pytest.mark.parametrize(
    ("rule", "body"),
    [
        (DiscMissingRule, SIGN_GOV.replace("\n（此件公开发布）", "")),
        (DiscPositionRule, SIGN_GOV.replace("\n（此件公开发布）", "").replace("：\n", "：\n（此件公开发布）\n", 1)),
    ],
)
def test_disc_on_a_repost_is_a_notice(rule: Any, body: str) -> None:
    repost = REPOST | {"body_text": body}
    own = OWN | {"body_text": body.replace("国务院办公厅", "青禾县财政局")}
    (f,) = rule().check(repost)
    assert f.severity is Severity.NOTICE
    assert "公开属性以原件为准" in f.message and f.extra["own_document"] is False
    (g,) = rule().check(own)
    assert g.severity is Severity.DEDUCT


# --- the real documents, reposted on a county site -------------------------------------

# Superior documents among the real material: State Council / CPC Central Committee
# documents and the national bulletins of the 国务院办公厅.
SUPERIOR_SOURCES = ("policy_docs", "govcn_policy_fragments", "bulletins", "gne_govcn_gazette")


def _real_corpus() -> list[dict]:
    """Every real page and document, posted in the sample county's 政策文件 column and
    marked by the ownership classifier with the county's configuration, as a crawl does."""
    paths = [*sorted((REAL / "policy_docs").glob("*.txt")), *sorted((REAL / "bulletins").glob("*.txt")),
             *sorted((REAL / "html").glob("*.html")),
             *sorted((REAL / "html" / "govcn_policy_fragments").glob("*.html"))]
    if len(paths) < 60:
        pytest.skip(f"shared/realdata not found beside the repository ({REAL})")
    docs = []
    for n, path in enumerate(paths):
        d = load(str(path))
        d.update(_id=f"r{n}", url=f"http://www.qh.gov.cn/zcwj/r{n}.html", site="qh",
                 unit="县人民政府办公室", column_name="政策文件", title=d["title"] or path.stem,
                 published_date="2026-10-01", meta={**d["meta"], "catalog": "政策文件"},
                 source=str(path))
        own, why = classify(d, SAMPLE)
        d.update(own_document=own, own_document_reason=why)
        docs.append(d)
    return docs


def _superior(d: dict) -> bool:
    return any(part in d["source"] for part in SUPERIOR_SOURCES)


def test_real_superior_documents_raise_no_interp_missing() -> None:
    docs = _real_corpus()
    superior = [d for d in docs if _superior(d)]
    assert len(superior) >= 60
    by_url = {d["url"]: d for d in docs}
    flagged = [by_url[f.target] for f in InterpMissingRule(today=TODAY).check(docs)]
    assert [d["title"] for d in flagged if _superior(d)] == []
    # What the rule judged before: the same pages as the county's own documents
    # (2016 or later, no 解读 on the site) are flagged by the dozen.
    as_own = [d | {"own_document": True} for d in superior]
    assert len(list(InterpMissingRule(today=TODAY).check(as_own))) >= 30
    # Every State Council / central document is recognised as not the county's.
    assert all(d["own_document"] is False for d in superior if "bulletins" not in d["source"])


def test_real_reposts_get_label_findings_as_notices_only() -> None:
    docs = [d for d in _real_corpus() if _superior(d) and "bulletins" not in d["source"]]
    findings = [f for d in docs for rule in (DiscMissingRule(), DiscPositionRule()) for f in rule.check(d)]
    assert findings  # 国办发〔2018〕126号 really has no label (labels.csv)
    assert {f.severity for f in findings} == {Severity.NOTICE}

"""pipelines/ownership.py: each crawled article carries own_document and its reason."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, MessageItem
from crawler.sites import load_site
from pipelines.mongo import to_document
from pipelines.ownership import OwnershipPipeline
from tests.analyzers.conftest import REPO_ROOT


def pipeline(settings: dict | None = None) -> OwnershipPipeline:
    crawler = get_crawler(settings_dict=settings or {})
    crawler.spider = SimpleNamespace(site=load_site("sample", REPO_ROOT / "sites.example.yaml"))
    return OwnershipPipeline.from_crawler(crawler)


def item(title: str, doc_no: str = "", column: str = "县人民政府办公室") -> ArticleItem:
    return ArticleItem(site="sample", url="http://127.0.0.1/art/1.html", column_url="http://127.0.0.1/col/a/",
                       column_name=column, unit="县人民政府办公室", title=title,
                       meta={"doc_no": doc_no, "publisher": "青禾县人民政府办公室"} if doc_no else {})


@pytest.mark.parametrize(
    ("article", "own", "stat"),
    [
        (item("国务院办公厅关于推进政务新媒体健康有序发展的意见", "国办发〔2018〕123号"), False, "reposted"),
        # 禾政办发 is superior only through sites.example.yaml's superior_doc_abbr.
        (item("关于进一步做好稳就业工作的通知", "禾政办发〔2026〕21号"), False, "reposted"),
        (item("关于印发青禾县耕地保护激励办法的通知", "青农发〔2026〕4号"), True, "own"),
        (item("青禾县人民政府办公室关于做好春节假期值班工作的通知"), True, "own"),
        (item("关于做好春耕生产工作的通知"), None, "undecided"),
    ],
)
def test_articles_are_marked(article: ArticleItem, own: bool | None, stat: str) -> None:
    p = pipeline()
    out = p.process_item(article)
    assert out.own_document is own
    assert bool(out.own_document_reason) is (own is not None)
    assert p.crawler.stats.get_value(f"govwatch/ownership/{stat}") == 1
    # Stored as it is: analysts query {own_document: false}.
    _, stored = to_document(out, "run1")
    assert stored["own_document"] is own
    assert stored["own_document_reason"] == out.own_document_reason


def test_other_items_pass_untouched() -> None:
    msg = MessageItem(site="sample", url="http://127.0.0.1/m/1.html", column_url="http://127.0.0.1/col/ldxx/",
                      unit="县人民政府办公室", title="关于道路维修的咨询")
    assert pipeline().process_item(msg) is msg


def test_switched_off() -> None:
    with pytest.raises(NotConfigured):
        pipeline({"GOVWATCH_OWNERSHIP_ENABLED": False})

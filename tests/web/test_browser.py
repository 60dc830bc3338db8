"""The dashboard in headless Chromium: filter, open a finding, mark it ignored, see the false-alarm
rate change; crawled markup stays text; a forged action is refused. Screenshots go to docs/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from analyzers.runner import run
from store.keys import url_key
from tests.web.conftest import serve
from web.app import create_app

CHROMIUM = os.environ.get("GOVWATCH_CHROMIUM", "/usr/bin/chromium")
# Screenshots are refreshed in docs/ with GOVWATCH_UPDATE_DOCS=1; otherwise they go to a temporary folder.
REPO_DOCS = Path(__file__).resolve().parents[2] / "docs"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
XSS_TITLE = '<script>window.__xss=1</script>县测试局<img src=x onerror="window.__xss=2">通知'
XSS_BODY = '第一段，。<script>window.__xss=3</script>\n<b onmouseover="window.__xss=4">加粗</b>'

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def base_url(web_db, mongo_uri, sample_server, tmp_path_factory):
    from datetime import date, datetime, timedelta

    from tests.conftest import SAMPLE_NOW, SAMPLE_TODAY, crawl_sample

    # A unit's rerun (crawl + analysis) gives the trend a second point.
    assert crawl_sample(sample_server.base_url, mongo_uri, web_db.name, tmp_path_factory.mktemp("rerun"),
                        unit="县民宗局") == 0
    run(web_db, site="sample", unit="县民宗局", today=date.fromisoformat(SAMPLE_TODAY),
        now=datetime.fromisoformat(SAMPLE_NOW) + timedelta(hours=2))

    # A hostile article as the crawler stores it, judged by the real rules.
    web_db.articles.insert_one({
        "_id": url_key("http://127.0.0.1:9/art/xss.html"), "site": "sample", "unit": "县测试局", "url": "http://127.0.0.1:9/art/xss.html",
        "title": XSS_TITLE, "body_text": XSS_BODY, "body_html": "", "meta": {}, "column_id": None,
        "published_date": "2026-11-20", "attachments": [], "images": [], "links": []})
    run(web_db, site="sample", rules="FORMAT-PUNCT", today=date.fromisoformat(SAMPLE_TODAY),
        now=datetime.fromisoformat(SAMPLE_NOW) + timedelta(hours=3))
    yield from serve(create_app(web_db, secret="browser-test"))


@pytest.fixture(scope="module")
def page(base_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        pg = context.new_page()
        yield pg
        browser.close()


def rate_of(page, base_url: str, rule: str) -> str:
    page.goto(f"{base_url}/rates")
    return page.locator(f"#rate-{rule} .rate").inner_text()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return REPO_DOCS if os.environ.get("GOVWATCH_UPDATE_DOCS") else tmp_path_factory.mktemp("shots")


def test_filter_open_ignore_and_rate(web_db, page, base_url, shots) -> None:
    DOCS = shots
    page.goto(base_url + "/")
    assert page.locator("#overview").is_visible() and page.locator("svg.chart polyline").count() > 0
    review_before = page.locator("svg.chart text", has_text="信息发布审核不严").text_content()
    before = rate_of(page, base_url, "REVIEW-TYPO")
    assert before == "0.0%"

    page.goto(base_url + "/findings")
    page.select_option("select[name=unit]", "县民宗局")
    page.select_option("select[name=rule]", "REVIEW-TYPO")
    page.click("#apply-filters")
    want = web_db.findings.count_documents({"unit": "县民宗局", "rule": {"$regex": "^REVIEW-TYPO"}})
    assert page.locator("#count").inner_text() == f"{want} 个问题" and want == 1
    page.screenshot(path=str(DOCS / "dashboard-findings.png"), full_page=True)

    page.click("a.finding")
    assert page.locator("mark#evidence").inner_text() == "再接再砺"
    assert page.locator("#live").get_attribute("href").startswith("http://127.0.0.1:")
    page.screenshot(path=str(DOCS / "dashboard-finding.png"), full_page=True)
    page.fill("input[name=reason]", "测试：原文引用，不是错字")
    page.fill("input[name=by]", "张三")
    page.click("#ignore")
    assert page.locator("#status").inner_text().startswith("ignored")

    total = web_db.findings.count_documents({"rule": "REVIEW-TYPO"})
    after = rate_of(page, base_url, "REVIEW-TYPO")
    assert after == f"{100 / total:.1f}%" and after != before
    assert web_db.findings.find_one({"rule": "REVIEW-TYPO", "unit": "县民宗局"})["ignored_by"] == "张三"

    # The trend's last point (now) has one REVIEW finding fewer; the crawl before it is unchanged.
    page.goto(base_url + "/")
    n = int(re.search(r"\((\d+)\)", review_before).group(1))
    assert page.locator("svg.chart text", has_text="信息发布审核不严").text_content().endswith(f"({n - 1})")
    assert page.locator("svg.chart circle").count() == 2 * page.locator("svg.chart polyline").count()
    page.screenshot(path=str(DOCS / "dashboard-overview.png"), full_page=True)


def test_crawled_markup_stays_text(web_db, page, base_url) -> None:
    f = web_db.findings.find_one({"target": "http://127.0.0.1:9/art/xss.html", "rule": "FORMAT-PUNCT"})
    assert f is not None, "the hostile article raised no FORMAT-PUNCT finding"
    page.goto(f"{base_url}/findings/{f['_id']}")
    assert page.locator("#title").inner_text() == XSS_TITLE
    assert "<script>window.__xss=3</script>" in page.locator("#text").inner_text()
    assert page.locator("mark#evidence").inner_text() == "，。"
    assert page.evaluate("window.__xss") is None
    assert page.locator("#text b, #title img, #title script").count() == 0
    assert page.locator("#live").count() == 0  # a host outside the configured sites is no link
    page.goto(f"{base_url}/findings?unit=县测试局")
    assert page.evaluate("window.__xss") is None


def test_forged_action_is_refused(web_db, page, base_url) -> None:
    fid = web_db.findings.find_one({"rule": "FORMAT-PUNCT", "status": "open", "unit": "青禾镇"})["_id"]
    page.goto(f"{base_url}/findings/{fid}")
    # Strip the token the way a forged cross-site form would lack it.
    page.evaluate("document.querySelector('#ignore-form input[name=csrf]').value = 'forged'")
    page.fill("input[name=reason]", "x")
    page.fill("input[name=by]", "y")
    with page.expect_response(re.compile(r"/ignore$")) as resp:
        page.click("#ignore")
    assert resp.value.status == 403
    assert web_db.findings.find_one({"_id": fid})["status"] == "open"

"""The search spider: result parsing, configuration, and a real `scrapy crawl search`."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from pymongo import MongoClient
from scrapy.utils.test import get_crawler

from crawler.sites import ConfigError, SearchConfig, load_site
from crawler.spiders.search import SearchSpider, is_found, read_results
from store.schema import ensure_indexes
from tests.conftest import REPO, SAMPLE_TODAY, clone_articles, crawl_spider

CONFIG = SearchConfig("http://www.example.gov.cn/search?q={query}")
PAGE = """<html><body><ul class="search-results">
<li><a href="/art/2026/11/28/art_1.html">县财政局<em>召开</em>会议</a><span class="date">2026-11-28</span></li>
<li><a href="http://www.example.gov.cn/art/2026/11/27/index.html" title="县财政局召开预算执行分析会">县财政局召开预算…</a></li>
</ul></body></html>"""


def test_read_results() -> None:
    results = read_results(PAGE, "http://www.example.gov.cn/search?q=x", CONFIG)
    assert results == [
        ("http://www.example.gov.cn/art/2026/11/28/art_1.html", ("县财政局召开会议",)),
        ("http://www.example.gov.cn/art/2026/11/27/index.html", ("县财政局召开预算…", "县财政局召开预算执行分析会")),
    ]


def test_found_by_url_or_exact_title() -> None:
    results = read_results(PAGE, "http://www.example.gov.cn/search", CONFIG)
    assert is_found(results, "http://WWW.example.gov.cn/art/2026/11/28/art_1.html#top", "别的标题")
    assert is_found(results, "http://www.example.gov.cn/art/2026/11/27/", "别的标题")  # index.html folded
    assert is_found(results, "http://www.example.gov.cn/elsewhere.html", "县财政局召开预算执行分析会")
    # A longer title containing the query is not the article.
    assert not is_found(results, "http://www.example.gov.cn/art/9.html", "县财政局召开")
    assert not is_found([], "http://www.example.gov.cn/art/2026/11/28/art_1.html", "县财政局召开会议")


def test_query_url_encodes_the_exact_title() -> None:
    assert CONFIG.query_url("县 医保&局") == "http://www.example.gov.cn/search?q=%E5%8E%BF%20%E5%8C%BB%E4%BF%9D%26%E5%B1%80"
    gbk = SearchConfig("http://x.gov.cn/s?q={query}", encoding="gbk")
    assert gbk.query_url("县") == "http://x.gov.cn/s?q=%CF%D8"


def _sites_file(tmp_path: Path, search: str) -> Path:
    text = (REPO / "sites.example.yaml").read_text(encoding="utf-8")
    old = 'url_template: "http://127.0.0.1:${SAMPLE_PORT:-8765}/search?q={query}"'
    assert old in text
    path = tmp_path / "sites.yaml"
    path.write_text(text.replace(old, f'url_template: "{search}"'), encoding="utf-8")
    return path


def test_config_parsed() -> None:
    site = load_site("sample", REPO / "sites.example.yaml")
    assert site.search is not None
    assert site.search.result_selector == "ul.search-results li"
    assert (site.search.sample_size, site.search.recent_days) == (20, 30)


@pytest.mark.parametrize("template", ["http://127.0.0.1:8765/search?q=", "ftp://127.0.0.1/s?q={query}"])
def test_bad_template_rejected(tmp_path: Path, template: str) -> None:
    with pytest.raises(ConfigError):
        load_site("sample", _sites_file(tmp_path, template))


def test_never_leaves_allowed_domains(tmp_path: Path) -> None:
    path = _sites_file(tmp_path, "http://search.example.com/s?q={query}")
    crawler = get_crawler(SearchSpider)
    with pytest.raises(ValueError, match="allowed_domains"):
        SearchSpider.from_crawler(crawler, site="sample", sites=str(path))


def test_unknown_unit_rejected() -> None:
    crawler = get_crawler(SearchSpider)
    with pytest.raises(ValueError, match="unknown unit"):
        SearchSpider.from_crawler(crawler, site="sample", unit="县不存在局", sites=str(REPO / "sites.example.yaml"))


# --- a real crawl -------------------------------------------------------------------


def _manifest_search(manifest: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(f for f in manifest["faults"] if f["rule"] == "SEARCH-MISS" and f["kind"] == kind)


def test_search_crawl_records_checks(searched_sample_db) -> None:
    db, manifest = searched_sample_db
    checks = list(db.search_checks.find())
    assert len(checks) == 20  # sample_size
    assert all(c["status"] == "ok" and c["query_url"].startswith("http://127.0.0.1:") for c in checks)
    missed = {c["url"] for c in checks if c["found"] is False}
    assert missed == {_manifest_search(manifest, "fault")["url"]}
    near = _manifest_search(manifest, "near_miss")
    assert any(c["url"] == near["url"] and c["found"] and c["results"] >= 1 for c in checks)
    articles = {a["_id"]: a for a in db.articles.find({}, {"title": 1, "unit": 1, "published_date": 1})}
    for c in checks:
        article = articles[c["_id"]]
        assert c["article_id"] == c["_id"] and c["title"] == article["title"] and c["unit"] == article["unit"]
        assert "2026-10-29" <= article["published_date"] <= SAMPLE_TODAY
    run = db.crawl_runs.find_one({"spider": "search"})
    assert run["status"] == "finished" and run["stats"]["govwatch/search/missed"] == 1


@pytest.fixture
def fresh_db(mongo_uri: str, crawled_sample_db):
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[f"search_{uuid.uuid4().hex[:8]}"]
    ensure_indexes(db)
    clone_articles(crawled_sample_db[0], db)
    yield db
    client.drop_database(db.name)
    client.close()


def test_search_down_is_a_failure_not_a_miss(fresh_db, mongo_uri: str, sample_server, crawled_sample_db,
                                             tmp_path: Path) -> None:
    manifest = crawled_sample_db[1]
    fault = _manifest_search(manifest, "fault")
    base = sample_server.base_url
    args = {"today": SAMPLE_TODAY, "unit": fault["unit"]}
    assert crawl_spider("search", base, mongo_uri, fresh_db.name, tmp_path, args=args) == 0
    before = {c["_id"]: c for c in fresh_db.search_checks.find()}
    assert before and all(c["unit"] == fault["unit"] for c in before.values())
    assert [c["url"] for c in before.values() if c["found"] is False] == [fault["url"]]
    # The search page now answers 500: failures are recorded, earlier answers kept.
    down = _sites_file(tmp_path, "http://127.0.0.1:${SAMPLE_PORT:-8765}/test/500?q={query}")
    assert crawl_spider("search", base, mongo_uri, fresh_db.name, tmp_path, args=args, sites_file=down) == 0
    after = {c["_id"]: c for c in fresh_db.search_checks.find()}
    assert after.keys() == before.keys()
    for key, c in after.items():
        assert c["status"] == "http_500"
        assert c["found"] == before[key]["found"] and c["answered_at"] == before[key]["answered_at"]
    failures = list(fresh_db.failures.find({"kind": "search"}))
    assert len(failures) == len(after) and {f["reason"] for f in failures} == {"http_500"}


def test_search_page_down_on_first_probe(fresh_db, mongo_uri: str, sample_server, crawled_sample_db,
                                         tmp_path: Path) -> None:
    fault = _manifest_search(crawled_sample_db[1], "fault")
    down = _sites_file(tmp_path, "http://127.0.0.1:${SAMPLE_PORT:-8765}/test/404?q={query}")
    args = {"today": SAMPLE_TODAY, "unit": fault["unit"]}
    assert crawl_spider("search", sample_server.base_url, mongo_uri, fresh_db.name, tmp_path, args=args,
                        sites_file=down) == 0
    checks = list(fresh_db.search_checks.find())
    assert checks and all(c["status"] == "http_404" and "found" not in c for c in checks)

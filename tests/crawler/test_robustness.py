"""Hostile input: every bad page is recorded with its reason and the crawl still finishes."""

from __future__ import annotations

import socket
import uuid

import pytest
from pymongo import MongoClient

from tests.conftest import REPO, crawl_sample

SITES = REPO / "tests" / "fixtures" / "sites" / "robustness.yaml"
FAST_FAIL = {"DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "1", "AUTOTHROTTLE_ENABLED": "False",
             "GOVWATCH_JS_ENABLED": "False"}


def _crawl(mongo_uri, sample_server, tmp_path, site="hostile", settings=None):
    name = f"hostile_{uuid.uuid4().hex[:8]}"
    code = crawl_sample(sample_server.base_url, mongo_uri, name, tmp_path, sites_file=SITES, site=site,
                        settings={**FAST_FAIL, **(settings or {})})
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    return code, client[name]


@pytest.fixture(scope="module")
def hostile(mongo_uri, sample_server, tmp_path_factory):
    code, db = _crawl(mongo_uri, sample_server, tmp_path_factory.mktemp("hostile"))
    assert code == 0
    return db


@pytest.mark.parametrize("path,reason", [
    ("/test/404", "http_404"),
    ("/test/500", "http_500"),
    ("/test/timeout", "timeout"),
    ("/test/reset", "connection_lost"),
    ("/test/redirect-loop", "redirect_loop"),
    ("/test/binary", "binary_content"),
])
def test_failures_are_recorded_with_reason(hostile, sample_server, path, reason):
    doc = hostile.failures.find_one({"url": sample_server.base_url + path})
    assert doc is not None and doc["reason"] == reason


@pytest.mark.parametrize("path,title", [
    ("/test/malformed", "格式残缺的测试页面"),
    ("/test/gbk-noheader", "青禾县编码测试页面"),
    ("/test/gbk-meta", "青禾县编码测试页面"),
    ("/test/huge", "huge"),
])
def test_difficult_pages_still_become_articles(hostile, sample_server, path, title):
    doc = hostile.articles.find_one({"url": sample_server.base_url + path})
    assert doc is not None and doc["title"] == title and doc["body_text"]
    if "gbk" in path:
        assert "国标编码" in doc["body_text"]


def test_crawl_run_counts_every_failure(hostile):
    run = hostile.crawl_runs.find_one()
    failed = {k.rsplit("/", 1)[1]: v for k, v in run["stats"].items() if k.startswith("govwatch/spider/failed/")}
    assert sum(failed.values()) == hostile.failures.count_documents({}) == 6


def test_oversized_page_is_cut_and_recorded(mongo_uri, sample_server, tmp_path):
    code, db = _crawl(mongo_uri, sample_server, tmp_path, settings={"DOWNLOAD_MAXSIZE": str(5 * 1024 * 1024)})
    assert code == 0
    doc = db.failures.find_one({"url": sample_server.base_url + "/test/huge"})
    assert doc is not None and doc["reason"] == "too_large"


def test_dead_server_is_recorded_not_fatal(mongo_uri, sample_server, tmp_path, monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("DEAD_PORT", str(port))
    code, db = _crawl(mongo_uri, sample_server, tmp_path, site="dead")
    assert code == 0
    doc = db.failures.find_one()
    assert doc["reason"] == "connection_refused" and doc["kind"] == "home"
    assert db.crawl_runs.find_one()["finish_reason"] == "finished"

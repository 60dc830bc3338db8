"""An exception in any portal callback becomes a `failures` record (parse_error) and a stats count."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from pymongo import MongoClient

from tests.conftest import REPO

HOSTILE = REPO / "tests" / "fixtures" / "sites" / "robustness.yaml"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "GOVWATCH_JS_ENABLED=False", "-s", "DOWNLOAD_TIMEOUT=2",
        "-s", "RETRY_TIMES=0"]


def _crawl_raising(extractor, mongo_uri, sample_server, work, site, sites, extra=()):
    name = f"raise_{uuid.uuid4().hex[:8]}"
    port = sample_server.base_url.rsplit(":", 1)[1]
    env = {**os.environ, "MONGO_URI": mongo_uri, "MONGO_DB": name, "SAMPLE_PORT": port,
           "GOVWATCH_FILES_STORE": str(work / "files"), "GOVWATCH_SPOOL_DIR": str(work / "spool"),
           "GOVWATCH_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "tests.crawler.raising_crawl", extractor, "crawl", "portal",
               "-a", f"site={site}", "-a", f"sites={sites}", *FAST, *extra]
    code = subprocess.call(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return code, MongoClient(mongo_uri, tz_aware=True)[name]


# extractor made to raise → (kind of the page that fails, one URL path that must be recorded)
CASES = [
    ("extract_home_blocks", "hostile", "home", "/test/home"),
    ("read_nav", "hostile", "home", "/test/home"),
    ("home_lines", "hostile", "home", "/test/home"),
    ("extract_list_page", "hostile", "column", "/test/list/"),
    ("text_lines", "hostile", "column", "/test/list/"),
    ("extract_article", "hostile", "article", "/test/malformed"),
    ("extract_message", "sample", "message", "/col/ldxx/msg_1.html"),
]


@pytest.mark.parametrize("extractor,site,kind,path", CASES)
def test_a_raising_extractor_leaves_a_parse_error_failure(extractor, site, kind, path, mongo_uri, sample_server,
                                                          tmp_path):
    sites = HOSTILE if site == "hostile" else REPO / "sites.example.yaml"
    extra = ["-a", f"column={sample_server.base_url}/col/ldxx/"] if site == "sample" else []
    code, db = _crawl_raising(extractor, mongo_uri, sample_server, tmp_path, site, sites, extra)
    assert code == 0
    doc = db.failures.find_one({"url": sample_server.base_url + path})
    assert doc is not None and doc["reason"] == "parse_error" and doc["kind"] == kind
    assert f"RuntimeError: {extractor} exploded on purpose" in doc["detail"]
    stats = db.crawl_runs.find_one()["stats"]
    parse_errors = db.failures.count_documents({"reason": "parse_error"})
    assert stats.get("govwatch/spider/failed/parse_error") == parse_errors >= 1


def test_without_a_raising_extractor_there_is_no_parse_error(mongo_uri, sample_server, tmp_path):
    code, db = _crawl_raising("-", mongo_uri, sample_server, tmp_path, "hostile", HOSTILE)
    assert code == 0
    assert db.articles.count_documents({}) > 0
    assert db.failures.count_documents({"reason": "parse_error"}) == 0

"""A sites.yaml entry with only id, name, start_url, allowed_domains and units crawls a whole portal."""

from __future__ import annotations

import uuid

import pytest
from pymongo import MongoClient

from sample_site.shapes import shapes_manifest
from store.keys import url_key
from store.summary import crawl_summary, format_summary
from tests.conftest import REPO, SAMPLE_TODAY, crawl_sample

MINIMAL = REPO / "tests" / "fixtures" / "sites" / "minimal.yaml"
SHAPES = REPO / "tests" / "fixtures" / "sites" / "shapes.yaml"
FIELDS = [("name", "name"), ("leaf", "leaf"), ("n_items", "item_count"), ("newest_date", "newest_date"),
          ("list_style", "list_style")]


def _crawl(mongo_uri, sample_server, work, sites, site):
    name = f"generic_{uuid.uuid4().hex[:8]}"
    code = crawl_sample(sample_server.base_url, mongo_uri, name, work, sites_file=sites, site=site)
    assert code == 0
    return MongoClient(mongo_uri, tz_aware=True)[name]


@pytest.fixture(scope="module")
def minimal(mongo_uri, sample_server, tmp_path_factory):
    return _crawl(mongo_uri, sample_server, tmp_path_factory.mktemp("minimal"), MINIMAL, "sample")


@pytest.fixture(scope="module")
def shapes(mongo_uri, sample_server, tmp_path_factory):
    return _crawl(mongo_uri, sample_server, tmp_path_factory.mktemp("shapes"), SHAPES, "shapes")


def test_sample_portal_without_selectors_matches_its_manifest(minimal, crawled_sample_db):
    _, manifest = crawled_sample_db
    columns = {d["_id"]: d for d in minimal.columns.find()}
    assert set(columns) == {url_key(c["url"]) for c in manifest["columns"]}
    assert {d["_id"] for d in minimal.articles.find({}, {"_id": 1})} == {url_key(a["url"]) for a in manifest["articles"]}
    assert minimal.messages.count_documents({}) == len(manifest["mailbox"])
    wrong = [(c["url"], f, c[f], columns[url_key(c["url"])].get(g)) for c in manifest["columns"] for f, g in FIELDS
             if columns[url_key(c["url"])].get(g) != c[f]]
    assert wrong == []
    assert {d["list_source"] for d in columns.values()} == {"generic"}


def test_crawl_summary_counts_how_lists_were_read(minimal, crawled_sample_db):
    configured_db, manifest = crawled_sample_db
    leaves = sum(c["leaf"] for c in manifest["columns"])
    assert crawl_summary(minimal, "sample")["list_sources"] == {"generic": leaves}
    assert crawl_summary(configured_db, "sample")["list_sources"] == {"configured": leaves}
    assert f"generic selectors: {leaves}" in format_summary(crawl_summary(minimal, "sample"), "mongodb://x", "db")


def test_every_list_shape_is_crawled_completely(shapes, sample_server):
    from datetime import date

    manifest = shapes_manifest(42, date.fromisoformat(SAMPLE_TODAY), sample_server.base_url)
    columns = {d["_id"]: d for d in shapes.columns.find()}
    articles = {d["_id"]: d for d in shapes.articles.find()}
    assert set(columns) == {url_key(c["url"]) for c in manifest["columns"]}
    assert set(articles) == {url_key(a["url"]) for a in manifest["articles"]}
    wrong = [(c["url"], f, c[f], columns[url_key(c["url"])].get(g)) for c in manifest["columns"] for f, g in FIELDS
             if columns[url_key(c["url"])].get(g) != c[f]]
    assert wrong == []
    assert [(a["url"], a["published"]) for a in manifest["articles"]
            if articles[url_key(a["url"])]["published_date"] != a["published"]] == []
    assert shapes.failures.count_documents({}) == 0


def test_frame_and_list_page_typos_are_found_once_each(shapes, sample_server):
    from datetime import date

    from analyzers.runner import run

    manifest = shapes_manifest(42, date.fromisoformat(SAMPLE_TODAY), sample_server.base_url)
    home = sample_server.base_url + "/shapes/"
    run(shapes, site="shapes", rules="REVIEW-TYPO,REVIEW-SENSITIVE,FORMAT-PUNCT", today=date.fromisoformat(SAMPLE_TODAY))
    pages = {home, *(c["url"] for c in manifest["columns"])}
    found = sorted((f["target"], f["evidence"]["text"]) for f in shapes.findings.find({"target": {"$in": list(pages)}}))
    expected = sorted((home if f["target"] == "site" else f["target"], f["text"])
                      for f in manifest["faults"] if f["kind"] == "fault")
    assert found == expected

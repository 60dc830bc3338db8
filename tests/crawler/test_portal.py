"""The portal spider end to end: a real Scrapy crawl of the sample portal into MongoDB."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from pymongo import MongoClient

from sample_site.model import build_site
from sample_site.server import SampleServer
from store.keys import url_key
from tests.conftest import SAMPLE_TODAY, crawl_sample


@pytest.fixture(scope="module")
def crawled(crawled_sample_db):
    db, manifest = crawled_sample_db
    return db, manifest, {d["_id"]: d for d in db.articles.find()}, {d["_id"]: d for d in db.columns.find()}


def test_every_column_article_and_message_is_found(crawled):
    db, manifest, articles, columns = crawled
    assert set(columns) == {url_key(c["url"]) for c in manifest["columns"]}
    assert set(articles) == {url_key(a["url"]) for a in manifest["articles"]}
    assert {d["_id"] for d in db.messages.find({}, {"_id": 1})} == {url_key(m["url"]) for m in manifest["mailbox"]}


@pytest.mark.parametrize("field,doc_field", [
    ("name", "name"), ("names", "names"), ("unit", "unit"), ("category", "category"), ("leaf", "leaf"),
    ("n_items", "item_count"), ("newest_date", "newest_date"), ("list_style", "list_style"),
])
def test_column_fields_match_manifest(crawled, field, doc_field):
    _, manifest, _, columns = crawled
    wrong = [(c["url"], c[field], columns[url_key(c["url"])].get(doc_field)) for c in manifest["columns"]
             if columns[url_key(c["url"])].get(doc_field) != c[field]]
    assert wrong == []


def test_column_tree_links_children_to_parents(crawled):
    _, manifest, _, columns = crawled
    for c in manifest["columns"]:
        expected = url_key(c["parent"]) if c["parent"] else None
        assert columns[url_key(c["url"])]["parent_id"] == expected


@pytest.mark.parametrize("field", ["title", "unit", "published", "column", "meta", "attachments", "encoding"])
def test_article_fields_match_manifest(crawled, field):
    _, manifest, articles, _ = crawled
    wrong = []
    for a in manifest["articles"]:
        doc = articles[url_key(a["url"])]
        match field:
            case "title" | "unit":
                ok = doc[field] == a[field]
            case "published":
                ok = doc.get("published_date") == a["published"]
            case "column":
                ok = doc["column_id"] == url_key(a["column"])
            case "meta":
                # Fields the page shows empty (文号：) are not stored.
                ok = all(doc["meta"].get(k) == v for k, v in a["meta"].items() if v)
            case "attachments":
                ok = [(x["url"], x.get("sha256"), x.get("size")) for x in doc["attachments"]] == [
                    (x["url"], x["sha256"], x["size"]) for x in a["attachments"]]
            case "encoding":
                ok = doc["encoding"].lower().replace("gb18030", "gbk").replace("utf8", "utf-8") == a["encoding"]
        if not ok:
            wrong.append(a["url"])
    assert wrong == []


def test_date_sources_follow_what_the_page_shows(crawled):
    _, manifest, articles, _ = crawled
    expected = {"meta": {"meta", "page"}, "url": {"url"}, "none": {"none"}}
    wrong = [(a["url"], a["date_visible"], articles[url_key(a["url"])]["date_source"])
             for a in manifest["articles"]
             if articles[url_key(a["url"])]["date_source"] not in expected[a["date_visible"]]]
    assert wrong == []


def test_broken_entries_are_recorded_with_their_reason(crawled):
    db, manifest, _, _ = crawled
    failures = {d["url"]: d["reason"] for d in db.failures.find()}
    assert {b["url"]: b["reason"] for b in manifest["broken_entries"]} == failures


def test_js_column_is_rendered_in_chromium(crawled):
    db, manifest, articles, columns = crawled
    js = [c for c in manifest["columns"] if c["list_style"] == "js"]
    assert len(js) == 1 and js[0]["n_items"] > 0
    assert columns[url_key(js[0]["url"])]["item_count"] == js[0]["n_items"]
    in_js = [a for a in manifest["articles"] if a["column"] == js[0]["url"]]
    assert in_js and all(url_key(a["url"]) in articles for a in in_js)
    run = db.crawl_runs.find_one()
    assert run["stats"]["govwatch/spider/js_rendered"] == 1


def test_documents_carry_timestamps_and_run(crawled):
    db, _, articles, _ = crawled
    run = db.crawl_runs.find_one()
    assert run["status"] == "finished" and run["finish_reason"] == "finished"
    doc = next(iter(articles.values()))
    assert doc["first_seen"].tzinfo is not None and doc["last_seen"] >= doc["first_seen"]
    assert doc["run_id"] == run["_id"]


# -- reruns -------------------------------------------------------------------


@pytest.fixture(scope="module")
def rerun_setup(mongo_uri, tmp_path_factory):
    """A separate portal whose pages the test may change, crawled once."""
    model = build_site(seed=7, n_articles=300, today=date.fromisoformat(SAMPLE_TODAY))
    with SampleServer(model) as server:
        name = f"rerun_{uuid.uuid4().hex[:8]}"
        work = tmp_path_factory.mktemp("rerun")
        assert crawl_sample(server.base_url, mongo_uri, name, work) == 0
        client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
        yield client[name], server, work
        client.close()


def _snapshot(db, collection):
    return {d["_id"]: d for d in db[collection].find({}, {"last_seen": 1, "first_seen": 1, "unit": 1,
                                                          "title": 1, "content_hash": 1})}


def test_second_crawl_duplicates_nothing_and_versions_a_changed_article(rerun_setup):
    db, server, work = rerun_setup
    before = {c: _snapshot(db, c) for c in ("articles", "columns", "messages")}
    changed = next(a for a in server.model.articles if a.kind == "news")
    changed.title = changed.title + "（更新）"
    assert crawl_sample(server.base_url, _uri(db), db.name, work) == 0
    after = {c: _snapshot(db, c) for c in before}
    for collection in before:
        assert set(after[collection]) == set(before[collection]), collection
        for key, doc in after[collection].items():
            assert doc["first_seen"] == before[collection][key]["first_seen"]
            assert doc["last_seen"] > before[collection][key]["last_seen"]
    key = url_key(server.base_url + changed.url)
    assert after["articles"][key]["title"] == changed.title
    versions = list(db.article_versions.find({"article_id": key}))
    assert len(versions) == 1 and versions[0]["title"] == changed.title.removesuffix("（更新）")
    assert db.article_versions.count_documents({}) == 1
    assert db.crawl_runs.count_documents({}) == 2


def _uri(db) -> str:
    host, port = db.client.address
    return f"mongodb://{host}:{port}/?directConnection=true"


def test_unit_rerun_touches_only_that_units_columns(rerun_setup):
    db, server, work = rerun_setup
    unit = "县医保局"
    before_cols, before_arts = _snapshot(db, "columns"), _snapshot(db, "articles")
    assert crawl_sample(server.base_url, _uri(db), db.name, work, unit=unit) == 0
    after_cols, after_arts = _snapshot(db, "columns"), _snapshot(db, "articles")
    touched = {k for k, d in after_cols.items() if d["last_seen"] != before_cols[k]["last_seen"]}
    assert touched and all(after_cols[k]["unit"] == unit for k in touched)
    assert touched == {k for k, d in after_cols.items() if d["unit"] == unit}
    touched_articles = {k for k, d in after_arts.items() if d["last_seen"] != before_arts[k]["last_seen"]}
    assert touched_articles and all(after_arts[k]["unit"] == unit for k in touched_articles)
    run = db.crawl_runs.find_one(sort=[("started_at", -1)])
    assert run["scope"] == {"unit": unit, "column": None}


def test_unknown_unit_is_a_clear_error(rerun_setup):
    db, server, work = rerun_setup
    assert crawl_sample(server.base_url, _uri(db), db.name, work, unit="不存在的单位") != 0


def test_body_images_are_fetched_and_broken_ones_show_it(crawled):
    _, manifest, articles, _ = crawled
    checked = 0
    for a in manifest["articles"]:
        stored = {i["src"]: i for i in articles[url_key(a["url"])]["images"]}
        for image in a["images"]:
            got = stored[image["url"]]
            displays = not got.get("error") and got.get("size", 0) > 0 and got["content_type"].startswith("image/")
            assert displays == image["ok"], image["url"]
            checked += 1
    assert checked > 0

"""Incremental crawls: lists walked only until known, unchanged entries; home and list pages
revalidated with conditional requests; the stored content stays what the full crawl wrote."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pymongo import MongoClient

from bench.compare import db_fingerprint
from crawler.incremental import KnownIndex
from crawler.items import ColumnItem
from store.keys import url_key
from tests.conftest import REPO


def crawl(server, uri: str, db_name: str, work: Path, *args: str) -> int:
    """`scrapy crawl portal` with spider arguments; returns the requests the server answered."""
    port = server.base_url.rsplit(":", 1)[1]
    env = {**os.environ, "MONGO_URI": uri, "MONGO_DB": db_name, "SAMPLE_PORT": port,
           "GOVWATCH_FILES_STORE": str(work / "files"), "GOVWATCH_SPOOL_DIR": str(work / "spool"),
           "GOVWATCH_CONDITIONAL_DIR": str(work / "conditional"), "GOVWATCH_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=sample",
               "-a", f"sites={REPO / 'sites.example.yaml'}"]
    for arg in args:
        command += ["-a", arg]
    before = server.requests["GET"] + server.requests["HEAD"]
    assert subprocess.call(command, cwd=REPO, env=env) == 0
    return server.requests["GET"] + server.requests["HEAD"] - before


def test_incremental_crawl_of_an_unchanged_portal(mongo_uri: str, sample_server, tmp_path: Path) -> None:
    name = f"inc_{uuid.uuid4().hex[:8]}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[name]
    full = crawl(sample_server, mongo_uri, name, tmp_path, "mode=full")
    stored = db_fingerprint(db)
    not_modified = sample_server.requests["304"]
    incremental = crawl(sample_server, mongo_uri, name, tmp_path, "mode=incremental")
    assert sample_server.requests["304"] - not_modified > 60  # home and list pages revalidated
    assert incremental < full * 0.25  # 400 articles: ~87 of ~547 (bench/incremental.py: 2,000 articles)
    assert db_fingerprint(db) == stored  # nothing lost or changed by skipping known entries
    run = db.crawl_runs.find_one({"stats.govwatch/conditional/not_modified": {"$gt": 0}})
    assert run["stats"]["govwatch/spider/known_entries"] >= 390
    again = crawl(sample_server, mongo_uri, name, tmp_path, "mode=full")
    assert again >= full - 5  # the weekly full crawl re-checks everything
    client.drop_database(name)


def column(url: str = "http://x/col/a/", **kw) -> ColumnItem:
    base = dict(site="s", url=url, name="a", names=["a"], parent_url=None, unit="u", category="动态",
                limit_days=14, warn_days=10, kind="list", leaf=True, list_style="static", item_count=2,
                undated_items=0, newest_date="2026-11-02", pages=1, status="ok")
    return ColumnItem(**{**base, **kw})


@pytest.mark.parametrize(("entries", "skipped", "fresh"), [
    ([("http://x/1", "旧", "2026-01-01")], [True], 0),  # known, unchanged
    ([("http://x/1", "改了标题", "2026-01-01")], [False], 0),  # known, changed: fetched, not new
    ([("http://x/9", "新", "2026-11-20")], [False], 1),  # new entry: fetched and counted
    ([("http://x/f", "坏", "2026-01-02")], [False], 0),  # a failed entry: asked again, already counted
])
def test_known_index_skip(entries, skipped, fresh) -> None:
    index = KnownIndex(incremental=True, articles={url_key("http://x/1"): ("旧", "2026-01-01")},
                       listed={url_key("http://x/1"), url_key("http://x/f")})
    got = [index.skip(u, t, d, False, "http://x/col/a/") for u, t, d in entries]
    assert got == skipped and index.fresh["http://x/col/a/"] == fresh


def test_messages_skipped_only_when_answered() -> None:
    index = KnownIndex(incremental=True, answered={url_key("http://x/m1")},
                       listed={url_key("http://x/m1"), url_key("http://x/m2")})
    assert index.skip("http://x/m1", "问", None, True, "c")
    assert not index.skip("http://x/m2", "问", None, True, "c")  # still open: its reply may come


def test_stop_and_merged_counts() -> None:
    url = "http://x/col/a/"
    stored = {"item_count": 40, "undated_items": 1, "newest_date": "2026-11-01", "pages": 2,
              "list_style": "static", "status": "ok"}
    index = KnownIndex(incremental=True, columns={url_key(url): stored})
    assert not index.can_stop(url, all_known=False)
    assert index.can_stop(url, all_known=True)
    assert not KnownIndex(incremental=False, columns={url_key(url): stored}).can_stop(url, True)
    partial = KnownIndex(incremental=True, columns={url_key(url): {**stored, "status": "partial"}})
    assert not partial.can_stop(url, True)  # a column stored incomplete is walked in full
    index.skip("http://x/new", "新", "2026-11-20", False, url)
    merged = index.merged(column(url, item_count=20, newest_date="2026-11-20"), pages=1)
    assert (merged.item_count, merged.newest_date, merged.pages, merged.undated_items) == (41, "2026-11-20", 2, 1)


def test_resume_skips_what_the_interrupted_run_stored() -> None:
    index = KnownIndex(done={url_key("http://x/1")})
    assert index.skip("http://x/1", "a", None, False, "c") and not index.skip("http://x/2", "b", None, False, "c")


def test_incremental_crawl_finds_a_new_article(mongo_uri: str, tmp_path: Path) -> None:
    """An article published between two crawls is found by the incremental crawl, and its column
    counts come out as a full crawl of the changed portal computes them."""
    from datetime import date

    from sample_site.model import Article, build_site
    from sample_site.server import SampleServer

    model = build_site(seed=11, n_articles=200, today=date(2026, 11, 28))
    name = f"inc_new_{uuid.uuid4().hex[:8]}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[name]
    with SampleServer(model) as server:
        crawl(server, mongo_uri, name, tmp_path, "mode=full")
        column = next(c for c in model.columns.values() if c.leaf and c.list_style == "static"
                      and len(c.entries) > 20)
        new = Article(id=990001, col=column.slug, title="青禾县召开安全生产工作推进会", date=model.today,
                      time="10:30", kind="news")
        model.articles.append(new)
        model.by_path[new.url] = new
        model.by_id[new.id] = new
        column.entries.insert(0, new)
        incremental = crawl(server, mongo_uri, name, tmp_path, "mode=incremental")
        stored = db.articles.find_one({"url": server.base_url + new.url})
        assert stored is not None and stored["title"] == new.title
        after_incremental = db_fingerprint(db)
        full = crawl(server, mongo_uri, name, tmp_path, "mode=full")
        assert db_fingerprint(db) == after_incremental  # the full crawl finds nothing the incremental one missed
        assert incremental < full / 3
    client.drop_database(name)

"""The sample portal's site search (/search?q=) and its seeded SEARCH-MISS fault."""

from __future__ import annotations

import datetime as dt
import urllib.request
from typing import Any
from urllib.parse import quote

import lxml.html

from sample_site.model import SiteModel, build_site
from sample_site.render import SEARCH_LIMIT, render

from .conftest import TODAY


def _results(html: bytes) -> list[tuple[str, str, str]]:
    doc = lxml.html.fromstring(html.decode("utf-8"))
    return [(li.xpath("string(a)"), li.xpath("string(a/@href)"), li.xpath("string(span[@class='date'])"))
            for li in doc.xpath('//ul[@class="search-results"]/li')]


def _search(model: SiteModel, q: str) -> list[tuple[str, str, str]]:
    r = render(model, "/search", "q=" + quote(q))
    assert r.status == 200 and r.headers["Content-Type"].startswith("text/html")
    return _results(r.body)


def _faults(manifest: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in manifest["faults"] if f["rule"] == "SEARCH-MISS" and f["kind"] == kind]


def test_exact_substring_newest_first_at_most_20(model: SiteModel) -> None:
    hits = _search(model, "县财政局")
    assert len(hits) == SEARCH_LIMIT
    assert all("县财政局" in title for title, _, _ in hits)
    dates = [d for _, _, d in hits if d]
    assert dates == sorted(dates, reverse=True)
    title = next(a.title for a in model.articles if a.id not in model.search_unindexed)
    assert title in [t for t, _, _ in _search(model, title)]


def test_empty_and_unknown_queries(model: SiteModel) -> None:
    assert _search(model, "") == []
    assert _search(model, "不存在的标题ＸＹＺ") == []


def test_one_recent_miss_and_a_found_near_miss(model: SiteModel, manifest: dict[str, Any]) -> None:
    (fault,), (near,) = _faults(manifest, "fault"), _faults(manifest, "near_miss")
    by_url = {a["url"]: a for a in manifest["articles"]}
    for f in (fault, near):
        article = by_url[f["url"]]
        assert f["evidence"] == article["title"] and f["unit"] == article["unit"]
        assert 0 <= (TODAY - dt.date.fromisoformat(article["published"])).days <= 30
    assert _search(model, fault["evidence"]) == []
    assert near["url"].endswith(_search(model, near["evidence"])[0][1])
    # Only the seeded article is missing from the index.
    assert len(model.search_unindexed) == 1


def test_over_http(server: Any, manifest: dict[str, Any]) -> None:
    (fault,) = _faults(manifest, "fault")
    with urllib.request.urlopen(fault["search"]) as r:
        assert _results(r.read()) == []
    (near,) = _faults(manifest, "near_miss")
    with urllib.request.urlopen(near["search"]) as r:
        assert [t for t, _, _ in _results(r.read())] == [near["evidence"]]


def test_miss_is_among_the_newest(manifest: dict[str, Any]) -> None:
    # The search spider probes the newest 20 articles: the miss must be one of them.
    (fault,) = _faults(manifest, "fault")
    published = {a["url"]: a["published"] for a in manifest["articles"]}
    newer = [u for u, p in published.items() if p and published[fault["url"]] < p <= manifest["today"]]
    assert len(newer) < 10


def test_seeding_is_deterministic_and_leaves_the_rest_alone() -> None:
    a = build_site(seed=7, n_articles=400, today=TODAY)
    b = build_site(seed=7, n_articles=400, today=TODAY)
    assert a.search_unindexed == b.search_unindexed
    assert [f.url for f in a.faults if f.rule == "SEARCH-MISS"] == [f.url for f in b.faults if f.rule == "SEARCH-MISS"]

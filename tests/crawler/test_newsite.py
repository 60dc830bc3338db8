"""`scheduler.py new-site URL`: the proposal reads real list pages, and crawls whole portals."""

from __future__ import annotations

import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import pytest
import yaml
from pymongo import MongoClient

from crawler.newsite import propose, report, to_yaml
from crawler.sites import load_sites
from sample_site.shapes import shapes_manifest
from store.keys import url_key
from tests.conftest import REPO, SAMPLE_TODAY, crawl_sample

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gov_list"


def test_real_list_pages_behind_a_home_page_are_proposed_entry_by_entry():
    home_url = "http://www.example.gov.cn/"
    columns = {  # navigation label → (real page, URL it is served at)
        "综合信息": ("zhangshu_zhxx_list.html", home_url + "zwgk/zhxx/"),
        "通知公告": ("cq_kjj_tzgg_excerpt.html", home_url + "tzgg/"),
        "公示公告": ("cq_jjxxw_gsgg_excerpt.html", home_url + "gsgg/"),
        "走进本县": (None, home_url + "zjbx/"),
    }
    menu = "".join(f'<li><a href="{url}">{label}</a></li>' for label, (_, url) in columns.items())
    pages = {home_url: f'<html><head><title>首页_示例县人民政府</title></head><body><ul id="nav">{menu}</ul>'
                       '<div class="bm"><a href="http://a.example.gov.cn/">县发展改革局</a>'
                       '<a href="http://b.example.gov.cn/">县财政局</a><a href="http://c.example.gov.cn/">石门乡</a></div>'
                       "</body></html>"}
    pages |= {url: (FIXTURES / name).read_text(encoding="utf-8") for name, url in columns.values() if name}

    def fetch(url: str) -> str:
        if url not in pages:
            raise OSError(f"404 {url}")
        return pages[url]

    proposal = propose(home_url, fetch)
    assert proposal.name == "示例县人民政府"
    assert [text for _, text in proposal.nav] == list(columns)
    probes = {p.name: p for p in proposal.columns}
    assert [(probes[n].entries, probes[n].dated, probes[n].pagination) for n in ("综合信息", "通知公告", "公示公告")] == [
        (24, 24, "static"), (2, 2, "static"), (2, 2, "static")]
    assert probes["综合信息"].next_url == home_url + "zwgk/zhxx/index_1.html"
    assert probes["综合信息"].date_selector == "span.STYLE12"
    assert "404" in probes["走进本县"].error  # a dead column is reported, not fatal
    assert [(u.name, u.type) for u in proposal.units] == [("县发展改革局", "县直部门"), ("县财政局", "县直部门"),
                                                         ("石门乡", "乡镇")]
    text = report(proposal)
    assert "综合信息: 24 entries on page 1, 24 with a date read" in text and "could not be read" in text


def _crawl_proposal(start_url, mongo_uri, sample_server, work):
    proposal = propose(start_url)
    block = to_yaml(proposal)
    sites_file = work / "proposed.yaml"
    sites_file.write_text(block, encoding="utf-8")
    (site,) = load_sites(sites_file).values()  # the block is valid configuration as written
    name = f"newsite_{uuid.uuid4().hex[:8]}"
    code = crawl_sample(sample_server.base_url, mongo_uri, name, work, sites_file=sites_file, site=site.id)
    assert code == 0
    return proposal, block, MongoClient(mongo_uri, tz_aware=True)[name]


def test_proposal_for_the_sample_portal_crawls_all_of_it(mongo_uri, sample_server, crawled_sample_db, tmp_path):
    _, manifest = crawled_sample_db
    proposal, block, db = _crawl_proposal(sample_server.base_url + "/", mongo_uri, sample_server, tmp_path)
    assert {d["_id"] for d in db.columns.find({}, {"_id": 1})} == {url_key(c["url"]) for c in manifest["columns"]}
    assert {d["_id"] for d in db.articles.find({}, {"_id": 1})} == {url_key(a["url"]) for a in manifest["articles"]}
    assert db.messages.count_documents({}) == len(manifest["mailbox"])
    example = yaml.safe_load((REPO / "sites.example.yaml").read_text(encoding="utf-8"))["sites"][0]
    assert {u.name for u in proposal.units} == {u["name"] for u in example["units"]}
    listing = yaml.safe_load(block)["sites"][0]["listing"]
    assert listing == {"nav": "body > div.nav > a", "subcolumns": "body > div.main > ul.subnav > li a",
                       "items": "body > div.main > ul.list > li", "item_date": "span.date"}


def test_proposal_for_the_mixed_template_portal_crawls_all_of_it(mongo_uri, sample_server, tmp_path):
    manifest = shapes_manifest(42, date.fromisoformat(SAMPLE_TODAY), sample_server.base_url)
    proposal, _, db = _crawl_proposal(sample_server.base_url + "/shapes/", mongo_uri, sample_server, tmp_path)
    assert {d["_id"] for d in db.columns.find({}, {"_id": 1})} == {url_key(c["url"]) for c in manifest["columns"]}
    assert {d["_id"] for d in db.articles.find({}, {"_id": 1})} == {url_key(a["url"]) for a in manifest["articles"]}
    assert [u.name for u in proposal.units] == manifest["units"]
    # One template is configured; the other columns are read generically.
    sources = {d["name"]: d["list_source"] for d in db.columns.find({"leaf": True})}
    assert sources["通知公告"] == "configured" and sources["工作动态"] == "generic"


@pytest.mark.parametrize("url", ["ftp://example.gov.cn/", "http://127.0.0.1:9/"])
def test_cli_refuses_bad_urls_with_a_clear_error(url):
    result = subprocess.run([sys.executable, "scheduler.py", "new-site", url], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "http(s)" in result.stderr or "cannot fetch" in result.stderr

"""sites.yaml: units, categories and errors that say what is wrong."""

from __future__ import annotations

import pytest

from crawler.sites import ConfigError, load_site, load_sites
from tests.conftest import REPO

EXAMPLE = REPO / "sites.example.yaml"


@pytest.fixture(scope="module")
def site():
    return load_site("sample", EXAMPLE)


@pytest.mark.parametrize("names,unit", [
    (["政策文件", "县医保局"], "县医保局"),
    (["部门动态", "县人力资源社会保障局"], "县人力资源社会保障局"),
    (["乡镇动态", "黄泥塘镇"], "黄泥塘镇"),
    (["政务要闻"], "县人民政府办公室"),
])
def test_unit_from_column_path(site, names, unit):
    assert site.unit_for(names) == unit


@pytest.mark.parametrize("names,category,limit", [
    (["部门动态", "县医保局"], "动态", 14),
    (["通知公告"], "通知公告", 183),
    (["政策文件", "县审计局"], "政策文件", 183),
    (["政策解读"], "政策解读", 183),
    (["社会救助"], "常态", 31),
    (["人事信息", "县教育体育局"], "其他", 365),
    (["领导信箱"], "互动", None),
])
def test_category_from_column_name(site, names, category, limit):
    found = site.category_for(names)
    assert (found.name, found.limit_days) == (category, limit)


def test_environment_expansion(monkeypatch):
    monkeypatch.setenv("SAMPLE_PORT", "9999")
    assert load_site("sample", EXAMPLE).start_url == "http://127.0.0.1:9999/"


def test_sample_units_match_the_sample_portal(site):
    from sample_site.model import build_site

    model = build_site(seed=42, n_articles=300)
    assert {u["name"] for u in site.units} == {u.name for u in model.units}


@pytest.mark.parametrize("text,message", [
    ("sites: []", "no sites defined"),
    ("sites: [{id: x, start_url: 'nohost'}]", "has no host"),
    ("sites: [: bad", "not valid YAML"),
    ("sites: [{id: x, start_url: 'http://a.gov.cn/', listing: {items: 'ul.list >'}}]", "no CSS selector"),
])
def test_bad_configuration_is_a_clear_error(tmp_path, text, message):
    path = tmp_path / "sites.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_sites(path)


def test_unknown_site_names_the_configured_ones():
    with pytest.raises(ConfigError, match="configured: sample"):
        load_site("nope", EXAMPLE)


def test_an_entry_with_only_id_name_and_start_url_is_complete(tmp_path):
    path = tmp_path / "sites.yaml"
    path.write_text("sites: [{id: x, name: 某县人民政府, start_url: 'http://a.gov.cn/'}]", encoding="utf-8")
    site = load_site("x", path)
    assert site.listing.items is None and site.listing.nav is None  # detected during the crawl
    assert site.category_for(["通知公告"]).limit_days == 183 and site.default_unit == "某县人民政府"

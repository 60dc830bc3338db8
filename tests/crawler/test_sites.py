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
# --- accounts: (new media) ------------------------------------------------------

ACCOUNTS_SITE = """
defaults:
  categories:
    其他: {{limit_days: 365, warn_days: 300, keywords: []}}
sites:
  - id: t
    start_url: http://127.0.0.1/
    default_unit: 县政府办
    units: [{{name: 县医保局}}]
    media:
      platforms:
        wechat: {{account_url: "http://127.0.0.1/wx/{{id}}/", album_url: "http://127.0.0.1/wx/{{id}}/album"}}
    accounts:
{accounts}
"""


def _accounts_site(tmp_path, accounts: str):
    path = tmp_path / "sites.yaml"
    path.write_text(ACCOUNTS_SITE.format(accounts=accounts), encoding="utf-8")
    return load_site("t", path)


def test_accounts_take_the_platform_urls(tmp_path) -> None:
    site = _accounts_site(tmp_path, "      - {platform: wechat, id: a1, name: 青禾医保, unit: 县医保局}\n"
                                    "      - {platform: wechat, id: a2, name: 乙, unit: 县政府办, registered: false,"
                                    " feed: 'http://127.0.0.1/a2.xml', menus: [办事服务]}")
    first, second = site.accounts
    assert (first.url, first.sources, first.registered) == (
        "http://127.0.0.1/wx/a1/", (("album", "http://127.0.0.1/wx/a1/album"),), True)
    assert (second.sources, second.registered, second.menus) == ((("feed", "http://127.0.0.1/a2.xml"),), False,
                                                                 ("办事服务",))
    assert site.media.platforms["wechat"].id_from("http://127.0.0.1/wx/b7/") == "b7"
    assert site.media.platforms["wechat"].id_from("http://127.0.0.1/other/b7/") is None


@pytest.mark.parametrize(("accounts", "message"), [
    ("      - {platform: wechat, id: a1, name: 甲, unit: 县不存在局}", "unknown unit"),
    ("      - {platform: myspace, id: a1, name: 甲, unit: 县医保局}", "unknown platform"),
    ("      - {platform: weibo, id: a1, name: 甲, unit: 县医保局}", "no url"),
    ("      - {platform: wechat, id: a1, name: 甲, unit: 县医保局}\n"
     "      - {platform: wechat, id: a1, name: 乙, unit: 县医保局}", "listed twice"),
])
def test_bad_accounts_say_what_is_wrong(tmp_path, accounts: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _accounts_site(tmp_path, accounts)

"""The sample's new-media accounts: the seed bulletin's mix, owned by sample units, in step with
sites.example.yaml, faults that point at real accounts and posts, and the portal left as it was."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from crawler.sites import load_site
from sample_site.media.faults import build_media
from sample_site.media.manifest import build_media_manifest
from sample_site.model import DEPARTMENTS, GOV_OFFICE, TOWNSHIPS, build_site
from sample_site.render import render
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 28)


def test_the_seed_bulletins_mix_of_43_accounts() -> None:
    media = build_media(42, TODAY)
    registry = [a for a in media.accounts if a.in_config]
    assert Counter(a.platform for a in registry) == {"wechat": 38, "weibo": 2, "douyin": 2, "kuaishou": 1}
    units = {GOV_OFFICE} | {d for d, _ in DEPARTMENTS} | {t for t, _ in TOWNSHIPS}
    assert {a.unit for a in media.accounts} <= units
    assert len({a.key for a in media.accounts}) == len(media.accounts)


def test_sites_example_lists_the_registry() -> None:
    site = load_site("sample", REPO / "sites.example.yaml")
    media = build_media(42, TODAY)
    want = {a.key: a for a in media.accounts if a.in_config}
    assert {a.key for a in site.accounts} == set(want)
    for account in site.accounts:
        model = want[account.key]
        assert (account.name, account.unit, account.registered, account.record_no) == (
            model.name, model.unit, model.registered, model.record_no)
        assert account.menus == model.config_menus
        assert [kind for kind, _ in account.sources] == (
            [model.source] if model.platform == "wechat" else
            ["timeline"] if model.platform == "weibo" else ["profile"])


def test_faults_point_at_accounts_and_posts() -> None:
    manifest = build_media_manifest(42, TODAY, "http://h")
    keys = {a["key"] for a in manifest["accounts"]}
    posts = {p["url"] for p in manifest["posts"]}
    for fault in manifest["faults"]:
        assert fault["target"] in keys | posts, fault
    rules = Counter((f["rule"], f["kind"]) for f in manifest["faults"])
    for rule in ("FRESH-MEDIA", "MEDIA-MENU", "MEDIA-UNREGISTERED", "MEDIA-MISSING"):
        assert rules[(rule, "fault")] and rules[(rule, "near_miss")], rule


def test_deterministic_and_separate_from_the_portal() -> None:
    assert build_media_manifest(42, TODAY) == build_media_manifest(42, TODAY)
    model = build_site(seed=42, n_articles=300, today=TODAY)
    home = render(model, "/").body.decode("utf-8")
    assert "/media/" not in home  # the portal crawl (71 columns / articles / messages) is unchanged
    matrix = render(model, "/media/matrix.html")
    assert matrix.status == 200 and "青禾 医保" in matrix.body.decode("utf-8")
    assert render(model, "/media/wechat/nobody/").status == 404

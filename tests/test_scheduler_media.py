"""`scheduler.py crawl-media`: the new-media job from the command line, with its summary."""

from __future__ import annotations

import uuid

import pytest
from pymongo import MongoClient

import scheduler
from tests.conftest import REPO


def test_crawl_media_one_unit_one_platform(mongo_uri: str, sample_server, monkeypatch, capsys, tmp_path) -> None:
    name = f"sched_{uuid.uuid4().hex[:8]}"
    port = sample_server.base_url.rsplit(":", 1)[1]
    for key, value in {"SAMPLE_PORT": port, "MONGO_DB": name, "GOVWATCH_SPOOL_DIR": str(tmp_path / "spool"),
                       "GOVWATCH_LOG_LEVEL": "WARNING"}.items():
        monkeypatch.setenv(key, value)
    code = scheduler.main(["--mongo-uri", mongo_uri, "crawl-media", "--site", "sample", "--unit", "县公安局",
                           "--platforms", "weibo", "--sites", str(REPO / "sites.example.yaml")])
    out = capsys.readouterr().out
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    try:
        assert code == 0
        assert [(a["platform"], a["name"]) for a in client[name].accounts.find()] == [("weibo", "青禾公安")]
        assert "微博   accounts   1 (ok 1); posts" in out
    finally:
        client.drop_database(name)
        client.close()


def test_unknown_platform_is_refused(capsys) -> None:
    assert scheduler.main(["crawl-media", "--site", "sample", "--platforms", "wechat,myspace"]) == 2
    assert "unknown platform(s): myspace" in capsys.readouterr().out


@pytest.mark.parametrize("platform", scheduler.MEDIA_SPIDERS)
def test_every_platform_has_its_spider(platform: str) -> None:
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    assert platform in SpiderLoader.from_settings(get_project_settings()).list()

"""The schedule: defaults that meet the national indicator, configuration merged over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sites import ConfigError
from service.config import DEFAULT_JOBS, load_schedule
from tests.conftest import REPO


@pytest.fixture
def no_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A sites file without a schedule block, so the defaults apply."""
    sites = tmp_path / "sites.yaml"
    sites.write_text("sites: []\n", encoding="utf-8")
    monkeypatch.setenv("GOVWATCH_SITES", str(sites))
    monkeypatch.delenv("GOVWATCH_SCHEDULE", raising=False)
    return sites


def write_schedule(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> None:
    path = tmp_path / "schedule.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("GOVWATCH_SCHEDULE", str(path))


def test_defaults_meet_the_indicator(no_config: Path) -> None:
    schedule = load_schedule()
    assert schedule.source == "defaults"
    probe = schedule.jobs["probe"]
    assert 86400 / probe.every_s >= 20 and probe.timeout_s == 15  # ≥ 20 probes a day, 15 s
    assert schedule.jobs["crawl"].mode == "incremental" and schedule.jobs["crawl"].cron.split()[2:] == ["*"] * 3
    assert schedule.jobs["crawl-full"].mode == "full" and schedule.jobs["crawl-full"].cron.split()[4] != "*"
    assert schedule.jobs["linkcheck"].spiders == ("linkcheck",) and schedule.jobs["linkcheck"].analyze
    assert schedule.jobs["crawl"].analyze and schedule.jobs["crawl-full"].analyze
    assert schedule.jobs["media"].spiders == ("wechat", "weibo", "douyin", "kuaishou")
    assert schedule.jobs["rerun"].kind == "rerun" and schedule.jobs["rerun"].spiders[0] == "portal"
    assert schedule.jobs["bulletin"].kind == "bulletin"
    assert all(j.coalesce and j.max_instances == 1 for j in schedule.jobs.values())
    assert schedule.jobs["probe"].misfire_grace_s < schedule.jobs["crawl"].misfire_grace_s


def test_configuration_merges_over_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_config: Path) -> None:
    write_schedule(monkeypatch, tmp_path, """
schedule:
  timezone: UTC
  jobs:
    probe: {every_s: 5}
    media: {spiders: [wechat, weibo]}
    bulletin: {enabled: false}
    crawl: {cron: "15 3 * * *", timeout_s: 60}
    extra-analysis: {kind: analyze, cron: "0 12 * * *", rules: AVAIL}
""")
    schedule = load_schedule()
    assert schedule.timezone == "UTC"
    assert schedule.jobs["probe"].every_s == 5 and schedule.jobs["probe"].timeout_s == 15
    assert schedule.jobs["media"].spiders == ("wechat", "weibo")
    assert "bulletin" not in schedule.jobs
    assert schedule.jobs["crawl"].cron == "15 3 * * *" and schedule.jobs["crawl"].mode == "incremental"
    assert schedule.jobs["extra-analysis"].rules == "AVAIL"
    assert set(DEFAULT_JOBS) - {"bulletin"} <= set(schedule.jobs)


def test_sites_file_schedule_block(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("schedule:\n  jobs:\n    probe: {every_s: 600}\nsites: []\n", encoding="utf-8")
    monkeypatch.setenv("GOVWATCH_SITES", str(sites))
    monkeypatch.delenv("GOVWATCH_SCHEDULE", raising=False)
    assert load_schedule().jobs["probe"].every_s == 600


@pytest.mark.parametrize(("text", "message"), [
    ("schedule:\n  jobs:\n    x: {kind: nonsense, cron: '* * * * *'}\n", "kind must be"),
    ("schedule:\n  jobs:\n    x: {kind: crawl}\n", "needs `cron`"),
    ("schedule:\n  jobs:\n    x: {kind: crawl, cron: '* * *'}\n", "5 fields"),
    ("schedule:\n  jobs:\n    crawl: {mode: sometimes}\n", "mode must be"),
    ("schedule:\n  jobs:\n    x: {kind: crawl, cron: '* * * * *', every_s: 5}\n", "not both"),
    ("schedule: [1, 2]\n", "must be a mapping"),
])
def test_bad_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_config: Path, text: str,
                           message: str) -> None:
    write_schedule(monkeypatch, tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_schedule()


def test_the_example_configuration_runs_every_job_for_real(monkeypatch: pytest.MonkeyPatch) -> None:
    """sites.example.yaml is what operators copy: no job in it may be left a placeholder."""
    monkeypatch.delenv("GOVWATCH_SCHEDULE", raising=False)
    schedule = load_schedule(REPO / "sites.example.yaml")
    assert schedule.source.endswith("sites.example.yaml")
    assert schedule.jobs["media"].spiders == ("wechat", "weibo", "douyin", "kuaishou")
    assert all(spec.spiders for spec in schedule.jobs.values() if spec.kind in ("crawl", "rerun"))
    assert {"bulletin", "rerun"} <= set(schedule.jobs)

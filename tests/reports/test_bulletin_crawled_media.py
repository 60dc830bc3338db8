"""The bulletin of the crawled sample accounts: section 一's account figures equal the counts made
here from `accounts`, and section 二 names the unit of every seeded new-media fault."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

import pytest

from analyzers.runner import run
from reports.bulletin import build_bulletin
from reports.period import quarter_of
from tests.conftest import SAMPLE_NOW, SAMPLE_TODAY
from tests.reports.test_bulletin import section_of, section_texts


@pytest.fixture(scope="module")
def media_bulletin(crawled_media_db):
    db, manifest = crawled_media_db
    today = date.fromisoformat(SAMPLE_TODAY)
    run(db, site="sample", today=today, now=datetime.fromisoformat(SAMPLE_NOW))
    return db, manifest, build_bulletin(db, quarter_of(today), "sample", issued=today)


def test_account_figures_equal_the_accounts_collection(media_bulletin) -> None:
    db, _, bulletin = media_bulletin
    ov = bulletin.overview
    by_platform = Counter(a["platform"] for a in db.accounts.find({"site": "sample"}, {"platform": 1}))
    assert ov.accounts_collected and ov.accounts == dict(by_platform)
    assert sum(ov.accounts.values()) == db.accounts.count_documents({"site": "sample"}) > 0
    text = bulletin.document.plain_text()
    assert f"政务新媒体有{sum(by_platform.values())}个" in text
    assert "未采集政务新媒体账号数据" not in text


def test_every_seeded_media_fault_names_its_unit(media_bulletin) -> None:
    _, manifest, bulletin = media_bulletin
    sections = section_texts(bulletin.document.plain_text())
    faults = [f for f in manifest["faults"] if f["kind"] == "fault" and f.get("severity") != "notice"
              and f["rule"].startswith(("FRESH-MEDIA", "MEDIA-"))]
    assert {f["rule"] for f in faults} >= {"FRESH-MEDIA", "MEDIA-MENU", "MEDIA-UNREGISTERED"}
    for fault in faults:
        title = section_of(fault["rule"])
        assert fault["unit"] in sections.get(title, ""), (fault["rule"], fault["unit"], title)

from __future__ import annotations

import time

import pytest

from sample_site.model import build_site
from sample_site.render import render

from .conftest import TODAY


@pytest.mark.slow
def test_100k_articles() -> None:
    t = time.monotonic()
    m = build_site(n_articles=100_000, today=TODAY)
    assert len(m.articles) == 100_000
    assert time.monotonic() - t < 30
    assert len(m.columns) >= 60
    assert render(m, m.articles[-1].url).status == 200
    assert render(m, "/col/zwyw/", "page=200").status == 200

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from sample_site.manifest import build_manifest
from sample_site.model import SiteModel, build_site
from sample_site.server import SampleServer

TODAY = dt.date(2024, 6, 30)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: long-running sample_site test (100k articles)")


@pytest.fixture(scope="session")
def model() -> SiteModel:
    return build_site(seed=42, n_articles=2000, today=TODAY)


@pytest.fixture(scope="session")
def server(model: SiteModel) -> Iterator[SampleServer]:
    with SampleServer(model) as srv:
        yield srv


@pytest.fixture(scope="session")
def manifest(model: SiteModel, server: SampleServer) -> dict[str, Any]:
    return build_manifest(model, server.base_url)

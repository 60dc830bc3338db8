"""The service's environment for a test: a fresh database, the served sample portal, its own folders."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.database import Database

from tests.conftest import REPO


@pytest.fixture
def service_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mongo_uri: str, sample_server) -> Iterator[Database]:
    """Environment every job (and its child processes) reads; yields the job's database.

    Write a schedule to ``tmp_path / "schedule.yaml"`` to change the jobs.
    """
    name = f"svc_{uuid.uuid4().hex[:10]}"
    port = sample_server.base_url.rsplit(":", 1)[1]
    env = {
        "MONGO_URI": mongo_uri, "MONGO_DB": name, "SAMPLE_PORT": port,
        "GOVWATCH_SITES": str(REPO / "sites.example.yaml"), "GOVWATCH_SCHEDULE": str(tmp_path / "schedule.yaml"),
        "GOVWATCH_LOCK_DIR": str(tmp_path / "locks"), "GOVWATCH_SPOOL_DIR": str(tmp_path / "spool"),
        "GOVWATCH_CONDITIONAL_DIR": str(tmp_path / "conditional"), "GOVWATCH_FILES_STORE": str(tmp_path / "files"),
        "GOVWATCH_REPORTS_DIR": str(tmp_path / "reports"),
        "GOVWATCH_LOG_LEVEL": "WARNING", "GOVWATCH_PROGRESS": "0",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    (tmp_path / "schedule.yaml").write_text("schedule:\n  timezone: UTC\n", encoding="utf-8")
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    yield client[name]
    client.drop_database(name)
    client.close()


def set_schedule(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "schedule.yaml").write_text(f"schedule:\n  timezone: UTC\n  jobs:\n{jobs}", encoding="utf-8")

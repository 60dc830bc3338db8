"""Passwords in MONGO_URI never reach a log line."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from service.runs import RedactingFilter, redact, redact_uri
from tests.conftest import REPO

SECRET = "s3cretPW"


@pytest.mark.parametrize(("text", "expected"), [
    (f"mongodb://govwatch:{SECRET}@db:27017/?replicaSet=rs0", "mongodb://govwatch:***@db:27017/?replicaSet=rs0"),
    (f"failed on mongodb+srv://u:{SECRET}@cluster.example/x now", "failed on mongodb+srv://u:***@cluster.example/x now"),
    ("mongodb://onlyuser@db:27017/", "mongodb://onlyuser@db:27017/"),
    ("mongodb://127.0.0.1:27018/?directConnection=true", "mongodb://127.0.0.1:27018/?directConnection=true"),
])
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_redact_uri() -> None:
    assert redact_uri(f"mongodb://a:{SECRET}@h:1/db") == "mongodb://a:***@h:1/db"
    assert redact_uri("mongodb://h:1/db") == "mongodb://h:1/db"


def test_filter_redacts_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("some.library")
    handler = caplog.handler
    handler.addFilter(RedactingFilter())
    try:
        with caplog.at_level(logging.INFO):
            log.info("connecting to %s", f"mongodb://u:{SECRET}@h:1/")
    finally:
        handler.removeFilter(handler.filters[-1])
    assert SECRET not in caplog.text and "mongodb://u:***@h:1/" in caplog.text


def test_scheduler_never_logs_the_password(mongo_uri: str, tmp_path) -> None:
    """A real run with a password in MONGO_URI (the embedded server refuses it): the URI is
    logged, redacted, and the password appears nowhere in the output."""
    uri = mongo_uri.replace("mongodb://", f"mongodb://govwatch:{SECRET}@")
    env = {**os.environ, "MONGO_URI": uri, "GOVWATCH_MONGO_TIMEOUT_MS": "3000",
           "GOVWATCH_LOCK_DIR": str(tmp_path / "locks")}
    result = subprocess.run([sys.executable, "scheduler.py", "once", "probe"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert "govwatch:***@" in output  # the URI was logged ...
    assert SECRET not in output  # ... without its password

"""The progress line: pages, rate, queue, items and errors every few seconds on a terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from crawler.progress import wanted
from tests.conftest import REPO

LINE = re.compile(r"progress portal/sample: [\d,]+ pages \([\d.]+/s\), queue [\d,]+, items [\d,]+, errors \d+")


def crawl(sample_server, mongo_uri: str, tmp_path: Path, progress: str) -> str:
    port = sample_server.base_url.rsplit(":", 1)[1]
    env = {**os.environ, "MONGO_URI": mongo_uri, "MONGO_DB": f"progress_{uuid.uuid4().hex[:8]}", "SAMPLE_PORT": port,
           "GOVWATCH_FILES_STORE": str(tmp_path / "files"), "GOVWATCH_SPOOL_DIR": str(tmp_path / "spool"),
           "GOVWATCH_CONDITIONAL_DIR": str(tmp_path / "conditional"), "GOVWATCH_LOG_LEVEL": "INFO",
           "GOVWATCH_PROGRESS": progress}
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=sample", "-a", "column=政务要闻",
               "-a", f"sites={REPO / 'sites.example.yaml'}", "-s", "GOVWATCH_PROGRESS_INTERVAL=0.2"]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


def test_progress_lines(sample_server, mongo_uri: str, tmp_path: Path) -> None:
    lines = LINE.findall(crawl(sample_server, mongo_uri, tmp_path, "1"))
    assert len(lines) >= 2  # during the crawl and the final one
    assert not LINE.search(crawl(sample_server, mongo_uri, tmp_path, "0"))  # a log file gets none


@pytest.mark.parametrize(("env", "setting", "tty", "expected"), [
    (None, None, True, True), (None, None, False, False), ("1", None, False, True),
    ("0", None, True, False), (None, "1", False, True),
])
def test_wanted(monkeypatch: pytest.MonkeyPatch, env, setting, tty: bool, expected: bool) -> None:
    if env is None:
        monkeypatch.delenv("GOVWATCH_PROGRESS", raising=False)
    else:
        monkeypatch.setenv("GOVWATCH_PROGRESS", env)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert wanted(setting) is expected

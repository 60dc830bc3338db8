"""Helpers shared by the analyzer tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
# CI clones the repository beside a copy of shared/.
SHARED = REPO_ROOT.parent / "shared"
POLICY_DOCS = SHARED / "realdata" / "policy_docs"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m analyzers ARGS`` in a child process, as an operator runs it."""
    return subprocess.run(
        [sys.executable, "-m", "analyzers", *args],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def article(
    body: str = "", title: str | None = "测试标题", html: str | None = None, **kw: Any
) -> dict:
    """An article document as the crawler stores it (only what rules read)."""
    doc = {
        "_id": "a1",
        "site": "cn-test",
        "unit": "县测试局",
        "column_id": "c1",
        "column_name": "工作动态",
        "url": "http://www.example.gov.cn/info/1/1.htm",
        "title": title,
        "body_text": body,
        "body_html": html,
        "meta": {},
        "published_at": None,
        "attachments": [],
        "images": [],
        "links": [],
    }
    doc.update(kw)
    return doc


@pytest.fixture
def policy_docs() -> list[Path]:
    docs = sorted(POLICY_DOCS.glob("*.txt"))
    if len(docs) != 29:
        pytest.skip(f"shared/realdata/policy_docs not found beside the repository ({POLICY_DOCS})")
    return docs

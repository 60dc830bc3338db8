"""Shared paths for extraction tests: real pages live next to the repo in shared/realdata."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
REALDATA = (REPO_ROOT / ".." / "shared" / "realdata").resolve()
HTML_DIR = REALDATA / "html"
GOLDEN_DIR = REPO_ROOT / "tests" / "fixtures" / "extract" / "golden"


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not HTML_DIR.is_dir():
        pytest.skip(f"real pages not found at {HTML_DIR}")
    return HTML_DIR

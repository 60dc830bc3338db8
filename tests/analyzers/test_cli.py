"""``python -m analyzers check`` through a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.analyzers.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    p = tmp_path / "notice.txt"
    p.write_bytes(
        "各乡、镇人民政府,县直有关单位：\r\n会议于10:30召开，。详见www.yncn.gov.cn。\r\n".encode()
    )
    return p


def test_check_txt_json_offsets_index_the_file(notice: Path) -> None:
    r = run_cli("check", str(notice), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    text = notice.read_bytes().decode("utf-8")
    assert [(o["rule"], o["evidence"]["text"]) for o in out] == [
        ("FORMAT-PUNCT", ","),
        ("FORMAT-PUNCT", "，。"),
    ]
    for o in out:
        assert set(o) == {"path", "rule", "severity", "message", "evidence", "suggestion"}
        assert o["path"] == str(notice)
        ev = o["evidence"]
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_show_text_prints_the_indexed_text(notice: Path) -> None:
    r = run_cli("check", str(notice), "--format", "text", "--show-text")
    assert r.returncode == 0
    text = notice.read_bytes().decode("utf-8")
    head = f"----- text of {notice} ({len(text)} chars) -----\n"
    start = r.stdout.index(head) + len(head)
    # Python text mode turns \r\n into \n on read; compare with that view.
    assert r.stdout[start : start + len(text.replace("\r\n", "\n"))] == text.replace("\r\n", "\n")
    assert "FORMAT-PUNCT (deduct) body[" in r.stdout


def test_rules_selection_and_unknown(notice: Path) -> None:
    r = run_cli("check", str(notice), "--format", "json", "--rules", "FORMAT-TITLE,FORMAT-LINEBREAK")
    assert r.returncode == 0 and json.loads(r.stdout) == []
    r = run_cli("check", str(notice), "--rules", "FORMAT-NOPE")
    assert r.returncode == 2 and "unknown rule" in r.stderr


def test_corrupt_pdf_others_still_checked(notice: Path, tmp_path: Path) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    r = run_cli("check", str(bad), str(notice), "--format", "json")
    assert r.returncode == 2
    assert str(bad) in r.stderr and "PDF" in r.stderr
    out = json.loads(r.stdout)
    assert {o["path"] for o in out} == {str(notice)}


def test_check_html_fixture() -> None:
    pytest.importorskip("crawler.extract.article")
    path = FIXTURES / "article_faults.html"
    r = run_cli("check", str(path), "--format", "json")
    assert r.returncode == 0, r.stderr
    got = {(o["rule"], o["evidence"]["text"]) for o in json.loads(r.stdout)}
    assert ("FORMAT-PUNCT", "，。") in got
    assert ("FORMAT-PUNCT", ",") in got
    assert ("FORMAT-TITLE", "。") in got
    assert any(rule == "FORMAT-FONT" for rule, _ in got)
    assert ("FORMAT-TABLE", "新华村") in got

"""Rectification lists: one sheet per unit, text never a formula, answers read back, reruns queued."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from reports.apply import RectificationFileError, apply_rectification, pending_reruns
from reports.rectification import (
    ANSWER_HEADER,
    HEADERS,
    ID_HEADER,
    STATUS_HEADER,
    SUMMARY_SHEET,
    sheet_name,
    write_rectification,
)
from reports.selection import reported_findings


@pytest.mark.parametrize(("unit", "want"), [
    ("县医保局", "县医保局"),
    ("县[测试]:局*?/\\", "县_测试__局____"),
    ("'引号'", "引号"),
    ("很" * 40, "很" * 31),
])
def test_sheet_names(unit, want) -> None:
    assert sheet_name(unit, set()) == want


def test_sheet_names_stay_unique() -> None:
    taken: set[str] = set()
    names = [sheet_name("甲" * 40, taken) for _ in range(3)]
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
    assert sheet_name(SUMMARY_SHEET, taken) != SUMMARY_SHEET


@pytest.fixture(scope="module")
def workbook(report_db, sample_period, tmp_path_factory):
    db, _ = report_db
    path = tmp_path_factory.mktemp("xlsx") / "整改清单.xlsx"
    counts = write_rectification(db, sample_period, path, "sample", date(2026, 12, 16))
    return path, counts


def test_one_sheet_per_unit_with_every_open_finding(report_db, sample_period, workbook) -> None:
    db, _ = report_db
    path, counts = workbook
    wb = load_workbook(path)
    findings = reported_findings(db, sample_period, "sample")
    assert wb.sheetnames[0] == SUMMARY_SHEET
    assert len(wb.sheetnames) == 1 + len({f["unit"] or "门户网站" for f in findings})
    ids = set()
    for ws in wb.worksheets[1:]:
        assert [c.value for c in ws[2]] == list(HEADERS)
        ids |= {r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert ids == {f["_id"] for f in findings}
    assert sum(counts.values()) == len(findings)
    summary_total = sum(r[-2] for r in wb[SUMMARY_SHEET].iter_rows(min_row=3, values_only=True))
    assert summary_total == len(findings)


def test_crawled_text_is_never_a_formula(report_db, sample_period, tmp_path) -> None:
    db, _ = report_db
    f = db.findings.find_one({"rule": "REVIEW-TYPO", "status": "open"})
    db.findings.update_one({"_id": f["_id"]}, {"$set": {"evidence.text": '=HYPERLINK("http://x","y")',
                                                        "message": "+1-2", "suggestion": "@SUM(A1)"}})
    try:
        path = tmp_path / "x.xlsx"
        write_rectification(db, sample_period, path, "sample")
        for name in zipfile.ZipFile(path).namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in zipfile.ZipFile(path).read(name).decode()
        values = {c.value for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row}
        assert '=HYPERLINK("http://x","y")' in values and "@SUM(A1)" in values
    finally:
        db.findings.update_one({"_id": f["_id"]}, {"$set": {k: f[k] for k in ("evidence", "message", "suggestion")}})


def test_answers_recorded_and_reruns_queued_once(report_db, workbook, tmp_path) -> None:
    db, _ = report_db
    path, _ = workbook
    wb = load_workbook(path)
    filled = {}
    for ws in wb.worksheets[1:3]:
        head = [c.value for c in ws[2]]
        row = 3
        ws.cell(row, head.index(STATUS_HEADER) + 1).value = "已整改"
        ws.cell(row, head.index(ANSWER_HEADER) + 1).value = "已于12月5日更新栏目"
        filled[ws.cell(row, head.index(ID_HEADER) + 1).value] = ws.title
    returned = tmp_path / "returned.xlsx"
    wb.save(returned)
    result = apply_rectification(db, returned)
    assert result.recorded == 2 and not result.unknown
    for fid in filled:
        rec = db.rectifications.find_one({"_id": fid})
        assert rec["status"] == "已整改" and rec["answer"] == "已于12月5日更新栏目"
        assert rec["unit"] == db.findings.find_one({"_id": fid})["unit"]
    units = {db.findings.find_one({"_id": fid})["unit"] for fid in filled}
    assert {r["unit"] for r in pending_reruns(db)} == units
    again = apply_rectification(db, returned)  # the same file twice changes nothing
    assert (again.recorded, again.unchanged) == (0, 2)
    assert db.rerun_requests.count_documents({"status": "pending"}) == len(units)


def test_not_a_workbook_is_refused(report_db, tmp_path) -> None:
    db, _ = report_db
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(RectificationFileError):
        apply_rectification(db, bad)


def test_cli(report_db, mongo_uri, sample_period, tmp_path) -> None:
    db, _ = report_db
    env = {"MONGO_URI": mongo_uri, "MONGO_DB": db.name}
    for fmt in ("docx",):  # html and md are the same builder, tested in-process
        out = tmp_path / f"b.{fmt}"
        res = run_cli_reports("bulletin", "--period", sample_period.key, "--site", "sample", "--out", str(out),
                              env=env)
        assert res.returncode == 0, res.stderr
        assert out.stat().st_size > 1000
    res = run_cli_reports("rectification", "--period", sample_period.key, "--out", str(tmp_path / "r.xlsx"), env=env)
    assert res.returncode == 0 and "open findings" in res.stdout
    assert run_cli_reports("bulletin", "--period", "2026Q9", "--out", str(tmp_path / "x.md"), env=env).returncode == 2
    assert run_cli_reports("apply-rectification", str(tmp_path / "b.md"), env=env).returncode == 2


def run_cli_reports(*args: str, env: dict[str, str]):
    import os
    import subprocess
    import sys

    from tests.analyzers.conftest import REPO_ROOT

    return subprocess.run([sys.executable, "-m", "reports", *args], cwd=REPO_ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env}, timeout=300)




def test_rerun_queue_is_taken_once(mongo_db) -> None:
    from datetime import UTC, datetime, timedelta

    from reports.apply import finish_rerun, queue_rerun, take_rerun

    t = datetime(2026, 12, 5, tzinfo=UTC)
    queue_rerun(mongo_db, "sample", "县医保局", ["a"], "整改清单 x.xlsx", t)
    queue_rerun(mongo_db, "sample", "县医保局", ["b"], "整改清单 y.xlsx", t + timedelta(hours=1))
    queue_rerun(mongo_db, "sample", "柳溪镇", ["c"], "整改清单 y.xlsx", t + timedelta(hours=2))
    assert mongo_db.rerun_requests.count_documents({"status": "pending"}) == 2
    first = take_rerun(mongo_db)
    assert (first["unit"], sorted(first["finding_ids"]), first["status"]) == ("县医保局", ["a", "b"], "running")
    finish_rerun(mongo_db, first["_id"], ok=True)
    assert take_rerun(mongo_db)["unit"] == "柳溪镇"
    assert take_rerun(mongo_db) is None
    # After the rerun, a new answer for the same unit opens a new request.
    queue_rerun(mongo_db, "sample", "县医保局", ["d"], "整改清单 z.xlsx", t + timedelta(days=1))
    assert mongo_db.rerun_requests.count_documents({"unit": "县医保局"}) == 2

"""The operator's commands around findings: ignore a false positive, file a column under redesign."""

from __future__ import annotations

import subprocess

from tests.analyzers.conftest import run_cli


def _cli(mongo_db, *args: str) -> subprocess.CompletedProcess:
    host, port = mongo_db.client.address
    return run_cli(*args, "--mongo-uri", f"mongodb://{host}:{port}/?directConnection=true",
                   env={"MONGO_DB": mongo_db.name})


def test_ignore_marks_the_finding_with_who_and_why(mongo_db):
    mongo_db.findings.insert_one({"_id": "f1", "rule": "REVIEW-TYPO", "status": "open"})
    done = _cli(mongo_db, "ignore", "f1", "--by", "张三", "--reason", "人名，不是错字")
    assert done.returncode == 0, done.stderr
    doc = mongo_db.findings.find_one({"_id": "f1"})
    assert (doc["status"], doc["ignored_by"], doc["ignored_reason"]) == ("ignored", "张三", "人名，不是错字")


def test_ignore_of_an_unknown_finding_fails_clearly(mongo_db):
    done = _cli(mongo_db, "ignore", "nope", "--by", "张三", "--reason", "x")
    assert done.returncode == 1 and "no finding" in done.stderr


def test_file_declares_a_column_under_redesign(mongo_db):
    done = _cli(mongo_db, "file", "--site", "sample", "--target", "http://127.0.0.1:8765/col/zcwj/ybj/",
                "--from", "2026-11-01", "--to", "2026-12-31", "--reason", "栏目改版")
    assert done.returncode == 0, done.stderr
    filing = mongo_db.filings.find_one()
    assert filing["target_prefix"].endswith("/col/zcwj/ybj/") and filing["reason"] == "栏目改版"
    assert filing["to"] > filing["from"]


def test_file_rejects_a_reversed_period(mongo_db):
    done = _cli(mongo_db, "file", "--site", "s", "--target", "http://x/", "--from", "2026-12-31",
                "--to", "2026-11-01", "--reason", "x")
    assert done.returncode == 2 and mongo_db.filings.count_documents({}) == 0

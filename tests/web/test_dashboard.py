"""Dashboard pages and actions through Starlette's test client: filters, evidence, CSRF, login."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from web.app import create_app
from web.highlight import highlight
from web.security import add_user, hash_password, verify_password
from web.svg import line_chart


@pytest.mark.parametrize(("text", "start", "end", "ev", "want"), [
    ("abc<b>def", 3, 6, "<b>", 'abc<mark id="evidence">&lt;b&gt;</mark>def'),
    ("a&b", 1, 2, "&", 'a<mark id="evidence">&amp;</mark>b'),
    ("<i>x", 0, 1, "?", "&lt;i&gt;x"),  # offsets that do not match the evidence mark nothing
])
def test_highlight_escapes_then_marks(text, start, end, ev, want) -> None:
    assert str(highlight(text, start, end, ev)) == want


def test_chart_escapes_labels() -> None:
    svg = str(line_chart(["<x>"], {"<script>": [3]}))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<polyline" in svg


def test_password_hashes() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert verify_password("correct horse", stored) and not verify_password("wrong", stored)
    assert hash_password("correct horse") != stored  # salted


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db, secret="test-secret"))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def test_overview_counts_open_findings_per_unit(web_db, client) -> None:
    html = client.get("/").text
    n = web_db.findings.count_documents({"unit": "县民政局", "status": "open", "filed": {"$ne": True}})
    assert n and re.search(rf"县民政局</a></td>.*?status=open\">{n}</a>", html, re.S)
    assert "<svg" in html and "<polyline" in html


@pytest.mark.parametrize(("params", "query"), [
    ({"unit": "县民政局"}, {"unit": "县民政局"}),
    ({"rule": "FORMAT"}, {"rule": {"$regex": "^FORMAT"}}),
    ({"severity": "veto"}, {"severity": "veto"}),
    ({"status": "open", "rule": "REVIEW-PRIVACY"}, {"status": "open", "rule": {"$regex": "^REVIEW-PRIVACY"}}),
])
def test_filters(web_db, client, params, query) -> None:
    html = client.get("/findings", params=params).text
    assert f"{web_db.findings.count_documents(query)} 个问题" in html


def test_bad_period_is_a_clear_error(client) -> None:
    r = client.get("/findings", params={"period": "2026Q7"})
    assert r.status_code == 400 and "2026Q7" in r.text


def test_actions_without_csrf_are_refused(web_db, client) -> None:
    fid = web_db.findings.find_one({"rule": "FORMAT-PUNCT", "status": "open"})["_id"]
    r = client.post(f"/findings/{fid}/ignore", data={"reason": "x", "by": "y"})
    assert r.status_code == 403
    r = client.post(f"/findings/{fid}/ignore", data={"reason": "x", "by": "y", "csrf": "forged"})
    assert r.status_code == 403
    r = client.post("/filings", data={"site": "sample", "target": "http://x/", "start": "2026-01-01",
                                      "end": "2026-12-31", "reason": "x"})
    assert r.status_code == 403
    assert web_db.findings.find_one({"_id": fid})["status"] == "open"
    assert web_db.filings.count_documents({}) == 0


def test_filing_a_column_marks_its_findings(web_db, client) -> None:
    f = web_db.findings.find_one({"rule": "FRESH-BLANK", "status": "open", "unit": "县水务局"})
    page = client.get(f"/findings/{f['_id']}").text
    r = client.post("/filings", data={"site": "sample", "target": f["target"], "start": "2020-01-01",
                                      "end": "2099-12-31", "reason": "栏目改版", "csrf": csrf_of(page),
                                      "back": f"/findings/{f['_id']}"}, follow_redirects=False)
    assert r.status_code == 303
    assert web_db.findings.find_one({"_id": f["_id"]})["filed"] is True
    assert web_db.filings.count_documents({"target_prefix": f["target"]}) == 1


def test_login_required_beyond_loopback(web_db, tmp_path) -> None:
    users = tmp_path / "users.json"
    add_user(users, "张三", "s3cret-pass")
    c = TestClient(create_app(web_db, secret="s", require_login=True, users_file=users))
    r = c.get("/findings", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    token = csrf_of(c.get("/login").text)
    assert c.post("/login", data={"name": "张三", "password": "wrong", "csrf": token}).status_code == 401
    assert c.post("/login", data={"name": "张三", "password": "s3cret-pass"}).status_code == 403  # no CSRF
    r = c.post("/login", data={"name": "张三", "password": "s3cret-pass", "csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    assert c.get("/findings").status_code == 200
    forged = TestClient(create_app(web_db, secret="other", require_login=True, users_file=users))
    forged.cookies.update(c.cookies)  # a cookie signed with another key is no session
    assert forged.get("/findings", follow_redirects=False).status_code == 303


def test_cli_refuses_an_open_bind_without_users(tmp_path) -> None:
    from web.__main__ import main

    assert main(["--host", "0.0.0.0", "--users", str(tmp_path / "none.json")]) == 2


def test_trends_count_open_findings_after_each_crawl(mongo_db) -> None:
    from datetime import UTC, datetime, timedelta

    from web.queries import trends

    t0 = datetime(2026, 10, 1, tzinfo=UTC)
    mongo_db.crawl_runs.insert_many([
        {"_id": f"r{i}", "site": "s", "spider": "portal", "started_at": t0 + timedelta(days=7 * i),
         "finished_at": t0 + timedelta(days=7 * i, hours=1)} for i in range(3)])
    mongo_db.crawl_runs.insert_one({"_id": "l", "site": "s", "spider": "linkcheck", "started_at": t0})
    day = timedelta(days=1)
    mongo_db.findings.insert_many([
        # open since the first crawl's analysis
        {"_id": "a", "unit": "甲", "problem_class": "FRESH", "status": "open", "first_seen": t0 + 2 * day},
        # resolved by the third crawl's analysis
        {"_id": "b", "unit": "甲", "problem_class": "FRESH", "status": "resolved", "first_seen": t0 + 2 * day,
         "resolved_at": t0 + 15 * day},
        # found by the second crawl, marked ignored after the third started
        {"_id": "c", "unit": "乙", "problem_class": "REVIEW", "status": "ignored", "first_seen": t0 + 8 * day,
         "ignored_at": t0 + 16 * day},
    ])
    labels, series = trends(mongo_db)
    assert len(labels) == 3  # portal crawls only
    assert series == {"FRESH": [2, 2, 1], "REVIEW": [0, 1, 0]}
    _, unit_series = trends(mongo_db, "乙")
    assert unit_series == {"REVIEW": [0, 1, 0]}


def test_adduser_stores_a_hash(tmp_path, monkeypatch) -> None:
    import io
    import json

    from web.__main__ import main

    users = tmp_path / "users.json"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--users", str(users), "adduser", "李四", "--password-stdin"]) == 2 and not users.exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-passphrase\n"))
    assert main(["--users", str(users), "adduser", "李四", "--password-stdin"]) == 0
    stored = json.loads(users.read_text(encoding="utf-8"))["李四"]
    assert "a-long-passphrase" not in stored and verify_password("a-long-passphrase", stored)
    assert users.stat().st_mode & 0o077 == 0

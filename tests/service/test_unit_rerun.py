"""`once crawl --site S --unit U`: recrawl all of U's pages, then the analyzers for U: U's findings
that no longer reproduce are resolved, and no other unit's documents or findings are touched."""

from __future__ import annotations

from pathlib import Path

from pymongo.database import Database

from analyzers.runner import run as analyze
from service.jobs import run_job
from tests.service.conftest import set_schedule

FAULT = "\n为抓手,推进工作。"  # an ASCII comma between Chinese clauses: FORMAT-PUNCT


def test_unit_rerun_resolves_only_that_unit(service_env: Database, tmp_path: Path) -> None:
    db = service_env
    set_schedule(tmp_path, "    crawl-full: {analyze: false}\n    crawl: {rules: FORMAT-PUNCT}\n")
    assert run_job("crawl-full", site="sample")["status"] == "ok"
    units = [u for u in db.articles.distinct("unit") if u]
    fixed, other = sorted(units, key=lambda u: -db.articles.count_documents({"unit": u}))[:2]
    # Both units "published" a fault; the portal itself never had it, so a recrawl drops it.
    targets = {}
    for unit in (fixed, other):
        article = db.articles.find_one({"unit": unit}, {"url": 1, "body_text": 1})
        db.articles.update_one({"_id": article["_id"]}, {"$set": {"body_text": article["body_text"] + FAULT}})
        targets[unit] = article["url"]
    analyze(db, site="sample", rules="FORMAT-PUNCT")
    for unit, url in targets.items():
        assert db.findings.find_one({"rule": "FORMAT-PUNCT", "target": url, "status": "open"}), unit
    other_seen = {d["_id"]: d["last_seen"] for d in db.articles.find({"unit": other}, {"last_seen": 1})}
    other_findings = {d["_id"]: (d["status"], d["last_seen"]) for d in db.findings.find({"unit": other})}
    fixed_seen = {d["_id"]: d["last_seen"] for d in db.articles.find({"unit": fixed}, {"last_seen": 1})}

    run = run_job("crawl", site="sample", unit=fixed)

    assert run["status"] == "ok", run.get("error")
    crawl_step, analyze_step = run["steps"]
    assert crawl_step["mode"] == "full"  # a unit rerun re-checks every page of the unit
    assert analyze_step["unit"] == fixed and analyze_step["exit"] == 0
    assert db.findings.find_one({"rule": "FORMAT-PUNCT", "target": targets[fixed]})["status"] == "resolved"
    assert db.findings.find_one({"rule": "FORMAT-PUNCT", "target": targets[other]})["status"] == "open"
    assert {d["_id"]: (d["status"], d["last_seen"]) for d in db.findings.find({"unit": other})} == other_findings
    assert {d["_id"]: d["last_seen"] for d in db.articles.find({"unit": other}, {"last_seen": 1})} == other_seen
    recrawled = {d["_id"]: d["last_seen"] for d in db.articles.find({"unit": fixed}, {"last_seen": 1})}
    assert all(recrawled[k] > v for k, v in fixed_seen.items())
    assert FAULT not in db.articles.find_one({"url": targets[fixed]})["body_text"]

"""connect(): MONGO_URI when set, else the embedded server, whose SQLite data outlives it."""

from __future__ import annotations

import logging
import subprocess
import sys

from store.connect import connect
from tests.conftest import REPO

CHILD = """
import sys
from store.connect import connect
db = connect()
db.notes.update_one({"_id": 1}, {"$inc": {"runs": 1}}, upsert=True)
print(db.notes.find_one({"_id": 1})["runs"])
"""


def test_without_mongo_uri_the_embedded_server_keeps_data_across_processes(tmp_path):
    env = {"GOVWATCH_EMBEDDED_PATH": str(tmp_path / "db.sqlite"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    runs = []
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", CHILD], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr  # a clean stop at exit
        assert "embedded MongoDB" in done.stderr and "mongodb://127.0.0.1:" in done.stderr
        runs.append(int(done.stdout.strip()))
    assert runs == [1, 2]


def test_explicit_uri_is_used_and_indexes_exist(mongo_uri, caplog):
    with caplog.at_level(logging.WARNING):
        db = connect(mongo_uri, "t_connect")
    assert "embedded" not in caplog.text
    names = {ix["name"] for ix in db.articles.list_indexes()}
    assert {"site_unit_published", "column_published", "site_title"} <= names
    db.client.drop_database("t_connect")


def test_changed_index_definition_is_rebuilt(mongo_db):
    from pymongo import ASCENDING

    from store.schema import MESSAGES, ensure_indexes

    mongo_db[MESSAGES].drop_index("site_received")
    mongo_db[MESSAGES].create_index([("site", ASCENDING), ("old_field", ASCENDING)], name="site_received")
    ensure_indexes(mongo_db)
    keys = {ix["name"]: list(ix["key"]) for ix in mongo_db[MESSAGES].list_indexes()}
    assert keys["site_received"] == ["site", "received_date"]

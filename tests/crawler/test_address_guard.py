"""The link check never probes the office's own network: links, and every redirect hop, to
loopback / private / link-local / reserved addresses are not requested unless configured."""

from __future__ import annotations

import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pymongo import MongoClient

from crawler.fetching import internal_address, parse_networks
from tests.conftest import run_sample_spider

LOOPBACK = parse_networks(["127.0.0.1/32"])


@pytest.mark.parametrize(("url", "allowed", "expected"), [
    ("http://10.1.2.3/x", (), "10.1.2.3"),
    ("http://192.168.0.1/", (), "192.168.0.1"),
    ("http://172.16.5.4/", (), "172.16.5.4"),
    ("http://169.254.169.254/latest/meta-data/", (), "169.254.169.254"),  # cloud metadata: link-local
    ("http://127.0.0.1:8765/", (), "127.0.0.1"),
    ("http://127.0.0.1:8765/", LOOPBACK, None),  # the sample portal, configured as allowed
    ("http://127.0.0.2/", LOOPBACK, "127.0.0.2"),  # the rest of 127/8 is not
    ("http://[::1]/", LOOPBACK, "::1"),
    ("http://[fe80::1]/", (), "fe80::1"),
    ("http://[::ffff:10.0.0.1]/", (), "::ffff:10.0.0.1"),  # IPv4-mapped private address
    ("http://0.0.0.0/", (), "0.0.0.0"),
    ("http://240.0.0.1/", (), "240.0.0.1"),  # reserved
    ("http://2130706433/", (), "127.0.0.1"),  # a decimal host still resolves to loopback
    ("http://localhost/", (), "127.0.0.1"),
    ("http://10.9.9.9/", parse_networks("10.0.0.0/8, 192.168.0.0/16"), None),
    ("http://[::ffff:10.9.9.9]/", parse_networks("10.0.0.0/8"), None),
    ("http://8.8.8.8/", (), None),
    ("http://www.gov.cn.invalid/", (), None),  # does not resolve: the download reports dns_error
    ("mailto:a@b.c", (), None),
])
def test_internal_address(url: str, allowed, expected) -> None:
    got = internal_address(url, allowed)
    if url == "http://localhost/":
        assert got in ("127.0.0.1", "::1")
    else:
        assert got == expected


class _Counting(ThreadingHTTPServer):
    daemon_threads = True


def serve(host: str, routes: dict[str, tuple[int, dict[str, str]]]) -> tuple[_Counting, list[str]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self) -> None:
            seen.append(self.path)
            status, headers = routes.get(self.path, (200, {}))
            self.send_response(status)
            for k, v in {"Content-Type": "text/html", "Content-Length": "0", **headers}.items():
                self.send_header(k, v)
            self.end_headers()

        do_GET = do_HEAD = _answer  # noqa: N815 - stdlib naming

    server = _Counting((host, 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


def test_linkcheck_requests_no_internal_address(mongo_uri: str, sample_server, tmp_path: Path) -> None:
    inside, inside_seen = serve("127.0.0.2", {})  # an "internal" service the checker must not touch
    inside_url = f"http://127.0.0.2:{inside.server_address[1]}"
    outside, outside_seen = serve("127.0.0.1", {"/hop": (302, {"Location": f"{inside_url}/via-redirect"})})
    outside_url = f"http://127.0.0.1:{outside.server_address[1]}"
    name = f"guard_{uuid.uuid4().hex[:8]}"
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[name]
    links = [f"{inside_url}/direct", "http://10.1.2.3/intranet", "http://169.254.169.254/latest/meta-data/",
             f"{outside_url}/hop", f"{outside_url}/fine"]
    db.articles.insert_one({"_id": "a1", "site": "sample", "url": f"{sample_server.base_url}/art/1.html",
                            "unit": "县医保局", "column_id": "c1",
                            "links": [{"url": u, "text": f"link {i}"} for i, u in enumerate(links)], "images": []})
    try:
        code = run_sample_spider("linkcheck", sample_server.base_url, mongo_uri, name, tmp_path,
                                 settings={"GOVWATCH_LINKCHECK_EXTERNAL": "True"})
        assert code == 0
        checks = {d["url"]: d for d in db.link_checks.find({"site": "sample"})}
        for url in links[:4]:
            assert (checks[url]["status"], checks[url]["reason"]) == ("unchecked", "internal_address"), url
        assert checks[links[4]]["status"] == "ok"  # an allowed network is checked as usual
        assert checks[links[3]]["final_url"] == f"{inside_url}/via-redirect"
        assert inside_seen == []  # never requested, directly or after the redirect
        assert "/hop" in outside_seen and "/fine" in outside_seen
        run = db.crawl_runs.find_one({"spider": "linkcheck"})
        assert run["stats"]["govwatch/linkcheck/internal_address"] == 4
    finally:
        inside.shutdown()
        outside.shutdown()
        client.drop_database(name)

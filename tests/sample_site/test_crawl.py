"""Reach every article by plain HTTP + lxml, the way a non-JS spider would."""

from __future__ import annotations

import json
import re
import urllib.request
from collections import deque
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html

from sample_site.server import SampleServer

PAGE_RE = re.compile(r"createPageHTML\((\d+),\s*(\d+),\s*\"(\w+)\",\s*\"(\w+)\"\)")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read()


def crawl(base: str) -> tuple[set[str], set[str]]:
    """Return (column index URLs, list-entry URLs)."""
    columns: set[str] = set()
    entries: set[str] = set()
    seen: set[str] = set()
    queue = deque([base + "/"])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        doc = lxml.html.fromstring(fetch(url))
        links: list[str] = []
        links += doc.xpath('//div[@class="nav"]/a/@href')
        links += doc.xpath('//ul[@class="subnav"]/li/a/@href')
        for h in links:
            full = urljoin(url, h)
            if urlsplit(full).path.startswith("/col/"):
                columns.add(full.split("?")[0])
                queue.append(full)
        entries.update(urljoin(url, h) for h in doc.xpath('//ul[@class="list"]/li/a/@href'))
        for h in doc.xpath('//div[@class="page"]/a/@href'):
            queue.append(urljoin(url, h))
        for script in doc.xpath('//div[@class="page"]/script/text()'):
            m = PAGE_RE.search(script)
            if m:
                total, prefix, ext = int(m.group(1)), m.group(3), m.group(4)
                for i in range(1, total):
                    queue.append(urljoin(url, f"{prefix}_{i}.{ext}"))
        if doc.xpath('//ul[@id="js-list"]'):
            data = json.loads(fetch(urljoin(url, "data.json")))
            entries.update(urljoin(url, it["url"]) for it in data["items"])
    return columns, entries


def test_every_entry_reachable(server: SampleServer, manifest: dict[str, Any]) -> None:
    columns, entries = crawl(server.base_url)
    expected = {a["url"] for a in manifest["articles"]} | {b["url"] for b in manifest["broken_entries"]}
    msgs = {m["url"] for m in manifest["mailbox"]}
    assert entries - msgs == expected
    assert msgs <= entries
    assert columns == {c["url"] for c in manifest["columns"]}


def test_n_items_match_lists(server: SampleServer, manifest: dict[str, Any]) -> None:
    per_col: dict[str, int] = {}
    for a in manifest["articles"]:
        per_col[a["column"]] = per_col.get(a["column"], 0) + 1
    for b in manifest["broken_entries"]:
        per_col[b["column"]] = per_col.get(b["column"], 0) + 1
    for c in manifest["columns"]:
        if c["leaf"] and c["list_style"] != "none" and not c["url"].endswith("/ldxx/"):
            assert per_col.get(c["url"], 0) == c["n_items"], c["url"]

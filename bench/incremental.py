"""Requests of a full crawl vs an incremental crawl of the unchanged sample portal.

    python bench/incremental.py [--articles 2000]

One run: serve the sample portal, crawl it in full (`-a mode=full`), then again
incrementally (`-a mode=incremental`: lists walked until known entries, home and
list pages revalidated with ETag / Last-Modified). Counts the requests the
server answered for each crawl (attachments and images included) and prints
the ratio; the target is under 5 %. Also checks that the incremental crawl left
the stored content as the full crawl wrote it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pymongo import MongoClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.compare import db_fingerprint  # noqa: E402
from sample_site.model import build_site  # noqa: E402
from sample_site.server import SampleServer  # noqa: E402
from store.embedded import EmbeddedMongo  # noqa: E402


def crawl(server: SampleServer, uri: str, work: Path, mode: str) -> tuple[int, int, float]:
    """(requests answered, of them 304, seconds) of one portal crawl."""
    port = server.base_url.rsplit(":", 1)[1]
    env = {**os.environ, "MONGO_URI": uri, "SAMPLE_PORT": port, "GOVWATCH_FILES_STORE": str(work / "files"),
           "GOVWATCH_SPOOL_DIR": str(work / "spool"), "GOVWATCH_CONDITIONAL_DIR": str(work / "conditional"),
           "GOVWATCH_LOG_LEVEL": "WARNING", "GOVWATCH_PROGRESS": "0"}
    before = sum(server.requests[m] for m in ("GET", "HEAD")), server.requests["304"]
    started = time.monotonic()
    code = subprocess.call([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=sample",
                            "-a", f"mode={mode}", "-a", f"sites={REPO / 'sites.example.yaml'}"],
                           cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if code:
        raise SystemExit(f"the {mode} crawl failed (exit status {code})")
    after = sum(server.requests[m] for m in ("GET", "HEAD")), server.requests["304"]
    return after[0] - before[0], after[1] - before[1], time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govwatch-incremental-"))
    model = build_site(seed=42, n_articles=args.articles, today=date(2026, 11, 28))
    with EmbeddedMongo() as mongo, SampleServer(model) as server:
        db = MongoClient(mongo.uri, tz_aware=True)["govwatch"]
        full, _, full_s = crawl(server, mongo.uri, work, "full")
        stored = db_fingerprint(db)
        incremental, not_modified, inc_s = crawl(server, mongo.uri, work, "incremental")
        same = db_fingerprint(db) == stored
    print(f"sample portal, {args.articles} articles, unchanged between the crawls")
    print(f"full crawl:        {full:6d} requests  {full_s:6.1f} s")
    print(f"incremental crawl: {incremental:6d} requests  {inc_s:6.1f} s  ({not_modified} answered 304 Not Modified)")
    print(f"ratio incremental/full: {incremental / full:.2%} (target < 5 %)")
    print(f"stored content after the incremental crawl equals the full crawl's: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

"""Write rate of GovWatch's batched writer into the embedded MongoDB stand-in, by collection size.

    python bench/store_write.py [--sizes 1000,5000,20000] [--engine sqlite|memory] [--batch 50]

Upserts new article-sized documents (about 3 KB of body text each, as the
sample portal's) through store.writer.BatchWriter and prints the rate in each
window (0→1k, 1k→5k, 5k→20k), then the rate of a rerun that updates 1,000
existing documents at the final size. With MONGO_URI set it measures that
server instead, for comparison.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pymongo import MongoClient  # noqa: E402

from store.embedded import MEMORY, EmbeddedMongo  # noqa: E402
from store.keys import content_hash, url_key  # noqa: E402
from store.schema import ARTICLES, ensure_indexes  # noqa: E402
from store.writer import BatchWriter  # noqa: E402

PARAGRAPH = "县人民政府办公室召开专题会议，研究部署安全生产、防汛抗旱和乡村振兴重点工作，要求各乡镇、各部门压实责任、细化措施。"


def article(n: int, revision: int = 0) -> dict:
    url = f"http://127.0.0.1:8765/art/2026/01/01/art_{n}.html"
    body = "\n".join([PARAGRAPH] * 20) + f"\n第{n}号，第{revision}版。"
    return {"_id": url_key(url), "url": url, "site": "sample", "unit": "县医保局", "title": f"测试文章{n}",
            "body_text": body, "body_html": "<p>" + body.replace("\n", "</p><p>") + "</p>",
            "content_hash": content_hash(body), "meta": {"index_no": f"0000-{n}"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--engine", choices=["sqlite", "memory"], default="sqlite")
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory(prefix="govwatch-store-") as tmp:
        uri = os.environ.get("MONGO_URI")
        server = None
        if not uri:
            server = EmbeddedMongo(MEMORY if args.engine == "memory" else Path(tmp) / "bench.sqlite")
            uri = server.start()
        db = MongoClient(uri, tz_aware=True, socketTimeoutMS=120_000)[f"bench_store_{int(time.time())}"]
        ensure_indexes(db)
        writer = BatchWriter(db, batch_size=args.batch)
        where = f"embedded {args.engine}" if server else uri
        print(f"store: {where}, batch {args.batch}")
        print(f"{'window':>16} {'docs':>7} {'seconds':>8} {'docs/s':>8}")
        done = 0
        for size in sizes:
            started = time.monotonic()
            for n in range(done, size):
                writer.add(ARTICLES, article(n))
            writer.flush()
            took = time.monotonic() - started
            print(f"{f'{done}→{size}':>16} {size - done:>7} {took:>8.1f} {(size - done) / took:>8.1f}", flush=True)
            done = size
        started = time.monotonic()
        rerun = min(1000, done)
        for n in range(rerun):
            writer.add(ARTICLES, article(n))
        writer.flush()
        took = time.monotonic() - started
        print(f"{'rerun (update)':>16} {rerun:>7} {took:>8.1f} {rerun / took:>8.1f}")
        db.client.drop_database(db.name)
        if server:
            server.stop()


if __name__ == "__main__":
    main()

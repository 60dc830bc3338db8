"""Write rate of GovWatch's batched writer into the embedded MongoDB stand-in, by collection size.

    python bench/store_write.py [--sizes 1000,20000,100000] [--probe 300] [--batch 50]

For each size N: a fresh SQLite store is filled with N article-sized documents
(about 7 KB each, like the sample portal's) directly through mongoeco's
in-process client, which bulk-inserts quickly; then the embedded wire server is
started on it and GovWatch's BatchWriter, through pymongo, upserts `--probe`
new documents and then updates `--probe` existing ones. The rates printed are
those through the wire server, the path every GovWatch component uses. The
ratios are against the first size given, measured in the same run; target
(issue 7): at the largest size, at least 0.5x for new documents and for
updates. With MONGO_URI set, that server is measured instead (it is filled
through pymongo).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pymongo import MongoClient  # noqa: E402

from store.embedded import EmbeddedMongo, apply_compat_fixes  # noqa: E402
from store.keys import content_hash, url_key  # noqa: E402
from store.schema import ARTICLES, ensure_indexes  # noqa: E402
from store.writer import BatchWriter  # noqa: E402

DB = "bench_store"
PARAGRAPH = "县人民政府办公室召开专题会议，研究部署安全生产、防汛抗旱和乡村振兴重点工作，要求各乡镇、各部门压实责任、细化措施。"


def article(n: int, revision: int = 0) -> dict:
    url = f"http://127.0.0.1:8765/art/2026/01/01/art_{n}.html"
    body = "\n".join([PARAGRAPH] * 20) + f"\n第{n}号，第{revision}版。"
    return {"_id": url_key(url), "url": url, "site": "sample", "unit": "县医保局", "title": f"测试文章{n}",
            "body_text": body, "body_html": "<p>" + body.replace("\n", "</p><p>") + "</p>",
            "content_hash": content_hash(body), "meta": {"index_no": f"0000-{n}"}}


async def prefill_sqlite(path: Path, size: int) -> None:
    from mongoeco.api import AsyncMongoClient
    from mongoeco.engines.sqlite import SQLiteEngine

    apply_compat_fixes()
    engine = SQLiteEngine(str(path))
    await engine.connect()
    collection = AsyncMongoClient(engine)[DB][ARTICLES]
    # Small batches: a long write holds SQLite's lock, and mongoeco's change-outbox heartbeat
    # thread fails with "database is locked" when it waits longer than SQLite's busy timeout.
    for start in range(0, size, 200):
        await collection.insert_many([article(n) for n in range(start, min(size, start + 200))])
    try:
        await engine.disconnect()
    except sqlite3.OperationalError as error:  # every insert above is committed already
        print(f"(prefill: mongoeco's disconnect reported {error})", file=sys.stderr)


def probe(db, start: int, count: int, revision: int) -> float:
    writer = BatchWriter(db, batch_size=ARGS.batch)
    began = time.monotonic()
    for n in range(start, start + count):
        writer.add(ARTICLES, article(n, revision))
    writer.flush()
    return count / (time.monotonic() - began)


def main() -> None:
    sizes = [int(s) for s in ARGS.sizes.split(",")]
    print(f"batched writer (batch {ARGS.batch}), {ARGS.probe} documents per probe")
    print(f"{'collection size':>16} {'new docs/s':>11} {'updates/s':>10} {'x first (new)':>14} {'x first (updates)':>18}")
    base: tuple[float, float] | None = None
    ratios = (0.0, 0.0)
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="govwatch-store-") as tmp:
            uri = os.environ.get("MONGO_URI")
            server = None
            if uri:
                db = MongoClient(uri, tz_aware=True)[DB]
                db.drop_collection(ARTICLES)
                for start in range(0, size, 1000):
                    db[ARTICLES].insert_many([article(n) for n in range(start, min(size, start + 1000))])
            else:
                path = Path(tmp) / "bench.sqlite"
                with EmbeddedMongo(path) as indexer:  # indexes first: the fill maintains them, as a crawl does
                    ensure_indexes(MongoClient(indexer.uri)[DB])
                asyncio.run(prefill_sqlite(path, size))
                server = EmbeddedMongo(path)
                db = MongoClient(server.start(), tz_aware=True, socketTimeoutMS=120_000)[DB]
            ensure_indexes(db)
            new_rate = probe(db, size, ARGS.probe, 0)
            update_rate = probe(db, max(0, size - ARGS.probe), ARGS.probe, 1)
            base = base or (new_rate, update_rate)
            ratios = (new_rate / base[0], update_rate / base[1])
            print(f"{size:>16} {new_rate:>11.1f} {update_rate:>10.1f} {ratios[0]:>14.2f} {ratios[1]:>18.2f}", flush=True)
            db.client.close()
            if server:
                server.stop()
    met = "met" if min(ratios) >= 0.5 else "NOT met"
    print(f"\nat {sizes[-1]} stored: {ratios[0]:.2f}x new, {ratios[1]:.2f}x updates of the rate at {sizes[0]} "
          f"(target >= 0.50 both: {met})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,20000,100000")
    parser.add_argument("--probe", type=int, default=300)
    parser.add_argument("--batch", type=int, default=50)
    ARGS = parser.parse_args()
    main()

"""`python -m analyzers run` on an embedded store of a whole county: time per rule, peak RSS.

    python bench/analyze_store.py [--articles 100000] [--store data/bench-100k.sqlite] [--keep]

Fills a fresh embedded SQLite store with the sample portal's generated
articles (bench/analyze.py's documents: the shape the crawler stores) and
its columns, written through mongoeco's in-process client in batches (the
fill is timed apart: it is not the crawl). Then runs `python -m analyzers run
--site sample` in a child process on that store, with no MONGO_URI, exactly
as a user would, and prints its wall time, peak RSS and the per-rule times it
logs. The baseline measured in the same run is the same command on a store
of --baseline articles (default 2,000, the demo's size): the time per
article of both runs is printed with its ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.analyze import TODAY, generate  # noqa: E402
from sample_site.model import build_site  # noqa: E402
from store.embedded import EmbeddedMongo, apply_compat_fixes  # noqa: E402
from store.keys import url_key  # noqa: E402
from store.schema import ARTICLES, COLUMNS, ensure_indexes  # noqa: E402

DB = "govwatch"
RULE_TIME = re.compile(r"rule (\S+): ([\d.]+) s")


async def fill(path: Path, n: int, seed: int) -> None:
    from mongoeco.api import AsyncMongoClient
    from mongoeco.engines.sqlite import SQLiteEngine

    docs, _ = generate(n, seed)
    model = build_site(seed=seed, n_articles=n, today=TODAY)
    apply_compat_fixes()
    engine = SQLiteEngine(str(path))
    await engine.connect()
    db = AsyncMongoClient(engine)[DB]
    for d in docs:
        d["_id"] = url_key(d["url"])
        d["column_id"] = url_key(d["column_id"])
        d["content_hash"] = url_key(d["body_text"])
    for start in range(0, len(docs), 1000):
        await db[ARTICLES].insert_many(docs[start:start + 1000])
    columns = [{"_id": url_key(c.url), "site": "sample", "unit": c.unit, "url": c.url, "name": c.name,
                "names": list(c.names), "parent_id": url_key(model.columns[c.parent].url) if c.parent else None,
                "category": c.category, "kind": "list" if c.leaf else "parent", "leaf": c.leaf,
                "item_count": len(c.entries), "status": "ok"} for c in model.columns.values()]
    await db[COLUMNS].insert_many(columns)
    await db["sites"].insert_one({"_id": "sample", "name": "示例县人民政府", "home_url": "/"})
    await engine.disconnect()


def build(path: Path, n: int, seed: int) -> float:
    started = time.monotonic()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with EmbeddedMongo(path) as server:  # indexes first, so the fill maintains them as a crawl does
        from pymongo import MongoClient

        ensure_indexes(MongoClient(server.uri)[DB])
    asyncio.run(fill(path, n, seed))
    return time.monotonic() - started


def analyze(path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "MONGO_URI"}
    env |= {"GOVWATCH_EMBEDDED_PATH": str(path), "MONGO_DB": DB, "PYTHONPATH": str(REPO)}
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, "-m", "analyzers", "run", "--site", "sample", "--today", TODAY.isoformat()],
                             cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = child.communicate()
    wall = time.monotonic() - started
    # The largest child so far: the baseline run comes first and is the smaller.
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if child.returncode != 0:
        raise SystemExit(f"analyzers run failed ({child.returncode}):\n{err[-3000:]}")
    times = {code: float(s) for code, s in RULE_TIME.findall(err)}
    return {"seconds": wall, "rules": times, "stdout": out, "maxrss": maxrss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000)
    parser.add_argument("--store", default=str(REPO / "data" / "bench-analyze.sqlite"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the stores (else they are deleted)")
    args = parser.parse_args()

    results = {}
    for n in (args.baseline, args.articles):
        path = Path(args.store).with_suffix(f".{n}.sqlite")
        filled = build(path, n, args.seed)
        print(f"{n} articles: store filled in {filled:.0f} s ({path.stat().st_size / 2**20:.0f} MiB)", flush=True)
        results[n] = analyze(path)
        r = results[n]
        print(f"{n} articles: analyzers run took {r['seconds']:.0f} s, {1000 * r['seconds'] / n:.1f} ms/article, "
              f"peak RSS {r['maxrss']:.0f} MiB", flush=True)
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    big, base = results[args.articles], results[args.baseline]
    print(f"\nper rule (s), {args.baseline} vs {args.articles} articles:")
    for code in sorted(big["rules"], key=lambda c: -big["rules"][c]):
        print(f"  {code:24} {base['rules'].get(code, 0):8.1f} {big['rules'][code]:8.1f}")
    ratio = (base["seconds"] / args.baseline) / (big["seconds"] / args.articles)
    print(f"\narticles/s at {args.articles}: {ratio:.2f}x the rate at {args.baseline} "
          "(1.00 = linear; above 1 when start-up costs dominate the small store)")
    print(big["stdout"][-1500:])


if __name__ == "__main__":
    main()

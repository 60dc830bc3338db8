"""Crawl throughput and memory: bare Scrapy vs GovWatch without the writer vs GovWatch complete.

    python bench/crawl.py [--articles 20000] [--latency-ms 100] [--modes bare,nowriter,full]

Serves the sample portal with injected latency, runs each crawl in its own child
process, and prints pages/s and the child's peak RSS, with ratios against the
bare spider measured in the same run. Targets (issue: foundation): GovWatch
without the writer >= 0.7x the bare spider's rate; peak RSS < 1 GiB. The full
run writes to MONGO_URI, else to a fresh embedded server (SQLite) started here.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sample_site.model import build_site  # noqa: E402
from sample_site.server import SampleServer  # noqa: E402
from store.embedded import EmbeddedMongo  # noqa: E402


def run_mode(mode: str, base_url: str, work: Path, env_extra: dict[str, str]) -> dict:
    out = work / f"{mode}.json"
    env = {**os.environ, **env_extra, "PYTHONPATH": str(REPO),
           "SAMPLE_PORT": base_url.rsplit(":", 1)[1].strip("/"),
           "GOVWATCH_SITES": str(REPO / "sites.example.yaml"),
           "GOVWATCH_FILES_STORE": str(work / "files"), "GOVWATCH_SPOOL_DIR": str(work / "spool")}
    started = time.monotonic()
    child = subprocess.Popen([sys.executable, str(REPO / "bench" / "_run_crawl.py"), mode, base_url + "/", str(out)],
                             cwd=REPO, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        raise SystemExit(f"{mode} crawl failed with status {status}")
    stats = json.loads(out.read_text())
    pages = stats.get("response_received_count", 0)
    elapsed = stats.get("elapsed_time_seconds") or wall
    return {"mode": mode, "pages": pages, "items": stats.get("item_scraped_count", 0), "seconds": elapsed,
            "pages_per_s": pages / elapsed, "peak_rss_mib": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--modes", default="bare,nowriter,full")
    parser.add_argument("--embedded", choices=["sqlite", "memory"], default="sqlite",
                        help="engine of the embedded server for the full run when MONGO_URI is unset")
    args = parser.parse_args()

    model = build_site(seed=42, n_articles=args.articles, today=date(2026, 11, 28))
    results = []
    with tempfile.TemporaryDirectory(prefix="govwatch-bench-") as tmp, \
            SampleServer(model, latency_ms=args.latency_ms) as server:
        work = Path(tmp)
        for mode in args.modes.split(","):
            env: dict[str, str] = {}
            embedded = None
            if mode == "full":
                uri = os.environ.get("MONGO_URI")
                if not uri:
                    embedded = EmbeddedMongo(work / "bench.sqlite" if args.embedded == "sqlite" else ":memory:")
                    uri = embedded.start()
                env = {"MONGO_URI": uri, "MONGO_DB": f"bench_{int(time.time())}"}
            print(f"running {mode} …", file=sys.stderr, flush=True)
            results.append(run_mode(mode, server.base_url, work, env))
            if embedded:
                embedded.stop()

    base = next((r for r in results if r["mode"] == "bare"), None)
    store = os.environ.get("MONGO_URI") or f"embedded MongoDB stand-in ({args.embedded})"
    print(f"\nsample portal: {args.articles} articles, {args.latency_ms} ms latency per request; full run writes to {store}")
    # GovWatch also fetches attachments and images, so it answers more pages than the bare
    # spider: the time ratio (same portal, bare seconds / seconds) is the stricter comparison.
    print(f"{'mode':10} {'pages':>7} {'items':>7} {'seconds':>8} {'pages/s':>8} {'x bare':>7} "
          f"{'x bare (time)':>14} {'peak RSS MiB':>13}")
    for r in results:
        ratio = f"{r['pages_per_s'] / base['pages_per_s']:.2f}" if base else "-"
        time_ratio = f"{base['seconds'] / r['seconds']:.2f}" if base else "-"
        print(f"{r['mode']:10} {r['pages']:>7} {r['items']:>7} {r['seconds']:>8.1f} {r['pages_per_s']:>8.1f} "
              f"{ratio:>7} {time_ratio:>14} {r['peak_rss_mib']:>13.0f}")
    nowriter = next((r for r in results if r["mode"] == "nowriter"), None)
    if base and nowriter:
        ratio = nowriter["pages_per_s"] / base["pages_per_s"]
        time_ratio = base["seconds"] / nowriter["seconds"]
        print(f"\nGovWatch without the writer: {ratio:.2f}x the bare spider's pages/s, {time_ratio:.2f}x its "
              f"speed over the same portal (target >= 0.70: {'met' if min(ratio, time_ratio) >= 0.7 else 'NOT met'})")
    worst = max(r["peak_rss_mib"] for r in results)
    print(f"peak RSS of any crawl: {worst:.0f} MiB (target < 1024: {'met' if worst < 1024 else 'NOT met'})")
    print("(peak RSS is the crawl process's own; Chromium, used for the one JS column, runs beside it)")


if __name__ == "__main__":
    main()

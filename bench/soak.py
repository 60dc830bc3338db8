"""Soak: `scheduler.py run` for a while against the sample portal, with accelerated schedules
and a server that fails part of the time.

    python bench/soak.py [--minutes 30] [--articles 2000]

Serves the sample portal in this process; starts the service as a child process
(embedded MongoDB, SQLite file in a temporary folder) with probes every few
seconds and crawls every few minutes; every cycle the server fails part of the
time (a share of requests answer 500, reset or hang). The last minutes are
healthy so the last crawls see the whole portal. Prints: job runs by job and
status, jobs that crashed (status failed for a reason other than the server),
the service's RSS after its first crawl and at the end (and the ratio), and
whether the database equals a clean crawl's (articles, columns, messages).
Not a test: it takes half an hour.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

import psutil
from pymongo import MongoClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.compare import db_fingerprint  # noqa: E402
from sample_site.model import build_site  # noqa: E402
from sample_site.server import SampleServer  # noqa: E402
from store.embedded import EmbeddedMongo  # noqa: E402

SCHEDULE = """
schedule:
  timezone: UTC
  workers: 4
  jobs:
    probe:      {{every_s: 5, timeout_s: 15, misfire_grace_s: 30}}
    crawl:      {{every_s: {crawl}, misfire_grace_s: 60, timeout_s: 900}}
    crawl-full: {{every_s: {full}, misfire_grace_s: 60, timeout_s: 1200}}
    linkcheck:  {{every_s: {full}, misfire_grace_s: 60, timeout_s: 900}}
    analyze:    {{every_s: {analyze}, misfire_grace_s: 60, timeout_s: 900}}
    media:      {{every_s: 600}}
    bulletin:   {{every_s: 900}}
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--fail-rate", type=float, default=0.15, help="share of requests failing while failing")
    parser.add_argument("--healthy-tail", type=float, default=0.25, help="share of the soak kept healthy at its end")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="govwatch-soak-"))
    minutes = args.minutes
    crawl_s, full_s, analyze_s = max(60, minutes * 60 / 10), max(120, minutes * 60 / 3), max(90, minutes * 60 / 6)
    (work / "schedule.yaml").write_text(SCHEDULE.format(crawl=crawl_s, full=full_s, analyze=analyze_s))
    model = build_site(seed=42, n_articles=args.articles, today=date(2026, 11, 28))
    server = SampleServer(model).start()
    port = server.base_url.rsplit(":", 1)[1]
    env = {**os.environ, "SAMPLE_PORT": port, "GOVWATCH_SCHEDULE": str(work / "schedule.yaml"),
           "GOVWATCH_EMBEDDED_PATH": str(work / "db.sqlite"), "GOVWATCH_LOCK_DIR": str(work / "locks"),
           "GOVWATCH_CONDITIONAL_DIR": str(work / "conditional"), "GOVWATCH_SPOOL_DIR": str(work / "spool"),
           "GOVWATCH_FILES_STORE": str(work / "files"), "GOVWATCH_LOG_LEVEL": "WARNING",
           "GOVWATCH_SITES": str(REPO / "sites.example.yaml"), "GOVWATCH_PROGRESS": "0"}
    env.pop("MONGO_URI", None)
    log = (work / "service.log").open("wb")
    service = subprocess.Popen([sys.executable, "scheduler.py", "run"], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    print(f"soak: {minutes:g} min, portal {server.base_url} ({args.articles} articles), work {work}", flush=True)
    proc = psutil.Process(service.pid)
    end = time.monotonic() + minutes * 60
    healthy_from = end - minutes * 60 * args.healthy_tail
    rss_first: float | None = None
    rss_peak = 0.0
    uri = None
    while time.monotonic() < end and service.poll() is None:
        now = time.monotonic()
        cycle = int(now // 120) % 3  # two minutes healthy, then one failing, over and over
        server.fail_rate = args.fail_rate if cycle == 2 and now < healthy_from else 0.0
        rss = proc.memory_info().rss / 2**20
        rss_peak = max(rss_peak, rss)
        if uri is None:
            uri = _uri(work / "service.log")
        if rss_first is None and uri and _first_crawl_done(uri):
            rss_first = rss
            print(f"first crawl done: service RSS {rss:.1f} MiB", flush=True)
        time.sleep(5)
    rss_end = proc.memory_info().rss / 2**20 if service.poll() is None else float("nan")
    crashed = service.poll() is not None
    service.send_signal(signal.SIGTERM)
    try:
        service.wait(timeout=1800)
    except subprocess.TimeoutExpired:
        service.kill()
    server.fail_rate = 0.0
    print(f"service {'CRASHED' if crashed else 'ran to the end'}; exit status {service.returncode}")
    with EmbeddedMongo(str(work / "db.sqlite")) as mongo:
        db = MongoClient(mongo.uri, tz_aware=True)["govwatch"]
        by_job = Counter((r["job"], r["status"]) for r in db.job_runs.find({}, {"job": 1, "status": 1}))
        for (job, status), n in sorted(by_job.items()):
            print(f"  {job:<12} {status:<8} {n}")
        failed = list(db.job_runs.find({"status": {"$in": ["failed", "timeout"]}}, {"job": 1, "error": 1}))
        for run in failed[:10]:
            print(f"  not ok: {run['job']}: {run.get('error', '')[:160]}")
        soak_print = db_fingerprint(db)
        probes = db.probes.count_documents({})
        bad = db.probes.count_documents({"ok": False})
        print(f"probes {probes}, failed {bad} ({bad / max(probes, 1):.1%})")
    clean = _clean_crawl(server, work)
    server.stop()
    same = {name: soak_print[name] == clean[name] for name in soak_print}
    print(f"RSS after first crawl {rss_first or float('nan'):.1f} MiB, at end {rss_end:.1f} MiB, "
          f"ratio {rss_end / (rss_first or float('nan')):.2f} (peak {rss_peak:.1f} MiB)")
    print("database equals a clean crawl's: " + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in same.items()))
    for name, ok in same.items():
        if not ok:
            a, b = soak_print[name], clean[name]
            print(f"  {name}: soak {len(a)} vs clean {len(b)}; only soak {len(a - b)}, only clean {len(b - a)}")
    return 0


def _uri(log: Path) -> str | None:
    for line in log.read_text(errors="replace").splitlines():
        if "listening at mongodb://" in line:
            return line.rsplit("listening at ", 1)[1].strip()
    return None


def _first_crawl_done(uri: str) -> bool:
    try:
        client: MongoClient = MongoClient(uri, serverSelectionTimeoutMS=3000)
        done = client["govwatch"].job_runs.find_one({"job": {"$in": ["crawl", "crawl-full"]},
                                                     "status": {"$ne": "running"}}) is not None
        client.close()
        return done
    except Exception:  # the service may be busy; ask again later
        return False


def _clean_crawl(server: SampleServer, work: Path) -> dict[str, set]:
    with EmbeddedMongo() as mongo:
        port = server.base_url.rsplit(":", 1)[1]
        env = {**os.environ, "MONGO_URI": mongo.uri, "SAMPLE_PORT": port, "GOVWATCH_FILES_STORE": str(work / "f2"),
               "GOVWATCH_SPOOL_DIR": str(work / "s2"), "GOVWATCH_CONDITIONAL_DIR": str(work / "c2"),
               "GOVWATCH_LOG_LEVEL": "WARNING", "GOVWATCH_PROGRESS": "0"}
        subprocess.call([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", "site=sample",
                         "-a", f"sites={REPO / 'sites.example.yaml'}"], cwd=REPO, env=env,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return db_fingerprint(MongoClient(mongo.uri, tz_aware=True)["govwatch"])


if __name__ == "__main__":
    sys.exit(main())

"""GovWatch jobs from the command line.

    python scheduler.py demo                 serve the sample portal, crawl it, print the summary and findings
    python scheduler.py crawl --site S [--unit U] [--column C]
    python scheduler.py summary [--site S]
    python scheduler.py db [--port P]        keep the embedded MongoDB up for mongosh / Compass
    python scheduler.py run                  the service: scheduled probes, crawls and analysis (service/)
    python scheduler.py once JOB [--site S] [--unit U]   run one configured job now
    python scheduler.py list                 the configured jobs, their next run and last result

With no MONGO_URI every command uses the embedded MongoDB stand-in (SQLite under
./data/); set MONGO_URI to a MongoDB 6+ server for real sites.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent
logger = logging.getLogger("govwatch")


def _mongo_uri(args: argparse.Namespace) -> str:
    from store.connect import resolve_uri

    return resolve_uri(getattr(args, "mongo_uri", None))


def run_crawl(site: str, uri: str, unit: str | None = None, column: str | None = None,
              sites_file: str | None = None, extra_env: dict[str, str] | None = None,
              settings: dict[str, str] | None = None) -> int:
    """Run `scrapy crawl portal` in a child process against `uri`; return its exit code."""
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"site={site}"]
    if unit:
        command += ["-a", f"unit={unit}"]
    if column:
        command += ["-a", f"column={column}"]
    if sites_file:
        command += ["-a", f"sites={sites_file}"]
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    env = {**os.environ, "MONGO_URI": uri, **(extra_env or {})}
    logger.info("running: %s", " ".join(command))
    return subprocess.call(command, cwd=REPO, env=env)


def cmd_crawl(args: argparse.Namespace) -> int:
    from store.connect import connect

    uri = _mongo_uri(args)
    code = run_crawl(args.site, uri, args.unit, args.column, args.sites)
    db = connect(uri)
    _print_summary(db, args.site, uri)
    return code


def _print_summary(db, site: str | None, uri: str) -> dict:
    from service.runs import redact_uri
    from store.summary import crawl_summary, format_summary

    summary = crawl_summary(db, site)
    print(format_summary(summary, redact_uri(uri), db.name))
    return summary


def cmd_summary(args: argparse.Namespace) -> int:
    from store.connect import connect

    uri = _mongo_uri(args)
    _print_summary(connect(uri), args.site, uri)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from store.embedded import EmbeddedMongo

    path = os.environ.get("GOVWATCH_EMBEDDED_PATH", "data/govwatch.sqlite")
    with EmbeddedMongo(path, port=args.port) as server:
        print(f"embedded MongoDB on {server.uri} (storage {path}); Ctrl-C to stop", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job on the embedded defaults: sample portal → crawl → MongoDB → summary."""
    from sample_site.manifest import build_manifest
    from sample_site.model import build_site
    from sample_site.server import SampleServer
    from store.connect import connect

    today = date.fromisoformat(args.today) if args.today else date.today()
    model = build_site(seed=args.seed, n_articles=args.articles, today=today)
    with SampleServer(model, port=args.port) as server:
        port = server.base_url.rsplit(":", 1)[1].strip("/")
        print(f"sample portal: {server.base_url}/ ({args.articles} articles, today={today})", flush=True)
        uri = _mongo_uri(args)
        started = time.monotonic()
        code = run_crawl("sample", uri, sites_file=str(REPO / "sites.example.yaml"),
                         extra_env={"SAMPLE_PORT": port})
        took = time.monotonic() - started
        manifest = build_manifest(model, server.base_url)
    db = connect(uri)
    print()
    summary = _print_summary(db, "sample", uri)
    expected = (len(manifest["columns"]), len(manifest["articles"]), len(manifest["mailbox"]))
    found = (summary["columns"], summary["articles"], summary["messages"])
    verdict = "match" if expected == found else "DIFFER"
    print(f"\nAgainst the sample portal's manifest (columns, articles, messages): expected {expected}, "
          f"found {found}: {verdict}. Crawl took {took:.0f} s.")
    from analyzers.runner import run as analyze

    print("\nFindings (python -m analyzers run --site sample):")
    print(analyze(db, site="sample", today=today).table())
    if not os.environ.get("MONGO_URI"):
        print("The embedded MongoDB stops with this command; its data stays in ./data/. "
              "To query it: python scheduler.py db  (then mongodb://127.0.0.1:27018/).")
    if args.manifest:
        Path(args.manifest).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return code or (0 if verdict == "match" else 1)


def _service_uri(args: argparse.Namespace) -> str:
    """The database URI, exported so that every child process (crawl, analyzers) uses it too."""
    from service.runs import redact_uri

    uri = _mongo_uri(args)
    os.environ["MONGO_URI"] = uri
    logger.info("MongoDB: %s (database %s)", redact_uri(uri), os.environ.get("MONGO_DB") or "govwatch")
    return uri


def cmd_run(args: argparse.Namespace) -> int:
    from service.app import serve
    from store.connect import DEFAULT_DB

    uri = _service_uri(args)
    return serve(uri, os.environ.get("MONGO_DB") or DEFAULT_DB)


def cmd_once(args: argparse.Namespace) -> int:
    from service.jobs import JobError, run_job

    _service_uri(args)
    try:
        run = run_job(args.job, site=args.site, unit=args.unit)
    except JobError as error:
        logger.error("%s", error)
        return 2
    return 0 if run["status"] in ("ok", "skipped") else 1


def cmd_list(args: argparse.Namespace) -> int:
    from service.listing import job_table
    from store.connect import connect

    print(job_table(connect(_service_uri(args))))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mongo-uri", help="MongoDB URI (default: MONGO_URI, else the embedded server)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="crawl the bundled sample portal into MongoDB and summarise")
    demo.add_argument("--articles", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--today", help="anchor date of the sample portal (YYYY-MM-DD; default today)")
    demo.add_argument("--port", type=int, default=0, help="sample portal port (default: any free one)")
    demo.add_argument("--manifest", help="also write the sample portal's ground-truth manifest here")
    demo.set_defaults(func=cmd_demo)

    crawl = sub.add_parser("crawl", help="crawl a configured site (all of it, one unit or one column)")
    crawl.add_argument("--site", required=True)
    crawl.add_argument("--unit")
    crawl.add_argument("--column")
    crawl.add_argument("--sites", help="sites.yaml (default: GOVWATCH_SITES, sites.yaml, sites.example.yaml)")
    crawl.set_defaults(func=cmd_crawl)

    summary = sub.add_parser("summary", help="print what MongoDB holds for a site")
    summary.add_argument("--site")
    summary.set_defaults(func=cmd_summary)

    db = sub.add_parser("db", help="run the embedded MongoDB in the foreground for analysts")
    db.add_argument("--port", type=int, default=27018)
    db.set_defaults(func=cmd_db)

    run = sub.add_parser("run", help="the service: run the configured jobs on their schedule until stopped")
    run.set_defaults(func=cmd_run)

    once = sub.add_parser("once", help="run one configured job now (probe, crawl, crawl-full, linkcheck, analyze, …)")
    once.add_argument("job")
    once.add_argument("--site")
    once.add_argument("--unit", help="only this unit (a crawl then re-checks all of the unit's pages)")
    once.set_defaults(func=cmd_once)

    jobs = sub.add_parser("list", help="the configured jobs with their next run and last result")
    jobs.set_defaults(func=cmd_list)

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from service.runs import RedactingFilter

    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    if args.mongo_uri:
        os.environ["MONGO_URI"] = args.mongo_uri
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""GovWatch jobs from the command line.

    python scheduler.py demo                 serve the sample portal, crawl it, print the summary and findings
    python scheduler.py crawl --site S [--unit U] [--column C]
    python scheduler.py crawl-media --site S [--unit U] [--platforms wechat,weibo,douyin,kuaishou]
    python scheduler.py summary [--site S]
    python scheduler.py db [--port P]        keep the embedded MongoDB up for mongosh / Compass
    python scheduler.py new-site URL [--out F]  propose a commented sites.yaml entry for a new portal
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


def _child_crawl(spider: str, site: str, uri: str, unit: str | None, sites_file: str | None,
                 extra_env: dict[str, str] | None, spider_args: dict[str, str | None] | None = None,
                 settings: dict[str, str] | None = None) -> int:
    from crawler.command import scrapy_crawl_command

    command = scrapy_crawl_command(spider, site, unit=unit, sites=sites_file,
                                   spider_args=spider_args, settings=settings)
    logger.info("running: %s", " ".join(command))
    return subprocess.call(command, cwd=REPO, env={**os.environ, "MONGO_URI": uri, **(extra_env or {})})


def run_crawl(site: str, uri: str, unit: str | None = None, column: str | None = None,
              sites_file: str | None = None, extra_env: dict[str, str] | None = None,
              settings: dict[str, str] | None = None) -> int:
    """Run `scrapy crawl portal` in a child process against `uri`; return its exit code."""
    return _child_crawl("portal", site, uri, unit, sites_file, extra_env, {"column": column}, settings)


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
    db = connect(uri)
    _print_summary(db, args.site, uri)
    if db.accounts.find_one({"site": args.site} if args.site else {}, {"_id": 1}):
        print()
        _print_media_summary(db, args.site)
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


MEDIA_SPIDERS = ("wechat", "weibo", "douyin", "kuaishou")


def run_media_crawl(site: str, uri: str, unit: str | None = None, sites_file: str | None = None,
                    extra_env: dict[str, str] | None = None,
                    platforms: tuple[str, ...] = MEDIA_SPIDERS) -> dict[str, int]:
    """Run each new-media spider (`scrapy crawl wechat|weibo|douyin|kuaishou`) in turn; exit code per spider."""
    codes = {}
    for spider in platforms:
        codes[spider] = _child_crawl(spider, site, uri, unit, sites_file, extra_env)
    return codes


def _print_media_summary(db, site: str | None) -> dict:
    from store.media_summary import format_media_summary, media_summary

    summary = media_summary(db, site)
    print(format_media_summary(summary))
    return summary


def cmd_crawl_media(args: argparse.Namespace) -> int:
    """The new-media job: every account of the site (or of one unit) on each platform."""
    from store.connect import connect

    platforms = tuple(p.strip() for p in args.platforms.split(",") if p.strip())
    unknown = set(platforms) - set(MEDIA_SPIDERS)
    if unknown:
        print(f"unknown platform(s): {', '.join(sorted(unknown))}; known: {', '.join(MEDIA_SPIDERS)}")
        return 2
    uri = _mongo_uri(args)
    codes = run_media_crawl(args.site, uri, args.unit, args.sites, platforms=platforms)
    _print_media_summary(connect(uri), args.site)
    return max(codes.values(), default=0)


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
        # Then the county's new-media accounts (the matrix page and the registry in sites.example.yaml).
        started = time.monotonic()
        media_codes = run_media_crawl("sample", uri, sites_file=str(REPO / "sites.example.yaml"),
                                      extra_env={"SAMPLE_PORT": port})
        media_took = time.monotonic() - started
        manifest = build_manifest(model, server.base_url)
    db = connect(uri)
    print()
    summary = _print_summary(db, "sample", uri)
    expected = (len(manifest["columns"]), len(manifest["articles"]), len(manifest["mailbox"]))
    found = (summary["columns"], summary["articles"], summary["messages"])
    verdict = "match" if expected == found else "DIFFER"
    print(f"\nAgainst the sample portal's manifest (columns, articles, messages): expected {expected}, "
          f"found {found}: {verdict}. Crawl took {took:.0f} s.")
    print()
    media = _print_media_summary(db, "sample")
    media_expected = (len(manifest["media"]["accounts"]), len(manifest["media"]["posts"]))
    media_found = (sum(c.get("registry", 0) + c.get("matrix_only", 0) for c in media["accounts"].values()),
                   sum(media["posts"].values()))
    media_verdict = "match" if media_expected == media_found else "DIFFER"
    print(f"Against the sample's new-media manifest (accounts, posts): expected {media_expected}, found "
          f"{media_found}: {media_verdict}. New-media crawl took {media_took:.0f} s.")
    code = code or max(media_codes.values(), default=0)
    verdict = verdict if media_verdict == "match" else "DIFFER"
    from analyzers.runner import run as analyze

    print("\nFindings (python -m analyzers run --site sample):")
    print(analyze(db, site="sample", today=today).table())
    from reports.demo import write_demo_reports

    print(write_demo_reports(db, "sample", today, REPO / "data" / "reports"))
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

    media = sub.add_parser("crawl-media", help="crawl a site's new-media accounts (WeChat, Weibo, Douyin, Kuaishou)")
    media.add_argument("--site", required=True)
    media.add_argument("--unit", help="only this unit's accounts")
    media.add_argument("--platforms", default=",".join(MEDIA_SPIDERS), help="comma-separated (default: all four)")
    media.add_argument("--sites", help="sites.yaml (default: GOVWATCH_SITES, sites.yaml, sites.example.yaml)")
    media.set_defaults(func=cmd_crawl_media)

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

    new_site = sub.add_parser("new-site", add_help=False,
                              help="propose a sites.yaml entry for a portal (crawler/newsite.py; new-site -h)")
    new_site.set_defaults(func=None)

    argv = sys.argv[1:] if argv is None else argv
    if "new-site" in argv[:3]:
        from crawler.newsite import main as new_site_main

        logging.basicConfig(level=logging.WARNING)
        return new_site_main(argv[argv.index("new-site") + 1:])
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

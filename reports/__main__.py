"""Command line:

    python -m reports bulletin --period 2026Q4 [--site S] [--format docx|html|md] --out FILE [--config bulletin.yaml]
    python -m reports rectification --period 2026Q4 [--site S] [--format xlsx] --out FILE
    python -m reports apply-rectification FILE

MongoDB: --mongo-uri, else MONGO_URI, else the embedded server. Exit 0 on
success, 2 on bad arguments or an unreadable file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reports.apply import RectificationFileError, apply_rectification
from reports.bulletin import write_bulletin
from reports.config import ConfigError
from reports.period import PeriodError, china_date, parse_period, quarter_of

EXIT_OK, EXIT_BAD = 0, 2
FORMATS = ("docx", "html", "md")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m reports", description="GovWatch bulletin and rectification lists")
    sub = ap.add_subparsers(dest="command", required=True)
    for name, help_text, formats in (("bulletin", "the draft bulletin (通报) of a period", FORMATS),
                                     ("rectification", "per-unit rectification lists (整改清单)", ("xlsx",))):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--period", default=None, help="2026Q4, 2026-11, 2026 or FROM..TO (default: this quarter)")
        p.add_argument("--site", default=None, help="site id (default: every site)")
        p.add_argument("--format", choices=formats, default=None, help="default: from --out's suffix")
        p.add_argument("--out", required=True, help="file to write")
        p.add_argument("--date", default=None, help="issue date YYYY-MM-DD (default: today in China)")
        p.add_argument("--mongo-uri", default=None)
        if name == "bulletin":
            p.add_argument("--config", default=None, help="YAML overriding reports/data/bulletin.yaml")
    ap_apply = sub.add_parser("apply-rectification", help="record a returned workbook and queue reruns")
    ap_apply.add_argument("file")
    ap_apply.add_argument("--mongo-uri", default=None)
    return ap


def main(args: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = _parser().parse_args(args)
    from store.connect import connect

    if argv.command == "apply-rectification":
        try:
            result = apply_rectification(connect(argv.mongo_uri), argv.file)
        except RectificationFileError as exc:
            print(f"错误 / error: {exc}", file=sys.stderr)
            return EXIT_BAD
        print(f"recorded {result.recorded} answers ({result.unchanged} unchanged, {result.blank} rows blank)")
        for fid in result.unknown:
            print(f"  unknown finding id (not recorded): {fid}")
        for bad in result.bad_status:
            print(f"  整改状态 not one of the choices (answer kept, status dropped): {bad}")
        for site, unit in result.reruns:
            print(f"  rerun queued: site {site}, unit {unit or '（全站）'} (collection rerun_requests)")
        return EXIT_OK
    try:
        period = parse_period(argv.period) if argv.period else quarter_of(china_date())
        issued = date.fromisoformat(argv.date) if argv.date else None
    except (PeriodError, ValueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_BAD
    out = Path(argv.out)
    fmt = argv.format or out.suffix.lstrip(".").lower()
    db = connect(argv.mongo_uri)
    if argv.command == "rectification":
        if fmt != "xlsx":
            print("错误 / error: rectification lists are .xlsx", file=sys.stderr)
            return EXIT_BAD
        from reports.rectification import write_rectification
        from reports.selection import reported_findings  # noqa: F401  (documented entry point)

        deadline = _deadline(issued)
        counts = write_rectification(db, period, out, argv.site, deadline)
        print(f"wrote {out}: {sum(counts.values())} open findings of {period.label} for {len(counts)} units")
        return EXIT_OK
    if fmt not in FORMATS:
        print(f"错误 / error: --format must be one of {', '.join(FORMATS)}", file=sys.stderr)
        return EXIT_BAD
    try:
        bulletin = write_bulletin(db, period, out, fmt, argv.site, argv.config, issued)
    except ConfigError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return EXIT_BAD
    print(f"wrote {out}: {bulletin.document.title} — {len(bulletin.findings)} problems "
          f"in {len(bulletin.sections)} sections")
    return EXIT_OK


def _deadline(issued: date | None) -> date:
    from datetime import timedelta

    from reports.config import bulletin_config

    return (issued or china_date()) + timedelta(days=int(bulletin_config().get("deadline_days", 15)))


if __name__ == "__main__":
    sys.exit(main())

"""Command line: ``python -m analyzers check PATH… [--rules …] [--format json|text]``
and ``python -m analyzers run [--site S] [--unit U] [--rules …] [--today YYYY-MM-DD]``.

Runs the rules that judge a single document (``applies_to == "article"``) on
files, without MongoDB. Offsets in the output index the extracted text exactly
as ``--format text --show-text`` prints it (for .txt, the file's own text).

``run`` analyzes what the crawler stored in MongoDB (``--mongo-uri``, else
MONGO_URI, else the embedded server), stores the findings with their
lifecycle and prints a table per rule and unit; exit 0, or 2 on bad arguments.

``ignore FINDING_ID --by NAME --reason TEXT`` marks a finding a false positive
(it stays ignored across reruns); ``file --site S --target URL --from D --to D
--reason TEXT`` declares a column (URL prefix) or site under redesign (临时报备):
its findings are kept but not reported. Both exit 1 when nothing matched.

Exit status of ``check``: 0 when every file was read (whether or not there are findings),
2 when any file could not be read (the others are still checked) or the
arguments are wrong.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any

from analyzers.registry import UnknownRuleError, select
from analyzers.textsource import SourceError, load

EXIT_OK = 0
EXIT_UNREADABLE = 2


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analyzers", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    ck = sub.add_parser(
        "check",
        help="check files (.html .txt .pdf .docx .xlsx, images) with the document rules",
        description="Exit 0 when all files were read (findings or not); 2 if any was unreadable.",
    )
    ck.add_argument("paths", nargs="+", metavar="PATH")
    ck.add_argument("--rules", default="", help="codes, prefixes or classes, comma-separated")
    ck.add_argument("--format", choices=("json", "text"), default="text")
    ck.add_argument(
        "--show-text", action="store_true", help="text format: print the extracted text"
    )
    rn = sub.add_parser(
        "run",
        help="analyze the crawled documents in MongoDB and update the findings",
        description="Exit 0 after a run; 2 on an unknown rule or a bad date.",
    )
    rn.add_argument("--site", default=None, help="site id (default: every site)")
    rn.add_argument("--unit", default=None, help="only this unit's columns and articles")
    rn.add_argument("--rules", default="", help="codes, prefixes or classes, comma-separated")
    rn.add_argument(
        "--today", default=None, help="analysis date YYYY-MM-DD (default: today in China)"
    )
    rn.add_argument(
        "--mongo-uri", default=None, help="MongoDB URI (default: MONGO_URI or embedded)"
    )
    ig = sub.add_parser("ignore", help="mark a finding a false positive (kept across reruns)")
    ig.add_argument("finding_id")
    ig.add_argument("--by", required=True, help="who decided")
    ig.add_argument("--reason", required=True, help="why it is not a fault")
    ig.add_argument("--mongo-uri", default=None)
    fl = sub.add_parser("file", help="临时报备: a column or site under redesign for a period")
    fl.add_argument("--site", required=True)
    fl.add_argument("--target", required=True, help="column URL (prefix) or the site's home URL")
    fl.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    fl.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD (inclusive)")
    fl.add_argument("--reason", required=True)
    fl.add_argument("--mongo-uri", default=None)
    return ap


def ignore_command(argv: argparse.Namespace) -> int:
    from analyzers.lifecycle import ignore_finding
    from store.connect import connect

    if ignore_finding(connect(argv.mongo_uri), argv.finding_id, argv.by, argv.reason):
        print(f"finding {argv.finding_id} ignored by {argv.by}: {argv.reason}")
        return EXIT_OK
    print(f"错误 / error: no finding {argv.finding_id!r}", file=sys.stderr)
    return 1


def file_command(argv: argparse.Namespace) -> int:
    from datetime import UTC, datetime, time, timedelta

    from analyzers.lifecycle import add_filing
    from store.connect import connect

    try:
        start = datetime.combine(datetime.fromisoformat(argv.start).date(), time(), UTC)
        end = datetime.combine(datetime.fromisoformat(argv.end).date(), time(), UTC) + timedelta(days=1)
    except ValueError:
        print("错误 / error: --from and --to must be YYYY-MM-DD", file=sys.stderr)
        return EXIT_UNREADABLE
    if end <= start:
        print("错误 / error: --to is before --from", file=sys.stderr)
        return EXIT_UNREADABLE
    add_filing(connect(argv.mongo_uri), argv.site, argv.target, start, end, argv.reason)
    print(f"filed {argv.target} ({argv.site}) from {argv.start} to {argv.end}: {argv.reason}")
    return EXIT_OK


def run_command(argv: argparse.Namespace) -> int:
    from datetime import date

    from analyzers.runner import run
    from store.connect import connect

    try:
        today = date.fromisoformat(argv.today) if argv.today else None
    except ValueError:
        print(f"错误 / error: --today must be YYYY-MM-DD, got {argv.today!r}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        select(argv.rules)  # fail before connecting
    except UnknownRuleError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    db = connect(argv.mongo_uri)
    summary = run(db, site=argv.site, unit=argv.unit, rules=argv.rules or None, today=today)
    sys.stdout.write(summary.table() + "\n")
    return EXIT_OK


def _record(path: str, f: Any) -> dict[str, Any]:
    ev = f.evidence
    return {
        "path": path,
        "rule": f.rule,
        "severity": str(f.severity),
        "message": f.message,
        "evidence": {"text": ev.text, "start": ev.start, "end": ev.end, "field": ev.field},
        "suggestion": f.suggestion,
    }


def _print_text(path: str, doc: dict[str, Any], records: list[dict[str, Any]], show: bool) -> None:
    out = sys.stdout
    title = doc.get("title")
    out.write(
        f"== {path}: {len(records)} finding(s)" + (f" — 标题: {title}" if title else "") + "\n"
    )
    for r in records:
        ev = r["evidence"]
        where = f"{ev['field']}[{ev['start']}:{ev['end']}]"
        out.write(f"  {r['rule']} ({r['severity']}) {where} {r['message']}\n")
        out.write(f"    → {r['suggestion']}\n")
    if show:
        body = doc.get("body_text") or ""
        # The text between the markers is verbatim: offsets index it.
        out.write(f"----- text of {path} ({len(body)} chars) -----\n")
        out.write(body)
        out.write(f"\n----- end of {path} -----\n")


def check(argv: argparse.Namespace) -> int:
    try:
        rules = [cls() for cls in select(argv.rules, applies_to=("article",))]
    except UnknownRuleError as exc:
        print(exc, file=sys.stderr)
        return EXIT_UNREADABLE
    status = EXIT_OK
    all_records: list[dict[str, Any]] = []
    for path in argv.paths:
        try:
            doc = load(path)
        except SourceError as exc:
            print(f"错误 / error: {exc}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        records = [_record(path, f) for rule in rules for f in rule.check(doc)]
        if argv.format == "json":
            all_records.extend(records)
        else:
            _print_text(path, doc, records, argv.show_text)
    if argv.format == "json":
        json.dump(all_records, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return status


def main(args: Sequence[str] | None = None) -> int:
    if isinstance(sys.stdout, __import__("io").TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its recovery chatter hides our message
    argv = _parser().parse_args(args)
    if argv.command == "check":
        try:
            return check(argv)
        except BrokenPipeError:  # output piped into head & co.: not an error of ours
            sys.stderr.close()
            return EXIT_OK
    if argv.command == "run":
        logging.getLogger("analyzers").setLevel(logging.INFO)  # lifecycle counts on stderr
        return run_command(argv)
    if argv.command == "ignore":
        return ignore_command(argv)
    if argv.command == "file":
        return file_command(argv)
    return EXIT_UNREADABLE  # pragma: no cover - argparse enforces the choices


if __name__ == "__main__":
    sys.exit(main())

"""CLI: ``python -m sample_site serve|manifest``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import signal
import threading
from pathlib import Path

from .manifest import build_manifest
from .model import build_site
from .server import SampleServer


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--today", type=dt.date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")


def _write(manifest: dict, path: str) -> None:
    Path(path).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sample_site", description="青禾县 sample portal")
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="serve the portal until killed")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8765)
    s.add_argument("--latency-ms", type=int, default=0)
    s.add_argument("--fail-rate", type=float, default=0.0)
    s.add_argument("--fail-seed", type=int, default=0)
    s.add_argument("--huge-page-mb", type=int, default=20)
    s.add_argument("--manifest", default=None, help="write the manifest JSON here")
    _model_args(s)
    m = sub.add_parser("manifest", help="write the ground-truth manifest")
    m.add_argument("--out", required=True)
    m.add_argument("--base-url", default="")
    _model_args(m)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # its subsetting chatter drowns the URL
    model = build_site(args.seed, args.articles, args.today)
    if args.cmd == "manifest":
        _write(build_manifest(model, args.base_url), args.out)
        print(f"wrote {args.out}")
        return 0
    srv = SampleServer(model, args.host, args.port, args.latency_ms, args.fail_rate, args.fail_seed,
                       args.huge_page_mb).start()
    if args.manifest:
        _write(build_manifest(model, srv.base_url), args.manifest)
        logging.info("manifest written to %s", args.manifest)
    print(f"serving {srv.base_url}/", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    srv.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The end of ``scheduler.py demo``: write the bulletin and the rectification lists, say where they are."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

from pymongo.database import Database

from reports.bulletin import write_bulletin
from reports.config import bulletin_config
from reports.period import quarter_of
from reports.rectification import write_rectification

log = logging.getLogger(__name__)


def write_demo_reports(db: Database, site: str, today: date, outdir: str | Path = "data/reports") -> str:
    """Write the bulletin (.docx, .html, .md) and rectification .xlsx of ``today``'s quarter;
    returns the lines the demo prints: where they are and how to open the dashboard."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    period = quarter_of(today)
    paths: dict[str, Path] = {}
    for fmt in ("docx", "html", "md"):
        paths[fmt] = out / f"bulletin-{site}-{period.key}.{fmt}"
        bulletin = write_bulletin(db, period, paths[fmt], fmt, site, issued=today)
    deadline = today + timedelta(days=int(bulletin_config().get("deadline_days", 15)))
    paths["xlsx"] = out / f"rectification-{site}-{period.key}.xlsx"
    counts = write_rectification(db, period, paths["xlsx"], site, deadline)
    lines = [f"\nBulletin draft ({period.label}, {len(bulletin.findings)} problems in {len(bulletin.sections)} "
             f"sections): {paths['docx']}  (also {paths['html'].name}, {paths['md'].name})",
             f"Rectification lists ({sum(counts.values())} open findings, {len(counts)} unit sheets): {paths['xlsx']}",
             "  after the units fill in 整改情况: .venv/bin/python -m reports apply-rectification " + str(paths["xlsx"]),
             "Dashboard: .venv/bin/python -m web  → http://127.0.0.1:8000/  (binds 127.0.0.1; "
             "--host 0.0.0.0 requires users: python -m web adduser NAME)"]
    log.info("demo reports written: %s", ", ".join(str(p) for p in paths.values()))
    return "\n".join(lines)

"""The quarterly bulletin job: the 通报 draft and the rectification lists of the quarter just ended.

Written per site under ``out_dir`` (option; default GOVWATCH_REPORTS_DIR, else
``data/reports``) as ``bulletin-<site>-<2026Q4>.docx`` and
``rectification-<site>-<2026Q4>.xlsx``; a rerun of the job overwrites the same
files. The option ``period`` (``2026Q4`` …) drafts another period.
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from pymongo.database import Database

from service import runs
from service.config import JobSpec

logger = logging.getLogger("govwatch.service")


def bulletin_job(db: Database, run: dict[str, Any], spec: JobSpec, sites: list[Any],
                 unit: str | None) -> tuple[str, str]:
    from analyzers.runner import china_today
    from reports.bulletin import write_bulletin
    from reports.config import bulletin_config
    from reports.period import parse_period, quarter_of
    from reports.rectification import write_rectification

    today = china_today()
    wanted = spec.options.get("period")
    # Run on the first day of a quarter, the bulletin is about the quarter that just ended.
    period = parse_period(str(wanted)) if wanted else quarter_of(quarter_of(today).first - timedelta(days=1))
    out = Path(spec.options.get("out_dir") or os.environ.get("GOVWATCH_REPORTS_DIR", "data/reports"))
    out.mkdir(parents=True, exist_ok=True)
    deadline = today + timedelta(days=int(bulletin_config().get("deadline_days", 15)))
    for site in sites:
        docx = out / f"bulletin-{site.id}-{period.key}.docx"
        xlsx = out / f"rectification-{site.id}-{period.key}.xlsx"
        bulletin = write_bulletin(db, period, docx, "docx", site.id, issued=today)
        per_unit = write_rectification(db, period, xlsx, site.id, deadline)
        runs.add_step(db, run, {"site": site.id, "period": period.key, "bulletin": str(docx),
                                "rectification": str(xlsx),
                                "counts": {"problems": len(bulletin.findings), "units": len(per_unit)}})
        logger.info("bulletin of %s for %s: %s, %s", site.id, period.key, docx, xlsx)
    return "ok", ""

"""What MongoDB holds about a site's new-media accounts: accounts per platform and status, posts,
and the accounts that could not be checked, with the reason."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pymongo.database import Database

from store import schema

PLATFORM_NAMES = {"wechat": "微信", "weibo": "微博", "douyin": "抖音", "kuaishou": "快手"}


def media_summary(db: Database, site: str | None = None) -> dict[str, Any]:
    match = {"site": site} if site else {}
    accounts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unchecked = []
    for doc in db[schema.ACCOUNTS].find(match, {"platform": 1, "name": 1, "unit": 1, "status": 1, "reason": 1,
                                                "in_config": 1}).sort([("platform", 1), ("unit", 1)]):
        accounts[doc["platform"]][doc.get("status") or "?"] += 1
        accounts[doc["platform"]]["registry" if doc.get("in_config", True) else "matrix_only"] += 1
        if doc.get("status") != "ok":
            unchecked.append({k: doc.get(k) for k in ("platform", "name", "unit", "status", "reason")})
    posts = {row["_id"]: row["n"] for row in db[schema.POSTS].aggregate([
        {"$match": match}, {"$group": {"_id": "$platform", "n": {"$sum": 1}}}])}
    return {"site": site, "accounts": {p: dict(c) for p, c in accounts.items()}, "posts": posts,
            "unchecked": unchecked}


def format_media_summary(summary: dict[str, Any]) -> str:
    """The plain-text block the demo and `scheduler.py crawl-media` print."""
    lines = [f"GovWatch new-media summary — site {summary['site'] or '(all)'}"]
    for platform in ("wechat", "weibo", "douyin", "kuaishou"):
        counts = summary["accounts"].get(platform)
        if not counts:
            continue
        total = counts.get("registry", 0) + counts.get("matrix_only", 0)
        states = ", ".join(f"{s} {counts[s]}" for s in ("ok", "not_checkable", "gone") if counts.get(s))
        extra = f"; {counts['matrix_only']} only on the matrix page" if counts.get("matrix_only") else ""
        lines.append(f"  {PLATFORM_NAMES[platform]:<4} accounts {total:>3} ({states}{extra}); "
                     f"posts {summary['posts'].get(platform, 0)}")
    lines.append(f"  posts total      {sum(summary['posts'].values())}")
    if summary["unchecked"]:
        lines.append("  not checkable or gone (never judged stale):")
        for doc in summary["unchecked"]:
            lines.append(f"    {PLATFORM_NAMES.get(doc['platform'], doc['platform'])} “{doc['name']}” "
                         f"({doc['unit']}): {doc['status']} — {doc['reason']}")
    return "\n".join(lines)

"""What a crawl left in MongoDB, as numbers an operator can read at a glance."""

from __future__ import annotations

from typing import Any

from pymongo.database import Database

from store import schema


def crawl_summary(db: Database, site: str | None = None) -> dict[str, Any]:
    """Counts per collection, failures by reason, and the latest run of the site."""
    match = {"site": site} if site else {}
    articles = db[schema.ARTICLES]
    attachments = list(articles.aggregate([
        {"$match": match},
        {"$unwind": "$attachments"},
        {"$group": {"_id": None, "links": {"$sum": 1}, "files": {"$addToSet": "$attachments.sha256"}}},
    ]))
    failures = {
        row["_id"]: row["n"]
        for row in db[schema.FAILURES].aggregate([
            # New-media failures (accounts, their posts, the matrix page) have their own summary.
            {"$match": {**match, "kind": {"$nin": ["account", "post", "matrix"]}}},
            {"$group": {"_id": "$reason", "n": {"$sum": 1}}}, {"$sort": {"_id": 1}}])
    }
    # Link-check and search runs are recorded too; the summary is about the portal crawl.
    last_run = db[schema.CRAWL_RUNS].find_one({**match, "spider": "portal"}, sort=[("started_at", -1)])
    return {
        "site": site,
        "units": db[schema.UNITS].count_documents(match),
        "columns": db[schema.COLUMNS].count_documents(match),
        "leaf_columns": db[schema.COLUMNS].count_documents({**match, "leaf": True}),
        "blank_columns": db[schema.COLUMNS].count_documents({**match, "leaf": True, "item_count": 0}),
        "articles": articles.count_documents(match),
        "undated_articles": articles.count_documents({**match, "date_source": "none"}),
        "article_versions": db[schema.ARTICLE_VERSIONS].count_documents({}),
        "messages": db[schema.MESSAGES].count_documents(match),
        "attachment_links": attachments[0]["links"] if attachments else 0,
        "attachment_files": len([f for f in attachments[0]["files"] if f]) if attachments else 0,
        "failures": failures,
        "list_sources": {
            row["_id"] or "configured": row["n"]
            for row in db[schema.COLUMNS].aggregate([
                {"$match": {**match, "leaf": True}}, {"$group": {"_id": "$list_source", "n": {"$sum": 1}}},
                {"$sort": {"_id": 1}}])
        },
        "last_run": last_run,
    }


def format_summary(summary: dict[str, Any], uri: str, db_name: str) -> str:
    """The plain-text summary the demo and `scheduler.py summary` print."""
    run = summary.get("last_run") or {}
    stats = run.get("stats", {})
    lines = [
        f"GovWatch crawl summary — site {summary['site'] or '(all)'}",
        f"  units          {summary['units']}",
        f"  columns        {summary['columns']} ({summary['leaf_columns']} with lists, "
        f"{summary['blank_columns']} blank)",
        f"  articles       {summary['articles']} ({summary['undated_articles']} without a visible date; "
        f"{summary['article_versions']} earlier versions kept)",
        f"  mailbox        {summary['messages']} messages",
        f"  attachments    {summary['attachment_links']} links, {summary['attachment_files']} distinct files",
        "  failures       " + (", ".join(f"{k}: {v}" for k, v in summary["failures"].items()) or "none"),
    ]
    if summary.get("list_sources"):
        lines.insert(-1, "  lists read by  " + ", ".join(
            f"{k} selectors: {v}" for k, v in summary["list_sources"].items()))
    if run:
        took = (run["finished_at"] - run["started_at"]).total_seconds() if run.get("finished_at") else None
        lines.append(f"  last run       {run['_id']} scope={run.get('scope')} "
                     f"finish={run.get('finish_reason', run.get('status'))}"
                     + (f" in {took:.0f} s" if took is not None else ""))
        dropped = {k.rsplit("/", 1)[-1]: v for k, v in stats.items() if k.startswith("govwatch/validate/dropped/")}
        if dropped:
            lines.append("  dropped items  " + ", ".join(f"{k}: {v}" for k, v in dropped.items()))
    lines += [
        "",
        f"Data: MongoDB {uri} database {db_name!r} — collections sites, units, columns, articles,",
        "  article_versions, messages, failures, crawl_runs (fields: store/SCHEMA.md).",
        "Query it, e.g.:",
        f"  mongosh '{uri}' --eval 'db.getSiblingDB(\"{db_name}\").columns.find({{item_count: 0}})'",
        f"  python -c \"from pymongo import MongoClient; db = MongoClient('{uri}')['{db_name}']; "
        "print(db.failures.find_one())\"",
    ]
    return "\n".join(lines)

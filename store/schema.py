"""Collections and indexes. Field meanings and example queries: store/SCHEMA.md."""

from __future__ import annotations

import logging

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.database import Database
from pymongo.errors import OperationFailure

logger = logging.getLogger(__name__)

SITES = "sites"
UNITS = "units"
COLUMNS = "columns"
ARTICLES = "articles"
ARTICLE_VERSIONS = "article_versions"
MESSAGES = "messages"
FILES = "files"
FAILURES = "failures"
CRAWL_RUNS = "crawl_runs"
FINDINGS = "findings"
FILINGS = "filings"
LINK_CHECKS = "link_checks"
SEARCH_CHECKS = "search_checks"
RECTIFICATIONS = "rectifications"
RERUN_REQUESTS = "rerun_requests"
POSTS = "posts"
ACCOUNTS = "accounts"

INDEXES: dict[str, list[IndexModel]] = {
    UNITS: [IndexModel([("site", ASCENDING), ("name", ASCENDING)], name="site_name", unique=True)],
    COLUMNS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING)], name="site_unit"),
        IndexModel([("parent_id", ASCENDING)], name="parent"),
        IndexModel([("site", ASCENDING), ("newest_date", ASCENDING)], name="site_newest"),
    ],
    ARTICLES: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING), ("published_at", DESCENDING)], name="site_unit_published"),
        IndexModel([("column_id", ASCENDING), ("published_at", DESCENDING)], name="column_published"),
        IndexModel([("site", ASCENDING), ("title", ASCENDING)], name="site_title"),
        IndexModel([("content_hash", ASCENDING)], name="content_hash"),
        IndexModel([("last_seen", DESCENDING)], name="last_seen"),
    ],
    ARTICLE_VERSIONS: [IndexModel([("article_id", ASCENDING), ("replaced_at", DESCENDING)], name="article_replaced")],
    MESSAGES: [IndexModel([("site", ASCENDING), ("received_date", DESCENDING)], name="site_received")],
    FAILURES: [
        IndexModel([("site", ASCENDING), ("reason", ASCENDING)], name="site_reason"),
        IndexModel([("last_run_id", ASCENDING)], name="last_run"),
    ],
    CRAWL_RUNS: [IndexModel([("site", ASCENDING), ("started_at", DESCENDING)], name="site_started")],
    SEARCH_CHECKS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING), ("found", ASCENDING)], name="site_unit_found"),
        IndexModel([("site", ASCENDING), ("checked_at", DESCENDING)], name="site_checked"),
    ],
    # The LINK rules read a site's checks; "which links are broken" is the analysts' question.
    LINK_CHECKS: [IndexModel([("site", ASCENDING), ("status", ASCENDING), ("kind", ASCENDING)], name="site_status_kind")],
    POSTS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING), ("published_at", DESCENDING)], name="site_unit_published"),
        IndexModel([("platform", ASCENDING), ("account_id", ASCENDING), ("published_at", DESCENDING)], name="account_published"),
    ],
    ACCOUNTS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING)], name="site_unit"),
        IndexModel([("site", ASCENDING), ("status", ASCENDING)], name="site_status"),
    ],
    FINDINGS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING), ("rule", ASCENDING), ("status", ASCENDING)], name="site_unit_rule_status"),
        IndexModel([("target", ASCENDING)], name="target"),
    ],
    RECTIFICATIONS: [IndexModel([("site", ASCENDING), ("unit", ASCENDING)], name="site_unit")],
    # One pending rerun per site and unit (reports/apply.py queue_rerun); the scheduler takes the oldest.
    RERUN_REQUESTS: [
        IndexModel([("site", ASCENDING), ("unit", ASCENDING)], name="pending_site_unit", unique=True,
                   partialFilterExpression={"status": "pending"}),
        IndexModel([("status", ASCENDING), ("requested_at", ASCENDING)], name="status_requested"),
    ],
}


# IndexOptionsConflict, IndexKeySpecsConflict: an index of that name exists with another definition.
_CONFLICT_CODES = (85, 86)


def ensure_indexes(db: Database) -> None:
    """Create the indexes the analyzers and analysts rely on (idempotent).

    An index whose definition changed between GovWatch versions is rebuilt.
    """
    for collection, models in INDEXES.items():
        for model in models:
            try:
                db[collection].create_indexes([model])
            except OperationFailure as error:
                if error.code not in _CONFLICT_CODES:
                    raise
                name = model.document["name"]
                logger.warning("rebuilding index %s.%s: its definition changed", collection, name)
                db[collection].drop_index(name)
                db[collection].create_indexes([model])

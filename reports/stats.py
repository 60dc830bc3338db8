"""Section 一 (总体情况): every figure counted from MongoDB for the period.

Articles are split the way the seed bulletin counts them: 转载 (a document the
ownership stage marked as not the county's own — own_document false — or a 来源
that is none of the site's own units nor the county), else 信息公开文章 (published in
the 公开目录: a 公开目录 or 索引号 in the metadata table), else 普通文章信息.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pymongo.database import Database

from analyzers.interaction import mailbox_stats
from reports.period import Period


@dataclass
class Overview:
    """The figures of section 一."""

    sites: list[str]
    articles: int = 0
    ordinary: int = 0
    disclosure: int = 0
    reposts: int = 0
    interpretations: int = 0
    mailbox_received: int = 0
    mailbox_answered: int = 0
    columns: int = 0
    crawls: int = 0
    failures: int = 0
    accounts: dict[str, int] = field(default_factory=dict)  # platform → accounts
    accounts_collected: bool = False
    unqualified_accounts: int = 0


def article_kind(doc: dict[str, Any], own_names: set[str]) -> str:
    """``repost``, ``disclosure`` or ``ordinary`` for one stored article."""
    if doc.get("own_document") is False:  # a superior document reposted (pipelines/ownership.py)
        return "repost"
    meta = doc.get("meta") or {}
    source = str(meta.get("source") or "").strip()
    if source and not any(name and name in source for name in own_names):
        return "repost"
    if meta.get("catalog") or meta.get("index_no"):
        return "disclosure"
    return "ordinary"


def own_names(db: Database, site_q: dict[str, Any], county: str) -> set[str]:
    """The names a self-published article's 来源 may carry: units, aliases, the county."""
    names = {county} if county else set()
    for u in db.units.find(site_q, {"name": 1, "aliases": 1}):
        names.add(str(u.get("name") or ""))
        names.update(str(a) for a in u.get("aliases") or [])
    names.discard("")
    return names


def overview(db: Database, period: Period, site: str | None, county: str,
             media_findings: list[dict[str, Any]] | None = None) -> Overview:
    """Count what section 一 reports; ``media_findings`` are the reported new-media findings."""
    site_q: dict[str, Any] = {} if site is None else {"site": site}
    sites = [str(s.get("name") or s["_id"]) for s in db.sites.find({} if site is None else {"_id": site})]
    ov = Overview(sites=sites)
    names = own_names(db, site_q, county)
    in_period = {**site_q, "published_date": {"$gte": period.first.isoformat(),
                                              "$lte": period.last.isoformat()}}
    interp_columns = [c["_id"] for c in db.columns.find({**site_q, "category": "政策解读"}, {"_id": 1})]
    kinds: Counter[str] = Counter()
    for doc in db.articles.find(in_period, {"meta.source": 1, "meta.catalog": 1, "meta.index_no": 1, "own_document": 1,
                                            "column_id": 1}, batch_size=500):
        kinds[article_kind(doc, names)] += 1
        ov.interpretations += doc.get("column_id") in interp_columns
    ov.ordinary, ov.disclosure, ov.reposts = kinds["ordinary"], kinds["disclosure"], kinds["repost"]
    ov.articles = sum(kinds.values())
    box = mailbox_stats(db.messages.find(site_q, {"received_date": 1, "answered_date": 1, "status": 1}),
                        (period.first, period.last))
    ov.mailbox_received, ov.mailbox_answered = box["received"], box["answered"]
    ov.columns = db.columns.count_documents({**site_q, "leaf": True})
    runs = [r["_id"] for r in db.crawl_runs.find({**site_q, "finished_at": {"$gte": period.start_utc,
                                                                           "$lt": period.end_utc}},
                                                 {"_id": 1, "spider": 1}) if r.get("spider") == "portal"]
    ov.crawls = len(runs)
    # Pages whose latest failure was in a crawl of the period (a page fixed since is not counted).
    ov.failures = db.failures.count_documents({**site_q, "last_run_id": {"$in": runs}}) if runs else 0
    if "accounts" in db.list_collection_names():
        ov.accounts_collected = True
        platforms = Counter(str(a.get("platform") or "other")
                            for a in db.accounts.find(site_q, {"platform": 1}))
        ov.accounts = dict(platforms.most_common())
    ov.unqualified_accounts = len({f.get("target") for f in media_findings or []
                                   if f.get("severity") == "veto"})
    return ov

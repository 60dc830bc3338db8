"""Normalize items: canonical URLs, trimmed text, UTC publication times, content hashes."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

from itemadapter import ItemAdapter

from crawler.items import ArticleItem, ColumnItem, FailureItem, MessageItem, PostItem
from store.keys import canonical_url, content_hash

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


class CleanPipeline:
    """First pipeline: every later stage sees one canonical shape of each item."""

    @classmethod
    def from_crawler(cls, crawler) -> CleanPipeline:
        pipeline = cls()
        pipeline.crawler = crawler
        return pipeline

    def process_item(self, item):
        adapter = ItemAdapter(item)
        for key in ("url", "column_url", "parent_url"):
            if adapter.get(key):
                adapter[key] = canonical_url(adapter[key])
        if isinstance(item, ArticleItem):
            # The title is kept as extracted: its stray spaces are evidence for FORMAT-TITLE.
            item.title = item.title or ""
            item.list_title = (item.list_title or "").strip()
            # An empty value is kept: the page shows the field (文号：) with nothing in it.
            item.meta = {k: v.strip() for k, v in (item.meta or {}).items() if isinstance(v, str)}
            if item.published is not None:
                local = item.published if item.published.tzinfo else item.published.replace(tzinfo=CHINA)
                item.published_at = local.astimezone(UTC)
                item.published_date = local.astimezone(CHINA).date().isoformat()
            # The hash covers what a reader sees, so a changed template around it is not a new version.
            item.content_hash = content_hash(item.title, item.body_text,
                                             "|".join(sorted(a["url"] for a in item.attachments)))
        elif isinstance(item, PostItem):
            item.title = item.title.strip() if item.title is not None else None
            if item.published is not None:
                local = item.published if item.published.tzinfo else item.published.replace(tzinfo=CHINA)
                item.published_at = local.astimezone(UTC)
                item.published_date = local.astimezone(CHINA).date().isoformat()
            item.content_hash = content_hash(item.title or "", item.body_text)
        elif isinstance(item, MessageItem):
            item.title = (item.title or "").strip()
        elif isinstance(item, ColumnItem):
            item.name = (item.name or "").strip()
            item.names = [n.strip() for n in item.names]
        elif isinstance(item, FailureItem):
            item.detail = (item.detail or "")[:500]
        return item

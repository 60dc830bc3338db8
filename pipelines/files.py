"""Fetch article attachments and body images: sha256, size, type; stored on disk by hash.

The stored path comes only from the content hash, never from the crawled file
name or URL, so hostile names cannot pick where a file lands. Each URL is
fetched once per crawl however many articles link it. Images are fetched too:
the red-header check needs their pixels and the image check their type and size.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured

from crawler.items import ArticleItem
from store.keys import canonical_url

logger = logging.getLogger(__name__)

# Magic numbers beat a server's Content-Type, which government CMSs often get wrong.
_MAGIC = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"\xd0\xcf\x11\xe0", "application/x-ole-storage"),  # .doc/.xls/.wps
    (b"Rar!", "application/vnd.rar"),
    (b"7z\xbc\xaf", "application/x-7z-compressed"),
)
_ZIP_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".ofd": "application/ofd",
}


def sniff_type(data: bytes, url: str, header: str | None) -> str:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    suffix = Path(urlsplit(url).path).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        return _ZIP_TYPES.get(suffix, "application/zip")
    if header:
        return header.split(";")[0].strip().lower()
    return mimetypes.guess_type(urlsplit(url).path)[0] or "application/octet-stream"


class AttachmentsPipeline:
    """Settings: GOVWATCH_FILES_ENABLED, GOVWATCH_FILES_STORE, GOVWATCH_FILES_MAXSIZE."""

    def __init__(self, crawler, store: Path, maxsize: int) -> None:
        self.crawler = crawler
        self.store = store
        self.maxsize = maxsize
        self.done: dict[str, dict[str, Any]] = {}
        self.inflight: dict[str, asyncio.Future] = {}

    @classmethod
    def from_crawler(cls, crawler) -> AttachmentsPipeline:
        settings = crawler.settings
        if not settings.getbool("GOVWATCH_FILES_ENABLED", True):
            raise NotConfigured("attachment download switched off (GOVWATCH_FILES_ENABLED=False)")
        store = Path(settings.get("GOVWATCH_FILES_STORE", "data/files"))
        return cls(crawler, store, settings.getint("GOVWATCH_FILES_MAXSIZE", 50 * 1024 * 1024))

    def _stat(self, event: str) -> None:
        self.crawler.stats.inc_value(f"govwatch/files/{event}")

    def _allowed(self, url: str) -> bool:
        allowed = getattr(self.crawler.spider, "allowed_domains", None) or []
        host = urlsplit(url).hostname or ""
        return any(host == d or host.endswith("." + d) for d in allowed)

    async def process_item(self, item):
        if not isinstance(item, ArticleItem) or not (item.attachments or item.images):
            return item
        files = await asyncio.gather(*(self._fetch(a["url"]) for a in item.attachments))
        images = await asyncio.gather(*(self._fetch(i["src"]) for i in item.images))
        item.attachments = [{**a, **r} for a, r in zip(item.attachments, files, strict=True)]
        item.images = [{**i, **r} for i, r in zip(item.images, images, strict=True)]
        return item

    async def _fetch(self, raw_url: str) -> dict[str, Any]:
        url = canonical_url(raw_url)
        if not self._allowed(url):
            self._stat("skipped/offsite")
            return {"error": "offsite"}
        if url in self.done:
            self._stat("reused")
            return self.done[url]
        if url in self.inflight:
            return await self.inflight[url]
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self.inflight[url] = future
        try:
            result = await self._download(url)
        except Exception as error:  # any failure is recorded on the attachment, never raised
            result = {"error": type(error).__name__}
        self.done[url] = result
        self.inflight.pop(url, None)
        future.set_result(result)
        if "error" in result:
            self._stat(f"failed/{result['error']}")
            logger.warning("file %s failed: %s", url, result["error"])
        return result

    async def _download(self, url: str) -> dict[str, Any]:
        request = Request(url, meta={"download_maxsize": self.maxsize, "kind": "attachment"}, dont_filter=True)
        response = await self.crawler.engine.download_async(request)
        if response.status >= 400:
            return {"error": f"http_{response.status}", "status": response.status}
        data = response.body
        if not data:
            return {"error": "empty", "size": 0}
        digest = hashlib.sha256(data).hexdigest()
        path = self.store / digest[:2] / digest
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".part")
            await asyncio.to_thread(tmp.write_bytes, data)
            tmp.replace(path)
            self._stat("stored")
        header = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        self._stat("downloaded")
        return {"sha256": digest, "size": len(data), "content_type": sniff_type(data, url, header),
                "path": str(path)}

"""Fetch article attachments and body images (and new-media posts' images): sha256, size, type; stored on disk by hash.

PDF, DOCX and XLSX attachments also get their ``text`` (crawler.extract.documents,
capped) or a ``text_error``, so the text rules (REVIEW-PRIVACY …) read attachments.

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

from crawler.extract.documents import DocumentError, document_kind, document_text
from crawler.fetching import host_allowed
from crawler.items import ArticleItem, PostItem
from store.keys import canonical_url

logger = logging.getLogger(__name__)

#: Attachment text kept on the article, in characters. A 200-page PDF is far
#: below this; the cap keeps a pathological file from bloating the document
#: (MongoDB's 16 MB limit holds the whole article).
TEXT_MAX_CHARS = 200_000
#: All attachment text of one article together: a page with dozens of long
#: attachments must still fit one MongoDB document.
ARTICLE_TEXT_MAX_CHARS = 2_000_000
#: Suffix of the extracted-text cache beside each stored file; bump the version
#: when extraction changes so old caches are not reused.
TEXT_CACHE = "text-v1.txt"

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
        # sha256 -> extraction task (its text goes to a cache file, not memory)
        # and sha256 -> why a file's text could not be extracted.
        self.texts: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.text_errors: dict[str, str] = {}

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
        return host_allowed(url, getattr(self.crawler.spider, "allowed_domains", None) or [])

    async def process_item(self, item):
        if isinstance(item, PostItem) and item.images:
            # A post's body images get the article's image fields, so REVIEW-REDHEAD
            # judges them unchanged; real platforms' image hosts (mmbiz.qpic.cn …) come
            # from `media.platforms.*.domains`, which the media spiders allow.
            images = await asyncio.gather(*(self._fetch(i["src"]) for i in item.images))
            item.images = [{**i, **r} for i, r in zip(item.images, images, strict=True)]
            return item
        if not isinstance(item, ArticleItem) or not (item.attachments or item.images):
            return item
        files = await asyncio.gather(*(self._fetch(a["url"]) for a in item.attachments))
        images = await asyncio.gather(*(self._fetch(i["src"]) for i in item.images))
        texts = await asyncio.gather(
            *(self._attachment_text(r, a["url"]) for a, r in zip(item.attachments, files, strict=True))
        )
        item.attachments = _cap_article_text(
            [{**a, **r, **t} for a, r, t in zip(item.attachments, files, texts, strict=True)]
        )
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

    async def _attachment_text(self, file: dict[str, Any], url: str) -> dict[str, Any]:
        """``text`` (capped) or ``text_error`` of a stored PDF/DOCX/XLSX; {} for other files.

        Extracted once per sha256: the text is cached on disk beside the file
        (``<sha>.<TEXT_CACHE>``), so the same file linked twice, or met again by
        the next crawl, is not parsed again, and the crawl does not hold every
        attachment's text in memory. Parsing and file I/O run in a worker
        thread: a large PDF takes seconds and must not stall the reactor (and
        with it every other download).
        """
        digest, ctype = file.get("sha256"), file.get("content_type")
        if not digest or not file.get("path") or document_kind(ctype) is None:
            return {}
        if digest in self.text_errors:
            self._stat("text/reused")
            return {"text_error": self.text_errors[digest]}
        cache = Path(file["path"]).with_name(f"{digest}.{TEXT_CACHE}")
        task = self.texts.get(digest)
        if task is None:
            task = asyncio.ensure_future(
                asyncio.to_thread(_extract_to_cache, Path(file["path"]), cache, str(ctype), url)
            )
            self.texts[digest] = task
            fields = await task
            if "text_error" in fields:
                self.text_errors[digest] = fields["text_error"]
            self._stat(f"text/{fields.pop('_how')}")
            return fields
        await asyncio.shield(task)
        self._stat("text/reused")
        if digest in self.text_errors:
            return {"text_error": self.text_errors[digest]}
        return await asyncio.to_thread(_read_cache, cache)


def _cap_article_text(attachments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Trim attachment text, in page order, to ARTICLE_TEXT_MAX_CHARS in total."""
    left = ARTICLE_TEXT_MAX_CHARS
    for att in attachments:
        text = att.get("text")
        if text is None:
            continue
        if len(text) > left:
            att["text"] = text[:left]
            att["text_truncated"] = True
        left -= len(att["text"])
    return attachments


def _fields(text: str) -> dict[str, Any]:
    """The attachment's ``text`` field, capped (the cache file keeps the whole text)."""
    if len(text) > TEXT_MAX_CHARS:
        return {"text": text[:TEXT_MAX_CHARS], "text_truncated": True}
    return {"text": text}


def _read_cache(cache: Path) -> dict[str, Any]:
    return _fields(cache.read_text(encoding="utf-8"))


def _extract_to_cache(path: Path, cache: Path, ctype: str, name: str) -> dict[str, Any]:
    """Attachment text fields from the cache file, else extracted and cached.

    ``_how`` (extracted / cached / failed) is for the crawl's stats.
    """
    if cache.exists():
        return {**_read_cache(cache), "_how": "cached"}
    text, error = _extract(path.read_bytes(), ctype, name)
    if error is not None:
        return {"text_error": error, "_how": "failed"}
    tmp = cache.with_suffix(".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(cache)
    return {**_fields(text), "_how": "extracted"}


def _extract(data: bytes, ctype: str, name: str) -> tuple[str, str | None]:
    """(text, None), or ("", why) — never raises: a bad file is recorded, not a crash."""
    try:
        return document_text(data, ctype, name), None
    except DocumentError as error:
        return "", str(error)[:300]
    except Exception as error:  # a parser bug on hostile input must not lose the attachment record
        return "", f"{type(error).__name__}: {error}"[:300]

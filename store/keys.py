"""Stable document keys: the same page always gets the same `_id`."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Column index pages answer at both /col/x/ and /col/x/index.html; they are one page.
_INDEX_FILE = re.compile(r"/(?:index|default)\.s?html?$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Canonical form: lower-case host, no default port, sorted query, no fragment, no index.html."""
    url = canonicalize_url(url.strip(), keep_fragments=False)
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        netloc = f"{netloc}:{parts.port}"
    path = _INDEX_FILE.sub("/", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), netloc.lower(), path, parts.query, ""))


def stable_key(*parts: str) -> str:
    """A 32-hex-digit sha256 of the parts; the `_id` of crawled documents."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:32]


def url_key(url: str) -> str:
    """The `_id` of the document for this URL."""
    return stable_key(canonical_url(url))


def content_hash(*parts: str) -> str:
    """Hash of the content fields that define an article version."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

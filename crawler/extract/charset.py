"""Decode HTTP bodies of Chinese government pages to text.

Order: Content-Type charset → BOM → <meta> charset in the first 4 KB → strict UTF-8
→ GB18030 → latin-1. Declared GBK/GB2312 are decoded as GB18030 (a superset), because
sites labelled "gb2312" routinely contain GBK/GB18030-only characters.

Choice for mislabelled pages: when a page declares a non-UTF-8 charset but its bytes
are strictly valid UTF-8 and contain non-ASCII, we trust UTF-8. Real GBK Chinese text
is practically never valid UTF-8, while "charset=gbk" on UTF-8 pages (copied templates)
is common. A declared charset that fails to decode strictly is skipped too.
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

_GB_ALIASES = {"gbk", "gb2312", "gb_2312", "gb_2312-80", "x-gbk", "cp936", "ms936", "euc-cn",
               "csgb2312", "chinese", "iso-ir-58", "windows-936", "hz-gb-2312"}
_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def normalize_encoding(name: str | None) -> str | None:
    """Python codec name for a declared charset (GB family → gb18030), or None."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_ALIASES:
        return "gb18030"
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    if codec in {"gbk", "gb2312", "hz"}:
        return "gb18030"
    # Browsers treat latin-1/ascii labels as windows-1252.
    if codec in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return codec


def _try(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _utf8_if_valid_nonascii(body: bytes) -> str | None:
    if body.isascii():
        return None
    return _try(body, "utf-8")


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body; returns (text, encoding name). Never raises."""
    if not body:
        return "", "utf-8"
    try:
        return _decode(body, content_type)
    except Exception:  # noqa: BLE001 - the contract is "never raises"
        logger.exception("charset detection failed; falling back to latin-1")
        return body.decode("latin-1"), "latin-1"


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    declared: list[str] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        enc = normalize_encoding(m.group(1)) if m else None
        if enc:
            declared.append(enc)
    if not declared:
        for bom, enc in _BOMS:
            if body.startswith(bom):
                text = body[len(bom):].decode(enc, errors="replace")
                return text, enc
    else:
        # A BOM still beats a header that disagrees with it.
        for bom, enc in _BOMS:
            if body.startswith(bom) and enc != declared[0]:
                return body[len(bom):].decode(enc, errors="replace"), enc
    m = _META_CHARSET.search(body[:4096])
    if m:
        enc = normalize_encoding(m.group(1).decode("ascii", "ignore"))
        # A <meta> saying UTF-16 is impossible in an ASCII-compatible document.
        if enc and enc.startswith("utf-16"):
            enc = "utf-8"
        if enc and enc not in declared:
            declared.append(enc)

    if body.startswith(codecs.BOM_UTF8):
        body = body[len(codecs.BOM_UTF8):]
    for enc in declared:
        if enc != "utf-8":
            utf8 = _utf8_if_valid_nonascii(body)
            if utf8 is not None:
                logger.debug("declared %s but body is valid UTF-8; using UTF-8", enc)
                return utf8, "utf-8"
        text = _try(body, enc)
        if text is not None:
            return text, enc
        logger.debug("declared charset %s does not decode strictly; trying others", enc)
    text = _try(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    text = _try(body, "gb18030")
    if text is not None:
        return text, "gb18030"
    # Nothing decodes cleanly: use the candidate with the fewest errors, unless it is
    # mostly garbage, in which case latin-1 at least preserves every byte.
    best: tuple[int, str, str] | None = None
    for enc in [*declared, "utf-8", "gb18030"]:
        candidate = body.decode(enc, errors="replace")
        bad = candidate.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, candidate, enc)
    if best is not None and best[0] <= max(2, len(body) // 200):
        return best[1], best[2]
    return body.decode("latin-1", errors="replace"), "latin-1"

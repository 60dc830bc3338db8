"""REVIEW-REDHEAD page sources: page images of a stored image or PDF file (local, read-only)."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from analyzers.redhead_detect import WORK_LONG_SIDE
from analyzers.textsource import IMAGE_TYPES

log = logging.getLogger(__name__)

#: Content types the rule looks into; anything else (DOCX, XLSX, OFD …) is skipped.
_PDF = "application/pdf"
_IMAGE_SUFFIXES = IMAGE_TYPES


def content_kind(item: Mapping[str, Any]) -> str | None:
    """``"pdf"``, ``"image"`` or None for an image / attachment / file entry."""
    ctype = str(item.get("content_type") or "").split(";")[0].strip().lower()
    if ctype == _PDF:
        return "pdf"
    if ctype.startswith("image/"):
        return "image"
    if ctype and ctype not in ("application/octet-stream", "binary/octet-stream"):
        return None
    for key in ("name", "url", "src", "path"):
        suffix = Path(str(item.get(key) or "").split("?")[0]).suffix.lower()
        if suffix == ".pdf":
            return "pdf"
        if suffix in _IMAGE_SUFFIXES:
            return "image"
    return None


def pages_from_bytes(
    data: bytes, kind: str, max_pages: int = 10, long_side: int = WORK_LONG_SIDE
) -> list[tuple[int, np.ndarray]]:
    """(page number from 1, RGB array) of an image or a PDF held in memory.

    A PDF with more than ``max_pages`` pages is read at its first
    ``max_pages - 1`` pages and its last (the seal is on the last page).
    """
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            n = len(pdf)
            numbers = list(range(n)) if n <= max_pages else [*range(max_pages - 1), n - 1]
            out = []
            for i in numbers:
                page = pdf[i]
                try:
                    pw, ph = page.get_size()
                    bitmap = page.render(scale=long_side / max(pw, ph, 1.0))
                    out.append((i + 1, np.asarray(bitmap.to_pil().convert("RGB"))))
                finally:
                    page.close()
            return out
        finally:
            pdf.close()
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        # JPEG decodes at 1/2..1/8 size for free; the detector reduces anyway.
        im.draft("RGB", (long_side, long_side))
        # A phone photo of a page carries its orientation in EXIF only.
        upright = ImageOps.exif_transpose(im)
        return [(1, np.asarray(upright.convert("RGB")))]


def load_stored_pages(item: Mapping[str, Any], max_pages: int = 10) -> list[tuple[int, np.ndarray]]:
    """Pages of the file the crawler stored for ``item`` (``item["path"]``).

    Local and read-only; never the network. Returns [] when the entry has no
    stored file, is not an image or PDF, or its bytes do not match
    ``item["sha256"]`` (LINK-IMAGE reports missing and broken files).
    """
    kind = content_kind(item)
    path = item.get("path")
    if kind is None or not path or item.get("error"):
        return []
    try:
        data = Path(str(path)).read_bytes()
    except OSError as exc:
        log.warning("REVIEW-REDHEAD: cannot read stored file %s: %s", path, exc)
        return []
    want = item.get("sha256")
    if want and hashlib.sha256(data).hexdigest() != want:
        log.warning("REVIEW-REDHEAD: stored file %s does not match its sha256", path)
        return []
    try:
        return pages_from_bytes(data, kind, max_pages)
    except Exception as exc:  # corrupt images/PDFs raise assorted decoder errors
        log.warning("REVIEW-REDHEAD: cannot decode %s: %s", path, exc)
        return []


PageLoader = Callable[[Mapping[str, Any]], Sequence[tuple[int, np.ndarray]]]

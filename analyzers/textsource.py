"""Text of files given to ``python -m analyzers check``.

Each loader returns an article-shaped document whose ``body_text`` is exactly
the text the CLI prints with ``--show-text``; evidence offsets index it.

PDFs and images also carry ``source_file`` ({path, name, content_type}): the
checked file itself, for the rules that judge pixels (REVIEW-REDHEAD renders
its pages). An image has no text: its ``body_text`` is empty.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

#: Image files: scans published as pictures; only pixel rules judge them.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
SUPPORTED = (".html", ".htm", ".txt", ".pdf", ".docx", ".xlsx", *IMAGE_TYPES)


class SourceError(Exception):
    """A file that cannot be read as a document (missing, corrupt, unsupported)."""


def _fail(path: Path, zh: str, en: str, exc: BaseException | None = None) -> SourceError:
    detail = f": {type(exc).__name__}: {exc}" if exc is not None else ""
    return SourceError(f"{path}: {zh} / {en}{detail}")


def _doc(path: Path, body: str, **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": str(path),
        "site": "",
        "unit": "",
        "column_id": None,
        "column_name": "",
        "url": str(path),
        "title": None,  # unknown: FORMAT-TITLE does not judge files without a title
        "body_text": body,
        "body_html": None,
        "meta": {"source_kind": path.suffix.lower().lstrip(".")},
        "published_at": None,
        # None, not []: a bare file has no attachment list to judge (FORMAT-ATTACH skips it).
        "attachments": None,
        "images": [],
        "links": [],
    }
    doc.update(extra)
    return doc


def decode_text(raw: bytes) -> str:
    """UTF-8 (BOM dropped), else GB18030, the two encodings Chinese files use."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def load_txt(path: Path) -> dict[str, Any]:
    """The file's own text, unchanged (line ends kept) so offsets index it."""
    raw = path.read_bytes()
    try:
        text = decode_text(raw)
    except UnicodeDecodeError as exc:
        raise _fail(
            path, "无法识别文本编码", "cannot decode text (not UTF-8/GB18030)", exc
        ) from exc
    return _doc(path, text)


def _as_dict(item: Any) -> dict[str, Any]:
    """Extractor dataclasses as the plain dicts stored article documents hold."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return dataclasses.asdict(item)
    return dict(item)


def load_html(path: Path) -> dict[str, Any]:
    """An article page: decode, extract title/body/meta, keep the body HTML."""
    try:
        from crawler.extract.article import extract_article
        from crawler.extract.charset import decode_html
    except ImportError as exc:
        raise _fail(path, "网页正文提取模块不可用", "HTML extractor not available", exc) from exc

    raw = path.read_bytes()
    try:
        html, _encoding = decode_html(raw)
        art = extract_article(html, path.resolve().as_uri())
    except Exception as exc:  # extractor failures of any kind make the file unreadable
        raise _fail(path, "无法解析网页", "cannot extract the article page", exc) from exc
    published = getattr(art, "published", None)
    return _doc(
        path,
        art.body_text or "",
        title=art.title,
        body_html=art.body_html,
        meta={**dict(art.meta or {}), "source_kind": "html"},
        published_at=published if isinstance(published, dt.datetime) else None,
        attachments=[_as_dict(a) for a in art.attachments or []],
        images=[_as_dict(i) for i in art.images or []],
        links=[_as_dict(x) for x in art.links or []],
    )


def _read_document(path: Path, zh: str, en: str) -> str:
    """The file's text via crawler.extract.documents (the same text the crawler stores)."""
    from crawler.extract.documents import DocumentError, document_text

    data = path.read_bytes()
    try:
        return document_text(data, None, path.name)
    except DocumentError as exc:
        if exc.reason == "encrypted":
            raise _fail(path, "PDF已加密", "PDF is encrypted") from exc
        if exc.reason == "empty":
            raise _fail(path, "文件为空", f"empty file ({en})") from exc
        raise _fail(path, zh, en, exc.__cause__ or exc) from exc


def load_pdf(path: Path) -> dict[str, Any]:
    """Text of every page, pages separated by a blank line."""
    doc = _doc(path, _read_document(path, "PDF文件损坏或无法读取", "corrupt or unreadable PDF"))
    # PDF lines are visual lines: paragraphs are blank-line blocks.
    doc["meta"]["wrapped_lines"] = True
    # A scanned PDF has little or no text: its pages are judged as images too.
    doc["source_file"] = {"path": str(path), "name": path.name, "content_type": "application/pdf"}
    return doc


def load_docx(path: Path) -> dict[str, Any]:
    """Paragraphs and tables in document order; table rows tab-separated."""
    return _doc(path, _read_document(path, "Word文件损坏或无法读取", "corrupt or unreadable .docx"))


def load_xlsx(path: Path) -> dict[str, Any]:
    """Cell values, tab-separated rows; sheets separated by a blank line."""
    return _doc(path, _read_document(path, "Excel文件损坏或无法读取", "corrupt or unreadable .xlsx"))


def load_image(path: Path) -> dict[str, Any]:
    """An image file: no text, the file itself as ``source_file`` for pixel rules."""
    from PIL import Image, UnidentifiedImageError

    try:
        # verify() reads the whole file, so a truncated or fake image fails here,
        # where it is reported as unreadable, and not inside a rule.
        with Image.open(path) as im:
            im.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _fail(path, "图片文件损坏或无法读取", "corrupt or unreadable image", exc) from exc
    ctype = IMAGE_TYPES[path.suffix.lower()]
    return _doc(path, "", source_file={"path": str(path), "name": path.name, "content_type": ctype})


_LOADERS: dict[str, Callable[[Path], dict[str, Any]]] = {
    ".txt": load_txt,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".xlsx": load_xlsx,
    **dict.fromkeys(IMAGE_TYPES, load_image),
}


def load(path: str | Path) -> dict[str, Any]:
    """An article-shaped document from a file; SourceError if unreadable."""
    p = Path(path)
    loader = _LOADERS.get(p.suffix.lower())
    if loader is None:
        raise _fail(
            p, "不支持的文件类型", f"unsupported file type (supported: {', '.join(SUPPORTED)})"
        )
    if not p.is_file():
        raise _fail(p, "文件不存在或不是普通文件", "no such file")
    try:
        return loader(p)
    except SourceError:
        raise
    except OSError as exc:
        raise _fail(p, "无法读取文件", "cannot read file", exc) from exc

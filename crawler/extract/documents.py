"""Text of document files (PDF, DOCX, XLSX): pure functions over bytes.

Used by the files pipeline (attachment text for REVIEW-PRIVACY and the other
text rules) and by ``python -m analyzers check`` for files on disk, so both
see exactly the same text. No I/O beyond the bytes given; callers decide
where the bytes come from and whether to run this off the reactor thread.

Layout conventions (offsets of findings index this text, so keep them stable):

- PDF: every page's text, pages separated by a blank line.
- DOCX: paragraphs and tables in document order, one line per paragraph,
  one line per table row with cells separated by tabs.
- XLSX: cell values, one line per row, cells tab-separated (trailing empty
  cells dropped), sheets separated by a blank line; whole-number floats and
  midnight datetimes shown as people typed them (12, 2024-03-05).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import PurePosixPath
from typing import Any, Literal

DocumentKind = Literal["pdf", "docx", "xlsx"]

_TYPES: dict[str, DocumentKind] = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
_SUFFIXES: dict[str, DocumentKind] = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx"}
_NAMES = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)"}


class DocumentError(ValueError):
    """Bytes that cannot be read as the document kind they claim to be.

    ``kind`` is the kind that was tried (None: unsupported), ``reason`` a short
    machine-readable cause (``empty``, ``encrypted``, ``corrupt``, ``unsupported``).
    """

    def __init__(self, message: str, kind: DocumentKind | None, reason: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.reason = reason


def document_kind(content_type: str | None, name: str = "") -> DocumentKind | None:
    """pdf / docx / xlsx from the (sniffed) content type, else the file name's suffix."""
    if content_type:
        kind = _TYPES.get(content_type.split(";")[0].strip().lower())
        if kind:
            return kind
    suffix = PurePosixPath(name.split("?")[0]).suffix.lower() if name else ""
    return _SUFFIXES.get(suffix)


def _corrupt(kind: DocumentKind, exc: BaseException) -> DocumentError:
    return DocumentError(
        f"{_NAMES[kind]}文件损坏或无法读取 / corrupt or unreadable {kind}: "
        f"{type(exc).__name__}: {exc}",
        kind,
        "corrupt",
    )


def pdf_text(data: bytes) -> str:
    """Text of every page, pages separated by a blank line."""
    import pypdf
    from pypdf.errors import PyPdfError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("PDF已加密 / PDF is encrypted", "pdf", "encrypted")
        # pypdf decodes some two-byte CID fonts (fpdf2's TrueType subsets among
        # them) with a NUL before every character; NUL is never text.
        pages = [
            (page.extract_text() or "").replace("\x00", "").rstrip("\n") for page in reader.pages
        ]
    except DocumentError:
        raise
    # pypdf raises its own errors and, on damaged files, whatever its parser hits.
    except (
        PyPdfError,
        OSError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
    ) as exc:
        raise _corrupt("pdf", exc) from exc
    return "\n\n".join(pages)


def docx_text(data: bytes) -> str:
    """Paragraphs and tables in document order; table rows tab-separated."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                for row in block.rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    except Exception as exc:  # python-docx raises assorted zipfile/lxml/package errors
        raise _corrupt("docx", exc) from exc
    return "\n".join(lines)


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime) and v.time() == dt.time():
        return v.date().isoformat()
    return str(v)


def xlsx_text(data: bytes) -> str:
    """Cell values, tab-separated rows; sheets separated by a blank line."""
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = []
            for ws in wb.worksheets:
                rows = [
                    "\t".join(_cell(v) for v in row).rstrip("\t")
                    for row in ws.iter_rows(values_only=True)
                ]
                sheets.append("\n".join(rows).strip("\n"))
        finally:
            wb.close()
    except Exception as exc:  # openpyxl raises zipfile, KeyError, lxml and its own errors
        raise _corrupt("xlsx", exc) from exc
    return "\n\n".join(sheets)


_EXTRACTORS = {"pdf": pdf_text, "docx": docx_text, "xlsx": xlsx_text}


def document_text(data: bytes, content_type: str | None, name: str = "") -> str:
    """The text of a PDF, DOCX or XLSX given as bytes.

    The kind comes from ``content_type`` (sniffed types win over names, since
    CMSs mislabel files), else from ``name``'s suffix. Raises DocumentError
    for empty, encrypted, corrupt or unsupported input.
    """
    kind = document_kind(content_type, name)
    if kind is None:
        raise DocumentError(
            f"不支持的文件类型 / unsupported document type: {content_type or name or '?'}",
            None,
            "unsupported",
        )
    if not data:
        raise DocumentError(f"{_NAMES[kind]}文件为空 / empty {kind} file", kind, "empty")
    return _EXTRACTORS[kind](data)


__all__ = [
    "DocumentError",
    "DocumentKind",
    "document_kind",
    "document_text",
    "docx_text",
    "pdf_text",
    "xlsx_text",
]

"""Lenient HTML parsing and the visible block text of an element (pure functions)."""

from __future__ import annotations

import logging
import re

import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

from crawler.extract.metadata import collapse

logger = logging.getLogger(__name__)

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption",
    "header", "footer", "hr", "address", "form", "fieldset", "center", "caption", "thead",
    "tbody", "tfoot", "main", "aside", "nav", "details", "summary",
}
_DROP_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "object",
              "embed", "select", "textarea", "svg", "canvas"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.I)
# Private separators: real "\n" in source text is just whitespace, not a line break.
_CELL = "\x1f"
_BREAK = "\x1e"
_NO_MARKERS = str.maketrans("\x1e\x1f", "  ")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_html(html: str | bytes) -> etree._Element | None:
    """Parse HTML leniently with lxml; None for empty/unparseable input."""
    if isinstance(html, str):
        # lxml refuses str with an encoding declaration and chokes on NULs/surrogates.
        html = _XML_DECL.sub("", html).replace("\x00", "")
        data = html.encode("utf-8", errors="replace")
    else:
        data = html.replace(b"\x00", b"")
    if not data.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparseable html: %s", exc)
        return None
    # libxml2 puts content after a stray "</html>" into a second top-level <html>;
    # fold it back so CSS selectors rooted at the document see the whole page.
    extra = root.getnext()
    target = root.find("body")
    if target is None:
        target = root
    while extra is not None:
        following = extra.getnext()
        if isinstance(extra.tag, str):
            for child in list(extra):
                inner = list(child) if child.tag in {"body", "head"} else [child]
                for node in inner:
                    target.append(node)
        extra = following
    return root


def _select(root: etree._Element, selector: str | None) -> list[etree._Element]:
    if not selector:
        return []
    try:
        return CSSSelector(selector)(root)
    except Exception:  # noqa: BLE001 - a bad selector from config must not kill a crawl
        logger.warning("invalid CSS selector %r", selector)
        return []


def _meta_content(root: etree._Element, *names: str) -> str:
    for name in names:
        for el in root.xpath(
            "//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n"
            " or @property=$n]", n=name.lower()
        ):
            value = collapse(el.get("content"))
            if value:
                return value
    return ""


def _is_hidden(el: etree._Element) -> bool:
    return bool(_HIDDEN_STYLE.search(el.get("style") or "")) or el.get("hidden") is not None


def _is_layout_cell(cell: etree._Element) -> bool:
    """A <td> used for page layout (holds paragraphs or tables), not a data cell."""
    blocks = 0
    size = 0
    for node in cell.iterdescendants():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "table":
            return True
        if tag in _BLOCK_TAGS and tag not in {"br"}:
            blocks += 1
            if blocks >= 3:
                return True
        size += len((node.text or "").strip()) + len((node.tail or "").strip())
        if size > 300:
            return True
    return False


def _chunk(text: str, pre_depth: int) -> str:
    if _BREAK in text or _CELL in text:  # rare; str.translate is slow on every chunk
        text = text.translate(_NO_MARKERS)
    # Inside <pre> source newlines are real line breaks (code, aligned tables).
    return text.replace("\n", _BREAK) if pre_depth else text


def block_text(el: etree._Element) -> str:
    """Visible text of el: one line per block, table cells joined by tabs."""
    out: list[str] = []
    cell_depth = 0
    walker = etree.iterwalk(el, events=("start", "end"))
    skipped: set[etree._Element] = set()
    data_cells: set[etree._Element] = set()
    pre_depth = 0
    for event, node in walker:
        tag = node.tag if isinstance(node.tag, str) else ""
        if event == "start":
            if not tag or tag in _DROP_TAGS or (node is not el and _is_hidden(node)):
                skipped.add(node)
                walker.skip_subtree()
                continue
            if tag in {"td", "th"} and node is not el and not _is_layout_cell(node):
                out.append(_CELL)
                cell_depth += 1
                data_cells.add(node)
            elif tag in _BLOCK_TAGS or tag in {"td", "th"}:
                out.append(" " if cell_depth else _BREAK)
            if tag == "pre":
                pre_depth += 1
            if node.text:
                out.append(_chunk(node.text, pre_depth))
        else:
            was_skipped = node in skipped
            if was_skipped:
                skipped.discard(node)
            else:
                if node in data_cells:
                    cell_depth -= 1
                    data_cells.discard(node)
                elif tag in _BLOCK_TAGS or tag in {"td", "th"}:
                    out.append(" " if cell_depth else _BREAK)
            if tag == "pre" and not was_skipped:
                pre_depth -= 1
            if node is not el and node.tail:
                out.append(_chunk(node.tail, pre_depth))
    lines = []
    for raw in "".join(out).split(_BREAK):
        cells = [collapse(c) for c in raw.split(_CELL)]
        if raw.startswith(_CELL) or not cells[0]:
            cells = cells[1:] if not cells[0] else cells
        line = "\t".join(cells).strip()
        if line:
            lines.append(line)
    return "\n".join(lines)


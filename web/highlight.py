"""Evidence shown in its text: the text escaped piece by piece, the evidence span in <mark>."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

CONTEXT = 400  # characters shown either side of the evidence in a long text


def source_text(finding: dict[str, Any], article: dict[str, Any] | None) -> str:
    """The text the evidence offsets index: body, title, or an attachment's text."""
    where = str((finding.get("evidence") or {}).get("field") or "body")
    if not article:
        return ""
    if where == "body":
        return str(article.get("body_text") or "")
    if where == "title":
        return str(article.get("title") or "")
    if where.startswith("attachment:"):
        name = where.split(":", 1)[1]
        for att in article.get("attachments") or []:
            if att.get("name") == name:
                return str(att.get("text") or "")
    return ""


def highlight(text: str, start: int, end: int, evidence: str) -> Markup:
    """Escape ``text`` and mark text[start:end]; offsets that do not match the evidence mark nothing."""
    if not (0 <= start < end <= len(text)) or text[start:end] != evidence:
        return Markup(escape(text[: 2 * CONTEXT]))
    left = max(0, start - CONTEXT)
    right = min(len(text), end + CONTEXT)
    return Markup("").join([
        Markup("…") if left else Markup(""),
        escape(text[left:start]),
        Markup('<mark id="evidence">'), escape(text[start:end]), Markup("</mark>"),
        escape(text[end:right]),
        Markup("…") if right < len(text) else Markup(""),
    ])

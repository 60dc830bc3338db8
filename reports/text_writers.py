"""The bulletin as HTML (Jinja2, autoescaped: crawled titles stay text) and as Markdown."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader

from reports.document import Document, Run

_ENV = Environment(loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
                   autoescape=True, trim_blocks=False)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def safe_href(url: str | None) -> str | None:
    """Only http(s) links are rendered as links (a crawled javascript: URL stays text)."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE):
        return url
    return None


def render_html(doc: Document) -> str:
    for b in doc.blocks:  # links are checked here, once, for both writers
        b.runs = [Run(r.text, r.style, safe_href(r.href)) for r in b.runs]
        b.rows = [[Run(c.text, c.style, safe_href(c.href)) for c in row] for row in b.rows]
    return _ENV.get_template("bulletin.html").render(doc=doc)


def md_escape(text: str) -> str:
    """Inline Markdown and HTML stay text; a leading # + - or digit-dot cannot start a block."""
    text = _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))
    text = re.sub(r"^([#+\-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def _md_runs(runs: list[Run]) -> str:
    out = []
    for r in runs:
        text = md_escape(r.text)
        if r.style in ("h3", "bold"):
            text = f"**{text}**"
        href = safe_href(r.href)
        if href:
            text = f"[{text}](<{quote(href, safe=':/?&=#%;,+@~')}>)"
        out.append(text)
    return "".join(out)


def render_markdown(doc: Document) -> str:
    lines: list[str] = []
    for b in doc.blocks:
        if b.kind == "title":
            lines += [f"# {md_escape(b.text)}", ""]
        elif b.kind == "h1":
            lines += [f"## {md_escape(b.text)}", ""]
        elif b.kind == "annex_title":
            lines += [f"## {md_escape(b.text)}", ""]
        elif b.kind == "table":
            for i, row in enumerate(b.rows):
                lines.append("| " + " | ".join(_md_runs([c]) for c in row) + " |")
                if i == 0:
                    lines.append("|" + " --- |" * len(row))
            lines.append("")
        elif b.kind == "page_break":
            lines += ["---", ""]
        elif b.kind in ("signature", "date"):
            lines += [f"<p align=\"right\">{md_escape(b.text)}</p>", ""]
        else:
            lines += [_md_runs(b.runs), ""]
    return "\n".join(lines)

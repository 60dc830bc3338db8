"""A format-free bulletin: blocks of styled runs that the docx, HTML and Markdown writers lay out."""

from __future__ import annotations

from dataclasses import dataclass, field

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (the numbering of 一、 and （一）)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True, slots=True)
class Run:
    """Text in one style: "" (body), "h2" (（一）), "h3" (1.), "bold"; ``href`` makes it a link."""

    text: str
    style: str = ""
    href: str | None = None


@dataclass
class Block:
    """One paragraph-level element.

    kinds: title, recipients, para, h1, annex_ref, signature, date, note,
    page_break, annex_label, annex_title, table (``rows`` of cells).
    """

    kind: str
    runs: list[Run] = field(default_factory=list)
    rows: list[list[Run]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Document:
    """The bulletin; ``plain_text`` is what tests and the Markdown writer read."""

    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: str, *runs: Run | str) -> Block:
        block = Block(kind, [r if isinstance(r, Run) else Run(r) for r in runs])
        self.blocks.append(block)
        return block

    def plain_text(self) -> str:
        lines = []
        for b in self.blocks:
            if b.kind == "table":
                lines.extend("\t".join("".join(r.text for r in [c]) for c in row) for row in b.rows)
            elif b.kind != "page_break":
                lines.append(b.text)
        return "\n".join(lines)

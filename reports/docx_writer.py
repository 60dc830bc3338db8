"""The bulletin as .docx in the layout of GB/T 9704-2012 (党政机关公文格式).

A4, margins 37/35/28/26 mm; title 2号 方正小标宋简体 centred; body 3号
仿宋_GB2312 at a fixed 29 pt line (22 lines a page), first lines indented two
characters; 一、 in 黑体, （一） in 楷体_GB2312, 1. in 仿宋 bold; page numbers
"— 1 —" in 4号 宋体, odd pages right, even pages left; the issuing office and
the date right-aligned, the date four characters from the margin. Chinese
fonts are set through the ``w:eastAsia`` attribute, which Word and WPS read
for CJK text. Machines without these fonts substitute their own
(reports/data/fonts.conf maps them to free fonts for rendering).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run as DocxRun

from reports.document import Document, Run

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"
SIZE_2, SIZE_3, SIZE_4, SIZE_5 = Pt(22), Pt(16), Pt(14), Pt(10.5)
LINE = Pt(29)
INDENT = Pt(32)  # two 3号 characters

RUN_FONTS = {"": (BODY_FONT, False), "bold": (BODY_FONT, True), "h2": (H2_FONT, False),
             "h3": (BODY_FONT, True)}


def set_font(run: DocxRun, east_asia: str, size: Pt, bold: bool = False) -> None:
    """Latin and CJK font of a run (Word picks the CJK one from w:eastAsia)."""
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _layout(p: Paragraph, align: int | None = None, indent: Pt | None = INDENT,
            line: Pt = LINE, right: Pt | None = None) -> None:
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = indent
    if right is not None:
        fmt.right_indent = right
    if align is not None:
        p.alignment = align


def _keep(p: Paragraph) -> None:
    """A body line that stays on the page of the paragraph after it."""
    _layout(p, indent=None)
    p.paragraph_format.keep_with_next = True


def _runs(p: Paragraph, runs: list[Run], size: Pt = SIZE_3) -> None:
    for r in runs:
        font, bold = RUN_FONTS.get(r.style, (BODY_FONT, False))
        set_font(p.add_run(r.text), font, size, bold)


def _page_number(p: Paragraph, align: int) -> None:
    """"— N —" with a PAGE field; the field is a w:fldSimple, which python-docx has no API for."""
    _layout(p, align=align, indent=None, line=Pt(20))
    set_font(p.add_run("— "), PAGE_NUMBER_FONT, SIZE_4)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    inner.append(text)
    field.append(inner)
    p._p.append(field)
    set_font(p.add_run(" —"), PAGE_NUMBER_FONT, SIZE_4)


def write_docx(doc: Document, path: str | Path) -> Path:
    out = new_docx()
    out.core_properties.title = doc.title
    out.core_properties.author = ""
    normal = out.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = SIZE_3
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    sec = out.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(20)
    out.settings.odd_and_even_pages_header_footer = True
    _page_number(sec.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(sec.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    for block in doc.blocks:
        kind = block.kind
        if kind == "table":
            _table(out, block.rows)
            continue
        p = out.add_paragraph()
        if kind == "title":
            _layout(p, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(35))
            set_font(p.add_run(block.text), TITLE_FONT, SIZE_2)
            _layout(out.add_paragraph(), indent=None)  # a blank line under the title
        elif kind == "recipients":
            _layout(p, indent=None)
            _runs(p, block.runs)
        elif kind == "h1":
            _layout(p)
            p.paragraph_format.keep_with_next = True
            set_font(p.add_run(block.text), H1_FONT, SIZE_3)
        elif kind == "annex_ref":
            _keep(out.add_paragraph())
            _keep(p)
            p.paragraph_format.first_line_indent = INDENT
            _runs(p, block.runs)
        elif kind == "signature":
            # The office and the date never stand alone on a page (GB/T 9704 7.3.5).
            for _ in range(2):
                _keep(out.add_paragraph())
            _layout(p, WD_ALIGN_PARAGRAPH.RIGHT, None, right=Pt(32))
            p.paragraph_format.keep_with_next = True
            _runs(p, block.runs)
        elif kind == "date":
            _layout(p, WD_ALIGN_PARAGRAPH.RIGHT, None, right=Pt(64))
            _runs(p, block.runs)
        elif kind == "page_break":
            p.add_run().add_break(WD_BREAK.PAGE)
        elif kind == "annex_label":
            _layout(p, indent=None)
            set_font(p.add_run(block.text), H1_FONT, SIZE_3)
        elif kind == "annex_title":
            _layout(p, WD_ALIGN_PARAGRAPH.CENTER, None, Pt(35))
            set_font(p.add_run(block.text), TITLE_FONT, SIZE_2)
        else:  # para, note
            _layout(p, WD_ALIGN_PARAGRAPH.JUSTIFY)
            # A heading alone on its line stays with what follows it.
            p.paragraph_format.keep_with_next = all(r.style == "h2" for r in block.runs)
            _runs(p, block.runs)
    target = Path(path)
    out.save(str(target))
    return target


def _table(out: object, rows: list[list[Run]]) -> None:
    table = out.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Mm(11), Mm(26), Mm(55), Mm(40), Mm(24))  # the 156 mm between the margins
    for c, column in enumerate(table.columns):
        column.width = widths[c] if c < len(widths) else Mm(20)
    for r, row in enumerate(rows):
        for c, cell_run in enumerate(row):
            cell = table.cell(r, c)
            cell.width = widths[c] if c < len(widths) else Mm(20)
            p = cell.paragraphs[0]
            _layout(p, indent=None, line=Pt(14))
            font = H1_FONT if r == 0 else BODY_FONT
            set_font(p.add_run(cell_run.text), font, SIZE_5)
            if cell_run.href:
                q = cell.add_paragraph()
                _layout(q, indent=None, line=Pt(11))
                set_font(q.add_run(cell_run.href), BODY_FONT, Pt(7.5))

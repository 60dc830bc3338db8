"""Deterministic binary files: PDF, DOCX, XLSX attachments and PNG/JPG images.

The manifest records sha256 of every file, so each generator pins whatever
the library would otherwise take from the clock (PDF creation date, OOXML core
properties, ZIP member timestamps).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import random
import re
import zipfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

FIXED_DT = dt.datetime(2024, 1, 1, 8, 0, 0, tzinfo=dt.UTC)
_CJK_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    for p in _CJK_FONT_CANDIDATES:
        if Path(p).exists():
            return p
    log.warning("no CJK font found; PDFs and images fall back to Latin text")
    return None


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with fixed member timestamps and fixed core-property dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              rb"\g<1>2024-01-01T08:00:00Z\g<2>", blob)
            zi = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, blob)
    return out.getvalue()


# ---------------------------------------------------------------------------
# PDF


def make_pdf(seed: int, title: str, kind: str, unit: str = "青禾县民政局") -> bytes:
    from fpdf import FPDF

    rng = random.Random(f"{seed}:pdf:{title}")
    pdf = FPDF()
    pdf.set_creation_date(FIXED_DT)
    pdf.set_producer("GovWatch sample_site")
    pdf.add_page()
    font = cjk_font()
    if font:
        pdf.add_font("cjk", "", font)
        family = "cjk"
    else:
        family = "helvetica"

    def t(s: str) -> str:
        return s if font else s.encode("ascii", "replace").decode()

    if kind == "redhead":
        # A red header (发文机关标志), a red rule, and a red round seal: what the
        # REVIEW-REDHEAD rule looks for in attachments.
        pdf.set_text_color(220, 0, 0)
        pdf.set_font(family, size=30)
        pdf.cell(0, 22, t(f"{unit}文件"), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(220, 0, 0)
        pdf.set_line_width(1.2)
        pdf.line(15, 42, 195, 42)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(family, size=14)
        pdf.ln(10)
        pdf.multi_cell(0, 9, t(title), align="C", new_x="LMARGIN", new_y="NEXT")
        for _ in range(6):
            pdf.multi_cell(0, 8, t("各乡镇人民政府，县直各部门：请按照通知要求认真抓好落实，确保各项工作取得实效。"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(220, 0, 0)
        pdf.set_line_width(1.5)
        pdf.ellipse(130, 190, 50, 50)
        pdf.set_text_color(220, 0, 0)
        pdf.set_font(family, size=26)
        pdf.text(149, 221, "★")
        pdf.set_font(family, size=9)
        pdf.text(137, 203, t(unit))
    else:
        pdf.set_font(family, size=16)
        pdf.multi_cell(0, 10, t(title), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, size=11)
        for _ in range(rng.randint(4, 8)):
            pdf.multi_cell(0, 7, t("本材料由青禾县有关单位编制，供公众查阅参考。"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# ---------------------------------------------------------------------------
# DOCX / XLSX


def make_docx(seed: int, title: str) -> bytes:
    import docx

    rng = random.Random(f"{seed}:docx:{title}")
    d = docx.Document()
    cp = d.core_properties
    fixed = FIXED_DT.replace(tzinfo=None)
    cp.created = fixed
    cp.modified = fixed
    cp.last_printed = fixed
    cp.author = "青禾县人民政府"
    cp.last_modified_by = "青禾县人民政府"
    cp.revision = 1
    d.add_heading(title, level=1)
    for i in range(rng.randint(3, 6)):
        d.add_paragraph(f"{i + 1}．请各单位按要求如实填写有关信息，并于规定时间内报送。")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = ["序号", "项目名称", "备注"][c] if r == 0 else f"{r}" if c == 0 else ""
    buf = io.BytesIO()
    d.save(buf)
    return _normalize_zip(buf.getvalue())


def make_xlsx(seed: int, title: str, rows: list[list[str]] | None = None) -> bytes:
    import openpyxl

    rng = random.Random(f"{seed}:xlsx:{title}")
    wb = openpyxl.Workbook()
    fixed = FIXED_DT.replace(tzinfo=None)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "青禾县人民政府"
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append([title])
    if rows is None:
        ws.append(["序号", "项目", "数量", "金额（万元）"])
        for i in range(rng.randint(4, 10)):
            ws.append([i + 1, f"项目{i + 1}", rng.randint(1, 50), rng.randint(5, 900)])
    else:
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_zip(buf.getvalue())


# ---------------------------------------------------------------------------
# images


def _font(size: int):  # noqa: ANN202 - PIL font types vary by backend
    from PIL import ImageFont

    path = cjk_font()
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def make_image(seed: int, iid: int, kind: str, ext: str, label: str = "") -> bytes:
    from PIL import Image, ImageDraw

    rng = random.Random(f"{seed}:img:{iid}")
    if kind == "redhead":
        im = Image.new("RGB", (600, 820), "white")
        dr = ImageDraw.Draw(im)
        dr.text((300, 70), label or "青禾县公安局文件", fill=(220, 0, 0), font=_font(44), anchor="mm")
        dr.line((40, 130, 560, 130), fill=(220, 0, 0), width=4)
        for y in range(180, 560, 34):
            dr.rectangle((70, y, 70 + rng.randint(300, 460), y + 12), fill=(60, 60, 60))
        dr.ellipse((360, 560, 540, 740), outline=(220, 0, 0), width=7)
        dr.text((450, 650), "★", fill=(220, 0, 0), font=_font(60), anchor="mm")
    elif kind == "redphoto":
        im = Image.new("RGB", (640, 420), (70, 90, 120))
        dr = ImageDraw.Draw(im)
        dr.rectangle((0, 0, 640, 90), fill=(200, 20, 30))  # stage banner
        dr.text((320, 45), "庆祝建党节文艺汇演", fill=(255, 230, 120), font=_font(36), anchor="mm")
        for _ in range(40):  # audience
            x, y = rng.randint(0, 620), rng.randint(260, 400)
            dr.ellipse((x, y, x + 18, y + 18), fill=(rng.randint(20, 80),) * 3)
    else:
        im = Image.new("RGB", (480, 320), (150, 190, 230))
        dr = ImageDraw.Draw(im)
        dr.rectangle((0, 200, 480, 320), fill=(80, 150, 80))
        for _ in range(6):
            x, y = rng.randint(0, 440), rng.randint(150, 260)
            dr.rectangle((x, y, x + 40, y + 60), fill=(rng.randint(90, 200), 160, rng.randint(90, 200)))
    buf = io.BytesIO()
    if ext == "png":
        im.save(buf, format="PNG", optimize=False)
    else:
        im.save(buf, format="JPEG", quality=80)
    return buf.getvalue()

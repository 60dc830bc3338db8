"""The bulletin's files: .docx in the GB/T 9704 layout (rendered through LibreOffice when it is
installed), HTML and Markdown with crawled text kept as text."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from reports.bulletin import build_bulletin
from reports.document import Document, Run, cn_number
from reports.docx_writer import write_docx
from reports.period import PeriodError, parse_period
from reports.render import docx_to_pdf, pdf_page_to_png, soffice
from reports.text_writers import md_escape, render_html, render_markdown

HOSTILE = '<script>window.__xss=1</script><img src=x onerror="alert(1)">'


@pytest.mark.parametrize(("text", "first", "last", "label"), [
    ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), "2024年一季度"),
    ("2026q4", date(2026, 10, 1), date(2026, 12, 31), "2026年四季度"),
    ("2026-02", date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
    ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
    ("2026-01-05..2026-02-01", date(2026, 1, 5), date(2026, 2, 1), "2026年1月5日至2026年2月1日"),
])
def test_periods(text, first, last, label) -> None:
    p = parse_period(text)
    assert (p.first, p.last, p.label) == (first, last, label)


@pytest.mark.parametrize("bad", ["2024Q5", "2024-13", "Q1", "2026-02-01..2026-01-01", ""])
def test_bad_periods(bad) -> None:
    with pytest.raises(PeriodError):
        parse_period(bad)


@pytest.mark.parametrize(("n", "cn"), [(1, "一"), (9, "九"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一")])
def test_chinese_numbers(n, cn) -> None:
    assert cn_number(n) == cn


def hostile_document() -> Document:
    doc = Document("标题")
    doc.add("para", Run("县测试局发布的"), Run(f"《{HOSTILE}》", href="javascript:alert(1)"),
            Run("，见"), Run("链接", href="http://127.0.0.1/a?b=1&c=<2>"))
    return doc


def test_html_keeps_crawled_text_as_text() -> None:
    html = render_html(hostile_document())
    assert "<script>" not in html and "onerror=\"alert" not in html and "javascript:" not in html
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html


@pytest.mark.parametrize(("text", "want"), [
    ("2.政府网站", "2\\.政府网站"), ("1)项", "1\\)项"), ("# 标题", "\\# 标题"), ("-1", "\\-1"),
    ("a<b>c", "a\\<b\\>c"), ("[x](y)", "\\[x\\](y)"), ("*强调*", "\\*强调\\*"), ("2026-11-30", "2026-11-30"),
])
def test_markdown_escape(text, want) -> None:
    assert md_escape(text) == want


def test_markdown_keeps_crawled_text_as_text() -> None:
    md = render_markdown(hostile_document())
    assert "<script>" not in md and "javascript:" not in md and "\\<script\\>" in md


@pytest.fixture(scope="module")
def docx_file(report_db, sample_period, tmp_path_factory):
    db, _ = report_db
    bulletin = build_bulletin(db, sample_period, "sample", issued=date(2026, 12, 1))
    path = tmp_path_factory.mktemp("docx") / "bulletin.docx"
    write_docx(bulletin.document, path)
    return path, bulletin


def test_docx_layout(docx_file) -> None:
    from docx import Document as open_docx
    from docx.shared import Mm, Pt

    path, bulletin = docx_file
    d = open_docx(str(path))
    sec = d.sections[0]
    margins = (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    assert all(abs(m - Mm(want)) < Mm(0.1) for m, want in zip(margins, (37, 35, 28, 26), strict=True))
    title = d.paragraphs[0]
    assert title.text == bulletin.document.title and title.runs[0].font.size == Pt(22)
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        assert f'w:eastAsia="{font}"' in xml
    footers = "".join(zipfile.ZipFile(path).read(n).decode() for n in zipfile.ZipFile(path).namelist()
                      if n.startswith("word/footer"))
    assert 'w:instr="PAGE"' in footers and "— " in footers
    texts = [p.text for p in d.paragraphs]
    assert "一、总体情况" in texts and "二、存在的主要问题" in texts and "三、工作要求" in texts
    assert "青禾县人民政府办公室" in texts and "2026年12月1日" in texts
    assert texts[2].startswith("各乡、镇人民政府")


@pytest.mark.skipif(soffice() is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice or poppler-utils not installed (the Makefile's APT_PACKAGES installs both)")
def test_docx_renders_to_pdf_and_png(docx_file, tmp_path) -> None:
    path, bulletin = docx_file
    pdf = docx_to_pdf(path, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "总体情况" in text and "存在的主要问题" in text and "— 1 —" in text.replace("—1—", "— 1 —")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    # The GB/T 9704 faces come out as distinct CJK stand-ins, not one fallback for all.
    assert "UMing" in fonts and "UKai" in fonts and "NotoSerifCJK" in fonts
    png = pdf_page_to_png(pdf, tmp_path / "page1.png", dpi=80)
    assert png.stat().st_size > 10_000
    if os.environ.get("GOVWATCH_UPDATE_DOCS"):  # refresh the page kept in docs/
        shutil.copy(png, Path(__file__).resolve().parents[2] / "docs" / "bulletin-page1.png")
    from PIL import Image

    with Image.open(png) as im:
        w, h = im.size
        assert 1.38 < h / w < 1.45  # A4 portrait

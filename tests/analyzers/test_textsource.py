"""Text of input files for the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analyzers.textsource import SourceError, load

FIXTURES = Path(__file__).parent / "fixtures"


def test_txt_is_the_files_own_text(tmp_path: Path) -> None:
    raw = "关于做好工作的通知\r\n\r\n各单位，。请于10:30前报送。\n"
    p = tmp_path / "a.txt"
    p.write_bytes(raw.encode("utf-8"))
    doc = load(p)
    assert doc["body_text"] == raw
    assert doc["title"] is None


def test_txt_gb18030(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("昌宁县人民政府办公室".encode("gb18030"))
    assert load(p)["body_text"] == "昌宁县人民政府办公室"


def test_docx_paragraphs_and_tables(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("关于开展安全检查的通知")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "乡镇", "隐患数"
    t.cell(1, 0).text, t.cell(1, 1).text = "田园镇", "5"
    d.add_paragraph("特此通知。")
    p = tmp_path / "a.docx"
    d.save(p)
    assert load(p)["body_text"] == "关于开展安全检查的通知\n乡镇\t隐患数\n田园镇\t5\n特此通知。"


def test_xlsx_rows(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["乡镇", "金额", "日期"])
    ws.append(["田园镇", 12.0, dt.datetime(2024, 3, 5)])
    ws.append(["卡斯镇", 3.5, None])
    wb.create_sheet("第二页").append(["合计", 15.5])
    p = tmp_path / "a.xlsx"
    wb.save(p)
    assert load(p)["body_text"] == (
        "乡镇\t金额\t日期\n田园镇\t12\t2024-03-05\n卡斯镇\t3.5\n\n合计\t15.5"
    )


def test_pdf_text(tmp_path: Path) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Annual report 2024, version 1.2.")
    p = tmp_path / "a.pdf"
    pdf.output(str(p))
    doc = load(p)
    assert "Annual report 2024, version 1.2." in doc["body_text"]
    assert doc["meta"]["wrapped_lines"] is True


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("bad.pdf", b"%PDF-1.4 garbage", "PDF"),
        ("bad.docx", b"not a zip", "docx"),
        ("bad.xlsx", b"PK\x03\x04broken", "xlsx"),
        ("a.bin", b"xx", "unsupported file type"),
    ],
)
def test_unreadable_raises_source_error(
    tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(SourceError, match=needle):
        load(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        load(tmp_path / "nope.txt")


def test_html_uses_the_extractor() -> None:
    pytest.importorskip("crawler.extract.article")
    pytest.importorskip("crawler.extract.charset")
    doc = load(FIXTURES / "article_faults.html")
    assert "田园镇召开安全生产工作会议" in (doc["title"] or "")
    assert "，。" in doc["body_text"]
    assert "<table" in (doc["body_html"] or "")

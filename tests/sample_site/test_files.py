from __future__ import annotations

import hashlib
import io
import urllib.request
from typing import Any

import docx
import openpyxl
import pypdf
import pytest
from PIL import Image

from sample_site.faults import XLSX_IDS


def _atts(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for a in manifest["articles"]:
        for att in a["attachments"]:
            seen[att["url"]] = att
    return list(seen.values())


def test_attachments_match_manifest(server: Any, manifest: dict[str, Any]) -> None:
    atts = _atts(manifest)
    assert {a["url"].rsplit(".", 1)[1] for a in atts} >= {"pdf", "docx", "xlsx", "png"}
    for att in atts:
        with urllib.request.urlopen(att["url"], timeout=20) as r:
            data = r.read()
            assert r.headers["Content-Type"] == att["content_type"]
        assert hashlib.sha256(data).hexdigest() == att["sha256"]
        assert len(data) == att["size"]
        ext = att["url"].rsplit(".", 1)[1]
        if ext == "pdf":
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 1
        elif ext == "docx":
            assert docx.Document(io.BytesIO(data)).paragraphs
        elif ext == "xlsx":
            assert openpyxl.load_workbook(io.BytesIO(data)).active.max_row >= 2
        else:
            Image.open(io.BytesIO(data)).verify()


def test_privacy_xlsx_contains_ids(server: Any, manifest: dict[str, Any]) -> None:
    f = next(f for f in manifest["faults"] if f["rule"] == "REVIEW-PRIVACY" and "attachment" in f)
    with urllib.request.urlopen(f["attachment"], timeout=20) as r:
        ws = openpyxl.load_workbook(io.BytesIO(r.read())).active
    cells = {str(c.value) for row in ws.iter_rows() for c in row}
    assert f["evidence"] in cells and set(XLSX_IDS) <= cells


@pytest.mark.parametrize("kind", ["ok", "broken"])
def test_images(server: Any, manifest: dict[str, Any], kind: str) -> None:
    imgs = [i for a in manifest["articles"] for i in a["images"] if i["ok"] == (kind == "ok")]
    assert imgs
    for img in imgs[:20]:
        try:
            with urllib.request.urlopen(img["url"], timeout=10) as r:
                data, ctype = r.read(), r.headers["Content-Type"]
        except urllib.error.HTTPError:
            assert kind == "broken"
            continue
        good = bool(data) and ctype.startswith("image/")
        if good:
            Image.open(io.BytesIO(data)).verify()
        assert good == (kind == "ok"), img


def test_pdf_redhead_is_red(server: Any, manifest: dict[str, Any]) -> None:
    f = next(f for f in manifest["faults"] if f["rule"] == "REVIEW-REDHEAD" and str(f.get("attachment", "")).endswith(".pdf"))
    with urllib.request.urlopen(f["attachment"], timeout=20) as r:
        data = r.read()
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert b"0.8627 0 0 rg" in page.get_contents().get_data()  # RGB 220,0,0 fill: red header text


import urllib.error  # noqa: E402

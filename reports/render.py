"""Render a .docx to PDF (LibreOffice headless) and a PDF page to PNG (pdftoppm).

The GB/T 9704 fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体) are not free;
data/fonts.conf maps them to the free CJK fonts the Makefile installs, so the
rendering shows the intended faces rather than one fallback for all.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).resolve().parent / "data" / "fonts.conf"


class RenderError(RuntimeError):
    """LibreOffice or pdftoppm is missing or failed."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: str | Path, outdir: str | Path, timeout: int = 180) -> Path:
    exe = soffice()
    if exe is None:
        raise RenderError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    docx, outdir = Path(docx).resolve(), Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="govwatch-lo-") as profile:
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF), "HOME": profile}
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    pdf = outdir / (docx.stem + ".pdf")
    if done.returncode != 0 or not pdf.exists():
        raise RenderError(f"soffice failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    return pdf


def pdf_page_to_png(pdf: str | Path, png: str | Path, page: int = 1, dpi: int = 60) -> Path:
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise RenderError("pdftoppm is not installed: apt-get install poppler-utils")
    png = Path(png)
    prefix = png.with_suffix("")
    subprocess.run([exe, "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf), str(prefix)], check=True, capture_output=True, timeout=120)
    return png

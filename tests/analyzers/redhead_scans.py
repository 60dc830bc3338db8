"""Generated REVIEW-REDHEAD scans for the tests (helpers, no tests here).

The scans are drawn here with Pillow (no static fixtures): an A4-proportioned
page with a red 发文机关标志, a red rule, black body text and a red seal ring
with a star and arc text, in four classes (header only, seal only, both,
neither) and hard negatives (a photo with a red flag, a news screenshot with a
red headline, a page with a small red round logo in a corner, a page with
ordinary red text). Each is rendered as PNG, JPEG (quality 70) and PDF, at
three widths and four rotations.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

RED = (214, 16, 24)
SEAL_RED = (222, 30, 36)
INK = (30, 30, 30)
WIDTHS = (600, 1240, 2480)
ROTATIONS = (0, 2, -2, 90)
FORMATS = ("png", "jpg", "pdf")

# ---------------------------------------------------------------------------
# fonts


def _font_path(bold: bool) -> str | None:
    names = ("NotoSerifCJK-Bold.ttc",) if bold else ()
    names += ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc", "wqy-microhei.ttc")
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):
        for name in names:
            hits = sorted(root.rglob(name)) if root.exists() else []
            if hits:
                return str(hits[0])
    return None


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | None:
    path = _font_path(bold)
    return ImageFont.truetype(path, size) if path else None


def _text(
    dr: ImageDraw.ImageDraw,
    xy: tuple[float, float],
    s: str,
    size: int,
    fill: Any,
    bold: bool = False,
) -> None:
    """Centred text; without a CJK font each glyph is a filled block (same geometry)."""
    font = _font(size, bold)
    if font is not None:
        dr.text(xy, s, fill=fill, font=font, anchor="mm")
        return
    x0 = xy[0] - len(s) * size / 2
    for i in range(len(s)):
        gx = x0 + i * size
        dr.rectangle(
            (gx + size * 0.1, xy[1] - size * 0.4, gx + size * 0.9, xy[1] + size * 0.4), fill=fill
        )


# ---------------------------------------------------------------------------
# page elements (all sizes relative to the page width w)


def _page(w: int) -> tuple[Image.Image, ImageDraw.ImageDraw, int]:
    h = round(w * 297 / 210)
    im = Image.new("RGB", (w, h), (252, 252, 250))
    return im, ImageDraw.Draw(im), h


def _body(dr: ImageDraw.ImageDraw, w: int, y0: float, y1: float, rng: random.Random) -> None:
    size = max(10, round(w * 0.026))
    line = "各乡镇人民政府，县直各部门：现将有关事项通知如下，请认真贯彻落实。"
    y = y0
    while y < y1:
        n = rng.randint(14, 24)
        s = (line * 2)[rng.randint(0, 10) : rng.randint(0, 10) + n]
        font = _font(size)
        if font is not None:
            dr.text((w * 0.12, y), s, fill=INK, font=font)
        else:
            for i in range(len(s)):
                gx = w * 0.12 + i * size
                dr.rectangle((gx + 1, y + 2, gx + size - 2, y + size - 2), fill=INK)
        y += size * 1.9


def _header(dr: ImageDraw.ImageDraw, w: int, h: int, title: str = "青禾县人民政府文件") -> float:
    """发文机关标志 and the red rule; returns the y under the rule."""
    size = round(w * 0.075)
    _text(dr, (w / 2, h * 0.11), title, size, RED, bold=True)
    y = h * 0.19
    dr.line((w * 0.1, y, w * 0.9, y), fill=RED, width=max(2, round(w * 0.005)))
    _text(dr, (w / 2, h * 0.17), "青政发〔2026〕12号", max(10, round(w * 0.026)), INK)
    return y + h * 0.03


def _seal(
    im: Image.Image,
    cx: float,
    cy: float,
    r: float,
    name: str = "青禾县人民政府",
    color: Any = SEAL_RED,
) -> None:
    """A round seal: ring, star in the centre, the unit's name along the upper arc."""
    dr = ImageDraw.Draw(im)
    t = max(2, round(r * 0.07))
    dr.ellipse((cx - r, cy - r, cx + r, cy + r), outline=color, width=t)
    # Five-pointed star.
    pts = []
    for k in range(10):
        rad = r * (0.3 if k % 2 == 0 else 0.12)
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    dr.polygon(pts, fill=color)
    size = max(8, round(r * 0.22))
    font = _font(size, bold=True)
    n = len(name)
    for i, ch in enumerate(name):
        ang = math.radians(-150 + 120 * i / max(1, n - 1))  # upper arc, left to right
        gx, gy = cx + 0.72 * r * math.cos(ang), cy + 0.72 * r * math.sin(ang)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        gd = ImageDraw.Draw(glyph)
        if font is not None:
            gd.text((size, size), ch, fill=255, font=font, anchor="mm")
        else:
            gd.rectangle((size * 0.6, size * 0.6, size * 1.4, size * 1.4), fill=255)
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.Resampling.BICUBIC)
        im.paste(color, (round(gx - size), round(gy - size)), glyph)


# ---------------------------------------------------------------------------
# classes: (header expected, seal expected, drawer)


def _draw_header(w: int, rng: random.Random) -> Image.Image:
    im, dr, h = _page(w)
    y = _header(dr, w, h)
    _body(dr, w, y, h * 0.85, rng)
    return im


def _draw_seal(w: int, rng: random.Random) -> Image.Image:
    im, dr, h = _page(w)
    _text(dr, (w / 2, h * 0.08), "关于做好冬春救助工作的通知", round(w * 0.04), INK, bold=True)
    _body(dr, w, h * 0.13, h * 0.62, rng)
    _text(dr, (w * 0.7, h * 0.72), "2026年11月20日", round(w * 0.026), INK)
    _seal(im, w * 0.7, h * 0.7, w * 0.1)
    return im


def _draw_both(w: int, rng: random.Random) -> Image.Image:
    im, dr, h = _page(w)
    y = _header(dr, w, h, "青禾县民政局文件")
    _body(dr, w, y, h * 0.6, rng)
    _text(dr, (w * 0.68, h * 0.7), "2026年11月20日", round(w * 0.026), INK)
    _seal(im, w * 0.68, h * 0.69, w * 0.105, "青禾县民政局")
    return im


def _draw_plain(w: int, rng: random.Random) -> Image.Image:
    im, dr, h = _page(w)
    _text(dr, (w / 2, h * 0.1), "青禾县人民政府文件", round(w * 0.075), INK, bold=True)
    dr.line((w * 0.1, h * 0.19, w * 0.9, h * 0.19), fill=INK, width=max(2, round(w * 0.005)))
    _body(dr, w, h * 0.22, h * 0.85, rng)
    return im


def _draw_photo(w: int, rng: random.Random) -> Image.Image:
    """An event photo, portrait 3:4 (page-like proportions on purpose): sky
    gradient, a big red flag, red lanterns, ground, and sensor noise."""
    h = round(w * 4 / 3)
    y = np.linspace(0, 1, h)[:, None, None]
    sky = np.array([120, 170, 225]) * (1 - y) + np.array([235, 235, 240]) * y
    a = np.broadcast_to(sky, (h, w, 3)).copy()
    im = Image.fromarray(a.astype(np.uint8))
    dr = ImageDraw.Draw(im)
    dr.rectangle((w * 0.15, h * 0.08, w * 0.85, h * 0.38), fill=(205, 18, 30))  # the flag
    dr.rectangle((w * 0.2, h * 0.12, w * 0.3, h * 0.18), fill=(250, 220, 0))  # its star, roughly
    for i in range(5):  # lanterns
        cx, cy, r = w * (0.1 + 0.2 * i), h * 0.5, w * 0.06
        dr.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(220, 20, 20))
    dr.rectangle((0, h * 0.7, w, h), fill=(90, 110, 80))
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 12, (h, w, 3))
    return Image.fromarray(np.clip(np.asarray(im) + noise, 0, 255).astype(np.uint8))


def _draw_screenshot(w: int, rng: random.Random) -> Image.Image:
    """A news page screenshot, 16:9: red site bar, red centred headline, text, a logo."""
    h = round(w * 9 / 16)
    im = Image.new("RGB", (w, h), "white")
    dr = ImageDraw.Draw(im)
    dr.rectangle((0, 0, w, h * 0.1), fill=(190, 20, 25))
    _text(dr, (w / 2, h * 0.2), "青禾县召开冬季安全生产工作会议", round(w * 0.04), RED, bold=True)
    dr.line((w * 0.1, h * 0.27, w * 0.9, h * 0.27), fill=RED, width=max(2, round(w * 0.003)))
    _body(dr, w, h * 0.32, h * 0.9, rng)
    _seal(im, w * 0.05, h * 0.05, h * 0.035, "青禾", color=(255, 255, 255))
    return im


def _draw_logo(w: int, rng: random.Random) -> Image.Image:
    """A plain document with the unit's small red round logo in the top-left corner."""
    im, dr, h = _page(w)
    _seal(im, w * 0.09, w * 0.09, w * 0.035, "青禾县")
    _text(dr, (w / 2, h * 0.1), "青禾县应急管理局工作简报", round(w * 0.045), INK, bold=True)
    _body(dr, w, h * 0.16, h * 0.85, rng)
    return im


def _draw_redtext(w: int, rng: random.Random) -> Image.Image:
    """A printed news page: a red headline of body size and a red sentence in the text."""
    im, dr, h = _page(w)
    _text(dr, (w / 2, h * 0.08), "青禾县开展冬季送温暖活动", round(w * 0.032), RED, bold=True)
    _body(dr, w, h * 0.13, h * 0.4, rng)
    _text(dr, (w / 2, h * 0.44), "请各单位于12月1日前报送材料。", round(w * 0.026), RED)
    _body(dr, w, h * 0.48, h * 0.85, rng)
    return im


@dataclass(frozen=True)
class Kind:
    name: str
    header: bool
    seal: bool
    draw: Callable[[int, random.Random], Image.Image]

    @property
    def positive(self) -> bool:
        return self.header or self.seal


KINDS = (
    Kind("header", True, False, _draw_header),
    Kind("seal", False, True, _draw_seal),
    Kind("both", True, True, _draw_both),
    Kind("plain", False, False, _draw_plain),
    Kind("photo", False, False, _draw_photo),
    Kind("screenshot", False, False, _draw_screenshot),
    Kind("logo", False, False, _draw_logo),
    Kind("redtext", False, False, _draw_redtext),
)
BY_NAME = {k.name: k for k in KINDS}


def _rotate(im: Image.Image, deg: int) -> Image.Image:
    if deg == 90:
        return im.transpose(Image.Transpose.ROTATE_90)
    if deg == 0:
        return im
    # A scanner's background is white; a slight skew widens the image.
    return im.rotate(deg, resample=Image.Resampling.BILINEAR, expand=True, fillcolor="white")


def encode(im: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    if fmt == "png":
        im.save(buf, format="PNG", compress_level=0)  # stored: keeps the big set quick
    elif fmt == "jpg":
        im.save(buf, format="JPEG", quality=70)
    else:
        # An image-only PDF: what a scanner or 'print to PDF' of a scan produces.
        im.save(buf, format="PDF", resolution=round(im.width / 8.27))
    return buf.getvalue()


@lru_cache(maxsize=6)
def _base(kind: str, width: int) -> Image.Image:
    return BY_NAME[kind].draw(width, random.Random(f"{kind}:{width}"))


def scan(kind: str, width: int, deg: int, fmt: str) -> bytes:
    return encode(_rotate(_base(kind, width), deg), fmt)


"""REVIEW-REDHEAD on generated scans, the sample portal's files and the CLI.

The scans are drawn here with Pillow (no static fixtures): an A4-proportioned
page with a red 发文机关标志, a red rule, black body text and a red seal ring
with a star and arc text, in four classes (header only, seal only, both,
neither) and hard negatives (a photo with a red flag, a news screenshot with a
red headline, a page with a small red round logo in a corner, a page with
ordinary red text). Each is rendered as PNG, JPEG (quality 70) and PDF, at
three widths and four rotations, and judged through the same path the rule
uses for stored files (``pages_from_bytes``).
"""

from __future__ import annotations

import io
import json
import math
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from analyzers.model import Severity
from analyzers.redhead import (
    RedheadResult,
    RedheadRule,
    content_kind,
    detect_redhead,
    pages_from_bytes,
)
from analyzers.registry import BY_CODE
from tests.analyzers.conftest import article, run_cli

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


def judge(data: bytes, fmt: str) -> RedheadResult:
    """The file as the rule sees a stored file: decoded / rendered, page 1."""
    pages = pages_from_bytes(data, "pdf" if fmt == "pdf" else "image")
    return detect_redhead(pages[0][1])


Case = tuple[str, int, int, str]  # kind, width, rotation, format


@pytest.fixture(scope="module")
def results() -> dict[Case, RedheadResult]:
    """Every kind × width × rotation × format, judged once for all tests below."""
    out: dict[Case, RedheadResult] = {}
    for k in KINDS:
        for w in WIDTHS:
            # Drawn per size (not scaled) so strokes are as thin as a real scan's.
            page = k.draw(w, random.Random(f"{k.name}:{w}"))
            for d in ROTATIONS:
                im = _rotate(page, d)
                for f in FORMATS:
                    out[(k.name, w, d, f)] = judge(encode(im, f), f)
    return out


# ---------------------------------------------------------------------------
# the generated set


def test_generated_set_precision_and_recall(
    results: dict[Case, RedheadResult],
) -> None:
    tp = sum(1 for c, r in results.items() if BY_NAME[c[0]].positive and r.found)
    fp = sum(1 for c, r in results.items() if not BY_NAME[c[0]].positive and r.found)
    fn = sum(1 for c, r in results.items() if BY_NAME[c[0]].positive and not r.found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    wrong = sorted(c for c, r in results.items() if r.found != BY_NAME[c[0]].positive)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, wrong)


@pytest.mark.parametrize("kind", [k.name for k in KINDS])
def test_per_class(kind: str, results: dict[Case, RedheadResult]) -> None:
    """Which of the two is found, per class: at least 95 % of the variants exactly right."""
    k = BY_NAME[kind]
    mine = {c: r for c, r in results.items() if c[0] == kind}
    wrong = sorted(c for c, r in mine.items() if (r.header, r.seal) != (k.header, k.seal))
    assert len(wrong) <= 0.05 * len(mine), wrong


@pytest.mark.parametrize("kind", ["photo", "screenshot", "logo", "redtext", "plain"])
def test_hard_negatives_never_trip(kind: str, results: dict[Case, RedheadResult]) -> None:
    assert not [c for c, r in results.items() if c[0] == kind and r.found]


def _spaced_header(w: int, rng: random.Random) -> Image.Image:
    """A letter-spaced 发文机关标志 in a big font, with no red rule under it."""
    im, dr, h = _page(w)
    _text(dr, (w / 2, h * 0.1), "青 禾 县 文 件", round(w * 0.08), RED, bold=True)
    _body(dr, w, h * 0.2, h * 0.8, rng)
    return im


def _faded_seal(w: int, rng: random.Random) -> Image.Image:
    """A stamp with three patches of the ring missing (about a fifth of it)."""
    im = _draw_seal(w, rng)
    dr = ImageDraw.Draw(im)
    cx, cy, r = w * 0.7, round(w * 297 / 210) * 0.7, w * 0.1 + 10
    for a0 in (20, 150, 260):
        dr.pieslice((cx - r, cy - r, cx + r, cy + r), a0, a0 + 22, fill=(252, 252, 250))
    return im


def _headline_rule(w: int, rng: random.Random) -> Image.Image:
    """A web article printed to PDF: red headline of body size with a red line under it."""
    im, dr, h = _page(w)
    _text(dr, (w / 2, h * 0.08), "青禾县开展冬季送温暖活动", round(w * 0.032), RED, bold=True)
    dr.line((w * 0.1, h * 0.11, w * 0.9, h * 0.11), fill=RED, width=max(2, round(w * 0.004)))
    _body(dr, w, h * 0.13, h * 0.8, rng)
    return im


@pytest.mark.parametrize(
    ("draw", "expected"),
    [
        (_spaced_header, (True, False)),
        (_faded_seal, (False, True)),
        (_headline_rule, (False, False)),
    ],
)
@pytest.mark.parametrize("fmt", ["png", "jpg"])
def test_variants(
    draw: Callable[[int, random.Random], Image.Image], expected: tuple[bool, bool], fmt: str
) -> None:
    r = judge(encode(draw(1240, random.Random(3)), fmt), fmt)
    assert (r.header, r.seal) == expected, r


def test_boxes_point_at_the_drawn_parts() -> None:
    w = 1240
    r = detect_redhead(np.asarray(_base("both", w)))
    h = round(w * 297 / 210)
    assert r.header and r.seal and r.rule_line and r.rotation == 0
    assert r.header_box is not None and r.seal_box is not None
    hx0, hy0, hx1, hy1 = r.header_box
    assert hy0 < h * 0.11 < hy1 and hy1 <= h * 0.2 + 5 and hx0 < w / 2 < hx1
    sx0, sy0, sx1, sy1 = r.seal_box
    cx, cy, rad = w * 0.68, h * 0.69, w * 0.105
    assert abs((sx0 + sx1) / 2 - cx) < 0.1 * rad and abs((sy0 + sy1) / 2 - cy) < 0.1 * rad
    assert abs((sx1 - sx0) / 2 - rad) < 0.15 * rad


def test_sideways_scan_boxes_map_back() -> None:
    """A page scanned at 90°: the header is found after turning it, its box is in the input's pixels."""
    im = _rotate(_base("header", 1240), 90)  # counter-clockwise: the header is on the left
    r = detect_redhead(np.asarray(im))
    assert r.header and r.rotation in (90, 270)
    assert r.header_box is not None
    x0, y0, x1, y1 = r.header_box
    assert x1 < im.width * 0.3 and y1 - y0 > im.height * 0.5


def test_gray_rgba_and_tiny_inputs() -> None:
    page = np.asarray(_base("both", 600))
    gray = page.mean(axis=2).astype(np.uint8)
    assert not detect_redhead(gray).found  # a gray scan has no red
    rgba = np.dstack([page, np.full(page.shape[:2], 255, np.uint8)])
    assert detect_redhead(rgba).header
    assert not detect_redhead(page[::4, ::4]).page_like  # 150 px wide: an icon, not a page
    with pytest.raises(ValueError):
        detect_redhead(np.zeros((10, 10, 2), np.uint8))


# ---------------------------------------------------------------------------
# the rule


def _doc(**kw: Any) -> dict[str, Any]:
    return article("现将有关通知印发如下。", **kw)


def test_rule_is_registered_with_severity_from_rules_md() -> None:
    assert BY_CODE["REVIEW-REDHEAD"] is RedheadRule
    assert RedheadRule.severity is Severity.DEDUCT and RedheadRule.problem_class == "REVIEW"


def test_rule_on_body_image_with_given_pages() -> None:
    """Pages attached to the entry: check() reads nothing."""
    page = np.asarray(_base("both", 1240))
    src = "http://www.example.gov.cn/img/504.png"
    doc = _doc(images=[{"src": src, "alt": "通知扫描件", "sha256": "ab" * 32, "pages": [page]}])
    [f] = RedheadRule().check(doc)
    assert f.rule == "REVIEW-REDHEAD" and f.severity is Severity.DEDUCT
    assert f.evidence.text == src and f.evidence.field == f"image:{src}"
    assert "红头" in f.message and "红章" in f.message and src in f.message
    assert "位于(" in f.message and "第1页" not in f.message  # one image: no page numbers
    assert f.extra["header"] and f.extra["seal"]
    assert f.extra["pages"][0]["header_box"] and f.extra["pages"][0]["seal_box"]
    assert "撤下" in f.suggestion


def test_rule_on_pdf_attachment_reports_pages_via_loader() -> None:
    """A multi-page PDF: header on page 1, seal on page 3; the loader stands in for the file store."""
    pages = [
        np.asarray(_base("header", 1240)),
        np.asarray(_base("plain", 1240)),
        np.asarray(_base("seal", 1240)),
    ]
    att = {
        "url": "http://x/files/101.pdf",
        "name": "附件1：冬春救助工作通知.pdf",
        "sha256": "cd" * 32,
        "content_type": "application/pdf",
        "path": "/nonexistent",
    }
    calls: list[Mapping[str, Any]] = []

    def loader(entry: Mapping[str, Any]) -> list[tuple[int, np.ndarray]]:
        calls.append(entry)
        return list(enumerate(pages, start=1))

    rule = RedheadRule(loader=loader)
    [f] = rule.check(_doc(attachments=[att]))
    assert f.evidence.text == att["name"] and f.evidence.field == f"attachment:{att['name']}"
    assert "第1页红头位于" in f.message and "；第3页红章位于" in f.message
    assert "带红头和红章" in f.message
    assert [p["page"] for p in f.extra["pages"]] == [1, 3]
    # The same file in a second article is judged from the cache (by sha256).
    list(rule.check(_doc(attachments=[att])))
    assert len(calls) == 1


def test_rule_skips_clean_unsupported_and_failed_entries(tmp_path: Path) -> None:
    clean = np.asarray(_base("plain", 600))
    doc = _doc(
        images=[
            {"src": "http://x/a.jpg", "pages": [clean]},
            {"src": "http://x/b.jpg", "error": "http_404"},
        ],
        attachments=[
            {"url": "http://x/c.docx", "name": "c.docx", "path": str(tmp_path / "c")},
            {"url": "http://x/d.pdf", "name": "d.pdf", "path": str(tmp_path / "missing.pdf")},
        ],
    )
    assert list(RedheadRule().check(doc)) == []


def test_rule_reads_the_stored_file_and_checks_its_hash(tmp_path: Path) -> None:
    import hashlib

    data = scan("header", 1240, 0, "jpg")
    digest = hashlib.sha256(data).hexdigest()
    stored = tmp_path / digest[:2] / digest
    stored.parent.mkdir()
    stored.write_bytes(data)
    img = {"src": "http://x/img/1.jpg", "sha256": digest, "size": len(data),
           "content_type": "image/jpeg", "path": str(stored)}  # fmt: skip
    [f] = RedheadRule().check(_doc(images=[img]))
    assert f.extra["header"] and not f.extra["seal"] and "带红头的公文" in f.message
    # A file that is not the one the crawl recorded is not judged.
    tampered = {**img, "sha256": "0" * 64}
    assert list(RedheadRule().check(_doc(images=[tampered]))) == []


def test_content_kind() -> None:
    assert content_kind({"content_type": "application/pdf"}) == "pdf"
    assert content_kind({"content_type": "image/png"}) == "image"
    assert content_kind({"content_type": "application/zip", "name": "a.pdf"}) is None
    assert content_kind({"name": "附件.PDF"}) == "pdf"
    assert content_kind({"src": "http://x/a.jpg?x=1"}) == "image"
    assert content_kind({"name": "a.docx"}) is None


# ---------------------------------------------------------------------------
# the sample portal's seeded faults


def test_sample_portal_faults_and_near_miss() -> None:
    from sample_site.manifest import build_manifest
    from sample_site.model import build_site
    from sample_site.render import render

    model = build_site()
    faults = [f for f in build_manifest(model)["faults"] if f["rule"] == "REVIEW-REDHEAD"]
    assert {f["kind"] for f in faults} == {"fault", "near_miss"}
    for f in faults:
        href = f.get("attachment") or f["evidence"]
        resp = render(model, href)
        assert resp.status == 200, href
        kind = "pdf" if href.endswith(".pdf") else "image"
        found = [detect_redhead(p).found for _, p in pages_from_bytes(resp.body, kind)]
        assert any(found) is (f["kind"] == "fault"), f
    # Precision on the portal: no other body image or PDF/image attachment trips it.
    redhead_files = {f.get("attachment") or f["evidence"] for f in faults if f["kind"] == "fault"}
    others = [i.url for i in model.images.values() if i.ok] + [
        a.url for a in model.attachments.values() if a.ext in ("pdf", "png", "jpg")
    ]
    for href in others:
        if href in redhead_files:
            continue
        kind = "pdf" if href.endswith(".pdf") else "image"
        pages = pages_from_bytes(render(model, href).body, kind)
        assert not any(detect_redhead(p).found for _, p in pages), href


# ---------------------------------------------------------------------------
# the command line


def test_cli_checks_png_jpg_and_pdf(tmp_path: Path) -> None:
    png = tmp_path / "scan.png"
    png.write_bytes(scan("both", 1240, 0, "png"))
    jpg = tmp_path / "photo.jpg"
    jpg.write_bytes(scan("photo", 1240, 0, "jpg"))
    pdf = tmp_path / "doc.pdf"
    pdf.write_bytes(scan("header", 1240, 2, "pdf"))
    r = run_cli("check", str(png), str(jpg), str(pdf), "--rules", "REVIEW-REDHEAD", "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    by_path = {o["path"]: o for o in out}
    assert set(by_path) == {str(png), str(pdf)}
    assert by_path[str(png)]["evidence"]["field"] == "file:scan.png"
    assert "带红头和红章" in by_path[str(png)]["message"]
    assert "第1页红头位于" in by_path[str(pdf)]["message"]
    # All rules together still run on an image (the text rules see an empty body).
    r = run_cli("check", str(png))
    assert r.returncode == 0, r.stderr
    assert "REVIEW-REDHEAD (deduct)" in r.stdout


def test_cli_reports_a_corrupt_image_as_unreadable(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    r = run_cli("check", str(bad))
    assert r.returncode == 2
    assert "bad.png" in r.stderr


def test_runner_on_the_crawled_portal(request: pytest.FixtureRequest) -> None:
    """`analyzers run` path: the rule reads the files the crawl stored; P = R = 1.0."""
    from datetime import date

    from analyzers import runner

    try:
        db, manifest = request.getfixturevalue("crawled_sample_db")
    except pytest.FixtureLookupError:
        pytest.skip("crawled_sample_db fixture (tests/conftest.py) not available")
    summary = runner.run(db, rules="REVIEW-REDHEAD", today=date.fromisoformat(manifest["today"]))
    assert not summary.errors
    found = list(db.findings.find({"rule": "REVIEW-REDHEAD", "status": "open"}))
    faults = [f for f in manifest["faults"] if f["rule"] == "REVIEW-REDHEAD"]
    expected = {f["url"].rstrip("/") for f in faults if f["kind"] == "fault"}
    assert {f["target"].rstrip("/") for f in found} == expected
    for fault in faults:
        if fault["kind"] != "fault":
            continue
        [hit] = [f for f in found if f["target"].rstrip("/") == fault["url"].rstrip("/")]
        assert fault["evidence"] in hit["evidence"]["text"]
        assert hit["severity"] == "deduct" and hit["extra"]["pages"]

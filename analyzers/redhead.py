"""REVIEW-REDHEAD: 红头红章文件 published as a body image or a PDF / image attachment.

Two layers:

- :func:`detect_redhead` is pure: one page image (a numpy array) in, a
  :class:`RedheadResult` out — whether a red header (发文机关标志, usually with
  the red rule under it) and/or a red round seal is on the page, where, and
  how sure.
- :class:`RedheadRule` turns the per-page results of the images and
  attachments of an article into findings.

Where the pixels come from (the I/O question). Rules are pure and the runner
feeds them MongoDB documents, which hold no pixels; carrying decoded pages
through MongoDB or the runner for every article would cost memory for the
95 % of articles without images. So the rule takes its pages from, in order:

1. ``item["pages"]``: page images (``numpy`` arrays, page 1 first) that the
   caller attached to an ``images`` / ``attachments`` entry or to
   ``doc["source_file"]``. Nothing is read: the test suite and any caller
   that has the pixels already use this path, and ``check`` is then pure.
2. otherwise the ``loader`` given to the rule (default
   :func:`load_stored_pages`), which reads the file the crawler's files
   pipeline stored at ``item["path"]`` (``data/files/<sha[:2]>/<sha>``,
   content-addressed, local, read-only). It never touches the network, and it
   checks the bytes against ``item["sha256"]`` so the evidence is about the
   file the crawl recorded. This is the one sanctioned exception to "no I/O
   in a rule": it reads crawled data by its hash, like a projection of a
   field too large to keep in the document. Results are cached per sha256 for
   the life of the rule instance (one run), so an image shared by many
   articles is decoded once.

``python -m analyzers check scan.png doc.pdf`` loads each file as a document
whose ``source_file`` names the file itself (analyzers/textsource.py), so the
same rule judges it.

Detection is tuned for precision: everything is gated on a page-like image
(document aspect ratio, mostly white paper, some dark body text), the header
needs text-like red glyphs in a wide centred band in the top ~30 % plus either
the red rule under it or a large font, and a seal needs a red ring whose
outline is red all round, a clean outside and red marks (star, text) inside.
Circle detection alone also fires on red header glyphs; the ring check is
what makes a seal.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import cv2
import numpy as np

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule
from analyzers.textsource import IMAGE_TYPES

log = logging.getLogger(__name__)

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the input image's pixels

# --- working resolution -----------------------------------------------------
#: Long side the page is reduced to before analysis: keeps a 2480×3508 scan
#: as fast as a 600 px one and makes the pixel thresholds scale-free.
WORK_LONG_SIDE = 1400
#: Smaller images are icons, avatars and buttons, never a readable page.
MIN_SHORT_SIDE = 240

# --- page-likeness ------------------------------------------------------------
#: long/short side of a page: A4 1.414, Letter 1.29, 16K 1.38, with margin for
#: scanner crops and the expand of a slightly rotated scan. Screenshots of web
#: pages (16:9, or long phone captures) fall outside.
PAGE_RATIO = (1.2, 1.62)
#: Share of paper-white pixels (low saturation, bright) in the page's interior.
MIN_PAPER = 0.6
#: Share of dark ink pixels: a document has body text, a red poster does not.
MIN_INK = 0.002

# --- red ----------------------------------------------------------------------
# OpenCV hue is 0..179; red wraps around 0, so both ends are taken.
RED_HUE_LOW = 10
RED_HUE_HIGH = 160
RED_MIN_SAT = 80
RED_MIN_VAL = 70

# --- header -------------------------------------------------------------------
HEADER_TOP = 0.30  # the band must start in the top 30 % of the page
HEADER_BOTTOM = 0.38  # ... and end above 38 % (a big two-line 发文机关标志)
BAND_MIN_WIDTH = 0.25  # of page width
BAND_HEIGHT = (0.012, 0.12)  # of page height
BAND_FILL = (0.06, 0.7)  # red share of the band's box: glyphs, not a solid bar
BAND_MAX_OFFCENTRE = 0.2  # of page width: 发文机关标志 is centred
BAND_MIN_GLYPHS = 3
#: Smallest 发文机关标志 glyph height (~7 mm on A4, a 2号 font). A web page's red
#: headline printed to PDF, with a red line under it, stays below.
BAND_MIN_FONT = 0.024  # of page height
BAND_BIG_FONT = 0.036  # of page height (~11 mm on A4): a header this big needs no rule
RULE_MIN_SEGMENT = 0.3  # of page width (a rule broken by a star is two segments)
RULE_MIN_TOTAL = 0.5
RULE_MAX_THICK = 0.015  # of page height
RULE_MAX_GAP = 0.2  # of page height between the band's bottom and the rule

# --- seal ---------------------------------------------------------------------
SEAL_RADIUS = (0.05, 0.22)  # of page width (seals are 38–45 mm on a 210 mm page)
SEAL_MIN_COVERAGE = 0.75  # share of directions in which the outline is red (stamps fade)
SEAL_INSIDE = (0.015, 0.5)  # red share inside the ring: a star/text, not a disc
SEAL_MAX_OUTSIDE = 0.15  # red share just outside the ring
SEAL_MAX_THICK = 0.25  # ring thickness / radius
HOUGH_PAGE_WIDTH = 500  # px: page width circles are searched at
MAX_CIRCLES = 20  # Hough candidates checked per page
_ANGLES = np.linspace(0.0, 2 * math.pi, 72, endpoint=False)


@dataclass(frozen=True, slots=True)
class RedheadResult:
    """What one page image shows. Boxes are in the input image's pixels."""

    header: bool = False
    seal: bool = False
    header_box: Box | None = None
    seal_box: Box | None = None
    header_score: float = 0.0
    seal_score: float = 0.0
    page_like: bool = False
    # Degrees the page was turned (counter-clockwise) to read the header
    # upright: 0, or 90 / 270 for a page scanned sideways.
    rotation: int = 0
    size: tuple[int, int] = (0, 0)  # width, height of the input
    rule_line: bool = False  # the red rule under the header was seen

    @property
    def found(self) -> bool:
        return self.header or self.seal

    def to_dict(self) -> dict[str, Any]:
        return {
            "header": self.header,
            "seal": self.seal,
            "header_box": list(self.header_box) if self.header_box else None,
            "seal_box": list(self.seal_box) if self.seal_box else None,
            "header_score": round(self.header_score, 3),
            "seal_score": round(self.seal_score, 3),
            "rotation": self.rotation,
            "rule_line": self.rule_line,
            "size": list(self.size),
        }


@dataclass(frozen=True, slots=True)
class _Header:
    box: Box  # in the rotated working image
    score: float
    rule_line: bool


@dataclass(frozen=True, slots=True)
class _Seal:
    cx: float
    cy: float
    r: float
    score: float


def _as_rgb(image: np.ndarray) -> np.ndarray:
    """H×W×3 uint8 RGB from gray, RGB or RGBA (alpha composited on white)."""
    a = np.asarray(image)
    if a.dtype != np.uint8:
        a = np.clip(a, 0, 255).astype(np.uint8)
    if a.ndim == 2:
        return np.repeat(a[:, :, None], 3, axis=2)
    if a.ndim != 3 or a.shape[2] not in (3, 4):
        raise ValueError(f"expected an H×W, H×W×3 or H×W×4 image, got shape {a.shape}")
    if a.shape[2] == 4:
        # Transparent PNG scans are common; transparent pixels show as the page's white.
        alpha = a[:, :, 3:4].astype(np.float32) / 255.0
        rgb = a[:, :, :3].astype(np.float32) * alpha + 255.0 * (1.0 - alpha)
        return rgb.astype(np.uint8)
    return a


def red_mask(hsv: np.ndarray) -> np.ndarray:
    """Saturated red pixels (both hue ends) of an OpenCV HSV image, as bool."""
    h, s, v = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    return ((h <= RED_HUE_LOW) | (h >= RED_HUE_HIGH)) & (s >= RED_MIN_SAT) & (v >= RED_MIN_VAL)


def detect_redhead(image: np.ndarray) -> RedheadResult:
    """Red header and red seal on one page image (H×W×3 RGB uint8; gray/RGBA accepted).

    Pure and deterministic. A page that is not page-like (aspect ratio,
    white paper, body ink) is reported with ``page_like=False`` and nothing
    found: photos, banners and web screenshots never trip the rule.
    """
    rgb = _as_rgb(image)
    h0, w0 = rgb.shape[:2]
    neg = RedheadResult(size=(w0, h0))
    if min(h0, w0) < MIN_SHORT_SIDE:
        return neg
    ratio = max(h0, w0) / min(h0, w0)
    if not PAGE_RATIO[0] <= ratio <= PAGE_RATIO[1]:
        return neg
    scale = min(1.0, WORK_LONG_SIDE / max(h0, w0))
    if scale < 1.0:
        small = cv2.resize(
            rgb, (round(w0 * scale), round(h0 * scale)), interpolation=cv2.INTER_AREA
        )
    else:
        small = rgb
    h, w = small.shape[:2]
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    # Judge paper on the interior: scanner borders and rotation wedges are not the page.
    my, mx = h // 20, w // 20
    inner = hsv[my : h - my, mx : w - mx]
    paper = (inner[:, :, 1] <= 50) & (inner[:, :, 2] >= 185)
    ink = (inner[:, :, 2] <= 110) & (inner[:, :, 1] <= 120)
    if paper.mean() < MIN_PAPER or ink.mean() < MIN_INK:
        return neg
    red = red_mask(hsv).astype(np.uint8)

    # Portrait pages are read as they are; a landscape page-shaped image is a
    # page scanned sideways, so the header is looked for after turning it.
    turns = (0,) if h >= w else (1, 3)
    best: tuple[int, _Header] | None = None
    for k in turns:
        hd = _find_header(np.rot90(red, k) if k else red)
        if hd is not None and (best is None or hd.score > best[1].score):
            best = (k, hd)
    seal = _find_seal(red, min(h, w))

    header_box = None
    header_score = 0.0
    rotation = 0
    rule_line = False
    if best is not None:
        k, hd = best
        header_box = _to_input(_unrotate(hd.box, k, w, h), scale, w0, h0)
        header_score = hd.score
        rotation = 90 * k
        rule_line = hd.rule_line
    seal_box = None
    if seal is not None:
        b = (seal.cx - seal.r, seal.cy - seal.r, seal.cx + seal.r, seal.cy + seal.r)
        seal_box = _to_input(tuple(round(v) for v in b), scale, w0, h0)  # type: ignore[arg-type]
    return RedheadResult(
        header=best is not None,
        seal=seal is not None,
        header_box=header_box,
        seal_box=seal_box,
        header_score=header_score,
        seal_score=seal.score if seal else 0.0,
        page_like=True,
        rotation=rotation,
        size=(w0, h0),
        rule_line=rule_line,
    )


def _unrotate(box: Box, k: int, w: int, h: int) -> Box:
    """A box found in ``np.rot90(img, k)`` mapped back onto ``img`` (h×w)."""
    x0, y0, x1, y1 = box
    if k == 1:  # rot90 CCW: rotated (row i, col j) is original (row j, col w-1-i)
        return (w - 1 - y1, x0, w - 1 - y0, x1)
    if k == 3:  # rot90 CW: rotated (row i, col j) is original (row h-1-j, col i)
        return (y0, h - 1 - x1, y1, h - 1 - x0)
    return box


def _to_input(box: Box, scale: float, w0: int, h0: int) -> Box:
    x0, y0, x1, y1 = box
    return (
        max(0, math.floor(x0 / scale)),
        max(0, math.floor(y0 / scale)),
        min(w0, math.ceil(x1 / scale)),
        min(h0, math.ceil(y1 / scale)),
    )


def _find_rule_lines(top: np.ndarray, w: int, h: int) -> tuple[list[Box], np.ndarray]:
    """Thin long red horizontal segments (the 版头 rule) and their pixels."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(top, connectivity=8)
    segments: list[Box] = []
    pixels = np.zeros_like(top)
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if bw < RULE_MIN_SEGMENT * w:
            continue
        ys, xs = np.nonzero(labels[y : y + bh, x : x + bw] == i)
        pts = np.column_stack((xs + x, ys + y)).astype(np.float32)
        (_, _), (rw, rh), _ = cv2.minAreaRect(pts)
        length, thick = max(rw, rh), max(1.0, min(rw, rh))
        # Thin, long and solid: a slanted (±2°) rule still is; a red bar or a
        # line of glyphs is not.
        if (
            length >= RULE_MIN_SEGMENT * w
            and thick <= max(3.0, RULE_MAX_THICK * h)
            and area >= 0.6 * length * thick
        ):
            segments.append((x, y, x + bw, y + bh))
            pixels[labels == i] = 1
    return segments, pixels


def _rules_total(segments: list[Box], h: int) -> list[tuple[Box, int]]:
    """Collinear segments merged: (box, summed length) per line."""
    merged: list[tuple[Box, int]] = []
    for s in sorted(segments, key=lambda b: (b[1] + b[3]) / 2):
        cy = (s[1] + s[3]) / 2
        if merged:
            (mx0, my0, mx1, my1), total = merged[-1]
            if abs((my0 + my1) / 2 - cy) <= 0.01 * h:
                merged[-1] = (
                    (min(mx0, s[0]), min(my0, s[1]), max(mx1, s[2]), max(my1, s[3])),
                    total + s[2] - s[0],
                )
                continue
        merged.append((s, s[2] - s[0]))
    return merged


def _find_header(red: np.ndarray) -> _Header | None:
    """The red header of an upright page mask, if any."""
    h, w = red.shape
    top_h = int(h * HEADER_BOTTOM)
    top = np.ascontiguousarray(red[:top_h])
    if top.sum() < 0.0005 * h * w:
        return None
    segments, line_px = _find_rule_lines(top, w, h)
    rules = [(b, t) for b, t in _rules_total(segments, h) if t >= RULE_MIN_TOTAL * w]
    glyphs = top & (1 - line_px)
    # Join the glyphs of one line of text into one band; the kernel is flat so
    # lines of text and the rule stay apart, and as wide as a glyph is tall
    # (at least 7 % of the page) so a letter-spaced 发 文 机 关 stays one band.
    gn, _, gstats, _ = cv2.connectedComponentsWithStats(glyphs, connectivity=8)
    tall = gstats[1:, cv2.CC_STAT_HEIGHT]
    tall = tall[tall >= 0.01 * h]
    glyph_h = float(np.percentile(tall, 80)) if tall.size else 0.0
    kw = max(3, int(0.07 * w), int(1.3 * glyph_h))
    kh = max(1, int(0.004 * h))
    joined = cv2.morphologyEx(glyphs, cv2.MORPH_CLOSE, np.ones((kh, kw), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    best: _Header | None = None
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if bw < BAND_MIN_WIDTH * w or y > HEADER_TOP * h:
            continue
        if not BAND_HEIGHT[0] * h <= bh <= BAND_HEIGHT[1] * h:
            continue
        if abs(x + bw / 2 - w / 2) > BAND_MAX_OFFCENTRE * w:
            continue
        raw = glyphs[y : y + bh, x : x + bw]
        fill = float(raw.mean())
        if not BAND_FILL[0] <= fill <= BAND_FILL[1]:
            continue
        gn, _, gstats, _ = cv2.connectedComponentsWithStats(raw, connectivity=8)
        if gn - 1 < BAND_MIN_GLYPHS:
            continue
        # Font size from the glyphs, not the band: a skewed line of small text
        # has a tall band. The tallest glyphs (not split into radicals) count.
        font_h = float(np.percentile(gstats[1:, cv2.CC_STAT_HEIGHT], 80))
        if font_h < BAND_MIN_FONT * h:
            continue
        band_bottom = y + bh
        under = [
            b for b, _ in rules if -0.01 * h <= (b[1] + b[3]) / 2 - band_bottom <= RULE_MAX_GAP * h
        ]
        big = font_h >= BAND_BIG_FONT * h and bw >= 0.35 * w
        if not under and not big:
            continue
        box: Box = (x, y, x + bw, y + bh)
        if under:
            r = min(under, key=lambda b: b[1])
            box = (min(x, r[0]), y, max(x + bw, r[2]), max(y + bh, r[3]))
        # Score: a band alone is fair evidence, a band over its rule is the
        # GB/T 9704 layout; wider bands score a little higher.
        score = min(1.0, 0.55 + 0.35 * bool(under) + 0.1 * min(1.0, bw / (0.6 * w)))
        if best is None or score > best.score:
            best = _Header(box, score, bool(under))
    return best


def _find_seal(red: np.ndarray, page_w: int) -> _Seal | None:
    """The best verified red round seal on the page mask, if any."""
    if red.sum() < 0.001 * red.size:
        return None
    rmin = max(8, int(SEAL_RADIUS[0] * page_w))
    rmax = int(SEAL_RADIUS[1] * page_w)
    cands: list[tuple[float, float, float]] = []
    # Seals are large, so circles are looked for on a ~500 px wide copy: the
    # Hough transform costs 10× less there and the ring check below, at full
    # working resolution, decides anyway.
    f = min(1.0, HOUGH_PAGE_WIDTH / page_w)
    h, w = red.shape
    coarse = red * 255
    if f < 1.0:
        coarse = cv2.resize(coarse, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA)
    coarse = cv2.GaussianBlur(coarse, (0, 0), 1.5)
    circles = cv2.HoughCircles(
        coarse,
        cv2.HOUGH_GRADIENT,
        dp=1.5,
        minDist=max(4, int(rmin * f)),
        param1=100,
        param2=25,
        minRadius=max(4, int(rmin * f)),
        maxRadius=max(5, int(rmax * f) + 1),
    )
    if circles is not None:
        cands.extend(
            (float(c[0]) / f, float(c[1]) / f, float(c[2]) / f) for c in circles[0][:MAX_CIRCLES]
        )
    # Hough misses some rings (broken by JPEG, overlapped by text); a ring's
    # own connected component gives its centre and radius directly.
    joined = cv2.dilate(red, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    for i in range(1, n):
        x, y, bw, bh, _ = (int(v) for v in stats[i])
        if 2 * rmin <= bw <= 2 * rmax and 0.8 <= bw / max(bh, 1) <= 1.25:
            cands.append((x + bw / 2, y + bh / 2, (bw + bh) / 4))
    best: _Seal | None = None
    tried: list[tuple[float, float, float]] = []
    for cx, cy, r in cands:
        if any(math.hypot(cx - a, cy - b) < 0.1 * r and abs(r - c) < 0.1 * r for a, b, c in tried):
            continue
        tried.append((cx, cy, r))
        # Cheap first look: most Hough circles on text are nowhere near red all round.
        if _coverage(red, cx, cy, r, max(3.0, 0.2 * r)) < SEAL_MIN_COVERAGE - 0.1:
            continue
        s = _verify_ring(red, cx, cy, r)
        if s is not None and (best is None or s.score > best.score):
            best = s
    return best


def _verify_ring(red: np.ndarray, cx: float, cy: float, r: float) -> _Seal | None:
    """A seal if the circle's outline is red all round, thin, clean outside and marked inside."""
    h, w = red.shape
    if cx - r < 0 or cy - r < 0 or cx + r >= w or cy + r >= h:
        return None  # a seal is on the page, not cut by its edge
    # Refine the radius to the middle of the stroke (Hough and bounding boxes
    # land on either edge), and keep the outer edge for the evidence box.
    radii = np.arange(0.8 * r, 1.2 * r + 1.0, 1.0)
    dens = _density(red, cx, cy, radii)
    if dens.max() < 0.5:
        return None
    on = radii[dens >= 0.8 * dens.max()]
    r = float(on.mean())
    outer = float(radii[dens >= 0.5 * dens.max()].max())
    band = max(2.0, 0.08 * r)
    coverage = _coverage(red, cx, cy, r, band)
    if coverage < SEAL_MIN_COVERAGE:
        return None
    yy, xx = np.ogrid[:h, :w]
    x0, x1 = max(0, int(cx - 1.4 * r)), min(w, int(cx + 1.4 * r) + 1)
    y0, y1 = max(0, int(cy - 1.4 * r)), min(h, int(cy + 1.4 * r) + 1)
    d = np.sqrt((xx[:, x0:x1] - cx) ** 2 + (yy[y0:y1, :] - cy) ** 2)
    win = red[y0:y1, x0:x1].astype(bool)
    ring = (d >= r - 2.5 * band) & (d <= r + 2.5 * band)
    inside = d < r - 2.5 * band
    outside = (d > r + 2.5 * band) & (d <= 1.35 * r)
    if not inside.any() or not outside.any():
        return None
    in_red = float(win[inside].mean())
    out_red = float(win[outside].mean())
    thickness = float(win[ring].sum()) / (2 * math.pi * r)
    if not SEAL_INSIDE[0] <= in_red <= SEAL_INSIDE[1]:
        return None
    if out_red > SEAL_MAX_OUTSIDE or thickness > SEAL_MAX_THICK * r:
        return None
    score = coverage * (1.0 - out_red)
    return _Seal(cx, cy, outer, score)


def _density(red: np.ndarray, cx: float, cy: float, radii: np.ndarray) -> np.ndarray:
    """Per radius: share of 72 points exactly on that circle that are red."""
    h, w = red.shape
    xs = np.clip(np.rint(cx + radii[:, None] * np.cos(_ANGLES)).astype(int), 0, w - 1)
    ys = np.clip(np.rint(cy + radii[:, None] * np.sin(_ANGLES)).astype(int), 0, h - 1)
    return red[ys, xs].mean(axis=1)


def _coverage(red: np.ndarray, cx: float, cy: float, r: float, band: float) -> float:
    """Share of 72 directions in which a red pixel lies within ``band`` of radius ``r``."""
    h, w = red.shape
    radii = np.arange(r - band, r + band + 0.5, 1.0)
    xs = np.clip(np.rint(cx + radii[:, None] * np.cos(_ANGLES)).astype(int), 0, w - 1)
    ys = np.clip(np.rint(cy + radii[:, None] * np.sin(_ANGLES)).astype(int), 0, h - 1)
    return float(red[ys, xs].any(axis=0).mean())


# ---------------------------------------------------------------------------
# pages of stored files

#: Content types the rule looks into; anything else (DOCX, XLSX, OFD …) is skipped.
_PDF = "application/pdf"
_IMAGE_SUFFIXES = IMAGE_TYPES


def content_kind(item: Mapping[str, Any]) -> str | None:
    """``"pdf"``, ``"image"`` or None for an image / attachment / file entry."""
    ctype = str(item.get("content_type") or "").split(";")[0].strip().lower()
    if ctype == _PDF:
        return "pdf"
    if ctype.startswith("image/"):
        return "image"
    if ctype and ctype not in ("application/octet-stream", "binary/octet-stream"):
        return None
    for key in ("name", "url", "src", "path"):
        suffix = Path(str(item.get(key) or "").split("?")[0]).suffix.lower()
        if suffix == ".pdf":
            return "pdf"
        if suffix in _IMAGE_SUFFIXES:
            return "image"
    return None


def pages_from_bytes(
    data: bytes, kind: str, max_pages: int = 10, long_side: int = WORK_LONG_SIDE
) -> list[tuple[int, np.ndarray]]:
    """(page number from 1, RGB array) of an image or a PDF held in memory.

    A PDF with more than ``max_pages`` pages is read at its first
    ``max_pages - 1`` pages and its last (the seal is on the last page).
    """
    if kind == "pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            n = len(pdf)
            numbers = list(range(n)) if n <= max_pages else [*range(max_pages - 1), n - 1]
            out = []
            for i in numbers:
                page = pdf[i]
                try:
                    pw, ph = page.get_size()
                    bitmap = page.render(scale=long_side / max(pw, ph, 1.0))
                    out.append((i + 1, np.asarray(bitmap.to_pil().convert("RGB"))))
                finally:
                    page.close()
            return out
        finally:
            pdf.close()
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        # JPEG decodes at 1/2..1/8 size for free; the detector reduces anyway.
        im.draft("RGB", (long_side, long_side))
        # A phone photo of a page carries its orientation in EXIF only.
        upright = ImageOps.exif_transpose(im)
        return [(1, np.asarray(upright.convert("RGB")))]


def load_stored_pages(item: Mapping[str, Any], max_pages: int = 10) -> list[tuple[int, np.ndarray]]:
    """Pages of the file the crawler stored for ``item`` (``item["path"]``).

    Local and read-only; never the network. Returns [] when the entry has no
    stored file, is not an image or PDF, or its bytes do not match
    ``item["sha256"]`` (LINK-IMAGE reports missing and broken files).
    """
    kind = content_kind(item)
    path = item.get("path")
    if kind is None or not path or item.get("error"):
        return []
    try:
        data = Path(str(path)).read_bytes()
    except OSError as exc:
        log.warning("REVIEW-REDHEAD: cannot read stored file %s: %s", path, exc)
        return []
    want = item.get("sha256")
    if want and hashlib.sha256(data).hexdigest() != want:
        log.warning("REVIEW-REDHEAD: stored file %s does not match its sha256", path)
        return []
    try:
        return pages_from_bytes(data, kind, max_pages)
    except Exception as exc:  # corrupt images/PDFs raise assorted decoder errors
        log.warning("REVIEW-REDHEAD: cannot decode %s: %s", path, exc)
        return []


PageLoader = Callable[[Mapping[str, Any]], Sequence[tuple[int, np.ndarray]]]


# ---------------------------------------------------------------------------
# the rule


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # image | attachment | file
    label: str  # URL of a body image, attachment name, file path
    where: str  # Chinese phrase for the message
    entry: Mapping[str, Any] = field(hash=False, compare=False)


def _fmt_box(b: Sequence[int]) -> str:
    return f"({b[0]},{b[1]})-({b[2]},{b[3]})"


class RedheadRule(Rule):
    """红头红章文件: a body image, an image / PDF attachment, or a checked file
    whose page shows a red header (红头: 发文机关标志 in red, centred in the
    top 30 % of a page, with the red rule under it or in a large font) and/or
    a red round seal (红章: a red ring whose outline is red all round, with a
    star or text inside), on a page-like image (document proportions, white
    paper, body text). One finding per file, saying which of the two was
    found, on which page and where (pixel boxes of the page image; PDF pages
    are rendered with their long side at 1400 px).

    Severity: deduct — RULES.md lists REVIEW-REDHEAD under REVIEW without a
    veto, and the seed bulletin (昌宁县2024年一季度通报) names it among the
    information that must not be published (严禁公开…红头红章文件信息) and
    asks for rectification, not a veto.

    Pages: see the module docstring. ``loader`` replaces the reading of stored
    files (tests pass arrays instead); entries carrying ``pages`` are judged
    without any loading.
    """

    code = "REVIEW-REDHEAD"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "发布红头红章文件：{where}是{what}的公文（{location}）"
    hint = (
        "红头红章文件不得直接公开发布：请撤下该{thing}，改为发布去除红头和印章的文字版本"
        "（网页正文或无红头红章的PDF）"
    )
    fields: ClassVar[tuple[str, ...]] = ("images", "attachments", "source_file")

    #: Defaults of the thresholds this rule reads (overridable per instance):
    #: PDF pages rendered per file; a long file is read at its first pages and
    #: its last, where the seal is.
    defaults: ClassVar[dict[str, Any]] = {"max_pages": 10}

    def __init__(
        self, thresholds: Mapping[str, Any] | None = None, loader: PageLoader | None = None
    ) -> None:
        super().__init__(thresholds)
        self.thresholds = {**self.defaults, **self.thresholds}
        self.loader = loader
        self._cache: dict[str, list[tuple[int, RedheadResult]]] = {}

    def _items(self, doc: Mapping[str, Any]) -> Iterator[_Item]:
        for img in doc.get("images") or []:
            if isinstance(img, Mapping) and not img.get("error"):
                src = str(img.get("src") or img.get("path") or "")
                yield _Item("image", src, f"正文图片「{src}」", img)
        for att in doc.get("attachments") or []:
            if isinstance(att, Mapping) and not att.get("error"):
                name = str(att.get("name") or att.get("url") or "")
                yield _Item("attachment", name, f"附件《{name}》", att)
        src = doc.get("source_file")
        if isinstance(src, Mapping):
            name = str(src.get("name") or src.get("path") or "")
            yield _Item("file", name, f"文件「{name}」", src)

    def _results(self, entry: Mapping[str, Any]) -> list[tuple[int, RedheadResult]]:
        given = entry.get("pages")
        if given is not None:
            return [(i, detect_redhead(p)) for i, p in enumerate(given, start=1)]
        if content_kind(entry) is None:
            return []
        key = str(entry.get("sha256") or "")
        if key and key in self._cache:
            return self._cache[key]
        max_pages = int(self.thresholds["max_pages"])
        if self.loader is not None:
            pages = self.loader(entry)
        else:
            pages = load_stored_pages(entry, max_pages)
        out = [(n, detect_redhead(p)) for n, p in pages]
        if key:
            if len(self._cache) > 4096:  # a run over a whole site: keep memory bounded
                self._cache.clear()
            self._cache[key] = out
        return out

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        for item in self._items(doc):
            hits = [(n, r) for n, r in self._results(item.entry) if r.found]
            if hits:
                yield self._finding(doc, item, hits)

    def _finding(
        self, doc: Mapping[str, Any], item: _Item, hits: list[tuple[int, RedheadResult]]
    ) -> Finding:
        header = any(r.header for _, r in hits)
        seal = any(r.seal for _, r in hits)
        what = "带红头和红章" if header and seal else "带红头" if header else "带红章"
        multi = item.entry.get("pages") is not None and len(item.entry["pages"]) > 1
        multi = multi or content_kind(item.entry) == "pdf"
        parts = []
        for n, r in hits:
            spots = []
            if r.header and r.header_box:
                spots.append(f"红头位于{_fmt_box(r.header_box)}")
            if r.seal and r.seal_box:
                spots.append(f"红章位于{_fmt_box(r.seal_box)}")
            parts.append((f"第{n}页" if multi else "") + "、".join(spots))
        location = "；".join(parts) + "，像素坐标"
        thing = {"image": "图片", "attachment": "附件", "file": "文件"}[item.kind]
        ev = Evidence(
            text=item.label,
            start=-1,
            end=-1,
            context=f"{what}：{location}",
            field=f"{item.kind}:{item.label}",
        )
        f = self.finding(doc, ev, where=item.where, what=what, location=location, thing=thing)
        extra = {
            "header": header,
            "seal": seal,
            "pages": [{"page": n, **r.to_dict()} for n, r in hits],
            "sha256": item.entry.get("sha256"),
            "source": item.kind,
        }
        return replace(f, extra=extra)


REDHEAD_RULES: tuple[type[Rule], ...] = (RedheadRule,)

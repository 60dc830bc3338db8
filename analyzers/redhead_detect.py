"""REVIEW-REDHEAD detector: one page image in, a :class:`RedheadResult` out (pure).

Detection is tuned for precision: everything is gated on a page-like image
(document aspect ratio, mostly white paper, some dark body text), the header
needs text-like red glyphs in a wide centred band in the top ~30 % plus either
the red rule under it or a large font, and a seal needs a red ring whose
outline is red all round, a clean outside and red marks (star, text) inside.
Circle detection alone also fires on red header glyphs; the ring check is
what makes a seal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from analyzers.redhead_header import Box, _find_header, _Header
from analyzers.redhead_seal import _find_seal

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


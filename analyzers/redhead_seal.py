"""REVIEW-REDHEAD detector, seal part: a verified red round seal on a page's red mask.

Circle detection alone also fires on red header glyphs; the ring check
(outline red all round, clean outside, red marks inside) is what makes a seal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

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
class _Seal:
    cx: float
    cy: float
    r: float
    score: float


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


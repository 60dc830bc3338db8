"""REVIEW-REDHEAD detector, header part: the red 发文机关标志 band and the red rule under it.

Works on the red mask of an upright page at working resolution
(analyzers/redhead_detect.py makes it and turns sideways pages).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 in the input image's pixels

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


@dataclass(frozen=True, slots=True)
class _Header:
    box: Box  # in the rotated working image
    score: float
    rule_line: bool


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


"""detect_redhead on generated scans (tests/analyzers/redhead_scans.py).

Each scan is judged through the same path the rule uses for stored files
(``pages_from_bytes``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image, ImageDraw

from analyzers.redhead_detect import RedheadResult, detect_redhead
from analyzers.redhead_pages import pages_from_bytes
from tests.analyzers.redhead_scans import (
    BY_NAME,
    FORMATS,
    KINDS,
    RED,
    ROTATIONS,
    WIDTHS,
    _base,
    _body,
    _draw_seal,
    _page,
    _rotate,
    _text,
    encode,
)


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


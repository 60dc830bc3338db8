"""Small server-side SVG line charts (no JavaScript, no CDN)."""

from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = ("#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#148f77", "#566573", "#d35400",
           "#1f618d", "#7b241c", "#117a65")


def line_chart(labels: list[str], series: dict[str, list[int]], width: int = 760, height: int = 220) -> Markup:
    """One polyline per series over the labels (crawl dates); labels and names are escaped."""
    if not labels or not series:
        return Markup('<p class="muted">尚无检查记录 / no crawls yet</p>')
    pad_l, pad_r, pad_t, pad_b = 40, 230, 10, 30
    top = max(1, max(max(v) for v in series.values()))
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    n = len(labels)

    def x(i: int) -> float:
        return pad_l + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: int) -> float:
        return pad_t + plot_h - plot_h * v / top

    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             'xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{pad_l}" y1="{pad_t + plot_h}" x2="{pad_l + plot_w}" y2="{pad_t + plot_h}" stroke="#999"/>',
             f'<text x="{pad_l - 6}" y="{pad_t + 8}" text-anchor="end" font-size="10">{top}</text>',
             f'<text x="{pad_l - 6}" y="{pad_t + plot_h}" text-anchor="end" font-size="10">0</text>']
    for i, label in enumerate(labels):
        if n <= 8 or i in (0, n - 1):
            parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle" font-size="10">'
                         f'{escape(label)}</text>')
    for k, (name, values) in enumerate(series.items()):
        color = PALETTE[k % len(PALETTE)]
        pts = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        for i, v in enumerate(values):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="2.5" fill="{color}">'
                         f'<title>{escape(name)} {escape(labels[i])}: {v}</title></circle>')
        ly = pad_t + 12 + 14 * k
        parts.append(f'<rect x="{width - pad_r + 10}" y="{ly - 8}" width="10" height="10" fill="{color}"/>'
                     f'<text x="{width - pad_r + 24}" y="{ly + 1}" font-size="11">{escape(name)} ({values[-1]})</text>')
    parts.append("</svg>")
    return Markup("".join(parts))

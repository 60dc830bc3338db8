"""Ground truth of the sample new-media accounts, for tests and the demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .faults import build_media, post_path
from .model import PLATFORM_NAMES
from .render import account_path


def _plain(value: Any) -> Any:
    """Tuples as lists, as JSON would give them back."""
    return [_plain(v) for v in value] if isinstance(value, (tuple, list)) else value


def build_media_manifest(seed: int, today: dt.date, base_url: str = "") -> dict[str, Any]:
    """Accounts (with what a crawl should find), posts and seeded faults; URLs absolute when ``base_url``."""
    base = base_url.rstrip("/")
    media = build_media(seed, today)
    by_key = {a.key: a for a in media.accounts}

    def target(t: str) -> str:
        if t in by_key:
            return t
        return base + t

    accounts = []
    posts = []
    for a in media.accounts:
        accounts.append({
            "key": a.key, "platform": a.platform, "platform_name": PLATFORM_NAMES[a.platform], "id": a.id,
            "name": a.name, "unit": a.unit, "registered": a.registered, "record_no": a.record_no,
            "in_config": a.in_config, "in_matrix": a.in_matrix, "url": base + account_path(a),
            "state": a.state, "source": a.source, "menus": _plain(a.menus), "config_menus": _plain(a.config_menus),
            "n_posts": len(a.posts) if a.state == "ok" else 0,
            "newest": f"{a.posts[0].when:%Y-%m-%d}" if a.posts else None,
        })
        if a.state != "ok":
            continue
        for p in a.posts:
            posts.append({"account": a.key, "unit": a.unit, "id": p.id, "url": base + post_path(a, p),
                          "title": p.title, "published": f"{p.when:%Y-%m-%d %H:%M:%S}"})
    faults = [{**f, "target": target(str(f["target"]))} for f in media.faults]
    return {"matrix_url": base + "/media/matrix.html", "accounts": accounts, "posts": posts, "faults": faults}

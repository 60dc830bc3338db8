"""Ground truth of the sample portal as a JSON-serialisable dict."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from .media.manifest import build_media_manifest
from .model import CATEGORY_LIMIT, Article, SiteModel
from .render import (
    CONTENT_TYPES,
    SPECIAL_PATHS,
    article_body,
    article_meta,
    attachment_bytes,
    entry_date,
    render,
)

_HREF = re.compile(r'<a href="([^"]+)"')
_SRC = re.compile(r'<img src="([^"]+)"')

SPECIAL_EXPECT = {
    "/test/huge": "200, ~huge_page_mb MB of HTML",
    "/test/binary": "200, random bytes labelled text/html",
    "/test/timeout": "no answer for 60 s",
    "/test/reset": "connection closed without a response",
    "/test/redirect-loop": "302 cycle /test/redirect-loop <-> /test/redirect-loop-b",
    "/test/500": "500",
    "/test/404": "404",
    "/test/malformed": "200, broken HTML (unclosed tags, stray </div>, bad entity)",
    "/test/gbk-noheader": "200, GBK bytes, no charset in header or <meta>",
    "/test/gbk-meta": "200, GBK bytes, charset only in <meta>",
}


def _ok(model: SiteModel, href: str) -> bool:
    if href.startswith(("http://", "https://")):
        return True  # external: not checkable offline, assumed alive
    path, _, query = href.partition("?")
    r = render(model, path, query)
    return r.status == 200 and (not path.startswith("/img/") or (
        bool(r.body) and r.headers.get("Content-Type", "").startswith("image/")))


def _links_images(model: SiteModel, a: Article) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    if a.paras is None and a.kind != "interp":
        imgs = [(model.images[i].url, True) for i in a.images]
        return [], imgs
    body = article_body(model, a)
    links = [(h, _ok(model, h)) for h in _HREF.findall(body)]
    imgs = [(s, _ok(model, s)) for s in _SRC.findall(body)]
    return links, imgs


def build_manifest(model: SiteModel, base_url: str = "") -> dict[str, Any]:
    base = base_url.rstrip("/")

    def u(p: str) -> str:
        return base + p if base and p.startswith("/") else p

    columns = []
    for c in model.columns.values():
        dated = [entry_date(e) for e in c.entries if entry_date(e)]
        columns.append({
            "url": u(c.url), "slug": c.slug, "name": c.name, "names": list(c.names),
            "parent": u(model.columns[c.parent].url) if c.parent else None,
            "unit": c.unit, "category": c.category, "max_age_days": CATEGORY_LIMIT[c.category],
            "list_style": c.list_style if c.leaf else "none", "leaf": c.leaf,
            "n_items": len(c.entries) if c.leaf else 0,
            "newest_date": max(dated) if dated else None,
        })
    articles = []
    for a in model.articles:
        links, imgs = _links_images(model, a)
        atts = []
        for aid in a.attachments:
            att = model.attachments[aid]
            data = attachment_bytes(model, aid)
            atts.append({"url": u(att.url), "name": att.name, "sha256": hashlib.sha256(data).hexdigest(),
                         "size": len(data), "content_type": CONTENT_TYPES[att.ext]})
        col = model.columns[a.col]
        articles.append({
            "url": u(a.url), "id": a.id, "column": u(col.url), "unit": col.unit, "title": a.title,
            "kind": a.kind,
            "published": f"{a.published:%Y-%m-%d}" if a.published else None,
            "date_visible": a.date_visible, "encoding": a.encoding, "charset_header": a.charset_header,
            "meta": article_meta(model, a),
            "attachments": atts,
            "images": [{"url": u(s), "ok": ok} for s, ok in imgs],
            "links": [{"url": u(h), "ok": ok, "external": h.startswith("http")} for h, ok in links],
        })
    faults = []
    for f in model.faults:
        rec: dict[str, Any] = {"rule": f.rule, "kind": f.kind, "url": u(f.url), "unit": f.unit,
                               "evidence": f.evidence, "note": f.note}
        for k, v in f.extra.items():
            rec[k] = u(v) if isinstance(v, str) and k in ("related", "target", "attachment", "search") else v
        faults.append(rec)
    return {
        "seed": model.seed,
        "today": f"{model.today:%Y-%m-%d}",
        "n_articles": len(model.articles),
        "site": {"name": model.name, "home": u("/")},
        "units": [{"name": x.name, "type": x.type} for x in model.units],
        "columns": columns,
        "articles": articles,
        "mailbox": [{"url": u(m.url), "title": m.title, "received": f"{m.date:%Y-%m-%d}",
                     "status": m.status, "answered": m.reply_date is not None,
                     "replied": f"{m.reply_date:%Y-%m-%d}" if m.reply_date else None}
                    for m in model.mailbox],
        "broken_entries": [{"url": u(b.url), "column": u(model.columns[b.col].url), "reason": b.reason,
                            "title": b.title} for b in model.broken],
        "faults": faults,
        "special_paths": [{"url": u(p), "expect": SPECIAL_EXPECT[p]} for p in SPECIAL_PATHS],
        "media": build_media_manifest(model.seed, model.today, base_url),
    }

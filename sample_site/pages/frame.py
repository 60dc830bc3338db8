"""The frame every portal page shares: the response, the page shell, nav, breadcrumb, list items."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from .. import text
from ..records import Article, BrokenEntry, Column, MailboxMessage, SiteModel


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    action: str = ""  # "" | "timeout" | "reset": things only the server can do


def _html(body: str, status: int = 200, encoding: str = "utf-8", header_charset: bool = True) -> Response:
    ctype = f"text/html; charset={'GBK' if encoding == 'gbk' else 'utf-8'}" if header_charset else "text/html"
    return Response(status, {"Content-Type": ctype}, body.encode(encoding, "xmlcharrefreplace"))


def _not_found() -> Response:
    return _html(_page("页面不存在", "<h2>404 页面不存在</h2>", nav=""), 404)


def _page(title: str, main: str, nav: str, meta_charset: str | None = "utf-8",
          head_extra: str = "") -> str:
    meta = f'<meta charset="{meta_charset}">' if meta_charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN"><head>{meta}<title>{escape(title)}_{text.SITE_NAME}</title>'
        f"{head_extra}</head><body>\n"
        f'<div class="header"><a href="/" class="logo">{text.SITE_NAME}</a></div>\n{nav}\n'
        f'<div class="main">\n{main}\n</div>\n'
        f'<div class="footer">主办：青禾县人民政府办公室　承办：青禾县政务信息中心</div>\n</body></html>\n'
    )


@lru_cache(maxsize=8)
def _nav(model: SiteModel) -> str:
    links = "".join(f'<a href="/col/{s}/">{escape(model.columns[s].name)}</a>' for s in model.top)
    return f'<div class="nav"><a href="/">首页</a>{links}</div>'


def _crumb(model: SiteModel, col: Column, link_last: bool = False) -> str:
    parts = ['<a href="/">首页</a>']
    chain = []
    c: Column | None = col
    while c is not None:
        chain.append(c)
        c = model.columns[c.parent] if c.parent else None
    chain.reverse()
    for i, c in enumerate(chain):
        if i == len(chain) - 1 and not link_last:
            parts.append(f"<span>{escape(c.name)}</span>")
        else:
            parts.append(f'<a href="{c.url}">{escape(c.name)}</a>')
    return '<div class="crumb">' + " &gt; ".join(parts) + "</div>"


def entry_date(e: Article | BrokenEntry | MailboxMessage) -> str:
    if isinstance(e, Article) and e.date_visible == "none":
        return ""
    return f"{e.date:%Y-%m-%d}"


def _li(e: Article | BrokenEntry | MailboxMessage) -> str:
    t = e.title
    shown = t if len(t) <= 30 else t[:29] + "…"
    return (f'<li><a href="{e.url}" title="{escape(t)}">{escape(shown)}</a>'
            f'<span class="date">{entry_date(e)}</span></li>')

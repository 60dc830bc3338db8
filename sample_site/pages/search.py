"""The site search (/search): exact title match over the indexed articles."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from ..records import Article, SiteModel
from .frame import Response, _html, _nav, _page, entry_date

SEARCH_LIMIT = 20


def search_results(model: SiteModel, q: str) -> list[Article]:
    """Indexed articles whose title contains ``q`` exactly, newest first, at most 20.

    Like a CMS full-text index that missed an update: articles in
    ``model.search_unindexed`` are never returned.
    """
    q = q.strip()
    if not q:
        return []
    hits = [a for a in model.articles if q in a.title and a.id not in model.search_unindexed]
    hits.sort(key=lambda a: (a.date, a.id), reverse=True)
    return hits[:SEARCH_LIMIT]


def _search(model: SiteModel, query: str) -> Response:
    q = parse_qs(query).get("q", [""])[0]
    hits = search_results(model, q)
    lis = "".join(f'<li><a href="{a.url}">{escape(a.title)}</a><span class="date">{entry_date(a)}</span></li>'
                  for a in hits)
    count = f'<p class="search-count">共找到{len(hits)}条结果</p>' if hits else '<p class="empty">未找到相关信息</p>'
    form = (f'<form class="search-form" action="/search" method="get"><input type="text" name="q" '
            f'value="{escape(q)}"><button type="submit">搜索</button></form>')
    main = f'{form}\n{count}\n<ul class="search-results">{lis}</ul>'
    return _html(_page(f"{q} - 站内搜索" if q else "站内搜索", main, _nav(model)))

"""The home page and the column list pages (static, query-paged and JS-rendered lists)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from html import escape
from urllib.parse import parse_qs

from ..records import Column, SiteModel
from .frame import Response, _crumb, _html, _li, _nav, _not_found, _page, entry_date

PER_PAGE = 20
JS_LIMIT = 40

PAGE_SCRIPT = """<script>
function createPageHTML(total, current, prefix, ext) {
  var html = "";
  for (var i = 0; i < total; i++) {
    var href = i === 0 ? prefix + "." + ext : prefix + "_" + i + "." + ext;
    html += i === current ? "<span>" + (i + 1) + "</span>" : "<a href=\\"" + href + "\\">" + (i + 1) + "</a>";
  }
  document.write(html);
}
</script>"""


@lru_cache(maxsize=8)
def _home(model: SiteModel) -> bytes:
    blocks = []
    for slug in ("zwyw", "tzgg", "bmdt", "xzdt", "zcwj"):
        col = model.columns[slug]
        if col.leaf:
            items = col.entries[:8]
        else:
            merged = [e for ch in col.children for e in model.columns[ch].entries[:8]]
            merged.sort(key=lambda e: (e.date, getattr(e, "id", 0)), reverse=True)
            items = merged[:8]
        lis = "".join(_li(e) for e in items)
        blocks.append(f'<div class="news-block"><h3>{escape(col.name)}</h3><ul>{lis}</ul>'
                      f'<a class="more" href="{col.url}">更多</a></div>')
    return _html(_page("首页", "\n".join(blocks), _nav(model))).body


def _column(model: SiteModel, col: Column, fname: str, query: str) -> Response:
    nav = _nav(model)
    head = f'{_crumb(model, col)}\n<h2 class="col-title">{escape(col.name)}</h2>'
    if not col.leaf:
        if fname not in ("", "index.html"):
            return _not_found()
        subs = "".join(f'<li><a href="{model.columns[c].url}">{escape(model.columns[c].name)}</a></li>'
                       for c in col.children)
        return _html(_page(col.name, f'{head}\n<ul class="subnav">{subs}</ul>', nav))
    entries = col.entries
    if col.list_style == "js":
        if fname == "data.json":
            data = {"items": [{"title": e.title, "url": e.url, "date": entry_date(e)}
                              for e in entries[:JS_LIMIT]]}
            return Response(200, {"Content-Type": "application/json; charset=utf-8"},
                            json.dumps(data, ensure_ascii=False).encode())
        if fname not in ("", "index.html"):
            return _not_found()
        script = (
            '<script>fetch("data.json").then(function(r){return r.json();}).then(function(d){'
            'var ul=document.getElementById("js-list");d.items.forEach(function(it){'
            'var li=document.createElement("li");li.innerHTML="<a href=\\""+it.url+"\\" title=\\""+it.title+"\\">"'
            '+it.title+"</a><span class=\\"date\\">"+it.date+"</span>";ul.appendChild(li);});});</script>')
        return _html(_page(col.name, f'{head}\n<ul class="list" id="js-list"></ul>\n{script}', nav))
    if not entries:
        if fname not in ("", "index.html") or query:
            return _not_found()
        return _html(_page(col.name, f'{head}\n<ul class="list"></ul><p class="empty">暂无信息</p>', nav))
    total = max(1, -(-len(entries) // PER_PAGE))
    if col.list_style == "static":
        if fname in ("", "index.html"):
            cur = 0
        else:
            m = re.fullmatch(r"index_(\d+)\.html", fname)
            if not m or not 1 <= int(m.group(1)) < total:
                return _not_found()
            cur = int(m.group(1))
        pager = f'<div class="page"><script>createPageHTML({total}, {cur}, "index", "html");</script></div>'
        extra = PAGE_SCRIPT
    else:
        if fname not in ("", "index.html"):
            return _not_found()
        raw = parse_qs(query).get("page", ["1"])[0]
        if not raw.isdigit() or not 1 <= int(raw) <= total:
            return _not_found()
        n = int(raw)
        cur = n - 1
        parts = ['<a href="?page=1">首页</a>']
        if n > 1:
            parts.append(f'<a href="?page={n - 1}">上一页</a>')
        parts.append(f"<span>{n}/{total}</span>")
        if n < total:
            parts.append(f'<a href="?page={n + 1}">下一页</a>')
        parts.append(f'<a href="?page={total}">尾页</a>')
        pager = f'<div class="page">{"".join(parts)}</div>'
        extra = ""
    lis = "".join(_li(e) for e in entries[cur * PER_PAGE:(cur + 1) * PER_PAGE])
    return _html(_page(col.name, f'{head}\n<ul class="list">{lis}</ul>\n{pager}', nav, head_extra=extra))

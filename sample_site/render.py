"""Render any path of the sample portal from the model, on demand.

Nothing is written to disk: pages are built per request (ordinary bodies from
(seed, article id)), binary files are generated and memoised.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from urllib.parse import parse_qs

from . import files, text
from .faults import LEAK_ID, XLSX_IDS
from .model import (
    GOV_OFFICE,
    Article,
    BrokenEntry,
    Column,
    MailboxMessage,
    SiteModel,
)

PER_PAGE = 20
JS_LIMIT = 40
HUGE_DEFAULT_MB = 20


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


# ---------------------------------------------------------------------------
# home and columns


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


# ---------------------------------------------------------------------------
# articles

LABELS_PLAIN = {"index_no": "索引号：", "publisher": "发布机构：", "catalog": "公开目录：",
                "pub_date": "发布日期：", "doc_no": "文号：", "keywords": "主题词：", "views": "浏览量："}
# Real TRS pages pad short labels with U+2002 EN SPACE to line them up.
LABELS_SPACED = {"index_no": "索\u2002引\u2002号：", "publisher": "发布机构：", "catalog": "公开目录：",
                 "pub_date": "发布日期：", "doc_no": "文\u2002\u2002\u2002\u2002号：",
                 "keywords": "主\u2002题\u2002词：", "views": "浏\u2002览\u2002量："}


def article_meta(model: SiteModel, a: Article) -> dict[str, str]:
    """Metadata values exactly as an xxgk table shows them (empty dict for news pages)."""
    if a.kind == "news":
        return {}
    col = model.columns[a.col]
    unit_idx = next(i for i, u in enumerate(model.units) if u.name == col.unit)
    code = f"{(15263760 + unit_idx * 1117) % 100000000:08d}-{'X' if unit_idx % 3 == 0 else unit_idx % 10}"
    meta = {
        "index_no": f"{code}/{a.date:%Y%m%d}-{a.id % 100000:05d}",
        "publisher": _publisher(col.unit),
        "catalog": model.columns[col.slug.split("/")[0]].name,
    }
    if a.date_visible == "meta":
        meta["pub_date"] = f"{a.date:%Y-%m-%d}"
    meta["doc_no"] = a.doc_no
    meta["views"] = str(a.views)
    meta["keywords"] = {"policy": "政策文件", "interp": "政策解读"}.get(a.kind, "")
    return meta


def _publisher(unit: str) -> str:
    return text.COUNTY + unit[1:] if unit.startswith("县") else unit + "人民政府"


def _meta_html(model: SiteModel, a: Article) -> str:
    col = model.columns[a.col]
    if a.kind == "news":
        date = f"发布时间：{a.date:%Y-%m-%d} {a.time}　" if a.date_visible == "meta" else ""
        return f'<div class="article-meta">{date}来源：{escape(col.unit)}　浏览次数：{a.views}</div>'
    m = article_meta(model, a)
    lab = LABELS_SPACED if a.meta_style else LABELS_PLAIN

    def cells(k: str) -> str:
        return f"<td>{lab[k]}</td><td>{escape(m[k])}</td>" if k in m else ""

    rows = [cells("index_no") + cells("publisher"), cells("catalog") + cells("pub_date"),
            cells("doc_no") + cells("views"),
            f'<td>{lab["keywords"]}</td><td colspan="3">{escape(m["keywords"])}</td>']
    return '<table class="xxgk-table">' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _sign_date(a: Article) -> str:
    import datetime as dt

    d = a.date - dt.timedelta(days=a.id % 4 + 1)
    return f"{d.year}年{d.month}月{d.day}日"


def _policy_body(model: SiteModel, a: Article, rng: random.Random) -> list[str]:
    col = model.columns[a.col]
    if a.kind == "party":
        signer = a.title.split("委员会")[0] + "委员会" if "委员会" in a.title else a.title.split("党组")[0] + "党组"
        paras = ["<p>各党小组：</p>"]
        paras += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 2, 3, text.POLICY_SENTENCES)]
    else:
        signer = text.full_unit_name(col.unit)
        m = re.search(r"印发(.+)的通知", a.title)
        lead = (f"现将《{escape(m.group(1))}》印发给你们，请结合实际认真贯彻执行。" if m
                else "为做好相关工作，现将有关事项通知如下。")
        paras = ["<p>各乡镇人民政府，县直各部门：</p>", f"<p>{lead}</p>"]
        paras += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 2, 4, text.POLICY_SENTENCES)]
    label = f'<p style="text-indent:2em">（{a.label}）</p>' if a.label else ""
    if a.label and a.label_pos == "top":
        paras.insert(1, label)
        label = ""
    paras.append(f'<p style="text-align:right">{escape(signer)}</p>')
    paras.append(f'<p style="text-align:right">{_sign_date(a)}</p>')
    if label:
        paras.append(label)
    return paras


def article_body(model: SiteModel, a: Article) -> str:
    """Inner HTML of the article-content div."""
    col = model.columns[a.col]
    rng = random.Random(f"{model.seed}:body:{a.id}")
    if a.paras is not None and a.kind not in ("policy", "party"):
        parts = list(a.paras)
    elif a.kind in ("policy", "party"):
        parts = _policy_body(model, a, rng)
    elif a.kind == "interp":
        doc = model.by_id.get(a.related or 0)
        parts = []
        if doc is not None:
            parts.append(f'<p>近日，<a href="{doc.url}">{escape(doc.title)}</a>正式印发。为便于社会公众了解文件内容，现解读如下。</p>')
        for head in ("一、出台背景", "二、主要内容", "三、实施要求"):
            parts.append(f"<p><strong>{head}</strong></p>")
            parts += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 1, 2, text.POLICY_SENTENCES)]
    else:
        parts = [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit)]
    if a.paras is None:
        for iid in a.images:
            img = model.images[iid]
            parts.append(f'<p style="text-align:center"><img src="{img.url}" alt="{escape(a.title[:12])}"></p>')
        for i, aid in enumerate(a.attachments, start=1):
            parts.append(f"<p>附件{i}：{escape(model.attachments[aid].title)}</p>")
    return "\n".join(parts)


def _article(model: SiteModel, a: Article) -> Response:
    col = model.columns[a.col]
    atts = ""
    if a.attachments:
        links = "".join(f'<a href="{model.attachments[x].url}">{escape(model.attachments[x].name)}</a>'
                        for x in a.attachments)
        atts = f'<div class="attachments">{links}</div>'
    body = article_body(model, a)
    if a.malformed:
        # Lenient parsers must still find title and body; the content div is never closed.
        content = f'<div class="article-content" id="zoom">{body}\n{atts}'
    else:
        content = f'<div class="article-content" id="zoom">\n{body}\n</div>\n{atts}'
    main = (f"{_crumb(model, col, link_last=True)}\n<h1 class=\"article-title\">{escape(a.title)}</h1>\n"
            f"{_meta_html(model, a)}\n{content}")
    if a.encoding == "gbk":
        meta = None if a.charset_header else "gbk"
        return _html(_page(a.title, main, _nav(model), meta_charset=meta), encoding="gbk",
                     header_charset=a.charset_header)
    return _html(_page(a.title, main, _nav(model)))


def _message(model: SiteModel, m: MailboxMessage) -> Response:
    col = model.columns["ldxx"]
    rdate = f"{m.reply_date:%Y-%m-%d}" if m.reply_date else ""
    rows = [("来信标题", m.title), ("来信时间", f"{m.date:%Y-%m-%d}"), ("办理状态", m.status),
            ("来信内容", m.content), ("回复单位", m.reply_unit), ("回复时间", rdate), ("回复内容", m.reply)]
    table = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    main = (f"{_crumb(model, col, link_last=True)}\n<h1 class=\"article-title\">{escape(m.title)}</h1>\n"
            f'<table class="mailbox">{table}</table>')
    return _html(_page(m.title, main, _nav(model)))


# ---------------------------------------------------------------------------
# files


@lru_cache(maxsize=1024)
def _file_bytes(model: SiteModel, aid: int) -> bytes:
    att = model.attachments[aid]
    if att.ext == "pdf":
        unit = "青禾县民政局" if att.kind == "redhead" else text.SITE_NAME
        return files.make_pdf(model.seed, att.title, att.kind, unit)
    if att.ext == "docx":
        return files.make_docx(model.seed, att.title)
    if att.ext == "xlsx":
        rows = None
        if att.kind == "privacy":
            names = ["王某某", "赵某某", "陈某某"]
            rows = [["序号", "姓名", "身份证号", "救助金额（元）"]] + [
                [str(i + 1), n, x, str(500 + 300 * i)] for i, (n, x) in enumerate(zip(names, XLSX_IDS, strict=True))]
        return files.make_xlsx(model.seed, att.title, rows)
    return files.make_image(model.seed, aid, "redhead" if att.kind == "redhead" else "photo", att.ext,
                            label="青禾县应急管理局文件")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png", "jpg": "image/jpeg",
}


def attachment_bytes(model: SiteModel, aid: int) -> bytes:
    return _file_bytes(model, aid)


@lru_cache(maxsize=1024)
def _image_response(model: SiteModel, iid: int) -> Response:
    img = model.images[iid]
    if img.kind == "html":
        return _html("<html><body><p>图片加载失败</p></body></html>")
    if img.kind == "empty":
        return Response(200, {"Content-Type": "image/png"}, b"")
    data = files.make_image(model.seed, iid, img.kind, img.ext)
    return Response(200, {"Content-Type": CONTENT_TYPES[img.ext]}, data)


# ---------------------------------------------------------------------------
# special test paths


@lru_cache(maxsize=2)
def _huge(mb: int) -> bytes:
    chunk = "<p>青禾县人民政府测试页面，用于检验抓取程序对超大页面的处理能力。</p>\n".encode()
    n = mb * 1024 * 1024 // len(chunk) + 1
    return b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>huge</title></head><body>" + chunk * n + b"</body></html>"


def _special(path: str, huge_mb: int) -> Response | None:
    gbk_page = ("<html><head>{meta}<title>编码测试</title></head><body>"
                "<h1 class=\"article-title\">青禾县编码测试页面</h1><div id=\"zoom\"><p>本页面使用国标编码，"
                "用于检验字符集识别。</p></div></body></html>")
    match path:
        case "/test/home":
            # A mini portal for robustness tests: one column listing every special path.
            return _html('<html><head><meta charset="utf-8"><title>测试首页</title></head><body>'
                         '<div class="nav"><a href="/test/home">首页</a><a href="/test/list/">异常页面</a></div>'
                         "</body></html>")
        case "/test/list/":
            items = "".join(f'<li><a href="{p}" title="{p}">{p}</a><span class="date">2026-01-01</span></li>'
                            for p in SPECIAL_PATHS)
            return _html('<html><head><meta charset="utf-8"><title>异常页面</title></head><body>'
                         f'<h2 class="col-title">异常页面</h2><ul class="list">{items}</ul></body></html>')
        case "/test/huge":
            return Response(200, {"Content-Type": "text/html; charset=utf-8"}, _huge(huge_mb or HUGE_DEFAULT_MB))
        case "/test/binary":
            return Response(200, {"Content-Type": "text/html"}, random.Random(7).randbytes(64 * 1024))
        case "/test/timeout":
            return Response(0, action="timeout")
        case "/test/reset":
            return Response(0, action="reset")
        case "/test/redirect-loop":
            return Response(302, {"Location": "/test/redirect-loop-b"})
        case "/test/redirect-loop-b":
            return Response(302, {"Location": "/test/redirect-loop"})
        case "/test/500":
            return _html("<html><body>500 Internal Server Error</body></html>", 500)
        case "/test/404":
            return _not_found()
        case "/test/malformed":
            return _html('<html><head><meta charset="utf-8"><title>残缺页面</title><body><div class="main">'
                         '<h1 class="article-title">格式残缺的测试页面</h1><div id="zoom"><p>第一段没有闭合'
                         "<p>第二段 &bogus; 含有错误实体 &amp 和多余的闭合标签</span></div></div></div>"
                         "<table><tr><td>未闭合单元格</table><p>结尾")
        case "/test/gbk-noheader":
            return Response(200, {"Content-Type": "text/html"}, gbk_page.format(meta="").encode("gbk"))
        case "/test/gbk-meta":
            return Response(200, {"Content-Type": "text/html"},
                            gbk_page.format(meta='<meta charset="gbk">').encode("gbk"))
    return None


SPECIAL_PATHS = ["/test/huge", "/test/binary", "/test/timeout", "/test/reset", "/test/redirect-loop",
                 "/test/500", "/test/404", "/test/malformed", "/test/gbk-noheader", "/test/gbk-meta"]


# ---------------------------------------------------------------------------
# site search

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


# ---------------------------------------------------------------------------
# entry point


def render(model: SiteModel, path: str, query: str = "", huge_mb: int = 0) -> Response:
    """Answer one GET request for ``path`` (no query string) and ``query``."""
    if path.startswith("/test/"):
        return _special(path, huge_mb) or _not_found()
    if path.startswith("/shapes/"):  # a second mini portal of other list templates (sample_site/shapes.py)
        from .shapes import render_shapes

        shaped = render_shapes(model.seed, model.today, path, query)
        return _html(shaped) if shaped is not None else _not_found()
    if path.startswith(("/media/", "/mp/", "/api/")):
        from .media.render import render_media  # the new-media pages live in their own package

        return render_media(model.seed, model.today, path, query) or _not_found()
    if path in ("/", "/index.html"):
        return Response(200, {"Content-Type": "text/html; charset=utf-8"}, _home(model))
    if path == "/search":
        return _search(model, query)
    if path == "/robots.txt":
        return Response(200, {"Content-Type": "text/plain; charset=utf-8"}, b"User-agent: *\nAllow: /\n")
    if path.startswith("/col/"):
        rest = path[len("/col/"):]
        if rest.endswith("/"):
            slug, fname = rest[:-1], ""
        else:
            slug, _, fname = rest.rpartition("/")
            if rest in model.columns:  # "/col/zwyw" without the slash
                return Response(301, {"Location": f"/col/{rest}/"})
        if slug == "ldxx" and fname.startswith("msg_"):
            m = re.fullmatch(r"msg_(\d+)\.html", fname)
            idx = int(m.group(1)) if m else 0
            if 1 <= idx <= len(model.mailbox):
                return _message(model, model.mailbox[idx - 1])
            return _not_found()
        col = model.columns.get(slug)
        return _column(model, col, fname, query) if col else _not_found()
    if path.startswith("/art/"):
        a = model.by_path.get(path)
        if a is not None:
            return _article(model, a)
        if path.startswith("/art/err/"):
            return _html("<html><body>500 Internal Server Error</body></html>", 500)
        if path.startswith("/art/loop/"):
            other = path[:-len("_b.html")] + ".html" if path.endswith("_b.html") else path[:-5] + "_b.html"
            return Response(302, {"Location": other})
        return _not_found()
    m = re.fullmatch(r"/files/(\d+)\.(\w+)", path)
    if m:
        att = model.attachments.get(int(m.group(1)))
        if att is None or att.ext != m.group(2):
            return _not_found()
        name = att.name.split("：", 1)[-1]
        from urllib.parse import quote
        return Response(200, {"Content-Type": CONTENT_TYPES[att.ext],
                              "Content-Disposition": f"inline; filename*=UTF-8''{quote(name)}"},
                        _file_bytes(model, att.id))
    m = re.fullmatch(r"/img/(\d+)\.(\w+)", path)
    if m:
        img = model.images.get(int(m.group(1)))
        if img is None or img.ext != m.group(2):
            return _not_found()
        return _image_response(model, img.id)
    return _not_found()


__all__ = ["GOV_OFFICE", "LEAK_ID", "Response", "SPECIAL_PATHS", "render", "article_meta",
           "article_body", "attachment_bytes", "CONTENT_TYPES", "search_results"]

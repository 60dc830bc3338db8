"""A second, differently built mini portal under /shapes/: list templates real counties mix.

Served by the same SampleServer and never linked from the main portal, so
the main portal's columns, articles and manifest stay as they are. Each
column uses another list shape, modelled on real government list pages
(tests/fixtures/gov_list/SOURCE.md): a TRS `table … tr` list with month-day
dates and `createPageHTML`, `div` rows with the pager in its own container,
`a > p + span` cards paged by a bare `var countPage = N`, a WCM
`createPage(…)` list of `.shtml` pages, a `dl/dd` list and a 信息公开
catalogue table with a header row and `?page=N`. The frame carries a
seeded typo (宏扬, header slogan) and a correct near-miss (弘扬, footer);
two columns' intro texts carry a typo (再接再砺) and its correct form.
Everything draws from its own `random.Random`, seeded from the model's seed.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from urllib.parse import parse_qs

PREFIX = "/shapes/"
SITE_NAME = "青禾县人民政府"
FRAME_TYPO = "宏扬"  # REVIEW-TYPO (常见错字错词: 弘扬-宏扬), on every page of this portal
FRAME_NEAR_MISS = "弘扬"
COLUMN_TYPO = "再接再砺"  # in the 通知公告 column's intro (should be 再接再厉)
COLUMN_NEAR_MISS = "再接再厉"


@dataclass
class ShapeArticle:
    id: int
    slug: str
    title: str
    date: dt.date

    @property
    def url(self) -> str:
        return f"{PREFIX}{self.slug}/{self.date:%Y%m}/t{self.date:%Y%m%d}_{self.id}.html"


@dataclass
class ShapeColumn:
    slug: str
    name: str
    shape: str  # trs_table | div_rows | cards_countpage | wcm_shtml | dl | catalog_table | parent
    per_page: int = 10
    parent: str | None = None
    intro: str = ""
    children: list[str] = field(default_factory=list)
    entries: list[ShapeArticle] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{PREFIX}{self.slug}/"

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.entries) // self.per_page))

    @property
    def list_style(self) -> str:
        return "query" if self.shape == "catalog_table" else "static"


# slug, name, shape, entries, per page, parent, intro
_COLUMNS = [
    ("tzgg", "通知公告", "trs_table", 27, 10, None, f"本栏目发布县政府及其部门的通知公告，请各单位{COLUMN_TYPO}，抓好落实。"),
    ("gzdt", "工作动态", "div_rows", 33, 15, None, f"本栏目报道全县各项工作进展，全县上下{COLUMN_NEAR_MISS}。"),
    ("zcwj", "政策文件", "cards_countpage", 25, 12, None, ""),
    ("gsgs", "公示公告", "wcm_shtml", 14, 10, None, ""),
    ("xxgk", "信息公开", "parent", 0, 10, None, ""),
    ("xxgk/ghjh", "规划计划", "dl", 9, 10, "xxgk", ""),
    ("xxgk/tjxx", "统计信息", "catalog_table", 23, 10, "xxgk", ""),
]
_TOPICS = ["安全生产", "森林防火", "防汛抗旱", "乡村振兴", "营商环境", "农村人居环境整治", "义务教育", "医疗保障",
           "耕地保护", "河湖长制", "食品安全", "城乡低保", "就业创业", "消防安全", "统计调查", "项目建设"]
_KINDS = ["通知", "公告", "实施方案", "工作要点", "情况通报", "公示"]
UNITS = [("县发展改革局", "fgj"), ("县财政局", "czj"), ("县民政局", "mzj"), ("县卫生健康局", "wjj"),
         ("青禾镇", "qhz"), ("柳溪镇", "lxz"), ("石门乡", "smx")]


@dataclass
class ShapesModel:
    today: dt.date
    columns: dict[str, ShapeColumn]
    by_path: dict[str, ShapeArticle]


@lru_cache(maxsize=4)
def build_shapes(seed: int, today: dt.date) -> ShapesModel:
    rng = random.Random(f"shapes-{seed}")
    columns: dict[str, ShapeColumn] = {}
    next_id = 1
    for slug, name, shape, n, per_page, parent, intro in _COLUMNS:
        col = ShapeColumn(slug, name, shape, per_page, parent, intro)
        day = today
        for _ in range(n):
            day -= dt.timedelta(days=rng.randint(1, 9))
            title = f"关于{day.year}年{rng.choice(_TOPICS)}工作的{rng.choice(_KINDS)}"
            col.entries.append(ShapeArticle(next_id, slug, title, day))
            next_id += 1
        columns[slug] = col
        if parent:
            columns[parent].children.append(slug)
    by_path = {a.url: a for c in columns.values() for a in c.entries}
    return ShapesModel(today, columns, by_path)


def _frame(title: str, main: str, model: ShapesModel) -> str:
    menu = "".join(f'<li><a href="{c.url}">{escape(c.name)}</a></li>' for c in model.columns.values() if not c.parent)
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(title)}_{SITE_NAME}</title></head><body>\n'
        f'<div id="top"><span class="logo">{SITE_NAME}</span><span class="slogan">{FRAME_TYPO}青禾精神　建设美丽青禾</span></div>\n'
        f'<div id="menu"><ul><li><a href="{PREFIX}">网站首页</a></li>{menu}</ul></div>\n'
        f'<div class="content">{main}</div>\n'
        f'<div id="foot"><p><a href="{PREFIX}lxwm.html">联系我们</a> | <a href="{PREFIX}wzdt.html">网站地图</a></p>'
        f"<p>主办：青禾县人民政府办公室　承办：青禾县政务信息中心　{FRAME_NEAR_MISS}法治精神　共建平安青禾</p>"
        "<p>网站标识码：5309990001　滇ICP备00000000号</p></div>\n</body></html>\n"
    )


def _home(model: ShapesModel) -> str:
    news = model.columns["gzdt"].entries[:6]
    items = "".join(f'<li><a href="{a.url}" title="{escape(a.title)}">{escape(a.title)}</a><i>{a.date:%m-%d}</i></li>'
                    for a in news)
    units = "".join(f'<li><a href="http://{code}.example.gov.cn/">{escape(name)}</a></li>' for name, code in UNITS)
    main = (f'<div class="box"><h3>工作动态</h3><ul>{items}</ul><a class="more" href="{PREFIX}gzdt/">更多</a></div>'
            f'<div class="bmlj"><h3>部门乡镇</h3><ul>{units}</ul></div>')
    return _frame("首页", main, model)


def _pager_links(col: ShapeColumn, cur: int, ext: str = "html") -> str:
    def page(i: int) -> str:
        return f"index.{ext}" if i == 0 else f"index_{i}.{ext}"
    parts = [f'<a href="{page(0)}">首页</a>']
    if cur > 0:
        parts.append(f'<a href="{page(cur - 1)}">上一页</a>')
    if cur + 1 < col.pages:
        parts.append(f'<a href="{page(cur + 1)}">下一页</a>')
    parts.append(f'<a href="{page(col.pages - 1)}">尾页</a><span>共{col.pages}页</span>')
    return "".join(parts)


def _list(col: ShapeColumn, cur: int) -> str:
    rows = col.entries[cur * col.per_page:(cur + 1) * col.per_page]
    rel = f"{PREFIX}{col.slug}/"

    def href(a: ShapeArticle) -> str:
        return "./" + a.url[len(rel):]
    match col.shape:
        case "trs_table":
            trs = "".join(
                f'<tr><td width="3%"><img src="{PREFIX}dot.gif"></td><td width="87%"><a href="{href(a)}" '
                f'target="_blank"><span class="STYLE25">{escape(a.title)}</span></a></td>'
                f'<td width="10%"><span class="STYLE12">{a.date:%m-%d}</span></td></tr>' for a in rows)
            return (f'<table width="99%"><tr><td><table width="100%">{trs}<tr><td></td></tr></table></td></tr>'
                    f'<tr><td><script>createPageHTML({col.pages}, {cur}, "index", "html");</script></td></tr></table>')
        case "div_rows":
            divs = "".join(f'<div class="item"><a href="{href(a)}">{escape(a.title)}</a>'
                           f'<span class="time">{a.date:%Y-%m-%d}</span></div>' for a in rows)
            return f'<div class="news-list">{divs}</div>\n<div id="pages" class="pagination">{_pager_links(col, cur)}</div>'
        case "cards_countpage":
            cards = "".join(f'<a href="{href(a)}"><p>{escape(a.title)}</p><span>{a.date:%Y-%m-%d}</span></a>' for a in rows)
            script = (f'<script>var countPage = {col.pages}; var currentPage = {cur}; var h = "";'
                      'for (var i = 0; i < countPage; i++) { h += "<a href=\\"" + (i ? "index_" + i + ".html" : '
                      '"index.html") + "\\">" + (i + 1) + "</a>"; } document.write(h);</script>')
            return f'<div class="list">{cards}</div>\n<div class="fy">{script}</div>'
        case "wcm_shtml":
            lis = "".join(f'<li class="clearfix"><a href="{href(a)}" title="{escape(a.title)}">{escape(a.title[:18])}…'
                          f'</a><span>{a.date:%Y-%m-%d}</span></li>' for a in rows)
            return (f'<ul class="list-ul">{lis}</ul>\n<script>//wcm分页\ncreatePage({col.pages}, {cur}, "index", '
                    '"shtml");</script>')
        case "dl":
            dds = "".join(f'<dd><a href="{href(a)}">{escape(a.title)}</a><em>{a.date.year}年{a.date.month:02d}月'
                          f'{a.date.day:02d}日</em></dd>' for a in rows)
            return f"<dl class=\"gk-list\"><dt>文件列表</dt>{dds}</dl>"
        case "catalog_table":
            trs = "".join(f'<tr><td>{cur * col.per_page + i + 1}</td><td class="bt"><a href="{href(a)}">{escape(a.title)}'
                          f'</a></td><td>{a.date:%Y-%m-%d}</td></tr>' for i, a in enumerate(rows))
            fanye = "".join(
                ([f'<a href="?page={cur}">上一页</a>'] if cur else [])
                + ([f'<a href="?page={cur + 2}">下一页</a>'] if cur + 1 < col.pages else []))
            return (f'<table class="xxgk-table"><tr><th>序号</th><th>标题</th><th>发布日期</th></tr>{trs}</table>'
                    f'<div class="fanye"><span>第{cur + 1}页/共{col.pages}页</span>{fanye}</div>')
    return ""


def _column(model: ShapesModel, col: ShapeColumn, fname: str, query: str) -> str | None:
    crumb = f'<div class="location">当前位置：<a href="{PREFIX}">首页</a> &gt; {escape(col.name)}</div>'
    intro = f'<p class="intro">{escape(col.intro)}</p>' if col.intro else ""
    if col.shape == "parent":
        if fname not in ("", "index.html"):
            return None
        subs = "".join(f'<dd><a href="{model.columns[c].url}">{escape(model.columns[c].name)}</a></dd>'
                       for c in col.children)
        return _frame(col.name, f'{crumb}<div class="leftnav"><dl>{subs}</dl></div>', model)
    if col.shape == "catalog_table":
        raw = parse_qs(query).get("page", ["1"])[0]
        if fname not in ("", "index.html") or not raw.isdigit() or not 1 <= int(raw) <= col.pages:
            return None
        cur = int(raw) - 1
    else:
        ext = "shtml" if col.shape == "wcm_shtml" else "html"
        m = re.fullmatch(rf"index(?:_(\d+))?\.{ext}", fname) if fname else None
        if fname and m is None:
            return None
        cur = int(m[1]) if m and m[1] else 0
        if not 0 <= cur < col.pages or (m and m[1] == "0"):
            return None
    return _frame(col.name, f"{crumb}<h2>{escape(col.name)}</h2>{intro}{_list(col, cur)}", model)


def _article(model: ShapesModel, a: ShapeArticle) -> str:
    col = model.columns[a.slug]
    body = (f"<p>为做好{escape(a.title[2:])}相关工作，现将有关事项说明如下。</p>"
            "<p>各乡镇、县直各部门要高度重视，明确责任分工，确保各项工作落到实处。</p>"
            "<p>联系人：县政府办公室综合股。</p>")
    main = (f'<div class="location">当前位置：<a href="{PREFIX}">首页</a> &gt; <a href="{col.url}">'
            f'{escape(col.name)}</a></div><h1 class="article-title">{escape(a.title)}</h1>'
            f'<div class="info">发布时间：{a.date:%Y-%m-%d}　来源：青禾县人民政府办公室</div>'
            f'<div class="TRS_Editor" id="zoom">{body}</div>')
    return _frame(a.title, main, model)


def render_shapes(seed: int, today: dt.date, path: str, query: str = "") -> str | None:
    """The page at ``path`` (under /shapes/), or None for a 404."""
    model = build_shapes(seed, today)
    if path in (PREFIX, PREFIX + "index.html"):
        return _home(model)
    if path in model.by_path:
        return _article(model, model.by_path[path])
    rest = path[len(PREFIX):]
    slug, _, fname = rest.rpartition("/")
    col = model.columns.get(slug)
    return _column(model, col, fname, query) if col else None


def shapes_manifest(seed: int, today: dt.date, base_url: str = "") -> dict:
    """Ground truth of the /shapes/ portal: columns, articles and the seeded text faults."""
    model = build_shapes(seed, today)
    base = base_url.rstrip("/")
    columns = [{"url": base + c.url, "name": c.name, "shape": c.shape, "leaf": c.shape != "parent",
                "parent": base + model.columns[c.parent].url if c.parent else None,
                "n_items": len(c.entries), "pages": c.pages if c.shape != "parent" else 0,
                "list_style": c.list_style if c.shape != "parent" else "none",
                "newest_date": max((a.date for a in c.entries), default=None) and
                f"{max(a.date for a in c.entries):%Y-%m-%d}"} for c in model.columns.values()]
    articles = [{"url": base + a.url, "title": a.title, "published": f"{a.date:%Y-%m-%d}",
                 "column": base + model.columns[a.slug].url} for c in model.columns.values() for a in c.entries]
    faults = [
        {"rule": "REVIEW-TYPO", "target": "site", "text": FRAME_TYPO, "kind": "fault"},
        {"rule": "REVIEW-TYPO", "target": "site", "text": FRAME_NEAR_MISS, "kind": "near_miss"},
        {"rule": "REVIEW-TYPO", "target": base + model.columns["tzgg"].url, "text": COLUMN_TYPO, "kind": "fault"},
        {"rule": "REVIEW-TYPO", "target": base + model.columns["gzdt"].url, "text": COLUMN_NEAR_MISS,
         "kind": "near_miss"},
    ]
    return {"columns": columns, "articles": articles, "faults": faults, "units": [n for n, _ in UNITS]}

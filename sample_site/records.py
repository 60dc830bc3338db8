"""The deterministic model of the fictional 青禾县 portal.

Only small records live here; article bodies of ordinary articles are rendered
on demand from (seed, article id) so that 100,000 articles stay cheap. Special
(seeded fault / near-miss) articles carry their body HTML in ``paras``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import text

# Freshness limits in days per column category (RULES.md FRESH-COLUMN), and the
# early-warning threshold the analyzers use before each limit.
CATEGORY_LIMIT: dict[str, int | None] = {
    "动态": 14, "通知公告": 183, "政策文件": 183, "政策解读": 183,
    "其他": 365, "常态": 31, "互动": None,
}
CATEGORY_WARN: dict[str, int | None] = {
    "动态": 10, "通知公告": 152, "政策文件": 152, "政策解读": 152,
    "其他": 300, "常态": 25, "互动": None,
}

GOV_OFFICE = "县人民政府办公室"

TOWNSHIPS: list[tuple[str, str]] = [
    ("青禾镇", "qhz"), ("柳溪镇", "lxz"), ("石门乡", "smx"), ("云岭镇", "ylz"),
    ("白沙乡", "bsx"), ("桃源镇", "tyz"), ("双河镇", "shz"), ("龙泉乡", "lqx"),
    ("枫林镇", "flz"), ("黄泥塘镇", "hntz"), ("清水乡", "qsx"), ("梅岭乡", "mlx"),
]
DEPARTMENTS: list[tuple[str, str]] = [
    ("县发展改革局", "fgj"), ("县财政局", "czj"), ("县医保局", "ybj"), ("县民政局", "mzj"),
    ("县审计局", "sjj"), ("县司法局", "sfj"), ("县市场监管局", "scjgj"), ("县投资促进局", "tcj"),
    ("县农业农村局", "nyncj"), ("县公安局", "gaj"), ("县水务局", "swj"), ("县应急局", "yjj"),
    ("县生态环境局", "sthjj"), ("县民宗局", "mzzjj"), ("县文化和旅游局", "whlyj"),
    ("县工业信息商务科技局", "gxskj"), ("县政务服务局", "zwfwj"), ("县教育体育局", "jtj"),
    ("县卫生健康局", "wjj"), ("县人力资源社会保障局", "rsj"), ("县自然资源局", "zrzyj"),
    ("县住房城乡建设局", "zjj"),
]

DOC_ABBR = {
    GOV_OFFICE: "青政办发", "县医保局": "青医保发", "县审计局": "青审发", "县司法局": "青司发",
    "县财政局": "青财发", "县农业农村局": "青农发", "县市场监管局": "青市监发",
    "青禾镇": "青禾镇政发", "柳溪镇": "柳政发", "石门乡": "石政发",
}


@dataclass(slots=True)
class Unit:
    name: str
    type: str  # 乡镇 | 县直部门 | 县政府办
    slug: str


@dataclass(slots=True, eq=False)
class Column:
    slug: str
    name: str
    names: tuple[str, ...]
    parent: str | None
    unit: str
    category: str
    kind: str  # news | xxgk | policy | interp | mailbox | media | parent
    list_style: str  # static | query | js | none
    leaf: bool
    children: list[str] = field(default_factory=list)
    entries: list[Article | BrokenEntry | MailboxMessage] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"/col/{self.slug}/"


@dataclass(slots=True)
class Attachment:
    id: int
    ext: str  # pdf | docx | xlsx | png | jpg
    name: str  # link text as shown, e.g. 附件1：项目清单.xlsx
    kind: str  # doc | table | redhead | privacy
    title: str

    @property
    def url(self) -> str:
        return f"/files/{self.id}.{self.ext}"


@dataclass(slots=True)
class Image:
    id: int
    ext: str
    kind: str  # photo | redhead | redphoto | html | empty

    @property
    def url(self) -> str:
        return f"/img/{self.id}.{self.ext}"

    @property
    def ok(self) -> bool:
        return self.kind in ("photo", "redhead", "redphoto")


@dataclass(slots=True, eq=False)
class Article:
    id: int
    col: str
    title: str
    date: dt.date
    time: str
    kind: str  # news | xxgk | policy | party | interp | media
    url_style: str = "art"  # art | t | nodate
    date_visible: str = "meta"  # meta | url | none
    encoding: str = "utf-8"
    charset_header: bool = True
    doc_no: str = ""
    label: str | None = None  # 此件公开发布 … (policy docs)
    label_pos: str = "annot"  # annot | top | none
    paras: tuple[str, ...] | None = None  # body HTML of special articles
    attachments: tuple[int, ...] = ()
    images: tuple[int, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (href, anchor text)
    views: int = 0
    meta_style: int = 0  # 0: plain labels, 1: U+2002-spaced labels (real-page quirk)
    malformed: bool = False
    related: int | None = None  # interp -> policy doc id
    order: int = 0  # tie-breaker for stable sorting before ids are assigned

    @property
    def url(self) -> str:
        d = self.date
        if self.url_style == "nodate":
            return f"/art/nodate/art_{self.id}.html"
        if self.url_style == "t":
            return f"/art/{d:%Y%m}/t{d:%Y%m%d}_{self.id}.html"
        return f"/art/{d:%Y/%m/%d}/art_{self.id}.html"

    @property
    def published(self) -> dt.date | None:
        return None if self.date_visible == "none" else self.date


@dataclass(slots=True)
class MailboxMessage:
    id: int
    title: str
    date: dt.date  # received
    status: str  # 已办结 | 办理中
    content: str
    reply_unit: str
    reply_date: dt.date | None
    reply: str

    @property
    def url(self) -> str:
        return f"/col/ldxx/msg_{self.id}.html"


@dataclass(slots=True)
class BrokenEntry:
    url: str
    col: str
    reason: str  # http_404 | http_500 | redirect_loop | not_html
    title: str
    date: dt.date


@dataclass(slots=True)
class Fault:
    rule: str
    kind: str  # fault | near_miss
    url: str  # path of article / column / message
    unit: str
    evidence: str
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(eq=False)
class SiteModel:
    seed: int
    today: dt.date
    n_articles: int
    units: list[Unit]
    columns: dict[str, Column]  # slug -> column, tree order
    top: list[str]
    articles: list[Article]
    mailbox: list[MailboxMessage]
    broken: list[BrokenEntry]
    attachments: dict[int, Attachment]
    images: dict[int, Image]
    faults: list[Fault]
    by_path: dict[str, Article] = field(default_factory=dict)
    by_id: dict[int, Article] = field(default_factory=dict)
    name: str = text.SITE_NAME
    # Ids of articles the site search (/search) does not index: the SEARCH-MISS fault.
    search_unindexed: frozenset[int] = frozenset()

    def unit_of(self, col: str) -> str:
        return self.columns[col].unit

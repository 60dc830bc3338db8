"""Seeded faults and near-misses: broken list entries, mailbox, site search.

The special (fault / near-miss) articles are seeded in specials.py, the
fictional personal data lives in privacy.py; ``resolve_faults`` turns the
pending records into ``Fault`` objects once article ids (and so URLs) are known.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING
from urllib.parse import quote

from . import text
from .privacy import (  # noqa: F401  (re-exported)
    LEAK_CARD,
    LEAK_ID,
    LEAK_MOBILE,
    XLSX_IDS,
    id_card,
    luhn_complete,
)
from .records import (
    CATEGORY_LIMIT,
    Article,
    BrokenEntry,
    Column,
    Fault,
    MailboxMessage,
    SiteModel,
)
from .specials import (  # noqa: F401  (re-exported)
    MEDIA_ACCOUNTS,
    NO_INTERP_MARK,
    _filler,
    _p,
    seed_specials,
)

if TYPE_CHECKING:
    from .model import _Builder


def seed_broken(b: _Builder) -> list[BrokenEntry]:
    def d(col: str) -> dt.date:
        return b.day(b.newest_age[col] + 2)

    pdf = b.new_attachment("pdf", "青禾县政府工作报告.pdf", "doc", "青禾县政府工作报告")
    return [
        BrokenEntry(f"/art/{d('tzgg'):%Y/%m/%d}/art_9000001.html", "tzgg", "http_404",
                    "关于做好年度档案移交工作的通知", d("tzgg")),
        BrokenEntry("/art/err/art_9000002.html", "zwyw", "http_500",
                    "我县召开县政府常务会议", d("zwyw")),
        BrokenEntry("/art/loop/art_9000003.html", "bmdt/czj", "redirect_loop",
                    "县财政局开展预算绩效管理培训", d("bmdt/czj")),
        BrokenEntry(f"/files/{pdf}.pdf", "zcwj/xzfb", "not_html", "青禾县政府工作报告", d("zcwj/xzfb")),
    ]


MAIL_ISSUES = ["道路维修", "路灯安装", "饮水管道改造", "小区停车", "噪声扰民", "医保报销",
               "子女入学", "危房改造", "农业补贴发放", "垃圾清运", "公交线路", "宅基地审批"]


def seed_mailbox(b: _Builder) -> list[MailboxMessage]:
    rng = random.Random(f"{b.seed}:mailbox")
    n = max(30, b.n // 60)
    ages = sorted((rng.randint(1, 360) for _ in range(n - 3)), reverse=True)
    # (age, answered?) seeded: two late and one recent pending message.
    seeded = [(150, False), (100, False), (20, False)]
    items = [(a, True) for a in ages] + seeded
    items.sort(key=lambda x: -x[0])
    msgs: list[MailboxMessage] = []
    titles: set[str] = set()
    depts = [u.name for u in b.units if u.type != "县政府办"]
    for i, (age, answered) in enumerate(items, start=1):
        v = rng.choice(text.VILLAGES)
        issue = rng.choice(MAIL_ISSUES)
        title = f"关于{v}{issue}的咨询"
        k = 2
        while title in titles:
            title = f"关于{v}{issue}的咨询（{k}）"
            k += 1
        titles.add(title)
        received = b.day(age)
        content = f"您好，我是{v}的群众，想咨询{issue}的有关问题，希望有关部门予以答复，谢谢。"
        if answered and age >= 3:
            rdate = received + dt.timedelta(days=rng.randint(1, min(15, age)))
            msgs.append(MailboxMessage(i, title, received, "已办结", content, rng.choice(depts),
                                       rdate, f"您好，您反映的{issue}问题已转相关单位办理，现已处理完毕，感谢您的关注。"))
        else:
            msgs.append(MailboxMessage(i, title, received, "办理中", content, "", None, ""))
    return msgs


def resolve_faults(b: _Builder, model: SiteModel) -> list[Fault]:
    out: list[Fault] = []
    for target, f in b.pending_faults:
        if isinstance(target, Article):
            f.url = target.url
            f.unit = model.columns[target.col].unit
        rel = f.extra.get("related")
        if isinstance(rel, Article):
            f.extra["related"] = rel.url
        out.append(f)
    for slug, (age, kind, note) in b.fresh_plan.items():
        c = model.columns[slug]
        ev = c.name
        out.append(Fault("FRESH-COLUMN", kind, c.url, c.unit, ev, note,
                         {"newest_age_days": age, "limit_days": CATEGORY_LIMIT[c.category],
                          "warning": kind == "near_miss" and age > 0}))
    for slug in ("rsxx/jtj", "czyjs/swj"):
        c: Column = model.columns[slug]
        out.append(Fault("FRESH-BLANK", "fault", c.url, c.unit, c.name, "blank column (暂无信息)"))
    for m in model.mailbox:
        if m.status == "办理中":
            late = (model.today - m.date).days > 90
            out.append(Fault("INTERACT-LATE", "fault" if late else "near_miss", m.url,
                             model.columns["ldxx"].unit, m.title,
                             f"unanswered for {(model.today - m.date).days} days"))
    return out


# SEARCH-MISS: the site search must find recent articles by their exact title.
SEARCH_RECENT_DAYS = 30
# The miss is drawn from the newest few news items so that any probe of the
# newest ~10 articles (sites.example.yaml probes 20) includes it.
SEARCH_POOL = 5


def seed_search(model: SiteModel) -> None:
    """Leave one recent article out of the search index; a second one is a near-miss.

    Runs after everything else with its own rng, so no other article, column or
    fault changes. Candidates are ordinary news items with a visible time
    (their crawled ``published_at`` orders exactly like the model) whose title
    is no substring of another title, so the search truly returns nothing.
    """
    rng = random.Random(f"{model.seed}:search")
    recent = [a for a in model.articles
              if 0 <= (model.today - a.date).days <= SEARCH_RECENT_DAYS and a.paras is None
              and a.kind == "news" and a.date_visible == "meta"]
    recent.sort(key=lambda a: (a.date, a.time, a.id), reverse=True)
    titles = [a.title for a in model.articles]
    pool = [a for a in recent[:SEARCH_POOL * 4]
            if sum(a.title in t for t in titles) == 1][:SEARCH_POOL]
    if len(pool) < 2:
        return  # a portal too small for a recent pair: no SEARCH-MISS seeded
    miss, near = rng.sample(pool, 2)
    model.search_unindexed = frozenset({miss.id})
    for a, kind, note in ((miss, "fault", "recent article missing from the site search index"),
                          (near, "near_miss", "recent article the site search finds")):
        model.faults.append(Fault("SEARCH-MISS", kind, a.url, model.columns[a.col].unit, a.title, note,
                                  {"search": f"/search?q={quote(a.title)}"}))

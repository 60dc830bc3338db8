"""Builds the deterministic model of the fictional 青禾县 portal.

The records themselves live in records.py, the column tree in column_tree.py;
they are re-exported here, where the rest of the code and the tests import them.
"""

from __future__ import annotations

import datetime as dt
import random

from . import text
from .column_tree import _build_columns, _column_unit  # noqa: F401  (re-exported)
from .privacy import id_card, luhn_complete  # noqa: F401  (re-exported)
from .records import (  # noqa: F401  (re-exported)
    CATEGORY_LIMIT,
    CATEGORY_WARN,
    DEPARTMENTS,
    DOC_ABBR,
    GOV_OFFICE,
    TOWNSHIPS,
    Article,
    Attachment,
    BrokenEntry,
    Column,
    Fault,
    Image,
    MailboxMessage,
    SiteModel,
    Unit,
)

# ---------------------------------------------------------------------------
# builder


class _Builder:
    def __init__(self, seed: int, n_articles: int, today: dt.date) -> None:
        self.seed = seed
        self.n = n_articles
        self.today = today
        self.rng = random.Random(seed)
        self.units = (
            [Unit(GOV_OFFICE, "县政府办", "xzfb")]
            + [Unit(n, "县直部门", s) for n, s in DEPARTMENTS]
            + [Unit(n, "乡镇", s) for n, s in TOWNSHIPS]
        )
        self.cols, self.top = _build_columns(self.rng, self.units)
        self.articles: list[Article] = []
        self.specials: list[tuple[Article, list[Fault]]] = []
        self.attachments: dict[int, Attachment] = {}
        self.images: dict[int, Image] = {}
        self.faults: list[Fault] = []
        self.used_titles: set[str] = set()
        self.doc_counter: dict[tuple[str, int], int] = {}
        self.order = 0
        self.newest_age: dict[str, int] = {}
        self.fresh_plan: dict[str, tuple[int, str, str]] = {}
        # Faults whose URL is known only once every article has its final id.
        self.pending_faults: list[tuple[object, Fault]] = []

    # -- small helpers --------------------------------------------------
    def day(self, age: int) -> dt.date:
        return self.today - dt.timedelta(days=age)

    def new_attachment(self, ext: str, name: str, kind: str, title: str) -> int:
        aid = 101 + len(self.attachments)
        self.attachments[aid] = Attachment(aid, ext, name, kind, title)
        return aid

    def new_image(self, ext: str, kind: str) -> int:
        iid = 501 + len(self.images)
        self.images[iid] = Image(iid, ext, kind)
        return iid

    def doc_no(self, unit: str, year: int) -> str:
        key = (unit, year)
        self.doc_counter[key] = self.doc_counter.get(key, 0) + 1
        return f"{DOC_ABBR.get(unit, '青政发')}〔{year}〕{self.doc_counter[key]}号"

    def make_article(self, col: str, title: str, age: int, kind: str, **kw: object) -> Article:
        self.order += 1
        a = Article(0, col, title, self.day(age), f"{self.rng.randint(8, 17):02d}:{self.rng.choice(['00', '10', '20', '30', '40', '50'])}",
                    kind, views=self.rng.randint(40, 3000), meta_style=self.rng.randint(0, 1),
                    order=self.order, **kw)  # type: ignore[arg-type]
        self.used_titles.add(title)
        return a

    def unique_title(self, base: str, *alternatives: str) -> str:
        for cand in alternatives:
            if base not in self.used_titles:
                break
            base = cand
        title = base
        k = 2
        while title in self.used_titles:
            title = f"{base}（第{k}期）"
            k += 1
        self.used_titles.add(title)
        return title

    def col_kind(self, col: str) -> str:
        return self.cols[col].kind

    # -- freshness plan -----------------------------------------------------
    def plan_freshness(self) -> None:
        # slug -> (newest age in days, rule kind, note)
        self.fresh_plan = {
            "rsxx/gxskj": (400, "fault", "其他类栏目超过1年未更新"),
            "zcwj/ybj": (220, "fault", "政策文件栏目超过6个月未更新"),
            "ggflfw/lxz": (420, "fault", "公共法律服务栏目超过1年未更新"),
            "bmdt/mzzjj": (20, "fault", "动态类栏目超过2周未更新"),
            "xzdt/bsx": (30, "fault", "动态类栏目超过2周未更新"),
            "shjz": (45, "fault", "常态类栏目超过1个月未更新"),
            "bmdt/swj": (11, "near_miss", "early warning only (预警): 11 days, limit 14"),
            "zcwj/sjj": (165, "near_miss", "early warning only (预警): 165 days, limit 183"),
            "zwyw": (0, "near_miss", "fresh column: updated today"),
        }
        for c in self.cols.values():
            if not c.leaf or c.kind in ("mailbox",):
                continue
            if c.slug in self.fresh_plan:
                self.newest_age[c.slug] = self.fresh_plan[c.slug][0]
                continue
            warn = CATEGORY_WARN[c.category] or 30
            # Stay well inside the early-warning window so only planned columns are flagged.
            self.newest_age[c.slug] = self.rng.randint(0, max(1, warn // 3))

    # -- ordinary articles ------------------------------------------------
    def ordinary_title(self, col: Column, rng: random.Random, age: int) -> tuple[str, str]:
        """Title and kind for an ordinary article of a column."""
        d = self.day(age)
        unit = col.unit
        if col.kind == "news":
            verb, obj = rng.choice(text.TITLE_ACTIONS)
            if col.slug in ("zwyw", "tpxw"):
                subj = rng.choice(["我县", "县政府", "全县"])
                return self.unique_title(f"{subj}{verb}{obj}"), "news"
            if col.unit.endswith(("镇", "乡")) and rng.random() < 0.5:
                return self.unique_title(f"{unit}在{rng.choice(text.VILLAGES)}{verb}{obj}"), "news"
            return self.unique_title(f"{unit}{verb}{obj}"), "news"
        if col.kind == "policy":
            subj = rng.choice(text.POLICY_SUBJECTS)
            prefix = unit if unit.endswith(("镇", "乡")) else text.COUNTY
            head = f"{text.full_unit_name(unit)}关于印发{prefix}"
            return self.unique_title(
                f"{head}{subj}的通知", f"{head}{subj}（{d.year}年修订）的通知",
                f"{head}{d.year}年{subj}的通知"), "policy"
        if col.slug == "tzgg":
            subj = rng.choice(text.NOTICE_SUBJECTS)
            return self.unique_title(f"关于{d.year}年{subj}的通知"), "xxgk"
        if col.category == "常态":
            subj = {"shjz": rng.choice(["城乡低保资金发放情况", "特困人员供养金发放情况", "临时救助情况公示"]),
                    "zwfwqk": "政务服务事项办理情况"}.get(col.slug, "工作情况")
            return self.unique_title(f"{text.COUNTY}{d.year}年{d.month}月{subj}"), "xxgk"
        subj = rng.choice(text.OTHER_SUBJECTS)
        return self.unique_title(f"{text.full_unit_name(unit)}{d.year}年{subj}"), "xxgk"

    def allocate(self, budget: int) -> dict[str, int]:
        weights: dict[str, float] = {}
        for c in self.cols.values():
            if not c.leaf or c.kind in ("mailbox", "media", "interp"):
                continue
            if c.slug in ("rsxx/jtj", "czyjs/swj"):  # seeded blank columns
                continue
            w = {"zwyw": 8.0, "tzgg": 5.0}.get(c.slug, 0.0) or {
                "news": 3.0, "policy": 2.0}.get(c.kind, 1.0)
            if c.slug in self.fresh_plan and self.fresh_plan[c.slug][1] == "fault":
                w = 0.5  # a stale column is a quiet one
            weights[c.slug] = w
        total = sum(weights.values())
        counts = {s: 1 for s in weights}
        rest = budget - len(counts)
        for s, w in weights.items():
            counts[s] += int(rest * w / total)
        # 图片新闻 is rendered by JS from data.json and must stay small
        if counts.get("tpxw", 0) > 36:
            counts["zwyw"] += counts["tpxw"] - 36
            counts["tpxw"] = 36
        counts["zwyw"] += budget - sum(counts.values())
        return counts

    def make_ordinary(self, col_slug: str, k: int) -> list[Article]:
        col = self.cols[col_slug]
        rng = random.Random(f"{self.seed}:{col_slug}")
        newest = self.newest_age[col_slug]
        span = 1100
        ages = [newest] + sorted(newest + rng.randint(0, span) for _ in range(k - 1))
        out = []
        for age in ages:
            title, kind = self.ordinary_title(col, rng, age)
            a = self.make_article(col_slug, title, age, kind)
            if kind == "news" and rng.random() < 0.12:
                a.url_style = "t"
                if rng.random() < 0.5:
                    a.date_visible = "url"
            if rng.random() < 0.03:
                a.encoding = "gbk"
                a.charset_header = rng.random() < 0.5
            if kind == "policy":
                a.doc_no = self.doc_no(col.unit, a.date.year)
                a.label = "此件公开发布" if rng.random() < 0.9 else "此件依申请公开"
            if col_slug == "tpxw" or (kind == "news" and rng.random() < 0.04 and len(self.images) < 400):
                a.images = (self.new_image("jpg", "photo"),)
            if kind in ("xxgk", "policy") and rng.random() < 0.08 and len(self.attachments) < 150:
                ext = rng.choice(["pdf", "docx", "xlsx"])
                topic = title[-14:].removesuffix("的通知") or "材料"
                a.attachments = (self.new_attachment(
                    ext, f"附件1：{topic}.{ext}", "table" if ext == "xlsx" else "doc", topic),)
            out.append(a)
        return out

    # -- build ------------------------------------------------------------
    def build(self) -> SiteModel:
        from . import conventions
        from . import faults as faults_mod

        self.plan_freshness()
        specials = faults_mod.seed_specials(self)
        n_special = len(specials)
        # Interpretations are derived from policy docs, so size the ordinary budget
        # for them: budget * (1 + policy share) + specials ≈ n.
        probe = self.allocate(1000)
        pol_share = sum(v for s, v in probe.items() if self.col_kind(s) == "policy") / 1000
        sp_policy = sum(1 for a in specials if a.kind == "policy")
        budget = int((self.n - n_special - sp_policy) / (1 + pol_share))
        min_budget = sum(1 for _ in probe)
        if budget < min_budget:
            raise ValueError(f"n_articles too small; need at least {self.minimum()}")
        counts = self.allocate(budget)
        ordinary: list[Article] = []
        for slug, k in counts.items():
            ordinary.extend(self.make_ordinary(slug, k))
        arts = ordinary + specials
        interps = self.make_interps(arts)
        arts += interps
        diff = self.n - len(arts)
        if diff > 0:
            arts += self.make_ordinary_extra("zwyw", diff)
        elif diff < 0:
            # drop the oldest ordinary 政务要闻 items (never the newest, which keeps it fresh)
            zw = sorted((a for a in ordinary if a.col == "zwyw"), key=lambda a: a.date)
            drop = {id(a) for a in zw[: -diff]}
            arts = [a for a in arts if id(a) not in drop]
        # CMS ids grow with time, as on real portals.
        arts.sort(key=lambda a: (a.date, a.order))
        for i, a in enumerate(arts):
            a.id = 1001 + i
        order_to_id = {a.order: a.id for a in arts}
        for a in arts:
            if a.kind == "interp" and a.related is not None:
                a.related = order_to_id.get(a.related)
            elif a.related is not None and a.related < 0:
                a.related = None  # the no-interpretation marker has done its job
        broken = faults_mod.seed_broken(self)
        mailbox = faults_mod.seed_mailbox(self)
        model = SiteModel(self.seed, self.today, self.n, self.units, self.cols, self.top, arts,
                          mailbox, broken, self.attachments, self.images, [])
        for a in arts:
            model.by_path[a.url] = a
            model.by_id[a.id] = a
            self.cols[a.col].entries.append(a)
        for b in broken:
            self.cols[b.col].entries.append(b)
        self.cols["ldxx"].entries.extend(mailbox)
        for c in self.cols.values():
            c.entries.sort(key=lambda e: (e.date, getattr(e, "id", 0)), reverse=True)
        model.faults = faults_mod.resolve_faults(self, model)
        # Last, and on its own rng: everything generated above stays byte-identical.
        faults_mod.seed_search(model)
        conventions.seed_conventions(model)  # issue 12, on its own rng too
        return model

    def make_ordinary_extra(self, col_slug: str, k: int) -> list[Article]:
        col = self.cols[col_slug]
        rng = random.Random(f"{self.seed}:{col_slug}:extra")
        out = []
        for _ in range(k):
            age = self.newest_age[col_slug] + rng.randint(1, 1100)
            title, kind = self.ordinary_title(col, rng, age)
            out.append(self.make_article(col_slug, title, age, kind))
        return out

    def make_interps(self, arts: list[Article]) -> list[Article]:
        from .faults import NO_INTERP_MARK

        out = []
        rng = random.Random(f"{self.seed}:interp")
        for doc in sorted(arts, key=lambda a: a.order):
            if doc.kind != "policy" or doc.related == NO_INTERP_MARK:
                continue
            age = max(0, (self.today - doc.date).days - rng.randint(1, 4))
            a = self.make_article("zcjd", f"《{doc.title}》政策解读", age, "interp")
            a.related = doc.order  # resolved to the doc id at render time via order
            out.append(a)
        return out

    def minimum(self) -> int:
        return 260


def build_site(seed: int = 42, n_articles: int = 2000, today: dt.date | None = None) -> SiteModel:
    """Build the whole portal model; deterministic for (seed, n_articles, today)."""
    if today is None:
        today = dt.date.today()
    return _Builder(seed, n_articles, today).build()

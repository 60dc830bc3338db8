"""The sample county's government new-media accounts (政务新媒体) and their posts.

43 accounts as in the seed bulletin (38 WeChat, 2 Weibo, 2 Douyin, 1 Kuaishou),
owned by the sample portal's units, plus two accounts only the portal's matrix
page lists. Drawn from its own ``random.Random`` so that the portal's articles,
columns and manifest stay as they were. Seeded faults and near-misses are
recorded in ``MediaModel.faults`` (see sample_site/media/faults.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from .. import text
from ..model import DEPARTMENTS, GOV_OFFICE, TOWNSHIPS

PLATFORMS = ("wechat", "weibo", "douyin", "kuaishou")
PLATFORM_NAMES = {"wechat": "微信", "weibo": "微博", "douyin": "抖音", "kuaishou": "快手"}
FULL_MENUS = ("政策文件", "办事服务", "互动交流")

# What an account's pages answer besides a normal page (not checkable / gone).
STATES = ("ok", "gone", "rate_limited", "captcha", "login_wall", "empty", "layout_changed")


@dataclass(slots=True)
class Post:
    id: str  # platform post id (WeChat: mid)
    title: str
    paras: tuple[str, ...]  # plain text paragraphs (HTML-escaped when rendered)
    when: dt.datetime  # China local time
    images: int = 1
    # image index -> (kind, extension, image id) for images other than the 1x1 GIF
    image_kinds: dict[int, tuple[str, str, int]] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Account:
    platform: str
    id: str  # the path id: WeChat biz slug, Weibo uid, Douyin sec_uid, Kuaishou user id
    name: str
    unit: str
    registered: bool = True
    in_config: bool = True
    in_matrix: bool = True
    matrix_name: str | None = None  # how the matrix page spells it, when it differs
    menus: tuple | None = FULL_MENUS  # WeChat menu bar: names or (name, (sub, ...)); None: no menu block
    config_menus: tuple[str, ...] | None = None  # menus stated in configuration
    source: str = "album"  # WeChat article list: album | feed
    state: str = "ok"
    posts: list[Post] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.id}"

    @property
    def biz(self) -> str:
        return base64.b64encode(self.id.encode()).decode()

    @property
    def record_no(self) -> str | None:
        if not self.registered:
            return None
        digest = sum(ord(c) * (i + 7) for i, c in enumerate(self.key))
        return f"53052{digest % 10**7:07d}"


@dataclass(eq=False)
class MediaModel:
    seed: int
    today: dt.date
    accounts: list[Account]
    faults: list[dict[str, object]]

    def find(self, platform: str, account_id: str) -> Account | None:
        for a in self.accounts:
            if a.platform == platform and a.id == account_id:
                return a
        return None


def _wechat_name(unit: str) -> str:
    if unit == GOV_OFFICE:
        return "青禾发布"
    if unit.endswith(("镇", "乡")):
        return f"魅力{unit}"
    return "青禾" + unit.removeprefix("县").removesuffix("局")


# Names the portal's existing matrix article already uses (sample_site/specials.py MEDIA_ACCOUNTS).
_NAMED = {"县医保局": "青禾医保", "县政务服务局": "青禾政务服务", "柳溪镇": "茶香柳溪", "石门乡": "生态石门"}


def base_accounts() -> list[Account]:
    """The 43 configured accounts, in a fixed order (ids are stable across seeds)."""
    units = [GOV_OFFICE] + [d for d, _ in DEPARTMENTS] + [t for t, _ in TOWNSHIPS]
    slugs = {GOV_OFFICE: "zfb"} | dict(DEPARTMENTS) | dict(TOWNSHIPS)
    out = [Account("wechat", f"wx{slugs[u]}", _NAMED.get(u) or _wechat_name(u), u) for u in units]
    out += [
        Account("wechat", "wxgajj", "青禾公安交警", "县公安局"),
        Account("wechat", "wxwlgz", "青禾文旅", "县文化和旅游局"),
        Account("wechat", "wxjkqh", "健康青禾", "县卫生健康局"),
        Account("weibo", "5301100001", "青禾发布", GOV_OFFICE, menus=None),
        Account("weibo", "5301100002", "青禾公安", "县公安局", menus=None),
        Account("douyin", "MS4wLjABAAAAqinghewenlv", "青禾文旅", "县文化和旅游局", menus=None),
        Account("douyin", "MS4wLjABAAAAqinghefabu", "青禾发布", GOV_OFFICE, menus=None),
        Account("kuaishou", "3xqingherongmei", "青禾融媒", GOV_OFFICE, menus=None),
    ]
    return out


def make_posts(rng: random.Random, acc: Account, today: dt.date, newest_age: int,
               gap: tuple[int, int] | None = None, horizon: int = 75) -> list[Post]:
    """Posts from ``newest_age`` days ago back to ``horizon`` days, newest first.

    ``gap`` = (after_age, days): no post for ``days`` days before the first post at
    least ``after_age`` days old (the quarter's longest silence).
    """
    ages: list[int] = []
    age = newest_age
    while age <= horizon:
        ages.append(age)
        if gap and age >= gap[0]:
            age, gap = age + gap[1], None
        else:
            # At most 9 days between posts: only seeded silences exceed the 14-day limit.
            age += rng.randint(3, 9)
    posts = []
    titles: set[str] = set()
    for n, age in enumerate(ages):
        day = today - dt.timedelta(days=age)
        when = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59), rng.randint(0, 59)))
        if when.date() == today:
            when = when.replace(hour=8)
        verb, obj = rng.choice(text.TITLE_ACTIONS)
        title = f"{acc.unit}{verb}{obj}"
        if title in titles:
            # The title pool is small: an account's second 开展… of the quarter says when, as
            # real accounts do, so only the seeded copies (media/duplicates.py) repeat a title.
            title += f"（{when.month}月{when.day}日）"
        titles.add(title)
        paras = tuple(text.paragraphs(rng, acc.unit, 2, 3))
        pid = str(2650000000 + int(hashlib.sha256(f"{acc.key}:{n}".encode()).hexdigest()[:7], 16))
        posts.append(Post(pid, title, paras, when, images=1 + n % 2))
    return posts

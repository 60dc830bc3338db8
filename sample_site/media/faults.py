"""Seeded faults and near-misses of the sample new-media accounts (the manifest's truth).

Each entry: rule, kind (fault | near_miss), target (an account key
``platform:id`` or a post's URL path), unit, evidence, note. FRESH-MEDIA
entries also carry ``severity`` (veto: nothing for 14+ days at the analysis
date; deduct: a silence over 14 days earlier in the quarter).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from functools import cache

from ..faults import LEAK_MOBILE
from .duplicates import seed_duplicates
from .images import seed_images
from .model import Account, MediaModel, Post, base_accounts, make_posts

# Accounts on the matrix page only (not in the configuration).
MATRIX_ONLY = (
    Account("wechat", "wxqhnj", "青禾农技", "县农业农村局", registered=False, in_config=False),
    Account("wechat", "wxqhly", "青禾林业", "县自然资源局", registered=False, in_config=False, state="gone"),
)
POST_MOBILE = LEAK_MOBILE[:-3] + "456"


@cache
def build_media(seed: int, today: dt.date) -> MediaModel:
    """The accounts, their posts and the faults for a sample portal of (seed, today)."""
    rng = random.Random(f"{seed}:media")
    accounts = [*base_accounts(), *(dataclasses.replace(a) for a in MATRIX_ONLY)]
    by_id = {a.id: a for a in accounts}
    faults: list[dict[str, object]] = []

    def fault(acc: Account, rule: str, evidence: str, note: str, kind: str = "fault",
              target: str | None = None, **extra: object) -> None:
        faults.append({"rule": rule, "kind": kind, "target": target or acc.key, "unit": acc.unit,
                       "evidence": evidence, "note": note, **extra})

    newest: dict[str, int] = {}
    gaps: dict[str, tuple[int, int]] = {}

    # FRESH-MEDIA: silent for 15+ days (veto), a 3-week silence earlier in the quarter (deduct).
    for aid, age in (("wxmzzjj", 16), ("wxbsx", 40), ("5301100002", 21), ("MS4wLjABAAAAqinghewenlv", 18)):
        newest[aid] = age
        fault(by_id[aid], "FRESH-MEDIA", f"{age}天", f"last post {age} days before today", severity="veto")
    newest["wxshz"], gaps["wxshz"] = 2, (20, 22)
    fault(by_id["wxshz"], "FRESH-MEDIA", "22天", "a 22-day silence within the quarter", severity="deduct")
    newest["wxlqx"] = 14
    fault(by_id["wxlqx"], "FRESH-MEDIA", "14天", "last post exactly 14 days ago: within the limit", "near_miss")
    newest["wxflz"], gaps["wxflz"] = 3, (30, 14)
    fault(by_id["wxflz"], "FRESH-MEDIA", "14天", "a 14-day gap is within the limit", "near_miss")
    newest["3xqingherongmei"] = 11
    fault(by_id["3xqingherongmei"], "FRESH-MEDIA", "11天", "early warning (notice) only", "near_miss")
    # Not checkable: its real posts are old, but the crawler never sees them.
    by_id["wxsjj"].state, newest["wxsjj"] = "rate_limited", 30
    fault(by_id["wxsjj"], "FRESH-MEDIA", "rate_limited", "page refused: not checkable, not stale", "near_miss")
    fault(by_id["wxsjj"], "MEDIA-MISSING", "rate_limited", "page refused: not checkable, not gone", "near_miss")

    # MEDIA-MISSING: registered but gone; listed on the matrix page but unreachable.
    by_id["wxtcj"].state = "gone"
    fault(by_id["wxtcj"], "MEDIA-MISSING", "青禾投资促进", "registered account whose page is gone (404)")
    fault(by_id["wxqhly"], "MEDIA-MISSING", "青禾林业", "matrix lists it; its link is dead")

    # MEDIA-UNREGISTERED: opened before registration; found only on the matrix page.
    by_id["wxjkqh"].registered = False
    fault(by_id["wxjkqh"], "MEDIA-UNREGISTERED", "健康青禾", "configured with registered: false")
    by_id["MS4wLjABAAAAqinghefabu"].registered = False
    fault(by_id["MS4wLjABAAAAqinghefabu"], "MEDIA-UNREGISTERED", "青禾发布", "Douyin account not registered")
    fault(by_id["wxqhnj"], "MEDIA-UNREGISTERED", "青禾农技", "on the matrix page, not in the registry")
    by_id["wxybj"].matrix_name = "青禾 医保"
    fault(by_id["wxybj"], "MEDIA-UNREGISTERED", "青禾 医保", "matrix spells the name with a space; same link",
          "near_miss")
    by_id["wxzjj"].in_matrix = False
    fault(by_id["wxzjj"], "MEDIA-UNREGISTERED", "青禾住房城乡建设", "registered, missing from the matrix page",
          "near_miss")

    # MEDIA-MENU (WeChat): required 政策文件 / 办事服务 / 互动交流.
    by_id["wxfgj"].menus = ("政策文件", "办事服务", "走进发改")
    fault(by_id["wxfgj"], "MEDIA-MENU", "互动交流", "menu bar lacks 互动交流")
    by_id["wxhntz"].menus = ()
    fault(by_id["wxhntz"], "MEDIA-MENU", "政策文件、办事服务、互动交流", "no menu at all")
    by_id["wxsthjj"].menus, by_id["wxsthjj"].config_menus = None, ("办事服务", "互动交流")
    fault(by_id["wxsthjj"], "MEDIA-MENU", "政策文件", "page shows no menus; configuration lacks 政策文件")
    by_id["wxqhz"].menus = ("政策法规", "政务服务", "咨询留言")
    fault(by_id["wxqhz"], "MEDIA-MENU", "政策法规", "accepted names of the required menus", "near_miss")
    by_id["wxylz"].menus = (("政务公开", ("政策文件", "政策解读")), "办事服务", ("微互动", ("互动交流", "投票")))
    fault(by_id["wxylz"], "MEDIA-MENU", "政务公开", "required menus as sub-menus", "near_miss")
    by_id["wxmzj"].menus, by_id["wxmzj"].config_menus = None, ("政策文件", "办事服务", "互动交流")
    fault(by_id["wxmzj"], "MEDIA-MENU", "政策文件", "menus from configuration, complete", "near_miss")
    by_id["wxsfj"].menus = None
    fault(by_id["wxsfj"], "MEDIA-MENU", "", "menus unknown (no page menu, no configuration): not judged",
          "near_miss")

    # WeChat article lists from RSS feeds instead of album pages.
    for aid in ("wxqsx", "wxmlx"):
        by_id[aid].source = "feed"

    for acc in accounts:
        age = newest.get(acc.id, rng.randint(0, 6))
        acc.posts = make_posts(rng, acc, today, age, gaps.get(acc.id))

    def special(aid: str, n: int, rule: str, evidence: str, sentence: str, note: str,
                kind: str = "fault") -> None:
        acc = by_id[aid]
        post = acc.posts[n]
        post.paras = (post.paras[0], sentence, *post.paras[1:])
        fault(acc, rule, evidence, note, kind, target=post_path(acc, post))

    # Content faults in posts (the portal's REVIEW rules, unchanged), near-misses beside them.
    special("wxyjj", 0, "REVIEW-TYPO", "布署", "县应急局要求各乡镇提前布署防汛物资，确保汛期安全。", "should be 部署")
    special("wxnyncj", 1, "REVIEW-TYPO", "部署", "县农业农村局对秋冬种工作作出部署。", "correct form", "near_miss")
    special("5301100001", 0, "REVIEW-SENSITIVE", "残废人", "志愿者走访慰问了残废人家庭。", "禁用词")
    special("MS4wLjABAAAAqinghefabu", 1, "REVIEW-PRIVACY", POST_MOBILE,
            f"报名请联系王老师，电话{POST_MOBILE}。", "unmasked mobile number in a Douyin caption")
    special("wxrsj", 0, "REVIEW-PRIVACY", "138****5678", "咨询电话：138****5678，或拨打12345热线。",
            "masked mobile and hotline", "near_miss")
    media = MediaModel(seed, today, accounts, faults)
    seed_images(media, fault, post_path)
    seed_duplicates(media, fault, post_path)
    return media


def post_path(acc: Account, post: Post) -> str:
    """Where a post is read: WeChat article pages; for the others the post's own page."""
    if acc.platform == "wechat":
        return f"/mp/s?__biz={acc.biz}&idx=1&mid={post.id}&sn={post.id[-6:]}"
    if acc.platform == "weibo":
        return f"/media/weibo/detail/{post.id}"
    if acc.platform == "douyin":
        return f"/media/douyin/video/{post.id}"
    return f"/media/kuaishou/short-video/{post.id}"

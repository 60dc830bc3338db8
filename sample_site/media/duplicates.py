"""Posts published twice (DUP-TITLE / DUP-CONTENT on new media) and the reposts that are not.

重复发布 on new media is one account publishing the same post twice: the
fault. An account reposting a portal article, or two accounts of the county's
matrix carrying the same text, is normal: the near-misses. Ids come from
their own hash and the copies add no random draws, so every other account,
post and fault stays as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
from collections.abc import Callable

from .. import text
from .model import Account, MediaModel, Post

# The account that publishes one of its posts again, and which post (index, newest first).
DUPLICATED = ("wxjtj", 3)
# A Public Security post (from index 2 on) that the traffic police account (same owner) carries too.
MATRIX_REPOST = ("wxgaj", 2, "wxgajj")
# The portal's first special article (sample_site/specials.py seed_specials: 桃源镇, FRESH-NODATE),
# reposted by the township's account.
PORTAL_REPOST = ("wxtyz", "xzdt/tyz", "桃源镇", "桃源镇开展农村道路安全隐患排查整治")


def portal_article_paras(seed: int, unit: str) -> list[str]:
    """The paragraphs of the portal article PORTAL_REPOST names: seed_specials draws them first."""
    return text.paragraphs(random.Random(f"{seed}:specials"), unit, 3, 3)


def _copy_id(acc: Account, tag: str) -> str:
    return str(2660000000 + int(hashlib.sha256(f"{acc.key}:{tag}".encode()).hexdigest()[:7], 16))


def _insert(acc: Account, post: Post) -> None:
    acc.posts.append(post)
    acc.posts.sort(key=lambda p: p.when, reverse=True)


def seed_duplicates(media: MediaModel, fault: Callable[..., None],
                    post_path: Callable[[Account, Post], str]) -> None:
    """Add the copies and record them in the manifest (DUP-TITLE and DUP-CONTENT each)."""

    def both(acc: Account, post: Post, note: str, kind: str) -> None:
        for rule in ("DUP-TITLE", "DUP-CONTENT"):
            fault(acc, rule, post.title, note, kind, target=post_path(acc, post))

    def account(aid: str) -> Account:
        acc = media.find("wechat", aid)
        assert acc is not None and acc.state == "ok", aid
        return acc

    aid, n = DUPLICATED
    acc = account(aid)
    original = acc.posts[n]
    copy = dataclasses.replace(original, id=_copy_id(acc, "again"), image_kinds={},
                               when=original.when + dt.timedelta(days=1))
    _insert(acc, copy)
    both(acc, copy, f"the account published its post {original.id} again a day later", "fault")

    src_id, n, aid = MATRIX_REPOST
    source, acc = account(src_id), account(aid)
    # Both accounts belong to 县公安局 and draw titles from one pool: take a post whose title
    # the target does not carry already, so that the repost is the only shared text.
    own = {p.title for p in acc.posts}
    theirs = next(p for p in source.posts[n:] if p.title not in own)
    repost = dataclasses.replace(theirs, id=_copy_id(acc, "repost"), image_kinds={},
                                 when=theirs.when + dt.timedelta(hours=2))
    _insert(acc, repost)
    both(acc, repost, f"the same post on two accounts ({source.key} and {acc.key}): matrix reposting",
         "near_miss")

    aid, _col, unit, title = PORTAL_REPOST
    acc = account(aid)
    newest = acc.posts[0]
    repost = Post(_copy_id(acc, "portal"), title, tuple(portal_article_paras(media.seed, unit)),
                  newest.when - dt.timedelta(hours=3), images=0)
    _insert(acc, repost)
    both(acc, repost, "the account reposts a portal article: not a duplicate", "near_miss")

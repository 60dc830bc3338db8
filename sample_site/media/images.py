"""Body images of sample WeChat posts that REVIEW-REDHEAD must judge: one scanned
red-header document (a fault) and one event photo with a red banner (a near-miss).

Every other post image is the platform's 1x1 GIF. These two are drawn by
sample_site.files.make_image from their own ``random.Random`` so the other
accounts, posts and faults stay as they were.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from ..files import make_image
from .model import Account, MediaModel, Post

#: (account id, post index, image kind, extension, what it shows)
SEEDED = (
    ("wxgajj", 0, "redhead", "png", "red-header document scan as a post image"),
    ("wxwlgz", 0, "redphoto", "jpg", "event photo with a red banner, not a document"),
)


def image_path(post: Post, k: int) -> str:
    kind = post.image_kinds.get(k)
    if kind is None:
        return f"/media/img/{post.id}_{k}.gif"
    return f"/media/img/{post.id}_{k}.{kind[1]}"


def seed_images(media: MediaModel, fault: Callable[..., None], post_path: Callable[[Account, Post], str]) -> None:
    """Give the SEEDED posts their special image and record each in the manifest."""
    rng = random.Random(f"{media.seed}:media:images")
    for aid, n, kind, ext, note in SEEDED:
        acc = media.find("wechat", aid)
        assert acc is not None, aid
        post = acc.posts[n]
        k = post.images  # appended after the post's ordinary images
        post.images += 1
        post.image_kinds[k] = (kind, ext, rng.randrange(10**6))
        fault(acc, "REVIEW-REDHEAD", image_path(post, k), note,
              "fault" if kind == "redhead" else "near_miss", target=post_path(acc, post))


@cache
def _image_bytes(seed: int, kind: str, ext: str, iid: int) -> bytes:
    return make_image(seed, iid, kind, ext, "青禾县公安局文件")


def image_bytes(media: MediaModel, post_id: str, k: int, ext: str) -> bytes | None:
    """The bytes of a seeded post image, or None when the path names none."""
    for acc in media.accounts:
        for post in acc.posts:
            if post.id == post_id and k in post.image_kinds and post.image_kinds[k][1] == ext:
                kind, _, iid = post.image_kinds[k]
                return _image_bytes(media.seed, kind, ext, iid)
    return None

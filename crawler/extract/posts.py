"""What the new-media extractors return: posts, list entries and why a page could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: Why an account could not be checked (accounts.reason, failures.reason).
NOT_CHECKABLE = ("rate_limited", "login_wall", "captcha", "empty_timeline", "layout_changed")
#: The platform says the account (or its page) no longer exists.
GONE = "gone"


@dataclass(slots=True)
class PostData:
    """One post as a platform page or JSON shows it."""

    post_id: str
    url: str
    title: str | None = ""  # None: the platform's posts have no title
    published: datetime | None = None  # naive China local time
    body_html: str = ""
    body_text: str = ""
    images: list[str] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    account_id: str = ""
    account_name: str = ""


@dataclass(slots=True)
class ListEntry:
    """A post listed by an album, history page or feed: where to read it, and when it was posted."""

    url: str
    title: str | None = ""  # None: the platform's posts have no title
    published: datetime | None = None


@dataclass(slots=True)
class Timeline:
    """What an account's list (album, feed, JSON timeline, rendered profile) showed.

    ``state`` is "ok", "gone" or one of NOT_CHECKABLE; ``entries`` / ``posts``
    are empty unless it is "ok".
    """

    state: str
    entries: list[ListEntry] = field(default_factory=list)
    posts: list[PostData] = field(default_factory=list)
    detail: str = ""

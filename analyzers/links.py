"""LINK-BROKEN and LINK-IMAGE: broken links and images, from the link-check crawl.

The link-check spider (crawler/spiders/linkcheck.py) stores one ``link_checks``
document per URL with every page that references it. These rules judge those
documents; the runner attaches a site's checks to its site document
(``site_context = ("link_checks",)``), so they run in site-wide runs.

Findings:

- one per referencing article (target = the article, unit = the article's
  unit), evidence = the anchor text (alt text for images) in the field
  ``link:<url>`` / ``image:<url>``, so one article's two broken links with the
  same anchor text stay two findings;
- the home page's broken links and images once each, target = the home page,
  unit "" (全站), with their own message: reported apart, as RULES.md asks.

Precision over recall: only ``confirmed`` checks (404/410 and other 4xx after
HEAD and GET, a redirect loop, an image that is HTML or zero bytes) deduct.
``suspected`` ones (timeouts, connection errors, 5xx, 401/403/429, all after
Scrapy's retries) become ``notice`` findings for a person to look at: a
server that was briefly down, or that refuses the checker, is not proof the
page is broken. ``unchecked`` (external links while external checking is off)
never produces a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any, ClassVar

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule

#: What a reason code means, for the messages.
REASONS = {
    "http_404": "页面不存在（HTTP 404）",
    "http_410": "页面已删除（HTTP 410）",
    "timeout": "访问超时",
    "connection_refused": "连接被拒绝",
    "connection_lost": "连接中断",
    "dns_error": "域名无法解析",
    "redirect_loop": "循环跳转",
    "too_many_redirects": "跳转次数过多",
    "redirect_without_location": "跳转缺少目标地址",
    "not_image": "返回的不是图片",
    "empty_image": "图片文件为空（0 字节）",
}
#: Reasons about image content: they break an image, not a link to the same URL.
IMAGE_ONLY_REASONS = frozenset({"not_image", "empty_image", "size_unknown", "type_unknown"})


def describe(reason: str, http_status: int | None = None) -> str:
    """A short Chinese description of why a URL failed."""
    if reason in REASONS:
        return REASONS[reason]
    if reason.startswith("http_"):
        return f"HTTP {reason[5:]} 错误"
    return reason or (f"HTTP {http_status}" if http_status else "无法访问")


class _LinkRule(Rule):
    """Shared walk over a site's link checks (see the module docstring)."""

    problem_class = "LINK"
    severity = Severity.DEDUCT
    applies_to = "site"
    site_context: ClassVar[tuple[str, ...]] = ("link_checks",)
    kind: ClassVar[str]  # the referrer kind this rule judges: link | image
    field_prefix: ClassVar[str]
    message_suspected: ClassVar[str]
    message_home: ClassVar[str]
    message_home_suspected: ClassVar[str]
    no_text: ClassVar[str] = ""  # shown when the anchor / alt text is empty ("" = the URL)

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        for check in doc.get("link_checks") or ():
            yield from self.judge(check, str(doc.get("site") or check.get("site") or ""))

    def broken(self, check: Mapping[str, Any]) -> bool:
        return check.get("status") in ("confirmed", "suspected")

    def judge(self, check: Mapping[str, Any], site: str) -> Iterator[Finding]:
        """Findings for one link-check document."""
        if not self.broken(check):
            return
        confirmed = check.get("status") == "confirmed"
        url = str(check.get("url") or "")
        why = describe(str(check.get("reason") or ""), check.get("http_status"))
        home_done = False
        for ref in check.get("referrers") or ():
            if (ref.get("kind") or "link") != self.kind:
                continue
            text = str(ref.get("text") or "").strip() or self.no_text or url
            fields = {"text": text, "url": url, "why": why}
            if ref.get("article_id") is None:
                # The home page: once per URL whatever its anchors, with its own message.
                if home_done:
                    continue
                home_done = True
                message = self.message_home if confirmed else self.message_home_suspected
                unit = ""
            else:
                message = self.message if confirmed else self.message_suspected
                unit = str(ref.get("unit") or "")
            evidence = Evidence(text, 0, len(text), f"{text} → {url}（{why}）", f"{self.field_prefix}:{url}")
            f = self.finding({"site": site, "unit": unit, "column_id": ref.get("column_id")}, evidence,
                             target=str(ref.get("url") or ""), **fields)
            extra = {"link": url, "status": check.get("status"), "reason": check.get("reason"),
                     "http_status": check.get("http_status"), "on_home": ref.get("article_id") is None}
            yield replace(f, message=message.format(**fields), extra=extra,
                          severity=self.severity if confirmed else Severity.NOTICE)


class LinkBroken(_LinkRule):
    """LINK-BROKEN: a link in an article (or on the home page) that does not open.

    ``confirmed`` (404/410, other 4xx, a redirect loop) deducts; ``suspected``
    (timeouts, 5xx, connection errors, 401/403/429) is a notice only. An image
    URL that is also linked counts here only for HTTP-level failures, not for
    image content (an HTML page behind a link is fine).
    """

    code = "LINK-BROKEN"
    kind = "link"
    field_prefix = "link"
    message = "链接无法访问：“{text}”指向的 {url} {why}"
    message_suspected = "链接疑似无法访问（待复核）：“{text}”指向的 {url} {why}"
    message_home = "首页链接无法访问：“{text}”指向的 {url} {why}"
    message_home_suspected = "首页链接疑似无法访问（待复核）：“{text}”指向的 {url} {why}"
    hint = "修正或删除链接“{text}”（{url}），或恢复其指向的页面"

    def broken(self, check: Mapping[str, Any]) -> bool:
        return super().broken(check) and check.get("reason") not in IMAGE_ONLY_REASONS


class LinkImage(_LinkRule):
    """LINK-IMAGE: an image in an article (or on the home page) that does not display:
    missing file (404), content that is not an image (an HTML error page), zero bytes."""

    code = "LINK-IMAGE"
    kind = "image"
    field_prefix = "image"
    no_text = "无替代文字"
    message = "图片无法显示：{url}（{text}）{why}"
    message_suspected = "图片疑似无法显示（待复核）：{url}（{text}）{why}"
    message_home = "首页图片无法显示：{url}（{text}）{why}"
    message_home_suspected = "首页图片疑似无法显示（待复核）：{url}（{text}）{why}"
    hint = "重新上传图片 {url} 或删除该图片"

    def judge(self, check: Mapping[str, Any], site: str) -> Iterator[Finding]:
        # The evidence of an image is its address (the alt text is often empty or generic).
        for f in super().judge(check, site):
            url = str(check.get("url") or "")
            yield replace(f, evidence=replace(f.evidence, text=url, start=0, end=len(url)))


LINK_RULES: tuple[type[Rule], ...] = (LinkBroken, LinkImage)

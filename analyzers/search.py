"""SEARCH rules: 站内搜索 (the site's own search must find what the site published).

The search spider (crawler/spiders/search.py) probes the site search with the
exact title of each recent article and stores one check per article in
``search_checks``; the runner feeds those checks here. A check whose search
page did not answer carries no ``found`` (or the previous answer), so an outage
of the search page never becomes a miss.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule


class SearchMissRule(Rule):
    """站内搜索查不到: the site search does not find a recent article by its exact title.

    Input: a ``search_checks`` document (site, unit, url, title, query_url,
    found, results, status, checked_at). ``found is False`` means the search
    page answered and the article was not among its results; the evidence is
    the title that was searched for.
    """

    code = "SEARCH-MISS"
    problem_class = "SEARCH"
    severity = Severity.DEDUCT
    message = "站内搜索按标题全文检索未找到该信息：“{title}”（检索结果{results}条）"
    hint = "检查站内搜索索引是否及时更新，确保新发布信息能按标题检索到"
    applies_to = "search"  # fed from search_checks by the runner, not from articles
    fields: ClassVar[tuple[str, ...]] = ("title", "query_url", "found", "results", "status", "checked_at")

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.get("found") is not False:
            return  # found, or never answered: nothing to say
        title = str(doc.get("title") or "")
        evidence = Evidence(title, 0, len(title), f"检索地址：{doc.get('query_url') or ''}", "title")
        f = self.finding(doc, evidence, title=title, results=int(doc.get("results") or 0))
        f.extra.update(query_url=doc.get("query_url"), checked_at=doc.get("answered_at") or doc.get("checked_at"))
        yield f


SEARCH_RULES: tuple[type[Rule], ...] = (SearchMissRule,)

"""Find a home page's navigation (the top-level columns) and its unit link blocks without selectors.

The navigation is the group of repeated blocks near the top of the page that
each lead to one column: short, undated labels, mostly directory links.
A 部门 / 乡镇 block is a group of links whose labels are unit names
(…局, …委, …办, …镇, …乡, …街道): what `crawler.newsite` proposes as units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.extract.generic_list import Link, LinkGroup, link_groups, parse_tree

MAX_LABEL = 10  # column labels are short (政务公开, 通知公告, 互动交流)
_UNIT = re.compile(r"(局|委员会|委|办公室|办|中心|镇|乡|街道|管委会|院|所|队|站|馆)$")
_TOWN = re.compile(r"(镇|乡|街道)$")


@dataclass(slots=True)
class NavGuess:
    selector: str  # CSS path of the navigation's blocks
    links: list[Link]


def _nav_score(group: LinkGroup, total: int) -> float:
    early = 2.0 - group.first_pos / max(1, total)  # the navigation sits near the top
    return len(group.links) * early * (0.5 + group.dir_like)


def detect_nav(page_html: str, url: str) -> NavGuess | None:
    """The navigation group of a home page, or None when no link group looks like one."""
    root = parse_tree(page_html, url)
    total = sum(1 for _ in root.iter())
    groups = [g for g in link_groups(root, url, first_link_only=True)
              if not g.dated and g.mean_title <= MAX_LABEL and g.offsite * 2 <= len(g.links)
              and not _is_unit_block(g)]
    if not groups:
        return None
    best = max(groups, key=lambda g: (_nav_score(g, total), -g.first_pos))
    seen: set[str] = set()
    links = [link for link in best.links if not (link.url in seen or seen.add(link.url))]
    return NavGuess(best.selector, links)


def _is_unit_block(group: LinkGroup) -> bool:
    return len(group.links) >= 3 and sum(bool(_UNIT.search(link.title)) for link in group.links) >= 0.7 * len(group.links)


@dataclass(slots=True)
class UnitGuess:
    name: str
    type: str  # 县直部门 | 乡镇
    url: str


def detect_units(page_html: str, url: str) -> list[UnitGuess]:
    """Unit names from the page's 部门 / 乡镇 link blocks (and unit-named navigation entries)."""
    root = parse_tree(page_html, url)
    units: dict[str, UnitGuess] = {}
    for group in link_groups(root, url, first_link_only=True):
        if group.dated:
            continue
        for link in group.links:
            name = link.title.strip()
            if 2 < len(name) <= 16 and _UNIT.search(name) and name not in units and _is_unit_block(group):
                units[name] = UnitGuess(name, "乡镇" if _TOWN.search(name) else "县直部门", link.url)
    return list(units.values())

"""Propose a sites.yaml entry for a new portal: `python scheduler.py new-site URL`.

Fetches the home page and a few columns, detects the navigation, each
column's list, dates and pagination (crawler.extract.navigation /
generic_list), and the units named in the navigation, sub-columns and
部门 / 乡镇 link blocks. Prints what each proposal finds and writes a
commented YAML block for the operator to check and edit. Selectors are only
a starting point: columns built on another template are still read by the
generic detectors during the crawl (their `list_source` says `generic`).
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from parsel import Selector

from crawler.extract.charset import decode_html
from crawler.extract.dates import parse_date
from crawler.extract.listing import extract_list_page
from crawler.extract.navigation import UnitGuess, detect_nav, detect_units
from crawler.fetching import host_allowed
from crawler.sites import Listing

logger = logging.getLogger(__name__)
USER_AGENT = "GovWatch/0.1 new-site proposer (+government website inspection)"
_UNIT_NAME = re.compile(r"^.{2,14}(局|委员会|委|办公室|办|中心|镇|乡|街道)$")
_TOWN = re.compile(r"(镇|乡|街道)$")

Fetch = Callable[[str], str]


def fetch_url(url: str, timeout: float = 20.0, delay: float = 0.0) -> str:
    """The page's text, decoded the way the spider decodes it; a redirect off the host is an error."""
    if delay:
        time.sleep(delay)  # politeness: the proposer fetches dozens of pages of someone else's portal
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URL checked by caller
        final = response.geturl()
        if urlsplit(final).hostname != urlsplit(url).hostname:
            raise OSError(f"redirected off the site: {url} → {final}")
        body = response.read(16 * 1024 * 1024)
        return decode_html(body, response.headers.get("Content-Type"))[0]


@dataclass
class ColumnProbe:
    """What one fetched column page showed."""

    url: str
    name: str
    entries: int = 0
    dated: int = 0
    subcolumns: int = 0
    selector: str | None = None
    date_selector: str | None = None
    pagination: str | None = None
    next_url: str | None = None
    error: str = ""


@dataclass
class Proposal:
    site_id: str
    name: str
    start_url: str
    host: str
    nav_selector: str | None
    nav: list[tuple[str, str]]
    columns: list[ColumnProbe] = field(default_factory=list)
    units: list[UnitGuess] = field(default_factory=list)
    items: str | None = None
    item_date: str | None = None
    subcolumns: str | None = None


def _anchor_selector(block_selector: str) -> str:
    return block_selector if block_selector.rsplit(" > ", 1)[-1].split(".")[0] == "a" else f"{block_selector} a"


def _date_selector(page_html: str, items: str) -> str | None:
    """The element inside a list block that carries its date (tag.class), if one does."""
    steps: Counter[str] = Counter()
    for block in Selector(text=page_html).css(items)[:10]:
        for node in block.xpath(".//*[not(self::a)]"):
            own = "".join(node.xpath("./text()").getall()).strip()
            if own and len(own) <= 20 and parse_date(own) or re.fullmatch(r"\d{1,2}-\d{1,2}", own or ""):
                classes = (node.attrib.get("class") or "").split()
                steps[node.root.tag + (f".{classes[0]}" if classes else "")] += 1
                break
    return steps.most_common(1)[0][0] if steps else None


def _probe(url: str, name: str, fetch: Fetch, exclude: frozenset[str]) -> tuple[ColumnProbe, list]:
    probe = ColumnProbe(url, name)
    try:
        page_html = fetch(url)
    except Exception as error:  # a dead column must not stop the proposal
        probe.error = f"{type(error).__name__}: {error}"
        return probe, []
    page = extract_list_page(page_html, url, Listing(), exclude=exclude)
    probe.entries, probe.dated = len(page.entries), sum(1 for e in page.entries if e.date)
    probe.subcolumns, probe.selector = len(page.subcolumns), page.list_selector
    probe.pagination, probe.next_url = page.pagination, page.next_url
    if page.entries and page.list_selector:
        probe.date_selector = _date_selector(page_html, page.list_selector)
    return probe, page.subcolumns


def propose(start_url: str, fetch: Fetch = fetch_url, max_columns: int = 30, sub_per_parent: int = 2,
            site_id: str | None = None, name: str | None = None) -> Proposal:
    """Fetch the home page and up to ``max_columns`` columns; return what they suggest."""
    host = urlsplit(start_url).hostname or ""
    home = fetch(start_url)
    nav = detect_nav(home, start_url)
    nav_links = [(link.url, link.title) for link in (nav.links if nav else []) if host_allowed(link.url, [host])]
    title_parts = [t.strip() for t in re.split(r"[_|｜\-–—]", Selector(text=home).css("title::text").get() or "")]
    # "首页_青禾县人民政府": the part naming the government, else the longest.
    title = next((t for t in title_parts if "政府" in t), max(title_parts, key=len, default="")) or host
    proposal = Proposal(site_id or re.sub(r"\W+", "_", host).strip("_"), name or title,
                        start_url, host, _anchor_selector(nav.selector) if nav else None, nav_links)
    exclude = frozenset(url for url, _ in nav_links)
    units: dict[str, UnitGuess] = {u.name: u for u in detect_units(home, start_url)}
    sub_selectors: Counter[str] = Counter()
    queue = [(url, text) for url, text in nav_links]
    while queue and len(proposal.columns) < max_columns:
        url, text = queue.pop(0)
        probe, subs = _probe(url, text, fetch, exclude)
        proposal.columns.append(probe)
        if subs:
            sub_selectors[probe.selector or ""] += 1
            subs = [s for s in subs if host_allowed(s.url, [host])]
            queue[0:0] = [(s.url, f"{text}/{s.text}") for s in subs[:sub_per_parent]]
            for sub in subs:
                if _UNIT_NAME.match(sub.text) and sub.text not in units:
                    units[sub.text] = UnitGuess(sub.text, "乡镇" if _TOWN.search(sub.text) else "县直部门", sub.url)
    for url, text in nav_links:
        if _UNIT_NAME.match(text) and text not in units:
            units[text] = UnitGuess(text, "乡镇" if _TOWN.search(text) else "县直部门", url)
    proposal.units = list(units.values())
    lists = Counter(p.selector for p in proposal.columns if p.entries and p.selector)
    if lists:
        proposal.items = lists.most_common(1)[0][0]
        dates = Counter(p.date_selector for p in proposal.columns if p.selector == proposal.items and p.date_selector)
        proposal.item_date = dates.most_common(1)[0][0] if dates else None
    if sub_selectors:
        proposal.subcolumns = _anchor_selector(sub_selectors.most_common(1)[0][0])
    return proposal


def report(proposal: Proposal) -> str:
    """What each proposal finds, for the operator to judge."""
    lines = [f"Site {proposal.name} ({proposal.start_url})",
             f"navigation: {len(proposal.nav)} columns via {proposal.nav_selector!r}"]
    lines += [f"  {text}  {url}" for url, text in proposal.nav]
    lines.append(f"columns probed: {len(proposal.columns)}")
    for p in proposal.columns:
        if p.error:
            lines.append(f"  {p.name}: could not be read ({p.error})")
        elif p.subcolumns:
            lines.append(f"  {p.name}: parent of {p.subcolumns} sub-columns ({p.selector})")
        else:
            lines.append(f"  {p.name}: {p.entries} entries on page 1, {p.dated} with a date read, "
                         f"pagination {p.pagination or 'none'}{' → ' + p.next_url if p.next_url else ''}; "
                         f"list {p.selector or 'none found'}; date {p.date_selector or '-'}")
    lines.append(f"list selector: {proposal.items!r} (date: {proposal.item_date!r}); "
                 f"sub-columns: {proposal.subcolumns!r}")
    lines.append(f"units: {len(proposal.units)} ({', '.join(u.name for u in proposal.units)})")
    return "\n".join(lines)


def _q(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip().removesuffix("...").strip()


def to_yaml(proposal: Proposal) -> str:
    """A commented `sites:` block; every selector left out is detected during the crawl."""
    listing = {"nav": proposal.nav_selector, "subcolumns": proposal.subcolumns, "items": proposal.items,
               "item_date": proposal.item_date}
    probed = [p for p in proposal.columns if not p.error and not p.subcolumns]
    read = sum(1 for p in probed if p.entries)
    out = [
        f"# Proposed by `python scheduler.py new-site {proposal.start_url}` — check every value before use.",
        f"# {len(proposal.nav)} navigation columns; {read} of {len(probed)} probed list columns showed entries.",
        "# Selectors left out (or finding nothing on a page) fall back to the generic detectors;",
        "# `scheduler.py summary` shows how many columns were read each way.",
        "sites:",
        f"  - id: {_q(proposal.site_id)}",
        f"    name: {_q(proposal.name)}",
        f"    start_url: {_q(proposal.start_url)}",
        f"    allowed_domains: {_q([proposal.host])}",
        "    listing:",
    ]
    notes = {"nav": "top-level columns on the home page", "subcolumns": "a parent column's children",
             "items": "one entry of a column's list", "item_date": "the entry's date, inside the entry"}
    for key, value in listing.items():
        if value:
            out.append(f"      {key}: {_q(value)}  # {notes[key]}")
        else:
            out.append(f"      # {key}: (none proposed: detected per page)")
    out.append("    # Units: from the navigation, sub-columns and 部门/乡镇 link blocks. Add aliases, remove non-units.")
    out.append("    units:" if proposal.units else "    units: []")
    out += [f"      - {{name: {_q(u.name)}, type: {_q(u.type)}}}" for u in proposal.units]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scheduler.py new-site", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the portal's home page (http or https)")
    parser.add_argument("--out", help="write the YAML block here (default: print it)")
    parser.add_argument("--columns", type=int, default=30, help="fetch at most this many column pages")
    parser.add_argument("--id", dest="site_id", help="site id (default: from the host)")
    parser.add_argument("--name", help="site name (default: the home page's title)")
    parser.add_argument("--delay", type=float, default=0.5, help="seconds between requests (default 0.5)")
    args = parser.parse_args(argv)
    if urlsplit(args.url).scheme not in ("http", "https"):
        parser.error(f"{args.url!r} is not an http(s) URL")
    try:
        proposal = propose(args.url, lambda url: fetch_url(url, delay=args.delay), max_columns=args.columns,
                           site_id=args.site_id, name=args.name)
    except OSError as error:
        sys.stderr.write(f"cannot fetch {args.url}: {error}\n")
        return 2
    sys.stdout.write(report(proposal) + "\n")
    block = to_yaml(proposal)
    if args.out:
        Path(args.out).write_text(block, encoding="utf-8")
        sys.stdout.write(f"\nwrote {args.out}\n")
    else:
        sys.stdout.write("\n" + block)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Section 二 (存在的主要问题): findings grouped by problem class in the seed's order."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from reports.config import rule_matches, section_table
from reports.document import Run
from reports.selection import Target

SITE_WIDE = "门户网站"  # how a finding of the whole site (unit "") is named


@dataclass
class Part:
    """One numbered item of a section: its lead sentence and its findings."""

    spec: dict[str, Any]
    findings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    parts: list[Part]

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for p in self.parts for f in p.findings]

    @property
    def units(self) -> list[str]:
        return units_of(self.findings)


def units_of(findings: list[dict[str, Any]]) -> list[str]:
    """Units by number of findings (most first), then first appearance."""
    counts: OrderedDict[str, int] = OrderedDict()
    for f in findings:
        u = str(f.get("unit") or SITE_WIDE)
        counts[u] = counts.get(u, 0) + 1
    return sorted(counts, key=lambda u: -counts[u])


def group(findings: list[dict[str, Any]]) -> list[Section]:
    """Sections with findings, in the table's order; a finding lands in the first part matching it."""
    table = section_table()
    sections = [Section(s["key"], s["title"], [Part(p) for p in s["parts"]]) for s in table["sections"]]
    for f in findings:
        code = str(f.get("rule"))
        part = next((p for s in sections for p in s.parts if rule_matches(code, p.spec["rules"])), None)
        if part is None:  # a rule no section lists: its problem class's section, last part
            part = next((s.parts[-1] for s in sections if s.key == f.get("problem_class")), None)
        if part is not None:
            part.findings.append(f)
    for s in sections:
        s.parts = [p for p in s.parts if p.findings]
    return [s for s in sections if s.parts]


def name_units(units: list[str], limit: int) -> str:
    shown = "、".join(units[:limit])
    return shown + ("等" if len(units) > limit else "")


def example_runs(f: dict[str, Any], target: Target | None, template: str | None = None) -> list[Run]:
    """One telling example: who, which page or column (linked), what.

    ``template`` (a part's ``example`` in sections.yaml) may use {unit}, {message} and one {name}:
    the page's title in 《》 or the column's name in “”, linked.
    """
    unit = str(f.get("unit") or SITE_WIDE)
    message = str(f.get("message") or "")
    href = target.url if target and target.url.startswith(("http://", "https://")) else None
    if template and target and target.name and target.kind in ("article", "column"):
        name = f"《{target.name}》" if target.kind == "article" else f"“{target.name}”"
        before, _, after = template.partition("{name}")
        return [Run(before.format(unit=unit, message=message)), Run(name, href=href),
                Run(after.format(unit=unit, message=message))]
    if target and target.kind == "article" and target.name:
        return [Run(f"{unit}发布的"), Run(f"《{target.name}》", href=href), Run(f"，{message}")]
    if target and target.kind == "column" and target.name:
        return [Run(unit), Run(f"“{target.name}”", href=href), Run(message)]
    return [Run(f"{unit}{message}")]


def part_runs(part: Part, targets: dict[str, Target], max_units: int, max_examples: int,
              phrases: dict[str, str]) -> list[Run]:
    """The sentences of one part: the lead, then "如：" and the examples."""
    units = units_of(part.findings)
    lead = str(part.spec["lead"]).format(units=name_units(units, max_units), n_units=len(units),
                                         n=len(part.findings))
    if len(units) == 1:  # "青禾镇等单位" names one unit: no 等
        lead = lead.replace(f"{units[0]}等单位", units[0], 1)
    runs: list[Run] = [Run(lead)]
    examples: list[list[Run]] = []
    if part.spec.get("style") == "unit_problems":
        for unit in units:  # short phrases: every unit is named, as in the seed
            codes: list[str] = []
            for f in part.findings:
                if str(f.get("unit") or SITE_WIDE) == unit and f["rule"] not in codes:
                    codes.append(str(f["rule"]))
            named = "、".join(dict.fromkeys(phrases.get(c, c) for c in codes))
            examples.append([Run(f"{unit}发布的信息存在{named}等问题")])
    else:
        seen: set[str] = set()
        for f in part.findings:  # worst first: the first finding of a unit is its telling one
            unit = str(f.get("unit") or SITE_WIDE)
            if unit in seen:
                continue
            seen.add(unit)
            examples.append(example_runs(f, targets.get(str(f.get("target"))), part.spec.get("example")))
            if len(examples) >= max_examples:
                break
    if examples:
        runs.append(Run("如："))
        for i, ex in enumerate(examples):
            if i:
                runs.append(Run("；"))
            runs.extend(ex)
        runs.append(Run("。"))
    rest = units[len(examples):]
    if rest:  # a bulletin names every unit concerned, examples or not
        runs.append(Run(f"此外，{'、'.join(rest)}也存在此类问题。"))
    return runs

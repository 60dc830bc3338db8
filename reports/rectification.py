"""The rectification lists (整改清单): one .xlsx sheet per unit with every open finding.

Each unit's sheet lists its open, unfiled findings of the period with rule,
severity, URL, evidence, fix hint, first seen and a deadline, and leaves two
columns for the unit: 整改状态 (a drop-down) and 整改情况. The 汇总 sheet counts
findings per unit and problem class. Crawled text is written as text: a cell
starting with = + - @ is stored as a string with Excel's quote-prefix mark, so
neither Excel nor WPS ever evaluates it as a formula.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from pymongo.database import Database

from reports.config import section_table
from reports.period import Period
from reports.sections import SITE_WIDE
from reports.selection import SEVERITY_ZH, describe_targets, reported_findings

SUMMARY_SHEET = "汇总"
ID_HEADER = "问题编号"
STATUS_HEADER = "整改状态"
ANSWER_HEADER = "整改情况"
STATUS_CHOICES = ("已整改", "整改中", "无法整改", "误报")
HEADERS = ("序号", ID_HEADER, "规则", "问题类别", "严重程度", "问题描述", "信息标题或栏目", "网址", "证据",
           "整改建议", "首次发现", "整改期限", STATUS_HEADER, ANSWER_HEADER)
WIDTHS = (6, 12, 18, 14, 10, 44, 30, 40, 30, 40, 12, 12, 10, 40)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def sheet_name(unit: str, taken: set[str]) -> str:
    """A valid, unique sheet name: none of []:*?/\\, no edge apostrophes, at most 31 characters."""
    base = _BAD_SHEET_CHARS.sub("_", unit).strip("'").strip() or "单位"
    base = base[:31]
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken} or name == SUMMARY_SHEET:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


def put(cell: Cell, value: Any) -> None:
    """Write a value; crawled strings that look like formulas stay text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def class_titles() -> dict[str, str]:
    return {s["key"]: s["title"] for s in section_table()["sections"]}


def write_rectification(db: Database, period: Period, path: str | Path, site: str | None = None,
                        deadline: date | None = None) -> dict[str, int]:
    """Write the workbook; returns findings per unit."""
    findings = reported_findings(db, period, site, "notice")
    targets = describe_targets(db, findings)
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        by_unit[str(f.get("unit") or SITE_WIDE)].append(f)
    titles = class_titles()
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY_SHEET
    classes = [k for k in titles if any(f.get("problem_class") == k for f in findings)]
    classes += sorted({str(f.get("problem_class")) for f in findings} - set(classes))
    put(summary.cell(1, 1), f"{period.label}政府网站检查问题整改清单汇总"
                            + (f"（整改期限：{deadline.isoformat()}）" if deadline else ""))
    summary.cell(1, 1).font = Font(bold=True, size=14)
    head = ["单位", *(titles.get(c, c) for c in classes), "合计", "工作表"]
    taken: set[str] = set()
    names = {unit: sheet_name(unit, taken) for unit in sorted(by_unit)}
    for c, h in enumerate(head, 1):
        put(summary.cell(2, c), h)
        summary.cell(2, c).font = Font(bold=True)
        summary.cell(2, c).fill = HEADER_FILL
    for r, unit in enumerate(sorted(by_unit, key=lambda u: (-len(by_unit[u]), u)), 3):
        counts = Counter(str(f.get("problem_class")) for f in by_unit[unit])
        put(summary.cell(r, 1), unit)
        for c, cls in enumerate(classes, 2):
            summary.cell(r, c).value = counts.get(cls, 0)
        summary.cell(r, len(classes) + 2).value = len(by_unit[unit])
        put(summary.cell(r, len(classes) + 3), names[unit])
    summary.column_dimensions["A"].width = 24
    for unit in sorted(by_unit):
        _unit_sheet(wb.create_sheet(names[unit]), unit, by_unit[unit], targets, titles, period, deadline)
    wb.save(str(path))
    return {u: len(v) for u, v in by_unit.items()}


def _unit_sheet(ws: Any, unit: str, findings: list[dict[str, Any]], targets: dict[str, Any],
                titles: dict[str, str], period: Period, deadline: date | None) -> None:
    put(ws.cell(1, 1), f"{unit}{period.label}政府网站检查问题整改清单")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    for c, h in enumerate(HEADERS, 1):
        cell = ws.cell(2, c)
        put(cell, h)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[cell.column_letter].width = WIDTHS[c - 1]
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUS_CHOICES) + '"', allow_blank=True)
    ws.add_data_validation(choices)
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, f in enumerate(findings, 3):
        target = targets.get(str(f.get("target")))
        first = f.get("first_seen")
        row = (r - 2, str(f["_id"]), str(f.get("rule")),
               titles.get(str(f.get("problem_class")), str(f.get("problem_class"))),
               SEVERITY_ZH.get(str(f.get("severity")), str(f.get("severity"))), str(f.get("message") or ""),
               target.name if target else "", str(f.get("target") or ""),
               str((f.get("evidence") or {}).get("text") or ""), str(f.get("suggestion") or ""),
               first.date().isoformat() if hasattr(first, "date") else "",
               deadline.isoformat() if deadline else "", "", "")
        for c, value in enumerate(row, 1):
            put(ws.cell(r, c), value)
            ws.cell(r, c).alignment = wrap
        choices.add(ws.cell(r, HEADERS.index(STATUS_HEADER) + 1))
    ws.freeze_panes = "C3"

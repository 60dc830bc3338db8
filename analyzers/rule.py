"""Base class of all rules, and small text helpers the rules share."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml

from analyzers.model import Evidence, Finding, Severity

DATA_DIR = Path(__file__).resolve().parent / "data"

# "search": a stored probe of the site search (search_checks), see analyzers/runner.py.
# "account": a new-media account (accounts collection).
AppliesTo = Literal["article", "column", "site", "articles", "search", "account"]

_LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r|$)")


@cache
def load_thresholds() -> dict[str, dict[str, Any]]:
    """Thresholds per rule code from data/thresholds.yaml (values only)."""
    raw = yaml.safe_load((DATA_DIR / "thresholds.yaml").read_text(encoding="utf-8")) or {}
    out: dict[str, dict[str, Any]] = {}
    for code, entries in raw.items():
        out[code] = {name: spec["value"] for name, spec in (entries or {}).items()}
    return out


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield (offset, line) without line terminators; offsets index ``text``."""
    if not text:
        return
    for m in _LINE_RE.finditer(text):
        if m.start() == len(text):
            break
        line = m.group().rstrip("\r\n")
        yield m.start(), line


def context_of(text: str, start: int, end: int, width: int = 15) -> str:
    """A short one-line context around text[start:end]."""
    if start < 0:
        return ""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    ctx = f"{left}【{text[start:end]}】{right}"
    return re.sub(r"[\r\n\t]+", " ", ctx)


def make_evidence(text: str, start: int, end: int, field: str = "body") -> Evidence:
    """Evidence for text[start:end] with its context."""
    return Evidence(text[start:end], start, end, context_of(text, start, end), field)


class Rule:
    """One check with a permanent code from RULES.md.

    Subclasses set the class attributes and implement :meth:`find`; callers
    use :meth:`check`, which numbers repeated evidence so ids stay distinct.
    Rules are pure: no I/O, the runner feeds documents and stores findings.
    """

    code: ClassVar[str]
    problem_class: ClassVar[str]
    severity: ClassVar[Severity]
    message: ClassVar[str]  # Chinese template, str.format fields
    hint: ClassVar[str]  # Chinese fix hint, same fields
    applies_to: ClassVar[AppliesTo] = "article"

    def __init__(self, thresholds: Mapping[str, Any] | None = None) -> None:
        merged = dict(load_thresholds().get(self.code, {}))
        merged.update(thresholds or {})
        self.thresholds = merged

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.code}>"

    def check(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        """Findings for one document (article, column, site, or corpus)."""
        seen: Counter[tuple[str, str, str]] = Counter()
        for f in self.find(doc):
            key = (f.target, f.evidence.field, f.evidence.text)
            n = seen[key]
            seen[key] += 1
            yield f if n == f.occurrence else replace(f, occurrence=n)

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        """Rule body: yield findings (occurrence numbering is done by check)."""
        raise NotImplementedError

    def finding(
        self,
        doc: Mapping[str, Any],
        evidence: Evidence,
        target: str | None = None,
        **fields: Any,
    ) -> Finding:
        """A Finding of this rule for ``doc`` with message and hint rendered."""
        return Finding(
            rule=self.code,
            severity=self.severity,
            problem_class=self.problem_class,
            site=str(doc.get("site") or ""),
            unit=str(doc.get("unit") or ""),
            target=target if target is not None else str(doc.get("url") or doc.get("_id") or ""),
            message=self.message.format(**fields),
            evidence=evidence,
            suggestion=self.hint.format(**fields),
            column=(str(doc["column_id"]) if doc.get("column_id") is not None else None),
        )

"""Findings and their evidence: the values every rule yields."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

#: The bulletin sections a finding can land in (RULES.md headings).
PROBLEM_CLASSES = frozenset(
    {
        "FRESH",
        "REVIEW",
        "FORMAT",
        "DUP",
        "DISCLOSURE",
        "INTERP",
        "LINK",
        "INTERACT",
        "SEARCH",
        "MEDIA",
        "AVAIL",
    }
)


class Severity(StrEnum):
    """Severity as in the national indicators."""

    VETO = "veto"  # 单项否决
    DEDUCT = "deduct"  # 扣分
    NOTICE = "notice"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact offending text and where it sits.

    ``start``/``end`` index the text named by ``field``: ``"body"`` (the
    extracted body text), ``"title"``, ``"column"`` or ``"attachment:<name>"``.
    ``body_text[start:end] == text`` always holds when both are >= 0;
    ``-1`` means the text could not be located (e.g. HTML-only evidence).
    """

    text: str
    start: int
    end: int
    context: str = ""
    field: str = "body"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem a rule found in one target."""

    rule: str
    severity: Severity
    problem_class: str
    site: str
    unit: str
    target: str
    message: str
    evidence: Evidence
    suggestion: str
    # Index of this evidence text among equal ones of the same rule and
    # target, so two identical faults in one article get distinct ids.
    occurrence: int = 0
    # Column id of the article, when known; lets a temporary filing of a
    # column cover articles whose URLs are not under the column URL.
    column: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def finding_id(self) -> str:
        """Stable id: same fault, same target, same id on every rerun."""
        key = "\x1f".join(
            (
                self.rule,
                self.target,
                self.evidence.field,
                self.evidence.text,
                str(self.occurrence),
            )
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for MongoDB / JSON (severity as its string value)."""
        return {
            "finding_id": self.finding_id,
            "rule": self.rule,
            "severity": str(self.severity),
            "problem_class": self.problem_class,
            "site": self.site,
            "unit": self.unit,
            "target": self.target,
            "message": self.message,
            "evidence": self.evidence.to_dict(),
            "suggestion": self.suggestion,
            "occurrence": self.occurrence,
            "column": self.column,
            "extra": dict(self.extra),
        }

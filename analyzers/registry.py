"""The one table of all rules, and selection by code, prefix or class."""

from __future__ import annotations

from collections.abc import Iterable

from analyzers.attachments import ATTACH_RULES
from analyzers.availability import AVAIL_RULES
from analyzers.disclosure import DISCLOSURE_RULES
from analyzers.duplicates import DUP_RULES
from analyzers.format import FORMAT_RULES
from analyzers.freshness import FRESH_RULES
from analyzers.interaction import INTERACT_RULES
from analyzers.interpretation import INTERP_RULES
from analyzers.links import LINK_RULES
from analyzers.media import MEDIA_RULES
from analyzers.media_fresh import FRESH_MEDIA_RULES
from analyzers.privacy import PRIVACY_RULES
from analyzers.redhead import REDHEAD_RULES
from analyzers.rule import Rule
from analyzers.search import SEARCH_RULES
from analyzers.wording import WORDING_RULES

#: Every rule, in report order. Codes are permanent (RULES.md).
RULES: tuple[type[Rule], ...] = (
    *FRESH_RULES,
    *FORMAT_RULES,
    *ATTACH_RULES,
    *DUP_RULES,
    *LINK_RULES,
    *INTERACT_RULES,
    *WORDING_RULES,
    *PRIVACY_RULES,
    *REDHEAD_RULES,
    *DISCLOSURE_RULES,
    *INTERP_RULES,
    *SEARCH_RULES,
    *FRESH_MEDIA_RULES,
    *MEDIA_RULES,
    *AVAIL_RULES,
)

BY_CODE: dict[str, type[Rule]] = {r.code: r for r in RULES}
if len(BY_CODE) != len(RULES):  # a duplicated code would silently shadow a rule
    raise RuntimeError("duplicate rule code in analyzers.registry.RULES")


class UnknownRuleError(ValueError):
    """A --rules selector that names no rule."""


def get(code: str) -> type[Rule]:
    """The rule class with exactly this code."""
    try:
        return BY_CODE[code.strip().upper()]
    except KeyError:
        raise UnknownRuleError(_unknown_msg([code])) from None


def _matches(rule: type[Rule], token: str) -> bool:
    return rule.code == token or rule.code.startswith(token + "-") or rule.problem_class == token


def _unknown_msg(tokens: Iterable[str]) -> str:
    known = ", ".join(BY_CODE)
    return f"未知规则 / unknown rule code or prefix: {', '.join(tokens)} (known: {known})"


def select(
    selectors: str | Iterable[str] | None = None, applies_to: Iterable[str] | None = None
) -> list[type[Rule]]:
    """Rule classes by code ("FORMAT-PUNCT"), prefix ("FORMAT") or problem class.

    ``selectors`` may be a comma-separated string; None or empty means all.
    Raises UnknownRuleError if any selector matches no rule.
    """
    if isinstance(selectors, str):
        selectors = selectors.split(",")
    tokens = [t.strip().upper() for t in (selectors or []) if t.strip()]
    kinds = set(applies_to) if applies_to is not None else None
    pool = [r for r in RULES if kinds is None or r.applies_to in kinds]
    if not tokens:
        return pool
    unknown = [t for t in tokens if not any(_matches(r, t) for r in RULES)]
    if unknown:
        raise UnknownRuleError(_unknown_msg(unknown))
    return [r for r in pool if any(_matches(r, t) for t in tokens)]

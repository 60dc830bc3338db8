"""REVIEW-TYPO, REVIEW-SENSITIVE, REVIEW-EXPRESSION: wrong words and names.

The rules live one per module (review_typo, review_sensitive,
review_expression; shared machinery in wordlists, the homophone check in
homophone); this module keeps the old import paths working.
"""

from __future__ import annotations

from analyzers.homophone import (
    HomophoneChecker,
    HomophoneSettings,
    homophone_checker,
    near_forms,
)
from analyzers.review_expression import (
    ExpressionRule,
    expression_matcher,
    judged_date,
    last_date_line,
    published_date,
    written_date,
)
from analyzers.review_sensitive import SensitiveRule, sensitive_matcher, spam_matcher
from analyzers.review_typo import TypoRule, typo_matcher
from analyzers.review_typo_names import critical_name_errors, leader_name_errors, names
from analyzers.rule import Rule
from analyzers.wordlists import (
    REPO_ROOT,
    Matcher,
    Term,
    _jieba,
    list_path,
    on_token_boundaries,
    read_list,
)

__all__ = [
    "REPO_ROOT", "WORDING_RULES", "ExpressionRule", "HomophoneChecker", "HomophoneSettings",
    "Matcher", "SensitiveRule", "Term", "TypoRule", "_jieba", "critical_name_errors",
    "expression_matcher", "homophone_checker", "judged_date", "last_date_line",
    "leader_name_errors", "list_path", "names", "near_forms", "on_token_boundaries",
    "published_date", "read_list", "sensitive_matcher", "spam_matcher", "typo_matcher",
    "written_date",
]

WORDING_RULES: tuple[type[Rule], ...] = (TypoRule, SensitiveRule, ExpressionRule)

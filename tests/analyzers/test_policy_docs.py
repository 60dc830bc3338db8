"""False-alarm floor: the 29 clean central documents of shared/realdata/policy_docs.

Each document is checked as an article whose title is the file name and
whose body is the whole text. The findings asserted here were judged real
(see the component report): two half-width commas in the 2018 要点
(落实责任,扎实推进 / 业务指导责任,为本系统). 国务院关于2016年度国家科学技术奖励的决定
starts with its own title followed by its 文号: official-document layout,
which FORMAT-TITLE does not count as a repeated title.
"""

from __future__ import annotations

from pathlib import Path

from analyzers.format import LinebreakRule, PunctRule, TitleRule
from tests.analyzers.conftest import article

EXPECTED = {
    ("国务院办公厅关于印发2018年政务公开工作要点的通知", "FORMAT-PUNCT", ","),
}


def test_policy_docs(policy_docs: list[Path]) -> None:
    got = []
    for path in policy_docs:
        text = path.read_text(encoding="utf-8")
        doc = article(text, title=path.stem, url=path.name)
        for rule in (PunctRule(), TitleRule(), LinebreakRule()):
            for f in rule.check(doc):
                assert text[f.evidence.start : f.evidence.end] == f.evidence.text or (
                    f.evidence.field == "title"
                )
                got.append((path.stem, f.rule, f.evidence.text, f.evidence.start))
    assert {(stem, rule, text) for stem, rule, text, _ in got} == EXPECTED
    # the two commas are two findings
    assert len(got) == 2

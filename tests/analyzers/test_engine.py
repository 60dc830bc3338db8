"""Model, base rule and registry."""

from __future__ import annotations

import pytest

from analyzers import registry
from analyzers.format import PunctRule
from analyzers.model import PROBLEM_CLASSES, Evidence, Finding, Severity
from analyzers.rule import iter_lines, load_thresholds
from tests.analyzers.conftest import article


def _finding(**kw) -> Finding:
    base = dict(
        rule="FORMAT-PUNCT",
        severity=Severity.DEDUCT,
        problem_class="FORMAT",
        site="s",
        unit="u",
        target="http://x/1.htm",
        message="m",
        evidence=Evidence("，。", 3, 5, "ctx"),
        suggestion="h",
    )
    base.update(kw)
    return Finding(**base)


def test_finding_id_stable_and_sensitive() -> None:
    a = _finding()
    assert a.finding_id == _finding().finding_id
    assert len(a.finding_id) == 32
    # offsets and message are not part of the id: an edit above the fault keeps it
    assert a.finding_id == _finding(evidence=Evidence("，。", 9, 11), message="x").finding_id
    assert a.finding_id != _finding(occurrence=1).finding_id
    assert a.finding_id != _finding(target="http://x/2.htm").finding_id
    assert a.finding_id != _finding(evidence=Evidence("，。", 3, 5, field="title")).finding_id
    assert a.finding_id != _finding(rule="FORMAT-TITLE").finding_id


def test_rules_are_well_formed() -> None:
    codes = [r.code for r in registry.RULES]
    assert len(codes) == len(set(codes))
    for cls in registry.RULES:
        assert cls.problem_class in PROBLEM_CLASSES
        assert cls.code.split("-")[0] in {cls.problem_class, "DISC"}
        assert isinstance(cls.severity, Severity)
        assert cls.message and cls.hint and cls.__doc__
        assert cls.applies_to in {"article", "column", "site", "articles", "search", "account"}


def test_thresholds_have_sources() -> None:
    import yaml

    from analyzers.rule import DATA_DIR

    raw = yaml.safe_load((DATA_DIR / "thresholds.yaml").read_text(encoding="utf-8"))
    for code, entries in raw.items():
        assert code in registry.BY_CODE
        for spec in entries.values():
            assert spec["source"].strip() and "value" in spec
    assert load_thresholds()["FORMAT-TITLE"]["max_length"] == 60


@pytest.mark.parametrize(
    ("sel", "expected"),
    [
        ("FORMAT-PUNCT", ["FORMAT-PUNCT"]),
        (
            "format",
            ["FORMAT-PUNCT", "FORMAT-TITLE", "FORMAT-LINEBREAK", "FORMAT-FONT", "FORMAT-TABLE", "FORMAT-ATTACH"],
        ),
        ("FORMAT-TITLE, FORMAT-PUNCT", ["FORMAT-PUNCT", "FORMAT-TITLE"]),
        (None, [r.code for r in registry.RULES]),
        ("", [r.code for r in registry.RULES]),
    ],
)
def test_select(sel, expected) -> None:
    assert [r.code for r in registry.select(sel)] == expected


@pytest.mark.parametrize("sel", ["FORMAT-NOPE", "FORM", "PUNCT", "FORMAT,XYZ"])
def test_select_unknown(sel: str) -> None:
    with pytest.raises(registry.UnknownRuleError, match="unknown rule"):
        registry.select(sel)
    with pytest.raises(registry.UnknownRuleError):
        registry.get("NOPE")
    assert registry.get("format-punct") is PunctRule


def test_finding_fields_from_doc() -> None:
    f = next(PunctRule().check(article("田园镇召开会议，。")))
    assert (f.site, f.unit, f.target, f.column) == (
        "cn-test",
        "县测试局",
        "http://www.example.gov.cn/info/1/1.htm",
        "c1",
    )
    assert f.severity is Severity.DEDUCT and f.problem_class == "FORMAT"
    assert f.message == "标点符号使用不正确：标点连用「，。」"
    assert f.evidence.context == "田园镇召开会议【，。】"


def test_iter_lines_offsets() -> None:
    text = "a\r\nbb\r\r\nccc\n\nd"
    for off, line in iter_lines(text):
        assert text[off : off + len(line)] == line
    assert [line for _, line in iter_lines(text)] == ["a", "bb", "", "ccc", "", "d"]

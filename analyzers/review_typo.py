"""REVIEW-TYPO: 错别字 (word lists, critical names, leaders, homophones)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from analyzers.fixed_terms import fixed_term_index
from analyzers.homophone import HomophoneSettings, _sound, homophone_checker
from analyzers.model import Finding, Severity
from analyzers.review_typo_names import (
    critical_name_errors,
    leader_name_errors,
    names,
    provincial_leader_errors,
)
from analyzers.rule import Rule, make_evidence
from analyzers.wordlists import (
    Matcher,
    Term,
    _texts,
    _yaml,
    list_path,
    read_list,
)

# --- REVIEW-TYPO -------------------------------------------------------------

_TYPO_SOURCES = {
    "XH7": "《现代汉语词典》第7版",
    "YXC": "《第一批异形词整理表》",
    "GFHZ": "《通用规范汉字表》",
}


@cache
def typo_matcher() -> Matcher:
    terms: list[Term] = []
    for e in _yaml("typos.yaml").get("entries") or []:
        terms.append(
            Term(
                str(e["wrong"]),
                "错别字",
                str(e["right"]),
                _TYPO_SOURCES.get(e["source"], e["source"]),
            )
        )
    spec = _yaml("wordlists.yaml")["typo_pairs"]
    skip = set(spec.get("skip") or {})
    for line in read_list(list_path(spec)):
        right, _, wrong = line.partition("-")
        if wrong and wrong not in skip:
            terms.append(Term(wrong, "不规范词形", right, "常见错字错词表（ECSpell词表）"))
    return Matcher(terms)

class TypoRule(Rule):
    """错别字: wrong forms from the ECSpell list of 规范-不规范 pairs (minus
    标志-标识: 标识 is a word of its own) and the project's list of wrong
    forms in official documents (typos.yaml, each with its source); critical
    institution names one character off (中华人民共和国, 中国共产党, 全国人民代表大会 …);
    a current state leader's name one character off next to the leader's
    title (总书记, 总理, 委员长 …) — a veto; a provincial leader's name one
    character off next to the office's title right after the province
    (河北省委书记倪岳锋; data/fixed_terms/provincial_leaders.yaml, dated); a homophone typo (贯撤 for 贯彻):
    an out-of-vocabulary jieba token whose same-pinyin, same-tone variant is
    a frequent word (HomophoneChecker; every filter there exists because of
    a false alarm on clean official text).
    """

    code = "REVIEW-TYPO"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "{kind}：「{text}」应为「{right}」"
    hint = "改为「{right}」（依据：{source}）"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        data = names()
        sources = {n: src for n, src in data.critical}
        leader_src = {n: src for n, _, src in data.leaders}
        checker = homophone_checker(
            HomophoneSettings(
                int(self.thresholds.get("homophone_min_word_freq", 100)),
                int(self.thresholds.get("homophone_max_wrong_freq", 0)),
                float(self.thresholds.get("homophone_max_free_share", 0.3)),
                frozenset(self.thresholds.get("homophone_known_words") or ()),
            )
        )
        for field_name, text in _texts(doc):
            found: list[tuple[int, int, Finding]] = []
            for s, e, t in typo_matcher().hits(text):
                ev = make_evidence(text, s, e, field_name)
                found.append(
                    (
                        s,
                        e,
                        self.finding(
                            doc, ev, kind=t.kind, text=ev.text, right=t.suggest, source=t.source
                        ),
                    )
                )
            for s, e, wrong, right in critical_name_errors(text):
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc, ev, kind="重要机构名称错误", text=wrong, right=right, source=sources[right]
                )
                found.append((s, e, f))
            for s, e, wrong, right, title in leader_name_errors(text):
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc,
                    ev,
                    kind=f"国家领导人姓名错误（{title}）",
                    text=wrong,
                    right=right,
                    source=leader_src[right],
                )
                found.append((s, e, replace(f, severity=Severity.VETO)))
            for s, e, wrong, who, title in provincial_leader_errors(text):
                if any(s < te and ts < e for ts, te, _ in found):
                    continue
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc,
                    ev,
                    kind=f"省级领导人姓名错误（{who.written(title)}）",
                    text=wrong,
                    right=who.name,
                    source=who.source,
                )
                found.append((s, e, f))
            for err in fixed_term_index().errors(text):
                if any(err.start < te and ts < err.end for ts, te, _ in found):
                    continue  # a leader's or institution's name already reported
                ev = make_evidence(text, err.start, err.end, field_name)
                t = err.term
                f = self.finding(
                    doc,
                    ev,
                    kind=f"{t.kind}（{err.edit}）",
                    text=err.wrong,
                    right=t.term,
                    source=t.source,
                )
                found.append(
                    (err.start, err.end, replace(f, severity=Severity.VETO) if t.current_leader else f)
                )
            taken = [(s, e) for s, e, _ in found]
            for s, e, wrong, right, freq in checker.errors(text):
                if any(s < te and ts < e for ts, te in taken):
                    continue  # already explained by the word lists or a name
                ev = make_evidence(text, s, e, field_name)
                if _sound(wrong) == _sound(right):
                    kind = "疑似同音错字"
                    why = f"同音词检查：「{wrong}」不成词，与常用词「{right}」同音（{_sound(right)}，jieba词频{freq}）"
                else:
                    kind = "疑似形近错字"
                    why = f"形近字检查：「{wrong}」不成词，与常用词「{right}」只差一个形近字（jieba词频{freq}）"
                f = self.finding(doc, ev, kind=kind, text=wrong, right=right, source=why)
                found.append((s, e, f))
            for _, _, f in sorted(found, key=lambda x: (x[0], x[1])):
                yield f


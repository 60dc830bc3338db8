from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sample_site.manifest import build_manifest
from sample_site.model import GOV_OFFICE, SiteModel, build_site
from sample_site.render import article_body, render

from .conftest import TODAY

WORDLISTS = Path("/work/shared/realdata/wordlists")


def test_same_seed_same_manifest() -> None:
    a = build_manifest(build_site(seed=7, n_articles=400, today=TODAY))
    b = build_manifest(build_site(seed=7, n_articles=400, today=TODAY))
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_different_seed_differs() -> None:
    a = build_manifest(build_site(seed=7, n_articles=400, today=TODAY))
    b = build_manifest(build_site(seed=8, n_articles=400, today=TODAY))
    assert a["articles"] != b["articles"]


@pytest.mark.parametrize("n", [300, 1000, 2000, 5000])
def test_article_count_honoured(n: int) -> None:
    assert len(build_site(seed=1, n_articles=n, today=TODAY).articles) == n


def test_too_few_articles_rejected() -> None:
    with pytest.raises(ValueError):
        build_site(n_articles=50, today=TODAY)


def test_counts(manifest: dict[str, Any]) -> None:
    assert len(manifest["columns"]) >= 60
    assert len(manifest["units"]) >= 30
    assert manifest["n_articles"] == len(manifest["articles"]) == 2000
    types = {u["type"] for u in manifest["units"]}
    assert types == {"乡镇", "县直部门", "县政府办"}
    styles = {c["list_style"] for c in manifest["columns"]}
    assert {"static", "query", "js", "none"} <= styles
    assert sum(c["list_style"] == "js" for c in manifest["columns"]) == 1


def test_unit_names_unique_and_not_nested(manifest: dict[str, Any]) -> None:
    names = [u["name"] for u in manifest["units"]]
    assert len(names) == len(set(names))
    for a in names:
        for b in names:
            assert a == b or a not in b, (a, b)


def test_column_unit_rule(manifest: dict[str, Any]) -> None:
    names = [u["name"] for u in manifest["units"]]
    for c in manifest["columns"]:
        path = "/".join(c["names"])
        hits = [n for n in names if n in path]
        assert c["unit"] == (hits[0] if hits else GOV_OFFICE)
        assert len(hits) <= 1


def test_urls_unique(manifest: dict[str, Any]) -> None:
    urls = [a["url"] for a in manifest["articles"]] + [b["url"] for b in manifest["broken_entries"]]
    assert len(urls) == len(set(urls))


def test_gbk_share(manifest: dict[str, Any]) -> None:
    gbk = [a for a in manifest["articles"] if a["encoding"] == "gbk"]
    assert 0.01 < len(gbk) / len(manifest["articles"]) < 0.06
    assert {a["charset_header"] for a in gbk} == {True, False}


def _wordlist(name: str) -> list[str]:
    p = WORDLISTS / name
    if not p.exists():
        pytest.skip(f"{p} not available")
    words = []
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line:
            words.append(line.split("-")[-1] if "-" in line else line)
    return words


def test_ordinary_text_is_clean(model: SiteModel) -> None:
    """Ordinary (non-special) articles never contain seeded-fault material."""
    bad_words = _wordlist("ecspell_常见错字错词.txt") + [
        w for w in _wordlist("ecspell_新华社禁用词慎用词.txt") if len(w) >= 2]
    ordinary = [a for a in model.articles if a.paras is None][::7]
    for a in ordinary:
        body = re.sub(r"<[^>]+>", "", article_body(model, a))
        txt = a.title + body
        assert "，。" not in txt and "," not in txt, a.url
        assert not re.search(r"\d{11,}", txt), a.url
        hits = [w for w in bad_words if w in txt]
        assert not hits, (a.url, hits)
        assert txt.count("《") == txt.count("》") and txt.count("“") == txt.count("”")


def test_titles_unique_except_seeded(manifest: dict[str, Any]) -> None:
    seeded = {f["evidence"] for f in manifest["faults"] if f["rule"] == "DUP-TITLE"}
    seen: dict[str, int] = {}
    for a in manifest["articles"]:
        seen[a["title"]] = seen.get(a["title"], 0) + 1
    assert {t for t, n in seen.items() if n > 1} == seeded


def test_freshness_plan(manifest: dict[str, Any]) -> None:
    today = manifest["today"]
    cols = {c["url"]: c for c in manifest["columns"]}
    for f in manifest["faults"]:
        if f["rule"] == "FRESH-BLANK":
            assert cols[f["url"]]["n_items"] == 0
    import datetime as dt

    t = dt.date.fromisoformat(today)
    flagged = {f["url"] for f in manifest["faults"] if f["rule"] in ("FRESH-COLUMN", "FRESH-BLANK")}
    for c in manifest["columns"]:
        if not c["leaf"] or c["max_age_days"] is None or c["url"] in flagged:
            continue
        age = (t - dt.date.fromisoformat(c["newest_date"])).days
        assert age < c["max_age_days"] * 0.6, c["url"]


def test_interpretations_name_documents(manifest: dict[str, Any]) -> None:
    docs = {a["title"] for a in manifest["articles"] if a["kind"] == "policy"}
    # Reposted superior documents (sample_site/conventions.py) may come with a reposted 解读.
    reposted = {a["title"] for a in manifest["articles"] if a["kind"] == "xxgk" and a["meta"].get("doc_no")}
    interps = [a for a in manifest["articles"] if a["kind"] == "interp"]
    named = {a["title"][1:].split("》政策解读")[0] for a in interps}
    assert named <= docs | reposted
    named -= reposted
    missing = {f["evidence"] for f in manifest["faults"] if f["rule"] == "INTERP-MISSING" and f["kind"] == "fault"}
    assert docs - named == missing


def test_home_and_robots(model: SiteModel) -> None:
    r = render(model, "/robots.txt")
    assert r.status == 200 and b"Allow: /" in r.body
    home = render(model, "/").body.decode()
    for slug in model.top:
        assert f'href="/col/{slug}/"' in home
    assert home.count('class="news-block"') >= 3

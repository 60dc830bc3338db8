"""Golden tests: extractor output vs expectations written by reading each real page."""

import csv
import json

import pytest

from crawler.extract.article import extract_article

from .conftest import GOLDEN_DIR, HTML_DIR

GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))


def test_enough_goldens() -> None:
    names = [p.stem for p in GOLDEN_FILES]
    assert sum(n.startswith("govcn_") for n in names) >= 10
    assert len(names) - sum(n.startswith("govcn_") for n in names) >= 8


@pytest.mark.parametrize("golden_path", GOLDEN_FILES, ids=lambda p: p.stem)
def test_golden(golden_path, html_dir) -> None:
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    html = (html_dir / golden["file"]).read_text(encoding="utf-8")
    art = extract_article(html, golden["url"], golden.get("template"))
    assert art.title == golden["title"]
    for key, value in golden["meta"].items():
        assert art.meta.get(key) == value, key
    published = art.published.strftime("%Y-%m-%d") if art.published else None
    assert published == golden["published"]
    assert art.date_source == golden["date_source"]
    assert art.body_text[:80] == golden["body_head"]
    assert art.body_text[-80:] == golden["body_tail"]
    assert len(art.attachments) == golden["attachments"]
    assert len(art.images) == golden["images"]
    assert len(art.links) == golden["links"]
    assert art.template == (golden.get("template") or "generic")


def _labels() -> list[dict[str, str]]:
    path = HTML_DIR / "govcn_policy_fragments" / "labels.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _labels(), ids=lambda r: r["file"][:2])
def test_govcn_labels(row, html_dir) -> None:
    html = (html_dir / "govcn_policy_fragments" / row["file"]).read_text(encoding="utf-8")
    art = extract_article(html, row["source_url"])
    assert art.meta["index_no"] == row["index_number"]
    assert art.meta["doc_no"] == row["doc_number"]
    assert art.meta["publisher"] == row["release_office"]
    assert art.title == row["title"]
    assert art.date_source == "meta"
    assert art.body_text
    assert ("此件公开发布" in art.body_text) == (row["has_label_此件公开发布"] == "1")

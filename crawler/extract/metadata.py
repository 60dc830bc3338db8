"""Information-disclosure metadata (索引号, 发布机构, 发布日期, …) from article pages.

Handles label/value table cells, <dl><dd><label>…</label><div>…</div>, label elements
followed by their value as tail text, and one-line "发布时间：… 来源：… 浏览次数：…" runs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from lxml import etree

logger = logging.getLogger(__name__)

# Canonical key for each normalised (whitespace-free, colon-free) label.
LABEL_SYNONYMS: dict[str, str] = {
    "索引号": "index_no", "索取号": "index_no",
    "发布机构": "publisher", "发文机关": "publisher", "发文单位": "publisher",
    "发布单位": "publisher", "发布机关": "publisher", "制发机关": "publisher",
    "公开目录": "catalog", "主题分类": "catalog", "分类": "catalog", "信息分类": "catalog",
    "所属分类": "catalog", "组配分类": "catalog",
    "发布日期": "pub_date", "发布时间": "pub_date", "公开日期": "pub_date",
    "发文日期": "pub_date", "时间": "pub_date", "日期": "pub_date", "公开时间": "pub_date",
    "成文日期": "written_date", "成文时间": "written_date",
    "文号": "doc_no", "发文字号": "doc_no", "发文文号": "doc_no",
    "主题词": "keywords", "关键词": "keywords", "关键字": "keywords",
    "浏览量": "views", "浏览次数": "views", "访问量": "views", "点击数": "views",
    "点击量": "views", "阅读量": "views", "阅读次数": "views", "访问次数": "views",
    "来源": "source", "信息来源": "source", "文章来源": "source", "稿件来源": "source",
    "有效性": "validity", "时效性": "validity",
    "标题": "title", "名称": "title",
}
UNKNOWN_PREFIX = "label:"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "select", "option",
              "textarea", "iframe"}
# Page-tool labels that look like metadata but are widgets.
_UI_LABELS = {"字体", "字号", "分享", "分享到", "打印", "视力保护色", "背景色", "扫一扫"}
_LABEL_CHARS = re.compile(r"^[\u4e00-\u9fff]{1,8}$")
_MAX_VALUE = 300


def collapse(text: str | None) -> str:
    """Collapse every whitespace run (incl. U+2002, U+3000, nbsp) to one space and strip."""
    if not text:
        return ""
    if _HAS_ZERO_WIDTH.search(text):  # translate is slow; most text has none
        text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


def normalize_label(text: str) -> str:
    """Label without any whitespace, brackets, or trailing ：/: ("索 引 号：" → "索引号")."""
    label = "".join(text.translate(_ZERO_WIDTH).split())
    label = label.strip("【】[]〔〕")
    return label.rstrip(":：").strip("【】[]〔〕")


def canonical_key(label: str) -> str:
    """Canonical key for a raw label, or "label:<normalised label>" if unknown."""
    norm = normalize_label(label)
    return LABEL_SYNONYMS.get(norm) or f"{UNKNOWN_PREFIX}{norm}"


def _spaced(label: str) -> str:
    # Labels are often padded inside ("索 引 号", "标　　题").
    return r"\s*".join(map(re.escape, label))


# Known labels followed by a colon, not glued to a preceding CJK char ("资料来源：" ≠ "来源：").
_INLINE = re.compile(
    r"(?<![\u4e00-\u9fff])[【\[]?(?P<label>"
    + "|".join(_spaced(lab) for lab in sorted(LABEL_SYNONYMS, key=len, reverse=True))
    + r")[】\]]?\s*[:：]"
)


def _text(el: etree._Element, limit: int = 2000, sep: str = "") -> str:
    """Whitespace-collapsed text of el, giving up (returning partial) beyond limit chars.

    sep=" " keeps cells apart ("国务院" + "成文日期：" must not glue into one CJK run).
    """
    parts: list[str] = []
    size = 0
    for chunk in el.itertext():
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            break
    return collapse(sep.join(parts))


def _is_label_text(text: str) -> tuple[str, bool] | None:
    """(normalised label, has colon) if the whole text looks like a label, else None."""
    stripped = "".join(text.split())
    if not stripped or len(stripped) > 12:
        return None
    has_colon = stripped.endswith((":", "："))
    label = normalize_label(stripped)
    if not _LABEL_CHARS.match(label):
        return None
    if not has_colon and label not in LABEL_SYNONYMS:
        return None
    return label, has_colon


def _elements(
    root: etree._Element, exclude: etree._Element | None = None
) -> Iterator[etree._Element]:
    walker = etree.iterwalk(root, events=("start",))
    for _, el in walker:
        if not isinstance(el.tag, str):
            continue
        if el.tag in _SKIP_TAGS or el is exclude:
            walker.skip_subtree()
            continue
        yield el


def _inline_pairs(text: str) -> list[tuple[str, str]]:
    """Split "发布时间：x 来源：y" into [(label, value), …] on known labels."""
    matches = list(_INLINE.finditer(text))
    pairs = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = collapse(text[m.end():end]).strip(" |｜丨/")
        pairs.append((normalize_label(m.group("label")), value))
    return pairs


def _has_valued_label(text: str) -> bool:
    return any(value for _, value in _inline_pairs(text))


def _pair_value(el: etree._Element) -> str | None:
    """Value for a label-only element: its tail text, else its next sibling's text."""
    tail = collapse(el.tail)
    if tail:
        return tail
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    if nxt is None or nxt.tag in _SKIP_TAGS:
        return "" if nxt is None else None
    value = _text(nxt, _MAX_VALUE)
    # The sibling is the next label ("来源：" followed by "访问量：199"): this one is empty.
    if len(value) > _MAX_VALUE or _is_label_text(value) or _INLINE.match(value):
        return ""
    return value


def _value_is_control(el: etree._Element) -> bool:
    """True if the value next to a label is a link/button (font-size, share widgets)."""
    if collapse(el.tail):
        return False
    nxt = el.getnext()
    return nxt is not None and nxt.tag in {"a", "button", "input"}


def extract_metadata(
    tree_or_html: etree._Element | str | bytes, exclude: etree._Element | None = None
) -> dict[str, str]:
    """Metadata dict with canonical keys; unknown labels of a metadata block as "label:X".

    exclude: a subtree to skip (the article body, whose "时间：" lines are not metadata).
    """
    root = _as_tree(tree_or_html)
    if root is None:
        return {}
    known: list[tuple[str, str]] = []
    unknown: list[tuple[etree._Element, str, str]] = []
    known_parents: dict[etree._Element, int] = {}

    for el in _elements(root, exclude):
        text = _text(el, _MAX_VALUE + 50)
        if not text or len(text) > _MAX_VALUE:
            continue
        label_info = _is_label_text(text)
        if label_info is not None:
            parent = el.getparent()
            # Only the outermost element whose text is exactly the label (<td><b>x：</b></td>).
            if parent is not None and _text(parent, 40) == text and parent.tag not in _SKIP_TAGS:
                continue
            value = _pair_value(el)
            if value is None:
                continue
            label = label_info[0]
            if label in LABEL_SYNONYMS:
                known.append((LABEL_SYNONYMS[label], value))
                for anc in list(el.iterancestors())[:4]:
                    known_parents[anc] = known_parents.get(anc, 0) + 1
            elif label_info[1] and label not in _UI_LABELS and not _value_is_control(el):
                unknown.append((el, label, value))
            continue
        text = _text(el, _MAX_VALUE + 50, sep=" ")
        if not _has_valued_label(text):
            continue
        # Let the innermost element holding a whole "label：value" run handle it.
        if any(
            isinstance(child.tag, str) and _has_valued_label(_text(child, _MAX_VALUE, sep=" "))
            for child in el
        ):
            continue
        for label, value in _inline_pairs(text):
            known.append((LABEL_SYNONYMS[label], value))

    meta: dict[str, str] = {}
    for key, value in known:
        # Empty values are left out: they are often filled by scripts (访问量), so "" would lie.
        if value and key not in meta:
            meta[key] = value
    for el, label, value in unknown:
        # Unknown labels count only inside a block that also has known labels
        # (so footers like "主办：…" and body lines like "资料来源：" stay out).
        if value and any(known_parents.get(a, 0) >= 2 for a in list(el.iterancestors())[:4]):
            meta.setdefault(f"{UNKNOWN_PREFIX}{label}", value)
    return meta


def _as_tree(tree_or_html: etree._Element | str | bytes) -> etree._Element | None:
    if isinstance(tree_or_html, etree._Element):
        return tree_or_html
    if isinstance(tree_or_html, etree._ElementTree):
        return tree_or_html.getroot()
    from crawler.extract.article import parse_html  # local import: article imports us

    return parse_html(tree_or_html)

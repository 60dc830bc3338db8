"""Article pages (news, xxgk metadata table, policy documents, interpretations) and mailbox messages."""

from __future__ import annotations

import random
import re
from html import escape

from .. import text
from ..records import Article, MailboxMessage, SiteModel
from .frame import Response, _crumb, _html, _nav, _page

LABELS_PLAIN = {"index_no": "索引号：", "publisher": "发布机构：", "catalog": "公开目录：",
                "pub_date": "发布日期：", "doc_no": "文号：", "keywords": "主题词：", "views": "浏览量："}
# Real TRS pages pad short labels with U+2002 EN SPACE to line them up.
LABELS_SPACED = {"index_no": "索\u2002引\u2002号：", "publisher": "发布机构：", "catalog": "公开目录：",
                 "pub_date": "发布日期：", "doc_no": "文\u2002\u2002\u2002\u2002号：",
                 "keywords": "主\u2002题\u2002词：", "views": "浏\u2002览\u2002量："}


def article_meta(model: SiteModel, a: Article) -> dict[str, str]:
    """Metadata values exactly as an xxgk table shows them (empty dict for news pages)."""
    if a.kind == "news":
        return {}
    col = model.columns[a.col]
    unit_idx = next(i for i, u in enumerate(model.units) if u.name == col.unit)
    code = f"{(15263760 + unit_idx * 1117) % 100000000:08d}-{'X' if unit_idx % 3 == 0 else unit_idx % 10}"
    meta = {
        "index_no": f"{code}/{a.date:%Y%m%d}-{a.id % 100000:05d}",
        "publisher": _publisher(col.unit),
        "catalog": model.columns[col.slug.split("/")[0]].name,
    }
    if a.date_visible == "meta":
        meta["pub_date"] = f"{a.date:%Y-%m-%d}"
    meta["doc_no"] = a.doc_no
    meta["views"] = str(a.views)
    meta["keywords"] = {"policy": "政策文件", "interp": "政策解读"}.get(a.kind, "")
    return meta


def _publisher(unit: str) -> str:
    return text.COUNTY + unit[1:] if unit.startswith("县") else unit + "人民政府"


def _meta_html(model: SiteModel, a: Article) -> str:
    col = model.columns[a.col]
    if a.kind == "news":
        date = f"发布时间：{a.date:%Y-%m-%d} {a.time}　" if a.date_visible == "meta" else ""
        return f'<div class="article-meta">{date}来源：{escape(col.unit)}　浏览次数：{a.views}</div>'
    m = article_meta(model, a)
    lab = LABELS_SPACED if a.meta_style else LABELS_PLAIN

    def cells(k: str) -> str:
        return f"<td>{lab[k]}</td><td>{escape(m[k])}</td>" if k in m else ""

    rows = [cells("index_no") + cells("publisher"), cells("catalog") + cells("pub_date"),
            cells("doc_no") + cells("views"),
            f'<td>{lab["keywords"]}</td><td colspan="3">{escape(m["keywords"])}</td>']
    return '<table class="xxgk-table">' + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _sign_date(a: Article) -> str:
    import datetime as dt

    d = a.date - dt.timedelta(days=a.id % 4 + 1)
    return f"{d.year}年{d.month}月{d.day}日"


def _policy_body(model: SiteModel, a: Article, rng: random.Random) -> list[str]:
    col = model.columns[a.col]
    if a.kind == "party":
        signer = a.title.split("委员会")[0] + "委员会" if "委员会" in a.title else a.title.split("党组")[0] + "党组"
        paras = ["<p>各党小组：</p>"]
        paras += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 2, 3, text.POLICY_SENTENCES)]
    else:
        signer = text.full_unit_name(col.unit)
        m = re.search(r"印发(.+)的通知", a.title)
        lead = (f"现将《{escape(m.group(1))}》印发给你们，请结合实际认真贯彻执行。" if m
                else "为做好相关工作，现将有关事项通知如下。")
        paras = ["<p>各乡镇人民政府，县直各部门：</p>", f"<p>{lead}</p>"]
        paras += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 2, 4, text.POLICY_SENTENCES)]
    label = f'<p style="text-indent:2em">（{a.label}）</p>' if a.label else ""
    if a.label and a.label_pos == "top":
        paras.insert(1, label)
        label = ""
    paras.append(f'<p style="text-align:right">{escape(signer)}</p>')
    paras.append(f'<p style="text-align:right">{_sign_date(a)}</p>')
    if label:
        paras.append(label)
    return paras


def article_body(model: SiteModel, a: Article) -> str:
    """Inner HTML of the article-content div."""
    col = model.columns[a.col]
    rng = random.Random(f"{model.seed}:body:{a.id}")
    if a.paras is not None and a.kind not in ("policy", "party"):
        parts = list(a.paras)
    elif a.kind in ("policy", "party"):
        parts = _policy_body(model, a, rng)
    elif a.kind == "interp":
        doc = model.by_id.get(a.related or 0)
        parts = []
        if doc is not None:
            parts.append(f'<p>近日，<a href="{doc.url}">{escape(doc.title)}</a>正式印发。为便于社会公众了解文件内容，现解读如下。</p>')
        for head in ("一、出台背景", "二、主要内容", "三、实施要求"):
            parts.append(f"<p><strong>{head}</strong></p>")
            parts += [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit, 1, 2, text.POLICY_SENTENCES)]
    else:
        parts = [f"<p>{p}</p>" for p in text.paragraphs(rng, col.unit)]
    if a.paras is None:
        for iid in a.images:
            img = model.images[iid]
            parts.append(f'<p style="text-align:center"><img src="{img.url}" alt="{escape(a.title[:12])}"></p>')
        for i, aid in enumerate(a.attachments, start=1):
            parts.append(f"<p>附件{i}：{escape(model.attachments[aid].title)}</p>")
    return "\n".join(parts)


def _article(model: SiteModel, a: Article) -> Response:
    col = model.columns[a.col]
    atts = ""
    if a.attachments:
        links = "".join(f'<a href="{model.attachments[x].url}">{escape(model.attachments[x].name)}</a>'
                        for x in a.attachments)
        atts = f'<div class="attachments">{links}</div>'
    body = article_body(model, a)
    if a.malformed:
        # Lenient parsers must still find title and body; the content div is never closed.
        content = f'<div class="article-content" id="zoom">{body}\n{atts}'
    else:
        content = f'<div class="article-content" id="zoom">\n{body}\n</div>\n{atts}'
    main = (f"{_crumb(model, col, link_last=True)}\n<h1 class=\"article-title\">{escape(a.title)}</h1>\n"
            f"{_meta_html(model, a)}\n{content}")
    if a.encoding == "gbk":
        meta = None if a.charset_header else "gbk"
        return _html(_page(a.title, main, _nav(model), meta_charset=meta), encoding="gbk",
                     header_charset=a.charset_header)
    return _html(_page(a.title, main, _nav(model)))


def _message(model: SiteModel, m: MailboxMessage) -> Response:
    col = model.columns["ldxx"]
    rdate = f"{m.reply_date:%Y-%m-%d}" if m.reply_date else ""
    rows = [("来信标题", m.title), ("来信时间", f"{m.date:%Y-%m-%d}"), ("办理状态", m.status),
            ("来信内容", m.content), ("回复单位", m.reply_unit), ("回复时间", rdate), ("回复内容", m.reply)]
    table = "".join(f"<tr><th>{k}</th><td>{escape(v)}</td></tr>" for k, v in rows)
    main = (f"{_crumb(model, col, link_last=True)}\n<h1 class=\"article-title\">{escape(m.title)}</h1>\n"
            f'<table class="mailbox">{table}</table>')
    return _html(_page(m.title, main, _nav(model)))

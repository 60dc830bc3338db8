"""The draft bulletin (通报) of a period, laid out like the seed bulletin.

一、总体情况 from :mod:`reports.stats`; 二、存在的主要问题 from the period's
reported findings grouped by :mod:`reports.sections`; 三、工作要求 from the
configurable requirement items of bulletin.yaml; then the issuing office, the
date and an annex listing the telling problems with their links and evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pymongo.database import Database

from reports.config import bulletin_config, county_of, rule_matches, section_table
from reports.document import Document, Run, cn_number
from reports.period import Period, china_date, chinese_date
from reports.sections import SITE_WIDE, Section, group, part_runs
from reports.selection import describe_targets, reported_findings
from reports.stats import Overview, overview


@dataclass
class Bulletin:
    """The document and what it was made from (tests and the CLI read these)."""

    document: Document
    overview: Overview
    sections: list[Section]
    findings: list[dict[str, Any]]
    issued: date
    deadline: date


def _site_name(db: Database, site: str | None) -> str:
    doc = db.sites.find_one({} if site is None else {"_id": site}, {"name": 1})
    return str((doc or {}).get("name") or site or "")


_FOLD_SPACE = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def _fill(text: str, values: dict[str, str]) -> str:
    """Fill a template; spaces YAML folding put between Chinese lines are dropped."""
    return _FOLD_SPACE.sub("", str(text).strip()).format(**values)


def build_bulletin(db: Database, period: Period, site: str | None = None,
                   config: str | None = None, issued: date | None = None) -> Bulletin:
    """Everything from MongoDB; ``config`` is a YAML file overriding bulletin.yaml."""
    cfg = bulletin_config(config)
    table = section_table()
    site_name = _site_name(db, site)
    county = county_of(site_name)
    issued = issued or china_date()
    deadline = issued + timedelta(days=int(cfg.get("deadline_days", 15)))
    values = {"county": county, "site_name": site_name, "period": period.label,
              "period_short": period.short, "deadline": chinese_date(deadline)}
    values["office"] = _fill(cfg["office"], values)
    findings = reported_findings(db, period, site, str(cfg.get("min_severity", "deduct")))
    media = [f for f in findings if rule_matches(str(f.get("rule")), ["MEDIA-", "FRESH-MEDIA"])]
    ov = overview(db, period, site, county, media)
    sections = group(findings)
    targets = describe_targets(db, findings)

    doc = Document(_fill(cfg["title"], values))
    doc.add("title", doc.title)
    doc.add("recipients", _fill(cfg["recipients"], values))
    doc.add("para", _fill(cfg["intro"], values))

    doc.add("h1", "一、总体情况")
    doc.add("para", Run("（一）政府网站检查情况。", "h2"), _website_sentence(ov, period, findings))
    doc.add("para", Run("（二）政务新媒体检查情况。", "h2"), _media_sentence(ov, county, cfg))

    doc.add("h1", "二、存在的主要问题")
    if not sections:
        doc.add("para", f"{period.short}检查未发现需要通报的问题。")
    for i, sec in enumerate(sections, 1):
        doc.add("para", Run(f"（{cn_number(i)}）{sec.title}", "h2"))
        numbered = len(sec.parts) > 1
        for j, part in enumerate(sec.parts, 1):
            runs = part_runs(part, targets, int(table.get("max_units", 8)),
                             int(table.get("max_examples", 5)), table.get("phrases") or {})
            if numbered:
                runs = [Run(f"{j}.{runs[0].text}", "h3"), *runs[1:]]
            doc.add("para", *runs)

    doc.add("h1", "三、工作要求")
    present = {s.key for s in sections}
    items = [r for r in cfg.get("requirements") or [] if not r.get("when") or present & set(r["when"])]
    for i, req in enumerate(items, 1):
        doc.add("para", Run(f"（{cn_number(i)}）{req['title']}。", "h2"), Run(_fill(req["text"], values)))

    annex = _annex_rows(findings, targets, int(cfg.get("annex_rows", 60)))
    if annex:
        doc.add("annex_ref", f"附件：{cfg.get('annex_title', '典型问题清单')}")
    doc.add("signature", values["office"])
    doc.add("date", chinese_date(issued))
    if cfg.get("disclosure_note"):
        doc.add("note", str(cfg["disclosure_note"]))
    if annex:
        doc.add("page_break")
        doc.add("annex_label", "附件")
        doc.add("annex_title", str(cfg.get("annex_title", "典型问题清单")))
        table_block = doc.add("table")
        table_block.rows = annex
        if len(findings) > len(annex) - 1:
            doc.add("para", f"注：共{len(findings)}个问题，此处列出{len(annex) - 1}个，全部问题见整改清单。")
    return Bulletin(doc, ov, sections, findings, issued, deadline)


def _website_sentence(ov: Overview, period: Period, findings: list[dict[str, Any]]) -> str:
    names = "、".join(ov.sites) or "无"
    interp = f"发布政策解读{ov.interpretations}条" if ov.interpretations else "未开展政策解读"
    units = {str(f.get("unit") or SITE_WIDE) for f in findings}
    return (f"本次检查政府网站{len(ov.sites)}个（{names}），{period.short}政府网站主动公开信息{ov.articles}条，"
            f"其中：普通文章信息{ov.ordinary}条，信息公开文章{ov.disclosure}条，转载国家、省、市信息{ov.reposts}条；"
            f"“领导信箱留言”收件{ov.mailbox_received}件，办结{ov.mailbox_answered}件；{interp}。"
            f"期内完成全站检查{ov.crawls}次，检查栏目{ov.columns}个，发现需通报的问题{len(findings)}个，"
            f"涉及{len(units)}个单位；{ov.failures}个页面无法访问。")


def _media_sentence(ov: Overview, county: str, cfg: dict[str, Any]) -> str:
    if not ov.accounts_collected or not ov.accounts:
        return "本期未采集政务新媒体账号数据，政务新媒体检查情况未纳入本次统计。"
    names = cfg.get("platforms") or {}
    total = sum(ov.accounts.values())
    split = "、".join(f"{names.get(p, p)}{n}个" for p, n in ov.accounts.items())
    return f"{county}政府系统在运行的政务新媒体有{total}个（其中：{split}），不合格政务新媒体{ov.unqualified_accounts}个。"


def _annex_rows(findings: list[dict[str, Any]], targets: dict[str, Any], limit: int) -> list[list[Run]]:
    if not findings:
        return []
    rows = [[Run(h) for h in ("序号", "单位", "问题", "信息标题或栏目", "证据")]]
    for n, f in enumerate(findings[:limit], 1):
        t = targets.get(str(f.get("target")))
        url = str(f.get("target") or "")
        href = url if url.startswith(("http://", "https://")) else None
        name = (t.name if t and t.name else url) or url
        evidence = str((f.get("evidence") or {}).get("text") or "")
        rows.append([Run(str(n)), Run(str(f.get("unit") or SITE_WIDE)), Run(str(f.get("message") or "")),
                     Run(name, href=href), Run(evidence[:80])])
    return rows


def write_bulletin(db: Database, period: Period, out: Path, fmt: str, site: str | None = None,
                   config: str | None = None, issued: date | None = None) -> Bulletin:
    """Build the bulletin and write it in ``fmt``; returns the Bulletin."""
    from reports.docx_writer import write_docx
    from reports.text_writers import render_html, render_markdown

    bulletin = build_bulletin(db, period, site, config, issued)
    if fmt == "docx":
        write_docx(bulletin.document, out)
    elif fmt == "html":
        out.write_text(render_html(bulletin.document), encoding="utf-8")
    else:
        out.write_text(render_markdown(bulletin.document), encoding="utf-8")
    return bulletin

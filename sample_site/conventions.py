"""Reposted superior documents and conventionally set notes (issue 12).

County portals repost documents of the 国务院 and the city in their policy
columns, with or without the original's 公开属性 label and sometimes with a
reposted 解读; regulations carry a 楷体 promulgation note under the title and
statistical bulletins a smaller-size 注 line, 资料来源 line and 注释 block.
None of that is the county's fault; a body paragraph in another font or size
still is.

Runs after everything else with its own rng: every article, column entry and
fault generated before stays as it was, except that the oldest ordinary
政务要闻 items make room so the portal keeps ``n_articles`` articles.
"""

from __future__ import annotations

import datetime as dt
import random

from .records import Article, Fault, SiteModel

K = "font-family:楷体_GB2312;font-size:16pt"
FS = "font-family:仿宋_GB2312;font-size:16pt"
SMALL = "font-family:仿宋_GB2312;font-size:12pt"
NOTE = "font-family:仿宋_GB2312;font-size:10.5pt"
LABEL = '<p style="text-indent:2em">（此件公开发布）</p>'
RIGHT = '<p style="text-align:right">{}</p>'


def _p(text: str, style: str = "") -> str:
    return f'<p style="{style}">{text}</p>' if style else f"<p>{text}</p>"


def _signed(issuer: str, date: str) -> list[str]:
    return [RIGHT.format(issuer), RIGHT.format(date)]


# (column, title, 文号, age, body paragraphs, label position: annot | top | none)
_GOVCN_MEDIA = (
    "国务院办公厅关于推进政务新媒体健康有序发展的意见", "国办发〔2018〕123号",
    ["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
     "政务新媒体是移动互联网时代党和政府联系群众、服务群众、凝聚群众的重要渠道，是加快转变政府职能、"
     "建设服务型政府的重要手段。为推动政务新媒体健康有序发展，经国务院同意，现提出如下意见。",
     "各地区、各部门要充分认识推进政务新媒体健康有序发展的重要意义，加强组织领导，明确责任分工，"
     "确保各项任务落到实处。"],
    "国务院办公厅", "2018年12月7日",
)
_GOVCN_FARMLAND = (
    "国务院办公厅关于切实加强高标准农田建设提升国家粮食安全保障能力的意见", "国办发〔2019〕50号",
    ["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
     "确保重要农产品特别是粮食供给，是实施乡村振兴战略的首要任务。建设高标准农田，是巩固和提高粮食"
     "生产能力、保障国家粮食安全的关键举措。经国务院同意，现提出以下意见。",
     "各地区要把高标准农田建设作为重要任务，加大投入力度，强化建后管护，确保建一块、成一块。"],
    "国务院办公厅", "2019年11月13日",
)
_GOVCN_EDUCATION = (
    "国务院办公厅关于进一步调整优化结构提高教育经费使用效益的意见", "国办发〔2018〕82号",
    ["各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
     "为深入贯彻落实党中央、国务院关于优先发展教育事业的决策部署，进一步调整优化教育经费使用结构，"
     "全面提高教育经费使用效益，经国务院同意，现提出如下意见。",
     "各地区、各有关部门要健全投入机制，优化支出结构，加强经费监管，推动教育事业高质量发展。"],
    "国务院办公厅", "2018年8月17日",
)
_CITY_JOBS = (
    "禾川市人民政府办公室关于进一步做好稳就业工作的通知", "禾政办发〔2026〕21号",
    ["各县（市、区）人民政府，市直各有关单位：",
     "为深入实施就业优先政策，进一步稳定和扩大就业，经市人民政府同意，现就有关事项通知如下。",
     "各县（市、区）要落实就业补贴政策，加强重点群体就业帮扶，确保全市就业局势总体稳定。"],
    "禾川市人民政府办公室", "2026年9月8日",
)

_REGULATION_NOTE = ("（2007年4月5日中华人民共和国国务院令第492号公布　"
                    "2019年4月3日中华人民共和国国务院令第711号修订）")
_REGULATION = [
    "第一条　为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，"
    "充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。",
    "第二条　本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，"
    "以一定形式记录、保存的信息。",
    "第四条　各级人民政府及县级以上人民政府部门应当建立健全本行政机关的政府信息公开工作制度，"
    "并指定机构负责本行政机关政府信息公开的日常工作。",
    "第五条　行政机关公开政府信息，应当坚持以公开为常态、不公开为例外，遵循公正、公平、合法、"
    "便民的原则。",
]
_TABLE = (
    '<table border="1" style="font-family:宋体;font-size:12pt"><tr><td>产品名称</td><td>产量（万吨）</td>'
    "<td>比上年增长（%）</td></tr><tr><td>粮食</td><td>10.8</td><td>1.6</td></tr>"
    "<tr><td>茶叶</td><td>1.9</td><td>4.2</td></tr><tr><td>蔬菜</td><td>8.7</td><td>3.1</td></tr></table>"
)
NOTE_LINE = "注：表中粮食产量为播种面积与单产调查推算数，茶叶产量为毛茶产量。"
SOURCE_LINE = "资料来源：县统计局、县农业农村局、县工业信息商务科技局。"
FONT_SIZE_ODD = "会议要求，各医疗卫生单位要加强值班值守，发现异常情况及时报告，确保群众健康安全。"
FONT_FAMILY_ODD = "为进一步做好秋冬季森林防火工作，龙泉乡于近日召开专题会议，对相关工作进行安排部署。"

#: Titles of the reposted superior documents: their own_document is false.
REPOSTED_TITLES = (_GOVCN_MEDIA[0], _GOVCN_FARMLAND[0], _GOVCN_EDUCATION[0], _CITY_JOBS[0])


def seed_conventions(model: SiteModel) -> None:
    """Add the articles and their faults / near-misses to a built model."""
    rng = random.Random(f"{model.seed}:conventions")
    added: list[Article] = []
    next_id = max((a.id for a in model.articles), default=1000) + 1

    def add(col: str, title: str, age: int, kind: str, paras: list[str] | None, doc_no: str = "",
            related: int | None = None) -> Article:
        nonlocal next_id
        dated = [e.date for e in model.columns[col].entries if getattr(e, "date", None)]
        if dated:  # older than the column's newest item: its freshness stays as seeded
            age = max(age, (model.today - max(dated)).days + 1)
        a = Article(next_id, col, title, model.today - dt.timedelta(days=age),
                    f"{rng.randint(8, 17):02d}:{rng.choice(['00', '15', '30', '45'])}", kind,
                    doc_no=doc_no, paras=tuple(paras) if paras is not None else None, views=rng.randint(40, 3000),
                    meta_style=rng.randint(0, 1), related=related)
        next_id += 1
        added.append(a)
        model.articles.append(a)
        model.by_path[a.url] = a
        model.by_id[a.id] = a
        model.columns[col].entries.append(a)
        return a

    def fault(a: Article, rule: str, evidence: str, note: str, kind: str = "fault",
              **extra: object) -> None:
        model.faults.append(Fault(rule, kind, a.url, model.columns[a.col].unit, evidence, note,
                                  dict(extra)))

    def repost(col: str, doc: tuple, age: int, label: str) -> Article:
        title, no, paras, issuer, date = doc
        body = [_p(no, "text-align:center"), *(_p(x) for x in paras), *_signed(issuer, date)]
        if label == "annot":
            body.append(LABEL)
        elif label == "top":
            body.insert(2, LABEL)
        return add(col, title, age, "xxgk", body, doc_no=no)

    # A 国务院办公厅 document reposted with its label, without 解读: nothing to report.
    a = repost("zcwj/xzfb", _GOVCN_MEDIA, 40, "annot")
    fault(a, "INTERP-MISSING", a.title, "reposted superior document: its 解读 is the issuer's",
          kind="near_miss")
    fault(a, "DISC-MISSING", a.title, "reposted superior document carrying its label", kind="near_miss")
    # A city document reposted without the label, with a reposted 解读.
    a = repost("zcwj/xzfb", _CITY_JOBS, 50, "none")
    fault(a, "DISC-MISSING", a.title, "reposted city document without label: a notice, not a deduction",
          severity="notice")
    fault(a, "INTERP-MISSING", a.title, "reposted superior document with a reposted 解读",
          kind="near_miss")
    add("zcjd", f"《{a.title}》政策解读", 49, "interp", None, related=a.id)
    # A 国务院办公厅 document reposted with the label above the body.
    a = repost("zcwj/nyncj", _GOVCN_FARMLAND, 45, "top")
    fault(a, "DISC-POSITION", "（此件公开发布）", "label misplaced on a reposted document: a notice",
          severity="notice")
    fault(a, "INTERP-MISSING", a.title, "reposted superior document without 解读", kind="near_miss")
    # A unit whose only policy document of the quarter is a reposted one.
    a = repost("bmdt/jtj", _GOVCN_EDUCATION, 30, "annot")
    fault(a, "INTERP-MISSING", a.title, "reposted superior document in a news column", kind="near_miss")
    model.faults.append(Fault("INTERP-NONE", "near_miss", "sample#单位:县教育体育局", "县教育体育局",
                              "县教育体育局", "the unit's only policy document this period is reposted"))

    # FORMAT-FONT near-misses: a 楷体 promulgation note; 注, 资料来源 and 注释 in smaller sizes.
    a = add("ggflfw/sfj", "中华人民共和国政府信息公开条例", 70, "xxgk",
            [_p(_REGULATION_NOTE, K), _p("第一章　总则", "font-family:黑体;font-size:16pt"),
             *(_p(x, FS) for x in _REGULATION)])
    fault(a, "FORMAT-FONT", _REGULATION_NOTE, "promulgation note in 楷体 under the title",
          kind="near_miss")
    a = add("tzgg", "青禾县2025年国民经济和社会发展统计公报", 80, "xxgk", [
        _p("2025年，全县上下坚持稳中求进工作总基调，经济运行总体平稳，社会事业持续发展。", FS),
        _p("一、综合", "font-family:黑体;font-size:16pt"),
        _p("初步核算，全年全县地区生产总值128.6亿元，比上年增长5.2%。其中，第一产业增加值31.2亿元，"
           "增长3.9%；第二产业增加值35.8亿元，增长6.1%；第三产业增加值61.6亿元，增长5.3%。", FS),
        _p("二、农业", "font-family:黑体;font-size:16pt"),
        _p("全年粮食播种面积32.5万亩，粮食总产量10.8万吨，比上年增长1.6%。茶叶产量1.9万吨，增长4.2%。", FS),
        _p("表1　2025年主要农产品产量及其增长速度", "font-family:黑体;font-size:14pt"), _TABLE,
        _p(NOTE_LINE, SMALL),
        _p("三、工业和建筑业", "font-family:黑体;font-size:16pt"),
        _p("全年规模以上工业增加值比上年增长6.8%，建筑业总产值增长4.5%，重点项目建设进展顺利。", FS),
        _p(SOURCE_LINE, SMALL),
        _p("注释：", NOTE),
        _p("[1]地区生产总值、各产业增加值绝对数按现价计算，增长速度按不变价格计算。", NOTE),
        _p("[2]本公报中数据均为初步统计数，部分数据因四舍五入的原因，存在总计与分项合计不等的情况。", NOTE),
    ])
    for ev, note in ((NOTE_LINE, "注 line under a table in a smaller size"),
                     (SOURCE_LINE, "资料来源 line in a smaller size"),
                     ("[1]地区生产总值", "注释 block at the end in a smaller size")):
        fault(a, "FORMAT-FONT", ev, note, kind="near_miss")

    # FORMAT-FONT faults: a last paragraph in a smaller size; a first one in 楷体, not a note.
    a = add("bmdt/wjj", "县卫生健康局召开秋冬季传染病防控工作会议", 9, "news", [
        _p("近日，县卫生健康局召开秋冬季传染病防控工作会议，分析研判当前防控形势，安排部署下一步工作。", FS),
        _p("会议通报了全县传染病监测情况，并对流感、诺如病毒感染等重点传染病防控工作提出具体要求。", FS),
        _p("会议强调，要强化监测预警，落实早发现、早报告、早处置措施，做好医疗救治准备。", FS),
        _p(FONT_SIZE_ODD, SMALL),
    ])
    fault(a, "FORMAT-FONT", FONT_SIZE_ODD, "last body paragraph in a smaller size, not a notes block")
    a = add("xzdt/lqx", "龙泉乡召开秋冬季森林防火工作专题会议", 8, "news", [
        _p(FONT_FAMILY_ODD, K),
        _p("会议传达学习了全县森林防火工作会议精神，分析了当前森林防火形势，明确了各村防火责任。", FS),
        _p("会议要求，各村要加强巡山护林，严格管控野外用火，及时消除各类火灾隐患。", FS),
        _p("会后，乡党委、政府组织干部职工深入各村开展森林防火宣传，发放宣传资料三百余份。", FS),
    ])
    fault(a, "FORMAT-FONT", FONT_FAMILY_ODD, "first body paragraph in 楷体: not a parenthesised note")

    _make_room(model, len(added))
    for col in {a.col for a in added}:
        model.columns[col].entries.sort(key=lambda e: (e.date, getattr(e, "id", 0)), reverse=True)


def _make_room(model: SiteModel, k: int) -> None:
    """Drop the ``k`` oldest ordinary 政务要闻 items (no fault names them)."""
    pool = sorted((a for a in model.articles if a.col == "zwyw" and a.paras is None and a.kind == "news"),
                  key=lambda a: (a.date, a.id))
    drop = {a.id for a in pool[:k]}
    model.articles[:] = [a for a in model.articles if a.id not in drop]
    for path in [p for p, a in model.by_path.items() if a.id in drop]:
        del model.by_path[path]
    for i in drop:
        model.by_id.pop(i, None)
    col = model.columns["zwyw"]
    col.entries[:] = [e for e in col.entries if getattr(e, "id", None) not in drop]

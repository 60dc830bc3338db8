"""Seeded special articles: the fault and near-miss articles of the portal.

Every special article carries its own body HTML so the offending text is
exact and unique; its faults wait in ``_Builder.pending_faults`` until
``faults.resolve_faults`` knows the article ids (and so the URLs).
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from . import text
from .privacy import LEAK_CARD, LEAK_ID, LEAK_MOBILE, XLSX_IDS
from .records import Article, Fault

if TYPE_CHECKING:
    from .model import _Builder

NO_INTERP_MARK = -1


def _p(s: str, style: str = "") -> str:
    return f'<p style="{style}">{s}</p>' if style else f"<p>{s}</p>"


def _filler(rng: random.Random, unit: str, n: int = 2) -> list[str]:
    return [_p(t) for t in text.paragraphs(rng, unit, n, n)]


def seed_specials(b: _Builder) -> list[Article]:
    rng = random.Random(f"{b.seed}:specials")
    pend = b.pending_faults
    out: list[Article] = []

    def sp(col: str, title: str, age: int, kind: str = "news", paras: list[str] | None = None,
           newest: bool = False, **kw: object) -> Article:
        if not newest:
            age = max(age, b.newest_age.get(col, 0) + 1)
        a = b.make_article(col, title, age, kind, paras=tuple(paras) if paras is not None else None,
                           **kw)
        out.append(a)
        return a

    def fault(obj: object, rule: str, evidence: str, note: str = "", kind: str = "fault",
              **extra: object) -> None:
        pend.append((obj, Fault(rule, kind, "", "", evidence, note, dict(extra))))

    unit = b.cols

    # FRESH-NODATE: no date on the page, none in the URL, none on the list.
    for col, title in (("xzdt/tyz", "桃源镇开展农村道路安全隐患排查整治"),
                       ("bmdt/yjj", "县应急局组织开展防汛应急物资盘点")):
        a = sp(col, title, 6, paras=_filler(rng, unit[col].unit, 3), url_style="nodate",
               date_visible="none")
        fault(a, "FRESH-NODATE", title, "no visible publication date on page, list or URL")

    # FRESH-FUTURE: a date after the crawl.
    a = sp("xzdt/shz", "双河镇召开秋季森林防火工作部署会", -40, newest=True,
           paras=_filler(rng, "双河镇", 3))
    fault(a, "FRESH-FUTURE", f"{a.date:%Y-%m-%d}", "publication date 40 days after today")

    # LINK-BROKEN, with working internal and external links as near-misses.
    a = sp("bmdt/zrzyj", "县自然资源局开展国土空间规划宣传活动", 3, paras=[
        *_filler(rng, "县自然资源局", 2),
        _p('详细内容请查阅<a href="/art/2019/01/01/art_9999999.html">青禾县国土空间总体规划草案公示</a>。'),
        _p('相关政策可在<a href="/col/zcwj/">政策文件</a>栏目查询，也可访问<a href="http://www.gov.cn/">中国政府网</a>。'),
    ])
    fault(a, "LINK-BROKEN", "青禾县国土空间总体规划草案公示", "internal link answers 404",
          target="/art/2019/01/01/art_9999999.html")
    fault(a, "LINK-BROKEN", "政策文件", "working internal link", kind="near_miss", target="/col/zcwj/")
    a = sp("xzdt/flz", "枫林镇召开村级组织运转经费管理培训会", 4, paras=[
        *_filler(rng, "枫林镇", 2),
        _p('各村经费使用情况见<a href="/col/zzjg/">组织机构</a>栏目。'),
    ])
    fault(a, "LINK-BROKEN", "组织机构", "link to a column that does not exist (404)",
          target="/col/zzjg/")

    # LINK-IMAGE: missing file, non-image content, zero bytes; one good photo as near-miss.
    ok_img = b.new_image("jpg", "photo")
    html_img = b.new_image("jpg", "html")
    empty_img = b.new_image("png", "empty")
    missing = "/img/99901.jpg"
    a = sp("xzdt/mlx", "梅岭乡开展茶园春管技术指导", 5, images=(ok_img,), paras=[
        *_filler(rng, "梅岭乡", 1),
        f'<p><img src="{b.images[ok_img].url}" alt="技术指导现场"></p>',
        f'<p><img src="{missing}" alt="茶园管护"></p>',
        f'<p><img src="{b.images[html_img].url}" alt="培训现场"></p>',
        f'<p><img src="{b.images[empty_img].url}" alt="发放资料"></p>',
        *_filler(rng, "梅岭乡", 1),
    ])
    a.images = (ok_img, -99901, html_img, empty_img)
    fault(a, "LINK-IMAGE", missing, "image file missing (404)")
    fault(a, "LINK-IMAGE", b.images[html_img].url, "image URL serves HTML, not an image")
    fault(a, "LINK-IMAGE", b.images[empty_img].url, "image file has zero bytes")
    fault(a, "LINK-IMAGE", b.images[ok_img].url, "image displays", kind="near_miss")

    # REVIEW-TYPO (words from the 常见错字错词 list) and a correct near-miss.
    a = sp("bmdt/mzzjj", "县民宗局召开民族团结进步创建工作推进会", 25, paras=[
        *_filler(rng, "县民宗局", 1),
        _p("会议要求，各成员单位要再接再砺，持续巩固民族团结进步创建成果。"),
        *_filler(rng, "县民宗局", 1),
    ])
    fault(a, "REVIEW-TYPO", "再接再砺", "should be 再接再厉")
    a = sp("bmdt/whlyj", "县文化和旅游局举办非遗展演活动", 6, paras=[
        _p("为宏扬优秀传统文化，县文化和旅游局在县文化馆举办非遗展演活动。"),
        *_filler(rng, "县文化和旅游局", 2),
    ])
    fault(a, "REVIEW-TYPO", "宏扬", "should be 弘扬")
    a = sp("bmdt/czj", "县财政局召开财政收支形势分析会", 4, paras=[
        *_filler(rng, "县财政局", 1),
        _p("会议要求，全局干部职工要再接再厉，全力完成全年收支目标。"),
    ])
    fault(a, "REVIEW-TYPO", "再接再厉", "correct form", kind="near_miss")

    # REVIEW-SENSITIVE (Xinhua forbidden / use-with-care terms).
    a = sp("bmdt/whlyj", "第五届青禾县茶文化旅游节开幕", 8, paras=[
        _p("第五届青禾县茶文化旅游节在县体育广场隆重召开，吸引游客近万人次。"),
        *_filler(rng, "县文化和旅游局", 2),
    ])
    fault(a, "REVIEW-SENSITIVE", "隆重召开", "慎用词 (新华社禁用词慎用词)")
    a = sp("bmdt/mzj", "县民政局走访慰问困难群众", 5, paras=[
        _p("县民政局工作人员走访辖区内的残废人家庭，送去米、油等慰问品。"),
        *_filler(rng, "县民政局", 2),
    ])
    fault(a, "REVIEW-SENSITIVE", "残废人", "禁用词: discriminatory term")

    # REVIEW-EXPRESSION: outdated institution names; the current name as near-miss.
    a = sp("bmdt/fgj", "县发展改革局召开价格监测工作会议", 4, paras=[
        _p("会议指出，要按照国家工商行政管理总局有关要求，做好重要商品价格监测。"),
        *_filler(rng, "县发展改革局", 2),
    ])
    fault(a, "REVIEW-EXPRESSION", "国家工商行政管理总局", "renamed 2018: 国家市场监督管理总局")
    a = sp("bmdt/sthjj", "县生态环境局开展饮用水水源地专项检查", 5, paras=[
        _p("县环境保护局执法人员对全县集中式饮用水水源地开展了专项检查。"),
        *_filler(rng, "县生态环境局", 2),
    ])
    fault(a, "REVIEW-EXPRESSION", "县环境保护局", "renamed: 县生态环境局")
    a = sp("bmdt/scjgj", "县市场监管局传达学习上级市场监管工作会议精神", 5, paras=[
        _p("会议传达学习了国家市场监督管理总局有关会议精神。"),
        *_filler(rng, "县市场监管局", 2),
    ])
    fault(a, "REVIEW-EXPRESSION", "国家市场监督管理总局", "current name", kind="near_miss")

    # REVIEW-REDHEAD: scanned red-header documents in the body and as attachments.
    red_png = b.new_image("png", "redhead")
    a = sp("bmdt/gaj", "县公安局关于开展冬季治安巡防工作的通知", 7, images=(red_png,), paras=[
        _p("现将有关通知印发如下，请各派出所认真抓好落实。"),
        f'<p><img src="{b.images[red_png].url}" alt="通知扫描件"></p>',
    ])
    fault(a, "REVIEW-REDHEAD", b.images[red_png].url, "red-header document scan as body image")
    att = b.new_attachment("pdf", "附件1：冬春救助工作通知.pdf", "redhead", "冬春救助工作通知")
    a = sp("bmdt/mzj", "县民政局关于做好困难群众冬春救助工作的通知", 9, attachments=(att,), paras=[
        _p("各乡镇人民政府：现将冬春救助工作有关事项通知如下，详见附件1：冬春救助工作通知。"),
        *_filler(rng, "县民政局", 1),
    ])
    fault(a, "REVIEW-REDHEAD", "附件1：冬春救助工作通知.pdf", "red-header + red seal PDF attachment",
          attachment=b.attachments[att].url)
    att = b.new_attachment("png", "附件1：安全生产大检查通知.png", "redhead", "安全生产大检查通知")
    a = sp("bmdt/yjj", "县应急局关于开展安全生产大检查的通知", 8, attachments=(att,), paras=[
        _p("各有关单位：安全生产大检查工作安排详见附件1：安全生产大检查通知。"),
        *_filler(rng, "县应急局", 1),
    ])
    fault(a, "REVIEW-REDHEAD", "附件1：安全生产大检查通知.png", "red-header scan as image attachment",
          attachment=b.attachments[att].url)
    red_photo = b.new_image("jpg", "redphoto")
    a = sp("xzdt/ylz", "云岭镇举行庆祝建党节文艺汇演", 3, images=(red_photo,), paras=[
        *_filler(rng, "云岭镇", 1),
        f'<p><img src="{b.images[red_photo].url}" alt="汇演现场"></p>',
        *_filler(rng, "云岭镇", 1),
    ])
    fault(a, "REVIEW-REDHEAD", b.images[red_photo].url, "event photo with red banner, not a document",
          kind="near_miss")

    # REVIEW-PRIVACY: unmasked ID / mobile / bank card; masked forms as near-misses.
    table = ("<table border=\"1\"><tr><td>姓名</td><td>身份证号</td><td>联系电话</td><td>银行卡号</td>"
             f"<td>补贴金额（元）</td></tr><tr><td>张某某</td><td>{LEAK_ID}</td><td>{LEAK_MOBILE}</td>"
             f"<td>{LEAK_CARD}</td><td>1500</td></tr></table>")
    a = sp("rsxx/rsj", "青禾县人力资源社会保障局公益性岗位人员补贴发放公示", 20, "xxgk", paras=[
        _p("根据公益性岗位管理有关规定，现将补贴发放情况公示如下。"), table,
        _p("公示期为5个工作日，如有异议请向县人力资源社会保障局反映。"),
    ])
    fault(a, "REVIEW-PRIVACY", LEAK_ID, "unmasked checksum-valid ID number")
    fault(a, "REVIEW-PRIVACY", LEAK_MOBILE, "unmasked mobile number")
    fault(a, "REVIEW-PRIVACY", LEAK_CARD, "unmasked Luhn-valid bank card number")
    a = sp("rsxx/rsj", "青禾县人力资源社会保障局就业见习补贴发放公示", 30, "xxgk", paras=[
        _p("现将就业见习补贴发放情况公示如下。"),
        "<table border=\"1\"><tr><td>姓名</td><td>身份证号</td><td>联系电话</td></tr>"
        "<tr><td>李某某</td><td>5301**********12</td><td>138****1234</td></tr></table>",
        _p("如有疑问，请拨打政务服务便民热线12345咨询。"),
    ])
    fault(a, "REVIEW-PRIVACY", "5301**********12", "masked ID", kind="near_miss")
    fault(a, "REVIEW-PRIVACY", "138****1234", "masked mobile", kind="near_miss")
    fault(a, "REVIEW-PRIVACY", "12345", "government hotline", kind="near_miss")
    att = b.new_attachment("xlsx", "附件1：临时救助对象名单.xlsx", "privacy", "临时救助对象名单")
    a = sp("bmdt/mzj", "县民政局关于临时救助对象名单的公示", 12, attachments=(att,), paras=[
        _p("现将临时救助对象名单予以公示，详见附件1：临时救助对象名单。"),
        *_filler(rng, "县民政局", 1),
    ])
    fault(a, "REVIEW-PRIVACY", XLSX_IDS[0], "unmasked ID number inside the XLSX attachment",
          attachment=b.attachments[att].url)

    # FORMAT-PUNCT in 青禾镇; half-width marks in non-Chinese context as near-misses.
    a = sp("xzdt/qhz", "青禾镇开展森林防火集中宣传活动", 2, paras=[
        _p("活动中，镇村干部走村入户发放宣传资料，。讲解野外用火有关规定。"),
        _p("全镇共排查隐患12处,整改完成10处。"),
        _p("要求各村认真学习《青禾县森林防火条例实施细则，切实增强防火意识。"),
    ])
    fault(a, "FORMAT-PUNCT", "，。", "comma and full stop run together")
    fault(a, "FORMAT-PUNCT", "隐患12处,整改", "half-width comma in Chinese text")
    fault(a, "FORMAT-PUNCT", "《青禾县森林防火条例实施细则，", "unmatched 《")
    url = "https://invest.qinghe.example.gov.cn/list?a=1,b=2"
    english = "Welcome to Qinghe County, a land of green hills. Invest with us!"
    a = sp("bmdt/tcj", "县投资促进局参加招商推介会", 4, paras=[
        _p("本次推介会于2024.3.5在省城举行，县投资促进局携重点项目参会。"),
        _p("项目管理平台已升级至v1.2版本。"),
        _p(f"项目清单详见{url}"),
        _p(english),
    ])
    for ev in ("2024.3.5", "v1.2", url, english):
        fault(a, "FORMAT-PUNCT", ev, "half-width marks outside Chinese text", kind="near_miss")

    # FORMAT-TITLE
    t = "县农业农村局关于开展春耕备耕工作的通知。"
    a = sp("bmdt/nyncj", t, 6, paras=_filler(rng, "县农业农村局", 3))
    fault(a, "FORMAT-TITLE", t, "trailing punctuation")
    t = "县农业农村局 召开 农机安全生产 工作会议"
    a = sp("bmdt/nyncj", t, 9, paras=_filler(rng, "县农业农村局", 3))
    fault(a, "FORMAT-TITLE", t, "stray spaces")
    t = "县农业农村局关于印发《青禾县农机购置补贴实施方案》的通知"
    a = sp("bmdt/nyncj", t, 12, paras=_filler(rng, "县农业农村局", 3))
    fault(a, "FORMAT-TITLE", t, "well-formed title with book-title marks", kind="near_miss")
    t = ("县市场监管局关于开展全县食品生产经营企业、特种设备使用单位、计量器具使用单位和"
         "农贸市场安全隐患集中排查整治专项行动有关情况的通报")
    a = sp("bmdt/scjgj", t, 7, paras=_filler(rng, "县市场监管局", 3))
    fault(a, "FORMAT-TITLE", t, "over-long title")
    t = "县市场监管局开展计量器具专项检查"
    a = sp("bmdt/scjgj", t, 8, paras=[_p(t), *_filler(rng, "县市场监管局", 3)])
    fault(a, "FORMAT-TITLE", t, "title repeated at the top of the body")

    # FORMAT-LINEBREAK: one paragraph far too long.
    first = "元旦春节期间，县市场监管局组织执法人员对全县商场超市和农贸市场开展节前检查。"
    long_para = first + "".join(text.fill(s, rng, "县市场监管局")
                                for s in rng.sample(text.SENTENCES, 30))
    a = sp("bmdt/scjgj", "县市场监管局开展元旦春节期间市场检查", 10, paras=[_p(long_para)])
    fault(a, "FORMAT-LINEBREAK", first, f"one paragraph of {len(long_para)} characters")

    # FORMAT-FONT and FORMAT-TABLE in 县发展改革局; consistent ones in 县财政局.
    st1 = "font-family:仿宋_GB2312;font-size:16pt"
    st2 = "font-family:微软雅黑;font-size:12pt"
    odd = "会议强调，各项目责任单位要倒排工期，确保项目按时开工建设。"
    a = sp("bmdt/fgj", "县发展改革局召开重点项目谋划工作会", 5, paras=[
        *(_p(x, st1) for x in text.paragraphs(rng, "县发展改革局", 2, 2)),
        _p(odd, st2),
        *(_p(x, st1) for x in text.paragraphs(rng, "县发展改革局", 1, 1)),
    ])
    fault(a, "FORMAT-FONT", odd, "font-family/size differ from the other paragraphs")
    a = sp("bmdt/czj", "县财政局开展财会监督专项检查", 6, paras=[
        *(_p(x, st1) for x in text.paragraphs(rng, "县财政局", 3, 3)),
    ])
    fault(a, "FORMAT-FONT", a.title, "all paragraphs share one font", kind="near_miss")
    a = sp("bmdt/fgj", "县发展改革局通报重点项目进展情况", 6, paras=[
        _p("现将全县重点项目进展情况通报如下。"),
        "<table border=\"1\"><tr><td>项目名称</td><td>建设单位</td><td>总投资（万元）</td><td>进度</td></tr>"
        "<tr><td>城南污水处理厂提标改造</td><td>县水务局</td><td>3200</td><td>主体完工</td></tr>"
        "<tr><td>青禾县城北农贸市场</td><td>县市场监管局</td><td>1800</td></tr>"
        "<tr><td>柳溪至石门公路改建</td><td>县住房城乡建设局</td><td>5600</td><td>路基施工</td></tr></table>",
    ])
    fault(a, "FORMAT-TABLE", "青禾县城北农贸市场", "row with 3 cells in a 4-column table")
    a = sp("bmdt/czj", "县财政局公布惠民资金发放进度", 7, paras=[
        _p("现将惠民资金发放进度公布如下。"),
        "<table border=\"1\"><tr><td>项目</td><td>已发放（万元）</td><td>进度</td></tr>"
        "<tr><td>耕地地力保护补贴</td><td>860</td><td>完成</td></tr>"
        "<tr><td colspan=\"3\">合计发放资金以年终决算为准</td></tr></table>",
    ])
    fault(a, "FORMAT-TABLE", "合计发放资金以年终决算为准", "colspan row: logically equal", kind="near_miss")

    # FORMAT-ATTACH: the same file twice; 附件2 mentioned but missing.
    att = b.new_attachment("docx", "附件1：招商项目申报表.docx", "doc", "招商项目申报表")
    a = sp("bmdt/tcj", "县投资促进局关于征集招商引资项目的通知", 8, attachments=(att, att), paras=[
        _p("各乡镇、各有关部门：请按要求填报附件1：招商项目申报表，并汇总形成附件2：项目汇总表。"),
        *_filler(rng, "县投资促进局", 1),
    ])
    fault(a, "FORMAT-ATTACH", "附件1：招商项目申报表.docx", "the same attachment uploaded twice")
    fault(a, "FORMAT-ATTACH", "附件2：项目汇总表", "附件2 mentioned in the body but not attached")

    # DUP-TITLE: two items with the same title.
    t = "县市场监管局开展校园食品安全专项检查"
    first_a = sp("bmdt/scjgj", t, 90, paras=_filler(rng, "县市场监管局", 3))
    a = sp("bmdt/scjgj", t, 60, paras=_filler(rng, "县市场监管局", 3))
    fault(a, "DUP-TITLE", t, "same title as an earlier item", related=first_a)

    # DUP-CONTENT: near-duplicate bodies with small edits.
    body = text.paragraphs(rng, "县发展改革局", 4, 4)
    shared = body[1]
    edited = list(body)
    edited[0] = edited[0].replace("县发展改革局", "我局", 1) + "检查组共抽查粮食收购点6个。"
    first_a = sp("bmdt/fgj", "县发展改革局开展粮食收购价格巡查", 40, paras=[_p(x) for x in body])
    a = sp("bmdt/fgj", "县发展改革局组织开展秋粮收购市场价格检查", 33, paras=[_p(x) for x in edited])
    fault(a, "DUP-CONTENT", shared, "near-duplicate of an earlier item", related=first_a)

    # DISCLOSURE labels on policy documents.
    def policy(col: str, title: str, age: int, label: str | None, pos: str = "annot",
               kind: str = "policy", doc_no: bool = True, no_interp: bool = False) -> Article:
        u = b.cols[col].unit
        a = sp(col, title, age, kind, label=label, label_pos=pos)
        if doc_no:
            a.doc_no = b.doc_no(u, a.date.year)
        if no_interp:
            a.related = NO_INTERP_MARK
        return a

    t = "石门乡人民政府关于印发石门乡森林草原火情应急处置办法的通知"
    a = policy("zcwj/smx", t, 30, None, "none")
    fault(a, "DISC-MISSING", t, "policy document without a disclosure label")
    t = "柳溪镇人民政府关于印发柳溪镇森林草原防火责任追究办法的通知"
    a = policy("zcwj/lxz", t, 35, None, "none")
    fault(a, "DISC-MISSING", t, "policy document without a disclosure label")
    a = policy("zcwj/sjj", "青禾县审计局关于创建无烟单位的通知", 170, "此件公开发布", "top")
    fault(a, "DISC-POSITION", "（此件公开发布）", "label placed before the body, not after 成文日期")
    a = policy("zcwj/sfj", "中共青禾县司法局支部委员会2024年工作要点", 40, "此件公开发布",
               kind="party", doc_no=False)
    fault(a, "DISC-UNNEEDED", "（此件公开发布）", "party document must not carry a label")
    t = "中共青禾县财政局党组关于加强机关作风建设的意见"
    a = policy("zcwj/czj", t, 45, None, "none", kind="party", doc_no=False)
    fault(a, "DISC-MISSING", t, "party document without label is correct", kind="near_miss")
    t = "青禾县农业农村局关于印发青禾县耕地保护激励办法的通知"
    a = policy("zcwj/nyncj", t, 20, "此件公开发布")
    fault(a, "DISC-POSITION", "（此件公开发布）", "label correctly in the 附注 position", kind="near_miss")
    fault(a, "INTERP-MISSING", t, "has an interpretation naming it in 政策解读", kind="near_miss")
    t = "青禾镇人民政府关于印发青禾镇农村集体经济组织财务管理办法的通知"
    a = policy("zcwj/qhz", t, 25, "此件公开发布", no_interp=True)
    fault(a, "INTERP-MISSING", t, "policy document with no interpretation published")

    # A malformed page that lenient parsers still read.
    sp("bmdt/wjj", "县卫生健康局开展家庭医生签约服务宣传", 3, malformed=True, paras=[
        "<p>县卫生健康局组织家庭医生团队深入社区开展签约服务宣传。",
        "<div><p>活动现场为群众免费测量血压、血糖，并讲解慢性病防治知识。</span>",
        "<p>家庭医生团队还为行动不便的老年人提供上门服务&nbsp 受到群众欢迎。</div></div>",
    ])

    # 政务新媒体矩阵: one ordinary article listing accounts.
    rows = "".join(f"<tr><td>{p}</td><td>{n}</td><td>{u}</td></tr>" for p, n, u in MEDIA_ACCOUNTS)
    sp("xmtjz", "青禾县政务新媒体矩阵", 60, "xxgk", newest=True, paras=[
        _p("全县政府系统政务新媒体账号如下。"),
        f'<table class="media-accounts"><tr><th>平台</th><th>账号名称</th><th>主办单位</th></tr>{rows}</table>',
    ])
    return out


MEDIA_ACCOUNTS = [
    ("微信", "青禾发布", "县人民政府办公室"), ("微信", "青禾医保", "县医保局"),
    ("微信", "青禾政务服务", "县政务服务局"), ("微信", "茶香柳溪", "柳溪镇"),
    ("微信", "生态石门", "石门乡"), ("微博", "青禾发布", "县人民政府办公室"),
    ("微博", "青禾公安", "县公安局"), ("抖音", "青禾文旅", "县文化和旅游局"),
    ("抖音", "青禾发布", "县人民政府办公室"), ("快手", "青禾融媒", "县人民政府办公室"),
]

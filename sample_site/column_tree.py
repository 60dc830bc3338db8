"""The column tree of the 青禾县 portal and the unit each column belongs to."""

from __future__ import annotations

import random

from .records import GOV_OFFICE, Column, Unit

# ---------------------------------------------------------------------------
# columns


def _column_unit(names: tuple[str, ...], unit_names: list[str]) -> str:
    """The spider's rule: the unit whose name appears in the column's name path."""
    path = "/".join(names)
    for u in unit_names:
        if u != GOV_OFFICE and u in path:
            return u
    return GOV_OFFICE


def _build_columns(rng: random.Random, units: list[Unit]) -> tuple[dict[str, Column], list[str]]:
    unit_names = [u.name for u in units]
    towns = [u for u in units if u.type == "乡镇"]
    depts = [u for u in units if u.type == "县直部门"]
    by_name = {u.name: u for u in units}
    office = by_name[GOV_OFFICE]

    def pick(names: list[str]) -> list[Unit]:
        return [by_name[n] for n in names]

    # (slug, name, category, kind, children units or None)
    spec: list[tuple[str, str, str, str, list[Unit] | None]] = [
        ("zwyw", "政务要闻", "动态", "news", None),
        ("tpxw", "图片新闻", "动态", "news", None),
        ("tzgg", "通知公告", "通知公告", "xxgk", None),
        ("bmdt", "部门动态", "动态", "news", depts),
        ("xzdt", "乡镇动态", "动态", "news", towns),
        ("zcwj", "政策文件", "政策文件", "policy",
         [office] + pick(["县医保局", "县审计局", "县司法局", "县财政局", "县农业农村局",
                          "县市场监管局", "青禾镇", "柳溪镇", "石门乡"])),
        ("zcjd", "政策解读", "政策解读", "interp", None),
        ("rsxx", "人事信息", "其他", "xxgk",
         pick(["县人力资源社会保障局", "县工业信息商务科技局", "县教育体育局", "县卫生健康局"])),
        ("czyjs", "财政预决算", "其他", "xxgk", pick(["县财政局", "县医保局", "县民政局", "县水务局"])),
        ("shjz", "社会救助", "常态", "xxgk", None),
        ("ggflfw", "公共法律服务", "其他", "xxgk", pick(["县司法局", "柳溪镇", "云岭镇", "龙泉乡"])),
        ("zwfwqk", "政务服务事项办理情况", "常态", "xxgk", None),
        ("jgzn", "机构职能", "其他", "xxgk", None),
        ("ldxx", "领导信箱", "互动", "mailbox", None),
        ("xmtjz", "政务新媒体矩阵", "其他", "media", None),
    ]
    cols: dict[str, Column] = {}
    top: list[str] = []
    for slug, name, cat, kind, children in spec:
        top.append(slug)
        if children is None:
            style = {"tpxw": "js", "ldxx": "query"}.get(slug) or rng.choice(["static", "query"])
            cols[slug] = Column(slug, name, (name,), None, _column_unit((name,), unit_names),
                                cat, kind, style, True)
            continue
        parent = Column(slug, name, (name,), None, _column_unit((name,), unit_names),
                        cat, "parent", "none", False)
        cols[slug] = parent
        for u in children:
            cslug = f"{slug}/{u.slug}"
            names = (name, u.name)
            parent.children.append(cslug)
            cols[cslug] = Column(cslug, u.name, names, slug, _column_unit(names, unit_names),
                                 cat, kind, rng.choice(["static", "query"]), True)
    # Both list styles must be present whatever the seed.
    leaves = [c for c in cols.values() if c.leaf and c.list_style in ("static", "query")]
    leaves[0].list_style, leaves[1].list_style = "static", "query"
    return cols, top


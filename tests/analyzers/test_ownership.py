"""analyzers/ownership.py: is a document the county's own or a reposted superior one?"""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzers.ownership import (
    DEFAULT_CONFIG,
    OwnershipConfig,
    classify,
    own_document,
    title_issuer,
)
from crawler.sites import load_site
from tests.analyzers.conftest import REPO_ROOT, article

SAMPLE = OwnershipConfig.from_site(load_site("sample", REPO_ROOT / "sites.example.yaml"))
COUNTY_BODY = "各乡镇人民政府，县直各部门：\n现将有关事项通知如下。\n{signer}\n2026年3月1日\n（此件公开发布）"


def doc(title: str, body: str = "", doc_no: str = "", publisher: str = "", column: str = "县医保局",
        catalog: str = "政策文件") -> dict:
    meta = {k: v for k, v in (("doc_no", doc_no), ("publisher", publisher), ("catalog", catalog)) if v}
    return article(body, title=title, meta=meta, column_name=column)


@pytest.mark.parametrize(
    ("document", "own", "why"),
    [
        # 文号 prefixes: the county's configured abbreviations, the centre's, the city's.
        (doc("关于做好医保基金监管工作的通知", doc_no="青医保发〔2026〕3号"), True, "文号青医保发"),
        (doc("关于印发方案的通知", doc_no="青政发〔2026〕1号"), True, "青禾县人民政府"),
        (doc("国务院办公厅关于推进政务新媒体健康有序发展的意见", doc_no="国办发〔2018〕123号",
             publisher="青禾县人民政府办公室"), False, "文号国办发"),
        (doc("关于进一步做好稳就业工作的通知", doc_no="禾政办发〔2026〕21号"), False, "文号禾政办发"),
        (doc("人力资源社会保障部关于做好失业保险工作的通知", doc_no="人社部发〔2024〕9号"), False, "人社部发"),
        # The county's own 转发 notice is its own document.
        (doc("青禾县人民政府办公室关于转发《禾川市稳就业若干措施》的通知", doc_no="青政办发〔2026〕8号"),
         True, "青政办发"),
        # A column for superior documents.
        (doc("关于做好防汛工作的通知", column="上级文件", catalog=""), False, "上级文件"),
        # The issuer named by the title beats the 发布机构 the CMS fills in.
        (doc("国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见",
             publisher="青禾县农业农村局"), False, "标题：国务院"),
        (doc("云南省人民政府办公厅关于印发某方案的通知", publisher="青禾县人民政府办公室"), False, "云南省"),
        (doc("中办国办印发意见 支持深度贫困地区脱贫攻坚"), False, "中办国办"),
        # The signature block when the title names no issuer.
        (doc("关于做好2026年春耕生产工作的通知", body="各地：\n请抓好落实。\n国务院办公厅\n2026年2月1日",
             publisher="青禾县农业农村局"), False, "落款：国务院办公厅"),
        (doc("关于做好2026年春耕生产工作的通知", body=COUNTY_BODY.format(signer="青禾县农业农村局")),
         True, "落款：青禾县农业农村局"),
        # The county and its units by name; a township by its configured name.
        (doc("青禾县医疗保障局关于调整门诊慢特病待遇的通知"), True, "标题：青禾县医疗保障局"),
        (doc("柳溪镇人民政府关于印发森林防火办法的通知"), True, "标题：柳溪镇人民政府"),
        (doc("中共青禾县委办公室 青禾县人民政府办公室关于做好春节工作的通知"), True, "青禾县"),
        # 县市场监管局 is no city body; another county's body is not the county's.
        (doc("县市场监管局关于开展计量器具专项检查的通知"), True, "县市场监管局"),
        (doc("腾冲县人民政府关于印发某办法的通知"), False, "非本县单位"),
        # Nothing decisive.
        (doc("关于做好2026年春耕生产工作的通知", catalog=""), None, ""),
    ],
)
def test_classify(document: dict, own: bool | None, why: str) -> None:
    got, reason = classify(document, SAMPLE)
    assert got is own, reason
    assert why in reason


def test_without_a_site_only_superior_bodies_are_known() -> None:
    """python -m analyzers check knows no county: its units stay undecided, the 国务院 does not."""
    assert classify(doc("青禾县医疗保障局关于调整门诊慢特病待遇的通知"), DEFAULT_CONFIG) == (None, "")
    assert classify(doc("国务院关于整合城乡居民基本医疗保险制度的意见"), DEFAULT_CONFIG)[0] is False


@pytest.mark.parametrize(
    ("title", "issuer"),
    [
        ("国务院办公厅关于推进政务新媒体健康有序发展的意见", "国务院办公厅"),
        ("中共中央办公厅 国务院办公厅印发《关于加强知识产权审判领域改革创新若干问题的意见》",
         "中共中央办公厅 国务院办公厅"),
        ("《禾川市人民政府办公室关于进一步做好稳就业工作的通知》政策解读", "禾川市人民政府办公室"),
        ("关于印发青禾县耕地保护激励办法的通知", ""),
        ("转发国家发展改革委关于做好粮食收购工作的通知", ""),
        ("县农业农村局召开农机安全生产工作会议", ""),
    ],
)
def test_title_issuer(title: str, issuer: str) -> None:
    assert title_issuer(title) == issuer


def test_stored_value_wins_over_the_siteless_guess() -> None:
    """The crawl decided with the site's configuration: the analyzers read that."""
    d = doc("关于做好春耕生产工作的通知", doc_no="禾政办发〔2026〕2号")
    assert classify(d)[0] is None  # without the configured 禾政办发 nothing says superior
    d |= {"own_document": False, "own_document_reason": "文号禾政办发〔2026〕2号（上级机关）"}
    assert own_document(d) == (False, "文号禾政办发〔2026〕2号（上级机关）")
    # A null stored without a reason (the pipeline was off) is decided again.
    d2 = doc("国务院关于整合城乡居民基本医疗保险制度的意见") | {"own_document": None}
    assert own_document(d2)[0] is False


def test_config_from_site_defaults(tmp_path: Path) -> None:
    """No ownership block: the county from the site name, units' own doc_abbr, default columns."""
    cfg = tmp_path / "sites.yaml"
    cfg.write_text(
        "sites:\n  - id: cn\n    name: 昌宁县人民政府\n    start_url: http://127.0.0.1/\n"
        "    categories: {其他: {limit_days: 365, keywords: []}}\n"
        "    units:\n      - {name: 县人民政府办公室, doc_abbr: [昌政办发]}\n      - {name: 县财政局, doc_abbr: 昌财发}\n",
        encoding="utf-8",
    )
    got = OwnershipConfig.from_site(load_site("cn", cfg))
    assert got.county == "昌宁县"
    assert got.doc_abbr == {"昌政办发": "县人民政府办公室", "昌财发": "县财政局"}
    assert "上级文件" in got.superior_columns
    assert classify(doc("关于做好预算执行的通知", doc_no="昌财发〔2024〕7号"), got) == (
        True, "文号昌财发〔2024〕7号（县财政局）"
    )

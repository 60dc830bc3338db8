"""New-media figures and sections fill in from `accounts` and MEDIA / FRESH-MEDIA findings.

The documents below are shaped as store/SCHEMA.md and RULES.md describe accounts and the
new-media rules (platform per account; FRESH-MEDIA is a veto); no crawl makes them yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from reports.bulletin import build_bulletin
from reports.period import parse_period


def finding(fid: str, rule: str, cls: str, unit: str, target: str, severity: str, message: str) -> dict:
    t = datetime(2026, 11, 20, tzinfo=UTC)
    return {"_id": fid, "finding_id": fid, "rule": rule, "problem_class": cls, "site": "cn", "unit": unit,
            "target": target, "severity": severity, "message": message, "status": "open", "filed": False,
            "evidence": {"text": "", "start": -1, "end": -1, "field": "account"}, "suggestion": "",
            "first_seen": t, "last_seen": t}


def test_accounts_and_media_findings(mongo_db) -> None:
    mongo_db.sites.insert_one({"_id": "cn", "name": "昌宁县人民政府", "home_url": "http://www.cn.gov.cn/"})
    mongo_db.accounts.insert_many([
        {"_id": "w1", "site": "cn", "platform": "wechat", "name": "鹭乡勐统", "unit": "勐统镇"},
        {"_id": "w2", "site": "cn", "platform": "wechat", "name": "苗岭彝乡", "unit": "耈街乡"},
        {"_id": "b1", "site": "cn", "platform": "weibo", "name": "昌宁发布", "unit": "县委宣传部"},
    ])
    mongo_db.findings.insert_many([
        finding("f1", "FRESH-MEDIA", "FRESH", "勐统镇", "https://mp.weixin.qq.com/w1", "veto",
                "“鹭乡勐统”微信公众号超过2周未更新"),
        finding("f2", "MEDIA-MENU", "MEDIA", "耈街乡", "https://mp.weixin.qq.com/w2", "deduct",
                "“苗岭彝乡”微信公众号缺少“互动交流”菜单"),
    ])
    b = build_bulletin(mongo_db, parse_period("2026Q4"), "cn", issued=date(2026, 12, 1))
    text = b.document.plain_text()
    assert "昌宁县政府系统在运行的政务新媒体有3个（其中：微信公众号2个、微博1个），不合格政务新媒体1个。" in text
    assert "部分政务新媒体长期未更新。如：勐统镇“鹭乡勐统”微信公众号超过2周未更新" in text
    assert "政务新媒体管理不规范" in text and "耈街乡" in text
    assert "强化载体管理" in text  # the requirement for new media follows the MEDIA finding

"""MEDIA rules: the accounts themselves — required menus, registration (备案), accounts gone.

They read the `accounts` collection the new-media spiders write (one document
per account: registry entry, matrix page row, what its pages showed). Menus
and registration are judged on what is known; an account the crawler could
not read (``not_checkable``) is neither missing nor judged for menus.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, ClassVar

import yaml

from analyzers.media_fresh import account_evidence, account_label
from analyzers.model import Finding, Severity
from analyzers.rule import DATA_DIR, Rule

ACCOUNT_FIELDS = ("platform", "name", "status", "reason", "registered", "record_no", "in_config", "in_matrix",
                  "matrix_name", "menus", "menus_source")


@cache
def required_menus() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load((DATA_DIR / "media_menus.yaml").read_text(encoding="utf-8")) or {}
    return {name: tuple(words) for name, words in (raw.get("required") or {}).items()}


def missing_menus(menus: list[str]) -> list[str]:
    """Required menus none of whose accepted names appears in a menu or sub-menu name."""
    return [name for name, words in required_menus().items()
            if not any(w in menu for menu in menus for w in words)]


class MenuRule(Rule):
    """微信公众号未按要求开设菜单: 政策文件 / 办事服务 / 互动交流 (read from the account page, else configuration)."""

    code = "MEDIA-MENU"
    problem_class = "MEDIA"
    severity = Severity.DEDUCT
    message = "{label}未开设“{missing}”菜单（菜单来源：{source}）"
    hint = "按要求开设“政策文件”“办事服务”“互动交流”等菜单栏目，并链接到相关网址"
    applies_to = "account"
    fields: ClassVar[tuple[str, ...]] = ACCOUNT_FIELDS

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        menus = doc.get("menus")
        if doc.get("platform") != "wechat" or doc.get("status") != "ok" or menus is None:
            return  # menus unknown: not judged
        missing = missing_menus([str(m) for m in menus])
        if missing:
            text = "、".join(missing)
            source = "账号页面" if doc.get("menus_source") == "page" else "配置"
            yield self.finding(doc, account_evidence(doc, "menus", text), label=account_label(doc),
                               missing="”“".join(missing), source=source)


class UnregisteredRule(Rule):
    """先开设后备案: an account found (in the registry file or on the matrix page) that is not registered."""

    code = "MEDIA-UNREGISTERED"
    problem_class = "MEDIA"
    severity = Severity.DEDUCT
    message = "{label}{problem}"
    hint = "在“全国政务新媒体信息报送系统”办理备案，杜绝“先开设后备案”；不再使用的账号依程序关停注销"
    applies_to = "account"
    fields: ClassVar[tuple[str, ...]] = ACCOUNT_FIELDS

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.get("registered") is not False or doc.get("status") == "gone":
            return  # a gone account is MEDIA-MISSING's
        if doc.get("in_config") is False:
            problem = "列于政务新媒体矩阵页，但未在全国政务新媒体信息报送系统备案"
        else:
            problem = "已开设但未备案（先开设后备案）"
        yield self.finding(doc, account_evidence(doc), label=account_label(doc), problem=problem)


class MissingRule(Rule):
    """An account registered (or listed on the matrix page) whose page the platform says is gone."""

    code = "MEDIA-MISSING"
    problem_class = "MEDIA"
    severity = Severity.DEDUCT
    message = "{label}{problem}"
    hint = "核实账号状态：已注销的账号应在报送系统办理注销备案并从矩阵页移除；误删的账号及时恢复"
    applies_to = "account"
    fields: ClassVar[tuple[str, ...]] = ACCOUNT_FIELDS

    def find(self, doc: Mapping[str, Any]) -> Iterator[Finding]:
        if doc.get("status") != "gone":
            return
        if doc.get("in_config") is False:
            problem = "列于政务新媒体矩阵页，但链接无法访问（账号不存在或已注销）"
        else:
            problem = "已备案，但账号无法访问（平台显示不存在或已注销）"
        yield self.finding(doc, account_evidence(doc), label=account_label(doc), problem=problem)


MEDIA_RULES = (MenuRule, UnregisteredRule, MissingRule)

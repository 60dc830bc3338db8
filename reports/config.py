"""The bulletin's texts and section table: data files with defaults, overridable by a user file."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"
SEVERITY_RANK = {"notice": 0, "deduct": 1, "veto": 2}


class ConfigError(ValueError):
    """A configuration file that cannot be used."""


@cache
def _load(name: str) -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or {}


def bulletin_config(path: str | Path | None = None) -> dict[str, Any]:
    """bulletin.yaml defaults, with the keys of ``path`` (a YAML mapping) on top."""
    cfg = dict(_load("bulletin.yaml"))
    if path:
        try:
            user = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
        if not isinstance(user, dict):
            raise ConfigError(f"{path}: expected a mapping of keys")
        cfg.update(user)
    if cfg.get("min_severity", "deduct") not in SEVERITY_RANK:
        raise ConfigError(f"min_severity must be one of {', '.join(SEVERITY_RANK)}")
    return cfg


def section_table() -> dict[str, Any]:
    """sections.yaml: section 二's problem classes in the seed's order."""
    return _load("sections.yaml")


def rule_matches(code: str, patterns: list[str]) -> bool:
    """``FRESH-`` matches every FRESH rule; a full code matches itself."""
    return any(code == p or (p.endswith("-") and code.startswith(p)) for p in patterns)


def county_of(site_name: str) -> str:
    """青禾县人民政府 → 青禾县 (the name the bulletin's texts use)."""
    for suffix in ("人民政府门户网站", "人民政府网站", "人民政府", "政府门户网站", "政府网站"):
        if site_name.endswith(suffix) and len(site_name) > len(suffix):
            return site_name[: -len(suffix)]
    return site_name
